"""Live reload: the dashboard follows its file as others change it.

Each test writes to a copy of tests/diff/old.toml the way an editor or a script would
(in place, or a new file renamed over it), then waits, with a deadline, until the app
shows it. An invalid, empty or vanished file never replaces the data on screen; a banner
shows the problem lines until the file is good again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import tui.core.save
import tui.ui.app
from tests.app_helpers import (
    NEW,
    OLD,
    Clock,
    copy_of,
    file_app,
    fill,
    focused_table,
    following,
    go,
    palette_titles,
    table_text,
    until,
)
from tui.core.format import format_figure
from tui.core.loader import load_report
from tui.core.model import Lang, Report
from tui.ui.app import FileDashboardApp, make_app
from tui.ui.screens.detail import FigureScreen, SubjectScreen
from tui.widgets.file_bar import FileBar, FileState
from tui.widgets.problem_banner import ProblemBanner
from tui.widgets.table import ReportTable


def replace_file(path: Path, text: str) -> None:
    """Write `text` as editors do: a new file, renamed over the old one."""
    temp = path.with_name(path.name + ".new")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def cursor_id(table: ReportTable[Any]) -> str | None:
    """The id of the row under the cursor; None when no row is."""
    item = table.cursor_item
    return item.id if item is not None else None


def medical_workers(app: tui.ui.app.DashboardApp) -> int | float:
    return app.report.figure("medical-workers").value


@pytest.mark.parametrize("how", ["in place", "renamed over"])
async def test_an_external_write_shows_up(tmp_path: Path, how: str) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("5")  # the figures
        await pilot.pause()
        table = focused_table(app)
        assert "188 people" in table_text(table)
        text = path.read_text(encoding="utf-8").replace("188", "190")
        if how == "in place":
            path.write_text(text, encoding="utf-8")
        else:
            replace_file(path, text)
        await until(pilot, lambda: medical_workers(app) == 190, "the new value")
        await pilot.pause()
        assert "190 people" in table_text(table)
        assert "188 people" not in table_text(table)
        assert not app.dirty and app.file_state.problems == ()


async def test_a_whole_new_version_shows_up(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        replace_file(path, NEW.read_text(encoding="utf-8"))
        new = load_report(NEW)
        await until(pilot, lambda: app.report == new, "the new version")
        await pilot.press("3")
        await pilot.pause()
        assert [t.id for t in focused_table(app).items] == [t.id for t in new.townships]


async def test_an_invalid_write_keeps_the_data_and_shows_the_problem_lines(
    tmp_path: Path,
) -> None:
    path = copy_of(OLD, tmp_path)
    good = path.read_text(encoding="utf-8")
    async with following(path) as (app, pilot):
        await pilot.press("5")  # the figures
        await pilot.pause()
        before = app.report
        banner = app.screen.query_one(ProblemBanner)
        assert not banner.display
        broken = good.replace('raw = "188名"', 'raw = "百名"')
        path.write_text(broken, encoding="utf-8")
        await until(pilot, lambda: app.file_state.problems, "the banner")
        await pilot.pause()
        assert app.report is before  # the last good data stays
        assert banner.display
        line = next(n for n, text in enumerate(broken.splitlines(), 1) if "百名" in text)
        expected = f"{path}:{line}:7: units[0].measures[0].figures[0].raw: raw form"
        assert any(shown.startswith(expected) for shown in banner.lines), banner.lines
        assert "was not loaded" in banner.lines[0]
        assert "188 people" in table_text(focused_table(app))
        assert "file on disk has problems" in app.screen.query_one(FileBar).render().plain

        # Fixed, with a new value: the banner goes and the new data shows.
        path.write_text(good.replace("188", "187"), encoding="utf-8")
        await until(pilot, lambda: not app.file_state.problems, "the banner to go")
        await pilot.pause()
        assert medical_workers(app) == 187
        assert not banner.display
        assert "187 people" in table_text(focused_table(app))


async def test_a_syntax_error_names_its_line_and_column(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        path.write_text("schema_version = 1\n[report\n", encoding="utf-8")
        await until(pilot, lambda: app.file_state.problems, "the banner")
        assert app.file_state.problems[0].startswith(f"{path}:2:")


@pytest.mark.parametrize("gone", ["empty", "vanished"])
async def test_an_empty_or_vanished_file_is_handled_the_same_way(tmp_path: Path, gone: str) -> None:
    path = copy_of(OLD, tmp_path)
    good = path.read_text(encoding="utf-8")
    async with following(path) as (app, pilot):
        before = app.report
        if gone == "empty":
            path.write_text("", encoding="utf-8")
            reason = "empty file"
        else:
            path.unlink()
            reason = "no such file"
        await until(pilot, lambda: app.file_state.problems, "the banner")
        assert app.report is before
        assert reason in app.file_state.problems[0]
        assert app.file_state.problems[0].startswith(f"{path}:1:1: (file): ")
        replace_file(path, good.replace("188", "189"))
        await until(pilot, lambda: medical_workers(app) == 189, "the file back")
        assert app.file_state.problems == ()


async def test_problem_lines_are_shown_safely(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    good = path.read_text(encoding="utf-8")
    async with following(path) as (app, pilot):
        hostile = good.replace('kind = "government"', 'kind = "[bold]x\\u001b[2J"', 1)
        path.write_text(hostile, encoding="utf-8")
        await until(pilot, lambda: app.file_state.problems, "the banner")
        await pilot.pause()
        banner = app.screen.query_one(ProblemBanner)
        shown = "\n".join(banner.lines)
        assert "\x1b" not in shown and "\\x1b" in shown
        assert "[bold]x" in banner.render().plain  # literal text, not markup


@pytest.mark.parametrize("size", [(80, 24), (120, 30), (60, 20)])
async def test_the_banner_shows_whole_problem_lines_and_counts_the_rest(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from tui.widgets.problem_banner import MAX_ROWS

    path = copy_of(OLD, tmp_path)
    good = path.read_text(encoding="utf-8")
    async with following(path, size=size) as (app, pilot):
        # Several problems, each line longer than the narrowest banner is wide.
        broken = (
            good.replace('kind = "government"', 'kind = "x"')
            .replace("lower_bound = false", "lower_bound = 0")
            .replace('unit = "people"', 'unit = "persons"')
        )
        path.write_text(broken, encoding="utf-8")
        await until(pilot, lambda: app.file_state.problems, "the banner")
        await pilot.pause()
        problems = app.file_state.problems
        assert len(problems) >= 6
        banner = app.screen.query_one(ProblemBanner)
        _head, *shown, more = banner.lines
        assert 1 <= len(shown) < len(problems)
        assert shown == [str(p) for p in problems[: len(shown)]]  # whole, in file order
        assert more.startswith(f"… and {len(problems) - len(shown)} more")
        assert banner.size.height <= MAX_ROWS
        # every row of the banner is drawn: nothing is cut off below
        rows = banner.render().plain.split("\n")
        assert len(rows) == banner.size.height
        assert rows[-1].rstrip().endswith("lists them all")


async def test_the_pane_selection_and_filter_are_kept(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("2", "slash", *"county", "enter", "j", "j")
        await pilot.pause()
        table = focused_table(app)
        selected = table.cursor_item
        assert selected is not None
        assert selected.id == "county-congress-cppcc"
        shown_before = [u.id for u in table.shown]
        # The first unit is renamed: it still matches, and the selection stays put.
        text = path.read_text(encoding="utf-8").replace(
            "County Health Commission", "County Health and Wellness System"
        )
        replace_file(path, text)
        await until(
            pilot,
            lambda: app.report.units[0].name.en == "County Health and Wellness System",
            "the rename",
        )
        await pilot.pause()
        assert app.main_screen.pane == "units"
        assert focused_table(app) is table
        assert table.filter_text == "county"
        assert [u.id for u in table.shown] == shown_before
        assert cursor_id(table) == selected.id
        assert table.cursor_item == app.report.subject(selected.id)
        assert "and Well" in table_text(table)  # the list may cut the name: its start


async def test_the_sort_is_kept_and_a_selected_row_that_is_gone_gives_way(
    tmp_path: Path,
) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("3", "s", "G")  # townships by name: Duowa, Longwu; on Longwu
        await pilot.pause()
        table = focused_table(app)
        assert cursor_id(table) == "longwu"
        new = load_report(NEW)
        replace_file(path, NEW.read_text(encoding="utf-8"))
        await until(pilot, lambda: app.report == new, "the new version")
        await pilot.pause()
        assert table.sort_column == 0
        names = [t.name.en for t in table.shown]
        assert names == sorted(names) and len(names) == 3  # Guashize came
        assert cursor_id(table) == "longwu"  # still on it, wherever it sorts now


async def test_r_reloads_at_once(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    clock = Clock()
    # Only `r` can notice the change: the file is not looked at again within the test.
    async with following(path, clock=clock, poll_seconds=3600.0) as (app, pilot):
        bar = app.screen.query_one(FileBar)
        assert "loaded 12:00:00" in bar.render().plain
        path.write_text(path.read_text(encoding="utf-8").replace("188", "191"))
        await pilot.pause(0.3)
        assert medical_workers(app) == 188  # nothing looked at the file yet
        clock.now = datetime(2020, 2, 27, 12, 5, 30)
        await pilot.press("r")
        await until(pilot, lambda: medical_workers(app) == 191, "the reload")
        await pilot.pause()
        assert "loaded 12:05:30" in bar.render().plain


async def test_reload_reads_the_file_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = tui.core.save.load_snapshot

    def spy(path: Path) -> object:
        threads.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(tui.ui.app, "load_snapshot", spy)
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        path.write_text(path.read_text(encoding="utf-8").replace("188", "192"))
        await until(pilot, lambda: medical_workers(app) == 192, "the reload")
    assert threads and all(t is not threading.main_thread() for t in threads)


async def test_a_detail_shows_the_new_value(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("2", "enter")  # County Health Commission
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SubjectScreen)
        path.write_text(path.read_text(encoding="utf-8").replace("188", "193"))
        await until(pilot, lambda: "193 people" in screen.text, "the detail to follow")
        assert app.screen is screen


async def test_a_figure_detail_of_a_removed_figure_closes(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("5")  # the figures
        await pilot.pause()
        old = app.report
        table = focused_table(app)
        figure = old.figure("refuse-tonnes")
        await pilot.press(*["j"] * table.shown.index(figure), "enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureScreen) and app.screen.figure == figure
        replace_file(path, NEW.read_text(encoding="utf-8"))  # refuse-tonnes is removed
        await until(pilot, lambda: app.screen is app.main_screen, "the detail to close")


@pytest.mark.parametrize("cover", ["help", "form"])
async def test_a_covered_detail_of_a_removed_figure_closes_when_uncovered(
    tmp_path: Path, cover: str
) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        await go(pilot, "5")  # the Figures pane
        table = focused_table(app)
        figure = app.report.figure("refuse-tonnes")
        await pilot.press(*["j"] * table.shown.index(figure), "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, FigureScreen) and detail.figure == figure
        await pilot.press("question_mark" if cover == "help" else "e")
        await until(pilot, lambda: app.screen is not detail, f"the {cover} over the detail")
        over = app.screen
        new = load_report(NEW)
        replace_file(path, NEW.read_text(encoding="utf-8"))  # refuse-tonnes is removed
        await until(pilot, lambda: app.report == new, "the new version")
        await pilot.pause()
        assert app.screen is over  # what is on top stays open
        assert app.screen_stack[1:] == [detail, over]
        await pilot.press("escape")  # closes it; the detail, resumed, closes itself
        await until(pilot, lambda: app.screen is app.main_screen, "the detail to close")
        assert len(app.screen_stack) == 1


async def test_a_long_path_gives_way_from_the_left(tmp_path: Path) -> None:
    folder = tmp_path / "a-rather-long-folder-name" / "reports-of-the-county-office" / "2020"
    folder.mkdir(parents=True)
    path = copy_of(OLD, folder)
    async with following(path, size=(60, 20)) as (app, _):
        bar = app.screen.query_one(FileBar)
        plain = bar.render().plain
        assert plain.startswith("…/") and plain.endswith("/2020/report.toml  ·  loaded 12:00:00")
        assert len(plain) <= bar.size.width
        assert str(path).endswith(plain[1:].split("  ·  ")[0])


async def test_unsaved_changes_are_never_reloaded_over(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("2", "enter", "e")
        await fill(pilot, app, value="190", raw="190名", excerpt="190名医务工作者投身防控一线")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the edit")
        path.write_text(path.read_text(encoding="utf-8").replace("188", "194"))
        await until(pilot, lambda: app.file_state.disk_changed, "the note")
        await pilot.pause()
        assert medical_workers(app) == 190  # the edit stays; the file's 194 is not loaded
        banner = app.screen.query_one(ProblemBanner)
        assert banner.display
        assert "changed on disk" in banner.lines[0]
        assert "Your unsaved changes are kept" in banner.lines[0]


async def test_without_a_file_nothing_time_related_shows(report: Report) -> None:
    app = make_app(report, clock=lambda: datetime(2020, 1, 1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(FileBar)
        assert not bar.display
        assert app.file_state.loaded_at == "" and app.file_state.name == ""
        assert not app.screen.query_one(ProblemBanner).display
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app, FileDashboardApp)  # a read-only dashboard: `r` does nothing
        assert app.file_state == FileState()


async def test_the_header_line_names_the_file_and_when_it_was_loaded(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path, "tongren.toml")
    async with following(path, size=(200, 30)) as (app, _):
        bar = app.screen.query_one(FileBar)
        assert bar.display
        plain = bar.render().plain
        assert plain.startswith(f"{path}  ·  ")  # the whole path, where it fits
        assert "loaded 12:00:00" in plain
        assert format_figure(app.report.figure("medical-workers")) == "188 people"


# --- looks ------------------------------------------------------------------------------------


def banner_over_the_last_good_data(
    snap_compare: Callable[..., bool], folder: Path, monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> bool:
    monkeypatch.chdir(folder)  # problem lines name the file as it was given: relative
    path = Path(copy_of(OLD, folder).name)
    app = file_app(path, lang=lang)
    good = path.read_text(encoding="utf-8")

    async def break_the_file(pilot: Pilot[None]) -> None:
        await pilot.press("2")
        path.write_text(
            good.replace('raw = "188名"', 'raw = "百名"').replace('kind = "joint"', 'kind = "x"')
        )
        await until(pilot, lambda: app.file_state.problems, "the banner")
        await pilot.pause()

    return snap_compare(app, run_before=break_the_file, terminal_size=(80, 24))


def test_snapshot_the_banner_over_the_last_good_data(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file turned invalid under the units pane: the banner's head line and problem lines
    over the last good data, and the file bar saying so."""
    assert banner_over_the_last_good_data(snap_compare, tmp_path, monkeypatch, "en")


def test_snapshot_the_banner_in_chinese(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same banner over the units pane in Chinese (the problem lines stay as `check`
    writes them)."""
    assert banner_over_the_last_good_data(snap_compare, tmp_path, monkeypatch, "zh")


async def test_every_key_of_a_file_is_in_the_palette_and_the_help(tmp_path: Path) -> None:
    from tui.ui.screens.detail import DetailScreen
    from tui.widgets.donations_pane import DonationsPane

    path = copy_of(OLD, tmp_path)
    async with following(path) as (app, pilot):
        assert isinstance(app, FileDashboardApp)

        def titles() -> str:
            return " | ".join(palette_titles(app))

        for binding in FileDashboardApp.BINDINGS:
            assert not isinstance(binding, tuple)
            if binding.action == "save":
                assert "Save (ctrl+s)" not in titles()  # offered once there is something to save
                continue
            assert f"({binding.key})" in titles(), binding.action
        await pilot.press("4")
        await pilot.pause()
        for binding in DonationsPane.BINDINGS:
            assert not isinstance(binding, tuple)
            assert f"({binding.key})" in titles(), binding.action
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert "Edit figure (e)" in titles()
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-body").render())
        for key in ("r", "ctrl+s", "w", "e", "a"):
            assert f"\n  {key} " in help_text, key
        assert "Reload from disk" in help_text and "add a gift" in help_text


async def test_without_a_file_the_palette_and_help_leave_the_file_keys_out(
    report: Report,
) -> None:
    app = make_app(report)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        titles = " | ".join(palette_titles(app))
        for absent in ("(r)", "(ctrl+s)", "(w)", "(a)"):
            assert absent not in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Reload" not in str(app.screen.query_one("#help-body").render())
