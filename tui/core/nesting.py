"""Refusing absurdly nested TOML before the parser sees it.

toml_rs recurses once per nested array or inline table: on the main thread about 10,000
levels kill the process (a segfault, not an exception), and its position-keeping parse
(`load_with_metadata`) also dies on a dotted key of a few hundred thousand parts. No report
needs more than a handful of levels, so anything deeper than `LIMIT` is refused with a
position, before any parse.

The check must cost little on a large valid report, which has far more brackets than the
limit. `nesting_problem` works in three steps, each run only when the one before cannot
decide:

1. counting `[`, `{` and `.` in a small text: it cannot nest deeper than it has brackets;
2. a byte-level pass: keep only the structural bytes (quotes, brackets, dots, `=`, `,`,
   `#`, `\\`), drop the strings, and peel matched bracket pairs layer by layer. Only C-level
   bytes operations; about 0.04 s on a 50 MB report (toml_rs parses it in about 0.8 s). It
   gives up (undecided) on comments, literal or multi-line strings and escapes, which it
   does not model;
3. a token scan in Python that understands every kind of TOML string and comment, and
   stops at the first place too deep. Exact, slower; it runs only on files that step 2
   could not clear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: The deepest nesting accepted: arrays and inline tables, or parts of one dotted key.
LIMIT = 100

_KEEP = b"\"'#\\[]{}.=,"
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_QUOTED = re.compile(rb'"[^"]*"')

# One TOML token that matters for depth; everything else (whitespace, `=`, `,`, numbers'
# signs) is skipped. A dotted run is a key's parts (bare or quoted) joined by dots; a
# float (`1.5`) is a run of two parts, harmless. Multi-line strings come first so that
# `"""` is not read as an empty string and a quote.
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_PART = rf"(?:[A-Za-z0-9_+:-]+|{_BASIC}|{_LITERAL})"
_TOKEN = re.compile(
    rf"""
      (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*"{{3,5}}
        | '''(?:[^']|'(?!''))*'{{3,5}} )
    | (?P<run>{_PART}(?:[ \t]*\.[ \t]*{_PART})*)
    | (?P<stray>["'])
    | (?P<comment>\#[^\n]*)
    | (?P<open>[\[{{])
    | (?P<close>[\]}}])
    """,
    re.VERBOSE | re.DOTALL,
)
_PARTS = re.compile(_PART)


def nesting_problem(
    text: str | Callable[[], str], data: bytes | None = None
) -> tuple[int, int] | None:
    """Where `text` first nests deeper than `LIMIT` (line, column, 1-based characters).

    None when it does not. `data` is `text` encoded as UTF-8, when the caller has it; then
    `text` may be a function that gives the text, called only when the bytes cannot decide
    (a caller that holds a large text in pieces need not join them).
    """
    if data is None:
        if callable(text):
            text = text()
        data = text.encode("utf-8", "surrogatepass")
    if len(data) <= _SMALL and data.count(b"[") + data.count(b"{") + data.count(b".") < LIMIT:
        return None
    if _surely_shallow(data):
        return None
    return _first_too_deep(text() if callable(text) else text)


# Below this many bytes, counting is cheaper than any other step; above it, a count
# never decides (a report has thousands of brackets) and would only cost time.
_SMALL = 1 << 16


def _surely_shallow(data: bytes) -> bool:
    """True when the structure outside strings is certainly no deeper than `LIMIT`."""
    # Every byte that can open or close a string, a comment or a level, in order. UTF-8
    # never puts an ASCII byte inside a multi-byte character, so nothing else can hide one.
    marks = data.translate(None, _DROP)
    if b'"""' in marks or b"'''" in marks or b"\\" in marks:
        return False  # multi-line strings and escapes are not modelled here
    # Adjacent quotes are an empty string, or the end of one string and the start of the
    # next with nothing structural between: dropping them changes no depth.
    marks = marks.replace(b'""', b"")
    if b'"' in marks:
        marks = _QUOTED.sub(b"", marks)
    if b"'" in marks or b"#" in marks or b'"' in marks:
        return False  # literal strings and comments are not modelled here
    if b"." * LIMIT in marks:  # a dotted key of more than LIMIT parts, or undecided
        return False
    brackets = marks.translate(None, b".=,")
    # Each round peels at least one layer and at most two ([] then {}), so an empty
    # string within LIMIT // 2 rounds means no more than LIMIT levels.
    for _ in range(LIMIT // 2):
        if not brackets:
            return True
        peeled = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if peeled == brackets:
            return False  # unbalanced: a syntax error somewhere; let the exact scan judge
        brackets = peeled
    return not brackets


def _first_too_deep(text: str) -> tuple[int, int] | None:
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth > LIMIT:
                return _line_col(text, match.start())
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "run":
            run = match.group()
            if run.count(".") >= LIMIT and len(_PARTS.findall(run)) > LIMIT:
                return _line_col(text, match.start())
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)
