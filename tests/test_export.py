"""Exports: toml round trip, json totals, csv provenance, md completeness and safety, the CLI.

Each format is checked on the small snapshot of `sample_reports.py`, on a snapshot full of
hostile text, and on the bundled report.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.known import title
from tests.sample_reports import HOSTILE, SMALL
from tui.cli import main
from tui.core.export import CSV_COLUMNS, csv_cell, export_text
from tui.core.format import format_figure, format_yuan
from tui.core.loader import build_report, loads_report
from tui.core.model import Report, Township, Unit
from tui.core.safe import md_text, visible, visible_line
from tui.core.serialize import report_to_dict

# What a terminal acts on: C0 controls (tab and newline aside), DEL, C1, bidi, line separators.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.fixture(scope="module")
def small() -> Report:
    return loads_report(SMALL, "small.toml")


@pytest.fixture(scope="module")
def hostile() -> Report:
    return loads_report(HOSTILE, "hostile.toml")


@pytest.fixture(params=["small", "hostile", "bundled"])
def any_report(request: pytest.FixtureRequest) -> Report:
    name = "report" if request.param == "bundled" else request.param
    result: Report = request.getfixturevalue(name)
    return result


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_an_unknown_format_is_a_value_error(small: Report) -> None:
    with pytest.raises(ValueError, match="xml"):
        export_text(small, "xml")


# --- toml --------------------------------------------------------------------------------------


def test_toml_loads_back_equal(any_report: Report) -> None:
    text = export_text(any_report, "toml")
    assert loads_report(text, "export.toml") == any_report
    # An independent parser reads the same data that was written.
    assert tomllib.loads(text) == report_to_dict(any_report)


def test_toml_keeps_hostile_text_exact_but_escaped(hostile: Report) -> None:
    text = export_text(hostile, "toml")
    assert not TERMINAL_UNSAFE.search(text)
    again = loads_report(text)
    assert title(again).zh == title(hostile).zh
    assert "\x1b[2J" in title(again).zh
    assert "\u202e" in again.figure("f1").excerpt
    assert "\x9b" in again.figure("f1").excerpt
    assert "🚑" in again.units[0].name.zh


# --- json --------------------------------------------------------------------------------------


def _json(report: Report) -> dict[str, Any]:
    text = export_text(report, "json")
    assert text.endswith("}\n")
    data: dict[str, Any] = json.loads(text)
    return data


def test_json_totals_equal_the_model_totals(any_report: Report) -> None:
    data = _json(any_report)
    totals = any_report.donation_totals()
    donations = data["totals"]["donations"]
    for kind, expected in (("itemised", totals.itemised), ("received", totals.received)):
        assert donations[kind] == {
            form: {"value": a.value, "lower_bound": a.lower_bound, "count": a.count}
            for form, a in expected.items()
        }
    assert data["counts"] == any_report.counts()


def test_json_small_totals_by_value(small: Report) -> None:
    donations = _json(small)["totals"]["donations"]
    assert donations["itemised"]["goods"] == {"value": 124000, "lower_bound": True, "count": 2}
    assert donations["received"]["cash"] == {"value": 1666000, "lower_bound": True, "count": 1}
    assert donations["received"]["mixed"] == {"value": 0, "lower_bound": False, "count": 0}


def test_json_has_no_grand_total(small: Report) -> None:
    data = _json(small)
    assert set(data["totals"]) == {"donations"}
    assert set(data["totals"]["donations"]) == {"itemised", "received", "note"}
    everything = sum(a.value for a in small.donation_totals().itemised.values()) + sum(
        a.value for a in small.donation_totals().received.values()
    )
    assert f'"value": {everything}' not in export_text(small, "json")


def test_json_is_the_whole_model(any_report: Report) -> None:
    data = _json(any_report)
    assert data["report"]["date"] == any_report.info.date_text
    model = {k: v for k, v in data.items() if k not in ("totals", "counts")}
    assert build_report(model) == any_report


def test_json_keeps_text_readable_and_terminal_safe(small: Report, hostile: Report) -> None:
    assert "同仁县" in export_text(small, "json")  # not \\u540c...
    text = export_text(hostile, "json")
    assert not TERMINAL_UNSAFE.search(text)
    assert json.loads(text)["units"][0]["name"]["zh"] == hostile.units[0].name.zh


# --- csv ---------------------------------------------------------------------------------------


def _rows(report: Report) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(export_text(report, "csv"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_csv_has_one_row_per_figure_with_its_provenance(any_report: Report) -> None:
    header, rows = _rows(any_report)
    assert header == list(CSV_COLUMNS)
    figures = list(any_report.iter_figures())
    assert [r["figure_id"] for r in rows] == [csv_cell(f.id) for f in figures]
    subjects: tuple[Unit | Township, ...] = (*any_report.units, *any_report.townships)
    sections = {f.id: m.section for s in subjects for m in s.measures for f in m.figures}
    for row, f in zip(rows, figures, strict=True):
        owner = any_report.owner_of_figure[f.id]
        kind = "unit" if owner in any_report.units else "township"
        assert row["owner_kind"] == kind
        assert row["owner_id"] == csv_cell(owner.id)
        assert row["owner_name_zh"] == csv_cell(owner.name.zh)
        assert row["owner_name_en"] == csv_cell(owner.name.en)
        assert row["section_id"] == csv_cell(sections[f.id])
        assert float(row["value"]) == f.value
        assert row["lower_bound"] == ("true" if f.lower_bound else "false")
        assert row["raw"] == csv_cell(f.raw)
        assert row["excerpt"] == csv_cell(f.excerpt)
        assert row["label_zh"] == csv_cell(f.label.zh)
        assert row["category"] == f.category


def test_csv_names_the_donation_or_receipt_of_an_amount(small: Report) -> None:
    _, rows = _rows(small)
    by_id = {r["figure_id"]: r for r in rows}
    amount = [(by_id[i]["amount_of"], by_id[i]["amount_id"], by_id[i]["form"]) for i in by_id]
    assert dict(zip(by_id, amount, strict=True)) == {
        "health-workers": ("", "", ""),
        "refuse-trips": ("", "", ""),
        "refuse-tonnes": ("", "", ""),
        "congress-gift": ("donation", "gift-congress", "mixed"),
        "cooperatives": ("", "", ""),
        "cooperatives-gift": ("donation", "gift-cooperatives", "goods"),
        "red-cross-cash": ("receipt", "red-cross-cash", "cash"),
        "red-cross-goods": ("receipt", "red-cross-goods", "goods"),
        "longwu-gift": ("donation", "gift-longwu", "cash"),
        "guashize-businesses": ("", "", ""),
        "guashize-gift": ("donation", "gift-guashize", "goods"),
    }
    assert by_id["congress-gift"]["excerpt"] == "向疫情防控一线工作人员捐款捐物12.3万余元"
    assert by_id["refuse-tonnes"]["value"] == "6000"


def test_csv_guards_against_formulas_and_controls(hostile: Report) -> None:
    text = export_text(hostile, "csv")
    assert not TERMINAL_UNSAFE.search(text)
    _, rows = _rows(hostile)
    f1 = rows[0]
    assert f1["label_zh"] == "'=1+1"
    assert f1["label_en"] == "'-2+3"
    assert f1["owner_name_en"] == "'@SUM(A1:A9)"
    assert f1["value"] == "50000"  # a number is never quoted
    assert f1["excerpt"] == visible(hostile.figure("f1").excerpt)
    assert "\\x1b]8;;" in f1["excerpt"]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-5", "'-5"),
        ("@A1", "'@A1"),
        ("\t=cmd", "'\t=cmd"),
        ("＝1", "'＝1"),
        ("1-2", "1-2"),
        ("县城管局", "县城管局"),
        ("a\x1bb", "a\\x1bb"),
    ],
)
def test_csv_cell(text: str, cell: str) -> None:
    assert csv_cell(text) == cell


# --- md ----------------------------------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _quotes(md: str) -> list[str]:
    """The rendered text of every blockquote paragraph: the excerpts."""
    tokens = MARKDOWN.parse(md)
    quotes: list[str] = []
    depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "inline" and depth:
            quotes.append("".join(c.content for c in token.children or ()))
    return quotes


def test_md_has_every_figure_with_its_excerpt_and_value(any_report: Report) -> None:
    md = export_text(any_report, "md")
    for f in any_report.iter_figures():
        assert f"> {md_text(f.excerpt)}" in md, f.id
        assert md_text(format_figure(f)) in md, f.id
        assert md_text(f.raw) in md, f.id
    # Rendered, the quotes are exactly the excerpts, one per figure.
    expected = Counter(visible_line(f.excerpt).strip() for f in any_report.iter_figures())
    assert Counter(_quotes(md)) == expected


def test_md_of_plain_text_keeps_excerpts_verbatim(small: Report) -> None:
    md = export_text(small, "md")
    for f in small.iter_figures():
        assert f.excerpt in md


def test_md_bundled_excerpts_verbatim(report: Report) -> None:
    md = export_text(report, "md")
    missing = [f.id for f in report.iter_figures() if f.excerpt not in md]
    assert missing == []


def test_md_reads_as_a_bilingual_report(small: Report) -> None:
    md = export_text(small, "md")
    assert md.startswith("# 上下联动 全民参与筑牢疫情防控坚实屏障\n")
    for text in (
        "Top and bottom acting together",
        "黄南州新型冠状病毒肺炎疫情处置工作指挥部办公室",
        "2020-02-26",
        "同仁县, 黄南藏族自治州, 青海省",
        "Tongren County",
        "## 1. 主动扛责显担当,筑牢防控“红色堤坝”",
        "*Shouldering duty*",
        "#### 县城管局 · County Urban Management Bureau",
        "#### 瓜什则乡 · Guashize Township",
        "将全村住户分三类登记造册",  # a measure without figures
        "registered every household in one of three groups",
        "共同行动: 县人大 · County People's Congress; 县政协 · County CPPCC",  # joint members
        "**≥ 1,178 truckloads**",
        "**≥ ¥1,666,000**",
        "**188 people**",
        "**¥19,000**",
    ):
        assert text in md, text
    # A township acting in two sections is listed under both, each with its own measures.
    assert md.count("#### 瓜什则乡 · Guashize Township") == 2


def test_md_donations_keep_forms_and_receipts_apart(small: Report) -> None:
    md = export_text(small, "md")
    gifts, received = md.split("## Donations · 捐赠")[1].split("### Received · 接受捐赠")
    assert "| 隆务镇 · Longwu Town (藏、汉、土、回、撒拉等各族群众" in gifts
    assert "| Cash · 现金 | ≥ ¥428,000 |" in gifts
    assert "| Goods (in kind) · 物资 | 2 | ≥ ¥124,000 |" in gifts
    assert "| Cash and goods · 捐款捐物 | 1 | ≥ ¥123,000 |" in gifts
    assert "1,666,000" not in gifts
    assert "| Cash · 现金 | 1 | ≥ ¥1,666,000 |" in received
    assert "| Goods (in kind) · 物资 | 1 | ≥ ¥250,000 |" in received
    assert "may or may not be part of" in received
    assert "不相加" in received
    # No total across forms, and none across gifts and receipts.
    totals = small.donation_totals()
    gifts_sum = sum(a.value for a in totals.itemised.values())
    received_sum = sum(a.value for a in totals.received.values())
    for mixed in (gifts_sum, received_sum, gifts_sum + received_sum):
        assert format_yuan(mixed).removeprefix("¥") not in md


def test_md_hostile_text_stays_text(hostile: Report) -> None:
    md = export_text(hostile, "md")
    assert not TERMINAL_UNSAFE.search(md)
    tokens = MARKDOWN.parse(md)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or ()}
    for live in ("link_open", "html_inline", "html_block", "code_inline", "code_block", "s_open"):
        assert live not in kinds, live
    # Only our own headings: the title, the section, and the fixed parts.
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 9
    # Rendered, a table cell shows the data as text: a `|` in it splits nothing.
    rows: list[list[str]] = []
    in_cell = False
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("td_open", "th_open", "td_close", "th_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "inline" and in_cell:
            rows[-1].append("".join(c.content for c in token.children or ()))
    gift = next(r for r in rows if r[0].startswith("[bold]"))
    name = hostile.units[0].name
    assert gift == [
        f"{visible_line(name.zh)} · {visible_line(name.en)}",
        "| 一 | 二 | · [red]x[/red]",
        "Cash · 现金",
        "≥ ¥50,000",
        "5万余元",
    ]
    # Nothing in the data starts a block: a list, a quote, a heading.
    assert not re.search(r"^(# not|- not|> not|1\. not)", md, re.MULTILINE)


# --- the command line --------------------------------------------------------------------------


def test_cli_export_json_of_the_bundled_report(
    report: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == report.counts()
    assert data["report"]["title"]["zh"] == title(report).zh


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "toml"])
def test_cli_export_to_a_file(
    fmt: str, small: Report, small_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--report", str(small_file), "--format", fmt, "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8") == export_text(small, fmt)


def test_cli_export_with_the_top_level_report_option(
    small: Report, small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--report", str(small_file), "export", "--format", "csv"]) == 0
    assert capsys.readouterr().out == export_text(small, "csv")


def test_cli_rejects_an_unknown_format(
    small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--report", str(small_file), "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("schema_version = 1\n[report\n", ":2:"),  # TOML syntax
        (SMALL.replace('category = "people"', 'category = "people"\ncolour = "red"', 1), "colour"),
        (SMALL.replace("value = 188", "value = -188"), "value"),
        ("schema_version = 1\n", "report"),  # nothing but a version
    ],
    ids=["syntax", "unknown-key", "negative", "empty-report"],
)
def test_cli_export_of_an_invalid_report_exits_2_with_problem_lines(
    content: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    assert main(["export", "--report", str(path), "--format", "md"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines, "no problem lines"
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: \S+: .+", ln) for ln in lines), lines
    assert expected in captured.err
    assert "Traceback" not in captured.err


def test_cli_export_of_a_missing_report_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.toml"
    assert main(["export", "--report", str(missing), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{missing}:1:1: ")
    assert "Traceback" not in err
