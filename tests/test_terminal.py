"""The installed console script in a real terminal: tmux runs it, keys are typed into it, and
the screen is read back with `capture-pane`, as a user would see it.

Each test has its own tmux server (a unique socket, no user configuration) and polls the
screen until what it waits for is there or a deadline passes; the server is killed at the end.
Skipped, with the reason, where tmux or the console script is not installed. One test does
in process what the terminal does when keys arrive faster than the screen is drawn.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual import events

from tests.known import title
from tui.core.model import Report
from tui.ui.app import make_app
from tui.ui.screens.detail import FigureScreen, SubjectScreen

# A real terminal per test: the exhaustive tier (README, Development).
pytestmark = pytest.mark.exhaustive

TMUX = shutil.which("tmux")
SCRIPT = shutil.which("response-dashboard")
DEADLINE = 30.0  # seconds: generous, for a loaded machine; a passing run takes far less


class Tmux:
    """One tmux server with one session running a command in a 100×30 window."""

    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"response-dashboard-test-{uuid.uuid4().hex[:12]}"
        config = tmp_path / "tmux.conf"
        # Keep the pane after the program exits, so what it printed last can be read; run the
        # command with a known shell, which writes the exit status to a file (tmux's own
        # `pane_dead_status` is sometimes never set: tmux 3.3a may leave the child unreaped).
        config.write_text(
            "set -g remain-on-exit on\nset -g default-shell /bin/sh\n", encoding="utf-8"
        )
        self.config = config
        self.status_file = tmp_path / "exit-status"
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "NO_COLOR")}

    def run(self, *args: str, check: bool = True) -> str:
        assert TMUX is not None
        result = subprocess.run(
            [TMUX, "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=DEADLINE,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self, argv: list[str], size: tuple[int, int] = (100, 30)) -> None:
        width, height = size
        command = " ".join(shlex.quote(arg) for arg in argv)
        command += f"; echo $? > {shlex.quote(str(self.status_file))}"
        self.run("new-session", "-d", "-s", "dash", "-x", str(width), "-y", str(height), command)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "dash", *(["-l"] if literal else []), *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "dash")

    def pane(self, field: str) -> str:
        return self.run("display-message", "-p", "-t", "dash", f"#{{{field}}}").strip()

    def wait_until(self, ready: Callable[[str], bool], what: str) -> str:
        """Poll the screen until `ready(screen)`; the screen then, or a failure showing it."""
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{what}: not on the screen after {DEADLINE} s:\n{screen}")

    def wait_for(self, *texts: str) -> str:
        return self.wait_until(lambda s: all(t in s for t in texts), f"waited for {texts}")

    def exit_status(self) -> str:
        """Wait until the program has ended; its exit status."""
        deadline = time.monotonic() + DEADLINE
        while not (status := self._read_status()):
            assert time.monotonic() < deadline, f"still running:\n{self.screen()}"
            time.sleep(0.05)
        return status

    def _read_status(self) -> str:
        try:
            text = self.status_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""
        return text.strip() if text.endswith("\n") else ""

    def kill(self) -> None:
        socket = self.run("display-message", "-p", "#{socket_path}", check=False).strip()
        self.run("kill-server", check=False)
        if socket:  # tmux leaves its socket file behind
            Path(socket).unlink(missing_ok=True)


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def second_column(line: str) -> int:
    """The terminal column where a table row's second cell starts (cells are 2+ spaces apart)."""
    second = list(re.finditer(r"\S+(?: \S+)*", line))[1]
    return cells(line[: second.start()])


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    if SCRIPT is None:
        pytest.skip("the response-dashboard console script is not installed (pip install .)")
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def dashboard(tmux: Tmux) -> Tmux:
    """The installed dashboard on its bundled report, its first frame drawn."""
    assert SCRIPT is not None
    tmux.start([SCRIPT])
    tmux.wait_for("section by section", "Tongren County")
    return tmux


def test_the_first_frame_shows_the_tongren_report(dashboard: Tmux, report: Report) -> None:
    screen = dashboard.screen()
    assert title(report).en[:30] in screen
    assert "1 Overview" in screen and "4 Donations" in screen
    assert "Quit" in dashboard.wait_for("Quit")  # the footer, added after the first frame


def test_number_keys_switch_panes(dashboard: Tmux, report: Report) -> None:
    # Each wait is for the whole new pane, what it shows and what it no longer shows: tmux may
    # be read while a frame is only partly written, the old pane's rows still below.
    def switched(shown: list[str], gone: str) -> Callable[[str], bool]:
        return lambda screen: all(t in screen for t in shown) and gone not in screen

    units = [report.units[0].name.en[:20], report.units[1].name.en[:15]]
    dashboard.keys("2")
    dashboard.wait_until(switched(units, "section by section"), "the units pane")
    dashboard.keys("3")
    townships = [t.name.en for t in report.townships]
    dashboard.wait_until(switched(townships, units[0]), "the townships pane")
    dashboard.keys("4")
    donor = report.subject(report.donations[0].donor).name.en[:12]
    dashboard.wait_for("Itemised gifts", donor, "Received by the Red Cross")
    dashboard.keys("1")
    dashboard.wait_until(switched(["section by section"], "Donor"), "the overview")


def test_l_shows_the_chinese_labels_and_back(dashboard: Tmux, report: Report) -> None:
    dashboard.keys("l")
    dashboard.wait_for(report.info.place("county").zh, "报告各部分", "概览")
    dashboard.keys("2")
    screen = dashboard.wait_for(report.units[0].name.zh, report.units[1].name.zh)
    # Wide characters keep the columns aligned: the Kind column starts at one place in every row.
    # The list's own frame, without the preview beside it.
    lines = [line.split("│")[1] if line.count("│") >= 2 else line for line in screen.splitlines()]
    header = next(n for n, line in enumerate(lines) if "名称" in line)
    # The header and the rows down to the list's lower frame (how many fit depends on the
    # terminal's height).
    rows = list(itertools.takewhile(lambda line: "╰" not in line, lines[header : header + 10]))
    assert len(rows) >= 5, "\n".join(lines[header : header + 10])
    starts = {second_column(line) for line in rows}
    assert len(starts) == 1, "\n".join(rows)
    dashboard.keys("l")
    dashboard.wait_for(report.units[0].name.en[:20], "Name")


def test_slash_filters_and_enter_opens_the_match(dashboard: Tmux, report: Report) -> None:
    township = next(t for t in report.townships if t.name.en.startswith("Guashize"))
    others = [t.name.en for t in report.townships if t is not township]
    dashboard.keys("3")
    dashboard.wait_for(others[0])
    dashboard.keys("/")
    dashboard.wait_for(f"{len(report.townships)} of {len(report.townships)} match")
    dashboard.keys("Guashize", literal=True)
    screen = dashboard.wait_for(f"1 of {len(report.townships)} match", township.name.en)
    assert not any(name in screen for name in others)
    dashboard.keys("Enter")  # leaves the filter, keeps its row
    dashboard.keys("Enter")  # opens it
    figure = township.figures[0]
    dashboard.wait_for(f"Townships › {township.name.en}", township.name.zh, figure.raw)
    dashboard.keys("Escape")
    dashboard.wait_for(f"1 of {len(report.townships)} match")
    dashboard.keys("Escape")  # clears the filter
    dashboard.wait_for(*others)


def test_a_chinese_filter_typed_in_the_terminal(dashboard: Tmux, report: Report) -> None:
    township = report.townships[-1]
    dashboard.keys("l", "3")
    dashboard.wait_for(report.townships[0].name.zh)
    dashboard.keys("/")
    dashboard.wait_for(f"匹配 {len(report.townships)} / {len(report.townships)}")
    dashboard.keys(township.name.zh, literal=True)
    first = report.townships[0].name.zh
    # The whole filtered pane, the preview beside the list included: tmux may be read while
    # a frame is only partly written, the preview of the row selected before still there.
    dashboard.wait_until(
        lambda screen: (
            f"匹配 1 / {len(report.townships)}" in screen
            and township.name.zh in screen
            and first not in screen
        ),
        "the filtered townships, list and preview",
    )


def test_enter_right_after_a_pane_key_opens_that_panes_row(dashboard: Tmux, report: Report) -> None:
    """`2` and enter in one write: enter goes to the table of the pane `2` shows."""
    unit = report.units[0]
    dashboard.keys("2", "Enter")
    dashboard.wait_for(f"Units › {unit.name.en[:20]}", unit.measures[0].text.en[:30])
    dashboard.keys("3", "Enter")  # a detail's 3 leaves it for the pane
    dashboard.wait_for(f"Townships › {report.townships[0].name.en}")
    screen = dashboard.wait_for(report.townships[0].measures[0].text.en[:30])
    assert "section by section" not in screen


def test_the_units_preview_changes_on_j(dashboard: Tmux, report: Report) -> None:
    """The preview beside the list follows the cursor: no enter needed."""
    first, second = report.units[0], report.units[1]
    dashboard.keys("2")
    dashboard.wait_for(first.measures[0].text.zh[:10])
    dashboard.keys("j")
    screen = dashboard.wait_for(second.measures[0].text.zh[:10])
    assert first.measures[0].text.zh[:10] not in screen
    assert "Units ›" not in screen  # still the pane, not a detail


async def test_keys_queued_behind_a_pane_key_go_to_that_pane(report: Report) -> None:
    """The same in process: the keys are queued before the pane is built and shown."""
    for key, pane in (("2", "units"), ("3", "townships"), ("4", "donations")):
        app = make_app(report)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.post_message(events.Key(key, key))
            app.post_message(events.Key("enter", "\r"))
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            if pane == "donations":
                assert isinstance(screen, FigureScreen)
                assert screen.figure.id == report.donations[0].figure
            else:
                assert isinstance(screen, SubjectScreen)
                first = report.units[0] if pane == "units" else report.townships[0]
                assert screen.subject == first


def test_q_quits_and_the_process_ends(dashboard: Tmux) -> None:
    assert dashboard.pane("pane_dead") == "0"
    assert dashboard._read_status() == ""
    dashboard.keys("q")
    assert dashboard.exit_status() == "0"


def test_the_lang_option_starts_in_chinese(tmux: Tmux, report: Report) -> None:
    assert SCRIPT is not None
    tmux.start([SCRIPT, "--lang", "zh"])
    tmux.wait_for(title(report).zh[:8], report.info.place("county").zh)
    tmux.keys("4")
    tmux.wait_for("红十字会")


def test_an_invalid_snapshot_prints_its_problems_and_exits_2(tmux: Tmux, tmp_path: Path) -> None:
    assert SCRIPT is not None
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\n[report]\nid = "x"\n', encoding="utf-8")
    tmux.start([SCRIPT, "--report", str(bad)])
    assert tmux.exit_status() == "2"
    screen = tmux.screen()
    assert f"{bad}:" in screen.replace("\n", "")
    assert "Traceback" not in screen
