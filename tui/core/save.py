"""Saving a report snapshot without ever losing data, and noticing that the file changed on disk.

`save_report` writes the whole snapshot with tomli-w. The file on disk is only ever replaced
whole, by `os.replace`, after the new text has been written, flushed to disk, read back and
loaded to a report equal to the one being saved; until then the old file is untouched, so a
failure at any point (no space, no permission, a bug in the serialiser, the process killed)
leaves it byte for byte as it was.

Details that matter:

- A symlink is followed: the file it points to is replaced, the link stays a link.
- The new file keeps the old one's mode, and its owner where the process may set it.
- `NAME.bak` beside the target holds the previous version: a hard link to the old file made
  just before the replace (a copy, written the same safe way, where hard links are not
  supported). Saving text identical to what is on disk writes nothing and keeps the backup.
  A save that fails at the replace itself leaves the backup equal to the unchanged file.
- The new text is written to an unnamed file in the target's folder (Linux `O_TMPFILE`) that
  only gets a name for the instant between linking it and renaming it over the target;
  elsewhere it is a named temporary file `.NAME.PID.XXXXXXXX.tmp` from the start. Any failure
  removes it. A process killed in that instant cannot remove it, so every save first removes
  the temporary files of processes that no longer run (`remove_stale_temps`).
- `expected` is the `FileStamp` of the file as it was loaded. When the file on disk no longer
  has that content, the save is refused with `ConflictError` so that the user can reload or
  save under another name; pass `expected=None` to write anyway (save as, overwrite).

Every failure is a `SaveError` whose message is one line naming the file. tomli-w keeps no
comments: `comment_lines` / `has_comments` tell whether a file has any, so a user can be
warned before the first save. Plain Python: no Textual or Rich here.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat as stat_mod
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from .loader import load_report, loads_report, read_regular_file
from .model import Report
from .problems import Problem, ReportError
from .safe import visible_line
from .serialize import report_to_dict

BACKUP_SUFFIX = ".bak"

#: Use an unnamed temporary file where the platform offers one (tests switch it off).
USE_UNNAMED_TEMP = sys.platform.startswith("linux") and hasattr(os, "O_TMPFILE")

_PROC_FD = Path("/proc/self/fd")
# Errors with which a kernel or filesystem says it has no O_TMPFILE (EISDIR: a kernel that
# does not know the flag sees only its O_DIRECTORY part).
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL}
# Errors with which a filesystem says it has no hard links.
_NO_HARDLINK = {errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV}


# --- errors --------------------------------------------------------------------------------


class SaveError(Exception):
    """A report was not saved; the file on disk is unchanged. `str()` is one line naming it."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class ConflictError(SaveError):
    """The file changed on disk (or vanished) since it was loaded; nothing was written.

    `current` is the stamp of what is on disk now, None when the file is gone.
    """

    def __init__(self, path: Path | str, reason: str, current: FileStamp | None) -> None:
        super().__init__(path, reason)
        self.current = current


class VerifyError(SaveError):
    """What was written did not load back as the same report; it was discarded."""


# --- stamps: what a file was when it was loaded ---------------------------------------------


@dataclass(frozen=True, slots=True)
class FileStamp:
    """A file's modification time, size and SHA-256 of its content, taken when it was read.

    Two stamps describe the same file content when size and hash agree (`same_content`): a
    file touched without being changed is not a conflict, nothing would be lost.
    """

    mtime_ns: int
    size: int
    sha256: str

    def same_content(self, other: FileStamp) -> bool:
        return self.size == other.size and self.sha256 == other.sha256


def _stamp_of(data: bytes, mtime_ns: int) -> FileStamp:
    return FileStamp(mtime_ns=mtime_ns, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def _read_stamped(path: Path) -> tuple[bytes, FileStamp]:
    """The bytes of `path` and their stamp, from one open file (no race between the two);
    opened without blocking, and refused unless it is a regular file (`read_regular_file`)."""
    data, info = read_regular_file(path)
    return data, _stamp_of(data, info.st_mtime_ns)


def stamp(path: Path) -> FileStamp:
    """The stamp of the file at `path` as it is now; raises `OSError` when it cannot be read."""
    return _read_stamped(path)[1]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A report loaded for editing: the report, the stamp of the file, and its comment lines."""

    report: Report
    stamp: FileStamp
    comment_lines: tuple[int, ...]

    @property
    def has_comments(self) -> bool:
        return bool(self.comment_lines)


def load_snapshot(path: Path, progress: Callable[[float], None] | None = None) -> Snapshot:
    """Load `path` for editing: the report, the stamp of the very bytes it was built from,
    and the lines with comments.

    Raises `ReportError` with the problem lines `check` prints (never anything else for a
    bad or unreadable file). `progress` is passed to `load_report`: a large file is parsed in
    chunks, so that other threads (the screen) run between them, and `progress` is told.

    The file is read twice: once here for its stamp (and comments), once by `load_report`.
    Its status (inode, size, times) must be the same before the first read and after the
    second, so that the stamp describes the bytes the report was built from; a file that
    keeps changing while it is read is tried again, then reported.
    """

    def status() -> tuple[int, int, int, int, int]:
        info = os.stat(path)
        return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    for _ in range(_LOAD_ATTEMPTS):
        try:
            before = status()
            if not stat_mod.S_ISREG(before[0]):
                raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
            data, file_stamp = _read_stamped(path)
        except (OSError, ValueError):
            # `load_report` fails the same way, with the problem line `check` prints; if the
            # file was fixed in between, read it again.
            load_report(path)
            continue
        report = load_report(path, progress)
        try:
            after = status()
        except (OSError, ValueError):
            continue
        if after != before or file_stamp.size != after[2] or file_stamp.mtime_ns != after[3]:
            continue
        # Most files have no `#` at all; looking for one is a fast scan of the bytes, while
        # the comment scanner walks the text a character at a time.
        lines = tuple(comment_lines(_utf8(data))) if b"#" in data else ()
        return Snapshot(report=report, stamp=file_stamp, comment_lines=lines)
    message = "changed while it was read, again and again (expected a file at rest)"
    raise ReportError([Problem(visible_line(str(path)), 1, 1, "(file)", message)])


#: How many times `load_snapshot` reads a file that changes while it is read.
_LOAD_ATTEMPTS = 3
#: Bytes decoded at once: one decode of a large file would hold the interpreter lock for
#: its whole length (about 0.1 s for 60 MB), and with it every other thread.
_DECODE_SLICE = 8 << 20


def _utf8(data: bytes) -> str:
    """`data` (valid UTF-8: `load_report` took it) as text, decoded a slice at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    parts = [
        decoder.decode(view[i : i + _DECODE_SLICE]) for i in range(0, len(data), _DECODE_SLICE)
    ]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


# --- comments ------------------------------------------------------------------------------


def comment_lines(text: str) -> list[int]:
    """The 1-based lines of TOML `text` that hold a comment; `#` inside a string is no comment.

    A small scanner of TOML's four string forms (basic, literal, and their multi-line
    variants, with backslash escapes in the basic ones) is enough: a comment is a `#`
    outside any string. Text that is not valid TOML gets a best-effort answer.
    """
    lines: list[int] = []
    line = 1
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char == "\n":
            line += 1
            i += 1
        elif char == "#":
            lines.append(line)
            newline = text.find("\n", i)
            i = end if newline < 0 else newline
        elif char in "\"'":
            quote = char
            if text.startswith(quote * 3, i):
                i, line = _skip_multiline(text, i + 3, quote, line)
            else:
                i = _skip_single_line(text, i + 1, quote)
        else:
            i += 1
    return lines


def _skip_single_line(text: str, i: int, quote: str) -> int:
    """The index after a one-line string that starts at `i` (after its opening quote)."""
    end = len(text)
    while i < end:
        char = text[i]
        if char == "\\" and quote == '"':
            i += 2
        elif char == quote:
            return i + 1
        elif char == "\n":  # invalid TOML: an unclosed string stops at the line's end
            return i
        else:
            i += 1
    return end


def _skip_multiline(text: str, i: int, quote: str, line: int) -> tuple[int, int]:
    """The index after a multi-line string starting at `i`, and the line it ends on."""
    end = len(text)
    while i < end:
        char = text[i]
        if char == "\\" and quote == '"':
            if i + 1 < end and text[i + 1] == "\n":
                line += 1
            i += 2
        elif char == "\n":
            line += 1
            i += 1
        elif text.startswith(quote * 3, i):
            # Up to two more quotes may stand right before the closing three: `"""a""""`.
            run = 3
            while i + run < end and text[i + run] == quote and run < 5:
                run += 1
            return i + run, line
        else:
            i += 1
    return end, line


def has_comments(text: str) -> bool:
    """Whether TOML `text` holds comments, which saving with tomli-w would drop."""
    return bool(comment_lines(text))


# --- temporary files ------------------------------------------------------------------------

_TEMP_SUFFIX = ".tmp"


def _temp_name(target_name: str) -> str:
    return f".{target_name}.{os.getpid()}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"


def _stale_pattern(target_name: str) -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in (target_name, target_name + BACKUP_SUFFIX))
    return re.compile(rf"\.(?:{names})\.(\d+)\.[0-9a-f]{{8}}{re.escape(_TEMP_SUFFIX)}")


def is_temp_file(name: str, target: Path) -> bool:
    """Whether `name` is a temporary file that a save of `target` (or its backup) makes."""
    return _stale_pattern(target.name).fullmatch(name) is not None


def _process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    return True


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove temporary files left beside `path` by saves whose process no longer runs.

    A save in a running process (this one or another) is left alone. Returns what was
    removed; errors are ignored, as this only tidies up. An app may call it when it opens
    a file; every save calls it.
    """
    target = Path(os.path.realpath(path))
    pattern = _stale_pattern(target.name)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or _process_running(int(match[1])):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


class _TempFile:
    """A file being written in `folder`, unnamed where possible; `discard` always cleans up."""

    def __init__(self, folder: Path, target_name: str, mode: int) -> None:
        self.folder = folder
        self.target_name = target_name
        self.name: Path | None = None  # set while the file has a name in the folder
        self.fd = self._open_unnamed(mode) if self._unnamed_possible() else -1
        self.unnamed = self.fd >= 0
        if not self.unnamed:
            self.fd = self._open_named(mode)

    @staticmethod
    def _unnamed_possible() -> bool:
        # Giving an O_TMPFILE file a name needs /proc/self/fd (linkat with AT_EMPTY_PATH
        # needs a capability we should not ask for).
        return USE_UNNAMED_TEMP and _PROC_FD.is_dir()

    def _open_unnamed(self, mode: int) -> int:
        flags = os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC
        try:
            return os.open(self.folder, flags, mode)
        except OSError as exc:
            if exc.errno in _NO_TMPFILE:
                return -1
            raise

    def _open_named(self, mode: int) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        for _attempt in range(100):
            name = self.folder / _temp_name(self.target_name)
            try:
                fd = os.open(name, flags, mode)
            except FileExistsError:
                continue
            self.name = name
            return fd
        raise FileExistsError(errno.EEXIST, "no free temporary file name", str(self.folder))

    def write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            if written <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[written:]

    def read_all(self) -> bytes:
        chunks: list[bytes] = []
        offset = 0
        while True:
            chunk = os.pread(self.fd, 1 << 20, offset)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            offset += len(chunk)

    def replace(self, target: Path) -> None:
        """Put the file in place of `target` in one atomic step."""
        if self.unnamed:
            name = self.folder / _temp_name(self.target_name)
            # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N names the open file. os.link
            # calls plain link(), which would link the magic symlink itself (EXDEV), unless
            # it is given a src_dir_fd.
            proc_fd = os.open(_PROC_FD, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            try:
                os.link(str(self.fd), name, src_dir_fd=proc_fd, follow_symlinks=True)
            finally:
                os.close(proc_fd)
            self.name = name
        assert self.name is not None
        os.replace(self.name, target)
        self.name = None

    def discard(self) -> None:
        """Close the file and remove its name if it still has one; never raises."""
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        if self.name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.name)
            self.name = None


# --- saving --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did."""

    #: The file written: the target of `path` with symlinks resolved.
    path: Path
    #: `NAME.bak` holding the previous version; None when there was none or nothing was written.
    backup: Path | None
    #: The stamp of the file as saved: pass it as `expected` to the next save.
    stamp: FileStamp
    #: False when the file already held exactly this text and nothing was written.
    written: bool = True


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _fsync_folder(folder: Path) -> None:
    # The rename is done by now; a filesystem that cannot sync a folder (EINVAL) has saved
    # the file all the same, so a failure here is not a failed save.
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _on_disk(target: Path) -> tuple[os.stat_result, bytes, FileStamp] | None:
    """The target's status, bytes and stamp, or None when there is no file yet."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SaveError(target, f"cannot read the file: {_reason(exc)}") from exc
    if not stat_mod.S_ISREG(info.st_mode):
        raise SaveError(target, "not a regular file")
    try:
        data, file_stamp = _read_stamped(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SaveError(target, f"cannot read the file: {_reason(exc)}") from exc
    return info, data, file_stamp


def _check_expected(target: Path, expected: FileStamp | None, current: FileStamp | None) -> None:
    if expected is None:
        return
    if current is None:
        raise ConflictError(target, "the file was removed since it was loaded; not saved", None)
    if not current.same_content(expected):
        raise ConflictError(
            target, "the file changed on disk since it was loaded; not saved", current
        )


def _verify(target: Path, written: bytes, data: bytes, report: Report) -> None:
    """Raise `VerifyError` unless `written` is `data` and loads back as `report`."""
    if written != data:
        raise VerifyError(target, "not saved: the file read back differs from what was written")
    try:
        loaded = loads_report(written.decode("utf-8"), str(target))
    except ReportError as exc:
        first = exc.problems[0] if exc.problems else None
        detail = f"{first.path}: {first.message}" if first else "invalid"
        raise VerifyError(target, f"not saved: the text written does not load: {detail}") from None
    except Exception as exc:  # whatever stops it loading, it is not the report to keep
        detail = _reason(exc)
        raise VerifyError(target, f"not saved: the text written does not load: {detail}") from None
    if loaded != report:
        raise VerifyError(target, "not saved: the text written loads as a different report")


def _backup(target: Path, old_data: bytes, mode: int) -> Path:
    """Make `NAME.bak` the current version of `target` (a hard link, else a safe copy)."""
    backup = target.with_name(target.name + BACKUP_SUFFIX)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(backup)
        try:
            os.link(target, backup, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in _NO_HARDLINK:
                raise
            _write_file(backup, old_data, mode)
    except OSError as exc:
        reason = f"not saved: cannot keep the backup {backup.name}: {_reason(exc)}"
        raise SaveError(target, reason) from exc
    return backup


def _write_file(target: Path, data: bytes, mode: int | None) -> int:
    """Write `data` to a temporary file and rename it over `target`; returns its mtime_ns."""
    temp = _TempFile(target.parent, target.name, 0o600 if mode is not None else 0o666)
    try:
        if mode is not None:
            os.fchmod(temp.fd, mode)
        temp.write_all(data)
        os.fsync(temp.fd)
        temp.replace(target)
        return os.fstat(temp.fd).st_mtime_ns
    finally:
        temp.discard()


def write_file(path: Path, data: bytes) -> Path:
    """Put `data` in the file at `path` the way a save does, and return the file written.

    A symlink is followed (the link stays a link); the new file keeps the old one's mode;
    the bytes go to a temporary file in the same folder, are flushed to disk and renamed
    over the target, and the folder is flushed. Until the rename the old file is untouched,
    so a failure (no space, no permission, the process killed) leaves it as it was, and no
    temporary file is left behind. Raises `SaveError`, whose message is one line.
    """
    target = Path(os.path.realpath(path))
    remove_stale_temps(target)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise SaveError(target, f"not written: {_reason(exc)}") from exc
    else:
        if not stat_mod.S_ISREG(info.st_mode):
            raise SaveError(target, "not written: not a regular file")
        mode = stat_mod.S_IMODE(info.st_mode)
    try:
        _write_file(target, data, mode)
    except OSError as exc:
        raise SaveError(target, f"not written: {_reason(exc)}") from exc
    _fsync_folder(target.parent)
    return target


def save_report(report: Report, path: Path, *, expected: FileStamp | None = None) -> SaveResult:
    """Write `report` to `path` safely; see the module docstring. Raises `SaveError`.

    `expected`: the stamp of the file as it was loaded; the save is refused with
    `ConflictError` when the file's content no longer matches it. None writes regardless.
    """
    target = Path(os.path.realpath(path))
    try:
        data = tomli_w.dumps(report_to_dict(report)).encode("utf-8")
    except Exception as exc:  # any failure to serialise (TypeError, RecursionError, ...)
        raise SaveError(
            target, f"not saved: cannot write the report as TOML: {_reason(exc)}"
        ) from exc
    return save_text(data, report, path, expected=expected)


def save_text(
    data: bytes, report: Report, path: Path, *, expected: FileStamp | None = None
) -> SaveResult:
    """Write the TOML text `data`, which must load back as `report`, to `path` as safely as
    `save_report` does (the text of a file rewritten in place, say, comments and all)."""
    target = Path(os.path.realpath(path))
    folder = target.parent
    remove_stale_temps(target)
    previous = _on_disk(target)
    _check_expected(target, expected, previous[2] if previous else None)
    if previous is not None:
        info, old_data, old_stamp = previous
        if old_data == data:
            return SaveResult(path=target, backup=None, stamp=old_stamp, written=False)
        if not os.access(target, os.W_OK):
            raise SaveError(target, "not saved: the file is read-only")

    try:
        temp = _TempFile(folder, target.name, 0o600 if previous else 0o666)
    except OSError as exc:
        raise SaveError(target, f"not saved: {_reason(exc)}") from exc
    backup: Path | None = None
    try:
        if previous is not None:
            info = previous[0]
            if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                # Only the owner may give a file away; others keep the mode at least.
                with contextlib.suppress(PermissionError):
                    os.fchown(temp.fd, info.st_uid, info.st_gid)
            os.fchmod(temp.fd, stat_mod.S_IMODE(info.st_mode))
        temp.write_all(data)
        os.fsync(temp.fd)
        _verify(target, temp.read_all(), data, report)
        # Check again right before replacing: the file may have changed while we wrote.
        now = _on_disk(target)
        _check_expected(target, expected, now[2] if now else None)
        if now is not None:
            backup = _backup(target, now[1], stat_mod.S_IMODE(now[0].st_mode))
        temp.replace(target)
        mtime_ns = os.fstat(temp.fd).st_mtime_ns
    except SaveError:
        raise
    except Exception as exc:  # OSError mostly (ENOSPC, EACCES, EIO); the file is untouched
        raise SaveError(target, f"not saved: {_reason(exc)}") from exc
    finally:
        temp.discard()
    _fsync_folder(folder)
    return SaveResult(path=target, backup=backup, stamp=_stamp_of(data, mtime_ns))
