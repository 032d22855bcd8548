"""A large report opens at once on a loading screen, loads in a worker, then shows its panes.

Correctness, not speed (bench/app_gaps.py measures how long the screen is held up): the
loading screen comes first and names the file; the progress it shows rises to 1.0; the panes
then show every record; an invalid large file ends the app with return code 2, and the
command line prints the problem lines exactly as `check` does. An older snapshot to compare
with (`--compare`) loads after the report, on the same screen, when either file is large. The
load is held back by a
gate where a test must see the loading screen, so that no test depends on timing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

import tui.core.save
import tui.ui.app as app_module
from tests.app_helpers import make_report_module, until
from tui.cli import LOAD_IN_APP_FROM, main
from tui.core.loader import default_report_path, load_report
from tui.core.outputs import EXIT_INVALID
from tui.core.problems import ReportError
from tui.core.save import Snapshot
from tui.ui.app import DashboardApp, FileDashboardApp, make_app
from tui.ui.screens.loading import LoadingScreen
from tui.ui.screens.main import MainScreen
from tui.widgets.table import ReportTable

# Large generated reports: the exhaustive tier (README, Development).
pytestmark = pytest.mark.exhaustive

#: Records of the generated report: about 5 MB, above both the size from which the command
#: line loads in the app and the size from which the loader parses in chunks (and so tells
#: progress between chunks).
RECORDS = 9_000


@pytest.fixture(scope="module")
def generated() -> tuple[str, dict[str, Any]]:
    maker = make_report_module()
    data = maker.make_report(RECORDS)
    return maker.to_toml(data), data


@pytest.fixture
def large(tmp_path: Path, generated: tuple[str, dict[str, Any]]) -> Path:
    path = tmp_path / "large-report.toml"
    path.write_text(generated[0], encoding="utf-8")
    assert path.stat().st_size >= LOAD_IN_APP_FROM
    return path


@pytest.fixture
def invalid(tmp_path: Path, generated: tuple[str, dict[str, Any]]) -> Path:
    path = tmp_path / "invalid-report.toml"
    text = generated[0]
    at = text.index('kind = "', text.index("[[units]]"))
    path.write_text(text[:at] + "kind = 5" + text[text.index("\n", at) :], encoding="utf-8")
    return path


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the app's load back until the test opens the gate."""
    opened = threading.Event()
    real = tui.core.save.load_snapshot

    def gated(path: Path, progress: Callable[[float], None] | None = None) -> Snapshot:
        opened.wait(30)
        return real(path, progress)

    monkeypatch.setattr(app_module, "load_snapshot", gated)
    yield opened
    opened.set()  # a worker still waiting ends


@pytest.fixture
def progress(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every fraction the loading screen is told, in order."""
    told: list[float] = []
    real = LoadingScreen.set_progress

    def recorded(self: LoadingScreen, fraction: float) -> None:
        told.append(fraction)
        real(self, fraction)

    monkeypatch.setattr(LoadingScreen, "set_progress", recorded)
    return told


def _counts(data: dict[str, Any]) -> tuple[int, int, int]:
    units = data["units"]
    figures = sum(
        len(m.get("figures", ())) for s in (*units, *data["townships"]) for m in s["measures"]
    )
    return len(units), len(data["townships"]), figures


async def test_the_loading_screen_comes_first_then_the_panes_with_every_record(
    large: Path,
    generated: tuple[str, dict[str, Any]],
    gate: threading.Event,
    progress: list[float],
) -> None:
    units, townships, figures = _counts(generated[1])
    app = make_app(None, path=large)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LoadingScreen) and app.loading
        assert screen.file_name == "large-report.toml"
        assert "large-report.toml" in str(screen.query_one("#loading-name").render())
        assert not app.screen.query(ReportTable)
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the panes")
        assert not app.loading
        assert app.file_state.name == "large-report.toml" and app.file_state.loaded_at
        counts = app.report.counts()
        assert (counts["units"], counts["townships"], counts["figures"]) == (
            units,
            townships,
            figures,
        )
        await until(pilot, lambda: app.screen.query("#sections-table"), "the overview")
        sections = app.screen.query_one("#sections-table", ReportTable)
        assert sections.row_count == len(app.report.sections)
        await pilot.press("5")
        await until(pilot, lambda: app.screen.query("#figures-table"), "the Figures pane")
        assert app.screen.query_one("#figures-table", ReportTable).row_count == figures
        await pilot.press("2")
        await until(pilot, lambda: app.screen.query("#units-table"), "the Units pane")
        assert app.screen.query_one("#units-table", ReportTable).row_count == units
    # The progress rose, with steps in between (the file is parsed in chunks), to 1.0.
    assert progress == sorted(progress)
    assert any(0 < p < 1 for p in progress)
    assert progress[-1] == 1.0 and screen.progress == 1.0


async def test_the_app_follows_the_file_once_it_is_loaded(large: Path) -> None:
    app = make_app(None, path=large)
    assert isinstance(app, FileDashboardApp)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.loading, "the load")
        assert app.stamp is not None and app.stamp.size == large.stat().st_size
        assert app.comment_lines == ()
        text = large.read_text(encoding="utf-8").replace("Unit 0 of", "Renamed unit 0 of", 1)
        temp = large.with_name("next.toml")
        temp.write_text(text, encoding="utf-8")
        temp.replace(large)
        await until(pilot, lambda: app.report.units[0].name.en.startswith("Renamed"), "the reload")


async def test_an_invalid_large_file_ends_the_app_with_its_problems(invalid: Path) -> None:
    with pytest.raises(ReportError) as checked:
        load_report(invalid)
    app = make_app(None, path=invalid)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.load_problems, "the problems")
    assert app.return_code == EXIT_INVALID
    assert app.load_problems == checked.value.problems
    assert "units[0].kind" in str(app.load_problems[0])


def test_the_command_line_prints_the_problems_of_an_invalid_large_file_as_check_does(
    invalid: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def headless(self: DashboardApp, **options: Any) -> None:
        App.run(self, headless=True, size=(100, 30))

    monkeypatch.setattr(DashboardApp, "run", headless)
    assert main(["check", str(invalid)]) == EXIT_INVALID
    expected = capsys.readouterr().err
    assert expected.count("\n") >= 1
    assert main(["--report", str(invalid)]) == EXIT_INVALID
    out = capsys.readouterr()
    assert out.err == expected
    assert "Traceback" not in out.err + out.out


def test_the_command_line_opens_a_large_file_in_the_app(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[DashboardApp] = []
    real = make_app

    def recorded(*args: Any, **options: Any) -> DashboardApp:
        made.append(real(*args, **options))
        return made[-1]

    def headless(self: DashboardApp, **options: Any) -> None:
        self.exit()  # as if quit at once; the load is not waited for

    monkeypatch.setattr(app_module, "make_app", recorded)
    monkeypatch.setattr(DashboardApp, "run", headless)
    assert main(["--report", str(large)]) == 0
    assert isinstance(made[0], FileDashboardApp)
    assert made[0].loading and made[0].path == large


async def test_quitting_while_loading_ends_the_app(large: Path, gate: threading.Event) -> None:
    app = make_app(None, path=large)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.loading
        await pilot.press("question_mark")  # help needs the report: refused while loading
        assert isinstance(app.screen, LoadingScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
        gate.set()  # the load goes on, sees the app closing, and stops at the next chunk
    assert app.return_code in (None, 0) and not app.load_problems


def test_a_dashboard_needs_a_report_or_a_file() -> None:
    with pytest.raises(ValueError, match="a report, or the path"):
        make_app(None)


# --- an older snapshot to compare with, loaded in the app too ---------------------------------


@pytest.fixture
def older(tmp_path: Path, generated: tuple[str, dict[str, Any]]) -> Path:
    """The large report before its first unit was renamed."""
    path = tmp_path / "older-report.toml"
    path.write_text(generated[0].replace("Unit 0 of", "Old unit 0 of", 1), encoding="utf-8")
    return path


async def test_an_older_snapshot_loads_after_the_report_on_the_same_screen(
    large: Path, older: Path, gate: threading.Event, progress: list[float]
) -> None:
    app = make_app(None, path=large, compare_path=older, compare_name=older.name)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        assert screen.file_name == "large-report.toml, older-report.toml"
        assert screen.file_size == large.stat().st_size + older.stat().st_size
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the panes")
        assert app.compare == load_report(older)
        assert app.comparison is not None and app.comparison.name == "older-report.toml"
        assert app.file_state.compared_with == "older-report.toml"
        changes = [(c.kind, c.path) for c in app.comparison.changes]
        assert changes == [("changed", "units.u0.name.en")]
    # one bar for both files: the report's part first, then the older one's, up to 1.0
    assert progress == sorted(progress) and progress[-1] == 1.0
    share = large.stat().st_size / (large.stat().st_size + older.stat().st_size)
    assert any(0 < p < share for p in progress) and any(share < p < 1 for p in progress)


async def test_an_invalid_older_snapshot_ends_the_app_with_its_problems(
    large: Path, invalid: Path
) -> None:
    with pytest.raises(ReportError) as checked:
        load_report(invalid)
    app = make_app(None, path=large, compare_path=invalid, compare_name=invalid.name)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.load_problems, "the problems")
    assert app.return_code == EXIT_INVALID
    assert app.load_problems == checked.value.problems


@pytest.mark.parametrize("which", ["report", "older"])
def test_the_command_line_loads_both_in_the_app_when_either_is_large(
    which: str, large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tmp_path / "small.toml"
    small.write_bytes(default_report_path().read_bytes())
    report, old = (large, small) if which == "report" else (small, large)
    made: list[DashboardApp] = []
    real = make_app

    def recorded(*args: Any, **options: Any) -> DashboardApp:
        made.append(real(*args, **options))
        return made[-1]

    monkeypatch.setattr(app_module, "make_app", recorded)
    monkeypatch.setattr(DashboardApp, "run", lambda self, **options: self.exit())
    assert main(["--report", str(report), "--compare", str(old)]) == 0
    (app,) = made
    assert isinstance(app, FileDashboardApp)
    assert app.loading and app.path == report and app.compare is None
    assert app._compare_path == old and app.file_state.compared_with == old.name


def test_an_older_snapshot_to_load_needs_the_report_loaded_too(large: Path) -> None:
    report = load_report(default_report_path())
    with pytest.raises(ValueError, match="loaded with the report"):
        make_app(report, path=large, compare_path=large)
