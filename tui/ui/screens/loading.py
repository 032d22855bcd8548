"""The screen shown while a large report loads: the file's name, its size and a progress bar.

The app loads the file in a thread worker and tells this screen how far it got
(`set_progress`, on the event loop); once the report is loaded the app replaces this screen
with the panes. The file name is data from the user: it is drawn as plain text (`Content`),
never parsed as markup, and sanitised (`tui.core.safe`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from ...core.model import Lang
from ...widgets.text import safe_line

_TEXTS: dict[str, dict[Lang, str]] = {
    "loading": {"en": "Loading", "zh": "正在载入"},
    "quit": {"en": "q quits", "zh": "q 退出"},
}


def _size(size: int) -> str:
    """A file size the way people read it: `60.2 MB`, `812 kB`."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


class LoadingScreen(Screen[None]):
    """A large report's name, size and how much of it is loaded."""

    DEFAULT_CSS = """
    LoadingScreen {
        align: center middle;
    }
    #loading-box {
        width: 60;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        background: $surface;
        border: round $accent;
    }
    #loading-name {
        text-style: bold;
        color: $text-primary;
    }
    #loading-bar {
        margin-top: 1;
    }
    #loading-hint {
        margin-top: 1;
        color: $text-muted;
    }
    """

    def __init__(self, name: str, size: int, *, lang: Lang = "en") -> None:
        super().__init__(id="loading")
        #: The file's name as shown (sanitised).
        self.file_name = safe_line(name)
        self.file_size = size
        self.lang: Lang = lang
        #: The fraction loaded, 0 to 1, as last told.
        self.progress = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            yield Static(self._title(), id="loading-name")
            yield ProgressBar(total=1.0, show_eta=False, id="loading-bar")
            yield Static(Content(_TEXTS["quit"][self.lang]), id="loading-hint")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def _title(self) -> Content:
        return Content.assemble(
            f"{_TEXTS['loading'][self.lang]} ",
            self.file_name,
            (f"  {_size(self.file_size)}", "$text-muted"),
        )

    def _lang_changed(self, lang: Lang) -> None:
        self.lang = lang
        self.query_one("#loading-name", Static).update(self._title())
        self.query_one("#loading-hint", Static).update(Content(_TEXTS["quit"][lang]))

    def set_progress(self, fraction: float) -> None:
        """Show that `fraction` (0 to 1) of the report is loaded."""
        self.progress = max(self.progress, min(1.0, fraction))
        self.query_one(ProgressBar).update(progress=self.progress)
