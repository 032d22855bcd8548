"""Saving a snapshot: round trip, mode, owner, symlinks, the backup, conflicts, failures.

Failures (no space, no permission, an exception while serialising) are simulated by
replacing `os` functions; after each, the original file must be byte for byte what it was
and the folder must hold no temporary file. Tests that write run twice: with the unnamed
temporary file (Linux O_TMPFILE) and with a named one, the fallback elsewhere.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

import tui.core.save
from tui.core.loader import load_report
from tui.core.model import Report
from tui.core.problems import Problem, ReportError
from tui.core.save import (
    ConflictError,
    SaveError,
    VerifyError,
    comment_lines,
    has_comments,
    is_temp_file,
    load_snapshot,
    remove_stale_temps,
    save_report,
    stamp,
)


@pytest.fixture(params=["unnamed-temp", "named-temp"])
def temp_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with each way of making the temporary file."""
    unnamed = request.param == "unnamed-temp"
    if unnamed and not tui.core.save.USE_UNNAMED_TEMP:
        pytest.skip("no O_TMPFILE on this platform")
    monkeypatch.setattr(tui.core.save, "USE_UNNAMED_TEMP", unnamed)
    return str(request.param)


@pytest.fixture
def saved(tmp_path: Path, old: Report, temp_kind: str) -> Path:
    """A folder holding report.toml, saved from `old`."""
    path = tmp_path / "report.toml"
    save_report(old, path)
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def one_line_naming(exc: BaseException, path: Path) -> bool:
    text = str(exc)
    return "\n" not in text and text.startswith(str(path))


# --- what a save writes --------------------------------------------------------------------


def test_a_saved_report_loads_back_equal(tmp_path: Path, report: Report, temp_kind: str) -> None:
    path = tmp_path / "report.toml"
    result = save_report(report, path)
    assert load_report(path) == report
    assert result.path == path.resolve()
    assert result.backup is None  # there was nothing before
    assert result.stamp == stamp(path)
    assert names(tmp_path) == ["report.toml"]


def test_a_new_file_gets_the_usual_mode(tmp_path: Path, old: Report, temp_kind: str) -> None:
    umask = os.umask(0o022)
    try:
        save_report(old, tmp_path / "report.toml")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "report.toml").stat().st_mode) == 0o644


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o751])
def test_the_file_mode_is_kept(saved: Path, new: Report, mode: int) -> None:
    saved.chmod(mode)
    save_report(new, saved)
    assert load_report(saved) == new
    assert stat.S_IMODE(saved.stat().st_mode) == mode


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_the_owner_is_kept_where_the_process_may_set_it(saved: Path, new: Report) -> None:
    os.chown(saved, 4321, 4322)
    save_report(new, saved)
    info = saved.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_a_symlink_is_followed_and_stays_a_link(
    tmp_path: Path, old: Report, new: Report, temp_kind: str
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "report.toml"
    save_report(old, target)
    link = tmp_path / "link.toml"
    link.symlink_to(Path("real") / "report.toml")

    result = save_report(new, link)

    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "report.toml")
    assert result.path == target.resolve()
    assert load_report(target) == new
    assert load_report(real / "report.toml.bak") == old  # the backup sits beside the target
    assert names(tmp_path) == ["link.toml", "real"]
    assert names(real) == ["report.toml", "report.toml.bak"]


def test_the_backup_holds_the_previous_version(saved: Path, old: Report, new: Report) -> None:
    first = saved.read_bytes()
    result = save_report(new, saved)
    second = saved.read_bytes()
    backup = saved.with_name("report.toml.bak")
    assert result.backup == backup
    assert backup.read_bytes() == first
    save_report(old, saved)
    assert backup.read_bytes() == second  # always exactly one backup: the version before
    assert saved.read_bytes() == first
    assert names(saved.parent) == ["report.toml", "report.toml.bak"]


def test_saving_what_is_on_disk_writes_nothing_and_keeps_the_backup(
    saved: Path, old: Report, new: Report
) -> None:
    save_report(new, saved)
    backup = saved.with_name("report.toml.bak").read_bytes()
    result = save_report(new, saved)
    assert not result.written
    assert saved.with_name("report.toml.bak").read_bytes() == backup
    assert load_report(saved) == new


def test_a_backup_is_copied_where_hard_links_are_not_supported(
    saved: Path, new: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = saved.read_bytes()
    real_link = os.link

    def no_hard_links(src: Any, dst: Any, **kwargs: Any) -> None:
        if kwargs.get("src_dir_fd") is None:  # naming an unnamed temp file still works
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))
        real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "link", no_hard_links)
    save_report(new, saved)
    backup = saved.with_name("report.toml.bak")
    assert backup.read_bytes() == first
    assert backup.stat().st_ino != saved.stat().st_ino
    assert load_report(saved) == new
    assert names(saved.parent) == ["report.toml", "report.toml.bak"]


# --- changed on disk -----------------------------------------------------------------------


def test_a_file_changed_on_disk_since_it_was_loaded_is_not_overwritten(
    saved: Path, new: Report
) -> None:
    loaded = load_snapshot(saved)
    edited_elsewhere = saved.read_bytes().replace(b"value = 188", b"value = 189")
    saved.write_bytes(edited_elsewhere)

    with pytest.raises(ConflictError) as caught:
        save_report(new, saved, expected=loaded.stamp)

    assert saved.read_bytes() == edited_elsewhere
    assert caught.value.current == stamp(saved)
    assert "changed on disk" in str(caught.value)
    assert one_line_naming(caught.value, saved)
    assert names(saved.parent) == ["report.toml"]
    # Saving anyway (the user chose to overwrite) is `expected=None`.
    save_report(new, saved)
    assert load_report(saved) == new


def test_a_file_removed_since_it_was_loaded_is_a_conflict(saved: Path, new: Report) -> None:
    loaded = load_snapshot(saved)
    saved.unlink()
    with pytest.raises(ConflictError) as caught:
        save_report(new, saved, expected=loaded.stamp)
    assert caught.value.current is None
    assert names(saved.parent) == []


def test_a_file_touched_but_not_changed_is_no_conflict(saved: Path, new: Report) -> None:
    loaded = load_snapshot(saved)
    os.utime(saved, ns=(loaded.stamp.mtime_ns + 5_000_000_000,) * 2)
    assert stamp(saved) != loaded.stamp
    save_report(new, saved, expected=loaded.stamp)
    assert load_report(saved) == new


def test_a_change_on_disk_while_writing_is_caught_before_the_replace(
    saved: Path, new: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = load_snapshot(saved)
    edited_elsewhere = saved.read_bytes() + b"\n"
    real_verify = tui.core.save._verify

    def verify_then_someone_writes(*args: Any) -> None:
        real_verify(*args)
        saved.write_bytes(edited_elsewhere)

    monkeypatch.setattr(tui.core.save, "_verify", verify_then_someone_writes)
    with pytest.raises(ConflictError):
        save_report(new, saved, expected=loaded.stamp)
    assert saved.read_bytes() == edited_elsewhere
    assert names(saved.parent) == ["report.toml"]


def test_the_stamp_of_a_save_is_what_the_next_save_expects(
    saved: Path, old: Report, new: Report
) -> None:
    result = save_report(new, saved, expected=stamp(saved))
    result = save_report(old, saved, expected=result.stamp)
    assert load_report(saved) == old


# --- failures leave the original as it was --------------------------------------------------


def _fail_with(code: int) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


def _raise(exc: Exception) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fail


def _fail_on_create(real_open: Callable[..., int], code: int) -> Callable[..., int]:
    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT or (
            hasattr(os, "O_TMPFILE") and flags & os.O_TMPFILE == os.O_TMPFILE
        ):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    return open_


FAILURES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "ENOSPC on write": lambda mp: mp.setattr(os, "write", _fail_with(errno.ENOSPC)),
    "ENOSPC on fsync": lambda mp: mp.setattr(os, "fsync", _fail_with(errno.ENOSPC)),
    "EIO on fsync": lambda mp: mp.setattr(os, "fsync", _fail_with(errno.EIO)),
    "EACCES on create": lambda mp: mp.setattr(os, "open", _fail_on_create(os.open, errno.EACCES)),
    "ENOSPC on create": lambda mp: mp.setattr(os, "open", _fail_on_create(os.open, errno.ENOSPC)),
    "EPERM on chmod": lambda mp: mp.setattr(os, "fchmod", _fail_with(errno.EPERM)),
    "EACCES on replace": lambda mp: mp.setattr(os, "replace", _fail_with(errno.EACCES)),
    "EROFS on replace": lambda mp: mp.setattr(os, "replace", _fail_with(errno.EROFS)),
    "EIO on read back": lambda mp: mp.setattr(os, "pread", _fail_with(errno.EIO)),
    "error while serialising": lambda mp: mp.setattr(
        tui.core.save, "report_to_dict", lambda report: {"bad": object()}
    ),
    "exception while serialising": lambda mp: mp.setattr(
        tomli_w, "dumps", _fail_with(errno.ENOMEM)
    ),
    "exception while writing": lambda mp: mp.setattr(os, "write", _raise(RuntimeError("bug"))),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failed_save_leaves_the_original_byte_identical_and_no_temp_file(
    saved: Path, old: Report, new: Report, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    save_report(new, saved)  # so that there is a backup, which must not change either
    saved.chmod(0o640)
    original = saved.read_bytes()
    backup = saved.with_name("report.toml.bak").read_bytes()
    before = saved.stat()

    with monkeypatch.context() as mp:
        FAILURES[failure](mp)
        with pytest.raises(SaveError) as caught:
            save_report(old, saved)

    assert saved.read_bytes() == original
    assert saved.stat().st_ino == before.st_ino
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640
    assert names(saved.parent) == ["report.toml", "report.toml.bak"]
    if "replace" not in failure:  # a failed replace comes after the backup was refreshed
        assert saved.with_name("report.toml.bak").read_bytes() == backup
    assert one_line_naming(caught.value, saved.resolve())
    assert "not saved" in str(caught.value)


def test_no_space_says_so(saved: Path, new: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", _fail_with(errno.ENOSPC))
    with pytest.raises(SaveError, match="No space left on device"):
        save_report(new, saved)


def test_a_read_only_file_is_not_replaced(
    saved: Path, new: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = saved.read_bytes()
    # As root `os.access` says yes to everything, so ask it to say no.
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: mode != os.W_OK)
    with pytest.raises(SaveError, match="read-only"):
        save_report(new, saved)
    assert saved.read_bytes() == original


def test_what_does_not_load_back_is_not_kept(
    saved: Path, new: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = saved.read_bytes()

    def invalid(text: str, filename: str = "<string>") -> Report:
        raise ReportError([Problem(filename, 3, 1, "figures[0].value", "expected a number")])

    monkeypatch.setattr(tui.core.save, "loads_report", invalid)
    with pytest.raises(VerifyError, match=r"does not load: figures\[0\]\.value: expected"):
        save_report(new, saved)
    assert saved.read_bytes() == original
    assert names(saved.parent) == ["report.toml"]


def test_what_loads_back_as_another_report_is_not_kept(
    saved: Path, old: Report, new: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = saved.read_bytes()
    monkeypatch.setattr(tui.core.save, "loads_report", lambda text, filename="": old)
    with pytest.raises(VerifyError, match="different report"):
        save_report(new, saved)
    assert saved.read_bytes() == original
    assert names(saved.parent) == ["report.toml"]


def test_a_folder_is_not_a_file(tmp_path: Path, old: Report) -> None:
    (tmp_path / "report.toml").mkdir()
    with pytest.raises(SaveError, match="not a regular file"):
        save_report(old, tmp_path / "report.toml")


def test_a_missing_folder_is_named(tmp_path: Path, old: Report, temp_kind: str) -> None:
    path = tmp_path / "nowhere" / "report.toml"
    with pytest.raises(SaveError) as caught:
        save_report(old, path)
    assert one_line_naming(caught.value, path)
    assert "No such file or directory" in str(caught.value)


# --- temporary files left by a killed process -------------------------------------------------


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The id of a process that has ended (and been waited for)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_are_removed_and_live_ones_kept(
    saved: Path, new: Report, dead_pid: int
) -> None:
    folder = saved.parent
    stale = folder / f".report.toml.{dead_pid}.0123abcd.tmp"
    stale_backup = folder / f".report.toml.bak.{dead_pid}.89abcdef.tmp"
    live = folder / f".report.toml.{os.getpid()}.0123abcd.tmp"
    unrelated = [folder / f".other.toml.{dead_pid}.0123abcd.tmp", folder / "report.toml.tmp"]
    for path in (stale, stale_backup, live, *unrelated):
        path.write_text("partial")
    assert all(is_temp_file(p.name, saved) for p in (stale, stale_backup, live))
    assert not any(is_temp_file(p.name, saved) for p in unrelated)

    assert sorted(remove_stale_temps(saved)) == sorted([stale, stale_backup])
    assert names(folder) == sorted(["report.toml", live.name, *(p.name for p in unrelated)])
    stale.write_text("partial")
    save_report(new, saved)  # every save tidies up first
    assert not stale.exists()


# --- loading for editing ------------------------------------------------------------------------


def test_a_snapshot_loaded_for_editing_has_the_files_stamp(saved: Path, old: Report) -> None:
    snapshot = load_snapshot(saved)
    assert snapshot.report == old
    assert snapshot.stamp == stamp(saved)
    assert not snapshot.has_comments
    saved.write_text("# a note\n" + saved.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_snapshot(saved).comment_lines == (1,)


def test_loading_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "report.toml"
    path.write_bytes(b"schema_version = 1\n# caf\xe9\n")
    with pytest.raises(ReportError) as caught:
        load_snapshot(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2:6: (file): not valid UTF-8: byte 0xe9 (expected UTF-8 text)"
    ]


def test_loading_a_missing_file_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no such file"):
        load_snapshot(tmp_path / "missing.toml")


# --- comments -------------------------------------------------------------------------------------

COMMENTS = [
    ("a = 1\n", []),
    ("# top\na = 1\n", [1]),
    ("a = 1 # trailing\n", [1]),
    ('a = "# not a comment"\n', []),
    ("a = '# not a comment'\n", []),
    ('a = "quote \\" # still a string"\n', []),
    ('a = "back\\\\" # a comment after an escaped backslash\n', [1]),
    ("a = 'C:\\path\\' # literal strings have no escapes\n", [1]),
    ('a = """\nline # not a comment\n"""\nb = 2 # yes\n', [4]),
    ("a = '''\n# not a comment\n'''\n", []),
    ('a = """two quotes before the end "" # still inside"""\n', []),
    ('a = """ends with quotes"""""  # after\n', [1]),
    ('a = """\\\n  # continued, still inside\n"""\n', []),
    ('"key # quoted" = 1\n', []),
    ("[table] # header comment\nx = [\n  1, # in an array\n  2,\n]\n", [1, 3]),
    ("x = { a = \"#\", b = '#' } # after an inline table\n", [1]),
    ('s = "同仁#县" # 中文注释\n', [1]),
    ("", []),
    ("#", [1]),
]


@pytest.mark.parametrize(("text", "lines"), COMMENTS)
def test_comments_are_found_outside_strings_only(text: str, lines: list[int]) -> None:
    assert comment_lines(text) == lines
    assert has_comments(text) == bool(lines)


def test_the_bundled_report_comments_are_found() -> None:
    from tui.core.loader import default_report_path

    text = default_report_path().read_text(encoding="utf-8")
    expected = [
        i for i, line in enumerate(text.splitlines(), start=1) if line.lstrip().startswith("#")
    ]
    # Every full-line comment is found; a trailing comment may add more lines.
    assert set(expected) <= set(comment_lines(text))


@pytest.fixture(autouse=True)
def _no_leaked_fds() -> Iterator[None]:
    """A save closes every file it opens, also when it fails."""
    before = set(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else set()
    yield
    if before:
        leaked = set(os.listdir("/proc/self/fd")) - before
        assert not leaked, f"file descriptors left open: {sorted(leaked)}"
