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
3. an exact scan that understands every kind of TOML string and comment, and stops at
   the first place too deep: a state machine over the bytes, jumping from one byte that
   matters to the next with C-level searches. Linear in time, and it holds little more
   than its state (at most a copy of the stretch between two dots); slower than step 2 on
   a file full of brackets, so it runs only on files that step 2 could not clear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: The deepest nesting accepted: arrays and inline tables, or parts of one dotted key.
LIMIT = 100

_KEEP = b"\"'#\\[]{}.=,"
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_QUOTED = re.compile(rb'"[^"]*"')

# The exact scan (step 3) reads the bytes as a small state machine: outside strings it jumps
# to the next byte that can change the depth or end a dotted key; inside a string or a
# comment it jumps to the byte that can end it. Every jump is one C-level search, and a
# search never looks back, so the scan is linear in the file's size and holds no more than a
# match at a time (a regex over a whole string, with alternatives inside a repeat, kept
# backtracking state for every character: 9 GB for a 50 MB string).
_OUTSIDE = re.compile(rb"[\[\]{}\"'#.]")
# Inside a basic string the scan jumps to the next backslash or quote (or newline): a
# run of backslashes is taken whole (`_BACKSLASHES`), and an odd run escapes the byte after
# it. Searching for a run followed by a quote instead would try every start inside a long
# run that is not followed by one: quadratic.
_BASIC_STOP = re.compile(rb'[\\"\n]')
_MULTI_BASIC_STOP = re.compile(rb'[\\"]')
_BACKSLASHES = re.compile(rb"\\+")
_LITERAL_END = re.compile(rb"['\n]")
_BARE = rb"[A-Za-z0-9_+:-]"
_BARE_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+:-"
#: A bare key part, alone between two dots (white space around it).
_BARE_PART = re.compile(rb"[ \t]*" + _BARE + rb"+[ \t]*")
_BLANK = re.compile(rb"[ \t]*")
#: What can follow a dot as the next part of a key.
_PART_AHEAD = re.compile(rb"[ \t]*(?:" + _BARE + rb"|[\"'])")


def nesting_problem(
    text: str | Callable[[], str], data: bytes | None = None
) -> tuple[int, int] | None:
    """Where `text` first nests deeper than `LIMIT` (line, column, 1-based characters).

    None when it does not. `data` is `text` encoded as UTF-8, when the caller has it; then
    `text` may be a function that gives the text, and is not called: every step reads the
    bytes (a caller that holds a large text in pieces need not join them).
    """
    if data is None:
        if callable(text):
            text = text()
        data = text.encode("utf-8", "surrogatepass")
    if len(data) <= _SMALL and data.count(b"[") + data.count(b"{") + data.count(b".") < LIMIT:
        return None
    if _surely_shallow(data):
        return None
    offset = _scan(data)
    return None if offset is None else _line_col(data, offset)


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
    """Where `text` first nests deeper than `LIMIT`, by the exact scan."""
    data = text.encode("utf-8", "surrogatepass")
    offset = _scan(data)
    return None if offset is None else _line_col(data, offset)


def _scan(data: bytes) -> int | None:
    """The byte offset where `data` first nests deeper than `LIMIT`; None when it does not.

    Arrays and inline tables count one level each (`[[units]]` too, for the moment it is
    open). A dotted key counts its parts: bare ones, quoted ones and the dots between them,
    with spaces or tabs around the dots; anything else ends it. A string that does not
    close (invalid TOML) runs to the end of its line (or of the file, for a multi-line
    one), as the parser reads it: the parser stops there, so nothing after it can nest.
    """
    limit = LIMIT
    depth = 0
    end = len(data)
    # The dotted key being read: its start, the number of its dots, where its last part or
    # dot ended, and whether that was a dot ("dot"), a quoted part ("part") or neither.
    key_start, dots, last, after = 0, 0, 0, ""
    pos = 0
    while True:
        found = _OUTSIDE.search(data, pos)
        if found is None:
            return None
        at = found.start()
        byte = data[at]
        if byte == 0x2E:  # "."
            if (after == "dot" and _BARE_PART.fullmatch(data, last, at)) or (
                after == "part" and _BLANK.fullmatch(data, last, at)
            ):
                dots += 1
            else:  # a new key, starting with the bare part right before the dot
                key_start = _bare_part_before(data, last, at)
                if key_start == at:  # no part before the dot: no key (invalid TOML)
                    last, after, pos = at + 1, "", at + 1
                    continue
                dots = 1
            if dots >= limit and _PART_AHEAD.match(data, at + 1):
                return key_start  # more than `limit` parts
            last, after, pos = at + 1, "dot", at + 1
            continue
        if byte in b"\"'":
            quote = data[at : at + 1]
            part_ahead = after == "dot" and _BLANK.fullmatch(data, last, at) is not None
            # A key part is a one-line string: after a dot, `"""` is the empty part `""`
            # followed by a quote, as the parser reads it (and stops there).
            if data.startswith(quote * 3, at) and not part_ahead:
                stop = _multi_line_end(data, at + 3, quote)
                after, last, pos = "", stop, stop  # a multi-line string is no key
                continue
            stop = _single_line_end(data, at + 1, quote)
            if part_ahead:
                after = "part"  # a quoted part of the key being read
            else:
                key_start, dots, after = at, 0, "part"
            last = pos = stop
            continue
        after = ""  # a bracket or a comment ends any dotted key
        if byte == 0x23:  # "#"
            newline = data.find(b"\n", at)
            if newline < 0:
                return None
            last = pos = newline
        elif byte in b"[{":
            depth += 1
            if depth > limit:
                return at
            last = pos = at + 1
        else:
            depth = max(depth - 1, 0)
            last = pos = at + 1
        if pos >= end:
            return None


def _bare_part_before(data: bytes, start: int, at: int) -> int:
    """Where the bare key part that ends `data[start:at]` (spaces or tabs after it) starts;
    `at` when there is none. Stripped from the right in C: a regex searching for a part at
    the end would try every start of a long run that is not at the end."""
    stretch = data[start:at].rstrip(b" \t")
    if not stretch or stretch[-1] not in _BARE_BYTES:
        return at
    return start + len(stretch.rstrip(_BARE_BYTES))


def _after_escapes(data: bytes, at: int) -> int:
    """The offset after the run of backslashes at `at` and, when the run is odd, the byte
    it escapes."""
    run = _BACKSLASHES.match(data, at)
    assert run is not None
    return run.end() + (run.end() - at) % 2


def _single_line_end(data: bytes, start: int, quote: bytes) -> int:
    """The offset after a one-line string whose text starts at `start`; an unclosed one
    (invalid TOML) stops at its line's end."""
    if quote == b"'":
        found = _LITERAL_END.search(data, start)
        if found is None:
            return len(data)
        return found.end() if data[found.start()] == 0x27 else found.start()
    while True:
        found = _BASIC_STOP.search(data, start)
        if found is None:
            return len(data)
        at = found.start()
        byte = data[at]
        if byte == 0x22:  # the closing quote
            return at + 1
        if byte == 0x0A:  # a newline: unclosed
            return at
        start = _after_escapes(data, at)


def _multi_line_end(data: bytes, start: int, quote: bytes) -> int:
    """The offset after a multi-line string whose text starts at `start` (after the three
    opening quotes): after the closing three, and up to two more quotes right before them,
    which belong to the text (`\"\"\"a\"\"\"\"` is `a"`)."""
    while True:
        if quote == b"'":
            close = data.find(b"'''", start)
            if close < 0:
                return len(data)
        else:
            found = _MULTI_BASIC_STOP.search(data, start)
            if found is None:
                return len(data)
            close = found.start()
            if data[close] == 0x5C:  # a backslash
                start = _after_escapes(data, close)
                continue
            if not data.startswith(b'"""', close):
                start = close + 1
                continue
        stop = close + 3
        extra = 0
        while extra < 2 and data[stop : stop + 1] == quote:
            stop += 1
            extra += 1
        return stop


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, 1-based) of byte `offset` of UTF-8 `data`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column
