"""Every label the dashboard and the bilingual exports show, in English and Chinese.

One shape for all of them, `Label(en, zh)`, and one way to choose between the two,
`Label.pick(lang)` (or `pick(lang, en, zh)` for a pair that is not in a table). The table
`LABELS` holds the interface's own words (pane titles, headings, hints, prompts and
notifications); the tables of kinds, forms and units of measure in `tui.core.model` are
`Label`s too. A test checks that every entry has both languages, and that the Textual side
shows no English literal that is not here.

Plain Python: the Markdown export and the command line use these without Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .model import Lang


class Label(NamedTuple):
    """One label in both languages. A named tuple, so `en, zh = label` reads it too."""

    en: str
    zh: str

    def pick(self, lang: Lang) -> str:
        """The label in `lang`."""
        return self.zh if lang == "zh" else self.en

    def format(self, lang: Lang, **values: object) -> str:
        """The label in `lang`, with `{name}` placeholders filled from `values`."""
        text = self.pick(lang)
        return text.format(**values) if values else text


def pick(lang: Lang, en: str, zh: str) -> str:
    """`en` or `zh`, whichever `lang` is: for a pair of strings that is not a `Label`."""
    return zh if lang == "zh" else en


def label_of(table: dict[str, Label], key: str) -> Label:
    """`table[key]`, or `key` itself in both languages for a key the table does not know (a
    kind or unit a newer snapshot brings)."""
    return table.get(key) or Label(key, key)


#: Labels of the interface, English and Chinese.
LABELS: dict[str, Label] = {
    "overview": Label("Overview", "概览"),
    "units": Label("Units", "单位"),
    "townships": Label("Townships", "乡镇"),
    "donations": Label("Donations", "捐赠"),
    "figures": Label("Figures", "数字"),
    "office": Label("Office", "发布单位"),
    "date": Label("Date", "日期"),
    "region": Label("Region", "地区"),
    "headline": Label("Headline figures", "主要数字"),
    "group": Label("Group", "类别"),
    "figure": Label("Figure", "数字"),
    "value": Label("Value", "数值"),
    "name": Label("Name", "名称"),
    "kind": Label("Kind", "类型"),
    "sections": Label("Sections", "所在部分"),
    "measures": Label("Measures", "措施数"),
    "key_figures": Label("Key figures", "主要数字"),
    "donor": Label("Donor", "捐赠方"),
    "form": Label("Form", "形式"),
    "amount": Label("Amount", "金额"),
    "recipient": Label("Recipient", "接受方"),
    "source": Label("From", "来源"),
    "gifts": Label("Itemised gifts", "逐项捐赠"),
    "totals": Label("Totals per form", "按形式合计"),
    "gift_totals": Label("Itemised gifts, total per form", "逐项捐赠合计（按形式）"),
    "receipts": Label("Received by the Red Cross", "红十字会接受捐赠"),
    "receipt_totals": Label("Received by the Red Cross, per form", "红十字会接受捐赠（按形式）"),
    "not_added": Label(
        "The Red Cross figures are what it received from all of society. The itemised gifts "
        "may or may not be part of them, so the two are shown apart and never added together.",
        "红十字会的数字是其接受的全社会捐赠。逐项捐赠可能包含在其中，也可能不在，"
        "因此两者分开列出，不相加。",
    ),
    "sections_title": Label("The report, section by section", "报告各部分"),
    "not_added_short": Label(
        "Gifts and Red Cross receipts are apart, never added: the gifts may be part of what "
        "the Red Cross received. Each chart has its own scale; ≥: at least (余).",
        "逐项捐赠与红十字会接受捐赠分开列出，不相加：逐项捐赠可能包含在红十字会接受的捐赠中。"
        "两图各用各的比例；≥：下限（余）。",
    ),
    "apart_short": Label("apart, never added", "分开列出，不相加"),
    "apart_note": Label(
        "Gifts and Red Cross receipts: apart, never added; each chart on its own scale. "
        "≥: at least (余).",
        "逐项捐赠与红十字会接受捐赠分开列出，不相加；两图各用各的比例。≥：下限（余）。",
    ),
    "lower_bound_note": Label(
        "Each chart has its own scale. ≥ marks a lower bound: the source says 余, “more than”.",
        "两图各用各的比例。≥ 表示下限：原文为“余”。",
    ),
    "no_rows": Label("No rows match.", "没有匹配的行。"),
    # What a table or panel says when it has nothing to show, and its status line.
    "no_items": Label("Nothing to show.", "没有内容。"),
    "no_match": Label("No row matches “{query}”.", "没有与“{query}”匹配的行。"),
    "no_units": Label("This report names no units.", "本报告没有列出单位。"),
    "no_townships": Label("This report names no townships.", "本报告没有列出乡镇。"),
    "no_gifts": Label("This report itemises no gifts.", "本报告没有逐项列出捐赠。"),
    "no_receipts": Label("This report gives no receipts.", "本报告没有列出接受的捐赠。"),
    "no_sections": Label("This report has no sections.", "本报告没有分部分。"),
    "no_figures_report": Label("This report gives no figures.", "本报告没有数字。"),
    "no_selection": Label("No row selected.", "未选中任何行。"),
    "measures_title": Label("Measures", "措施"),
    "gift_title": Label("Gift", "捐赠"),
    "enter_detail": Label("enter: full detail", "enter：完整详情"),
    "status_sort": Label("sort {column} {mark}", "排序 {column} {mark}"),
    "status_filter": Label("filter “{query}” {n}/{total}", "筛选“{query}” {n}/{total}"),
    "no_figures": Label("No figures.", "没有数字。"),
    "match": Label("{n} of {total} match", "匹配 {n} / {total}"),
    "filter": Label("Filter", "筛选"),
    "raw": Label("As written", "原文写法"),
    "excerpt": Label("Source excerpt", "原文摘录"),
    "category": Label("Group", "类别"),
    "owner": Label("Reported for", "所属"),
    "owner_short": Label("Owner", "所属"),
    "measure": Label("Measure", "措施"),
    "section": Label("Section", "部分"),
    "members": Label("Members", "成员"),
    "lower_bound": Label("a lower bound: 余 means “more than”", "下限：原文为“余”"),
    "exact": Label("exact, as stated", "确数"),
    "back_hint": Label("escape: back", "escape：返回"),
    "help_title": Label("Keys", "按键"),
    "too_small": Label(
        "Make the terminal larger: this dashboard needs at least {w}×{h} (now {cw}×{ch}).",
        "请放大终端窗口：至少需要 {w}×{h}（当前 {cw}×{ch}）。",
    ),
    "language": Label("English", "中文"),
    # Comparing with an older snapshot.
    "changes": Label("Changes", "变化"),
    "change": Label("Change", "变化"),
    "added": Label("added", "新增"),
    "removed": Label("removed", "删除"),
    "changed": Label("changed", "修改"),
    "what": Label("What", "项目"),
    "before": Label("Before", "之前"),
    "now": Label("Now", "现在"),
    "no_changes": Label("No changes since the older snapshot.", "与旧快照相比没有变化。"),
    "changes_since": Label("Changes since {name}: {n}", "自 {name} 以来的变化：{n} 项"),
    "older_snapshot": Label("the older snapshot", "旧快照"),
    # The file: live reload and saving.
    "loaded_at": Label("loaded {time}", "载入于 {time}"),
    "saved_at": Label("saved {time}", "保存于 {time}"),
    "unsaved": Label("● unsaved changes: ctrl+s saves", "● 有未保存的修改：ctrl+s 保存"),
    "disk_changed": Label("changed on disk", "磁盘上的文件已更改"),
    "problems_short": Label("file on disk has problems", "磁盘上的文件有错误"),
    "compared_with": Label("Δ since {name}", "Δ 对比 {name}"),
    "read_only": Label("read-only", "只读"),
    "read_only_note": Label(
        "This dashboard is read-only: editing and saving are off.",
        "本仪表板为只读：不能编辑或保存。",
    ),
    "invalid_file": Label(
        "{name} has problems and was not loaded; the last good data stays on screen:",
        "{name} 有错误，未载入；屏幕上仍是上次有效的数据：",
    ),
    "more_problems": Label(
        "… and {n} more: response-dashboard check {name} lists them all",
        "……另有 {n} 个问题：response-dashboard check {name} 可列出全部",
    ),
    "disk_changed_note": Label(
        "{name} changed on disk. Your unsaved changes are kept: r reloads the file "
        "(dropping them), ctrl+s offers to save them under another name.",
        "{name} 已在磁盘上被修改。你未保存的修改仍在：r 重新载入文件（放弃修改），"
        "ctrl+s 可另存为其他文件。",
    ),
    # Forms.
    "edit_figure": Label("Edit figure", "编辑数字"),
    "edit_title": Label("Edit figure: {label} ({value})", "编辑数字：{label}（{value}）"),
    "add_gift": Label("Add a gift", "添加捐赠"),
    "value_input": Label("Value", "数值"),
    "raw_input": Label("As written", "原文写法"),
    "bound_box": Label("Lower bound (余, “more than”)", "下限（原文为“余”）"),
    "excerpt_input": Label("Excerpt", "原文摘录"),
    "label_zh": Label("Label (中文)", "名称（中文）"),
    "label_en": Label("Label (English)", "名称（英文）"),
    "measure_input": Label("Measure", "措施"),
    "apply": Label("Apply", "应用"),
    "cancel": Label("Cancel", "取消"),
    "valid": Label("✓ Passes every check", "✓ 通过全部检查"),
    "form_keys": Label(
        "enter: apply · ctrl+s: apply and save · escape: cancel",
        "enter：应用 · ctrl+s：应用并保存 · escape：取消",
    ),
    "settings_ignored": Label(
        "The remembered settings were ignored: {problem}",
        "已忽略保存的设置：{problem}",
    ),
    "settings_not_saved": Label(
        "The settings could not be saved: {problem}",
        "无法保存设置：{problem}",
    ),
    "pick_figure": Label("Which figure?", "编辑哪个数字?"),
    # Questions and notifications.
    "reload_title": Label("Reload and drop your changes?", "重新载入并放弃修改?"),
    "has_unsaved": Label("{name} has unsaved changes.", "{name} 有未保存的修改。"),
    "reload_drops": Label(
        "Reloading shows the file as it is on disk; your changes are dropped.",
        "重新载入会显示磁盘上的文件，你的修改将被放弃。",
    ),
    "reload": Label("Reload", "重新载入"),
    "not_applied": Label("Not applied", "未应用"),
    "changed_while_open": Label(
        "The report changed while the form was open (reloaded from disk): edit it again.",
        "表单打开期间报告已改变（从磁盘重新载入）：请重新编辑。",
    ),
    "still_loading": Label(
        "Still loading the file: save again in a moment.", "文件仍在载入：请稍后再保存。"
    ),
    "nothing_to_save": Label("No changes to save.", "没有需要保存的修改。"),
    "comments_title": Label("Comments will be dropped", "注释将被删除"),
    "has_comments": Label(
        "{name} has comments (lines {lines}).", "{name} 含有注释（第 {lines} 行）。"
    ),
    "has_comment": Label(
        "{name} has comments (line {lines}).", "{name} 含有注释（第 {lines} 行）。"
    ),
    "saving_drops_comments": Label(
        "Saving writes the report without them; the file as it is now is kept in {name}.bak.",
        "保存时不会写入注释；文件当前的版本保存在 {name}.bak 中。",
    ),
    "save_anyway": Label("Save anyway", "仍然保存"),
    "overwrite_title": Label("Overwrite?", "覆盖?"),
    "overwrite_question": Label(
        "{name} exists. Overwrite it with this report?", "{name} 已存在。用此报告覆盖它?"
    ),
    "overwrite": Label("Overwrite", "覆盖"),
    "save_as": Label("Save as", "另存为"),
    "save_as_more": Label("Save as…", "另存为…"),
    "save_to": Label("Save the report to the file:", "把报告保存到文件："),
    "not_saved": Label("Not saved", "未保存"),
    "saved": Label("Saved", "已保存"),
    "saved_file": Label("Saved {name}", "已保存 {name}"),
    "saved_file_backup": Label("Saved {name} (backup {backup})", "已保存 {name}（备份 {backup}）"),
    "save_bundled": Label(
        "The bundled report is read-only. Save your version to the file:",
        "随程序附带的报告为只读。把你的版本保存到文件：",
    ),
    "bundled_refused": Label(
        "{name} is the bundled report: choose another file.",
        "{name} 是随程序附带的报告：请另选文件。",
    ),
    "conflict_title": Label("Not saved: the file changed on disk", "未保存：磁盘上的文件已更改"),
    "conflict_choice": Label(
        "Reload it (your changes are dropped), or save your version under another name.",
        "重新载入（放弃你的修改），或把你的版本另存为其他文件。",
    ),
    "unsaved_title": Label("Unsaved changes", "未保存的修改"),
    "not_saved_yet": Label("{name} has changes that are not saved.", "{name} 有尚未保存的修改。"),
    "save": Label("Save", "保存"),
    "discard": Label("Discard", "放弃"),
    "nothing_to_apply": Label("Nothing to apply.", "没有可应用的内容。"),
    "check_fails": Label("Not applied: the check fails", "未应用：检查未通过"),
    "file_name_please": Label("A file name, please.", "请输入文件名。"),
    # Punctuation that differs between the languages.
    "colon": Label(": ", "："),
    "list_sep": Label(", ", "、"),
}


def label(key: str, lang: Lang, **values: object) -> str:
    """The interface label `key` in `lang`, with `{name}` placeholders filled from `values`."""
    return LABELS[key].format(lang, **values)
