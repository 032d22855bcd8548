"""What a screen shows when the terminal is smaller than the dashboard can use.

Every screen holds one, hidden; the app's breakpoints put `-too-narrow` or `-too-short` on a
screen below `MIN_WIDTH`×`MIN_HEIGHT`, and the stylesheet then lays this notice over the
whole screen instead of a garbled layout.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ..core.model import Lang
from .file_bar import app_lang
from .text import ui

#: The smallest terminal the dashboard lays out: below it, the notice.
MIN_WIDTH = 40
MIN_HEIGHT = 12


class SizeNotice(Widget):
    """ "Make the terminal larger", with the size needed and the size now."""

    DEFAULT_CSS = """
    SizeNotice {
        display: none;
        dock: top;
        layer: notice;
        width: 100%;
        height: 100%;
        background: $background;
        color: $text-warning;
        text-style: bold;
        content-align: center middle;
        text-align: center;
    }
    """

    def render(self) -> Content:
        width, height = self.app.size
        lang = app_lang(self)
        return Content(ui("too_small", lang, w=MIN_WIDTH, h=MIN_HEIGHT, cw=width, ch=height))

    def on_mount(self) -> None:
        # `l` switches the language while the notice is up: nothing else would redraw it.
        if hasattr(self.app, "lang"):
            self.watch(self.app, "lang", self._lang_changed, init=False)

    def _lang_changed(self, lang: Lang) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.refresh()
