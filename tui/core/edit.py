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


def _lines(findings: list[Finding], where: Callable[[KeyPath], KeyPath]) -> list[str]:
    lines: list[str] = []
    for finding in findings:
        message = finding.message
        if finding.first is not None:
            # "first at line N" has no line to give before the file is written: a path then.
            message = message.replace(f"line {FIRST_LINE}", format_path(where(finding.first)))
        lines.append(f"{format_path(where(finding.path))}: {message.replace(FIRST_LINE, '?')}")
    return lines


def problems(report: Report) -> list[str]:
    """What `check` would say about `report`, as `key.path: message` lines; empty when valid."""
    return _lines(validate(report_to_dict(report)), lambda path: path)


def figure_problems(report: Report, figure_id: str) -> list[str]:
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

    return _lines(validate(report_to_dict(part)), where)


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
) -> Report:
    """`report` with a new itemised gift of `donor`, its amount a new figure in yuan under
    the donor's measure number `measure`. Ids are made from the donor's: `DONOR-gift`,
    `gift-DONOR` (with `-2`, `-3`, … when taken). The lower bound is what the raw form says
    (`余`, `多`, `以上`, …); a raw form that says nothing leaves it false, and the check says
    why.
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
        id=unique_id(f"gift-{donor}", taken_gifts), donor=donor, form=form, figure=figure.id
    )
    return report.with_gift(donation, figure, measure)


def figure_path(report: Report, figure_id: str) -> str:
    """The key path of a figure in the file, as problem lines name it:
    `units[0].measures[1].figures[2]`. Raises KeyError for an unknown id."""
    groups: tuple[tuple[str, tuple[Unit | Township, ...]], ...] = (
        ("units", report.units),
        ("townships", report.townships),
    )
    for group, subjects in groups:
        for i, subject in enumerate(subjects):
            for j, measure in enumerate(subject.measures):
                for k, figure in enumerate(measure.figures):
                    if figure.id == figure_id:
                        return f"{group}[{i}].measures[{j}].figures[{k}]"
    raise KeyError(figure_id)
