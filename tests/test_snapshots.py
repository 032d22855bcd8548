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
    """The five panes in English, wide (side by side), medium and narrow (stacked)."""

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    @pytest.mark.parametrize("pane", PANES)
    def test_pane(
        self, snap_compare: SnapCompare, report: Report, pane: str, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_for(report), press=[PANES[pane]], terminal_size=size)


class TestChinese:
    """Labels and data in the Chinese original: each pane, and `l` switching in place."""

    @pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
    @pytest.mark.parametrize("pane", PANES)
    def test_pane_in_chinese(
        self, snap_compare: SnapCompare, report: Report, pane: str, size: tuple[int, int]
    ) -> None:
        """Each pane started with `--lang zh`: CJK columns at full width."""
        assert snap_compare(app_for(report, "zh"), press=[PANES[pane]], terminal_size=size)

    def test_l_switches_the_overview_at_120x40(
        self, snap_compare: SnapCompare, report: Report
    ) -> None:
        """The overview after `l`: every label and the footer switched, nothing left over."""
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
    """A detail of each kind of row (unit, township, headline figure, gift, receipt): its
    measures, figures, raw forms and excerpts, in both languages and at a narrow size."""

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
    def test_unit_with_figures(
        self, snap_compare: SnapCompare, report: Report, size: tuple[int, int]
    ) -> None:
        """The first unit with figures: its measures, each figure with raw form and excerpt."""
        index = next(n for n, u in enumerate(report.units) if u.figures)
        press = ["2", *["j"] * index, "enter"]
        assert snap_compare(app_for(report), press=press, terminal_size=size)

    def test_unit_in_chinese(self, snap_compare: SnapCompare, report: Report) -> None:
        """The same unit's detail in Chinese."""
        index = next(n for n, u in enumerate(report.units) if u.figures)
        press = ["2", *["j"] * index, "enter"]
        assert snap_compare(app_for(report, "zh"), press=press, terminal_size=(80, 24))

    def test_township(self, snap_compare: SnapCompare, report: Report) -> None:
        """The first township's detail: its measures and figures."""
        assert snap_compare(app_for(report), press=["3", "enter"], terminal_size=(100, 30))

    def test_figure(self, snap_compare: SnapCompare, report: Report) -> None:
        """A figure's detail from the Figures pane: value, raw form, lower bound and excerpt."""
        assert snap_compare(app_for(report), press=["5", "j", "enter"], terminal_size=(80, 24))

    def test_gift(self, snap_compare: SnapCompare, report: Report) -> None:
        """A gift's detail: amount, form, donor and excerpt."""
        assert snap_compare(app_for(report), press=["4", "j", "enter"], terminal_size=(80, 24))

    def test_receipt(self, snap_compare: SnapCompare, report: Report) -> None:
        """A receipt's detail, with why it is not added to the gifts."""
        press = ["4", "tab", "enter"]
        assert snap_compare(app_for(report), press=press, terminal_size=(80, 24))

    def test_narrow_detail(self, snap_compare: SnapCompare, report: Report) -> None:
        """A gift's detail at 60x20: text wraps, nothing is cut."""
        assert snap_compare(app_for(report), press=["4", "enter"], terminal_size=(60, 20))

    @pytest.mark.parametrize(
        "press",
        [["3", "enter"], ["5", "j", "enter"], ["4", "j", "enter"], ["4", "tab", "enter"]],
        ids=["township", "figure", "gift", "receipt"],
    )
    def test_detail_in_chinese(
        self, snap_compare: SnapCompare, report: Report, press: list[str]
    ) -> None:
        """The township, figure, gift and receipt details above, in Chinese at 80x24:
        labels, raw forms and excerpts as the source writes them."""
        assert snap_compare(app_for(report, "zh"), press=press, terminal_size=(80, 24))


class TestFilter:
    """The filter as it is typed: the match count, the rows left, none left."""

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_typing_a_filter(
        self, snap_compare: SnapCompare, report: Report, size: tuple[int, int]
    ) -> None:
        """`/county p` on the units at three sizes: the filter line and the matching rows."""
        press = ["2", "slash", *"county p"]
        assert snap_compare(app_for(report), press=press, terminal_size=size)

    def test_chinese_filter_kept_after_enter(
        self, snap_compare: SnapCompare, report: Report
    ) -> None:
        """A Chinese filter on the townships, kept after `enter` (the focus back on the table)."""
        press = ["3", "slash", *"乡", "enter"]
        assert snap_compare(app_for(report, "zh"), press=press, terminal_size=(80, 24))

    def test_no_row_matches(self, snap_compare: SnapCompare, report: Report) -> None:
        """A filter that matches nothing: the empty state says so."""
        press = ["2", "slash", *"zzz"]
        assert snap_compare(app_for(report), press=press, terminal_size=(80, 24))


class TestSort:
    """Sorting by a column: the sort shown in the header and the rows in order."""

    def test_units_by_measures(self, snap_compare: SnapCompare, report: Report) -> None:
        """The units sorted by their count of measures (the fourth `s`)."""
        press = ["2", "s", "s", "s", "s"]
        assert snap_compare(app_for(report), press=press, terminal_size=(100, 30))

    def test_figures_by_value_reversed(self, snap_compare: SnapCompare, report: Report) -> None:
        """The Figures pane sorted by value, then reversed: smallest first."""
        press = ["5", "s", "s", "s", "s", "S"]  # owner, group, figure, value; then reversed
        assert snap_compare(app_for(report), press=press, terminal_size=(120, 40))


class TestHelp:
    """`?`: every key, in each language."""

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_help(self, snap_compare: SnapCompare, report: Report, lang: Lang) -> None:
        """The help screen at 80x24 in English and in Chinese."""
        press = ["question_mark"]
        assert snap_compare(app_for(report, lang), press=press, terminal_size=(80, 24))


class TestThemes:
    """A light theme: the theme variables carry the colours, nothing is hard-coded dark."""

    @pytest.mark.parametrize("pane", ["overview", "donations"])
    def test_light_theme(self, snap_compare: SnapCompare, report: Report, pane: str) -> None:
        """The overview and the donations (charts) in `textual-light` at 120x40."""
        app = app_for(report, theme="textual-light")
        assert snap_compare(app, press=[PANES[pane]], terminal_size=(120, 40))


class TestSizes:
    """Below the smallest usable size the notice, at it the pane."""

    @pytest.mark.parametrize("size", [(30, 10), (80, 8)], ids=lambda s: f"{s[0]}x{s[1]}")
    def test_too_small_says_so(
        self, snap_compare: SnapCompare, report: Report, size: tuple[int, int]
    ) -> None:
        """Too narrow (30x10) and too short (80x8): the notice alone, in place of the pane."""
        assert snap_compare(app_for(report), terminal_size=size)

    def test_smallest_usable_size(self, snap_compare: SnapCompare, report: Report) -> None:
        """The units at 40x12, the smallest size that shows a pane."""
        assert snap_compare(app_for(report), press=["2"], terminal_size=(40, 12))
