"""Textual's footer, with the keys' descriptions in the app's language.

Bindings are built from the key table (`tui.ui.keys`) with their English descriptions; this
footer shows each description, its tooltip and the name of a group of keys (`Panes`) in the
language of the labels, from the same table, and shows them again when `l` switches it.

It imports `FooterKey` and `FooterLabel` from Textual's private `textual.widgets._footer`:
Textual 8.2.8 exports neither, and the footer offers no public hook to change what a key is
called. The version is pinned (pyproject.toml), and the footer snapshots would show a change.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from ..ui.keys import group_label, label_for, tooltip_for
from .file_bar import app_lang


class LocalFooter(Footer):
    """The footer of every screen: the keys where the focus is, in the labels' language."""

    def __init__(self) -> None:
        super().__init__()
        #: What the keys shown stand for (`_keys_shown`) when they were last composed.
        self._composed: Hashable = None

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def _lang_changed(self) -> None:
        self.call_after_refresh(self.recompose)

    def _keys_shown(self) -> Hashable:
        """Everything `compose` draws from: the bindings, whether each is enabled, its key's
        display, the language and the footer's options."""
        if not self._bindings_ready:
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        return (
            app_lang(self),
            self.compact,
            self.show_command_palette,
            tuple(
                (binding, enabled, tooltip, self.app.get_key_display(binding))
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    async def recompose(self) -> None:
        # Textual's footer recomposes on every `refresh_bindings`, which comes with each key,
        # focus change and reactive that the app watches: rebuild only when a key shown changed.
        if self.is_attached and self._keys_shown() == self._composed:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        self._composed = self._keys_shown()
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
