"""What a form says about a finding, as a sentence in the language of the labels.

A `Finding` of the check (tui.core.validate) says what is wrong in the words of a problem
line, made for a file and a reader of `check`'s output: `value: does not match raw form
'119名' (expected 119, got 120)`. A form says it to someone typing: `Value must match 119名
(= 119)`, in English or in Chinese, and shows the key path apart (the form puts it on a line
of its own). `SENTENCES` holds every such sentence in both languages, with the names of the
fields they speak of and the few other words of the forms, each a `Label` as the labels of
the interface are (tui.core.labels).

Plain Python: no Textual or Rich.
"""

from __future__ import annotations

from .labels import Label
from .model import Lang
from .safe import visible_line
from .validate import Finding, KeyPath

#: Every sentence and word of the forms, in English and Chinese. Sentences are named by the
#: rule of the finding they say (`Finding.rule`); `{field}` is the name of the field, the
#: other `{…}` the finding's facts.
SENTENCES: dict[str, Label] = {
    # Findings of the check, and of the forms.
    "value_mismatch": Label(
        "{field} must match {raw} (= {expected})",
        "{field}须与原文写法 {raw} 相符(= {expected})",
    ),
    "raw_not_a_number": Label(
        "{field} must start with a number, as in 12.3万余元",
        "{field}须以数字开头,如 12.3万余元",
    ),
    # The reader's reason (tui.core.rawform) is in English in either language.
    "raw_unreadable": Label(
        "{field} must be a number read in full ({reason})",
        "{field}须能完整读作数字({reason})",
    ),
    "raw_unstateable": Label(
        "{raw} says {says}: {field} can only be exact or a lower bound",
        "{raw} 含“{words}”:{field}只能是确数或下限",
    ),
    "bound_mismatch_true": Label(
        "{raw} says {words} (more than): Lower bound must be on",
        "{raw} 含“{words}”:须勾选下限",
    ),
    "bound_mismatch_false": Label(
        "{raw} has no 余: Lower bound must be off",
        "{raw} 没有“余”:不应勾选下限",
    ),
    "raw_not_in_excerpt": Label(
        "The excerpt must contain {raw} as written",
        "原文摘录须包含原文写法 {raw}",
    ),
    "blank_text": Label("{field} must not be blank", "{field}不能为空"),
    "value_not_a_number": Label(
        "{field} must be a number, such as {example} or 0.5",
        "{field}须为数字,如 {example} 或 0.5",
    ),
    "excerpt_not_in_measure": Label(
        "Warning: the excerpt is not in the measure's Chinese text",
        "注意:原文摘录不在该措施的原文中",
    ),
    "unproposed_unreadable": Label(
        "No value proposed: {raw} cannot be read as a number",
        "未填入数值:{raw} 无法读作数字",
    ),
    "unproposed_unstateable": Label(
        "No value proposed: {raw} says {says}, which a figure cannot state",
        "未填入数值:{raw} 含“{words}”,数值只能是确数或下限",
    ),
    # A finding with no sentence of its own: its message, as the check says it.
    "other": Label("{message}", "未通过检查:{message}"),
    # The fields the sentences name, by the end of their key path.
    "field_value": Label("Value", "数值"),
    "field_raw": Label("As written", "原文写法"),
    "field_lower_bound": Label("Lower bound", "下限"),
    "field_excerpt": Label("Excerpt", "原文摘录"),
    "field_label_zh": Label("Label (中文)", "名称(中文)"),
    "field_label_en": Label("Label (English)", "名称(英文)"),
    "field_recipient_zh": Label("Recipient (中文)", "接受方(中文)"),
    "field_recipient_en": Label("Recipient (English)", "接受方(英文)"),
    "field_other": Label("This field", "此项"),
    # The forms' own words.
    "still_to_fill": Label("Still to fill in: {fields}", "尚待填写:{fields}"),
    "recipient_none": Label("(not said)", "(原文未说明)"),
    "recipient_new": Label("Another recipient…", "其他接受方……"),
}


def text(key: str, lang: Lang) -> str:
    """The word or sentence `key` of `SENTENCES` in `lang`."""
    return SENTENCES[key].pick(lang)


def field_key(path: KeyPath) -> str:
    """The field a key path ends in, as `SENTENCES` names it (`field_label_en`)."""
    tail = [part for part in path[-2:] if isinstance(part, str)]
    for size in (2, 1):
        key = "field_" + "_".join(tail[-size:])
        if len(tail) >= size and key in SENTENCES:
            return key
    return "field_other"


def sentence(finding: Finding, lang: Lang) -> str:
    """`finding` as one sentence in `lang`, without its key path (shown apart).

    User text in it (a raw form) is cut short and its control characters made visible, as
    in the check's own messages; the caller shows the sentence as text, never as markup.
    """
    facts = {
        name: visible_line(value) if name in _WHOLE else _short(value)
        for name, value in finding.facts
    }
    rule = finding.rule
    if rule == "bound_mismatch":
        rule = f"bound_mismatch_{facts.get('bound', 'false')}"
    if rule not in SENTENCES:
        message = finding.message
        return text("other", lang).format(
            message=message[:1].upper() + message[1:] if lang == "en" else message
        )
    return text(rule, lang).format(field=text(field_key(finding.path), lang), **facts)


# Text shown inside a sentence is cut here, as the check cuts it in its messages.
_SHORT = 40
# Facts the check words itself, user text in them already cut (a reader's reason): whole.
_WHOLE = frozenset({"reason", "says"})


def _short(value: str) -> str:
    return visible_line(value if len(value) <= _SHORT else value[: _SHORT - 1] + "…")
