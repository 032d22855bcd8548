"""Panes 2 and 3: a table of every unit, or every township and town, of the report, and beside
it (below it in a narrow terminal) the selected row's measures, figures and excerpts.

Each row gives the name, the kind, the sections of the report that tell of it, how many
measures it took and its key figures (the columns that do not fit are left out, the preview
shows them all); the preview follows the cursor, and `enter` opens the detail in full.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container

from ..core.format import format_figure
from ..core.labels import Label, label_of
from ..core.model import TOWNSHIP_KINDS_V2, UNIT_KINDS_V2, Lang, Report, Section, Township, Unit
from ..ui.messages import ShowSubject
from .pane import Pane
from .preview import Preview
from .table import Column, ReportTable
from .text import ui, ui_label

if TYPE_CHECKING:
    from ..core.comparison import Comparison

Subject = Unit | Township

# A section heading's first phrase ("主动扛责显担当", "Shouldering responsibility") names it
# well enough in a table cell; the detail shows it in full.
_PHRASE_END = re.compile(r"[,,::;;。]")


def short_heading(text: str) -> str:
    """The first phrase of a section heading."""
    return _PHRASE_END.split(text, maxsplit=1)[0].strip() or text


def key_figures(subject: Subject, lang: Lang, comparison: Comparison | None = None) -> str:
    """Every figure of a subject, `label: value`, joined with `; `; with a comparison, each
    value is followed by its change (`(▲ +2)`) when it changed."""
    sep = ui("colon", lang)
    parts = []
    for f in subject.figures:
        delta = comparison.figure(f.id, lang) if comparison is not None else ""
        parts.append(
            f"{f.label.get(lang)}{sep}{format_figure(f, lang)}" + (f" ({delta})" if delta else "")
        )
    return ("；" if lang == "zh" else "; ").join(parts)


def subject_columns(
    kinds: dict[str, Label],
    sections: Mapping[str, Section],
    comparison: Comparison | None = None,
) -> tuple[Column[Subject], ...]:
    def kind(subject: Subject, lang: Lang) -> str:
        return label_of(kinds, subject.kind).pick(lang)

    def section_names(subject: Subject, lang: Lang) -> str:
        names = []
        for section_id in subject.sections:
            section = sections.get(section_id)
            names.append(short_heading(section.heading.get(lang)) if section else section_id)
        return ("；" if lang == "zh" else "; ").join(names)

    return (
        Column(
            "name", ui_label("name"), lambda s, lang: s.name.get(lang), max_width=34, min_width=16
        ),
        Column("kind", ui_label("kind"), kind, max_width=22, min_width=8, drop=1),
        Column("sections", ui_label("sections"), section_names, max_width=26, drop=3),
        Column(
            "measures",
            ui_label("measures"),
            lambda s, lang: str(len(s.measures)),
            sort_key=lambda s, lang: len(s.measures),
            descending=True,
            align="right",
            max_width=8,
            min_width=3,
        ),
        Column(
            "figures",
            ui_label("key_figures"),
            lambda s, lang: key_figures(s, lang, comparison),
            sort_key=lambda s, lang: len(s.figures),
            descending=True,
            flex=True,
            max_width=60,
            min_width=16,
            drop=2,
        ),
    )


class SubjectsPane(Pane):
    """A table of units, or of townships; `enter` on a row opens its detail."""

    def __init__(
        self,
        report: Report,
        subjects: str,
        *,
        lang: Lang = "en",
        comparison: Comparison | None = None,
        id: str | None = None,
    ) -> None:
        """`subjects` is `"units"` or `"townships"`."""
        super().__init__(report, lang=lang, comparison=comparison, id=id)
        self.subjects = subjects

    def _rows_and_columns(self) -> tuple[Sequence[Subject], tuple[Column[Subject], ...]]:
        report = self.report
        rows: Sequence[Subject]
        if self.subjects == "units":
            rows, kinds = report.units, UNIT_KINDS_V2
        else:
            rows, kinds = report.townships, TOWNSHIP_KINDS_V2
        return rows, subject_columns(kinds, report.sections_by_id, self.comparison)

    def compose(self) -> ComposeResult:
        rows, columns = self._rows_and_columns()
        with Container(classes="master-detail"):
            yield ReportTable(
                columns,
                rows,
                lang=self.lang,
                id=f"{self.subjects}-table",
                title=self.subjects,
                empty=f"no_{self.subjects}",
            )
            yield Preview(
                self.report,
                lang=self.lang,
                comparison=self.comparison,
                empty=f"no_{self.subjects}" if not rows else "no_selection",
                id=f"{self.subjects}-preview",
                classes="preview",
            )

    @property
    def preview(self) -> Preview:
        return self.query_one(Preview)

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        super().update_report(report, comparison)
        rows, columns = self._rows_and_columns()
        for table in self.query(ReportTable):
            table.set_items(rows, columns=columns, keep=lambda s: s.id)
            self.preview.show(table.cursor_item, report=report, comparison=comparison)

    def watch_lang(self, lang: Lang) -> None:
        super().watch_lang(lang)
        for preview in self.query(Preview):
            preview.show(preview.subject, lang=lang)

    def on_report_table_highlighted(self, event: ReportTable.Highlighted) -> None:
        event.stop()
        self.preview.show(event.item)

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        self.post_message(ShowSubject(event.item.id))
