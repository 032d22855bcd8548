"""The one boundary through which data text reaches a screen or a text export.

A report is user-edited text. Control characters would reach the terminal as they are
(neither Rich nor Textual removes ESC, CSI, OSC, C1, NUL or bidi overrides), and invisible
ones would make two different names look the same (or carry hidden text: the tag characters
U+E0020–E007F spell ASCII that nobody sees). So every such character is turned into a
visible escape here: ESC becomes `\\x1b`, U+202E `\\u202e`, a tag `\\U000e0041`.

What is made visible is decided by Unicode category (`unicodedata`), not by a hand list:

- `Cc` controls, but tab and newline (which callers handle);
- `Cf` format characters (soft hyphen, bidi controls, zero-width space, word joiner, BOM,
  interlinear annotation marks, tag characters, …), but the zero-width joiner and
  non-joiner, which emoji sequences and some scripts need;
- `Zl`, `Zp` (line and paragraph separators, which some terminals treat as newlines);
- `Cs` (lone surrogates: no file holds one, a `str` can) and `Cn` (unassigned: nobody
  knows how wide a terminal draws it, and what is unassigned today may be a format
  character tomorrow);
- the characters that are letters or marks by category but draw as nothing: the Hangul
  fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner U+034F, and the
  Khmer inherent vowels U+17B4, U+17B5.

Private-use characters (`Co`) stay: they control nothing, and icon fonts draw them.
Terminal markup is not this module's concern: widgets pass the result as `Text`/`Content`,
never as markup. Markdown is: `md_text` is the one escaping of data text for a Markdown
line, used by the Markdown export and by `diff --format md` alike. Plain Python, no
Textual, so exports share it.
"""

from __future__ import annotations

import re
import unicodedata

#: The categories whose characters are made visible (see the module docstring).
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})
#: Letters and marks that draw as nothing.
FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
#: Format characters that stay: emoji ZWJ sequences and some scripts need them.
_KEPT = frozenset("\u200c\u200d\t\n")

# Characters that are safe (assigned and visible) in Unicode 6.0 and every version since,
# so that common text (ASCII, Latin-1, CJK, kana, Hangul syllables, punctuation, box drawing,
# arrows, the bars' blocks) never reaches the per-character category check below. Anything else
# is looked at one character at a time; the answer is the same, only slower.
_SURELY_SAFE = (
    "\t\n\x20-\x7e\xa0-\xac\xae-\xff\u0100-\u024f"
    "\u2010-\u2027\u2030-\u205e\u2070-\u2071\u2074-\u208e\u20a0-\u20b9"
    "\u2100-\u218b\u2190-\u23f3\u2460-\u26ff\u2e80-\u2e99\u2e9b-\u2ef3"
    "\u3000-\u303f\u3041-\u3096\u3099-\u30ff\u3400-\u4db5\u4e00-\u9fcc"
    "\uac00-\ud7a3\uf900-\ufa2d\uff01-\uff9f\uffa1-\uffbe"
)
_CANDIDATES = re.compile(f"[^{_SURELY_SAFE}]+")


def unsafe(char: str) -> bool:
    """Whether one character is made visible by `visible`."""
    if char in _KEPT:
        return False
    return char in FILLERS or unicodedata.category(char) in UNSAFE_CATEGORIES


def escape_char(char: str) -> str:
    """`\\x1b`, `\\u202e`, `\\U000e0041`: the escape that `visible` shows for `char`."""
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _escape_run(match: re.Match[str]) -> str:
    run = match.group()
    return "".join(escape_char(c) if unsafe(c) else c for c in run)


def visible(text: str) -> str:
    """`text` with every unsafe character (see the module docstring) as a visible escape."""
    return _CANDIDATES.sub(_escape_run, text)


def visible_line(text: str) -> str:
    """Like `visible`, and newlines and tabs shown as spaces: for one-line cells and titles."""
    return visible(text).replace("\n", " ").replace("\t", " ")


def escape_unsafe(text: str, escape: str = "json") -> str:
    """`text` (a JSON or TOML document) with every unsafe character outside ASCII written
    as an escape the format reads back as the same character: inside a string, `\\uXXXX`
    (a surrogate pair in JSON, `\\UXXXXXXXX` in TOML, past U+FFFF).

    Only for documents whose unsafe characters can only be inside strings: C0 controls are
    escaped by both writers already, and nothing else of the syntax is outside ASCII.
    """

    def one(char: str) -> str:
        code = ord(char)
        if code <= 0xFFFF:
            return f"\\u{code:04x}"
        if escape == "toml":
            return f"\\U{code:08x}"
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    def run(match: re.Match[str]) -> str:
        return "".join(one(c) if unsafe(c) and c >= "\x7f" else c for c in match.group())

    return _CANDIDATES.sub(run, text)


# --- Markdown -------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"[\\`*_\[\]<|~#$]")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_text(text: str) -> str:
    """Data text for one line (or one table cell) of Markdown: visible controls, no
    newline, no live syntax.

    Inline syntax (emphasis, links, code, HTML, table pipes, strike-through, math) is
    backslash-escaped everywhere, and so is `&` where it would start an entity; a leading
    list, quote or heading marker is escaped so that it starts no block. Leading and
    trailing whitespace is dropped (it would turn a line into a code block).
    """
    s = _MD_INLINE.sub(r"\\\g<0>", visible_line(text).strip())
    s = _MD_ENTITY.sub(r"\\&", s)
    if s[:1] in ("-", "+", "=", ">"):
        s = "\\" + s
    return _MD_ORDERED.sub(r"\1\\\2", s)
