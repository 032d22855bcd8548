"""The one boundary through which data text reaches a screen or a text export.

A report is user-edited text. Control characters would reach the terminal as they are
(neither Rich nor Textual removes ESC, CSI, OSC, C1, NUL or bidi overrides), so they are
turned into visible escapes here: ESC becomes `\\x1b`, U+202E becomes `\\u202e`, and so
do invisible characters such as the zero-width space (`\\u200b`). Markup is not this
module's concern: widgets pass the result as `Text`/`Content`, never as markup. Plain
Python, no Textual, so exports share it.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates,
# and the line/paragraph separators that some terminals treat as newlines. Also the invisible
# characters that carry no joining: the zero-width space, the word joiner and invisible
# operators, the zero-width no-break space (a BOM), and the bidi marks (LRM, RLM, ALM).
# Invisible, they would make two different names look the same, and terminals disagree on
# their width. The zero-width joiner and non-joiner stay: emoji and some scripts need them.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\u200b\u200e\u200f\u061c\u2060-\u2064\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every unsafe control character shown as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def visible_line(text: str) -> str:
    """Like `visible`, and newlines and tabs shown as spaces: for one-line cells and titles."""
    return visible(text).replace("\n", " ").replace("\t", " ")
