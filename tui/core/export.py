"""Headless exports of a report: Markdown, JSON, CSV and TOML text (`export_text`).

Plain Python: no Textual, no Rich, so `response-dashboard export` and scripts use it without
starting an app. Every export keeps itemised gifts and receipts apart and never adds them into
one grand total (the gifts may or may not be part of what the Red Cross received).

The report is user-edited text, so nothing in it may reach a terminal or a document raw:
- md and csv pass every data string through `tui.core.safe.visible` (control and invisible
  characters become visible escapes); md also escapes Markdown syntax (`tui.core.safe.md_text`,
  shared with `diff --format md`), csv guards against formula injection;
- json and toml keep the data exact (they must load back equal) and write the characters
  `visible` would escape as `\\uXXXX` escapes, which both formats read back as the same text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import tomli_w

from .format import format_amount, format_figure, format_number, format_yuan
from .labels import Label, label_of
from .loader import loads_report
from .model import (
    DONATION_FORMS,
    TOWNSHIP_KINDS_V2,
    UNIT_KINDS_V2,
    Amount,
    Donation,
    Figure,
    Measure,
    Report,
    Text,
    Township,
    Unit,
)
from .outputs import EXPORT_FORMATS
from .safe import escape_unsafe, md_text, visible
from .serialize import report_to_dict

FORMATS = EXPORT_FORMATS

NO_DOUBLE_COUNTING_EN = (
    "Receipts are what the recipient reports it received from all of society; the itemised "
    "gifts may or may not be part of that sum, and the source does not say, so gifts and "
    "receipts are never added into one total."
)
NO_DOUBLE_COUNTING_ZH = (
    "接受捐赠数是受赠方所报从社会各界接受的总数;逐项捐赠可能已包含在内,也可能没有,"
    "原文未说明,因此二者不相加。"
)


def export_text(report: Report, fmt: str) -> str:
    """`report` written as `fmt` (md, json, csv or toml); `ValueError` for any other format."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return writer(report)


# --- json and toml: the data exact, the terminal safe -----------------------------------------


def amount_dict(amount: Amount) -> dict[str, Any]:
    return {"value": amount.value, "lower_bound": amount.lower_bound, "count": amount.count}


def totals_dict(report: Report) -> dict[str, Any]:
    """Donation totals per form, itemised gifts and receipts apart, as plain data."""
    totals = report.donation_totals()
    return {
        "itemised": {form: amount_dict(a) for form, a in totals.itemised.items()},
        "received": {form: amount_dict(a) for form, a in totals.received.items()},
        "note": NO_DOUBLE_COUNTING_EN,
        # Gifts in kind with no money value are in no sum (schema_version 2 only has them).
        **({"without_value": totals.without_value} if report.schema_version >= 2 else {}),
    }


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(report: Report) -> str:
    """The whole model, its donation totals and its counts, as indented JSON."""
    data = report_to_dict(report)
    data["totals"] = {"donations": totals_dict(report)}
    data["counts"] = report.counts()
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False, default=_json_default)
    return escape_unsafe(text) + "\n"


def to_toml(report: Report) -> str:
    """The snapshot written back with tomli-w, checked to load back equal to `report`."""
    text = escape_unsafe(tomli_w.dumps(report_to_dict(report)), "toml")
    # tomli-w does not promise valid TOML (its README says so): re-read before handing the
    # text out.
    if loads_report(text, "<toml export>") != report:
        raise ValueError("the TOML export does not load back equal to the report")
    return text


# --- csv: one row per figure with its provenance ------------------------------------------------

CSV_COLUMNS = (
    "figure_id",
    "owner_kind",
    "owner_id",
    "owner_name_zh",
    "owner_name_en",
    "section_id",
    "label_zh",
    "label_en",
    "value",
    "unit",
    "raw",
    "lower_bound",
    "excerpt",
    "category",
    "amount_of",
    "amount_id",
    "form",
)

# A spreadsheet runs a cell that starts with one of these as a formula (fullwidth forms too,
# which some spreadsheets read as their ASCII twins).
_FORMULA_START = tuple("=+-@\t\r＝＋－＠")


def csv_cell(text: str) -> str:
    """A text cell: control characters made visible, a would-be formula quoted with `'`.

    Spreadsheets skip leading white space (spaces, newlines) before they look for a
    formula, so ` =1+1` and `\n@SUM(A1)` are quoted too.
    """
    cell = visible(text)
    return "'" + cell if cell.lstrip().startswith(_FORMULA_START) else cell


def _number_cell(value: int | float) -> str:
    return str(value)


def _amount_index(report: Report) -> dict[str, tuple[str, str, str]]:
    """figure id -> ("donation", "item" or "receipt", its id, its form)."""
    index = {d.figure: ("donation", d.id, d.form) for d in report.donations if d.figure}
    index.update((i, ("item", d.id, d.form)) for d in report.donations for i in d.items)
    index.update((r.figure, ("receipt", r.id, r.form)) for r in report.receipts)
    return index


def _figures_with_owner(report: Report) -> Iterator[tuple[str, Unit | Township, Measure, Figure]]:
    """Every figure with its owner's kind, its owner and its measure, units first."""
    subjects: list[tuple[str, Unit | Township]] = [("unit", u) for u in report.units]
    subjects += [("township", t) for t in report.townships]
    for kind, subject in subjects:
        for measure in subject.measures:
            for figure in measure.figures:
                yield kind, subject, measure, figure


def to_csv(report: Report) -> str:
    """One row per figure: the figure, who gave it, where the report tells it, and the excerpt."""
    amounts = _amount_index(report)
    out = io.StringIO()
    # "\n", not "\r\n": the text may go to stdout, which on some systems adds its own "\r".
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for kind, owner, measure, f in _figures_with_owner(report):
        amount_of, amount_id, form = amounts.get(f.id, ("", "", ""))
        text_cells = (f.id, kind, owner.id, owner.name.zh, owner.name.en, measure.section)
        writer.writerow(
            [
                *(csv_cell(c) for c in text_cells),
                csv_cell(f.label.zh),
                csv_cell(f.label.en),
                _number_cell(f.value),
                csv_cell(f.unit),
                csv_cell(f.raw),
                "true" if f.lower_bound else "false",
                csv_cell(f.excerpt),
                csv_cell(f.category),
                amount_of,
                csv_cell(amount_id),
                csv_cell(form),
            ]
        )
    return out.getvalue()


# --- md: a bilingual report a reporter can paste ------------------------------------------------


def _both(text: Text) -> str:
    """Chinese original, then the English rendering."""
    return f"{md_text(text.zh)} · {md_text(text.en)}"


def _kind(kinds: dict[str, Label], kind: str) -> str:
    en, zh = label_of(kinds, kind)
    return f"{md_text(en)} · {md_text(zh)}"


def _md_figure(f: Figure) -> list[str]:
    bound = "; lower bound · 下限" if f.lower_bound else ""
    return [
        f"  - **{md_text(format_figure(f))}** — {_both(f.label)} "
        f"(as written · 原文: {md_text(f.raw)}{bound}; id: {md_text(f.id)})",
        "",
        f"    > {md_text(f.excerpt)}",
        "",
    ]


def _md_subject(subject: Unit | Township, section_id: str) -> list[str]:
    kinds = UNIT_KINDS_V2 if isinstance(subject, Unit) else TOWNSHIP_KINDS_V2
    lines = [f"#### {_both(subject.name)}", "", f"*{_kind(kinds, subject.kind)}*", ""]
    if isinstance(subject, Unit) and subject.members:
        members = "; ".join(_both(m) for m in subject.members)
        # A joint action names the units acting together; a group names who is in it.
        title = "Acting together · 共同行动" if subject.kind == "joint" else "Members · 成员"
        lines += [f"{title}: {members}", ""]
    for measure in subject.measures:
        if measure.section != section_id:
            continue
        lines += [f"- {md_text(measure.text.zh)}", "", f"  *{md_text(measure.text.en)}*", ""]
        for f in measure.figures:
            lines += _md_figure(f)
    return lines


def _section_ids(report: Report) -> list[str]:
    """The sections in report order, then any section a measure names that is not listed."""
    ids = [s.id for s in report.sections]
    subjects: tuple[Unit | Township, ...] = (*report.units, *report.townships)
    for subject in subjects:
        ids += [m.section for m in subject.measures if m.section not in ids]
    return ids


def _md_sections(report: Report) -> list[str]:
    lines: list[str] = []
    for number, section_id in enumerate(_section_ids(report), start=1):
        section = report.sections_by_id.get(section_id)
        if section is None:
            lines += [f"## {number}. {md_text(section_id)}", ""]
        else:
            heading = section.heading
            lines += [f"## {number}. {md_text(heading.zh)}", "", f"*{md_text(heading.en)}*", ""]
        for title, subjects in (
            ("Units · 单位", report.units),
            ("Townships and towns · 乡镇", report.townships),
        ):
            acting = [s for s in subjects if section_id in s.sections]
            if not acting:
                continue
            lines += [f"### {title}", ""]
            for subject in acting:
                lines += _md_subject(subject, section_id)
    return lines


def _subject_name(report: Report, subject_id: str) -> str:
    subject = report.subjects_by_id.get(subject_id)
    return md_text(subject_id) if subject is None else _both(subject.name)


def _opt(text: Text | None) -> str:
    return "not stated · 未说明" if text is None else _both(text)


def _recipient(report: Report, recipient: Text | str | None) -> str:
    """A gift's recipient: a text, or (schema_version 2) the id of a unit or township."""
    return _subject_name(report, recipient) if isinstance(recipient, str) else _opt(recipient)


def _items(report: Report, donation: Donation) -> str:
    figures = report.figures_by_id
    return "; ".join(f"{_both(figures[i].label)} {md_text(figures[i].raw)}" for i in donation.items)


def _form(form: str) -> str:
    return _kind(DONATION_FORMS, form)


def _md_totals(totals: dict[str, Amount], what: str) -> list[str]:
    lines = [f"| Form · 形式 | {what} | Total · 合计 |", "| --- | ---: | ---: |"]
    for form, amount in totals.items():
        if amount.count:
            lines.append(f"| {_form(form)} | {amount.count} | {md_text(format_amount(amount))} |")
    if len(lines) == 2:
        lines.append("| none · 无 | 0 | ¥0 |")
    return [*lines, ""]


def _md_donations(report: Report) -> list[str]:
    totals = report.donation_totals()
    lines = ["## Donations · 捐赠", "", "### Itemised gifts · 逐项捐赠", ""]
    lines += [
        "| Donor · 捐赠方 | Recipient · 受赠方 | Form · 形式 | Amount · 金额 | As written · 原文 |",
        "| --- | --- | --- | ---: | --- |",
    ]
    if not report.donations:
        lines.append("| none · 无 | | | | |")
    for d in report.donations:
        donor = _subject_name(report, d.donor)
        if d.donor_detail is not None:
            donor += f" ({_both(d.donor_detail)})"
        if d.figure is None:
            amount, raw = "no value given · 未列金额", ""
        else:
            f = report.figure(d.figure)
            amount, raw = md_text(format_yuan(f.value, f.lower_bound)), md_text(f.raw)
        if d.items:
            raw = f"{raw}; {_items(report, d)}" if raw else _items(report, d)
        recipient = _recipient(report, d.recipient)
        lines.append(f"| {donor} | {recipient} | {_form(d.form)} | {amount} | {raw} |")
    lines += ["", "Totals per form · 按形式合计:", ""]
    lines += _md_totals(totals.itemised, "Gifts · 笔数")
    if totals.without_value:
        n = totals.without_value
        lines += [f"Gifts in kind with no value given, in no total · 未列金额的实物捐赠: {n}", ""]
    if not report.receipts and report.schema_version >= 2:
        # Nothing received, so nothing could be counted twice: no receipts, no note.
        return lines
    lines += ["### Received · 接受捐赠", ""]
    lines += [
        "| Recipient · 受赠方 | From · 来源 | Form · 形式 | Amount · 金额 | As written · 原文 |",
        "| --- | --- | --- | ---: | --- |",
    ]
    if not report.receipts:
        lines.append("| none · 无 | | | | |")
    for r in report.receipts:
        f = report.figure(r.figure)
        amount = md_text(format_yuan(f.value, f.lower_bound))
        lines.append(
            f"| {_subject_name(report, r.recipient)} | {_opt(r.source)} | {_form(r.form)} "
            f"| {amount} | {md_text(f.raw)} |"
        )
    lines += ["", "Totals per form · 按形式合计:", ""]
    lines += _md_totals(totals.received, "Receipts · 笔数")
    lines += [
        f"**Not added together.** {NO_DOUBLE_COUNTING_EN}",
        "",
        f"**不相加。** {NO_DOUBLE_COUNTING_ZH}",
        "",
    ]
    return lines


def to_md(report: Report) -> str:
    """A readable bilingual report: identity, sections with who did what, donations."""
    info = report.info
    places = info.places
    counts = report.counts()
    contents = ", ".join(f"{format_number(n)} {name}" for name, n in counts.items())
    region_zh = ", ".join(md_text(p.name.zh) for p in places)
    region_en = ", ".join(md_text(p.name.en) for p in places)
    title = info.title or Text(zh=info.id, en=info.id)  # untitled (schema_version 2): its id
    lines = [
        f"# {md_text(title.zh)}",
        "",
        f"**{md_text(title.en)}**",
        "",
        f"- Office · 发布机构: {_opt(info.office)}",
        f"- Date · 日期: {info.date_text or 'not stated · 未说明'}",
        f"- Region · 地区: {region_zh} · {region_en}",
        f"- Contents · 内容: {contents}",
        "",
        "Every figure is followed by the verbatim excerpt of the source it comes from. Values are "
        "in base units (万 = 10,000); ≥ marks a lower bound (余, “more than”), and a total that "
        "includes one is a lower bound too.",
        "",
        "每个数字后均附其出处的原文摘录。数值以基本单位表示(万 = 10,000);≥ 表示下限(“余”),"
        "含有下限的合计也是下限。",
        "",
    ]
    lines += _md_sections(report)
    lines += _md_donations(report)
    return "\n".join(lines).rstrip("\n") + "\n"


_WRITERS: dict[str, Callable[[Report], str]] = {
    "md": to_md,
    "json": to_json,
    "csv": to_csv,
    "toml": to_toml,
}
