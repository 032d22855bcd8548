"""Pane 5, figures: every figure of the report with whose it is (the unit or township that
reports it), its group, its value and its raw form as written.

The owner tells apart figures with the same label (the county's 1,055 grid workers and a
town's 119). The filter finds a figure by its owner, label, raw form or value in either
language; the panel under the table shows the selected figure's raw form, owner, measure and
excerpt, and `enter` opens it. When comparing, each figure shows its change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult

from ..core.format import format_figure, repeats_raw
from ..core.labels import label_of
from ..core.model import CATEGORIES_V2, Figure, Lang, Report
from ..ui.messages import ShowFigure
from .deltas import delta_column
from .pane import Pane
from .preview import Block, Preview
from .table import Column, ReportTable
from .text import ui_label

if TYPE_CHECKING:
    from ..core.comparison import Comparison

_CATEGORY_ORDER = {key: n for n, key in enumerate(CATEGORIES_V2)}


def _category(figure: Figure, lang: Lang) -> str:
    return label_of(CATEGORIES_V2, figure.category).pick(lang)


def _raw(figure: Figure, lang: Lang) -> str:
    # In Chinese the value is written the Chinese way: where that is the raw form itself,
    # the column would only repeat it.
    return "" if lang == "zh" and repeats_raw(figure) else figure.raw


def figure_columns(report: Report, comparison: Comparison | None) -> tuple[Column[Figure], ...]:
    """Owner, group, figure, value (and its change, when comparing), as written."""
    owners = report.owner_of_figure

    def owner(figure: Figure, lang: Lang) -> str:
        subject = owners.get(figure.id)
        return subject.name.get(lang) if subject else ""

    change = () if comparison is None else (delta_column(comparison, lambda f: f),)
    return (
        Column("owner", ui_label("owner_short"), owner, max_width=30, min_width=12),
        Column(
            "group",
            ui_label("group"),
            _category,
            sort_key=lambda f, lang: _CATEGORY_ORDER.get(f.category, len(_CATEGORY_ORDER)),
            max_width=18,
            min_width=8,
            drop=2,
        ),
        Column(
            "figure",
            ui_label("figure"),
            lambda f, lang: f.label.get(lang),
            flex=True,
            max_width=48,
            min_width=14,
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
        *change,
        Column("raw", ui_label("raw"), _raw, max_width=14, min_width=10, drop=1),
    )


def figure_search_text(report: Report) -> Callable[[Figure], str]:
    """What the filter looks in for a figure: owner, label, group, raw form and value, in
    both languages."""
    owners = report.owner_of_figure

    def text(figure: Figure) -> str:
        subject = owners.get(figure.id)
        parts = [figure.raw, figure.label.zh, figure.label.en]
        if subject is not None:
            parts += [subject.name.zh, subject.name.en]
        parts += [_category(figure, "en"), _category(figure, "zh")]
        parts += [format_figure(figure, "en"), format_figure(figure, "zh")]
        return "\n".join(parts)

    return text


def describe_figure(
    report: Report, figure: Figure, lang: Lang, comparison: Comparison | None
) -> tuple[str, list[Block]]:
    """A figure: its label; its detail (raw form, owner, measure, excerpt) after the label."""
    from ..ui.screens.detail import figure_detail_blocks

    delta = comparison.figure(figure.id, lang) if comparison is not None else ""
    return figure.label.get(lang), figure_detail_blocks(report, figure, lang, delta)[1:]


class FiguresPane(Pane):
    """Every figure with its owner; `enter` opens it with its raw form and excerpt."""

    def _figures(self) -> tuple[Figure, ...]:
        return tuple(self.report.figures_by_id.values())

    def compose(self) -> ComposeResult:
        yield ReportTable(
            figure_columns(self.report, self.comparison),
            self._figures(),
            lang=self.lang,
            search_text=figure_search_text(self.report),
            title="figures",
            empty="no_figures_report",
            id="figures-table",
        )
        yield Preview(
            self.report,
            lang=self.lang,
            comparison=self.comparison,
            describe=describe_figure,
            title="figure",
            focusable=False,
            id="figure-preview",
            classes="preview",
        )

    def on_report_table_highlighted(self, event: ReportTable.Highlighted) -> None:
        event.stop()
        self.query_one(Preview).show(event.item)

    def watch_lang(self, lang: Lang) -> None:
        super().watch_lang(lang)
        for preview in self.query(Preview):
            preview.show(preview.subject, lang=lang)

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        self.post_message(ShowFigure(event.item.id))

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        super().update_report(report, comparison)
        for table in self.query(ReportTable):
            table._search_text = figure_search_text(report)
            table.set_items(
                self._figures(), columns=figure_columns(report, comparison), keep=lambda f: f.id
            )
            for preview in self.query(Preview):
                preview.show(table.cursor_item, report=report, comparison=comparison)
