"""A read-only dashboard (`--read-only`, as `serve --read-only` runs it): it shows and follows
the file, and refuses editing and saving where each is offered: keys, footer, palette, help."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from tests.app_helpers import OLD, copy_of, following, palette_titles, until
from tui.ui.app import DashboardApp, ReadOnlyDashboardApp
from tui.ui.screens.detail import FigureScreen, SubjectScreen
from tui.ui.screens.help import HelpScreen
from tui.widgets.file_bar import FileBar


def footer_keys(app: DashboardApp) -> dict[str, str]:
    """The keys the footer shows now (dimmed or not), with their descriptions."""
    return {
        key: active.binding.description
        for key, active in app.active_bindings.items()
        if active.binding.show  # shown, dimmed or not; an action refused is not listed
    }


def toasts(app: DashboardApp) -> str:
    return " | ".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_ctrl_s_and_w_say_read_only_and_leave_the_file_alone(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)
    before = path.read_bytes()
    async with following(path, read_only=True) as (app, pilot):
        assert isinstance(app, ReadOnlyDashboardApp)
        keys = footer_keys(app)
        assert keys.get("ctrl+s") == "Read-only" and "Save" not in keys.values()
        assert "Reload" in keys.values()  # it still follows the file
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "editing and saving are off" in toasts(app), "the notice")
        await pilot.press("w")
        await pilot.pause()
        assert len(app._notifications) == 2 and not app.dirty
        assert "read-only" in FileBar.render(app.screen.query_one(FileBar)).plain
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.toml"]


async def test_a_figure_cannot_be_edited_nor_a_gift_added(tmp_path: Path) -> None:
    async with following(copy_of(OLD, tmp_path), read_only=True) as (app, pilot):
        await pilot.press("2", "enter")
        await until(pilot, lambda: isinstance(app.screen, SubjectScreen), "the detail")
        assert app.screen.check_action("edit", ()) is False
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen) in (SubjectScreen, FigureScreen)  # no form opened
        await pilot.press("escape", "4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert len(app.screen_stack) == 1 and not app.dirty
        assert "Add gift" not in footer_keys(app).values()


async def test_help_and_palette_say_read_only(tmp_path: Path) -> None:
    async with following(copy_of(OLD, tmp_path), read_only=True) as (app, pilot):
        titles = palette_titles(app)
        assert "Read-only: no editing or saving (ctrl+s w)" in titles
        assert not any(t.startswith(("Save", "Add gift", "Edit figure")) for t in titles)
        assert "Reload (r)" in titles
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        shown = str(app.screen.query_one("#help-body").render())
        assert "The file (read-only)" in shown and "Off: read-only" in shown
        assert "Save the changes" not in shown
        assert not isinstance(app.screen, CommandPalette)


async def test_the_same_file_without_read_only_still_offers_saving(tmp_path: Path) -> None:
    # The other side of the tests above: they would pass for an app that never saves.
    async with following(copy_of(OLD, tmp_path)) as (app, _pilot):
        assert not isinstance(app, ReadOnlyDashboardApp)
        assert footer_keys(app).get("ctrl+s") == "Save"
        titles = " | ".join(palette_titles(app))
        # Save is offered once there is something to save; save as, at once.
        assert "Save as (w)" in titles and "Read-only: no editing or saving" not in titles
        assert "read-only" not in FileBar.render(app.screen.query_one(FileBar)).plain
