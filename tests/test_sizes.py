"""Terminal sizes: every pane, and a detail of each, from 1×1 to 200×60, and bursts of resizes.

No size and no burst of resizes crashes the dashboard. From the smallest usable size up the
pane's main content is on the screen; below it, the "make the terminal larger" notice is
shown instead. What is on the screen is read from the compositor, as a terminal would get it.
"""

from __future__ import annotations

from itertools import cycle, islice

import pytest
from rich.cells import cell_len
from textual.events import Resize
from textual.geometry import Region, Size
from textual.pilot import Pilot

from tests.app_helpers import go, running
from tests.known import title
from tui.core.model import Lang, Report
from tui.ui.app import DashboardApp
from tui.ui.screens.detail import DetailScreen, FigureScreen, SubjectScreen
from tui.widgets.size_notice import MIN_HEIGHT, MIN_WIDTH, SizeNotice
from tui.widgets.table import ReportTable

# A matrix of sizes and bursts of resizes: the exhaustive tier (README, Development).
pytestmark = pytest.mark.exhaustive

PANES = {"1": "overview", "2": "units", "3": "townships", "4": "donations", "5": "figures"}
SIZES = [(1, 1), (20, 5), (40, 12), (80, 24), (200, 60)]
#: Just below the minimum in one direction only.
EDGES = [(MIN_WIDTH - 1, 30), (100, MIN_HEIGHT - 1)]
NOTICE = {"en": "Make the terminal larger", "zh": "请放大终端窗口"}


def screen_text(app: DashboardApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def usable(size: tuple[int, int]) -> bool:
    return size[0] >= MIN_WIDTH and size[1] >= MIN_HEIGHT


def main_content(report: Report, pane: str, lang: Lang) -> list[str]:
    """Text the pane shows first: it must be on the screen at 80×24 and larger."""
    if pane == "overview":
        return [
            title(report).get(lang)[:12],
            "The report, section by section" if lang == "en" else "报告各部分",
            report.sections[0].heading.get(lang)[:8],
            next(f for f in report.iter_figures() if f.headline).label.get(lang)[:8],
        ]
    if pane == "figures":
        first = next(report.iter_figures())
        return [first.label.get(lang)[:8], report.owner_of_figure[first.id].name.get(lang)[:8]]
    if pane == "units":
        return [report.units[0].name.get(lang)[:10], report.units[1].name.get(lang)[:10]]
    if pane == "townships":
        return [t.name.get(lang)[:10] for t in report.townships]
    donor = report.subject(report.donations[0].donor).name.get(lang)[:10]
    receipts = "Received by the Red Cross" if lang == "en" else "红十字会接受捐赠"
    return ["Itemised gifts" if lang == "en" else "逐项捐赠", donor, receipts]


def detail_content(app: DashboardApp, lang: Lang) -> str:
    """What the detail open now shows at its top."""
    screen = app.screen
    if isinstance(screen, SubjectScreen):
        return screen.subject.name.get(lang)[:10]
    assert isinstance(screen, FigureScreen)
    return screen.figure.label.get(lang)[:10]


def notice_shown(app: DashboardApp) -> bool:
    return bool(app.screen.query_one(SizeNotice).display)


def check_screen(app: DashboardApp, size: tuple[int, int], lang: Lang) -> None:
    """Below the minimum, the notice and only it; from the minimum up, no notice."""
    assert app.is_running
    assert app.size == Size(*size)
    lines = screen_text(app).splitlines()
    assert len(lines) == size[1]
    assert all(cell_len(line) == size[0] for line in lines)
    if usable(size):
        assert not notice_shown(app)
    else:
        assert notice_shown(app)
        if size[0] * size[1] >= 100:  # room for a few words of it
            words = " ".join(line.strip() for line in lines)
            assert NOTICE[lang][:6] in words.replace("  ", " ")


# --- the sweep ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES + EDGES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_pane_and_its_detail_at_every_size(
    report: Report, size: tuple[int, int], lang: Lang
) -> None:
    async with running(report, size, lang=lang) as (app, pilot):
        for key, pane in PANES.items():
            await go(pilot, key)
            assert app.main_screen.pane == pane
            check_screen(app, size, lang)
            if size in ((80, 24), (200, 60)):
                text = screen_text(app)
                for wanted in main_content(report, pane, lang):
                    assert wanted in text, f"{wanted!r} not on the {pane} pane at {size}"
            await go(pilot, "enter")
            if usable(size) and pane != "overview":  # a section of the overview opens nothing
                assert isinstance(app.screen, DetailScreen), f"no detail on {pane} at {size}"
            if isinstance(app.screen, DetailScreen):
                check_screen(app, size, lang)
                if size in ((80, 24), (200, 60)):
                    assert detail_content(app, lang) in screen_text(app)
                await go(pilot, "G", "g", "escape")
            assert app.screen is app.main_screen


def test_main_content_lists_what_each_pane_shows_first(report: Report) -> None:
    """The sweep's expectations are real text of the report, not empty strings."""
    for pane in PANES.values():
        for lang in ("en", "zh"):
            wanted = [w for w in main_content(report, pane, lang) if w]
            assert len(wanted) >= 2 and all(len(w) >= 2 for w in wanted)


async def test_the_notice_names_the_size_needed_and_the_size_now(report: Report) -> None:
    async with running(report, (60, 8)) as (app, pilot):
        text = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert f"at least {MIN_WIDTH}×{MIN_HEIGHT}" in text
        assert "(now 60×8)" in text
        await pilot.resize_terminal(70, 9)
        text = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert "(now 70×9)" in text
        await go(pilot, "l")
        assert NOTICE["zh"] in screen_text(app)


@pytest.mark.parametrize(
    "size", [(20, 5), (21, 6), (25, 7), (39, 30), (39, 11)], ids=lambda s: f"{s[0]}x{s[1]}"
)
async def test_the_chinese_notice_is_drawn_whole_on_every_screen(
    report: Report, size: tuple[int, int]
) -> None:
    """Each wide character of the notice on the screen, none cut into spaces by what it covers."""
    screens = ["1", "enter", "escape", "2", "enter", "escape", "3", "enter", "escape", "4"]
    screens += ["enter", "escape", "tab", "enter", "escape", "question_mark"]
    async with running(report, size, lang="zh") as (app, pilot):
        for key in screens:
            await go(pilot, key)
            notice = app.screen.query_one(SizeNotice)
            drawn = [strip.text for strip in notice.render_lines(Region(0, 0, *size))]
            assert screen_text(app).splitlines() == drawn, f"after {key!r} on {app.screen}"
            assert NOTICE["zh"][:3] in "".join(drawn)


@pytest.mark.parametrize("small", [(30, 10), (1, 1)], ids=["30x10", "1x1"])
async def test_keys_typed_while_too_small_count_once_it_is_larger(
    report: Report, small: tuple[int, int]
) -> None:
    """Under the notice the panes still switch and take the focus, for when the window grows."""
    async with running(report, small) as (app, pilot):
        await go(pilot, "3")
        assert app.main_screen.pane == "townships"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        table = app.focused
        assert isinstance(table, ReportTable) and table.id == "townships-table"
        await go(pilot, "G", "enter")
        screen = app.screen
        assert isinstance(screen, SubjectScreen) and screen.subject == report.townships[-1]


# --- bursts of resizes --------------------------------------------------------------------------

#: Sizes a window manager may send while a window is dragged, the extremes included.
BURST = [
    (1, 1), (200, 60), (2, 1), (1, 60), (300, 1), (39, 11), (40, 12), (20, 5), (121, 41),
    (80, 24), (3, 2), (250, 80), (41, 13), (79, 23), (100, 30), (1, 2), (160, 50), (5, 40),
]  # fmt: skip


async def burst(app: DashboardApp, pilot: Pilot[None], sizes: list[tuple[int, int]]) -> None:
    """Resize the terminal to each size in turn, without waiting between them."""
    for width, height in sizes:
        size = Size(width, height)
        app._driver._size = size  # type: ignore[union-attr]  # the headless driver's size
        app.post_message(Resize(size, size))
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("key", list(PANES))
@pytest.mark.parametrize("detail", [False, True], ids=["pane", "detail"])
async def test_a_burst_of_resizes(report: Report, key: str, detail: bool) -> None:
    async with running(report, (80, 24)) as (app, pilot):
        # The overview's sections open nothing: its detail case opens a figure's.
        await go(pilot, "5" if detail and key == "1" else key)
        if detail:
            await go(pilot, "enter")
            assert isinstance(app.screen, DetailScreen)
        await burst(app, pilot, [*islice(cycle(BURST), 90), (80, 24)])
        check_screen(app, (80, 24), "en")
        if detail:
            assert detail_content(app, "en") in screen_text(app)
            await go(pilot, "escape", key)  # back to the pane of `key` (the overview's was 5)
        text = screen_text(app)
        for wanted in main_content(report, PANES[key], "en"):
            assert wanted in text
        await burst(app, pilot, [*BURST, (20, 5)])
        check_screen(app, (20, 5), "en")
        await burst(app, pilot, [*reversed(BURST), (200, 60)])
        check_screen(app, (200, 60), "en")


async def test_resizes_between_keys(report: Report) -> None:
    """Keys and resizes interleaved: panes, details, filter, language, at every size."""
    keys = ["2", "enter", "l", "escape", "3", "slash", "a", "escape", "4", "tab", "enter", "1"]
    async with running(report, (80, 24)) as (app, pilot):
        for n, key in enumerate(keys * 3):
            width, height = BURST[n % len(BURST)]
            await pilot.resize_terminal(width, height)
            await go(pilot, key)
            assert app.is_running
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        check_screen(app, (100, 30), app.lang)
        while app.screen is not app.main_screen:
            await go(pilot, "escape")
        await go(pilot, "2")
        table = app.focused
        assert isinstance(table, ReportTable)
        assert report.units[0].name.get(app.lang)[:10] in screen_text(app)
