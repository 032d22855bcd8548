"""Tests of `ReportTable`, the Line-API table: layout, CJK width, sort, filter, and scale.

The table is hosted alone in a tiny app. The scale tests check that a 100,000-row table
opens, jumps, filters and sorts correctly and that opening it asks for the cells of a
bounded number of rows only; they check rows and call counts, never times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from tui.core.model import Lang, Text
from tui.widgets.table import SAMPLE_ROWS, Column, ReportTable, fit, fit_widths


@dataclass(frozen=True)
class Row:
    en: str
    zh: str
    count: int


def columns(calls: list[int] | None = None) -> list[Column[Row]]:
    def name(row: Row, lang: Lang) -> str:
        if calls is not None:
            calls[0] += 1
        return row.zh if lang == "zh" else row.en

    return [
        Column("name", Text(zh="名称", en="Name"), name, max_width=30),
        Column(
            "count",
            Text(zh="数量", en="Count"),
            lambda row, lang: f"{row.count:,}",
            sort_key=lambda row, lang: row.count,
            descending=True,
            align="right",
        ),
        Column("note", Text(zh="备注", en="Note"), lambda row, lang: row.en[::-1], flex=True),
    ]


def rows(n: int) -> list[Row]:
    return [Row(f"unit {i:06d}", f"单位{i}号", (i * 7919) % 1000) for i in range(n)]


class TableApp(App[None]):
    def __init__(self, table: ReportTable[Any]) -> None:
        super().__init__()
        self.table = table
        self.selected: list[Any] = []

    def compose(self) -> ComposeResult:
        yield self.table

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        self.selected.append(event.item)


def lines(table: ReportTable[Any]) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def column_starts(line: str, cells: Sequence[str]) -> list[int]:
    """The cell offset of each of `cells` within `line` (in terminal cells, not characters)."""
    starts = []
    for cell in cells:
        at = line.index(cell)
        starts.append(cell_len(line[:at]))
    return starts


# --- pure helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "align", "expected"),
    [
        ("abc", 5, "left", "abc  "),
        ("abc", 5, "right", "  abc"),
        ("abcdef", 4, "left", "abc…"),
        ("同仁县", 6, "left", "同仁县"),
        ("同仁县", 5, "left", "同仁…"),
        ("同仁县", 4, "left", "同… "),  # a wide character never splits: a space fills in after
        ("ab同仁", 4, "left", "ab… "),
        ("abc", 0, "left", ""),
    ],
)
def test_fit_fills_exactly_the_width(text: str, width: int, align: Any, expected: str) -> None:
    assert fit(text, width, align) == expected
    assert cell_len(fit(text, width, align)) == width


def test_fit_widths_gives_the_spare_room_to_the_flex_column() -> None:
    assert fit_widths([10, 5, 8], [6, 5, 6], 2, 30) == [10, 5, 15]


def test_fit_widths_shrinks_the_flex_column_first_then_the_widest() -> None:
    assert fit_widths([10, 5, 20], [6, 5, 8], 2, 30) == [10, 5, 15]
    widths = fit_widths([20, 16, 20], [6, 6, 8], 2, 30)
    assert sum(widths) == 30 and widths[2] == 8
    assert widths[0] > widths[1]  # the name column keeps more


def test_fit_widths_goes_below_the_floors_only_when_it_must() -> None:
    widths = fit_widths([10, 10, 10], [6, 6, 6], None, 9)
    assert sum(widths) == 9 and min(widths) >= 1


# --- in an app --------------------------------------------------------------------------------


async def test_cjk_cells_align_in_terminal_cells() -> None:
    items = [Row("ab", "同仁县", 1), Row("a much longer name", "瓜什则乡驻同仁经营户", 22)]
    table = ReportTable(columns(), items, lang="zh")
    async with TableApp(table).run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        shown = lines(table)
        assert all(cell_len(line) == 60 for line in shown)
        first = column_starts(shown[1], ["同仁县", "1"])
        second = column_starts(shown[2], ["瓜什则乡", "22"])
        assert first[0] == second[0]
        # right-aligned counts end in the same cell
        assert first[1] + 1 == second[1] + 2


async def test_markup_and_control_characters_in_cells_are_shown_literally() -> None:
    items = [Row("[/] [bold]x[/bold] [@click=app.quit]q", "\x1b[2J\u202e", 1)]
    table = ReportTable(columns(), items)
    async with TableApp(table).run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        assert "[/] [bold]x[/bold] [@click=ap" in lines(table)[1]
        table.lang = "zh"
        await pilot.pause()
        assert "\\x1b[2J\\u202e" in lines(table)[1]
        assert "\x1b" not in "".join(lines(table))


async def test_an_empty_table_says_what_is_empty_not_that_nothing_matches() -> None:
    table = ReportTable(columns(), [], empty="no_townships")
    async with TableApp(table).run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert "This report names no townships." in lines(table)[1]
        await pilot.press("j", "G", "g", "enter", "s")
        assert table.cursor_item is None


async def test_a_filter_that_matches_nothing_says_so_with_the_query() -> None:
    table = ReportTable(columns(), rows(5), empty="no_townships")
    async with TableApp(table).run_test(size=(50, 6)) as pilot:
        await pilot.press("slash", *"zzz")
        assert "No row matches “zzz”." in lines(table)[2]


async def test_enter_posts_the_row_and_a_double_click_too() -> None:
    items = rows(5)
    table = ReportTable(columns(), items)
    app = TableApp(table)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.selected == [items[1]]
        await pilot.click(ReportTable, offset=(3, 3))  # the row of items[2]
        assert table.cursor_item == items[2]
        await pilot.click(ReportTable, offset=(3, 3), times=2)
        await pilot.pause()
        assert app.selected[-1] == items[2]


async def test_a_click_on_a_header_sorts_by_that_column() -> None:
    items = rows(20)
    table = ReportTable(columns(), items)
    async with TableApp(table).run_test(size=(60, 10)) as pilot:
        name_width = table._column_widths()[0] + 2
        await pilot.click(ReportTable, offset=(name_width + 2, 0))
        assert table.sort_column == 1
        counts = [row.count for row in table.shown]
        assert counts == sorted(counts, reverse=True)
        await pilot.click(ReportTable, offset=(name_width + 2, 0))
        assert table.sort_column is None


async def test_filter_narrows_and_widens_like_a_plain_scan() -> None:
    items = rows(3000)
    table = ReportTable(columns(), items)
    async with TableApp(table).run_test(size=(60, 10)) as pilot:
        await pilot.press("slash")
        for query in ["1", "12", "123", "12", "1", "", "号", "9号", "UNIT 0009"]:
            table.filter_text = query
            await pilot.pause()
            needle = query.casefold()
            expected = [
                r
                for r in items
                if needle in f"{r.en}\n{r.zh}\n{r.count:,}\n{r.en[::-1]}".casefold()
            ]
            assert table.shown == expected, query
            assert table.row_count == len(expected)


async def test_sort_then_filter_keeps_the_sorted_order() -> None:
    items = rows(500)
    table = ReportTable(columns(), items)
    async with TableApp(table).run_test(size=(60, 10)) as pilot:
        await pilot.press("s", "s", "slash", "9")
        shown = table.shown
        assert shown and all("9" in f"{r.en}{r.zh}{r.count:,}" for r in shown)
        counts = [r.count for r in shown]
        assert counts == sorted(counts, reverse=True)


async def test_page_keys_move_a_page() -> None:
    table = ReportTable(columns(), rows(100))
    async with TableApp(table).run_test(size=(60, 12)) as pilot:
        await pilot.press("pagedown")
        page = table.cursor
        assert 5 <= page <= 11
        await pilot.press("pagedown", "pageup")
        assert table.cursor == page


async def test_language_switch_resorts_by_the_shown_language() -> None:
    items = [Row("a", "甲", 1), Row("b", "乙", 2)]  # 乙 (U+4E59) sorts before 甲 (U+7532)
    table = ReportTable(columns(), items)
    async with TableApp(table).run_test(size=(60, 6)) as pilot:
        await pilot.press("s")
        assert table.shown == [items[0], items[1]]
        table.lang = "zh"
        await pilot.pause()
        assert table.shown == [items[1], items[0]]
        assert "名称 ▲" in lines(table)[0]


# --- scale ------------------------------------------------------------------------------------

N = 100_000


async def test_opening_a_large_table_reads_only_a_bounded_number_of_rows() -> None:
    calls = [0]
    # The filter's index (built in the background) reads rows through `search_text` here,
    # so that `calls` counts only what sizing and drawing read.
    table = ReportTable(columns(calls), rows(N), search_text=lambda row: row.en)
    async with TableApp(table).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # sizing reads a sample; drawing reads the rows in view (a few times over)
        assert calls[0] <= 2 * SAMPLE_ROWS + 10 * 24
        before = calls[0]
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_item == table.items[-1]
        assert calls[0] - before <= 10 * 24
        assert "unit 099999" in "".join(lines(table))


async def test_a_large_table_builds_its_filter_index_in_the_background() -> None:
    items = rows(N)
    table = ReportTable(columns(), items)
    async with TableApp(table).run_test(size=(80, 24)) as pilot:
        assert len(table._index) < N  # not all at once
        for _ in range(200):
            if len(table._index) == N:
                break
            await pilot.pause(0.05)
        assert len(table._index) == N
        assert table._index[N - 1] == f"unit {N - 1:06d}\n单位{N - 1}号".casefold() + (
            f"\n{(N - 1) * 7919 % 1000:,}\n{(N - 1) * 7919 % 1000:,}"
            f"\n{items[-1].en[::-1]}\n{items[-1].en[::-1]}"
        )


async def test_a_large_table_filters_sorts_and_jumps_correctly() -> None:
    items = rows(N)
    table = ReportTable(columns(), items)
    async with TableApp(table).run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"unit 09999")
        assert [r.en for r in table.shown] == [f"unit 09999{d}" for d in range(10)]
        await pilot.press("escape", "s", "s")
        counts = [r.count for r in table.shown]
        assert counts == sorted(counts, reverse=True)
        await pilot.press("G")
        assert table.cursor == N - 1
        assert table.cursor_item is not None and table.cursor_item.count == min(counts)
