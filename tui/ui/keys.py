"""Every key of the dashboard, once: its action, its keys, what it says in both languages and
where it applies.

The bindings of the app, the screens and the widgets are built from this table
(`bindings(scope)`); the footer reads the labels of the keys it shows from it (`label_for`);
the `?` help lists the rows of `HELP`, which name the actions they describe; the command
palette (`tui.ui.palette`) offers every action that applies where the focus is. Tests check
that `HELP` and the README's key table agree with this table.

Where a key applies (`Scope`):

- `app`: anywhere (bound on the app); `file`: a dashboard of a file (bound on its app);
  `read_only`: a read-only dashboard of a file, whose save keys say why they do nothing;
- `panes`: the main screen's pane keys, `compare`: the last pane (6, Changes) when comparing;
- `table`: a focused table; `donations`: the Donations pane; `detail`: a detail screen;
- `form`: the edit forms; `prompt`: a question or a file name asked; `help`: the help screen;
- `textual`: bound by Textual itself (focus, palette): listed for the help, the footer and the
  palette, never bound again here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

from ..core.labels import Label

Scope = Literal[
    "app",
    "file",
    "read_only",
    "panes",
    "compare",
    "table",
    "donations",
    "detail",
    "form",
    "add_form",
    "prompt",
    "path_prompt",
    "help",
    "textual",
]


@dataclass(frozen=True, slots=True)
class Key:
    """One action and the keys that run it."""

    #: The Textual action, as bound (`show_pane('units')`, `app.focus_next`).
    action: str
    #: Textual key names, comma-separated, the first one shown.
    keys: str
    #: What the footer and the palette call it.
    label: Label
    #: A longer sentence: the footer's tooltip, the palette's help line.
    tooltip: Label
    scope: Scope
    #: Whether the footer shows it.
    show: bool = True
    #: Whether the command palette offers it (not the palette itself, nor a form's keys).
    palette: bool = True
    #: A footer group its key is shown in (the pane keys, compact, under one name).
    group: Label | None = None
    #: A binding id (lets a key map override it).
    id: str | None = None
    #: What the palette calls it, when not `label` (`Show Units` for the pane key `Units`).
    command: Label | None = None

    @property
    def key_list(self) -> tuple[str, ...]:
        return tuple(self.keys.split(","))

    @property
    def command_label(self) -> Label:
        return self.command or self.label

    def binding(self) -> Binding:
        """The Textual binding of this key, described in English (the footer translates)."""
        group = Binding.Group(self.group.en, compact=True) if self.group is not None else None
        return Binding(
            self.keys,
            self.action,
            self.label.en,
            show=self.show,
            tooltip=self.tooltip.en,
            group=group,
            id=self.id,
        )


PANES_GROUP = Label("Panes", "窗格")

#: The pane titles, by pane name (the same as the pane bar's).
_PANE_LABELS = {
    "overview": Label("Overview", "概览"),
    "units": Label("Units", "单位"),
    "townships": Label("Townships", "乡镇"),
    "donations": Label("Donations", "捐赠"),
    "figures": Label("Figures", "数字"),
    "changes": Label("Changes", "变化"),
}


def _pane_keys() -> list[Key]:
    keys = []
    for number, (pane, title) in enumerate(_PANE_LABELS.items(), 1):
        tooltip = Label(f"Show the {title.en} pane", f"显示{title.zh}窗格")
        command = Label(f"Show {title.en}", f"显示{title.zh}")
        scope: Scope = "compare" if pane == "changes" else "panes"
        keys.append(
            Key(
                f"show_pane('{pane}')",
                str(number),
                title,
                tooltip,
                scope,
                group=PANES_GROUP,
                id=f"pane-{number}",
                command=command,
            )
        )
        # In a detail the same keys go back to the panes first; the footer has no room.
        keys.append(
            Key(
                f"pane('{pane}')",
                str(number),
                title,
                tooltip,
                "detail",
                show=False,
                command=command,
            )
        )
    return keys


def _scroll_keys(scope: Scope) -> list[Key]:
    scroll = (
        Label("Scroll the detail", "滚动详情") if scope == "detail" else Label("Scroll", "滚动")
    )
    rows = [
        ("up", "up,k", Label("Up", "向上")),
        ("down", "down,j", Label("Down", "向下")),
    ]
    if scope == "detail":
        rows += [
            ("home", "g,home", Label("Top", "顶部")),
            ("end", "G,end", Label("Bottom", "底部")),
            ("page_up", "pageup", Label("Page up", "上一页")),
            ("page_down", "pagedown", Label("Page down", "下一页")),
        ]
    return [
        Key(f"scroll('{where}')", keys, label, scroll, scope, show=False)
        for where, keys, label in rows
    ]


#: Every key, in the order the footer shows those of one scope.
KEYS: tuple[Key, ...] = (
    Key(
        "toggle_language",
        "l",
        Label("中文/EN", "中文/EN"),
        Label("Switch labels between English and 中文", "在中文和英文之间切换"),
        "app",
    ),
    Key(
        "help",
        "question_mark",
        Label("Help", "帮助"),
        Label("Show every key", "列出所有按键"),
        "app",
    ),
    Key("quit", "q", Label("Quit", "退出"), Label("Quit the dashboard", "退出仪表板"), "app"),
    Key(
        "reload",
        "r",
        Label("Reload", "重载"),
        Label("Load the file again from disk", "从磁盘重新载入文件"),
        "file",
    ),
    Key(
        "save",
        "ctrl+s",
        Label("Save", "保存"),
        Label("Save the changes to the file", "把修改保存到文件"),
        "file",
    ),
    Key(
        "save_as",
        "w",
        Label("Save as", "另存为"),
        Label("Save under another name", "以另一个文件名保存"),
        "file",
        show=False,
    ),
    Key(
        "reload",
        "r",
        Label("Reload", "重载"),
        Label("Load the file again from disk", "从磁盘重新载入文件"),
        "read_only",
    ),
    Key(
        "refuse_edit",
        "ctrl+s,w",
        Label("Read-only", "只读"),
        Label("This dashboard does not save the file", "本仪表板不保存文件"),
        "read_only",
        command=Label("Read-only: no editing or saving", "只读：不能编辑或保存"),
    ),
    *_pane_keys(),
    Key(
        "app.focus_next",
        "tab",
        Label("Next", "下一个"),
        Label("Move the focus on", "焦点移到下一个"),
        "textual",
        show=False,
        command=Label("Next table", "下一个表格"),
    ),
    Key(
        "app.focus_previous",
        "shift+tab",
        Label("Previous", "上一个"),
        Label("Move the focus back", "焦点移回上一个"),
        "textual",
        show=False,
        command=Label("Previous table", "上一个表格"),
    ),
    Key(
        "command_palette",
        "ctrl+p",
        Label("palette", "命令"),
        Label("Every action, and themes", "所有操作及主题"),
        "textual",
        palette=False,
    ),
    Key(
        "select",
        "enter",
        Label("Open", "打开"),
        Label("Open the selected row's details", "打开所选行的详情"),
        "table",
    ),
    Key(
        "start_filter",
        "slash",
        Label("Filter", "筛选"),
        Label("Filter the rows as you type", "输入以筛选行"),
        "table",
    ),
    Key(
        "sort",
        "s",
        Label("Sort", "排序"),
        Label("Sort by the next column", "按下一列排序"),
        "table",
    ),
    Key(
        "reverse_sort",
        "S",
        Label("Reverse", "倒序"),
        Label("Reverse the sort", "倒序排列"),
        "table",
        show=False,
    ),
    Key(
        "clear_filter",
        "escape",
        Label("Clear filter", "清除"),
        Label("Show every row again", "重新显示所有行"),
        "table",
    ),
    Key(
        "empty_filter",
        "ctrl+u",
        Label("Clear input", "清空输入"),
        Label("Empty the filter input, keep typing", "清空筛选输入，继续输入"),
        "table",
    ),
    Key(
        "cursor_up",
        "up,k",
        Label("Up", "向上"),
        Label("Move up one row", "上移一行"),
        "table",
        show=False,
    ),
    Key(
        "cursor_down",
        "down,j",
        Label("Down", "向下"),
        Label("Move down one row", "下移一行"),
        "table",
        show=False,
    ),
    Key(
        "first",
        "g,home",
        Label("First row", "第一行"),
        Label("Move to the first row", "移到第一行"),
        "table",
        show=False,
    ),
    Key(
        "last",
        "G,end",
        Label("Last row", "最后一行"),
        Label("Move to the last row", "移到最后一行"),
        "table",
        show=False,
    ),
    Key(
        "page_up",
        "pageup",
        Label("Page up", "上一页"),
        Label("Move up one page", "上移一页"),
        "table",
        show=False,
    ),
    Key(
        "page_down",
        "pagedown",
        Label("Page down", "下一页"),
        Label("Move down one page", "下移一页"),
        "table",
        show=False,
    ),
    Key(
        "add_gift",
        "a",
        Label("Add gift", "添加捐赠"),
        Label("Add an itemised gift to the report", "向报告添加一项捐赠"),
        "donations",
    ),
    Key("back", "escape", Label("Back", "返回"), Label("Back to the pane", "返回窗格"), "detail"),
    Key(
        "edit",
        "e",
        Label("Edit figure", "编辑数字"),
        Label("Edit a figure: value, raw form, excerpt", "编辑数字：数值、原文写法、摘录"),
        "detail",
    ),
    *_scroll_keys("detail"),
    Key(
        "cancel",
        "escape",
        Label("Cancel", "取消"),
        Label("Close the form, changing nothing", "关闭表单，不做修改"),
        "form",
        palette=False,
    ),
    Key(
        "apply(True)",
        "ctrl+s",
        Label("Apply and save", "应用并保存"),
        Label("Apply, then save the file", "应用，然后保存文件"),
        "form",
        palette=False,
    ),
    Key(
        "cancel",
        "escape",
        Label("Cancel", "取消"),
        Label("Edit nothing", "不编辑"),
        "add_form",
        palette=False,
    ),
    Key(
        "cancel",
        "escape",
        Label("Cancel", "取消"),
        Label("Do nothing", "不做任何操作"),
        "prompt",
        palette=False,
    ),
    Key(
        "app.focus_previous",
        "left",
        Label("Previous", "上一个"),
        Label("The previous choice", "上一个选项"),
        "prompt",
        show=False,
        palette=False,
    ),
    Key(
        "app.focus_next",
        "right",
        Label("Next", "下一个"),
        Label("The next choice", "下一个选项"),
        "prompt",
        show=False,
        palette=False,
    ),
    Key(
        "cancel",
        "escape",
        Label("Cancel", "取消"),
        Label("Do not save", "不保存"),
        "path_prompt",
        palette=False,
    ),
    Key(
        "close",
        "escape,question_mark,q",
        Label("Close", "关闭"),
        Label("Close the help", "关闭帮助"),
        "help",
    ),
    *_scroll_keys("help"),
)


def keys_of(scope: Scope) -> tuple[Key, ...]:
    """The keys of `scope`, in the table's order."""
    return tuple(key for key in KEYS if key.scope == scope)


def bindings(scope: Scope) -> list[BindingType]:
    """The Textual bindings of `scope`: what a `BINDINGS` class variable holds."""
    return [key.binding() for key in keys_of(scope)]


#: The label of each action, for the footer: an action has one label wherever it is bound
#: (a test checks it).
_LABELS_BY_ACTION: dict[str, Label] = {key.action: key.label for key in KEYS}
_TOOLTIPS: dict[str, Label] = {key.tooltip.en: key.tooltip for key in KEYS}
_GROUPS: dict[str, Label] = {key.group.en: key.group for key in KEYS if key.group is not None}


def label_for(action: str, description: str) -> Label:
    """The label of the key bound to `action` (`description`, its English text, for an action
    this table does not know)."""
    return _LABELS_BY_ACTION.get(action) or Label(description, description)


def tooltip_for(english: str) -> Label | None:
    """The tooltip whose English text is `english`, if this table has it."""
    return _TOOLTIPS.get(english)


def group_label(name: str) -> Label:
    """The label of the footer group named `name` in English."""
    return _GROUPS.get(name) or Label(name, name)


# --- the help screen ------------------------------------------------------------------------

#: How the help and the README write a key that Textual names otherwise.
KEY_DISPLAY: dict[str, str] = {
    "up": "↑",
    "down": "↓",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "question_mark": "?",
    "slash": "/",
}


@dataclass(frozen=True, slots=True)
class HelpRow:
    """One line of the help: the keys as written there, what they do, and the actions they run
    (from `KEYS`; a test checks that the keys written are theirs)."""

    keys: str
    label: Label
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HelpSection:
    title: Label
    rows: tuple[HelpRow, ...]
    #: When the section is listed: always, for a dashboard of a file (that may edit, or is
    #: read-only), or when comparing.
    when: Literal["always", "file", "read_only", "compare"] = "always"


_PANES_1_5 = tuple(
    f"show_pane('{p}')" for p in ("overview", "units", "townships", "donations", "figures")
)

#: The help's sections, in the order a newcomer needs them.
HELP: tuple[HelpSection, ...] = (
    HelpSection(
        Label("Anywhere", "任何位置"),
        (
            HelpRow(
                "1 2 3 4 5",
                Label(
                    "Overview, Units, Townships, Donations, Figures",
                    "概览、单位、乡镇、捐赠、数字",
                ),
                _PANES_1_5,
            ),
            HelpRow(
                "tab / shift+tab",
                Label("Next / previous table", "下一个 / 上一个表格"),
                ("app.focus_next", "app.focus_previous"),
            ),
            HelpRow(
                "l", Label("Labels in English / 中文", "切换中文 / English"), ("toggle_language",)
            ),
            HelpRow("?", Label("This help", "本帮助"), ("help",)),
            HelpRow(
                "ctrl+p",
                Label("Command palette: every action, and themes", "命令面板：所有操作及主题"),
                ("command_palette",),
            ),
            HelpRow("q", Label("Quit", "退出"), ("quit",)),
        ),
    ),
    HelpSection(
        Label("In a table", "在表格中"),
        (
            HelpRow("↑ ↓  j k", Label("Move", "移动"), ("cursor_up", "cursor_down")),
            HelpRow(
                "g G  home end", Label("First / last row", "第一行 / 最后一行"), ("first", "last")
            ),
            HelpRow(
                "pgup pgdn", Label("Page up / down", "上一页 / 下一页"), ("page_up", "page_down")
            ),
            HelpRow(
                "enter",
                Label("Details: measures, figures, source excerpts", "详情：措施、数字、原文摘录"),
                ("select",),
            ),
            HelpRow(
                "/",
                Label("Filter as you type (either language)", "输入筛选（中英文均可）"),
                ("start_filter",),
            ),
            HelpRow("escape", Label("Clear the filter", "清除筛选"), ("clear_filter",)),
            HelpRow(
                "s / S",
                Label("Sort by the next column / reverse the sort", "按下一列排序 / 倒序"),
                ("sort", "reverse_sort"),
            ),
            HelpRow(
                "ctrl+u",
                Label("In the filter: empty it, keep typing", "筛选中：清空输入"),
                ("empty_filter",),
            ),
        ),
    ),
    HelpSection(
        Label("In a detail", "在详情中"),
        (
            HelpRow(
                "↑ ↓  j k  g G",
                Label("Scroll", "滚动"),
                ("scroll('up')", "scroll('down')", "scroll('home')", "scroll('end')"),
            ),
            HelpRow("escape", Label("Back", "返回"), ("back",)),
        ),
    ),
    HelpSection(
        Label("The file", "文件"),
        (
            HelpRow(
                "r",
                Label(
                    "Reload from disk (it also reloads by itself)", "从磁盘重新载入（也会自动载入）"
                ),
                ("reload",),
            ),
            HelpRow(
                "ctrl+s",
                Label(
                    "Save the changes (a .bak keeps the last version)",
                    "保存修改（.bak 保留上一版）",
                ),
                ("save",),
            ),
            HelpRow("w", Label("Save as: another file", "另存为其他文件"), ("save_as",)),
            HelpRow("e", Label("In a detail: edit a figure", "在详情中：编辑数字"), ("edit",)),
            HelpRow("a", Label("On Donations: add a gift", "在捐赠中：添加捐赠"), ("add_gift",)),
        ),
        when="file",
    ),
    HelpSection(
        Label("The file (read-only)", "文件（只读）"),
        (
            HelpRow(
                "r",
                Label(
                    "Reload from disk (it also reloads by itself)",
                    "从磁盘重新载入（也会自动载入）",
                ),
                ("reload",),
            ),
            HelpRow(
                "ctrl+s w e a",
                Label("Off: read-only, no editing or saving", "已关闭：只读，不能编辑或保存"),
                ("refuse_edit", "edit", "add_gift"),
            ),
        ),
        when="read_only",
    ),
    HelpSection(
        Label("Comparing", "对比"),
        (
            HelpRow(
                "6",
                Label("Changes since the older snapshot", "与旧快照相比的变化"),
                ("show_pane('changes')",),
            ),
        ),
        when="compare",
    ),
)

#: The last line of the help.
HELP_CLOSE = Label("escape, ? or q: close", "escape、? 或 q：关闭")
HELP_TITLE = Label("Keys", "按键")


def help_sections(
    *, file: bool, comparing: bool, read_only: bool = False
) -> tuple[HelpSection, ...]:
    """The sections of the help that apply to a dashboard (of a file, read-only, comparing)."""
    wanted = {"always"} | ({"compare"} if comparing else set())
    if file:
        wanted.add("read_only" if read_only else "file")
    return tuple(section for section in HELP if section.when in wanted)
