"""The `?` help screen: every key of the dashboard, where it applies, in both languages.

The rows come from the key table (`tui.ui.keys.HELP`). The keys of a dashboard of a file
(reload, save, edit) and of a comparison (pane 6) are listed only when they apply; a
read-only dashboard lists reload and says that the rest is off.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.model import Lang
from ...widgets.size_notice import SizeNotice
from ...widgets.table import fit
from ..keys import HELP_CLOSE, HELP_TITLE, bindings, help_sections


def _title(lang: Lang) -> Content:
    return Content(HELP_TITLE.pick(lang))


def help_content(
    lang: Lang, *, file: bool = False, comparing: bool = False, read_only: bool = False
) -> Content:
    """The key list as text, keys in one column; `file` and `comparing` add their keys,
    `read_only` (with `file`) the file's keys of a read-only dashboard instead."""
    sections = help_sections(file=file, comparing=comparing, read_only=read_only)
    width = max(len(row.keys) for section in sections for row in section.rows) + 2
    lines: list[Content] = []
    for section in sections:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(section.title.pick(lang), "bold $text-secondary"))
        for row in section.rows:
            lines.append(
                Content.assemble(
                    ("  " + fit(row.keys, width), "bold $text-accent"), row.label.pick(lang)
                )
            )
    lines.append(Content(""))
    lines.append(Content.styled(HELP_CLOSE.pick(lang), "$text-muted"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The list of keys; any of escape, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(
        self,
        *,
        lang: Lang = "en",
        file: bool = False,
        comparing: bool = False,
        read_only: bool = False,
    ) -> None:
        super().__init__(id="help")
        self.lang: Lang = lang
        self.file = file
        self.comparing = comparing
        self.read_only = read_only

    def _content(self) -> Content:
        return help_content(
            self.lang, file=self.file, comparing=self.comparing, read_only=self.read_only
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = _title(self.lang)
            yield Static(self._content(), id="help-body")
        yield SizeNotice()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def _lang_changed(self, lang: Lang) -> None:
        self.lang = lang
        self.query_one("#help-box").border_title = _title(lang)
        self.query_one("#help-body", Static).update(self._content())

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, where: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        if where == "up":
            box.scroll_up(animate=False)
        else:
            box.scroll_down(animate=False)
