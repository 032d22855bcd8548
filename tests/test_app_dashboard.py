"""Pilot tests of the dashboard as a dashboard: the overview's cards and sections, the
master–detail Units and Townships, the Figures pane, frames titled with counts, empty states,
the status line, the filter's keys, the detail's breadcrumb and the Chinese way of numbers.

They check state and text, never times or pixels.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Digits

from tests.app_helpers import go, running
from tui.core.loader import load_report
from tui.core.model import Report, changed
from tui.core.problems import ReportError
from tui.ui.screens.detail import FigureScreen, SubjectScreen
from tui.widgets.figures_pane import figure_search_text
from tui.widgets.headline_card import HeadlineCard
from tui.widgets.overview_pane import overview_of
from tui.widgets.pane_bar import PaneBar
from tui.widgets.preview import Preview
from tui.widgets.table import Column, ReportTable, shown_columns

HOSTILE = Path(__file__).parent / "hostile" / "hostile.toml"


def focused(app: Any) -> ReportTable[Any]:
    table = app.focused
    assert isinstance(table, ReportTable), f"focus is on {table!r}"
    return table


def title_of(widget: Any) -> str:
    return str(widget.border_title)


# --- the overview ------------------------------------------------------------------------------


async def test_the_overview_has_a_card_for_each_headline_figure(report: Report) -> None:
    headlines = [f for f in report.iter_figures() if f.headline]
    assert len(headlines) >= 3  # the bundled report picks a handful
    async with running(report, size=(120, 40)) as (app, pilot):
        await pilot.pause()
        cards = list(app.screen.query(HeadlineCard))
        assert [c.figure for c in cards] == headlines
        for card in cards:
            figure = card.figure
            owner = report.owner_of_figure[figure.id]
            assert title_of(card) == figure.label.en
            assert str(card.border_subtitle) == figure.raw
            text = " ".join(str(s.render()) for s in card.query(".card-value, .card-owner"))
            assert owner.name.en in text
        red_cross = next(c for c in cards if c.figure.id == "red-cross-cash")
        assert "≥ ¥1,666,000" in str(red_cross.query_one(".card-value").render())
        # The large digits where they fit whole; a lower bound with its `+`.
        assert red_cross.query_one(Digits).value == "1,666,000+"
        assert red_cross.query_one(Digits).display


async def test_a_report_without_headline_figures_shows_no_cards(report: Report) -> None:
    def plain_figures(subject: Any) -> Any:
        measures = tuple(
            changed(m, figures=tuple(changed(f, headline=False) for f in m.figures))
            for m in subject.measures
        )
        return changed(subject, measures=measures)

    units = tuple(plain_figures(u) for u in report.units)
    townships = tuple(plain_figures(t) for t in report.townships)
    plain = replace(report, units=units, townships=townships)
    async with running(plain, size=(120, 40)) as (app, pilot):
        await pilot.pause()
        assert not app.screen.query(HeadlineCard)
        assert not app.screen.query_one("#headline-cards").display


async def test_the_overview_tells_the_article_section_by_section(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        table = focused(app)
        assert table.id == "sections-table"
        lines = overview_of(report).sections
        assert [line.section for line in lines] == list(report.sections)
        assert sum(line.figures for line in lines) == len(report.figures_by_id)
        for line in lines:
            acting = [u for u in report.units if line.section.id in u.sections]
            assert line.units == len(acting)
        assert title_of(table) == f"The report, section by section ({len(report.sections)})"
        await go(pilot, "enter")  # a section opens nothing
        assert app.screen is app.main_screen


async def test_gifts_and_receipts_each_have_their_own_scale(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await pilot.pause()
        gifts = app.screen.query_one("#overview-gift-totals")
        receipts = app.screen.query_one("#overview-receipt-totals")
        totals = report.donation_totals()
        assert gifts.scale == max(a.value for a in totals.itemised.values())  # type: ignore[attr-defined]
        assert receipts.scale == max(a.value for a in totals.received.values())  # type: ignore[attr-defined]
        panel = app.screen.query_one("#overview-totals")
        assert "own scale" in str(app.screen.query_one("#overview-note").render())
        assert "never added" in str(panel.border_subtitle)


# --- master–detail -----------------------------------------------------------------------------


@pytest.mark.parametrize("pane", ["2", "3"])
async def test_the_preview_follows_the_cursor_without_a_key_press(
    report: Report, pane: str
) -> None:
    subjects = report.units if pane == "2" else report.townships
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, pane)
        preview = app.screen.query_one(f"#{'units' if pane == '2' else 'townships'}-preview")
        assert isinstance(preview, Preview)
        assert preview.subject == subjects[0]
        assert title_of(preview) == subjects[0].name.en
        first_text = preview.text
        await go(pilot, "j")
        assert preview.subject == subjects[1]
        assert preview.text != first_text
        measure = subjects[1].measures[0]
        assert measure.text.en[:30] in preview.text and measure.text.zh[:10] in preview.text
        await go(pilot, "enter")  # enter still opens the full detail
        assert isinstance(app.screen, SubjectScreen) and app.screen.subject == subjects[1]


async def test_the_preview_shows_figures_with_raw_forms_and_excerpts(report: Report) -> None:
    unit = next(u for u in report.units if u.figures)
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2", *["j"] * report.units.index(unit))
        text = app.screen.query_one(Preview).text
        for figure in unit.figures:
            assert figure.raw in text and figure.excerpt in text


@pytest.mark.parametrize(
    ("size", "beside"), [((120, 40), True), ((100, 30), True), ((99, 30), False), ((80, 24), False)]
)
async def test_side_by_side_from_100_columns_stacked_below(
    report: Report, size: tuple[int, int], beside: bool
) -> None:
    async with running(report, size=size) as (app, pilot):
        await go(pilot, "2")
        table = app.screen.query_one("#units-table", ReportTable)
        preview = app.screen.query_one(Preview)
        if beside:
            assert preview.region.x >= table.region.right
            assert preview.region.y == table.region.y
        else:
            assert preview.region.y >= table.region.bottom
            # The list keeps at least 8 rows in view (frame 2 lines, header 1).
            assert table.region.height - 3 >= 8


async def test_the_preview_renders_only_the_selected_row(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2")
        preview = app.screen.query_one(Preview)
        count = len(preview.children)
        assert count == len(preview._blocks())
        await go(pilot, "G")
        assert len(preview.children) == len(preview._blocks())


# --- frames, titles, empty states ---------------------------------------------------------------


async def test_tables_are_framed_and_titled_with_their_counts(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2")
        units = focused(app)
        assert title_of(units) == f"Units ({len(report.units)})"
        await go(pilot, "4")
        gifts = app.screen.query_one("#gifts", ReportTable)
        receipts = app.screen.query_one("#receipts", ReportTable)
        assert title_of(gifts) == f"Itemised gifts ({len(report.donations)})"
        assert title_of(receipts) == f"Received by the Red Cross ({len(report.receipts)})"
        # The focused one has the accent border, the other not; tab moves it.
        focus_colour = gifts.styles.border_top[1]
        assert receipts.styles.border_top[1] != focus_colour
        await go(pilot, "tab")
        assert receipts.styles.border_top[1] == focus_colour
        assert gifts.styles.border_top[1] != focus_colour
        await go(pilot, "5")
        assert title_of(focused(app)) == f"Figures ({len(report.figures_by_id)})"


async def test_empty_states_say_what_is_empty(report: Report) -> None:
    units = {u.id for u in report.units}
    gifts = tuple(d for d in report.donations if d.donor in units)
    empty = replace(report, townships=(), donations=gifts)
    async with running(empty, size=(100, 30)) as (app, pilot):
        await go(pilot, "3")
        table = focused(app)
        assert table.empty_text == "This report names no townships."
        assert "No row" not in table.empty_text
        assert "This report names no townships." in app.screen.query_one(Preview).text


# --- the Figures pane --------------------------------------------------------------------------


async def test_figures_have_an_owner_and_are_found_by_it(report: Report) -> None:
    duowa = report.subject("duowa")
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "5")
        table = focused(app)
        assert table.columns[0].key == "owner"
        assert "Duowa" in table.columns[0].cell(duowa.figures[0], "en")
        for query in ("Duowa", "多哇", "119名", "119 people"):
            await go(pilot, "slash", *query)
            assert duowa.figures[0] in table.shown, query
            assert all(f in duowa.figures or query not in "Duowa多哇" for f in table.shown)
            await go(pilot, "escape")
        await go(pilot, "slash", *"grid workers")
        owners = {report.owner_of_figure[f.id].id for f in table.shown}
        assert len(table.shown) == 2 and len(owners) == 2  # told apart by their owner


def test_the_figure_search_text_has_both_languages(report: Report) -> None:
    figure = report.figure("red-cross-cash")
    text = figure_search_text(report)(figure)
    for part in ("County Red Cross", "县红十字会", "166.6万余元", "≥ ¥1,666,000", "≥ 166.6万元"):
        assert part in text


# --- columns, sort, status line, filter keys ----------------------------------------------------


def test_narrow_tables_drop_the_low_value_columns_first() -> None:
    columns: list[Column[object]] = [
        Column("name", Text_("Name"), lambda r, lang: "", max_width=30, min_width=10),
        Column("a", Text_("A"), lambda r, lang: "", max_width=20, drop=2),
        Column("b", Text_("B"), lambda r, lang: "", max_width=20, drop=1),
    ]
    natural, floors = [30, 20, 20], [10, 6, 6]
    assert shown_columns(columns, natural, floors, 200) == [0, 1, 2]
    assert shown_columns(columns, natural, floors, 50) == [0, 2]
    assert shown_columns(columns, natural, floors, 25) == [0]


def Text_(label: str) -> Any:
    from tui.core.model import Text

    return Text(zh=label, en=label)


async def test_the_status_line_gives_row_sort_and_filter(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "5", "j", "j")
        table = focused(app)
        total = len(report.figures_by_id)
        assert table.status == f"3/{total}"
        assert str(table.border_subtitle) == f"3/{total}"
        while table.sort_column is None or table.columns[table.sort_column].key != "value":
            await go(pilot, "s")
        assert table.status.startswith(f"1/{total} · sort Value ▼") or "sort Value ▼" in (
            table.status
        )
        await go(pilot, "slash", *"grid")
        assert table.status.endswith(f"filter “grid” {len(table.shown)}/{total}")
        assert f"Figures ({len(table.shown)}/{total})" == title_of(table)


async def test_S_reverses_the_sort_and_the_header_shows_it(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "5")
        table = focused(app)
        while table.sort_column is None or table.columns[table.sort_column].key != "value":
            await go(pilot, "s")
        values = [f.value for f in table.shown]
        assert values == sorted(values, reverse=True)
        header = table.render_line(0).text
        assert "Value ▼" in header
        await go(pilot, "S")
        values = [f.value for f in table.shown]
        assert values == sorted(values)
        assert "Value ▲" in table.render_line(0).text
        assert "sort Value ▲" in table.status


async def test_while_filtering_only_the_filter_keys_show(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2")
        shown = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
        assert "sort" in shown
        await go(pilot, "slash")
        table = focused(app)
        checks = {action: app.screen.check_action(action, ()) for action in ("show_pane",)} | {
            action: table.check_action(action, ()) for action in ("sort", "start_filter")
        }
        assert not any(checks.values()), checks
        assert app.check_action("toggle_language", ()) is False
        assert app.check_action("quit", ()) is False
        assert table.check_action("clear_filter", ()) and table.check_action("empty_filter", ())


async def test_ctrl_u_empties_the_filter_input(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2", "slash", *"health")
        table = focused(app)
        assert table.filter_text == "health"
        await go(pilot, "ctrl+u")
        assert table.filter_text == "" and table.filtering
        await go(pilot, *"edu")
        assert table.filter_text == "edu"


async def test_matches_are_highlighted_in_the_rows(report: Report) -> None:
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2", "slash", *"health")
        table = focused(app)
        match = table.get_component_rich_style("report-table--match")
        row = table.render_line(2)  # filter line, header, first row
        marked = [
            s.text for s in row if s.style is not None and match.underline and s.style.underline
        ]
        assert any(t.lower() == "health" for t in marked)


# --- details ------------------------------------------------------------------------------------


async def test_a_detail_keeps_the_pane_titles_and_a_breadcrumb(report: Report) -> None:
    unit = report.units[5]
    async with running(report, size=(120, 40)) as (app, pilot):
        await go(pilot, "2", *["j"] * 5, "enter")
        screen = app.screen
        assert isinstance(screen, SubjectScreen)
        assert screen.query_one(PaneBar).active == "units"
        crumb = str(screen.query_one("#breadcrumb").render())
        assert crumb == f"Units › {unit.name.en}"
        await go(pilot, "escape", "5", "enter")
        assert isinstance(app.screen, FigureScreen)
        assert str(app.screen.query_one("#breadcrumb").render()).startswith("Figures › ")


async def test_in_chinese_a_detail_shows_the_english_dimmed_beside(report: Report) -> None:
    unit = next(u for u in report.units if u.figures)
    async with running(report, size=(120, 40), lang="zh") as (app, pilot):
        await go(pilot, "2", *["j"] * report.units.index(unit), "enter")
        text = app.screen.text  # type: ignore[attr-defined]
        for measure in unit.measures:
            assert measure.text.zh in text and measure.text.en in text
        assert "单位 › " in str(app.screen.query_one("#breadcrumb").render())


async def test_wrapped_measures_hang_under_their_first_line(report: Report) -> None:
    unit = max(report.units, key=lambda u: len(u.measures[0].text.en))
    async with running(report, size=(60, 30)) as (app, pilot):
        await go(pilot, "2", *["j"] * report.units.index(unit), "enter")
        paragraph = app.screen.query(".detail-measure").first()
        lines = paragraph.lines(40)  # type: ignore[attr-defined]
        assert len(lines) > 1
        assert lines[0].plain.startswith("1. ")
        assert all(line.plain.startswith("   ") for line in lines[1:])


# --- the headline flag in the format ------------------------------------------------------------


def test_headline_is_optional_and_a_boolean(tmp_path: Path, report: Report) -> None:
    from tui.core.loader import default_report_path

    text = default_report_path().read_text(encoding="utf-8")
    assert load_report(default_report_path()).figure("medical-workers").headline
    without = tmp_path / "plain.toml"
    without.write_text(text.replace("headline = true\n", ""), encoding="utf-8")
    assert not any(f.headline for f in load_report(without).iter_figures())
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(text.replace("headline = true", 'headline = "yes"', 1), encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        load_report(wrong)
    assert any(
        "headline: wrong type (expected boolean, got string" in str(p)
        for p in raised.value.problems
    )


# --- hostile text ------------------------------------------------------------------------------


async def test_hostile_text_is_inert_in_cards_and_previews() -> None:
    from tests.test_hostile import assert_safe

    hostile = load_report(HOSTILE)
    async with running(hostile, size=(160, 48)) as (app, pilot):
        await pilot.pause()
        assert_safe(app)
        for pane in ("2", "3", "4", "5"):
            await go(pilot, pane, "j")
            assert_safe(app)
