"""Panes 2 and 3: a table of every unit, or every township and town, of the report.

Each row gives the name, the kind, the sections of the report that tell of it, how many
measures it took and its key figures; `enter` opens the detail with the measures in full.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from textual.app import ComposeResult

from ..format import format_figure
from ..messages import ShowSubject
from ..model import TOWNSHIP_KINDS, UNIT_KINDS, Lang, Report, Section, Township, Unit
from .pane import Pane
from .table import Column, ReportTable
from .text import ui_label

Subject = Unit | Township

# A section heading's first phrase ("主动扛责显担当", "Shouldering responsibility") names it
# well enough in a table cell; the detail shows it in full.
_PHRASE_END = re.compile(r"[,,::;;。]")


def short_heading(text: str) -> str:
    """The first phrase of a section heading."""
    return _PHRASE_END.split(text, maxsplit=1)[0].strip() or text


def key_figures(subject: Subject, lang: Lang) -> str:
    """Every figure of a subject, `label: value`, joined with `; `."""
    sep = ":" if lang == "zh" else ": "
    return "; ".join(f"{f.label.get(lang)}{sep}{format_figure(f, lang)}" for f in subject.figures)


def subject_columns(
    kinds: Mapping[str, tuple[str, str]], sections: Mapping[str, Section]
) -> tuple[Column[Subject], ...]:
    def kind(subject: Subject, lang: Lang) -> str:
        en, zh = kinds.get(subject.kind, (subject.kind, subject.kind))
        return zh if lang == "zh" else en

    def section_names(subject: Subject, lang: Lang) -> str:
        names = []
        for section_id in subject.sections:
            section = sections.get(section_id)
            names.append(short_heading(section.heading.get(lang)) if section else section_id)
        return "; ".join(names)

    return (
        Column("name", ui_label("name"), lambda s, lang: s.name.get(lang), max_width=34),
        Column("kind", ui_label("kind"), kind, max_width=22),
        Column("sections", ui_label("sections"), section_names, max_width=26),
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
            key_figures,
            sort_key=lambda s, lang: len(s.figures),
            descending=True,
            flex=True,
            max_width=60,
            min_width=16,
        ),
    )


class SubjectsPane(Pane):
    """A table of units, or of townships; `enter` on a row opens its detail."""

    def __init__(
        self, report: Report, subjects: str, *, lang: Lang = "en", id: str | None = None
    ) -> None:
        """`subjects` is `"units"` or `"townships"`."""
        super().__init__(report, lang=lang, id=id)
        self.subjects = subjects

    def compose(self) -> ComposeResult:
        report = self.report
        rows: Sequence[Subject]
        if self.subjects == "units":
            rows, kinds = report.units, UNIT_KINDS
        else:
            rows, kinds = report.townships, TOWNSHIP_KINDS
        yield ReportTable(
            subject_columns(kinds, report.sections_by_id),
            rows,
            lang=self.lang,
            id=f"{self.subjects}-table",
        )

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        self.post_message(ShowSubject(event.item.id))
