"""The panel beside a table that shows the selected row's content, following the cursor
without a key press: beside Units and Townships a subject's measures, figures, raw forms and
excerpts; under the donations the selected gift's or receipt's figure with its excerpt.

Only the selected row is ever rendered, whatever the size of the report: a move of the cursor
replaces the paragraphs of one record by those of the next, reusing the widgets it has. The
blocks are the detail screen's own (`tui.ui.screens.detail`), so the preview and the detail
(what `enter` opens) never tell a record differently. Data text is `Content`, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.content import Content

from ..core.model import Lang, Report, Township, Unit
from .paragraph import Paragraph
from .text import safe_line, ui

if TYPE_CHECKING:
    from ..core.comparison import Comparison

Block = tuple[str, Content]
#: How a preview tells a record: its title and its blocks, from the report, in a language.
Describe = Callable[[Report, Any, Lang, "Comparison | None"], tuple[str, list[Block]]]


def describe_subject(
    report: Report, subject: Unit | Township, lang: Lang, comparison: Comparison | None
) -> tuple[str, list[Block]]:
    """A unit or township: its name; the detail's blocks after the name."""
    from ..ui.screens.detail import subject_blocks

    return subject.name.get(lang), subject_blocks(report, subject, lang, comparison)[1:]


class Preview(VerticalScroll):
    """The content of one record, titled with its name."""

    DEFAULT_CSS = """
    Preview {
        scrollbar-size-vertical: 1;
        height: 1fr;
        padding: 0 1;
    }
    """

    def __init__(
        self,
        report: Report,
        *,
        lang: Lang = "en",
        comparison: Comparison | None = None,
        describe: Describe = describe_subject,
        title: str = "measures_title",
        empty: str = "no_selection",
        focusable: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        # A long preview takes the focus (tab) to scroll; a short one leaves tab to the tables.
        self.can_focus = focusable
        self.report = report
        self.comparison = comparison
        self.lang: Lang = lang
        self.describe = describe
        #: The interface label of the title when no row is selected.
        self.title = title
        #: The interface label shown when no row is selected.
        self.empty = empty
        #: The record shown, or None.
        self.subject: Any = None

    def show(
        self,
        subject: Any,
        *,
        report: Report | None = None,
        comparison: Comparison | None = None,
        lang: Lang | None = None,
    ) -> None:
        """Show the record `subject` (None: say that no row is selected), from `report` if
        given."""
        if report is not None:
            self.report = report
            self.comparison = comparison
        if lang is not None:
            self.lang = lang
        self.subject = subject
        if self.is_mounted:
            self._draw()

    def on_mount(self) -> None:
        self._draw()

    def _described(self) -> tuple[str, list[Block]]:
        lang = self.lang
        if self.subject is None:
            empty = Content.styled(ui(self.empty, lang), "italic $text-muted")
            return ui(self.title, lang), [("empty", empty)]
        return self.describe(self.report, self.subject, lang, self.comparison)

    def _blocks(self) -> list[Block]:
        return self._described()[1]

    def _draw(self) -> None:
        title, blocks = self._described()
        self.border_title = Content(safe_line(title))
        self.border_subtitle = (
            Content(ui("enter_detail", self.lang)) if self.subject is not None else None
        )
        paragraphs = list(self.query_children(Paragraph))
        with self.app.batch_update():
            for paragraph, (kind, content) in zip(paragraphs, blocks, strict=False):
                paragraph.set_classes(f"detail-{kind}")
                paragraph.update(content)
            extra = paragraphs[len(blocks) :]
            if extra:
                self.remove_children(extra)
            if len(blocks) > len(paragraphs):
                self.mount_all(
                    Paragraph(content, classes=f"detail-{kind}")
                    for kind, content in blocks[len(paragraphs) :]
                )
        self.scroll_home(animate=False, immediate=True)

    @property
    def text(self) -> str:
        """What the panel shows, as plain text (for tests)."""
        return "\n".join(content.plain for _, content in self._blocks())
