"""The line under the pane titles that says which file the dashboard shows and how it stands.

`./data/report.toml · loaded 09:30:00 · ● unsaved changes: ctrl+s saves · changed on disk`
(or `./data/report.toml · read-only · loaded 09:30:00`).
The file is shown by its whole path, as it was given, cut from the left (`…/data/report.toml`)
when the line is too narrow for it; after a save, `saved 09:31` takes the place of the time
of the last load. It is shown only when the report came from a file (an export draws a report
without one, and shows nothing here, nothing time-related). The app holds a `FileState` in its
reactive `file_state`; this bar and the `ProblemBanner` watch it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from ..core.model import Lang
from .text import safe_line, ui


@dataclass(frozen=True, slots=True)
class FileState:
    """How the file behind the dashboard stands; every text in it is shown as it is."""

    #: The file's name as shown; "" when the report has no file.
    name: str = ""
    #: The file's whole path as shown (`./report.toml`, `/srv/reports/report.toml`).
    path: str = ""
    #: When the data on screen was last loaded from the file, as shown (`09:30:00`).
    loaded_at: str = ""
    #: When the report was last saved to the file, as shown (`09:31`); "" since a load.
    saved_at: str = ""
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


@runtime_checkable
class ShowsFileState(Protocol):
    """What the widgets of this module read of their app (the dashboard apps are such)."""

    @property
    def lang(self) -> Lang: ...

    @property
    def file_state(self) -> FileState: ...


def app_lang(widget: Widget) -> Lang:
    app = widget.app
    return "zh" if isinstance(app, ShowsFileState) and app.lang == "zh" else "en"


def shorten_path(path: str, width: int) -> str:
    """`path` in at most `width` cells, cut from the left at a folder: `…/data/report.toml`.

    The file's own name is kept whole (`…/report.toml`) even when that is wider than `width`.
    """
    if cell_len(path) <= width:
        return path
    head, sep, name = path.rpartition(os.sep)
    if not sep:
        return path
    tail = name
    folders = head.split(os.sep)
    while folders and cell_len(f"…{os.sep}{folders[-1]}{os.sep}{tail}") <= width:
        tail = f"{folders.pop()}{os.sep}{tail}"
    return f"…{os.sep}{tail}"


class FileStateView(Widget):
    """A widget that shows the app's `file_state`, in the labels' language: it follows both,
    and is displayed while `shows(state)` says so."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = FileState()

    def on_mount(self) -> None:
        if isinstance(self.app, ShowsFileState):
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
    """The file's path, when it was loaded or saved, and marks for unsaved changes and a change
    on disk."""

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
            if state.read_only:
                parts += [sep, (ui("read_only", lang), "bold $text-warning")]
            if state.saved_at:
                parts += [sep, ui("saved_at", lang, time=state.saved_at)]
            elif state.loaded_at:
                parts += [sep, ui("loaded_at", lang, time=state.loaded_at)]
        if state.dirty:
            parts += [sep, (ui("unsaved", lang), "$text-warning bold")]
        if state.disk_changed:
            parts += [sep, ("⚠ " + ui("disk_changed", lang), "$text-error bold")]
        if state.problems:
            parts += [sep, ("⚠ " + ui("problems_short", lang), "$text-error bold")]
        if state.compared_with:
            parts += [sep, ui("compared_with", lang, name=safe_line(state.compared_with))]
        if state.name:
            # The path gives way from the left, so that its end (the file's name) and the
            # marks after it stay in sight; what still does not fit is cut at the right.
            rest = Content.assemble(*parts).cell_length
            path = safe_line(state.path or state.name)
            parts.insert(0, (shorten_path(path, self.size.width - rest), "bold $text-secondary"))
        if parts and parts[0] == sep:
            parts = parts[1:]
        return Content.assemble(*parts)
