"""Pane 1, the overview: the report's identity, its headline figures by group, and the
donation totals per form (itemised gifts and Red Cross receipts apart).

Every headline figure is a row of a table: `enter` opens it with its raw form and excerpt.
The overview is the first frame, so it draws the header first and adds the rest right after.

What the pane shows of a report (the figures in group order and the totals per form:
`overview_of`) is computed once per report and kept while the report lives. For a
large report the app computes it in its loading thread (about 0.1 s at 100,000 records), so
that the pane on the event loop only hands it to its widgets.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widgets import Static

from ..core.format import format_figure
from ..core.labels import label_of
from ..core.model import CATEGORIES_V2, DonationTotals, Figure, Lang, Report
from ..ui.messages import ShowFigure
from .deltas import delta_column
from .form_bars import FormBars, donation_bars, show_donation_totals
from .pane import Pane
from .report_header import ReportHeader
from .table import Column, ReportTable
from .text import data_text, ui, ui_label

if TYPE_CHECKING:
    from ..core.comparison import Comparison

_CATEGORY_ORDER = {key: n for n, key in enumerate(CATEGORIES_V2)}


def _category(figure: Figure, lang: Lang) -> str:
    return label_of(CATEGORIES_V2, figure.category).pick(lang)


FIGURE_COLUMNS: tuple[Column[Figure], ...] = (
    Column(
        "group",
        ui_label("group"),
        _category,
        sort_key=lambda f, lang: _CATEGORY_ORDER.get(f.category, len(_CATEGORY_ORDER)),
        group=True,
        max_width=18,
    ),
    Column(
        "figure",
        ui_label("figure"),
        lambda f, lang: f.label.get(lang),
        flex=True,
        max_width=48,
        min_width=16,
    ),
    Column(
        "value",
        ui_label("value"),
        format_figure,
        sort_key=lambda f, lang: f.value,
        descending=True,
        align="right",
        max_width=20,
        min_width=20,  # a figure is never cut
    ),
    Column("raw", ui_label("raw"), lambda f, lang: f.raw, max_width=14, min_width=10),
)


def figure_columns(comparison: Comparison | None) -> tuple[Column[Figure], ...]:
    """The columns of the headline figures; with a comparison, each figure's change too."""
    if comparison is None:
        return FIGURE_COLUMNS
    return (*FIGURE_COLUMNS[:3], delta_column(comparison, lambda f: f), *FIGURE_COLUMNS[3:])


def headline_figures(figures: list[Figure]) -> list[Figure]:
    """Figures grouped in the order of `CATEGORIES_V2`, in report order within a group."""
    return sorted(figures, key=lambda f: _CATEGORY_ORDER.get(f.category, len(_CATEGORY_ORDER)))


@dataclass(frozen=True, slots=True)
class Overview:
    """What the overview shows of one report, computed from it once (`overview_of`)."""

    #: The headline figures, grouped (`headline_figures`).
    figures: tuple[Figure, ...]
    totals: DonationTotals


#: The overview of each report alive, by identity: a report is a large frozen value, and
#: hashing or comparing it would cost as much as computing its overview again.
_OVERVIEWS: dict[int, tuple[weakref.ref[Report], Overview]] = {}


def overview_of(report: Report) -> Overview:
    """The overview of `report`: computed the first time (from any thread), then kept for as
    long as `report` lives."""
    key = id(report)
    known = _OVERVIEWS.get(key)
    if known is not None and known[0]() is report:
        return known[1]
    overview = Overview(
        figures=tuple(headline_figures(list(report.iter_figures()))),
        totals=report.donation_totals(),
    )

    def forget(ref: weakref.ref[Report]) -> None:
        # Only this entry: another report may have been given the same id since.
        if _OVERVIEWS.get(key, (None,))[0] is ref:
            del _OVERVIEWS[key]

    _OVERVIEWS[key] = (weakref.ref(report, forget), overview)
    return overview


class OverviewPane(Pane):
    """Title, office, date and region; headline figures by group; donation totals per form."""

    def compose(self) -> ComposeResult:
        yield ReportHeader(self.report.info, lang=self.lang)
        yield Container(id="overview-body", classes="split")

    def on_mount(self) -> None:
        # The first frame shows the header at once; the figures and totals follow right after.
        self.call_after_refresh(self._fill)

    async def _fill(self) -> None:
        body = self.query_one("#overview-body")
        if not self.is_attached or body.children:
            return
        lang, comparison = self.lang, self.comparison
        overview = overview_of(self.report)
        figures = Vertical(
            Static(data_text(ui("headline", lang)), classes="heading"),
            ReportTable(
                figure_columns(comparison),
                overview.figures,
                lang=lang,
                id="headline-figures",
            ),
            id="overview-figures",
            classes="main-column",
        )
        side = Vertical(
            Container(
                *donation_bars(overview.totals, comparison, lang=lang, prefix="overview-"),
                classes="bars",
            ),
            Static(data_text(ui("not_added", lang)), classes="note", id="overview-note"),
            id="overview-totals",
            classes="side-column",
        )
        await body.mount_all([figures, side])
        if self.display and self.screen.focused is None:
            self.focus_default()

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        self.post_message(ShowFigure(event.item.id))

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        super().update_report(report, comparison)
        for header in self.query(ReportHeader):
            header.info = report.info
            header.refresh(layout=True)
        overview = overview_of(report)
        for table in self.query("#headline-figures").results(ReportTable):
            table.set_items(
                overview.figures, columns=figure_columns(comparison), keep=lambda f: f.id
            )
        show_donation_totals(self, overview.totals, comparison, prefix="overview-")

    def watch_lang(self, lang: Lang) -> None:
        super().watch_lang(lang)
        for widget in self.query(ReportHeader):
            widget.lang = lang
        for bars in self.query(FormBars):
            bars.lang = lang
        for heading in self.query(".heading").results(Static):
            heading.update(data_text(ui("headline", lang)))
        for note in self.query("#overview-note").results(Static):
            note.update(data_text(ui("not_added", lang)))
