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
from collections.abc import Container

from .model import Donation, Figure, Number, Report, Text
from .rawform import parse_raw
from .serialize import report_to_dict
from .validate import FIRST_LINE, format_path, validate

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


def problems(report: Report) -> list[str]:
    """What `check` would say about `report`, as `key.path: message` lines; empty when valid."""
    lines: list[str] = []
    for finding in validate(report_to_dict(report)):
        message = finding.message
        if finding.first is not None:
            # "first at line N" has no line to give before the file is written: a path then.
            message = message.replace(f"line {FIRST_LINE}", format_path(finding.first))
        lines.append(f"{format_path(finding.path)}: {message.replace(FIRST_LINE, '?')}")
    return lines


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
    (`余`); a raw form that says nothing leaves it false, and the check says why.
    """
    said = parse_raw(raw)
    taken_gifts = {d.id for d in report.donations} | {r.id for r in report.receipts}
    figure = Figure(
        id=unique_id(f"{donor}-gift", report.figures_by_id),
        label=label,
        value=value,
        unit="yuan",
        raw=raw,
        lower_bound=said.lower_bound if said is not None else False,
        excerpt=excerpt,
        category="donations",
    )
    donation = Donation(
        id=unique_id(f"gift-{donor}", taken_gifts), donor=donor, form=form, figure=figure.id
    )
    return report.with_gift(donation, figure, measure)
