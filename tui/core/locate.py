"""Where in a TOML text a key path is: the line and column that a problem line shows.

The fast parse (`toml_rs.loads`) keeps no positions, so only when a report has problems is
it parsed a second time with `toml_rs.load_with_metadata`, which records, for every key and
value, its line and its column. Those columns count UTF-8 bytes; problem lines count
characters, so every column is converted with the text of its line.

Tables opened by a header (`[report]`) have no position of their own in the metadata; they
are found by their header line. Also here: the position and reason of a TOML syntax error,
and the name of a duplicated key, which toml_rs's message leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import toml_rs

from .problems import Problem
from .safe import visible_line
from .validate import FIRST_LINE, Finding, KeyPath, format_path

Position = tuple[int, int]
#: Runs a parse on a thread with a large stack (tui.core.loader) and gives its result.
Runner = Callable[[Callable[[], Any]], Any]


def _is_entry(node: object) -> bool:
    """The metadata of one key/value pair; a table opened by a header is instead a plain
    dict of its children (which may include a child named "key", hence the type test)."""
    return isinstance(node, dict) and isinstance(node.get("key"), str) and "key_line" in node


def _start(value: object) -> int:
    """Metadata gives a single line or column, or a (first, last) pair for a span."""
    if isinstance(value, tuple | list):
        return int(value[0]) if value else 1
    return int(value) if isinstance(value, int) else 1


class Locator:
    """Positions of key paths in one text, from its metadata (`nodes`), in characters.

    `nodes` may come from a part of the text that starts at line `first_line`; `lines`
    are the lines of the whole text.
    """

    def __init__(self, lines: list[str], nodes: dict[str, Any] | None, first_line: int = 1):
        self.lines = lines
        self.nodes: dict[str, Any] = nodes or {}
        self.shift = first_line - 1

    # --- public -------------------------------------------------------------------------

    def position(self, path: KeyPath, anchor: str) -> Position:
        """Where to point for a finding at `path`: its value, its key, or its table."""
        if anchor == "parent":
            path, anchor = path[:-1], "value"
        kind, node, complete = self._resolve(path)
        if not complete:
            anchor = "value"  # the deepest existing thing on the way
        if kind == "entry":
            if anchor == "key":
                return self._char_position(node["key_line"], node["key_col"])
            return self._char_position(node.get("value_line", 1), node.get("value_col", 1))
        if kind == "item":
            return self._char_position(node.get("value_line", 1), node.get("value_col", 1))
        if kind == "table":
            return self._table_position(path if complete else (), node)
        return 1, 1

    # --- walking the metadata -----------------------------------------------------------

    def _resolve(self, path: KeyPath) -> tuple[str, Any, bool]:
        """The metadata node at `path`: ("root" | "table" | "entry" | "item", node, found)."""
        kind: str = "root"
        node: Any = self.nodes
        for segment in path:
            container: Any = node
            if kind in ("entry", "item"):
                container = node.get("value")
            child: Any = None
            if isinstance(segment, str) and isinstance(container, dict):
                child = container.get(segment)
            elif isinstance(segment, int) and isinstance(container, list):
                child = container[segment] if 0 <= segment < len(container) else None
            if not isinstance(child, dict):
                return kind, node, False
            kind = "item" if isinstance(segment, int) else "entry" if _is_entry(child) else "table"
            node = child
        return kind, node, True

    def _table_position(self, path: KeyPath, table: dict[str, Any]) -> Position:
        """A header-opened table: its header line, else its first key."""
        names = [segment for segment in path if isinstance(segment, str)]
        leaf = _first_entry(table)
        if leaf is not None:
            line = _start(leaf["key_line"]) + self.shift
            for number in range(line, 0, -1):
                found = self._header_at(number, names)
                if found is not None:
                    return found
            # A table made by a dotted key (`region.county = …`): where that key starts.
            number, col = self._char_position(leaf["key_line"], leaf["key_col"])
            if 1 <= number <= len(self.lines):
                col = _dotted_start(self.lines[number - 1], col)
            return number, col
        for number in range(1, len(self.lines) + 1):
            found = self._header_at(number, names)
            if found is not None:
                return found
        return 1, 1

    def _header_at(self, number: int, names: list[str]) -> Position | None:
        line = self.lines[number - 1]
        stripped = line.lstrip(" \t")
        if not stripped.startswith("["):
            return None
        inner = stripped.strip("[] \t\r")
        parts = [p.strip(" \t").strip("\"'") for p in inner.split("]")[0].split(".")]
        if parts != names:
            return None
        return number, len(line) - len(stripped) + 1

    # --- columns ------------------------------------------------------------------------

    def _char_position(self, line: object, byte_col: object) -> Position:
        number = _start(line) + self.shift
        col = _start(byte_col)
        if 1 <= number <= len(self.lines):
            prefix = self.lines[number - 1].encode("utf-8", "surrogatepass")[: col - 1]
            col = len(prefix.decode("utf-8", "ignore")) + 1
        return number, max(col, 1)


def _first_entry(table: dict[str, Any], limit: int = 64) -> dict[str, Any] | None:
    """The first key/value entry inside a header-opened table (looking no deeper than
    `limit` levels: a table is never nested that deep here, see tui.core.nesting)."""
    node: Any = table
    for _ in range(limit):
        if not isinstance(node, dict) or not node:
            return None
        child = next(iter(node.values()))
        if _is_entry(child):
            return child  # type: ignore[no-any-return]
        node = child
    return None


# --- turning findings into problem lines -------------------------------------------------


def parse_with_positions(text: str, run: Runner) -> dict[str, Any] | None:
    """The metadata nodes of `text`, parsed through `run` (the big-stack runner); None when
    that parse fails."""
    try:
        doc = run(lambda: toml_rs.load_with_metadata(text, toml_version="1.0.0"))
    except Exception:  # a part cut at the wrong place, say: the caller falls back
        return None
    nodes = doc.meta.get("nodes") if isinstance(doc.meta, dict) else None
    return nodes if isinstance(nodes, dict) else None


#: From this size on, a text is parsed for positions part by part, not as a whole: the
#: metadata of a whole report of 100,000 figures (30 MB) took 12 s and 2.6 GB.
PARTS_FROM = 1 << 20
# Past this many parts, one parse of the whole is cheaper than one parse per part.
_MAX_PARTS = 500
# The top-level arrays of tables that a report writes with `[[key]]` headers.
_ARRAYS = ("sections", "units", "townships", "donations", "receipts")
_HEADER = re.compile(r"^[ \t]*\[(\[?)[ \t]*([^\]\n]*?)[ \t]*\]", re.MULTILINE)


def _header_name(raw: str) -> str:
    return ".".join(part.strip(" \t").strip("\"'") for part in raw.split("."))


class Positions:
    """Positions of key paths in a text, from a second parse that keeps them.

    A small text is parsed whole. A large one is parsed in parts: the records that have
    problems (one `[[units]]` element with its sub-tables, say) and the head of the file
    before the first `[[…]]` header. Whatever a part cannot answer (an unusual layout, a
    key outside the parts) falls back to the whole text, parsed once.
    """

    def __init__(self, text: str, data: object, run: Runner) -> None:
        self.text = text
        self.data = data if isinstance(data, dict) else {}
        self.run = run
        self.lines = text.split("\n")
        self.by_parts = len(text) >= PARTS_FROM
        self._whole: Locator | None = None
        self._parts: dict[object, Locator | None] = {}
        self._starts: dict[str, list[int] | None] = {}

    def position(self, path: KeyPath, anchor: str) -> Position:
        if self.by_parts and path:
            found = self._from_part(path, anchor)
            if found is not None:
                return found
        return self._whole_text().position(path, anchor)

    def _whole_text(self) -> Locator:
        if self._whole is None:
            self._whole = Locator(self.lines, parse_with_positions(self.text, self.run))
        return self._whole

    def _from_part(self, path: KeyPath, anchor: str) -> Position | None:
        key = path[0]
        if anchor == "parent" and len(path) == 1:
            return 1, 1  # a top-level key is missing: the top of the file
        if len(path) >= 2 and isinstance(path[1], int) and key in _ARRAYS:
            element = self._element(str(key), path[1])
            return None if element is None else element.position((key, 0, *path[2:]), anchor)
        head = self._head()
        if head is None or key not in head.nodes:
            return None
        return head.position(path, anchor)

    def _part(self, name: object, start: int, end: int) -> Locator | None:
        """The locator of text[start:end], parsed once; None when it does not parse."""
        if name not in self._parts:
            if len(self._parts) >= _MAX_PARTS:
                self.by_parts = False
                return None
            nodes = parse_with_positions(self.text[start:end], self.run)
            first_line = self.text.count("\n", 0, start) + 1
            self._parts[name] = None if nodes is None else Locator(self.lines, nodes, first_line)
        return self._parts[name]

    def _head(self) -> Locator | None:
        first = re.search(r"^[ \t]*\[\[", self.text, re.MULTILINE)
        return None if first is None else self._part("(head)", 0, first.start())

    def _element(self, key: str, index: int) -> Locator | None:
        """The locator of element `index` of the array of tables `key`, from its header to
        the next header that does not belong to it."""
        starts = self._element_starts(key)
        if starts is None or not 0 <= index < len(starts):
            return None
        start = starts[index]
        end = len(self.text)
        for header in _HEADER.finditer(self.text, start + 1):
            name = _header_name(header.group(2))
            if name == key or not name.startswith(key + "."):
                end = header.start()
                break
        element = self._part((key, index), start, end)
        if element is None:
            return None
        entry = element.nodes.get(key)
        items = entry.get("value") if isinstance(entry, dict) else None
        return element if isinstance(items, list) and len(items) == 1 else None

    def _element_starts(self, key: str) -> list[int] | None:
        """Where each `[[key]]` header starts; None unless there is one per element (an
        inline array, or a header-like line inside a multi-line string, would break it)."""
        if key not in self._starts:
            items = self.data.get(key)
            pattern = re.compile(rf"^[ \t]*\[\[[ \t]*{re.escape(key)}[ \t]*\]\]", re.MULTILINE)
            starts = [m.start() for m in pattern.finditer(self.text)]
            fits = isinstance(items, list) and len(starts) == len(items)
            self._starts[key] = starts if fits else None
        return self._starts[key]


def problems_from_findings(
    filename: str, positions: Positions | Locator, findings: Iterable[Finding]
) -> list[Problem]:
    """One problem line per finding, in file order (line, then column, then as found)."""
    problems: list[Problem] = []
    for finding in findings:
        line, col = positions.position(finding.path, finding.anchor)
        message = finding.message
        if finding.first is not None:
            first_line, _ = positions.position(finding.first, "value")
            message = message.replace(FIRST_LINE, str(first_line))
        problems.append(Problem(filename, line, col, format_path(finding.path), message))
    problems.sort(key=lambda p: (p.line, p.col))
    return problems


# --- syntax errors -----------------------------------------------------------------------

_AT = re.compile(r"at line (\d+), column (\d+)")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def syntax_problem(filename: str, text: str, exc: toml_rs.TOMLDecodeError) -> Problem:
    """A TOML syntax error as one problem line: toml_rs's reason at its line and column."""
    message = str(exc)
    reason = message.splitlines()[-1].strip() if message.strip() else "invalid TOML"
    # `exc.pos` is an offset in UTF-8 bytes (exc.lineno and exc.colno misread it as
    # characters, and the column in the message is in bytes or characters depending on the
    # character it points at), so the position is worked out here from the bytes.
    pos = getattr(exc, "pos", None)
    if isinstance(pos, int) and 0 <= pos <= len(text.encode("utf-8", "surrogatepass")):
        line, col = _position_of_byte(text, pos)
    else:
        found = _AT.search(message)
        line, col = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    if reason == "duplicate key":
        key = key_at(_line(text, line), col)
        if key:
            reason = f"duplicate key {key} (expected each key once in its table)"
    return Problem(filename, line, col, "(toml)", visible_line(reason))


def _line(text: str, number: int) -> str:
    lines = text.split("\n")
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _position_of_byte(text: str, pos: int) -> Position:
    data = text.encode("utf-8", "surrogatepass")[: max(pos, 0)]
    line = data.count(b"\n") + 1
    last = data[data.rfind(b"\n") + 1 :]
    return line, len(last.decode("utf-8", "ignore")) + 1


def _part_at(line: str, start: int) -> tuple[str, int] | None:
    """The key part (bare or quoted) that starts at index `start`, and where it ends."""
    if start >= len(line):
        return None
    quote = line[start]
    if quote in "\"'":
        end = line.find(quote, start + 1)
        while quote == '"' and end > 0 and line[end - 1] == "\\":
            end = line.find(quote, end + 1)
        return (line[start : end + 1], end + 1) if end > 0 else None
    match = _BARE.match(line, start)
    return (match.group(), match.end()) if match else None


def _part_before(line: str, end: int) -> tuple[str, int] | None:
    """The key part (bare or quoted) that ends just before index `end`, and its start."""
    if end <= 0:
        return None
    quote = line[end - 1]
    if quote in "\"'":
        start = line.rfind(quote, 0, end - 1)
        return (line[start:end], start) if start >= 0 else None
    start = end
    while start > 0 and _BARE.fullmatch(line[start - 1]):
        start -= 1
    return (line[start:end], start) if start < end else None


def _dotted_start(line: str, col: int) -> int:
    """The column where the dotted key whose part starts at `col` starts: `a.b.c` → `a`."""
    start = col - 1
    while True:
        before = line[:start].rstrip(" \t")
        if not before.endswith("."):
            return start + 1
        prev = _part_before(line, len(before[:-1].rstrip(" \t")))
        if prev is None:
            return start + 1
        start = prev[1]


def key_at(line: str, col: int) -> str:
    """The whole dotted key whose part starts at character column `col`, quoted for a
    message: `'a.b'`. Empty when there is no key there."""
    here = _part_at(line, col - 1)
    if here is None:
        return ""
    parts: list[str] = [here[0]]
    end = here[1]
    while True:  # parts after: `.b`
        rest = len(line[end:]) - len(line[end:].lstrip(" \t"))
        if not line[end + rest :].startswith("."):
            break
        after = end + rest + 1
        after += len(line[after:]) - len(line[after:].lstrip(" \t"))
        nxt = _part_at(line, after)
        if nxt is None:
            break
        parts.append(nxt[0])
        end = nxt[1]
    start = col - 1
    while True:  # parts before: `a.`
        before = line[:start].rstrip(" \t")
        if not before.endswith("."):
            break
        prev = _part_before(line, len(before[:-1].rstrip(" \t")))
        if prev is None:
            break
        parts.insert(0, prev[0])
        start = prev[1]
    key = ".".join(parts)
    cut = key if len(key) <= 60 else key[:59] + "…"
    return "'" + visible_line(cut) + "'"


def locate(
    filename: str, text: str, data: object, findings: Sequence[Finding], run: Runner
) -> list[Problem]:
    """Problem lines for `findings` about `data` (parsed from `text`), with positions."""
    return problems_from_findings(filename, Positions(text, data, run), findings)
