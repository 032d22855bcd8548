"""The `?` help screen: every key of the dashboard, where it applies, in both languages.

The keys of a dashboard of a file (reload, save, edit) and of a comparison (pane 5) are
listed only when they apply; a read-only dashboard lists reload and says that the rest is off.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.model import Lang
from ...widgets.size_notice import SizeNotice
from ...widgets.table import fit

#: (where, [(keys, English, Chinese)]), in the order a newcomer needs them.
KEYS: tuple[tuple[tuple[str, str], tuple[tuple[str, str, str], ...]], ...] = (
    (
        ("Anywhere", "任何位置"),
        (
            ("1 2 3 4", "Overview, Units, Townships, Donations", "概览、单位、乡镇、捐赠"),
            ("tab / shift+tab", "Next / previous table", "下一个 / 上一个表格"),
            ("l", "Labels in English / 中文", "切换中文 / English"),
            ("?", "This help", "本帮助"),
            ("ctrl+p", "Command palette: every action, and themes", "命令面板:所有操作及主题"),
            ("q", "Quit", "退出"),
        ),
    ),
    (
        ("In a table", "在表格中"),
        (
            ("↑ ↓  j k", "Move", "移动"),
            ("g G  home end", "First / last row", "第一行 / 最后一行"),
            ("pgup pgdn", "Page up / down", "上一页 / 下一页"),
            ("enter", "Details: measures, figures, source excerpts", "详情:措施、数字、原文摘录"),
            ("/", "Filter as you type (either language)", "输入筛选(中英文均可)"),
            ("escape", "Clear the filter", "清除筛选"),
            ("s", "Sort by the next column", "按下一列排序"),
        ),
    ),
    (
        ("In a detail", "在详情中"),
        (
            ("↑ ↓  j k  g G", "Scroll", "滚动"),
            ("escape", "Back", "返回"),
        ),
    ),
)


#: Keys of a dashboard of a file: it follows the file, and edits are saved to it.
FILE_KEYS: tuple[tuple[tuple[str, str], tuple[tuple[str, str, str], ...]], ...] = (
    (
        ("The file", "文件"),
        (
            ("r", "Reload from disk (it also reloads by itself)", "从磁盘重新载入(也会自动载入)"),
            (
                "ctrl+s",
                "Save the changes (a .bak keeps the last version)",
                "保存修改(.bak 保留上一版)",
            ),
            ("w", "Save as: another file", "另存为其他文件"),
            ("e", "In a detail: edit a figure", "在详情中:编辑数字"),
            ("a", "On Donations: add a gift", "在捐赠中:添加捐赠"),
        ),
    ),
)

#: Keys of a read-only dashboard of a file: it follows the file, and never changes it.
READ_ONLY_KEYS: tuple[tuple[tuple[str, str], tuple[tuple[str, str, str], ...]], ...] = (
    (
        ("The file (read-only)", "文件(只读)"),
        (
            ("r", "Reload from disk (it also reloads by itself)", "从磁盘重新载入(也会自动载入)"),
            (
                "ctrl+s w e a",
                "Off: read-only, no editing or saving",
                "已关闭:只读,不能编辑或保存",
            ),
        ),
    ),
)

#: Keys of a comparison with an older snapshot.
COMPARE_KEYS: tuple[tuple[tuple[str, str], tuple[tuple[str, str, str], ...]], ...] = (
    (
        ("Comparing", "对比"),
        (("5", "Changes since the older snapshot", "与旧快照相比的变化"),),
    ),
)


def _title(lang: Lang) -> Content:
    return Content("Keys" if lang == "en" else "按键")


def help_content(
    lang: Lang, *, file: bool = False, comparing: bool = False, read_only: bool = False
) -> Content:
    """The key list as text, keys in one column; `file` and `comparing` add their keys,
    `read_only` (with `file`) the file's keys of a read-only dashboard instead."""
    file_keys = (READ_ONLY_KEYS if read_only else FILE_KEYS) if file else ()
    sections = KEYS + file_keys + (COMPARE_KEYS if comparing else ())
    width = max(len(keys) for _, rows in sections for keys, _, _ in rows) + 2
    lines: list[Content] = []
    for (where_en, where_zh), rows in sections:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(where_zh if lang == "zh" else where_en, "bold $text-secondary"))
        for keys, en, zh in rows:
            lines.append(
                Content.assemble(
                    ("  " + fit(keys, width), "bold $text-accent"), zh if lang == "zh" else en
                )
            )
    lines.append(Content(""))
    lines.append(
        Content.styled(
            "escape, ? or q: close" if lang == "en" else "escape、? 或 q:关闭", "$text-muted"
        )
    )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The list of keys; any of escape, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", tooltip="Close the help"),
        Binding("up,k", "scroll('up')", "Up", show=False),
        Binding("down,j", "scroll('down')", "Down", show=False),
    ]

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
