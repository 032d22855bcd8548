"""A report compared with an older snapshot: what the dashboard shows beside each figure.

`Comparison.between(old, new)` holds the change of every figure and donation total
(`tui.core.diff.figure_deltas`, `total_deltas`) and the full list of changes (`diff_reports`),
computed once per version of the report; `figure` and `total` give the short form shown
next to a value (`▲ +120`, `▼ −5`, `new`, or nothing when unchanged).

Plain Python: no Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .diff import Change, Delta, diff_reports, figure_deltas, format_delta, total_deltas
from .model import Lang, Report


@dataclass(frozen=True)
class Comparison:
    """How `new` differs from `old`; `name` says what the old snapshot is (a file name)."""

    old: Report
    new: Report
    name: str
    figures: Mapping[str, Delta]
    totals: Mapping[str, Delta]
    changes: tuple[Change, ...]

    @classmethod
    def between(cls, old: Report, new: Report, name: str = "") -> Comparison:
        return cls(
            old=old,
            new=new,
            name=name,
            figures=figure_deltas(old, new),
            totals=total_deltas(old, new),
            changes=tuple(diff_reports(old, new)),
        )

    def figure(self, figure_id: str, lang: Lang = "en") -> str:
        """The change of a figure of `new` since `old`: `▲ +2`, `new`, or "" if unchanged."""
        return format_delta(self.figures.get(figure_id), lang)

    def total(self, group: str, form: str) -> Delta | None:
        """The change of a donation total; `group` is `itemised` or `received`."""
        return self.totals.get(f"{group}.{form}")
