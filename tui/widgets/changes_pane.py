"""Pane 5, present only when comparing with an older snapshot: every change, one a row.

What was added, removed and changed (`tui.core.diff.diff_reports`, the same list `diff` prints):
the kind of change, the path of what changed (records by id), the value before and now, and
the difference of numbers. `enter` opens the record a change is about, while it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from ..core.diff import Change, Scalar, format_delta
from ..core.format import format_number
from ..core.model import Lang, Report, Text
from ..ui.messages import ShowFigure, ShowSubject
from .pane import Pane
from .table import Column, ReportTable
from .text import data_text, ui, ui_label

if TYPE_CHECKING:
    from ..core.comparison import Comparison


DELTA_LABEL = Text(zh="Δ", en="Δ")


def _value(value: Scalar) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return value


def _delta(change: Change, lang: Lang) -> str:
    return format_delta("new" if change.kind == "added" else change.delta, lang)


# The path says what changed: it keeps the most room; the values give way first.
CHANGE_COLUMNS: tuple[Column[Change], ...] = (
    Column("kind", ui_label("change"), lambda c, lang: ui(c.kind, lang), max_width=8),
    Column("what", ui_label("what"), lambda c, lang: c.path, max_width=44, min_width=30),
    # Wide enough for a figure such as `1,700,000` whole; longer text is cut.
    Column("before", ui_label("before"), lambda c, lang: _value(c.old), max_width=30, min_width=10),
    Column(
        "now",
        ui_label("now"),
        lambda c, lang: _value(c.new),
        flex=True,
        max_width=40,
        min_width=10,
    ),
    Column("delta", DELTA_LABEL, _delta, align="right", max_width=16, min_width=12),
)


def record_of(change: Change, report: Report) -> ShowFigure | ShowSubject | None:
    """What to open for a change: its figure, unit or township, or the figure of its gift,
    while that record is in `report` (a removed one is not)."""
    parts = change.path.split(".")
    if len(parts) < 2:
        return None
    group, record = parts[0], parts[1]
    if group == "figures" and record in report.figures_by_id:
        return ShowFigure(record)
    if group in ("units", "townships") and record in report.subjects_by_id:
        return ShowSubject(record)
    gifts = {d.id: d.figure or (d.items[0] if d.items else "") for d in report.donations}
    gifts.update((r.id, r.figure) for r in report.receipts)
    if group in ("donations", "receipts") and record in gifts:
        return ShowFigure(gifts[record])
    return None


class ChangesPane(Pane):
    """A table of every change since the older snapshot."""

    def _heading(self) -> str:
        comparison = self.comparison
        count = len(comparison.changes) if comparison else 0
        name = comparison.name if comparison and comparison.name else None
        return ui("changes_since", self.lang, name=name or ui("older_snapshot", self.lang), n=count)

    def compose(self) -> ComposeResult:
        changes = self.comparison.changes if self.comparison else ()
        yield Static(data_text(self._heading()), classes="heading", id="changes-heading")
        yield ReportTable(
            CHANGE_COLUMNS,
            changes,
            lang=self.lang,
            empty="no_changes",
            title="changes",
            id="changes-table",
        )

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        message = record_of(event.item, self.report)
        if message is not None:
            self.post_message(message)

    def watch_lang(self, lang: Lang) -> None:
        super().watch_lang(lang)
        for heading in self.query("#changes-heading").results(Static):
            heading.update(data_text(self._heading()))

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        super().update_report(report, comparison)
        for heading in self.query("#changes-heading").results(Static):
            heading.update(data_text(self._heading()))
        for table in self.query(ReportTable):
            changes = comparison.changes if comparison else ()
            table.set_items(changes, keep=lambda c: (c.kind, c.path))
