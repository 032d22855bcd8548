"""The command palette (`tui.ui.palette`): the actions where they apply, a jump to any unit,
township or figure by name in either language, the exports; report data stays inert."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.command import CommandPalette

from tests.app_helpers import go, palette_titles, running
from tests.known import title
from tests.test_hostile import assert_safe
from tui.core.model import Report, Text, changed
from tui.ui.palette import DashboardCommands
from tui.ui.screens.detail import FigureScreen, SubjectScreen


async def _choose(pilot: object, query: str) -> None:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.press(*query)  # type: ignore[attr-defined]
    await pilot.pause(0.3)  # type: ignore[attr-defined]  # the palette searches in the background
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_textual_s_own_keys_and_maximize_are_not_repeated(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2")
        titles = palette_titles(app)
        for repeated in ("Keys", "Maximize", "Quit"):
            assert repeated not in titles
        assert "Quit (q)" in titles and "Help (?)" in titles and "Theme" in titles


async def test_a_unit_is_found_by_its_chinese_name(report: Report) -> None:
    unit = report.units[3]
    async with running(report) as (app, pilot):
        await _choose(pilot, unit.name.zh)
        assert isinstance(app.screen, SubjectScreen)
        assert app.screen.subject.id == unit.id


async def test_a_figure_is_found_by_its_english_label(report: Report) -> None:
    figure = next(iter(report.figures_by_id.values()))
    async with running(report, lang="zh") as (app, pilot):
        await _choose(pilot, figure.label.en)
        assert isinstance(app.screen, FigureScreen)
        assert app.screen.figure.id == figure.id


async def test_titles_follow_the_language(report: Report) -> None:
    async with running(report, lang="zh") as (app, _):
        titles = palette_titles(app)
        assert "显示单位 (2)" in titles and "帮助 (?)" in titles
        assert f"单位: {report.units[0].name.zh} · {report.units[0].name.en}" in titles


async def test_an_export_writes_a_new_file_and_says_which(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.md").write_text("keep me", encoding="utf-8")
    async with running(report) as (app, pilot):
        await _choose(pilot, "Export Markdown")
        written = tmp_path / "report-2.md"
        assert written.is_file()
        assert (tmp_path / "report.md").read_text(encoding="utf-8") == "keep me"
        assert title(report).zh in written.read_text(encoding="utf-8")
        assert any("report-2.md" in str(n.message) for n in app._notifications)


MARKUP = ("[/]", "[@click=app.quit]x", "[bold]b[/bold] [link=https://e.x]l[/link]")


@pytest.mark.parametrize("name", MARKUP)
async def test_a_unit_named_like_markup_stays_inert_in_the_search(
    report: Report, name: str
) -> None:
    unit = report.units[0]
    renamed = changed(unit, name=Text(zh=name, en=name))
    hostile = dataclasses.replace(report, units=(renamed, *report.units[1:]))
    async with running(hostile) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.press(*name[:6])
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        assert app.is_running
        assert_safe(app)
        found = [c.title for c in DashboardCommands(app.screen_stack[-2]).commands()]
        assert any(name in title for title in found)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
