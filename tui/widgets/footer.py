"""Textual's footer, with the keys' descriptions in the app's language.

Bindings are declared once, in English (`Binding(..., "Filter")`); this footer shows each
description, and the name of a group of keys (`Panes`), in the language of the labels, and
shows them again when `l` switches it. A description without a translation stays as it is.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from ..core.model import Lang
from .file_bar import app_lang

#: The Chinese of every description the footer can show.
KEY_LABELS_ZH: dict[str, str] = {
    "Add gift": "添加捐赠",
    "Apply and save": "应用并保存",
    "Back": "返回",
    "Cancel": "取消",
    "Changes": "变化",
    "Clear filter": "清除",
    "Close": "关闭",
    "Donations": "捐赠",
    "Edit figure": "编辑数字",
    "Filter": "筛选",
    "Help": "帮助",
    "Open": "打开",
    "Overview": "概览",
    "Panes": "窗格",
    "Quit": "退出",
    "Read-only": "只读",
    "Reload": "重载",
    "Save": "保存",
    "Sort": "排序",
    "Townships": "乡镇",
    "Units": "单位",
    "palette": "命令",
}


def key_label(description: str, lang: Lang) -> str:
    """A key's description in `lang` (the English one when there is no other)."""
    return KEY_LABELS_ZH.get(description, description) if lang == "zh" else description


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
                widget.description = key_label(widget.description, lang)
            elif lang != "en" and isinstance(widget, FooterLabel):
                widget = FooterLabel(key_label(str(widget.content), lang))
            yield widget
