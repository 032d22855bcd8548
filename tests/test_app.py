"""Pilot tests of the dashboard: every key of the keyboard model, on every pane.

They check behaviour (what has focus, which pane shows, which rows a filter leaves, what a
detail says), not pixels; the snapshot tests check looks. Expected values come from the
loaded report, so the tests follow the data, but they assert real values.
"""

from __future__ import annotations

import pytest
from textual.css.query import NoMatches
from textual.pilot import Pilot

from tests.app_helpers import (
    focused_table,
    go,
    palette_titles,
    running,
    table_text,
    until,
    until_offered,
)
from tests.known import office, title
from tui.core.format import format_figure
from tui.core.model import Report
from tui.ui.app import DashboardApp, make_app
from tui.ui.keys import KEY_DISPLAY
from tui.ui.screens.detail import FigureScreen, SubjectScreen
from tui.ui.screens.help import HelpScreen
from tui.widgets.overview_pane import overview_of
from tui.widgets.pane_bar import PaneBar
from tui.widgets.report_header import ReportHeader
from tui.widgets.size_notice import SizeNotice
from tui.widgets.table import ReportTable

PANE_TABLES = {
    "overview": "sections-table",
    "units": "units-table",
    "townships": "townships-table",
    "donations": "gifts",
    "figures": "figures-table",
}


# --- panes and focus --------------------------------------------------------------------------


async def test_starts_on_the_overview_with_its_sections_focused(report: Report) -> None:
    async with running(report) as (app, _):
        assert app.main_screen.pane == "overview"
        assert focused_table(app).id == "sections-table"
        header = app.screen.query_one(ReportHeader).render()
        assert report.info.place("county").en in header.plain
        assert title(report).en in header.plain
        assert report.info.date_text in header.plain
        assert office(report).en in header.plain


@pytest.mark.parametrize(
    ("key", "pane"),
    [("1", "overview"), ("2", "units"), ("3", "townships"), ("4", "donations"), ("5", "figures")],
)
async def test_number_keys_jump_to_their_pane(report: Report, key: str, pane: str) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "4" if key != "4" else "2")  # start from another pane
        await go(pilot, key)
        assert app.main_screen.pane == pane
        assert app.screen.query_one(PaneBar).active == pane
        assert focused_table(app).id == PANE_TABLES[pane]
        shown = [p for p in app.screen.query("#panes > *") if p.display]
        assert [p.id for p in shown] == [pane]


async def test_each_pane_table_holds_what_the_report_has(report: Report) -> None:
    async with running(report) as (app, pilot):
        assert list(focused_table(app).items) == list(overview_of(report).sections)
        await go(pilot, "5")
        assert list(focused_table(app).items) == list(report.iter_figures())
        await go(pilot, "2")
        assert list(focused_table(app).items) == list(report.units)
        await go(pilot, "3")
        assert list(focused_table(app).items) == list(report.townships)
        await go(pilot, "4")
        assert list(focused_table(app).items) == list(report.donations)
        receipts = app.screen.query_one("#receipts", ReportTable)
        assert list(receipts.items) == list(report.receipts)


async def test_tab_and_shift_tab_cycle_the_tables_of_a_pane(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "4")
        assert focused_table(app).id == "gifts"
        await go(pilot, "tab")
        assert focused_table(app).id == "receipts"
        await go(pilot, "tab")
        assert focused_table(app).id == "gifts"
        await go(pilot, "shift+tab")
        assert focused_table(app).id == "receipts"


# --- moving -------------------------------------------------------------------------------------


async def test_arrows_j_k_g_and_G_move_the_cursor(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2")
        table = focused_table(app)
        assert table.cursor_item == report.units[0]
        await go(pilot, "j")
        assert table.cursor_item == report.units[1]
        await go(pilot, "down")
        assert table.cursor_item == report.units[2]
        await go(pilot, "k")
        assert table.cursor_item == report.units[1]
        await go(pilot, "up", "up")  # stops at the first row
        assert table.cursor == 0
        await go(pilot, "G")
        assert table.cursor_item == report.units[-1]
        assert report.units[-1].name.en[:10] in table_text(table)  # scrolled into view
        await go(pilot, "g")
        assert table.cursor_item == report.units[0]
        await go(pilot, "end")
        assert table.cursor_item == report.units[-1]
        await go(pilot, "home")
        assert table.cursor == 0


# --- details ------------------------------------------------------------------------------------


async def test_enter_on_a_unit_shows_its_measures_and_figures_with_excerpts(
    report: Report,
) -> None:
    unit = next(u for u in report.units if u.figures)
    index = report.units.index(unit)
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2", *["j"] * index, "enter")
        screen = app.screen
        assert isinstance(screen, SubjectScreen)
        assert screen.subject == unit
        text = screen.text
        assert unit.name.en in text and unit.name.zh in text
        for measure in unit.measures:
            assert measure.text.en in text
            assert measure.text.zh in text  # the source's own words beside the English
        for figure in unit.figures:
            assert figure.raw in text
            assert figure.excerpt in text
            assert format_figure(figure, "en") in text
        await go(pilot, "escape")
        assert app.screen is app.main_screen
        assert focused_table(app).cursor_item == unit


async def test_number_keys_leave_a_detail_for_their_pane(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2", "enter", "4")
        assert app.screen is app.main_screen
        assert app.main_screen.pane == "donations"
        assert focused_table(app).id == "gifts"


async def test_enter_on_a_township_opens_it(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "3", "G", "enter")
        screen = app.screen
        assert isinstance(screen, SubjectScreen)
        assert screen.subject == report.townships[-1]


async def test_enter_on_a_figure_shows_its_raw_form_and_excerpt(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "5")
        table = focused_table(app)
        figure = table.cursor_item
        await go(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, FigureScreen)
        assert screen.figure == figure
        text = screen.text
        assert figure.raw in text and figure.excerpt in text
        assert format_figure(figure, "en") in text
        owner = report.owner_of_figure[figure.id]
        assert owner.name.en in text


async def test_a_lower_bound_shows_as_one_in_its_detail(report: Report) -> None:
    figure = next(f for f in report.iter_figures() if f.lower_bound)
    async with running(report) as (app, pilot):
        await go(pilot, "5")
        table = focused_table(app)
        await go(pilot, *["j"] * table.shown.index(figure), "enter")
        screen = app.screen
        assert isinstance(screen, FigureScreen) and screen.figure == figure
        assert "≥" in format_figure(figure, "en")
        assert format_figure(figure, "en") in screen.text
        assert "lower bound" in screen.text


async def test_enter_on_a_gift_shows_its_amount_donor_and_excerpt(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "4", "j", "enter")
        gift = report.donations[1]
        screen = app.screen
        assert isinstance(screen, FigureScreen)
        assert screen.figure.id == gift.figure
        text = screen.text
        assert report.subject(gift.donor).name.en in text
        assert screen.figure.raw in text and screen.figure.excerpt in text


async def test_a_receipt_says_why_it_is_not_added_to_the_gifts(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "4", "tab", "enter")
        screen = app.screen
        assert isinstance(screen, FigureScreen)
        assert screen.figure.id == report.receipts[0].figure
        assert "never added together" in screen.text


async def test_escape_and_scroll_keys_in_a_detail(report: Report) -> None:
    async with running(report, size=(80, 14)) as (app, pilot):
        await go(pilot, "2", "enter")
        scroll = app.screen.query_one("#detail-scroll")
        assert scroll.max_scroll_y > 0  # the first unit's detail is longer than the screen
        await go(pilot, "G")
        assert scroll.scroll_y == scroll.max_scroll_y
        await go(pilot, "g")
        assert scroll.scroll_y == 0
        await go(pilot, "j")
        assert scroll.scroll_y == 1
        await go(pilot, "escape")
        assert app.screen is app.main_screen
        assert app.main_screen.pane == "units"


# --- filter -------------------------------------------------------------------------------------


async def test_slash_filters_as_you_type_with_a_match_count(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2", "slash", *"health")
        table = focused_table(app)
        assert table.filtering and table.filter_text == "health"
        shown = table.shown
        assert shown, "some unit mentions health"
        assert set(shown) == {u for u in report.units if "health" in u.name.en.lower()}
        assert table.row_count == len(shown)
        assert f"{len(shown)} of {len(report.units)} match" in table_text(table)
        await go(pilot, "backspace", "backspace")
        assert table.filter_text == "heal"
        assert len(table.shown) >= len(shown)


async def test_keys_typed_in_one_burst_with_the_slash_go_into_the_filter(report: Report) -> None:
    # A script or a paste delivers `/` and the text at once: nothing may be lost or run
    # as a command between the slash and the text.
    from textual import events

    async with running(report) as (app, pilot):
        await go(pilot, "2")
        table = focused_table(app)
        for character in "/health":
            key = "slash" if character == "/" else character
            table.post_message(events.Key(key, character))
        await pilot.pause()
        assert table.filtering and table.filter_text == "health"


async def test_filter_matches_either_language(report: Report) -> None:
    township = report.townships[0]
    async with running(report) as (app, pilot):
        await go(pilot, "3", "slash", *township.name.zh)
        assert focused_table(app).shown == [township]
        await go(pilot, "escape", "slash", *township.name.en.split()[0].upper())
        assert focused_table(app).shown == [township]


async def test_typing_in_a_filter_does_not_trigger_keys(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2", "slash", "q", "1", "l", "s", "j", "g")
        assert app.is_running
        assert app.main_screen.pane == "units"
        assert app.lang == "en"
        table = focused_table(app)
        assert table.filter_text == "q1lsjg"
        assert table.sort_column is None
        assert table.shown == []
        assert "No row matches “q1lsjg”." in table_text(table)


async def test_escape_clears_the_filter_and_enter_keeps_it(report: Report) -> None:
    unit = next(
        u for u in report.units[1:] if sum(u.name.zh in v.name.zh for v in report.units) == 1
    )
    async with running(report) as (app, pilot):
        await go(pilot, "2", "slash", *unit.name.zh)
        table = focused_table(app)
        assert table.shown == [unit]
        await go(pilot, "enter")  # leaves the filter, keeps its rows
        assert not table.filtering and table.shown == [unit]
        await go(pilot, "enter")  # now opens the row
        assert isinstance(app.screen, SubjectScreen) and app.screen.subject == unit
        await go(pilot, "escape")  # back from the detail, the filter still on
        assert table.shown == [unit]
        await go(pilot, "escape")  # clears it
        assert table.filter_text == "" and len(table.shown) == len(report.units)
        assert "match" not in table_text(table)
        assert app.screen is app.main_screen  # escape with no filter does nothing harmful
        await go(pilot, "escape")
        assert app.is_running and app.main_screen.pane == "units"


# --- sort ---------------------------------------------------------------------------------------


async def test_s_cycles_the_sort_column(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2")
        table = focused_table(app)
        await go(pilot, "s")
        assert table.sort_column == 0
        names = [u.name.en.casefold() for u in table.shown]
        assert names == sorted(names)
        assert "Name ▲" in table_text(table)
        for _ in range(len(table.columns)):  # the columns shown in turn, then measures
            await go(pilot, "s")
            if table.columns[table.sort_column or 0].key == "measures":
                break
        assert table.columns[table.sort_column or 0].key == "measures"
        counts = [len(u.measures) for u in table.shown]
        assert counts == sorted(counts, reverse=True)
        assert "▼" in table_text(table)
        for _ in range(len(table.columns)):  # after the last column shown, no sort
            await go(pilot, "s")
            if table.sort_column is None:
                break
        assert table.sort_column is None
        assert table.shown == list(report.units)


async def test_sorting_keeps_the_cursor_on_its_row(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2", "j", "j", "j")
        table = focused_table(app)
        unit = table.cursor_item
        await go(pilot, "s")
        assert table.cursor_item == unit


async def test_gifts_sort_by_amount_largest_first(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "4", "s", "s", "s")
        table = focused_table(app)
        amounts = [report.figure(d.figure).value for d in table.shown]
        assert amounts == sorted(amounts, reverse=True)


# --- language -----------------------------------------------------------------------------------


async def test_l_switches_labels_and_data_to_chinese_and_back(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2")
        table = focused_table(app)
        first = report.units[0]
        assert first.name.en[:12] in table_text(table)
        await go(pilot, "l")
        assert app.lang == "zh"
        assert table.lang == "zh"
        assert first.name.zh in table_text(table)
        assert "名称" in table_text(table)
        assert "单位" in app.screen.query_one(PaneBar).render().plain
        await go(pilot, "1")  # a pane built earlier follows too
        header = app.screen.query_one(ReportHeader).render().plain
        assert title(report).zh in header
        await go(pilot, "l")
        assert app.lang == "en"
        assert title(report).en in app.screen.query_one(ReportHeader).render().plain


async def test_a_pane_built_after_the_switch_starts_in_chinese(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "l", "3")
        assert report.townships[0].name.zh in table_text(focused_table(app))


async def test_l_in_a_detail_switches_it_in_place(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2", "enter")
        screen = app.screen
        assert isinstance(screen, SubjectScreen)
        await go(pilot, "l")
        assert screen.lang == "zh"
        body = " ".join(str(static.render()) for static in screen.query(".detail-title"))
        assert report.units[0].name.zh in body


async def test_lang_option_starts_in_chinese(report: Report) -> None:
    async with running(report, lang="zh") as (app, pilot):
        assert app.lang == "zh"
        assert title(report).zh in app.screen.query_one(ReportHeader).render().plain
        await go(pilot, "4")
        assert report.subject(report.donations[0].donor).name.zh in table_text(focused_table(app))


def footer_labels(app: DashboardApp) -> list[str]:
    from textual.widgets._footer import FooterKey, FooterLabel

    from tui.widgets.footer import LocalFooter

    footer = app.screen.query_one(LocalFooter)
    keys = [key.description for key in footer.query(FooterKey)]
    return keys + [str(label.content) for label in footer.query(FooterLabel)]


async def test_the_footer_speaks_the_language_of_the_labels(report: Report) -> None:
    async with running(report, lang="zh") as (app, pilot):
        await go(pilot, "2")
        await until_footer(pilot, app, "筛选")
        labels = footer_labels(app)
        assert {"打开", "筛选", "排序", "窗格", "帮助", "退出"} <= set(labels)
        assert "Filter" not in labels
        await go(pilot, "l")
        await until_footer(pilot, app, "Filter")
        assert {"Open", "Filter", "Sort", "Panes", "Help", "Quit"} <= set(footer_labels(app))
        await go(pilot, "enter")  # a detail has a footer of its own, in the same language
        await until_footer(pilot, app, "Back")
        await go(pilot, "l")
        await until_footer(pilot, app, "返回")


async def until_footer(pilot: Pilot[None], app: DashboardApp, label: str) -> None:
    def shown() -> bool:
        try:
            return label in footer_labels(app)
        except NoMatches:  # no footer yet: it is mounted after the first frame
            return False

    await until(pilot, shown, f"{label!r} in the footer")


# --- help, palette, quit, themes ----------------------------------------------------------------


async def test_question_mark_shows_every_key_and_closes(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body").render())
        for key in ("1 2 3 4", "tab", "enter", "escape", "/", "s", "l", "?", "ctrl+p", "q", "g G"):
            assert key in text
        await go(pilot, "escape")
        assert app.screen is app.main_screen
        await go(pilot, "question_mark", "question_mark")
        assert app.screen is app.main_screen


def _command_titles(app: DashboardApp) -> list[str]:
    return palette_titles(app)


async def test_the_palette_offers_every_action(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2")
        titles = " | ".join(_command_titles(app))
        bindings = [*DashboardApp.BINDINGS, *type(app.main_screen).BINDINGS, *ReportTable.BINDINGS]
        for binding in bindings:
            assert not isinstance(binding, tuple)
            if binding.action == "clear_filter":
                continue  # offered only while there is a filter to clear (below)
            if binding.action == "empty_filter":
                continue  # offered only while typing into the filter (below)
            keys = " ".join(KEY_DISPLAY.get(k, k) for k in binding.key.split(","))
            assert f"({keys})" in titles, f"no command for {binding.action}"
        for wanted in ("(tab)", "(shift+tab)", "Quit (q)", "Theme"):
            assert wanted in titles
        await go(pilot, "slash", "x")
        assert "Clear input (ctrl+u)" in _command_titles(app)
        await go(pilot, "enter")
        assert "Clear filter (escape)" in _command_titles(app)
        await go(pilot, "escape", "enter")
        detail_titles = " | ".join(_command_titles(app))
        for wanted in ("Back (escape)", "(↓ j)", "(↑ k)", "(g home)", "(G end)"):
            assert wanted in detail_titles


async def test_a_palette_command_runs_its_action(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "ctrl+p")
        await pilot.press(*"Show Donations")
        await until_offered(pilot, app, "Show Donations")
        await go(pilot, "enter")
        assert app.main_screen.pane == "donations"
        assert focused_table(app).id == "gifts"


async def test_q_quits(report: Report) -> None:
    async with running(report) as (app, pilot):
        await go(pilot, "2", "q")
        assert not app.is_running
    assert app.return_code == 0


def test_an_unknown_theme_is_refused_before_anything_is_drawn(report: Report) -> None:
    with pytest.raises(ValueError, match=r"unknown theme 'no-such-theme'.*textual-light"):
        make_app(report, theme="no-such-theme")


async def test_a_known_theme_is_used(report: Report) -> None:
    async with running(report, theme="textual-light") as (app, _):
        assert app.theme == "textual-light"
        assert app.current_theme.dark is False


def test_an_unknown_language_is_refused(report: Report) -> None:
    with pytest.raises(ValueError, match="--lang"):
        make_app(report, lang="fr")  # type: ignore[arg-type]


# --- the footer and sizes -----------------------------------------------------------------------


async def test_the_footer_shows_the_keys_that_apply_where_the_focus_is(report: Report) -> None:
    async with running(report) as (app, pilot):

        def shown() -> set[str]:
            return {k for k, b in app.active_bindings.items() if b.binding.show}

        await go(pilot, "2")
        assert {"enter", "slash", "s", "l", "q", "question_mark"} <= shown()
        assert "escape" not in shown()  # nothing to clear yet
        await go(pilot, "slash")
        assert "escape" in shown()
        assert "q" not in shown()  # typed into the filter, not a key here
        await go(pilot, "escape", "enter")
        assert "escape" in shown() and "s" not in shown()  # a detail: back, not sort


async def test_too_small_a_terminal_says_so_and_large_enough_does_not(report: Report) -> None:
    async with running(report, size=(30, 10)) as (app, pilot):
        notice = app.screen.query_one(SizeNotice)
        assert notice.display
        assert "40×12" in notice.render().plain
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.screen.query_one(SizeNotice).display
        await pilot.resize_terminal(80, 11)
        await pilot.pause()
        assert app.screen.query_one(SizeNotice).display


async def test_panes_stack_below_a_hundred_columns(report: Report) -> None:
    async with running(report, size=(120, 30)) as (app, pilot):
        await go(pilot, "4")
        tables = app.screen.query_one("#donations-tables")
        totals = app.screen.query_one("#donations-totals")
        assert tables.region.y == totals.region.y  # side by side
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert totals.region.y > tables.region.y  # stacked


def test_a_chinese_measure_starts_on_the_line_of_its_number(report: Report) -> None:
    # Lines wrap only at spaces: after "1. " a Chinese sentence would move whole to the next
    # line and leave the number alone.
    from tui.ui.screens.detail import subject_blocks

    unit = next(u for u in report.units if len(u.measures[0].text.zh) > 40)
    measure = next(c for kind, c in subject_blocks(report, unit, "zh") if kind == "measure")
    first = measure.wrap(40)[0].plain
    assert first.startswith("1．") and unit.measures[0].text.zh[:5] in first
    for subject in report.subjects:  # also those that start with digits, like 188名…
        for kind, content in subject_blocks(report, subject, "zh"):
            if kind == "measure":
                mark, _, rest = content.wrap(40)[0].plain.partition("．")
                assert mark.isdigit() and rest, content.plain
    english = next(c for kind, c in subject_blocks(report, unit, "en") if kind == "measure")
    assert english.plain.startswith("1. ")
