"""Hostile text: a valid snapshot whose every string is markup, escape codes, bidi controls,
NUL, emoji, zero-width characters or 100,000 characters long (tests/hostile/hostile.toml).

Opened in every pane, in every kind of detail, filtered and in both languages, the dashboard
must not crash, must show the markup literally (never parse it: no style, no link, no action)
and must show control characters as visible escapes. What it would write to the terminal is
checked two ways: in process, the full frame Textual renders for the screen; and for real,
the bytes the installed console script writes to a pseudo-terminal.
"""

from __future__ import annotations

import asyncio
import os
import pty
import re
import select
import shutil
import signal
import struct
import termios
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from fcntl import ioctl
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from tests.app_helpers import go, running, until_offered
from tests.known import office, title
from tui.cli import main
from tui.core.loader import load_report
from tui.core.model import Lang, Report, Text
from tui.core.safe import visible_line
from tui.ui.screens.detail import FigureScreen, SubjectScreen
from tui.widgets.table import ReportTable

HOSTILE = Path(__file__).parent / "hostile" / "hostile.toml"
SIZE = (160, 48)

#: What the data holds that must never reach a terminal as it is.
FORBIDDEN = {
    "ESC [2J (clear screen)": "\x1b[2J",
    "OSC 8 (hyperlink)": "\x1b]8;",
    "OSC 52 (clipboard)": "\x1b]52;",
    "CSI as U+009B": "\x9b",
    "U+202E right-to-left override": "\u202e",
    "U+202C pop directional formatting": "\u202c",
    "U+2066 left-to-right isolate": "\u2066",
    "U+2069 pop directional isolate": "\u2069",
    "NUL": "\x00",
    # Invisible: they would make two different names look the same.
    "U+200B zero-width space": "\u200b",
    "U+2060 word joiner": "\u2060",
    "U+FEFF zero-width no-break space": "\ufeff",
}
# Textual itself ends one kind of OSC with BEL (the mouse pointer's shape); any other BEL
# would come from the data (the OSC 52 of the snapshot ends with one).
_POINTER_SHAPE = re.compile("\x1b\\]22;[a-z-]*\x07")


def leaks(output: str) -> list[str]:
    """What of the data's control sequences is in `output`, by name."""
    found = [name for name, sequence in FORBIDDEN.items() if sequence in output]
    if "\x07" in _POINTER_SHAPE.sub("", output):
        found.append("BEL")
    return found


@pytest.fixture(scope="module")
def hostile() -> Report:
    return load_report(HOSTILE)


# --- the fixture itself -------------------------------------------------------------------------


def test_the_hostile_snapshot_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(HOSTILE)]) == 0
    assert (
        "valid: 5 units, 2 townships, 7 figures, 3 donations, 1 receipt" in capsys.readouterr().out
    )


def _places(report: Report) -> list[Text]:
    return [place.name for place in report.info.places]


def test_the_hostile_snapshot_holds_every_kind_of_hostile_text(hostile: Report) -> None:
    texts = [
        title(hostile).en,
        title(hostile).zh,
        office(hostile).en,
        office(hostile).zh,
        *(t.get(lang) for t in _places(hostile) for lang in ("en", "zh")),
    ]
    for subject in hostile.subjects:
        texts += [subject.name.en, subject.name.zh]
        for measure in subject.measures:
            texts += [measure.text.en, measure.text.zh]
            for figure in measure.figures:
                texts += [figure.label.en, figure.label.zh, figure.raw, figure.excerpt]
    for gift in hostile.donations:
        for text in (gift.donor_detail, gift.recipient):
            texts += [text.en, text.zh] if isinstance(text, Text) else []
    for receipt in hostile.receipts:
        texts += [receipt.source.en, receipt.source.zh] if receipt.source else []
    everything = "\n".join(texts)
    for sequence in FORBIDDEN.values():
        assert sequence in everything
    for markup in ("[/]", "[bold]x[/bold]", "[link=https://e.x]x[/link]", "[@click=app.quit]q[/]"):
        assert markup in everything
    assert "[$accent]" in everything
    for other in ("\u200b", "\u200d", "\ufeff", "\u2060", "👩\u200d👩\u200d👧\u200d👦", "👍🏽"):
        assert other in everything
    assert max(len(s.name.zh) for s in hostile.units) == 100_000
    assert max(len(s.name.en) for s in hostile.units) == 100_000
    # In names, measures, labels, raw forms, excerpts and donor details alike.
    assert "[/]" in hostile.units[0].name.zh and "\x1b[2J" in hostile.units[1].name.zh
    assert "\x00" in hostile.townships[1].name.zh and "\u202e" in hostile.townships[0].name.zh
    assert "[/]" in hostile.units[0].measures[0].figures[0].raw
    assert any(
        "\x1b]8;" in (g.donor_detail.en if g.donor_detail else "") for g in hostile.donations
    )


# --- in process: what the screen shows, and what Textual would write for it ---------------------


def screen_text(app: App[Any]) -> str:
    """The screen as the compositor draws it, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def terminal_output(app: App[Any]) -> str:
    """What Textual writes to a terminal to draw the whole screen."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_safe(app: App[Any]) -> None:
    assert leaks(terminal_output(app)) == []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if style is not None and segment.text.strip():
                assert not style.link, f"a live link on {segment.text!r}"


def test_the_output_check_sees_a_leak(hostile: Report) -> None:
    """Text given to a widget unsanitised does reach the output: the check can fail."""

    class Unsafe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(Content(title(hostile).en + hostile.units[1].name.zh))

    async def run() -> list[str]:
        app = Unsafe()
        async with app.run_test(size=(80, 10)) as pilot:
            await pilot.pause()
            return leaks(terminal_output(app))

    assert set(asyncio.run(run())) >= {"ESC [2J (clear screen)", "OSC 8 (hyperlink)"}


#: Literal text each pane must show, markup and escapes as written (controls made visible).
SHOWN: dict[tuple[str, Lang], list[str]] = {
    ("1", "en"): [
        "[bold]Everyone[/bold] [/] taking part\\x1b[2J",
        "\\u202eTongren\\u202c County",
        "Huangnan [$accent] Prefecture",
        "Qinghai [@click=app.quit]q[/] Province",
        "Office \\x1b]8;;https://e.x\\x1b\\link\\x1b]8;;\\x1b\\",
        "188名[/]",
    ],
    ("5", "en"): [
        "checkpoints [/]",
        "gift [$accent]",
        "gift \\x00 of the people",
        "188名[/]",
    ],
    ("1", "zh"): [
        "上下联动[/]\\x1b[2J全民参与",
        "\\u202e同仁县 · 黄南\\u2066州\\u2069 · 青海省\\x00",
        "指挥部\\x1b]8;;https://e.x\\x1b\\办公室",
        "医务[/]工作者",
        "勠力同心\\x9b2J齐发力",
    ],
    ("5", "zh"): [
        "医务[/]工作者",
        "捐款[link=https://e.x]x[/link]",
        "群众\\x00捐款",
        "卡点\\x00",
    ],
    ("2", "en"): [
        "[link=https://e.x]x[/link] [@clic",
        "OSC 52 \\x1b]52;c;aGFjaw==\\x07 and",
        "\\x1b[2J[b]x\\x1b[2J[b]x",
        "[@click=app.quit]medical[/] workers: 188 people",
    ],
    ("2", "zh"): [
        "[bold]县卫生[/bold]健康[/]系统",
        "\\x1b[2J\\x1b]8;;https://e.x\\x1b\\联",
        "同仁[/]同仁[/]同仁[/]",
        "零宽单位",
        "主动扛责[/]显担当\\x1b[2J",
    ],
    ("3", "en"): [
        "\\u2066Longwu\\u2069 \\u202eTown",
        "Guashize\\x00 Township\\x07",
    ],
    ("3", "zh"): ["\\u202e隆务镇", "瓜什则\\x00乡"],
    ("4", "en"): [
        "\\u2066Longwu\\u2069 \\u202eTown",
        "[@click=app.quit]the Red Cross[/]",
        "[link=https://e.x]x[/link]",
        "[link=https://e.x]all of society[/link] \\u202e",
    ],
    ("4", "zh"): ["\\u202e隆务镇", "县红十字会\\x1b]52;c;aGFjaw==\\x07", "社会各界\\x00\\x9b2J"],
}


@pytest.mark.exhaustive
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("pane", ["1", "2", "3", "4", "5"])
async def test_every_pane_shows_the_text_literally(hostile: Report, pane: str, lang: Lang) -> None:
    async with running(hostile, SIZE, lang=lang) as (app, pilot):
        await go(pilot, pane)
        text = screen_text(app)
        for literal in SHOWN[(pane, lang)]:
            assert literal in text, f"{literal!r} not on the screen:\n{text}"
        assert_safe(app)


async def test_l_switches_every_pane_in_place(hostile: Report) -> None:
    async with running(hostile, SIZE) as (app, pilot):
        for pane in "1234":
            await go(pilot, pane)
        for lang in ("zh", "en", "zh"):
            await go(pilot, "l")
            assert app.lang == lang
            for pane in "1234":
                await go(pilot, pane)
                text = screen_text(app)
                assert SHOWN[(pane, lang)][0] in text
                assert_safe(app)


async def test_clicking_markup_runs_no_action(hostile: Report) -> None:
    async with running(hostile, SIZE) as (app, pilot):
        lines = screen_text(app).splitlines()
        y = next(n for n, line in enumerate(lines) if "[@click=app.quit]q[/]" in line)
        x = lines[y].index("[@click=app.quit]q[/]") + len("[@click=app.quit]")  # the `q`
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert app.is_running
        assert lines[y][x] == "q"


@pytest.mark.exhaustive
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("pane", ["2", "3"])
async def test_every_unit_and_township_detail(hostile: Report, pane: str, lang: Lang) -> None:
    subjects = hostile.units if pane == "2" else hostile.townships
    async with running(hostile, SIZE, lang=lang) as (app, pilot):
        for index, subject in enumerate(subjects):
            await go(pilot, pane, "g", *["j"] * index, "enter")
            screen = app.screen
            assert isinstance(screen, SubjectScreen) and screen.subject == subject
            text = screen_text(app)
            assert visible_line(subject.name.get(lang))[:40] in text
            assert_safe(app)
            for figure in subject.figures:
                assert visible_line(figure.raw) in screen.text
                assert visible_line(figure.excerpt) in screen.text
            await go(pilot, "G")  # the end of a long detail, drawn too
            assert_safe(app)
            await go(pilot, "l")  # and in the other language, in place
            other: Lang = "zh" if lang == "en" else "en"
            assert visible_line(subject.name.get(other))[:40] in screen_text(app)
            assert_safe(app)
            await go(pilot, "l", "escape")
            assert app.screen is app.main_screen


@pytest.mark.exhaustive
async def test_every_figure_gift_and_receipt_detail(hostile: Report) -> None:
    async with running(hostile, SIZE) as (app, pilot):
        await go(pilot, "5")
        figures = app.screen.query_one("#figures-table", ReportTable)
        for index, figure in enumerate(figures.shown):
            await go(pilot, "5", "g", *["j"] * index, "enter")
            screen = app.screen
            assert isinstance(screen, FigureScreen) and screen.figure == figure
            text = screen_text(app)
            assert visible_line(figure.label.en) in text
            assert_safe(app)
            await go(pilot, "G")  # past a 100,000-character owner, to the excerpt
            assert visible_line(figure.excerpt)[:60] in screen_text(app)
            assert_safe(app)
            await go(pilot, "escape")
        for index, gift in enumerate(hostile.donations):
            await go(pilot, "4", "g", *["j"] * index, "enter")
            screen = app.screen
            assert isinstance(screen, FigureScreen) and screen.figure.id == gift.figure
            text = screen_text(app)
            if gift.donor_detail is not None:
                assert visible_line(gift.donor_detail.en) in text
            if isinstance(gift.recipient, Text):
                assert visible_line(gift.recipient.en) in text
            assert_safe(app)
            await go(pilot, "l")
            assert_safe(app)
            await go(pilot, "l", "escape")
        await go(pilot, "4", "tab", "enter")
        screen = app.screen
        assert isinstance(screen, FigureScreen)
        assert screen.figure.id == hostile.receipts[0].figure
        source = hostile.receipts[0].source
        assert source is not None
        # Below the pane titles and the breadcrumb, the 100,000-character owner can push the
        # source line under the fold: it is in the detail, and what is drawn is safe.
        assert visible_line(source.en) in screen.text
        assert_safe(app)


async def test_filtering_on_hostile_text(hostile: Report) -> None:
    async with running(hostile, SIZE) as (app, pilot):
        await go(pilot, "2", "slash", *"[@click=app.quit]q[/]")
        table = app.focused
        assert isinstance(table, ReportTable)
        assert app.is_running  # the `q` went into the filter
        assert table.filter_text == "[@click=app.quit]q[/]"
        assert table.shown == [hostile.units[0]]
        text = screen_text(app)
        assert "1 of 5 match" in text
        assert "[@click=app.quit]q[/]" in text  # the filter's own text, literally
        assert_safe(app)
        await go(pilot, "enter", "enter")
        assert isinstance(app.screen, SubjectScreen)
        assert app.screen.subject == hostile.units[0]
        await go(pilot, "escape", "escape", "3", "slash", *"瓜什则")
        table = app.focused
        assert isinstance(table, ReportTable)
        assert table.shown == [hostile.townships[1]]
        assert "瓜什则\\x00乡" in screen_text(app) or "Guashize\\x00" in screen_text(app)
        await go(pilot, "enter", "l")  # leave the filter, keeping its rows, then switch
        assert table.shown == [hostile.townships[1]]
        assert "瓜什则\\x00乡" in screen_text(app)
        assert_safe(app)
        await go(pilot, "escape", "4", "slash", *"[link=")
        table = app.focused
        assert isinstance(table, ReportTable)
        assert table.shown == [hostile.donations[2]]  # by its donor's English name
        assert_safe(app)


async def test_help_and_palette_over_hostile_data(hostile: Report) -> None:
    async with running(hostile, SIZE) as (app, pilot):
        await go(pilot, "2", "question_mark")
        assert_safe(app)
        await go(pilot, "escape", "ctrl+p")
        await pilot.press(*"Show Townships")
        await until_offered(pilot, app, "Show Townships")
        await go(pilot, "enter")
        assert app.main_screen.pane == "townships"
        assert_safe(app)


@pytest.mark.exhaustive
@pytest.mark.parametrize("size", [(20, 5), (40, 12), (60, 20), (80, 24), (200, 60)])
async def test_hostile_text_at_every_size(hostile: Report, size: tuple[int, int]) -> None:
    async with running(hostile, size) as (app, pilot):
        for keys in (("2",), ("2", "enter"), ("escape", "3", "enter"), ("escape", "4", "l")):
            await go(pilot, *keys)
            assert app.is_running
            assert_safe(app)


@pytest.mark.exhaustive
@pytest.mark.parametrize("pane", ["overview", "units", "townships", "donations"])
def test_svg_export_of_hostile_text_is_valid_xml(tmp_path: Path, pane: str) -> None:
    out = tmp_path / f"{pane}.svg"
    args = ["export", "--report", str(HOSTILE), "--format", "svg", "--pane", pane]
    assert main([*args, "--size", "120x30", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    ET.fromstring(svg)  # no control character an XML parser refuses
    assert leaks(svg) == []


# --- for real: the console script in a pseudo-terminal ------------------------------------------

# Escape sequences are removed before looking for text: Textual may style part of a word.
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


class Terminal:
    """A program in a pseudo-terminal: type keys, wait for text, keep everything it writes."""

    def __init__(self, fd: int, pid: int) -> None:
        self.fd, self.pid = fd, pid
        self.output = b""
        self.status: int | None = None

    def _read(self, timeout: float) -> bool:
        """Read what is there; False when the program has closed the terminal."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the program has exited
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, text: str, since: int = 0, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in _ESCAPES.sub("", self.output[since:].decode(errors="replace")):
            if time.monotonic() > deadline:
                tail = _ESCAPES.sub("", self.output[-2000:].decode(errors="replace"))
                raise AssertionError(f"{text!r} did not appear; the screen ends with {tail!r}")
            if not self._read(0.1):
                raise AssertionError(f"the program exited before {text!r} appeared")

    def press(self, keys: str, then: str) -> None:
        """Type `keys` and wait until `then` is drawn."""
        since = len(self.output)
        os.write(self.fd, keys.encode())
        self.wait_for(then, since)

    def wait_exit(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._read(0.1):
                break
        _, status = os.waitpid(self.pid, 0)
        self.status = status
        return os.waitstatus_to_exitcode(status)


@contextmanager
def in_terminal(argv: list[str], size: tuple[int, int]) -> Iterator[Terminal]:
    width, height = size
    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal has the size before the program asks for it
        ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("NO_COLOR", None)
        os.execvp(argv[0], argv)
    terminal = Terminal(fd, pid)
    try:
        yield terminal
    finally:
        if terminal.status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


@pytest.fixture(scope="module")
def console_script() -> str:
    script = shutil.which("response-dashboard")
    if script is None:
        pytest.skip("the response-dashboard console script is not installed (pip install .)")
    return script


@pytest.mark.exhaustive
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_console_script_writes_no_control_byte_from_the_data(
    console_script: str, lang: str
) -> None:
    argv = [console_script, "--report", str(HOSTILE), "--lang", lang]
    zh = lang == "zh"
    with in_terminal(argv, (120, 36)) as terminal:
        terminal.wait_for("上下联动" if zh else "Everyone")
        terminal.press("2", then="零宽单位" if zh else "Families")
        terminal.press("3", then="瓜什则" if zh else "Guashize")
        terminal.press("4", then="逐项捐赠" if zh else "Itemised gifts")
        terminal.press("\r", then="原文摘录" if zh else "Source excerpt")  # a gift's detail
        terminal.press("\x1b", then="红十字会接受捐赠" if zh else "Received by the Red Cross")
        terminal.press("2", then="名称" if zh else "Name")
        terminal.press("\r", then="§")  # a unit's detail
        terminal.press("l", then="Shouldering" if zh else "主动扛责")
        terminal.press("1", then="section by section" if zh else "报告各部分")
        terminal.press("q", then="")
        assert terminal.wait_exit() == 0
    output = terminal.output.decode("utf-8")  # all of it valid UTF-8, too
    assert leaks(output) == []
    # The same text did reach the screen, made visible.
    assert "\\x1b[2J" in _ESCAPES.sub("", output)
