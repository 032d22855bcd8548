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
from textual.widgets import Static

from ..core.format import format_figure
from ..core.labels import label_of
from ..core.model import DONATION_FORMS, Donation, Figure, Lang, Receipt, Report, Text
from ..ui.keys import bindings
from ..ui.messages import AddGift, ShowFigure
from .deltas import delta_column
from .form_bars import FormBars, donation_bars, show_donation_totals
from .pane import Pane
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
        Column("donor", ui_label("donor"), donor, max_width=34),
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
        Column("recipient", ui_label("recipient"), recipient, max_width=28),
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
        ),
    )


class DonationsPane(Pane):
    """Itemised gifts and Red Cross receipts, each a table, with totals per form as bars."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("donations")

    def compose(self) -> ComposeResult:
        report, lang, comparison = self.report, self.lang, self.comparison
        with Container(id="donations-body", classes="split"):
            with Vertical(id="donations-tables", classes="main-column"):
                yield Static(data_text(ui("gifts", lang)), classes="heading", id="gifts-heading")
                yield ReportTable(
                    gift_columns(report, comparison), report.donations, lang=lang, id="gifts"
                )
                yield Static(
                    data_text(ui("receipts", lang)), classes="heading", id="receipts-heading"
                )
                yield ReportTable(
                    receipt_columns(report, comparison), report.receipts, lang=lang, id="receipts"
                )
            with Vertical(id="donations-totals", classes="side-column"):
                with Container(classes="bars"):
                    yield from donation_bars(report.donation_totals(), comparison, lang=lang)
                yield Static(data_text(ui("not_added", lang)), classes="note", id="donations-note")
                yield Static(
                    data_text(ui("lower_bound_note", lang)), classes="note", id="bound-note"
                )

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

    def watch_lang(self, lang: Lang) -> None:
        super().watch_lang(lang)
        for bars in self.query(FormBars):
            bars.lang = lang
        texts = {
            "gifts-heading": "gifts",
            "receipts-heading": "receipts",
            "donations-note": "not_added",
            "bound-note": "lower_bound_note",
        }
        for widget_id, key in texts.items():
            for static in self.query(f"#{widget_id}").results(Static):
                static.update(data_text(ui(key, lang)))
