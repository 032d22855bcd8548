"""Pane 1, the overview: the report at a glance.

From the top: the report's identity; a row of cards, one per headline figure (the figures
the snapshot marks `headline = true`, in file order), each a large number with its unit,
raw form and owner; the article's structure, one line per section with how many units,
townships and figures it tells; and the donation totals per form, the itemised gifts and the
Red Cross receipts apart, each chart on its own scale. Nothing is summed across forms, units
of measure or the gifts/receipts divide.

The overview is the first frame, so it draws the header first and adds the rest right after.
What the pane shows of a report (`overview_of`) is computed once per report and kept while
the report lives; for a large report the app computes it in its loading thread, so that the
pane on the event loop only hands it to its widgets.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Static

from ..core.model import DonationTotals, Figure, Lang, Report, Section
from .form_bars import FormBars, donation_bars, show_donation_totals
from .headline_card import HeadlineCard
from .pane import Pane
from .report_header import ReportHeader
from .table import Column, ReportTable
from .text import data_text, ui, ui_label

if TYPE_CHECKING:
    from ..core.comparison import Comparison


@dataclass(frozen=True, slots=True)
class SectionLine:
    """One section of the article and how much of the report it tells."""

    section: Section
    units: int
    townships: int
    figures: int


def _count(value: int) -> str:
    return f"{value:,}" if value else "–"


SECTION_COLUMNS: tuple[Column[SectionLine], ...] = (
    Column(
        "section",
        ui_label("section"),
        lambda s, lang: s.section.heading.get(lang),
        flex=True,
        max_width=70,
        min_width=16,
    ),
    Column(
        "units",
        ui_label("units"),
        lambda s, lang: _count(s.units),
        sort_key=lambda s, lang: s.units,
        descending=True,
        align="right",
        max_width=10,
        min_width=5,
    ),
    Column(
        "townships",
        ui_label("townships"),
        lambda s, lang: _count(s.townships),
        sort_key=lambda s, lang: s.townships,
        descending=True,
        align="right",
        max_width=10,
        min_width=5,
    ),
    Column(
        "figures",
        ui_label("figures"),
        lambda s, lang: _count(s.figures),
        sort_key=lambda s, lang: s.figures,
        descending=True,
        align="right",
        max_width=10,
        min_width=5,
    ),
)


def section_lines(report: Report) -> tuple[SectionLine, ...]:
    """Each section with the units and townships that act in it and the figures it gives."""
    units: dict[str, int] = {}
    townships: dict[str, int] = {}
    figures: dict[str, int] = {}
    for group, counts in ((report.units, units), (report.townships, townships)):
        for subject in group:
            for section_id in subject.sections:
                counts[section_id] = counts.get(section_id, 0) + 1
            for measure in subject.measures:
                if measure.figures:
                    figures[measure.section] = figures.get(measure.section, 0) + len(
                        measure.figures
                    )
    return tuple(
        SectionLine(s, units.get(s.id, 0), townships.get(s.id, 0), figures.get(s.id, 0))
        for s in report.sections
    )


@dataclass(frozen=True, slots=True)
class Overview:
    """What the overview shows of one report, computed from it once (`overview_of`)."""

    #: The figures the report marks as headline figures, in file order.
    headlines: tuple[Figure, ...]
    sections: tuple[SectionLine, ...]
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
        headlines=tuple(f for f in report.iter_figures() if f.headline),
        sections=section_lines(report),
        totals=report.donation_totals(),
    )

    def forget(ref: weakref.ref[Report]) -> None:
        # Only this entry: another report may have been given the same id since.
        if _OVERVIEWS.get(key, (None,))[0] is ref:
            del _OVERVIEWS[key]

    _OVERVIEWS[key] = (weakref.ref(report, forget), overview)
    return overview


class OverviewPane(Pane):
    """Identity, headline cards, the sections of the article, and the totals per form."""

    def compose(self) -> ComposeResult:
        yield ReportHeader(self.report.info, lang=self.lang)
        yield Container(id="headline-cards")
        yield Container(id="overview-body", classes="split")

    def on_mount(self) -> None:
        # The first frame shows the header at once; the rest follows right after.
        self.call_after_refresh(self._fill)

    def _cards(self, overview: Overview) -> list[HeadlineCard]:
        return [
            HeadlineCard(self.report, figure, lang=self.lang, classes="panel")
            for figure in overview.headlines
        ]

    async def _fill(self) -> None:
        body = self.query_one("#overview-body")
        if not self.is_attached or body.children:
            return
        lang, comparison = self.lang, self.comparison
        overview = overview_of(self.report)
        cards = self.query_one("#headline-cards")
        cards.display = bool(overview.headlines)
        await cards.mount_all(self._cards(overview))
        sections = ReportTable(
            SECTION_COLUMNS,
            overview.sections,
            lang=lang,
            title="sections_title",
            empty="no_sections",
            selectable=False,
            id="sections-table",
            classes="main-column",
        )
        side = Vertical(
            Container(
                *donation_bars(overview.totals, comparison, lang=lang, prefix="overview-"),
                classes="bars",
            ),
            Static(data_text(ui("not_added_short", lang)), classes="note", id="overview-note"),
            id="overview-totals",
            classes="side-column panel",
        )
        side.border_title = Content(ui("totals", lang))
        side.border_subtitle = Content(ui("apart_short", lang))
        await body.mount_all([sections, side])
        if self.display and self.screen.focused is None:
            self.focus_default()

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        super().update_report(report, comparison)
        for header in self.query(ReportHeader):
            header.info = report.info
            header.refresh(layout=True)
        overview = overview_of(report)
        for table in self.query("#sections-table").results(ReportTable):
            table.set_items(overview.sections, keep=lambda s: s.section.id)
        cards = list(self.query(HeadlineCard))
        if [c.figure.id for c in cards] == [f.id for f in overview.headlines]:
            for card, figure in zip(cards, overview.headlines, strict=True):
                card.show(report, figure)
        elif self.query("#overview-body").first().children:  # filled: the cards change
            self.call_later(self._replace_cards, overview)
        show_donation_totals(self, overview.totals, comparison, prefix="overview-")

    async def _replace_cards(self, overview: Overview) -> None:
        cards = self.query_one("#headline-cards")
        await cards.remove_children()
        cards.display = bool(overview.headlines)
        await cards.mount_all(self._cards(overview))

    def watch_lang(self, lang: Lang) -> None:
        super().watch_lang(lang)
        for widget in self.query(ReportHeader):
            widget.lang = lang
        for bars in self.query(FormBars):
            bars.lang = lang
        for card in self.query(HeadlineCard):
            card.lang = lang
        for side in self.query("#overview-totals"):
            side.border_title = Content(ui("totals", lang))
            side.border_subtitle = Content(ui("apart_short", lang))
        for note in self.query("#overview-note").results(Static):
            note.update(data_text(ui("not_added_short", lang)))
