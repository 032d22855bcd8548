"""The one way data text reaches a widget: sanitised, then wrapped as `Content`, never markup.

A report is user-edited text. Textual parses a plain `str` given to `Static`, `Label`,
`border_title` and most widgets as markup (`[/]` crashes, `[@click=...]` runs an action), and
nothing in Textual or Rich removes control characters. Every data string therefore passes
through `tui.core.safe.visible`/`visible_line` and becomes a `Content`, whose text is never parsed.

The labels of the interface itself (pane titles, headings, hints) are in `ui()`, in both
languages, so that `l` switches everything a reader sees.
"""

from __future__ import annotations

from textual.content import Content

from ..core.model import Lang, Text
from ..core.safe import visible, visible_line

#: Longest run of one data string put on screen: a 100,000-character name is cut, not measured.
MAX_TEXT = 2_000


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """`text` cut to `limit` characters, with `…` when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_line(text: str) -> str:
    """One line of data text, safe to measure and draw: clipped, controls made visible."""
    return visible_line(clip(text))


def data_text(text: str, style: str = "") -> Content:
    """Data text as one line of `Content`: never parsed as markup, controls shown as escapes."""
    return Content.styled(safe_line(text), style) if style else Content(safe_line(text))


def data_block(text: str, style: str = "") -> Content:
    """Like `data_text`, but newlines are kept: for paragraphs such as excerpts and measures."""
    safe = visible(clip(text))
    return Content.styled(safe, style) if style else Content(safe)


#: Labels of the interface, English and Chinese.
UI: dict[str, tuple[str, str]] = {
    "overview": ("Overview", "概览"),
    "units": ("Units", "单位"),
    "townships": ("Townships", "乡镇"),
    "donations": ("Donations", "捐赠"),
    "office": ("Office", "发布单位"),
    "date": ("Date", "日期"),
    "region": ("Region", "地区"),
    "headline": ("Headline figures", "主要数字"),
    "group": ("Group", "类别"),
    "figure": ("Figure", "数字"),
    "value": ("Value", "数值"),
    "name": ("Name", "名称"),
    "kind": ("Kind", "类型"),
    "sections": ("Sections", "所在部分"),
    "measures": ("Measures", "措施数"),
    "key_figures": ("Key figures", "主要数字"),
    "donor": ("Donor", "捐赠方"),
    "form": ("Form", "形式"),
    "amount": ("Amount", "金额"),
    "recipient": ("Recipient", "接受方"),
    "source": ("From", "来源"),
    "gifts": ("Itemised gifts", "逐项捐赠"),
    "gift_totals": ("Itemised gifts, total per form", "逐项捐赠合计(按形式)"),
    "receipts": ("Received by the Red Cross", "红十字会接受捐赠"),
    "receipt_totals": ("Received by the Red Cross, per form", "红十字会接受捐赠(按形式)"),
    "not_added": (
        "The Red Cross figures are what it received from all of society. The itemised gifts "
        "may or may not be part of them, so the two are shown apart and never added together.",
        "红十字会的数字是其接受的全社会捐赠。逐项捐赠可能包含在其中,也可能不在,"
        "因此两者分开列出,不相加。",
    ),
    "lower_bound_note": (
        "≥ marks a lower bound: the source says 余, “more than”.",
        "≥ 表示下限:原文为“余”。",
    ),
    "no_rows": ("No rows match.", "没有匹配的行。"),
    "no_figures": ("No figures.", "没有数字。"),
    "match": ("{n} of {total} match", "匹配 {n} / {total}"),
    "filter": ("Filter", "筛选"),
    "raw": ("As written", "原文写法"),
    "excerpt": ("Source excerpt", "原文摘录"),
    "category": ("Group", "类别"),
    "owner": ("Reported for", "所属"),
    "measure": ("Measure", "措施"),
    "section": ("Section", "部分"),
    "members": ("Members", "成员"),
    "lower_bound": ("a lower bound: 余 means “more than”", "下限:原文为“余”"),
    "exact": ("exact, as stated", "确数"),
    "back_hint": ("escape: back", "escape:返回"),
    "help_title": ("Keys", "按键"),
    "too_small": (
        "Make the terminal larger: this dashboard needs at least {w}×{h} (now {cw}×{ch}).",
        "请放大终端窗口:至少需要 {w}×{h}(当前 {cw}×{ch})。",
    ),
    "language": ("English", "中文"),
    # Comparing with an older snapshot.
    "changes": ("Changes", "变化"),
    "change": ("Change", "变化"),
    "added": ("added", "新增"),
    "removed": ("removed", "删除"),
    "changed": ("changed", "修改"),
    "what": ("What", "项目"),
    "before": ("Before", "之前"),
    "now": ("Now", "现在"),
    "no_changes": ("No changes since the older snapshot.", "与旧快照相比没有变化。"),
    "changes_since": ("Changes since {name}: {n}", "自 {name} 以来的变化:{n} 项"),
    "older_snapshot": ("the older snapshot", "旧快照"),
    # The file: live reload and saving.
    "loaded_at": ("loaded {time}", "载入于 {time}"),
    "unsaved": ("● unsaved changes: ctrl+s saves", "● 有未保存的修改:ctrl+s 保存"),
    "disk_changed": ("changed on disk", "磁盘上的文件已更改"),
    "problems_short": ("file on disk has problems", "磁盘上的文件有错误"),
    "compared_with": ("Δ since {name}", "Δ 对比 {name}"),
    "read_only": ("read-only", "只读"),
    "read_only_note": (
        "This dashboard is read-only: editing and saving are off.",
        "本仪表板为只读:不能编辑或保存。",
    ),
    "invalid_file": (
        "{name} has problems and was not loaded; the last good data stays on screen:",
        "{name} 有错误,未载入;屏幕上仍是上次有效的数据:",
    ),
    "more_problems": (
        "… and {n} more: response-dashboard check {name} lists them all",
        "……另有 {n} 个问题:response-dashboard check {name} 可列出全部",
    ),
    "disk_changed_note": (
        "{name} changed on disk. Your unsaved changes are kept: r reloads the file "
        "(dropping them), ctrl+s offers to save them under another name.",
        "{name} 已在磁盘上被修改。你未保存的修改仍在:r 重新载入文件(放弃修改),"
        "ctrl+s 可另存为其他文件。",
    ),
    # Forms.
    "edit_figure": ("Edit figure", "编辑数字"),
    "add_gift": ("Add a gift", "添加捐赠"),
    "value_input": ("Value", "数值"),
    "raw_input": ("As written", "原文写法"),
    "bound_box": ("Lower bound (余, “more than”)", "下限(原文为“余”)"),
    "excerpt_input": ("Excerpt", "原文摘录"),
    "label_zh": ("Label (中文)", "名称(中文)"),
    "label_en": ("Label (English)", "名称(英文)"),
    "measure_input": ("Measure", "措施"),
    "apply": ("Apply", "应用"),
    "cancel": ("Cancel", "取消"),
    "valid": ("✓ Passes every check", "✓ 通过全部检查"),
    "form_keys": (
        "enter: apply · ctrl+s: apply and save · escape: cancel",
        "enter:应用 · ctrl+s:应用并保存 · escape:取消",
    ),
    "pick_figure": ("Which figure?", "编辑哪个数字?"),
}


def ui(key: str, lang: Lang, **values: object) -> str:
    """The interface label `key` in `lang`, with `{name}` placeholders filled from `values`."""
    en, zh = UI[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def ui_label(key: str) -> Text:
    """The interface label `key` in both languages, for what takes a bilingual `Text`."""
    en, zh = UI[key]
    return Text(zh=zh, en=en)
