"""The banner that says why the file on disk was not loaded, above the data that stays.

An invalid file never replaces good data: the dashboard keeps the last good report and shows
here the problem lines (`FILE:LINE:COL: key.path: …`), as `check` writes them, the first few
of them; when the file is fixed the banner goes. It also says when the file changed on disk
while there were unsaved changes (those are kept, not overwritten by a reload).
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from .file_bar import FileState, app_lang
from .text import safe_line, ui

#: Problem lines shown; the rest are counted (`check` lists them all).
SHOWN_PROBLEMS = 4


class ProblemBanner(Widget):
    """Problem lines of the file on disk, or a note that it changed under unsaved edits."""

    DEFAULT_CSS = """
    ProblemBanner {
        display: none;
        height: auto;
        max-height: 8;
        padding: 0 1;
        background: $error-muted;
        color: $foreground;
        border-left: thick $error;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = FileState()

    def on_mount(self) -> None:
        if hasattr(self.app, "file_state"):
            self.watch(self.app, "file_state", self._state_changed)
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def _lang_changed(self) -> None:
        self.refresh(layout=True)

    def _state_changed(self, state: FileState) -> None:
        self.state = state
        self.display = bool(state.problems or state.disk_changed)
        self.refresh(layout=True)

    @property
    def lines(self) -> list[str]:
        """The banner's text, line by line (what a reader sees, for tests)."""
        state, lang = self.state, app_lang(self)
        name = safe_line(state.name)
        lines: list[str] = []
        if state.problems:
            lines.append(ui("invalid_file", lang, name=name))
            lines += [safe_line(p) for p in state.problems[:SHOWN_PROBLEMS]]
            rest = len(state.problems) - SHOWN_PROBLEMS
            if rest > 0:
                lines.append(ui("more_problems", lang, n=rest))
        elif state.disk_changed:
            lines.append(ui("disk_changed_note", lang, name=name))
        return lines

    def render(self) -> Content:
        lines = self.lines
        if not lines:
            return Content("")
        head, *rest = lines
        return Content("\n").join(
            [Content.styled("⚠ " + head, "bold"), *(Content("  " + line) for line in rest)]
        )
