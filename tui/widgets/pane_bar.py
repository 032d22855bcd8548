"""The row of pane titles at the top: `1 Overview  2 Units  3 Townships  4 Donations  5 Figures`.

It shows which pane is in view and the key that jumps to each; a click on a title jumps
there too. Titles follow the language of labels.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..core.model import Lang
from .text import ui

#: The panes, in the order of their keys 1 to 5.
PANES: tuple[str, ...] = ("overview", "units", "townships", "donations", "figures")
#: The pane added, with the next key (6), when the dashboard compares with an older snapshot.
CHANGES_PANE = "changes"


class PaneBar(Widget):
    """Pane titles with their keys; the active one stands out."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pane-bar--key", "pane-bar--active"}

    DEFAULT_CSS = """
    PaneBar {
        height: 1;
        background: $panel;
        color: $foreground-muted;
        & > .pane-bar--key { color: $text-accent; text-style: bold; }
        & > .pane-bar--active { background: $accent; color: $text; text-style: bold; }
    }
    """

    active: reactive[str] = reactive("overview")
    """The pane in view."""
    lang: reactive[Lang] = reactive("en")
    """The language of the titles."""

    class Clicked(Message):
        """A pane title was clicked."""

        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(
        self, *, lang: Lang = "en", panes: tuple[str, ...] = PANES, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.panes = panes
        self.set_reactive(PaneBar.lang, lang)

    def _titles(self) -> list[tuple[str, str, str]]:
        """(pane, key, title) for each pane."""
        return [(pane, str(n), ui(pane, self.lang)) for n, pane in enumerate(self.panes, 1)]

    def render(self) -> Content:
        key_style = self.get_visual_style("pane-bar--key")
        active_style = self.get_visual_style("pane-bar--active")
        parts: list[Content] = []
        for pane, key, title in self._titles():
            if pane == self.active:
                parts.append(Content.styled(f" {key} {title} ", active_style))
            else:
                parts.append(Content.assemble(" ", (key, key_style), f" {title} "))
            parts.append(Content(" "))
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        x = 0
        for pane, key, title in self._titles():
            width = len(key) + 3 + Content(title).cell_length + 1
            if x <= event.x < x + width:
                self.post_message(self.Clicked(pane))
                return
            x += width
