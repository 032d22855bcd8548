"""Edits made in the dashboard, checked with the rules of `check` before they are applied.

A figure edited in a form, or a gift added, becomes a new `Report` (`Report.with_figure`,
`Report.with_gift`); `problems` runs the validator of `check` on it and says, one line each,
what is wrong (`units[0].measures[0].figures[1].value: does not match raw form …`). The
lines name key paths, not file lines: the edit is not written anywhere yet.

Plain Python: no Textual or Rich, so a script or test can check an edit the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Container
from dataclasses import replace

from .model import Donation, Figure, Number, Report, Text, Township, Unit
from .rawform import Reading, describe_reading, read_raw
from .serialize import report_to_dict
from .validate import FIRST_LINE, Finding, KeyPath, format_path, show, validate

# Thousands separators a person may type: `123,000`, `123 000`, `123_000`.
_SEPARATORS = re.compile(r"(?<=\d)[,_ ](?=\d)")
_INTEGER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+\.\d+|\d+\.|\.\d+")


def parse_number(text: str) -> Number | None:
    """The number typed in `text` (`123000`, `123,000`, `0.5`), or None when it is none.

    Only plain decimal notation: no sign, exponent, `inf` or `nan`, since a figure's value
    is a finite number >= 0 written as a person reads it.
    """
    plain = _SEPARATORS.sub("", text.strip())
    if _INTEGER.fullmatch(plain):
        return int(plain)
    if _DECIMAL.fullmatch(plain):
        value = float(plain)
        return value if math.isfinite(value) else None
    return None


def proposal(raw: str) -> tuple[Reading | None, str]:
    """What a form may fill in from a raw form as it is typed: the reading when the
    snapshot can state it (exactly, or as a lower bound), else None and why not, in words
    (`raw form '2x3万元': cannot read the number after '2'; no value proposed`)."""
    said = read_raw(raw)
    if not isinstance(said, Reading):
        reason = "does not start with a number" if not said.started else said.reason
        return None, f"raw form {show(raw)}: {reason}; no value proposed"
    if not said.stateable:
        return None, (
            f"raw form {show(raw)} says {describe_reading(said)}, which a figure cannot "
            "state (only exact figures and lower bounds); no value proposed"
        )
    return said, ""


def finding_line(finding: Finding) -> str:
    """A finding as a problem line, `key.path: message`, naming places by key path."""
    message = finding.message
    if finding.first is not None:
        # "first at line N" has no line to give before the file is written: a path then.
        message = message.replace(f"line {FIRST_LINE}", format_path(finding.first))
    return f"{format_path(finding.path)}: {message.replace(FIRST_LINE, '?')}"


def _placed(findings: list[Finding], where: Callable[[KeyPath], KeyPath]) -> list[Finding]:
    return [
        replace(
            f,
            path=where(f.path),
            first=None if f.first is None else where(f.first),
        )
        for f in findings
    ]


def problems(report: Report) -> list[str]:
    """What `check` would say about `report`, as `key.path: message` lines; empty when valid."""
    return [finding_line(f) for f in validate(report_to_dict(report))]


def figure_problems(report: Report, figure_id: str) -> list[str]:
    """`figure_findings` as problem lines, `key.path: message` each."""
    return [finding_line(f) for f in figure_findings(report, figure_id)]


def figure_findings(report: Report, figure_id: str) -> list[Finding]:
    """What `check` says about figure `figure_id` of `report` and the gifts that use it.

    For an edit of a valid report: only the records around the figure are checked (its
    owner, the gifts or receipts whose amount it is, and their donors or recipients), with
    the rules of `check`, and the lines name their paths in the whole report. The rest was
    valid and is unchanged, so this says what `problems(report)` says, at a cost that does
    not grow with the report (a report of 100,000 records takes seconds to check whole).
    Raises KeyError for an unknown figure.
    """
    owner = next(
        (s for s in report.subjects for m in s.measures for f in m.figures if f.id == figure_id),
        None,
    )
    if owner is None:
        raise KeyError(figure_id)
    gifts = [(i, d) for i, d in enumerate(report.donations) if d.figure == figure_id]
    receipts = [(i, r) for i, r in enumerate(report.receipts) if r.figure == figure_id]
    wanted = {owner.id} | {d.donor for _, d in gifts} | {r.recipient for _, r in receipts}
    units = [(i, u) for i, u in enumerate(report.units) if u.id in wanted]
    townships = [(i, t) for i, t in enumerate(report.townships) if t.id in wanted]
    part = replace(
        report,
        units=tuple(u for _, u in units),
        townships=tuple(t for _, t in townships),
        donations=tuple(d for _, d in gifts),
        receipts=tuple(r for _, r in receipts),
    )
    # Index k of a list in the part is index places[list][k] in the whole report.
    places: dict[str, list[int]] = {
        "units": [i for i, _ in units],
        "townships": [i for i, _ in townships],
        "donations": [i for i, _ in gifts],
        "receipts": [i for i, _ in receipts],
    }

    def where(path: KeyPath) -> KeyPath:
        if len(path) >= 2 and path[0] in places and isinstance(path[1], int):
            return (path[0], places[str(path[0])][path[1]], *path[2:])
        return path

    return _placed(validate(report_to_dict(part)), where)


def value_not_a_number(path: KeyPath, typed: str, example: str) -> Finding:
    """What a form says of a value field that holds no number (`parse_number` gave None):
    `path` is the figure's key path, `example` a number such a figure could be."""
    got = show(typed) if typed else "nothing"
    return Finding(
        (*path, "value"),
        f"not a number (expected e.g. {example} or 0.5, got {got})",
        rule="value_not_a_number",
        facts=(("typed", typed), ("example", example)),
    )


def no_value_proposed(path: KeyPath, raw: str) -> Finding | None:
    """Why raw form `raw` proposes no value (`proposal`), as a finding on the raw form of
    the figure at key path `path` that a form says as a sentence, its message the note of
    `proposal`; None when it proposes one. The check says what is wrong with the raw form
    or the value; this says why the value field was left as it was, for a form whose value
    field holds no number (the check's word on the value is then not about what was typed)."""
    reading, note = proposal(raw)
    if reading is not None:
        return None
    said = read_raw(raw)
    facts: tuple[tuple[str, str], ...]
    if isinstance(said, Reading):
        rule = "unproposed_unstateable"
        facts = (("raw", raw), ("says", describe_reading(said)), ("words", said.words))
    else:
        rule = "unproposed_unreadable"
        facts = (("raw", raw), ("reason", said.reason))
    return Finding((*path, "raw"), note, rule=rule, facts=facts)


def excerpt_meets(excerpt: str, text: str, raw: str) -> bool:
    """Whether the excerpt is found in the measure's text `text`: the two agree, verbatim,
    on a run that holds the raw form and reaches, on each side, the end of one of them.

    So the excerpt may lie in the text, hold all of it, begin before it (a measure's text
    often leaves out the sentence's subject, `县红十字会`, that the excerpt keeps) or run on
    past it; but `188名医务工作者S-Ta` under `188名医务工作者投身防控一线` parts from the
    text before its own end. Verbatim, as `check` compares a raw form with its excerpt and
    the tests an excerpt with the article: white space counts.
    """
    if excerpt in text or text in excerpt:
        return True
    if not raw:
        return False
    n = len(raw)
    start = excerpt.find(raw)
    while start >= 0:
        at = text.find(raw)
        while at >= 0:
            left = 0
            while left < min(start, at) and excerpt[start - 1 - left] == text[at - 1 - left]:
                left += 1
            right = 0
            room = min(len(excerpt) - start - n, len(text) - at - n)
            while right < room and excerpt[start + n + right] == text[at + n + right]:
                right += 1
            if left == min(start, at) and right == room:
                return True
            at = text.find(raw, at + 1)
        start = excerpt.find(raw, start + 1)
    return False


def figure_warnings(report: Report, figure_id: str) -> list[Finding]:
    """What looks wrong about figure `figure_id` without breaking a rule of `check`: its
    excerpt not found in the Chinese text of the measure it belongs to (`excerpt_meets`).

    A warning, not a problem: `check` asks only that the raw form occur in the excerpt,
    and snapshots that pass it must keep passing; a form shows it and still applies.
    Raises KeyError for an unknown figure.
    """
    path = figure_key_path(report, figure_id)
    figure = report.figure(figure_id)
    owner = report.owner_of_figure[figure_id]
    measure = next(m for m in owner.measures if any(f.id == figure_id for f in m.figures))
    if not figure.excerpt.strip() or excerpt_meets(figure.excerpt, measure.text.zh, figure.raw):
        return []
    return [
        Finding(
            (*path, "excerpt"),
            "excerpt not found in the Chinese text of its measure "
            f"(expected a part of {show(measure.text.zh)}, got {show(figure.excerpt)})",
            rule="excerpt_not_in_measure",
        )
    ]


def unique_id(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`, … : the first that is not `taken`."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add_gift(
    report: Report,
    *,
    donor: str,
    measure: int,
    form: str,
    label: Text,
    value: Number,
    raw: str,
    excerpt: str,
    recipient: Text | str | None = None,
) -> Report:
    """`report` with a new itemised gift of `donor`, its amount a new figure in yuan under
    the donor's measure number `measure`. Ids are made from the donor's: `DONOR-gift`,
    `gift-DONOR` (with `-2`, `-3`, … when taken). The lower bound is what the raw form says
    (`余`, `多`, `以上`, …); a raw form that says nothing leaves it false, and the check says
    why. `recipient` is to whom, when the source says (None: it does not): a text, or in
    schema_version 2 the id of a unit or township.
    """
    said = read_raw(raw)
    taken_gifts = {d.id for d in report.donations} | {r.id for r in report.receipts}
    figure = Figure(
        id=unique_id(f"{donor}-gift", report.figures_by_id),
        label=label,
        value=value,
        unit="yuan",
        raw=raw,
        lower_bound=said.lower_bound if isinstance(said, Reading) else False,
        excerpt=excerpt,
        category="donations",
    )
    donation = Donation(
        id=unique_id(f"gift-{donor}", taken_gifts),
        donor=donor,
        form=form,
        figure=figure.id,
        recipient=recipient,
    )
    return report.with_gift(donation, figure, measure)


def figure_path(report: Report, figure_id: str) -> str:
    """The key path of a figure in the file, as problem lines name it:
    `units[0].measures[1].figures[2]`. Raises KeyError for an unknown id."""
    return format_path(figure_key_path(report, figure_id))


def figure_key_path(report: Report, figure_id: str) -> KeyPath:
    """The key path of a figure: `("units", 0, "measures", 1, "figures", 2)`. Raises
    KeyError for an unknown id."""
    groups: tuple[tuple[str, tuple[Unit | Township, ...]], ...] = (
        ("units", report.units),
        ("townships", report.townships),
    )
    for group, subjects in groups:
        for i, subject in enumerate(subjects):
            for j, measure in enumerate(subject.measures):
                for k, figure in enumerate(measure.figures):
                    if figure.id == figure_id:
                        return (group, i, "measures", j, "figures", k)
    raise KeyError(figure_id)
