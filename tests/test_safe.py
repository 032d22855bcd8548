"""Invisible and control characters made visible, Markdown escaped once, CSV formulas guarded.

`tui.core.safe.visible` decides by Unicode category, so every character of a category it
escapes is escaped, whether or not anyone thought of it; the code points below are the ones
a hand list had missed.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from tui.core.diff import Change, format_diff
from tui.core.export import csv_cell
from tui.core.safe import (
    _SURELY_SAFE,
    FILLERS,
    UNSAFE_CATEGORIES,
    escape_unsafe,
    md_text,
    unsafe,
    visible,
)

#: Invisible characters that were once shown as they are.
MISSED = {
    "\u00ad": "soft hyphen (Cf)",
    "\u034f": "combining grapheme joiner (a mark that draws nothing)",
    "\u115f": "Hangul choseong filler",
    "\u3164": "Hangul filler",
    "\u180e": "Mongolian vowel separator (Cf)",
    "\ufff9": "interlinear annotation anchor (Cf)",
    "\ufffa": "interlinear annotation separator (Cf)",
    "\ufffb": "interlinear annotation terminator (Cf)",
    "\U000e0000": "tag block, unassigned",
    "\U000e0001": "language tag",
    "\U000e0020": "tag space",
    "\U000e0041": "tag latin capital letter A",
    "\U000e007f": "cancel tag",
}


@pytest.mark.parametrize("char", list(MISSED), ids=[f"U+{ord(c):04X}" for c in MISSED])
def test_each_invisible_character_is_made_visible(char: str) -> None:
    code = ord(char)
    escape = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    if code <= 0xFF:
        escape = f"\\x{code:02x}"
    shown = visible(f"a{char}b")
    assert shown == f"a{escape}b"
    assert char not in shown


def test_hidden_ascii_in_tag_characters_is_spelled_out() -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore me")
    shown = visible("name" + hidden)
    assert shown.startswith("name\\U000e0069\\U000e0067")
    assert all(ord(c) < 0x80 for c in shown)


def test_every_character_of_an_unsafe_category_is_escaped() -> None:
    """The whole code space, against the rule the module states."""
    for code in range(0x110000):
        char = chr(code)
        expected = char not in "\t\n\u200c\u200d" and (
            unicodedata.category(char) in UNSAFE_CATEGORIES or char in FILLERS
        )
        assert unsafe(char) is expected, f"U+{code:04X}"


def test_the_fast_path_skips_only_safe_characters() -> None:
    surely_safe = re.compile(f"[{_SURELY_SAFE}]")
    for code in range(0x110000):
        char = chr(code)
        if surely_safe.fullmatch(char):
            assert not unsafe(char), f"U+{code:04X} is skipped but unsafe"


def test_what_stays() -> None:
    family = "👩\u200d👩\u200d👧"  # zero-width joiners hold the emoji together
    for text in (family, "同仁县 ¥123,000 ≥ ▏▎▍", "tab\tand\nnewline", "\ue000 private use"):
        assert visible(text) == text


def test_json_and_toml_escapes_read_back_as_the_same_characters() -> None:
    import json
    import tomllib

    text = "a\u00ad\U000e0041\u202eb"
    as_json = escape_unsafe(json.dumps({"k": text}, ensure_ascii=False))
    assert "\u00ad" not in as_json and "\U000e0041" not in as_json
    assert json.loads(as_json) == {"k": text}
    as_toml = escape_unsafe(f'k = "{text}"\n', "toml")
    assert "\U000e0041" not in as_toml
    assert tomllib.loads(as_toml) == {"k": text}


# --- Markdown: one escaping for the export and the diff -----------------------------------------


@pytest.mark.parametrize("text", ["~~struck~~", "$x^2$", "&amp; &#38;", "[a](b)", "*em* `c` <b>"])
def test_diff_md_escapes_what_the_md_export_escapes(text: str) -> None:
    changes = [Change("changed", "report.title.en", "plain", text)]
    table_row = format_diff(changes, "md").splitlines()[-1]
    assert md_text(f'"{text}"') in table_row
    # Every character that Markdown would act on is escaped (an `&` only before an entity).
    assert re.search(r"(?<!\\)[~$*`<\[]|(?<!\\)&(?=#?\w+;)", table_row) is None, table_row


# --- CSV: formulas behind white space ---------------------------------------------------------


@pytest.mark.parametrize("text", [" =1+1", "  +1", "\n-2+3", "\n@SUM(A1)", " \n=HYPERLINK(x)"])
def test_a_formula_behind_white_space_is_guarded(text: str) -> None:
    assert csv_cell(text).startswith("'")


@pytest.mark.parametrize("text", ["a =1", "1-2", "同仁 = 县", " plain"])
def test_text_that_is_no_formula_is_left_alone(text: str) -> None:
    assert csv_cell(text) == text
