"""Reading a report snapshot from disk into a `Report`: read, parse, validate, build.

Plain Python: no Textual here. Every way a file can be wrong ends in a `ReportError` whose
problems name the file, line, column and key, one line each; nothing else escapes.

The order of the steps is the order of what can go wrong: the file (missing, a directory,
unreadable), its bytes (a byte-order mark, not UTF-8, empty), its nesting (tui.core.nesting: too
deep would crash the parser), its TOML syntax, and last its content (tui.core.validate). The
happy path parses once, without positions; only a report with problems is parsed again with
positions (tui.core.locate), so that each problem can say where it is.

A large file (`_CHUNKED_FROM`) is decoded and parsed in chunks, so that the interpreter lock
is free between them and `progress` can be told; the whole text is put together only when
something needs it (a fallback to the whole parse, a problem to locate). What the chunks cannot
be trusted to give as the whole parse would, is parsed whole.

toml_rs recurses in native code once per nesting level; it runs on a thread with a large
stack (`_on_big_stack`), so even what slips past the nesting check cannot overflow the small
main-thread stack.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

import toml_rs

from .model import (
    Donation,
    Figure,
    Measure,
    Receipt,
    Region,
    Report,
    ReportInfo,
    Section,
    Text,
    Township,
    Unit,
)
from .nesting import LIMIT, nesting_problem
from .problems import Problem, ReportError
from .release import free_gently, release
from .safe import visible_line
from .validate import check_precisely, checked_report

T = TypeVar("T")

_BOM = b"\xef\xbb\xbf"
# toml_rs parsed 300,000 nested arrays on a thread with this stack; the main thread's
# stack overflows near 10,000. The memory is reserved, and only touched as it is used.
_PARSE_STACK = 1 << 30
_STACK_SIZE_LOCK = threading.Lock()
_TOML_VERSION: Final[Literal["1.0.0"]] = "1.0.0"


def default_report_path() -> Path:
    """The bundled report: inside the installed package, or `data/` of a source checkout."""
    package = Path(__file__).resolve().parent.parent  # tui/, as installed or checked out
    packaged = package / "data" / "report.toml"
    if packaged.is_file():
        return packaged
    checkout = package.parent / "data" / "report.toml"
    if checkout.is_file():
        return checkout
    # Neither: the package is not plain files (e.g. imported from a zip). importlib.resources
    # knows; it costs a few milliseconds of imports, so only here.
    from importlib import resources

    return Path(str(resources.files("tui"))) / "data" / "report.toml"


def load_report(path: Path, progress: Callable[[float], None] | None = None) -> Report:
    """Load and validate the snapshot at `path`; raise `ReportError` with every problem.

    `progress`, when given, is called with the fraction done (0 to 1) as a large report
    is parsed, from the calling thread.
    """
    filename = visible_line(str(path))
    data = _read(Path(path), filename)
    if data.startswith(_BOM):
        raise _error(filename, 1, 1, "(file)", _BOM_MESSAGE)
    try:
        source = _Source(data, _decode(data))
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        byte = data[exc.start]
        raise _error(
            filename,
            line,
            col,
            "(file)",
            f"not valid UTF-8: byte 0x{byte:02x} (expected UTF-8 text)",
        ) from None
    return _load(source, filename, progress)


def loads_report(text: str, filename: str = "<string>") -> Report:
    """Parse and validate TOML text; `filename` is used in problem lines."""
    filename = visible_line(filename)
    if text.startswith("\ufeff"):
        raise _error(filename, 1, 1, "(file)", _BOM_MESSAGE)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: possible in a str, not in a file
        line, col = _char_position(text, exc.start)
        raise _error(
            filename,
            line,
            col,
            "(file)",
            "not valid Unicode text: a lone surrogate (expected text)",
        ) from None
    # A large text is cut into chunks as a file is; a small one is used as it is.
    return _load(_Source(data, _decode(data) if len(data) >= _CHUNKED_FROM else [text]), filename)


class _Source:
    """The text of a report: its UTF-8 bytes, and the text in `pieces`, cut before record
    headers when it is large enough to parse in chunks (one piece when not).

    The whole text is joined only when asked for: joining 60 MB of pieces holds the
    interpreter lock for 40 ms or more.
    """

    def __init__(self, data: bytes, pieces: list[str]) -> None:
        self.data = data
        self.pieces = pieces

    @cached_property
    def text(self) -> str:
        return self.pieces[0] if len(self.pieces) == 1 else "".join(self.pieces)

    @property
    def large(self) -> bool:
        return len(self.data) >= _CHUNKED_FROM


#: A text with nothing in it but blanks (matched without copying a large text, as strip would).
_BLANK = re.compile(r"[ \t\r\n]*\Z")
#: Bytes decoded at once: a single decode of a large file holds the interpreter lock for its
#: whole length (about 0.1 s for 60 MB).
_DECODE_SLICE = 8 << 20


def _decode(data: bytes) -> list[str]:
    """`data` as UTF-8 text: in pieces cut before record headers (`_cut_points`) when it is
    large enough to parse in chunks, else in one piece. A `UnicodeDecodeError` says where in
    `data` it failed."""
    if len(data) < _CHUNKED_FROM:
        return [_decoded(data, 0, len(data))]
    bounds = [0, *_cut_points(data), len(data)]
    return [_decoded(data, start, end) for start, end in pairwise(bounds)]


def _decoded(data: bytes, start: int, end: int) -> str:
    """`data[start:end]` as text, decoded a slice of at most about `_DECODE_SLICE` at a time;
    `start` and `end` fall between characters."""
    parts: list[str] = []
    view = memoryview(data)
    while True:
        stop = min(start + _DECODE_SLICE, end)
        # Cut before a character, never inside one (a continuation byte is 0b10xxxxxx; a
        # character has at most three). Invalid bytes are found by the decode either way.
        for _ in range(3):
            if stop < end and data[stop] & 0xC0 == 0x80:
                stop += 1
        try:
            parts.append(str(view[start:stop], "utf-8"))
        except UnicodeDecodeError as exc:
            raise UnicodeDecodeError(
                "utf-8", data, start + exc.start, start + exc.end, exc.reason
            ) from None
        if stop >= end:
            return parts[0] if len(parts) == 1 else "".join(parts)
        start = stop


_BOM_MESSAGE = "file starts with a byte-order mark (expected UTF-8 without BOM)"


def _error(filename: str, line: int, col: int, path: str, message: str) -> ReportError:
    return ReportError([Problem(filename, line, col, path, message)])


class NotRegularFileError(OSError):
    """The path names something that is not a regular file (a FIFO, a device, a socket)."""


#: Opening never waits: a FIFO opened for reading blocks until a writer comes (forever,
#: if none does), and a terminal device would become the controlling terminal.
_OPEN_FLAGS = os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def read_regular_file(path: Path | str) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at `path` and its status, both from one open descriptor.

    The type is checked on the descriptor, not on the path: a FIFO renamed into place
    between a `stat` and an `open` would block the read for ever. Raises
    `IsADirectoryError` for a directory, `NotRegularFileError` for anything else that is no
    regular file, and the `OSError` of the failing call otherwise.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        return handle.read(), info


def _read(path: Path, filename: str) -> bytes:
    """The bytes of a regular file, or a `ReportError` that says why there are none."""
    expected = "expected a TOML report file"
    try:
        return read_regular_file(path)[0]
    except FileNotFoundError:
        raise _error(filename, 1, 1, "(file)", f"no such file ({expected})") from None
    except PermissionError:
        raise _error(filename, 1, 1, "(file)", f"permission denied ({expected})") from None
    except IsADirectoryError:
        raise _error(filename, 1, 1, "(file)", f"is a directory ({expected})") from None
    except NotRegularFileError:
        # A FIFO or a device could block or never end: refused before reading.
        raise _error(filename, 1, 1, "(file)", f"not a regular file ({expected})") from None
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise _error(filename, 1, 1, "(file)", f"cannot read: {reason} ({expected})") from None
    except ValueError as exc:  # e.g. a NUL in the path
        reason = str(exc) or "invalid path"
        raise _error(filename, 1, 1, "(file)", f"cannot read: {reason} ({expected})") from None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and character column of byte `offset`; the bytes before it are valid UTF-8."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _char_position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _start_on_big_stack(target: Callable[[], None]) -> threading.Thread | None:
    """A started thread running `target` with a `_PARSE_STACK` stack; None if there is
    none to be had (then the nesting check alone stands guard)."""
    # The stack size is a process-wide setting read when a thread starts: set it, start,
    # and put it back, under a lock so that two loads at once cannot interleave the steps.
    with _STACK_SIZE_LOCK:
        try:
            previous = threading.stack_size(_PARSE_STACK)
        except (ValueError, RuntimeError):  # a platform without settable stacks
            return None
        try:
            thread = threading.Thread(target=target, name="toml-parse", daemon=True)
            thread.start()
        except RuntimeError:  # no more threads in this process
            return None
        finally:
            threading.stack_size(previous)
    return thread


def _on_big_stack(work: Callable[[], T]) -> T:
    """`work()` on a thread with a large stack (see `_PARSE_STACK`); its result or error."""
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # carried to the caller's thread and raised there
            outcome.append((False, exc))

    thread = _start_on_big_stack(run)
    if thread is None:
        return work()
    thread.join()
    if not outcome:
        raise RuntimeError("the parse thread ended without a result")
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a report is parsed, checked and built.

    A large report is millions of new objects and no cycles; the collector would walk the
    growing heap again and again for nothing (on 100,000 figures it doubled the time of
    the checks). It is restored, as it was, however the load ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(
    source: _Source, filename: str, progress: Callable[[float], None] | None = None
) -> Report:
    with _collector_paused():
        report = _parse_check_build(source, filename, progress)
        if source.large:
            _skip_the_young_generations()
    if progress is not None:
        progress(1.0)
    return report


def _skip_the_young_generations() -> None:
    """Move every object the collector tracks into its oldest generation, now.

    A large load makes hundreds of thousands of new objects, none in a cycle, while the
    collector is paused: the report's records and the parsed tables still being freed. Left
    in the youngest generation, the collector's first pass after the load would walk them all,
    holding the interpreter lock for about 0.25 s on 100,000 records (a frozen screen). In the
    oldest one they are walked only by a full collection, which Python runs rarely, and less
    often the more long-lived objects there are.

    `gc.freeze()` moves every tracked object, the app's as well as the load's, out of the
    collector's sight; `gc.unfreeze()` at once puts them all into the oldest generation. A
    freeze left in place would keep whatever was alive at the time, and every cycle of
    garbage not yet collected (a closed screen), from ever being collected: the memory of a
    process that reloads would grow with every load. When something else in the process froze
    objects on purpose, unfreezing would undo that: then nothing is moved.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _parse_check_build(
    source: _Source, filename: str, progress: Callable[[float], None] | None = None
) -> Report:
    if len(source.pieces) == 1 and _BLANK.match(source.pieces[0]):
        what = "empty file" if not source.data else "file has only whitespace"
        raise _error(filename, 1, 1, "(file)", f"{what} (expected a TOML report)")
    deep = nesting_problem(lambda: source.text, source.data)
    if deep is not None:
        raise _error(
            filename, *deep, "(toml)", f"nested too deeply (expected at most {LIMIT} levels)"
        )
    try:
        parsed = _parse_in_chunks(source.pieces, progress)
        if parsed is None:
            text = source.text
            parsed = _on_big_stack(lambda: toml_rs.loads(text, toml_version=_TOML_VERSION))
    except toml_rs.TOMLDecodeError as exc:
        from .locate import syntax_problem  # the error path only: not imported to load

        raise ReportError([syntax_problem(filename, source.text, exc)]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # toml_rs reports a few things (e.g. a value it cannot convert) outside
        # TOMLDecodeError; they are still problems with the file, not crashes.
        reason = visible_line(str(exc).splitlines()[-1] if str(exc) else type(exc).__name__)
        raise _error(filename, 1, 1, "(toml)", reason) from None
    report = checked_report(parsed)
    if report is not None:
        if source.large:
            # The report is ready: hand the parsed data to a thread that frees it while the
            # caller goes on, rather than make the caller wait a fifth of a second for it;
            # and see that the report, once dropped, is freed the same way.
            threading.Thread(target=_release, args=(parsed,), name="release", daemon=True).start()
            free_gently(report)
        return report
    findings = check_precisely(parsed)
    if findings:
        from .locate import locate

        raise ReportError(locate(filename, source.text, parsed, findings, _on_big_stack))
    return _build_slowly(parsed)


# --- parsing a large text in chunks --------------------------------------------------------
#
# toml_rs holds the interpreter lock for the whole of a parse: one call on a 60 MB report
# would stop every other thread (the dashboard's screen) for most of a second. Parsed in
# chunks of about `_CHUNK_BYTES`, the lock is free between chunks, and progress can be told.
# The file's bytes are cut, and each chunk decoded on its own (`_decode`), so that the whole
# text is never put together on the way.
#
# A report is cut only before a line that opens a record of a top-level array of tables
# (`[[units]]`), where nothing of the previous record can continue; the records of each
# chunk are appended to the arrays of the chunks before. Anything the merge cannot be sure
# to read as the whole parse would, falls back to the whole parse, which also gives the
# positions of a syntax error:
# - a chunk that does not parse. A header line inside a multi-line string is not a place to
#   cut; the chunk that ends at the first such line (it starts at a true record) ends
#   inside an unclosed string, so it never parses.
# - an array name in the first chunk (it may be an inline array, which `[[units]]` may not
#   extend), an array that a chunk makes anything but an array (a `[units.x]` table), or
#   any other key that two chunks both define.

_ARRAYS = ("sections", "units", "townships", "donations", "receipts")
#: Files of this many bytes or more are parsed in chunks.
_CHUNKED_FROM = 4 << 20
_CHUNK_BYTES = 1 << 20
_RECORD_HEADER = re.compile(
    rb"\[\[(?:" + "|".join(_ARRAYS).encode() + rb")\]\][ \t]*(?:#[^\n]*)?(?:\r?\n|$)"
)
#: How much of the progress the parse stands for; the checks and the build do the rest.
_PARSE_SHARE = 0.6


def _cut_points(data: bytes) -> list[int]:
    """Offsets of record headers, the first one and then one every `_CHUNK_BYTES` or so."""
    points: list[int] = []
    start = 0
    while True:
        at = data.find(b"\n[[", start)
        while at != -1 and _RECORD_HEADER.match(data, at + 1) is None:
            at = data.find(b"\n[[", at + 1)
        if at == -1:
            return points
        points.append(at + 1)
        start = at + 1 + _CHUNK_BYTES


def _parse_in_chunks(
    pieces: list[str], progress: Callable[[float], None] | None
) -> dict[str, Any] | None:
    """The parse of the text cut into `pieces` (the first one before any record header),
    chunk by chunk; None when only the whole parse can be trusted."""
    if len(pieces) < 2:
        return None
    total = sum(map(len, pieces))
    done = 0
    merged: dict[str, Any] = {}
    for index, piece in enumerate(pieces):

        def parse(piece: str = piece) -> dict[str, Any]:
            return toml_rs.loads(piece, toml_version=_TOML_VERSION)

        try:
            part = _on_big_stack(parse)
        except Exception:  # the whole parse decides, and says where
            return None
        if index == 0:
            if any(name in part for name in _ARRAYS):
                return None
            merged = part
        else:
            for key, value in part.items():
                if key in _ARRAYS:
                    if type(value) is not list:
                        return None
                    merged.setdefault(key, []).extend(value)
                elif key in merged:
                    return None
                else:
                    merged[key] = value
        done += len(piece)
        if progress is not None:
            progress(_PARSE_SHARE * done / total)
    return merged


def parses_in_chunks(text: str) -> dict[str, Any] | None:
    """The chunked parse alone, however short the text (None when it falls back): for
    tests comparing it with the whole parse."""
    return _parse_in_chunks(_decode(text.encode("utf-8")), None)


def _release(parsed: dict[str, Any]) -> None:
    """Free the parsed data a slice at a time: dropping it at once is one long C-level
    pass that would hold the interpreter lock for a fifth of a second on 100,000 records."""
    for key in _ARRAYS:
        items = parsed.get(key)
        if type(items) is list:
            release(items)
    parsed.clear()


# --- building typed records from validated data ------------------------------------------


def _text(d: dict[str, Any]) -> Text:
    return Text(zh=d["zh"], en=d["en"])


def _opt_text(d: dict[str, Any] | None) -> Text | None:
    return None if d is None else _text(d)


def _figure(d: dict[str, Any]) -> Figure:
    return Figure(
        id=d["id"],
        label=_text(d["label"]),
        value=d["value"],
        unit=d["unit"],
        raw=d["raw"],
        lower_bound=d["lower_bound"],
        excerpt=d["excerpt"],
        category=d["category"],
        headline=d.get("headline", False),
    )


def _measures(items: list[dict[str, Any]]) -> tuple[Measure, ...]:
    return tuple(
        Measure(
            text=_text(m["text"]),
            section=m["section"],
            figures=tuple(_figure(f) for f in m.get("figures", ())),
        )
        for m in items
    )


def build_report(data: dict[str, Any]) -> Report:
    """Turn validated TOML data into a `Report`. Assumes `data` passed `validate`."""
    # The quick pass builds as it checks; what it is not sure of is built record by record.
    return checked_report(data) or _build_slowly(data)


def _build_slowly(data: dict[str, Any]) -> Report:
    if data.get("schema_version") == 2:
        from .validate_v2 import build_v2

        return build_v2(data)
    info = data["report"]
    date = info["date"]
    region = info["region"]
    return Report(
        schema_version=data["schema_version"],
        info=ReportInfo(
            id=info["id"],
            title=_text(info["title"]),
            office=_text(info["office"]),
            date=date if isinstance(date, dt.date) else dt.date.fromisoformat(date),
            region=Region(
                county=_text(region["county"]),
                prefecture=_text(region["prefecture"]),
                province=_text(region["province"]),
            ),
        ),
        sections=tuple(Section(id=s["id"], heading=_text(s["heading"])) for s in data["sections"]),
        units=tuple(
            Unit(
                id=u["id"],
                name=_text(u["name"]),
                kind=u["kind"],
                measures=_measures(u["measures"]),
                members=tuple(_text(m) for m in u.get("members", ())),
            )
            for u in data.get("units", ())
        ),
        townships=tuple(
            Township(
                id=t["id"], name=_text(t["name"]), kind=t["kind"], measures=_measures(t["measures"])
            )
            for t in data.get("townships", ())
        ),
        donations=tuple(
            Donation(
                id=d["id"],
                donor=d["donor"],
                form=d["form"],
                figure=d["figure"],
                donor_detail=_opt_text(d.get("donor_detail")),
                recipient=_opt_text(d.get("recipient")),
            )
            for d in data.get("donations", ())
        ),
        receipts=tuple(
            Receipt(
                id=r["id"],
                recipient=r["recipient"],
                form=r["form"],
                figure=r["figure"],
                source=_opt_text(r.get("source")),
            )
            for r in data.get("receipts", ())
        ),
    )
