"""SVG snapshot tests of the dashboard: every pane at 80×24, 120×40 and 60×20 in English and
at 80×24 and 120×40 in Chinese (Units and Townships side by side from 100 columns, stacked
below), with a detail open, a filter active, the help, a light theme and a terminal too small.

Snapshots live in tests/__snapshots__/. A changed SVG is looked at before it is accepted:
`python -m pytest tests/test_snapshots.py --snapshot-update`, then view the changed files.
These tests are plain `def` (snap_compare runs its own event loop).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tui.core.model import Lang, Report
from tui.ui.app import make_app

SnapCompare = Callable[..., bool]

PANES = {"overview": "1", "units": "2", "townships": "3", "donations": "4", "figures": "5"}
SIZES = [(80, 24), (120, 40), (60, 20)]


def app_for(report: Report, lang: Lang = "en", theme: str | None = None) -> Any:
    return make_app(report, lang=lang, theme=theme)


class TestPanes:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    @pytest.mark.parametrize("pane", PANES)
    def test_pane(
        self, snap_compare: SnapCompare, report: Report, pane: str, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_for(report), press=[PANES[pane]], terminal_size=size)


class TestChinese:
    @pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
    @pytest.mark.parametrize("pane", PANES)
    def test_pane_in_chinese(
        self, snap_compare: SnapCompare, report: Report, pane: str, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_for(report, "zh"), press=[PANES[pane]], terminal_size=size)

    def test_l_switches_the_overview_at_120x40(
        self, snap_compare: SnapCompare, report: Report
    ) -> None:
        assert snap_compare(app_for(report), press=["l"], terminal_size=(120, 40))


class TestMasterDetail:
    @pytest.mark.parametrize("size", [(100, 30), (99, 30)], ids=["beside", "stacked"])
    def test_units_at_the_breakpoint(
        self, snap_compare: SnapCompare, report: Report, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_for(report), press=["2", "j", "j"], terminal_size=size)

    def test_figures_filtered_by_owner(self, snap_compare: SnapCompare, report: Report) -> None:
        press = ["5", "slash", *"duowa"]
        assert snap_compare(app_for(report), press=press, terminal_size=(120, 40))


class TestDetails:
    @pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
    def test_unit_with_figures(
        self, snap_compare: SnapCompare, report: Report, size: tuple[int, int]
    ) -> None:
        index = next(n for n, u in enumerate(report.units) if u.figures)
        press = ["2", *["j"] * index, "enter"]
        assert snap_compare(app_for(report), press=press, terminal_size=size)

    def test_unit_in_chinese(self, snap_compare: SnapCompare, report: Report) -> None:
        index = next(n for n, u in enumerate(report.units) if u.figures)
        press = ["2", *["j"] * index, "enter"]
        assert snap_compare(app_for(report, "zh"), press=press, terminal_size=(80, 24))

    def test_township(self, snap_compare: SnapCompare, report: Report) -> None:
        assert snap_compare(app_for(report), press=["3", "enter"], terminal_size=(100, 30))

    def test_figure(self, snap_compare: SnapCompare, report: Report) -> None:
        assert snap_compare(app_for(report), press=["5", "j", "enter"], terminal_size=(80, 24))

    def test_gift(self, snap_compare: SnapCompare, report: Report) -> None:
        assert snap_compare(app_for(report), press=["4", "j", "enter"], terminal_size=(80, 24))

    def test_receipt(self, snap_compare: SnapCompare, report: Report) -> None:
        press = ["4", "tab", "enter"]
        assert snap_compare(app_for(report), press=press, terminal_size=(80, 24))

    def test_narrow_detail(self, snap_compare: SnapCompare, report: Report) -> None:
        assert snap_compare(app_for(report), press=["4", "enter"], terminal_size=(60, 20))


class TestFilter:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_typing_a_filter(
        self, snap_compare: SnapCompare, report: Report, size: tuple[int, int]
    ) -> None:
        press = ["2", "slash", *"county p"]
        assert snap_compare(app_for(report), press=press, terminal_size=size)

    def test_chinese_filter_kept_after_enter(
        self, snap_compare: SnapCompare, report: Report
    ) -> None:
        press = ["3", "slash", *"乡", "enter"]
        assert snap_compare(app_for(report, "zh"), press=press, terminal_size=(80, 24))

    def test_no_row_matches(self, snap_compare: SnapCompare, report: Report) -> None:
        press = ["2", "slash", *"zzz"]
        assert snap_compare(app_for(report), press=press, terminal_size=(80, 24))


class TestSort:
    def test_units_by_measures(self, snap_compare: SnapCompare, report: Report) -> None:
        press = ["2", "s", "s", "s", "s"]
        assert snap_compare(app_for(report), press=press, terminal_size=(100, 30))

    def test_figures_by_value_reversed(self, snap_compare: SnapCompare, report: Report) -> None:
        press = ["5", "s", "s", "s", "s", "S"]  # owner, group, figure, value; then reversed
        assert snap_compare(app_for(report), press=press, terminal_size=(120, 40))


class TestHelp:
    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_help(self, snap_compare: SnapCompare, report: Report, lang: Lang) -> None:
        press = ["question_mark"]
        assert snap_compare(app_for(report, lang), press=press, terminal_size=(80, 24))


class TestThemes:
    @pytest.mark.parametrize("pane", ["overview", "donations"])
    def test_light_theme(self, snap_compare: SnapCompare, report: Report, pane: str) -> None:
        app = app_for(report, theme="textual-light")
        assert snap_compare(app, press=[PANES[pane]], terminal_size=(120, 40))


class TestSizes:
    @pytest.mark.parametrize("size", [(30, 10), (80, 8)], ids=lambda s: f"{s[0]}x{s[1]}")
    def test_too_small_says_so(
        self, snap_compare: SnapCompare, report: Report, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_for(report), terminal_size=size)

    def test_smallest_usable_size(self, snap_compare: SnapCompare, report: Report) -> None:
        assert snap_compare(app_for(report), press=["2"], terminal_size=(40, 12))
