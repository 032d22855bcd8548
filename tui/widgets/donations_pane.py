"""Pane 4, donations: the itemised gifts, the totals per form as bars, and, apart, what the
county Red Cross reports it received, with one sentence on why the two are not added up.

Both tables open the amount's figure (raw form, excerpt) on `enter`; `a` adds a gift (when
the dashboard has a file to save it to). When comparing, each amount and total shows its change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Static

from ..core.format import format_figure
from ..core.labels import label_of
from ..core.model import DONATION_FORMS, Donation, Figure, Lang, Receipt, Report, Text
from ..ui.keys import bindings
from ..ui.messages import AddGift, ShowFigure
from .deltas import delta_column
from .form_bars import FormBars, donation_bars, show_donation_totals
from .pane import Pane
from .preview import Block, Preview
from .table import Column, ReportTable
from .text import data_text, ui, ui_label

if TYPE_CHECKING:
    from ..core.comparison import Comparison


def _form(form: str, lang: Lang) -> str:
    return label_of(DONATION_FORMS, form).pick(lang)


def _text(text: Text | None, lang: Lang) -> str:
    return "" if text is None else text.get(lang)


def _figure_of(report: Report) -> Callable[[Donation | Receipt], Figure]:
    # A gift in kind with no money value has no amount figure: its first item stands in.
    return lambda gift: report.figure(_figure_id(gift))


def _figure_id(gift: Donation | Receipt) -> str:
    """The figure a gift's row shows and opens: its amount, or its first item."""
    if gift.figure is not None:
        return gift.figure
    return gift.items[0] if isinstance(gift, Donation) else ""


G = TypeVar("G", Donation, Receipt)


def describe_gift(
    report: Report, gift: Donation | Receipt, lang: Lang, comparison: Comparison | None
) -> tuple[str, list[Block]]:
    """A gift or a receipt: its figure's label; the figure's detail after the label."""
    from ..ui.screens.detail import figure_detail_blocks

    figure = report.figure(_figure_id(gift))
    delta = comparison.figure(figure.id, lang) if comparison is not None else ""
    return figure.label.get(lang), figure_detail_blocks(report, figure, lang, delta)[1:]


def _amount_column(report: Report) -> Column[G]:
    """The amount of a gift or a receipt: its figure, formatted; sorted largest first."""
    return Column(
        "amount",
        ui_label("amount"),
        lambda gift, lang: format_figure(report.figure(gift.figure), lang),
        sort_key=lambda gift, lang: report.figure(gift.figure).value,
        descending=True,
        align="right",
        max_width=16,
        min_width=16,  # a figure is never cut
    )


def gift_columns(
    report: Report, comparison: Comparison | None = None
) -> tuple[Column[Donation], ...]:
    def donor(d: Donation, lang: Lang) -> str:
        subject = report.subjects_by_id.get(d.donor)
        return subject.name.get(lang) if subject else d.donor

    change = () if comparison is None else (delta_column(comparison, _figure_of(report)),)
    return (
        Column("donor", ui_label("donor"), donor, max_width=34, min_width=14),
        Column("form", ui_label("form"), lambda d, lang: _form(d.form, lang), max_width=16),
        _amount_column(report),
        *change,
        Column(
            "recipient",
            ui_label("recipient"),
            lambda d, lang: _text(d.recipient, lang),
            flex=True,
            max_width=44,
            min_width=14,
            drop=1,
        ),
    )


def receipt_columns(
    report: Report, comparison: Comparison | None = None
) -> tuple[Column[Receipt], ...]:
    def recipient(r: Receipt, lang: Lang) -> str:
        subject = report.subjects_by_id.get(r.recipient)
        return subject.name.get(lang) if subject else r.recipient

    change = () if comparison is None else (delta_column(comparison, _figure_of(report)),)
    return (
        Column("recipient", ui_label("recipient"), recipient, max_width=28, min_width=14),
        Column("form", ui_label("form"), lambda r, lang: _form(r.form, lang), max_width=16),
        _amount_column(report),
        *change,
        Column(
            "source",
            ui_label("source"),
            lambda r, lang: _text(r.source, lang),
            flex=True,
            max_width=44,
            min_width=14,
            drop=1,
        ),
    )


class DonationsPane(Pane):
    """Itemised gifts and Red Cross receipts, each a table, with totals per form as bars."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("donations")

    def compose(self) -> ComposeResult:
        report, lang, comparison = self.report, self.lang, self.comparison
        with Container(id="donations-body", classes="split"):
            with Vertical(id="donations-tables", classes="main-column"):
                yield ReportTable(
                    gift_columns(report, comparison),
                    report.donations,
                    lang=lang,
                    title="gifts",
                    empty="no_gifts",
                    id="gifts",
                )
                yield ReportTable(
                    receipt_columns(report, comparison),
                    report.receipts,
                    lang=lang,
                    title="receipts",
                    empty="no_receipts",
                    id="receipts",
                )
                yield Preview(
                    report,
                    lang=lang,
                    comparison=comparison,
                    describe=describe_gift,
                    title="gift_title",
                    focusable=False,
                    id="gift-preview",
                    classes="preview",
                )
            with Vertical(id="donations-totals", classes="side-column panel") as totals:
                totals.border_title = Content(ui("totals", lang))
                totals.border_subtitle = Content(ui("apart_short", lang))
                with Container(classes="bars"):
                    yield from donation_bars(report.donation_totals(), comparison, lang=lang)
                yield Static(data_text(ui("not_added", lang)), classes="note", id="donations-note")
                yield Static(
                    data_text(ui("lower_bound_note", lang)), classes="note", id="bound-note"
                )
                yield Static(data_text(ui("apart_note", lang)), id="donations-short-note")

    def on_report_table_highlighted(self, event: ReportTable.Highlighted) -> None:
        event.stop()
        # The preview follows the table with the focus (the gifts' first, when none has it).
        focused = self.screen.focused
        if focused is event.table or (
            not isinstance(focused, ReportTable) and event.table.id == "gifts"
        ):
            self.query_one(Preview).show(event.item)

    def on_descendant_focus(self, event: object) -> None:
        focused = self.screen.focused
        if isinstance(focused, ReportTable):
            self.query_one(Preview).show(focused.cursor_item)

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        item: Donation | Receipt = event.item
        self.post_message(ShowFigure(_figure_id(item)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_gift":
            # Only a dashboard of a file can keep what is added (it saves it there), and
            # only one that is not read-only.
            return bool(getattr(self.app, "editable", False))
        return True

    def action_add_gift(self) -> None:
        """Ask the app for the form that adds a gift."""
        self.post_message(AddGift())

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        super().update_report(report, comparison)
        for table in self.query("#gifts").results(ReportTable):
            table.set_items(
                report.donations, columns=gift_columns(report, comparison), keep=lambda d: d.id
            )
        for table in self.query("#receipts").results(ReportTable):
            table.set_items(
                report.receipts, columns=receipt_columns(report, comparison), keep=lambda r: r.id
            )
        show_donation_totals(self, report.donation_totals(), comparison)
        for preview in self.query(Preview):
            focused = self.screen.focused
            shown = focused if isinstance(focused, ReportTable) else self.query_one("#gifts")
            item = shown.cursor_item if isinstance(shown, ReportTable) else None
            preview.show(item, report=report, comparison=comparison)

    def watch_lang(self, lang: Lang) -> None:
        super().watch_lang(lang)
        for bars in self.query(FormBars):
            bars.lang = lang
        for preview in self.query(Preview):
            preview.show(preview.subject, lang=lang)
        for totals in self.query("#donations-totals"):
            totals.border_title = Content(ui("totals", lang))
            totals.border_subtitle = Content(ui("apart_short", lang))
        texts = {
            "donations-note": "not_added",
            "bound-note": "lower_bound_note",
            "donations-short-note": "apart_note",
        }
        for widget_id, key in texts.items():
            for static in self.query(f"#{widget_id}").results(Static):
                static.update(data_text(ui(key, lang)))
