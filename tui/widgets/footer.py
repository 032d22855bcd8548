"""Textual's footer, with the keys' descriptions in the app's language.

Bindings are built from the key table (`tui.ui.keys`) with their English descriptions; this
footer shows each description, its tooltip and the name of a group of keys (`Panes`) in the
language of the labels, from the same table, and shows them again when `l` switches it.

It imports `FooterKey` and `FooterLabel` from Textual's private `textual.widgets._footer`:
Textual 8.2.8 exports neither, and the footer offers no public hook to change what a key is
called. The version is pinned (pyproject.toml), and the footer snapshots would show a change.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from ..ui.keys import group_label, label_for, tooltip_for
from .file_bar import app_lang


class LocalFooter(Footer):
    """The footer of every screen: the keys where the focus is, in the labels' language."""

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def _lang_changed(self) -> None:
        self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        lang = app_lang(self)
        for widget in super().compose():
            if lang != "en" and isinstance(widget, FooterKey):
                if widget.description:
                    widget.description = label_for(widget.action, widget.description).pick(lang)
                tooltip = tooltip_for(str(widget.tooltip or ""))
                if tooltip is not None:
                    widget.tooltip = tooltip.pick(lang)
            elif lang != "en" and isinstance(widget, FooterLabel):
                widget = FooterLabel(group_label(str(widget.content)).pick(lang))
            yield widget
