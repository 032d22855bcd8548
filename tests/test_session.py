"""The file session, without an app: following a file, what a reload or a save that lands comes
to, and what saving decides.

`tui.core.session.FileSession` is plain Python: these tests load and save real files in a
temporary folder and call the session as the app's workers and handlers would, in the orders a
busy screen can give them (a reload that lands after a save, after a newer reload, after an
edit).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from msgspec import structs

from tests.app_helpers import OLD, copy_of
from tui.core.loader import default_report_path, load_report
from tui.core.model import Report
from tui.core.save import ConflictError, SaveError, Snapshot, load_snapshot, save_report
from tui.core.session import (
    AskAboutComments,
    AskOverwrite,
    Busy,
    Conflict,
    Failed,
    FileSession,
    Ignored,
    NothingToSave,
    Problems,
    ProposeSaveAs,
    Refused,
    Replace,
    Saved,
    SaveTo,
    Stale,
    StillLoading,
    Unchanged,
    is_bundled,
    shown_path,
    signature,
)


def session_of(path: Path) -> tuple[FileSession, Snapshot]:
    """A session of `path` as the command line opens it: loaded once, with stamp and comments."""
    snapshot = load_snapshot(path)
    session = FileSession(path, snapshot.report, snapshot.stamp, snapshot.comment_lines)
    return session, snapshot


def edited(report: Report, value: int) -> Report:
    """`report` with the medical workers' figure set to `value` (as the edit form makes it)."""
    figure = report.figure("medical-workers")
    return report.with_figure(
        structs.replace(
            figure, value=value, raw=f"{value}名", excerpt=f"{value}名医务工作者投身防控一线"
        )
    )


def write(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


# --- following ------------------------------------------------------------------------------


def test_a_file_loaded_with_its_stamp_needs_no_load_to_follow(tmp_path: Path) -> None:
    session, _ = session_of(copy_of(OLD, tmp_path))
    assert session.start_following() is False
    assert session.poll() is False


def test_a_file_given_without_its_stamp_is_loaded_at_once(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    session = FileSession(path, load_report(path))
    assert session.start_following() is True


def test_poll_says_once_that_the_file_changed(tmp_path: Path) -> None:
    session, _ = session_of(copy_of(OLD, tmp_path))
    session.start_following()
    write(session.path, "188", "190")
    assert session.poll() is True
    assert session.poll() is False  # seen now
    session.path.unlink()
    assert session.poll() is True and session.seen is None


def test_nothing_is_polled_while_a_save_is_under_way(tmp_path: Path) -> None:
    session, _ = session_of(copy_of(OLD, tmp_path))
    session.start_following()
    session.begin_save()
    write(session.path, "188", "190")
    assert session.poll() is False


# --- what a reload that landed comes to -----------------------------------------------------


def test_a_new_version_replaces_the_report_and_its_stamp(tmp_path: Path) -> None:
    session, first = session_of(copy_of(OLD, tmp_path))
    write(session.path, "188", "190")
    generation = session.begin_reload()
    loaded = load_snapshot(session.path)
    outcome = session.reload_outcome(generation, loaded, same=False, dirty=False)
    assert outcome == Replace(loaded.report)
    assert session.stamp == loaded.stamp != first.stamp
    assert session.saved_report is loaded.report


def test_the_same_report_is_unchanged_and_its_stamp_taken_on(tmp_path: Path) -> None:
    session, _ = session_of(copy_of(OLD, tmp_path))
    os.utime(session.path, ns=(1, 1))  # touched, not changed
    generation = session.begin_reload()
    loaded = load_snapshot(session.path)
    assert session.reload_outcome(generation, loaded, same=True, dirty=False) == Unchanged()
    assert session.stamp == loaded.stamp


def test_a_file_that_does_not_load_keeps_everything(tmp_path: Path) -> None:
    session, first = session_of(copy_of(OLD, tmp_path))
    generation = session.begin_reload()
    outcome = session.reload_outcome(generation, ("x:1:1: bad",), same=False, dirty=False)
    assert outcome == Problems(("x:1:1: bad",))
    assert session.stamp == first.stamp and session.saved_report is first.report
    outcome = session.reload_outcome(session.begin_reload(), (), same=False, dirty=False)
    assert outcome == Problems((f"{session.path}: cannot be loaded",))


@pytest.mark.parametrize("changed", [True, False])
def test_unsaved_changes_are_never_loaded_over(tmp_path: Path, changed: bool) -> None:
    session, first = session_of(copy_of(OLD, tmp_path))
    if changed:
        write(session.path, "119", "120")
    else:
        os.utime(session.path, ns=(1, 1))
    generation = session.begin_reload()
    loaded = load_snapshot(session.path)
    outcome = session.reload_outcome(generation, loaded, same=False, dirty=True)
    assert outcome == Ignored(disk_changed=changed)
    assert session.stamp == first.stamp  # the next save still checks against the version edited


def test_a_reload_that_lands_after_a_save_is_stale(tmp_path: Path) -> None:
    # Saved 190 while a reload that had read 188 was on its way: the reload must not put 188
    # back, nor its stamp, which would make the next save a conflict.
    session, first = session_of(copy_of(OLD, tmp_path))
    generation = session.begin_reload()
    read_before_the_save = load_snapshot(session.path)
    mine = edited(first.report, 190)
    session.begin_save()
    result = save_report(mine, session.path, expected=session.stamp)
    assert isinstance(session.save_outcome(session.path, result, mine), Saved)
    outcome = session.reload_outcome(generation, read_before_the_save, same=False, dirty=False)
    assert outcome == Stale(look_again=False)
    assert session.stamp == result.stamp and session.saved_report is mine
    # and the next save is no conflict
    again = edited(mine, 191)
    session.begin_save()
    result = save_report(again, session.path, expected=session.stamp)  # no ConflictError
    assert load_report(session.path) == again


def test_a_reload_overtaken_by_a_newer_one_is_stale(tmp_path: Path) -> None:
    session, _ = session_of(copy_of(OLD, tmp_path))
    older = session.begin_reload()
    write(session.path, "188", "190")
    newer = session.begin_reload()
    loaded = load_snapshot(session.path)
    assert session.reload_outcome(older, loaded, same=False, dirty=False) == Stale(False)
    assert session.reload_outcome(newer, loaded, same=False, dirty=False) == Replace(loaded.report)


def test_a_reload_overtaken_by_an_edit_is_stale_and_looks_again(tmp_path: Path) -> None:
    # The reload compared the file with the report shown before the edit: its answer does not
    # hold, but the file may have changed all the same, so it is read again.
    session, _ = session_of(copy_of(OLD, tmp_path))
    generation = session.begin_reload()
    loaded = load_snapshot(session.path)
    session.shown()
    assert session.reload_outcome(generation, loaded, same=True, dirty=True) == Stale(True)


# --- what saving decides --------------------------------------------------------------------


def test_save_decisions(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)  # old.toml has a comment on line 1
    assert FileSession(path, load_report(path)).save_decision(dirty=True) == StillLoading()
    session, snapshot = session_of(path)
    assert session.save_decision(dirty=False) == NothingToSave()
    assert session.save_decision(dirty=True) == AskAboutComments((1,))
    session.comments_confirmed = True
    assert session.save_decision(dirty=True) == SaveTo(path, snapshot.stamp)
    session.begin_save()
    assert session.save_decision(dirty=True) == Busy()


def test_a_save_takes_on_the_new_stamp_and_drops_the_comments(tmp_path: Path) -> None:
    session, snapshot = session_of(copy_of(OLD, tmp_path))
    mine = edited(snapshot.report, 190)
    session.begin_save()
    result = save_report(mine, session.path, expected=session.stamp)
    outcome = session.save_outcome(session.path, result, mine)
    assert outcome == Saved(path=session.path, backup=result.backup, renamed=False)
    assert result.backup == session.path.with_name("report.toml.bak")
    assert session.stamp == result.stamp and session.comment_lines == ()
    assert session.seen == signature(session.path) and not session.saving


def test_a_save_as_follows_the_new_file(tmp_path: Path) -> None:
    session, snapshot = session_of(copy_of(OLD, tmp_path))
    other = tmp_path / "mine.toml"
    assert session.save_as_proposal() == str(tmp_path / "report-edited.toml")
    decision = session.save_as_target(other)
    assert decision == SaveTo(other, None)
    session.begin_save()
    result = save_report(snapshot.report, other)
    assert session.save_outcome(other, result, snapshot.report) == Saved(other, None, True)
    assert session.path == other
    assert session.save_as_target(other) == AskOverwrite(other)


def test_a_conflict_and_a_failure_keep_the_stamp(tmp_path: Path) -> None:
    session, snapshot = session_of(copy_of(OLD, tmp_path))
    conflict = ConflictError(session.path, "changed", None)
    session.begin_save()
    assert session.save_outcome(session.path, conflict, snapshot.report) == Conflict(conflict)
    session.begin_save()
    failure = SaveError(session.path, "not saved: No space left on device")
    outcome = session.save_outcome(session.path, failure, snapshot.report)
    assert outcome == Failed(f"{session.path}: not saved: No space left on device")
    assert session.stamp == snapshot.stamp and not session.saving


# --- the bundled report is read-only --------------------------------------------------------


def test_the_bundled_report_is_saved_as_a_file_in_the_current_folder(tmp_path: Path) -> None:
    bundled = default_report_path()
    session, _ = session_of(bundled)
    assert session.bundled and is_bundled(bundled)
    assert session.save_decision(dirty=True) == ProposeSaveAs(f".{os.sep}report.toml")
    assert session.save_as_target(bundled) == Refused(bundled)
    # however it is named: a symlink to it is refused too
    link = tmp_path / "link.toml"
    link.symlink_to(bundled)
    assert isinstance(session.save_as_target(link), Refused)
    assert not is_bundled(copy_of(bundled, tmp_path))


def test_a_bundled_report_saved_as_is_no_longer_read_only(tmp_path: Path) -> None:
    session, snapshot = session_of(default_report_path())
    target = tmp_path / "report.toml"
    session.begin_save()
    result = save_report(snapshot.report, target)
    session.save_outcome(target, result, snapshot.report)
    assert not session.bundled
    assert session.save_decision(dirty=True) == SaveTo(target, result.stamp)


# --- showing a path -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("report.toml", "./report.toml"),
        ("data/report.toml", "./data/report.toml"),
        ("../report.toml", "../report.toml"),
        ("/srv/reports/report.toml", "/srv/reports/report.toml"),
        ("/srv/a\x1b[2Jb.toml", "/srv/a\\x1b[2Jb.toml"),
    ],
)
def test_a_path_is_shown_whole_and_safely(given: str, shown: str) -> None:
    assert shown_path(Path(given)) == shown
