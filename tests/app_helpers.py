"""Helpers shared by the pilot tests of a dashboard that follows a file."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from time import monotonic
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from tui.core.model import Report
from tui.ui.app import DashboardApp, FileDashboardApp, make_app
from tui.widgets.table import ReportTable

DIFF = Path(__file__).parent / "diff"
OLD, NEW = DIFF / "old.toml", DIFF / "new.toml"
#: The moment every test app takes for "now": what it shows as the time of the last load.
NOON = datetime(2020, 2, 27, 12, 0, 0)
#: How often a test app looks at the file it follows: often, so that a change shows at once
#: and `until` returns soon after it (the app's own interval is `tui.ui.options.POLL_SECONDS`).
FAST_POLL = 0.02


class Clock:
    """A clock a test moves on by hand."""

    def __init__(self, now: datetime = NOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def copy_of(source: Path, folder: Path, name: str = "report.toml") -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


async def until(
    pilot: Pilot[None], condition: Callable[[], object], what: str, seconds: float = 10.0
) -> None:
    """Wait until `condition()` holds, letting the app run; fail after `seconds`.

    The deadline only stops a test that would otherwise hang; it measures nothing.
    """
    deadline = monotonic() + seconds
    while not condition():
        if monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {seconds} s")
        await pilot.pause(0.05)


@asynccontextmanager
async def running(
    report: Report, size: tuple[int, int] = (100, 30), **options: Any
) -> AsyncIterator[tuple[DashboardApp, Pilot[None]]]:
    """The dashboard of `report` (no file), once its first frame is drawn."""
    app = make_app(report, **options)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def go(pilot: Pilot[None], *keys: str) -> None:
    """Press `keys`, then wait for what they set off."""
    await pilot.press(*keys)
    await pilot.pause()


def make_report_module() -> Any:
    """bench/make_report.py as a module: the generator of synthetic reports."""
    path = Path(__file__).resolve().parent.parent / "bench" / "make_report.py"
    spec = importlib.util.spec_from_file_location("make_report", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@asynccontextmanager
async def following(
    path: Path, size: tuple[int, int] = (100, 30), **options: Any
) -> AsyncIterator[tuple[FileDashboardApp, Pilot[None]]]:
    """The dashboard of the file at `path` (`file_app`), once its first frame is drawn."""
    app = file_app(path, **options)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def until_offered(pilot: Pilot[None], app: App[Any], command: str) -> None:
    """Wait until the command palette's highlighted match is `command` (it searches in the
    background, so its matches arrive after the keys)."""
    from textual.command import CommandList

    def offered() -> bool:
        option = app.screen.query_one(CommandList).highlighted_option
        return option is not None and command in str(option.prompt)

    await until(pilot, offered, f"the palette to offer {command!r}")


def table_text(table: ReportTable[Any]) -> str:
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def focused_table(app: DashboardApp) -> ReportTable[Any]:
    focused = app.focused
    assert isinstance(focused, ReportTable), f"focus is on {focused!r}, not a table"
    return focused


def shows(app: App[Any], screen_type: type[Screen[Any]]) -> bool:
    """Whether the screen on top is a `screen_type` with its widgets mounted (a screen is on
    top as soon as it is pushed, before it has composed its widgets)."""
    return isinstance(app.screen, screen_type) and app.screen.is_mounted


async def fill(pilot: Pilot[None], app: DashboardApp, **fields: str | bool) -> None:
    """Set fields of the form on screen by id (`raw="190名"`, `lower_bound=True`), as typing
    would: each field is focused, and each change is checked by the form as it happens."""
    from textual.widgets import Checkbox, Input

    await until(
        pilot, lambda: app.screen.has_class("form-screen") and app.screen.is_mounted, "the form"
    )
    for name, value in fields.items():
        widget = app.screen.query_one(f"#{name.replace('_', '-')}")
        widget.focus()
        if isinstance(widget, Checkbox):
            widget.value = bool(value)
        else:
            assert isinstance(widget, Input)
            widget.value = str(value)
        await pilot.pause()


def steady_inputs(app: DashboardApp) -> None:
    """No blinking cursor in what a snapshot sees."""
    from textual.widgets import Input

    for field in app.screen.query(Input):
        field.cursor_blink = False


def file_app(path: Path, **options: Any) -> FileDashboardApp:
    """The dashboard of `path` as the command line makes it: loaded once, with its stamp (so
    it does not load the file again at start), looking at the file every `FAST_POLL`."""
    from tui.core.save import load_snapshot

    snapshot = load_snapshot(path)
    options.setdefault("clock", Clock())
    options.setdefault("poll_seconds", FAST_POLL)
    app = make_app(
        snapshot.report,
        path=path,
        stamp=snapshot.stamp,
        comment_lines=snapshot.comment_lines,
        **options,
    )
    assert isinstance(app, FileDashboardApp)
    return app


def palette_titles(app: DashboardApp) -> list[str]:
    """The titles the command palette offers on the screen in view: the dashboard's commands,
    then Textual's own that stay."""
    from tui.ui.palette import DashboardCommands

    ours = [command.title for command in DashboardCommands(app.screen).commands()]
    return ours + [command.title for command in app.get_system_commands(app.screen)]
