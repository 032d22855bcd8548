"""The line under the pane titles that says which file the dashboard shows and how it stands.

`report.toml · loaded 09:30:00 · ● unsaved changes: ctrl+s saves · changed on disk` (or
`report.toml · read-only · loaded 09:30:00`). It is
shown only when the report came from a file (an export draws a report without one, and shows
nothing here, nothing time-related). The app holds a `FileState` in its reactive `file_state`;
this bar and the `ProblemBanner` watch it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget

from ..core.model import Lang
from .text import safe_line, ui


@dataclass(frozen=True, slots=True)
class FileState:
    """How the file behind the dashboard stands; every text in it is shown as it is."""

    #: The file's name as shown; "" when the report has no file.
    name: str = ""
    #: When the data on screen was last loaded from the file, as shown (`09:30:00`).
    loaded_at: str = ""
    #: The report on screen has changes that are not saved.
    dirty: bool = False
    #: The file changed on disk while there were unsaved changes: it was not reloaded.
    disk_changed: bool = False
    #: Why the file on disk could not be loaded (problem lines); empty when it could.
    problems: tuple[str, ...] = ()
    #: The name of the older snapshot compared with; "" when not comparing.
    compared_with: str = ""
    #: The file is followed but never changed: editing and saving are off.
    read_only: bool = False


def app_lang(widget: Widget) -> Lang:
    """The language of the app's labels (English for an app that has none)."""
    return "zh" if getattr(widget.app, "lang", "en") == "zh" else "en"


class FileStateView(Widget):
    """A widget that shows the app's `file_state`, in the labels' language: it follows both,
    and is displayed while `shows(state)` says so."""

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
        self.display = self.shows(state)
        self.refresh(layout=True)

    def shows(self, state: FileState) -> bool:
        raise NotImplementedError


class FileBar(FileStateView):
    """File name, when it was loaded, and marks for unsaved changes and a change on disk."""

    DEFAULT_CSS = """
    FileBar {
        display: none;
        height: 1;
        padding: 0 1;
        background: $surface;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def shows(self, state: FileState) -> bool:
        return bool(state.name or state.compared_with)

    def render(self) -> Content:
        state, lang = self.state, app_lang(self)
        sep = ("  ·  ", "")
        parts: list[tuple[str, str] | str] = []
        if state.name:
            parts.append((safe_line(state.name), "bold $text-secondary"))
            if state.read_only:
                parts += [sep, (ui("read_only", lang), "bold $text-warning")]
            if state.loaded_at:
                parts += [sep, ui("loaded_at", lang, time=state.loaded_at)]
        if state.dirty:
            parts += [sep, (ui("unsaved", lang), "$text-warning bold")]
        if state.disk_changed:
            parts += [sep, ("⚠ " + ui("disk_changed", lang), "$text-error bold")]
        if state.problems:
            parts += [sep, ("⚠ " + ui("problems_short", lang), "$text-error bold")]
        if state.compared_with:
            parts += [sep, ui("compared_with", lang, name=safe_line(state.compared_with))]
        if parts and parts[0] == sep:
            parts = parts[1:]
        return Content.assemble(*parts)
