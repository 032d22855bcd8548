"""Comparing with an older snapshot: `--compare OLD.toml` shows every figure's and total's
change, and pane 5 lists exactly what was added, removed and changed.

tests/diff/new.toml is tests/diff/old.toml with known edits (tests/test_diff.py lists them
and checks `diff`); here the dashboard must show the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tui.ui.app
from tests.app_helpers import (
    NEW,
    OLD,
    copy_of,
    fill,
    focused_table,
    following,
    palette_titles,
    table_text,
    until,
)
from tests.test_diff import EXPECTED
from tui.cli import main
from tui.core.diff import diff_reports
from tui.core.model import Report
from tui.ui.app import DashboardApp, FileDashboardApp, make_app
from tui.ui.screens.detail import FigureScreen, SubjectScreen
from tui.ui.screens.main import CompareScreen
from tui.widgets.changes_pane import ChangesPane
from tui.widgets.form_bars import FormBars
from tui.widgets.pane_bar import PaneBar


def comparing(new: Report, old: Report) -> DashboardApp:
    return make_app(new, compare=old, compare_name="old.toml")


async def test_every_figure_shows_its_change(new: Report, old: Report) -> None:
    app = comparing(new, old)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        table = focused_table(app)
        assert [c.key for c in table.columns] == [
            "owner",
            "group",
            "figure",
            "value",
            "change",
            "raw",
        ]
        text = table_text(table)
        lines = {f.id: n for n, f in enumerate(table.shown)}
        drawn = text.splitlines()[1:]  # under the header

        def line_of(figure_id: str) -> str:
            return drawn[lines[figure_id]]

        assert "▲ +2" in line_of("medical-workers")
        assert "▼ −5" in line_of("duowa-grid-workers")
        assert "new" in line_of("guashize-businesses-gift")
        assert "▲ +34,000" in line_of("red-cross-cash")
        for unchanged in ("refuse-truckloads", "longwu-gift", "red-cross-goods"):
            assert "▲" not in line_of(unchanged) and "▼" not in line_of(unchanged)


async def test_every_total_shows_its_change(new: Report, old: Report) -> None:
    app = comparing(new, old)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        overview = {bars.title: bars for bars in app.screen.query(FormBars)}
        gifts = overview["gift_totals"].chart(60).plain.splitlines()
        receipts = overview["receipt_totals"].chart(60).plain.splitlines()
        assert any("Goods" in line and "▲ +19,000" in line for line in gifts)
        assert any("Cash" in line and "▲ +34,000" in line for line in receipts)
        assert not any("Cash" in line and "▲" in line for line in gifts)  # unchanged
        await pilot.press("4")
        await pilot.pause()
        donations = {
            bars.title: bars for bars in app.screen.query("#donations FormBars").results(FormBars)
        }
        assert "▲ +19,000" in donations["gift_totals"].chart(60).plain
        gift_table = focused_table(app)
        assert "change" in [c.key for c in gift_table.columns]
        guashize = next(d for d in gift_table.shown if d.donor == "guashize")
        row = table_text(gift_table).splitlines()[1 + gift_table.shown.index(guashize)]
        assert "new" in row


async def test_pane_6_lists_exactly_the_known_edits(new: Report, old: Report) -> None:
    app = comparing(new, old)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.main_screen, CompareScreen)
        assert "6 Changes" in app.screen.query_one(PaneBar).render().plain
        await pilot.press("6")
        await pilot.pause()
        assert app.main_screen.pane == "changes"
        table = focused_table(app)
        shown = [(c.kind, c.path, c.old, c.new) for c in table.shown]
        assert shown == EXPECTED
        assert list(table.items) == diff_reports(old, new)
        heading = app.screen.query_one("#changes-heading")
        assert "Changes since old.toml: 25" in str(heading.render())
        text = table_text(table)
        assert "figures.medical-workers.value" in text and "▲ +2" in text


async def test_enter_on_a_change_opens_what_it_is_about(new: Report, old: Report) -> None:
    app = comparing(new, old)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6", "slash", *"figures.medical-workers.value", "enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FigureScreen)
        assert screen.figure.id == "medical-workers"
        assert "▲ +2" in screen.text
        await pilot.press("escape", "escape", "slash", *"townships.guashize", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SubjectScreen) and app.screen.subject.id == "guashize"
        await pilot.press("escape", "escape", "slash", *"figures.refuse-tonnes", "enter")
        await pilot.press("enter")  # removed: nothing to open
        await pilot.pause()
        assert app.screen is app.main_screen


async def test_a_unit_detail_shows_each_figures_change(new: Report, old: Report) -> None:
    app = comparing(new, old)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter")  # county health: 188 -> 190 medical workers
        await pilot.pause()
        assert isinstance(app.screen, SubjectScreen)
        assert "190 people  ▲ +2" in app.screen.text


async def test_the_palette_offers_the_changes_pane(new: Report, old: Report) -> None:
    app = comparing(new, old)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = palette_titles(app)
        assert "Show Changes (6)" in titles
        for binding in CompareScreen.BINDINGS:
            assert not isinstance(binding, tuple)
            assert any(f"({binding.key})" in t for t in titles)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Changes since the older snapshot" in str(
            app.screen.query_one("#help-body").render()
        )


async def test_without_a_comparison_there_is_no_pane_6(new: Report) -> None:
    app = make_app(new)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        assert app.main_screen.pane == "overview"
        assert not app.screen.query(ChangesPane)
        assert "Changes" not in app.screen.query_one(PaneBar).render().plain
        assert "change" not in [c.key for c in focused_table(app).columns]
        titles = palette_titles(app)
        assert not any("Changes" in t for t in titles)


async def test_deltas_follow_edits_and_reloads(tmp_path: Path, old: Report) -> None:
    path = copy_of(OLD, tmp_path)
    async with following(path, size=(120, 40), compare=old, compare_name="old.toml") as (
        app,
        pilot,
    ):
        await pilot.press("6")
        await pilot.pause()
        changes = focused_table(app)
        assert changes.shown == []
        assert "No changes since the older snapshot." in table_text(changes)
        await pilot.press("2", "enter", "e")
        await fill(pilot, app, value="190", raw="190名", excerpt="190名医务工作者投身防控一线")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the edit")
        assert "190 people  ▲ +2" in app.screen.text  # type: ignore[attr-defined]
        await pilot.press("6")
        await pilot.pause()
        assert [c.path for c in changes.shown] == [
            "figures.medical-workers.value",
            "figures.medical-workers.raw",
            "figures.medical-workers.excerpt",
        ]
        await pilot.press("5")
        await pilot.pause()
        assert "▲ +2" in row_of_figure(app, "medical-workers")


def row_of_figure(app: DashboardApp, figure_id: str) -> str:
    table = focused_table(app)
    index = [f.id for f in table.shown].index(figure_id)
    return table_text(table).splitlines()[1 + index]


def test_the_command_line_passes_the_file_and_the_comparison(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[DashboardApp] = []
    real = tui.ui.app.make_app

    def spy(*args: Any, **kwargs: Any) -> DashboardApp:
        app = real(*args, **kwargs)
        made.append(app)
        monkeypatch.setattr(app, "run", lambda: None)
        return app

    monkeypatch.setattr(tui.ui.app, "make_app", spy)
    path = copy_of(NEW, tmp_path, "new.toml")
    assert main(["--report", str(path), "--compare", str(OLD)]) == 0
    (app,) = made
    assert isinstance(app, FileDashboardApp)
    assert app.path == path
    assert app.stamp is not None and app.stamp.size == path.stat().st_size
    assert app.comment_lines == (1,)
    assert app.comparison is not None and app.comparison.name == "old.toml"
    assert app.file_state.compared_with == "old.toml"
    assert len(app.comparison.changes) == len(EXPECTED)


def test_the_command_line_refuses_a_bad_comparison(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = [", encoding="utf-8")
    assert main(["--report", str(NEW), "--compare", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:1:") and "Traceback" not in err


# --- looks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pane", "lang"),
    [("1", "en"), ("2", "zh"), ("3", "zh"), ("4", "en"), ("6", "en"), ("6", "zh")],
)
def test_snapshot_comparing(
    snap_compare: Callable[..., bool], new: Report, old: Report, pane: str, lang: str
) -> None:
    """Comparing with old.toml at 80x24: the overview's, units', townships' and donations'
    changes beside their figures (units and townships in Chinese), and the Changes pane in
    both languages."""
    app = make_app(new, compare=old, compare_name="old.toml", lang=lang)  # type: ignore[arg-type]
    assert snap_compare(app, press=[pane], terminal_size=(80, 24))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_snapshot_changes_at_120x40(
    snap_compare: Callable[..., bool], new: Report, old: Report, lang: str
) -> None:
    app = make_app(new, compare=old, compare_name="old.toml", lang=lang)  # type: ignore[arg-type]
    assert snap_compare(app, press=["6"], terminal_size=(120, 40))


def test_snapshot_a_unit_with_changes(
    snap_compare: Callable[..., bool], new: Report, old: Report
) -> None:
    """A unit's detail while comparing: each figure with its change since old.toml."""
    app = make_app(new, compare=old, compare_name="old.toml")
    assert snap_compare(app, press=["2", "enter"], terminal_size=(80, 24))


async def test_in_chinese_a_new_figure_of_a_township_says_so_in_chinese(
    new: Report, old: Report
) -> None:
    app = make_app(new, compare=old, compare_name="old.toml", lang="zh")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        table = focused_table(app)
        row = next(n for n, t in enumerate(table.shown) if t.id == "guashize")
        line = table_text(table).splitlines()[1 + row]
        assert "(新增)" in line and "(new)" not in line
