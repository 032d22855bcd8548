"""Editing in the dashboard and saving to the file, as a user does it with the keyboard.

`e` in a detail edits a figure in a form that checks as you type (the rules of `check`);
`a` on the Donations pane adds a gift; `ctrl+s` saves with `tui.core.save.save_report`. The
file changed on disk is never overwritten, quitting with unsaved changes asks first, and
a file with comments is saved only once the user agrees that they will be dropped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

import tui.core.save
import tui.ui.app
from tests.app_helpers import (
    OLD,
    Clock,
    copy_of,
    file_app,
    fill,
    focused_table,
    following,
    shows,
    steady_inputs,
    table_text,
    until,
)
from tests.known import amount
from tui.core.loader import default_report_path, load_report
from tui.core.model import Lang, Report
from tui.core.save import SaveError, Snapshot, has_comments, stamp
from tui.ui.app import DashboardApp, FileDashboardApp, make_app
from tui.ui.screens.detail import FigureScreen, SubjectScreen
from tui.ui.screens.edit import AddGiftScreen, EditFigureScreen, FigurePickScreen
from tui.ui.screens.prompt import ChoiceScreen, PathScreen
from tui.widgets.file_bar import FileBar

EDIT = {"value": "190", "raw": "190名", "excerpt": "190名医务工作者投身防控一线"}


def without_comments(folder: Path, name: str = "report.toml") -> Path:
    """A copy of old.toml without its comment line: saving it asks nothing about comments."""
    path = folder / name
    text = OLD.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith("#")))
    assert not has_comments(path.read_text(encoding="utf-8"))
    return path


def problems_shown(app: DashboardApp) -> str:
    return str(app.screen.query_one("#form-problems", Static).render())


def toasts(app: DashboardApp) -> str:
    """The notifications showing now, `title: message` each (Textual keeps them in the app)."""
    return " | ".join(f"{n.title}: {n.message}" for n in app._notifications)


async def open_medical_workers(pilot: Pilot[None], app: DashboardApp) -> EditFigureScreen:
    await pilot.press("2", "enter", "e")  # County Health Commission has one figure
    await until(pilot, lambda: shows(app, EditFigureScreen), "the form")
    screen = app.screen
    assert isinstance(screen, EditFigureScreen)
    return screen


async def edit_medical_workers(pilot: Pilot[None], app: DashboardApp) -> None:
    await open_medical_workers(pilot, app)
    await fill(pilot, app, **EDIT)
    await pilot.press("enter")
    await until(pilot, lambda: app.dirty, "the edit")


async def saved(pilot: Pilot[None], app: DashboardApp) -> None:
    assert isinstance(app, FileDashboardApp)
    await until(pilot, lambda: not app.dirty and not app.session.saving, "the save")


# --- the form -----------------------------------------------------------------------------


async def test_the_form_shows_the_figure_as_it_is(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        screen = await open_medical_workers(pilot, app)
        assert screen.query_one("#value", Input).value == "188"
        assert screen.query_one("#raw", Input).value == "188名"
        assert screen.query_one("#excerpt", Input).value == "188名医务工作者投身防控一线"
        assert "Passes every check" in problems_shown(app)
        assert not screen.query_one("#apply", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SubjectScreen) and not app.dirty


async def test_an_invalid_raw_form_shows_the_problem_and_is_refused(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        before = app.report
        screen = await open_medical_workers(pilot, app)
        await fill(pilot, app, raw="百名")
        shown = problems_shown(app)
        where = "units[0].measures[0].figures[0].raw"
        assert f"As written must start with a number, as in 12.3万余元\n{where}\n" in shown
        assert screen.problems and all(p.startswith(where) for p in screen.problems)
        assert screen.query_one("#apply", Button).disabled
        await pilot.press("enter")  # refused: the form stays, nothing changes
        await pilot.pause()
        assert app.screen is screen
        assert app.report is before and not app.dirty
        assert "Not applied" in toasts(app)
        await pilot.press("ctrl+s")  # refused too: nothing is applied, nothing saved
        await pilot.pause()
        assert app.screen is screen and not app.dirty
        # As the raw form is put right, the verdict follows.
        await fill(pilot, app, raw="188名")
        assert "Passes every check" in problems_shown(app)
        assert not screen.query_one("#apply", Button).disabled


async def test_a_value_that_is_no_number_or_disagrees_is_refused(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        screen = await open_medical_workers(pilot, app)
        await fill(pilot, app, value="lots")
        assert screen.problems == [
            "units[0].measures[0].figures[0].value: not a number "
            "(expected e.g. 123000 or 0.5, got 'lots')"
        ]
        await fill(pilot, app, value="189")
        assert screen.problems == [
            "units[0].measures[0].figures[0].value: does not match raw form '188名' "
            "(expected 188, got 189)"
        ]
        await fill(pilot, app, value="188", lower_bound=True)
        assert screen.problems == [
            "units[0].measures[0].figures[0].lower_bound: does not match raw form '188名', "
            "which has no 余 (expected false, got true)"
        ]


async def test_the_value_follows_the_raw_form_until_one_is_typed(tmp_path: Path) -> None:
    from textual.widgets import Checkbox

    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        screen = await open_medical_workers(pilot, app)

        def value() -> str:
            return screen.query_one("#value", Input).value

        await fill(pilot, app, raw="190余名")
        assert value() == "190" and screen.query_one("#lower-bound", Checkbox).value
        await fill(pilot, app, raw="1.9万名")
        assert value() == "19000" and not screen.query_one("#lower-bound", Checkbox).value
        await fill(pilot, app, raw="百名")  # no number in it: the value stays
        assert value() == "19000"
        await fill(pilot, app, value="7", raw="190名")  # typed: the raw form leaves it
        assert value() == "7"


async def test_a_gift_s_amount_follows_its_raw_form(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path, size=(100, 36)) as (app, pilot):
        await pilot.press("4", "a")
        await until(pilot, lambda: shows(app, AddGiftScreen), "the form")
        screen = app.screen
        assert isinstance(screen, AddGiftScreen)
        await fill(pilot, app, raw="12.3万余元")
        assert screen.query_one("#value", Input).value == "123000"
        await fill(pilot, app, raw="0.5万元")
        assert screen.query_one("#value", Input).value == "5000"
        # A qualifier a figure cannot state, or a number not fully read, proposes nothing.
        await fill(pilot, app, raw="约2万元")
        assert screen.query_one("#value", Input).value == "5000"
        assert "约2万元 says about 20,000: Value can only be exact or a lower bound" in (
            problems_shown(app)
        )
        await fill(pilot, app, value="", raw="2x3万元")
        assert screen.query_one("#value", Input).value == ""
        shown = problems_shown(app)
        assert "No value proposed: 2x3万元 cannot be read as a number" in shown, shown
        assert "As written must be a number read in full (cannot read the number after '2')" in (
            shown
        )
        assert any(
            line.endswith(
                ".raw: raw form '2x3万元': cannot read the number after '2'; no value proposed"
            )
            for line in screen.problems
        ), screen.problems
        await fill(pilot, app, raw="约2万元")
        assert "No value proposed: 约2万元 says about 20,000, which a figure cannot state" in (
            problems_shown(app)
        )


async def test_why_no_value_was_proposed_shows_before_the_value_is_typed(
    tmp_path: Path,
) -> None:
    """A new form names the value as still to fill in; why the raw form proposed none is
    said at once, in the language of the labels."""
    path = without_comments(tmp_path)
    for lang, said in (
        ("en", "No value proposed: 约2万元 says about 20,000, which a figure cannot state"),
        ("zh", "未填入数值:约2万元 含“约”,数值只能是确数或下限"),
    ):
        async with following(path, size=(100, 36), lang=lang) as (app, pilot):
            await pilot.press("4", "a")
            await until(pilot, lambda: shows(app, AddGiftScreen), "the form")
            await fill(pilot, app, raw="约2万元")
            shown = problems_shown(app)
            assert app.screen.query_one("#value", Input).value == ""
            assert said in shown, shown


async def test_edit_save_and_reload_round_trip_the_value(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    original = path.read_bytes()
    clock = Clock()
    async with following(path, clock=clock) as (app, pilot):
        assert app.report.figure("medical-workers").value == 188
        await edit_medical_workers(pilot, app)
        assert app.report.figure("medical-workers").value == 190
        assert isinstance(app.screen, SubjectScreen)
        assert "190 people" in app.screen.text  # the detail shows the edit at once
        bar = app.screen.query_one(FileBar)
        assert "unsaved changes" in bar.render().plain
        assert path.read_bytes() == original  # nothing written before ctrl+s
        await pilot.press("ctrl+s")
        await saved(pilot, app)
        assert "unsaved" not in bar.render().plain
        assert f"Saved {path} (backup report.toml.bak)" in toasts(app)
        assert "saved 12:00" in bar.render().plain
        on_disk = load_report(path)
        assert on_disk == app.report
        figure = on_disk.figure("medical-workers")
        assert (figure.value, figure.raw, figure.excerpt) == (190, "190名", EDIT["excerpt"])
        backup = path.with_name("report.toml.bak")
        assert backup.read_bytes() == original
        # `r` reads the saved file: it is taken on (the time of the last load moves on), and
        # it holds the edit, with nothing left to save.
        clock.now = datetime(2020, 2, 27, 12, 5, 30)
        await pilot.press("r")
        await until(pilot, lambda: app.file_state.loaded_at == "12:05:30", "the reload")
        assert app.stamp == stamp(path)
        assert app.report.figure("medical-workers").value == 190
        assert not app.dirty and not app.file_state.problems
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
    # And a new dashboard that loads the file itself (where the file had 188) starts with it.
    app2 = make_app(None, path=path)
    async with app2.run_test(size=(100, 30)) as pilot2:
        await until(pilot2, lambda: not app2.loading, "the first load")
        assert app2.report.figure("medical-workers").value == 190


async def test_ctrl_s_in_the_form_applies_and_saves(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await open_medical_workers(pilot, app)
        await fill(pilot, app, **EDIT)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: load_report(path).figure("medical-workers").value == 190, "save")
        await saved(pilot, app)
        assert isinstance(app.screen, SubjectScreen)


async def test_a_unit_with_several_figures_asks_which(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("2", "j", "enter", "e")  # the urban management bureau: two figures
        await until(pilot, lambda: shows(app, FigurePickScreen), "the picker")
        await pilot.press("j", "enter")
        await until(pilot, lambda: shows(app, EditFigureScreen), "the form")
        screen = app.screen
        assert isinstance(screen, EditFigureScreen)
        assert screen.figure.id == "refuse-tonnes"
        await fill(pilot, app, value="7000", raw="0.7万余吨", excerpt="清理垃圾0.7万余吨")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the edit")
        assert app.report.figure("refuse-tonnes").value == 7000


async def test_a_figure_detail_edits_its_figure(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("4", "enter")  # the first gift's amount
        await pilot.pause()
        assert isinstance(app.screen, FigureScreen)
        figure_id = app.screen.figure.id
        await pilot.press("e")
        await until(pilot, lambda: shows(app, EditFigureScreen), "the form")
        assert isinstance(app.screen, EditFigureScreen) and app.screen.figure.id == figure_id


async def test_without_a_file_there_is_no_editing(report: Report) -> None:
    app = make_app(report)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        shown = {k for k, b in app.active_bindings.items() if b.binding.show}
        assert "e" not in shown
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, SubjectScreen)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is app.main_screen


async def test_keys_of_a_file_show_in_the_footer_where_they_apply(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):

        def shown() -> set[str]:
            return {k for k, b in app.active_bindings.items() if b.binding.show}

        assert {"r", "ctrl+s"} <= shown()
        assert app.active_bindings["ctrl+s"].enabled is False  # nothing to save yet
        assert "a" not in shown()
        await pilot.press("4")
        await pilot.pause()
        assert "a" in shown()
        await pilot.press("enter")
        await pilot.pause()
        assert "e" in shown()


# --- adding a gift --------------------------------------------------------------------------


async def test_a_adds_a_gift_that_saves_and_loads_back(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path, size=(100, 36)) as (app, pilot):
        await pilot.press("4", "a")
        await until(pilot, lambda: shows(app, AddGiftScreen), "the form")
        screen = app.screen
        assert isinstance(screen, AddGiftScreen)
        screen.query_one("#donor", Select).value = "duowa"
        await pilot.pause()
        screen.query_one("#form", Select).value = "goods"
        await pilot.pause()
        await fill(
            pilot,
            app,
            label_zh="捐赠物资",
            label_en="goods given",
            raw="5000余元",
            value="5000",
            excerpt="多哇镇捐赠物资5000余元",
        )
        assert "Passes every check" in problems_shown(app), problems_shown(app)
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the gift")
        gift = app.report.donations[-1]
        assert (gift.id, gift.donor, gift.form) == ("gift-duowa", "duowa", "goods")
        figure = amount(app.report, gift)
        assert (figure.value, figure.lower_bound, figure.unit) == (5000, True, "yuan")
        assert app.report.owner_of_figure[figure.id].id == "duowa"
        table = focused_table(app)
        assert table.id == "gifts" and table.cursor_item == gift
        assert "≥ ¥5,000" in table_text(table)
        await pilot.press("ctrl+s")
        await saved(pilot, app)
        assert load_report(path) == app.report


async def test_a_gift_with_a_bad_amount_is_refused(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path, size=(100, 36)) as (app, pilot):
        await pilot.press("4", "a")
        await until(pilot, lambda: shows(app, AddGiftScreen), "the form")
        await fill(
            pilot, app, label_zh="捐款", label_en="cash", raw="若干元", value="1", excerpt="若干元"
        )
        screen = app.screen
        assert isinstance(screen, AddGiftScreen)
        assert any("raw form does not start with a number" in p for p in screen.problems)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and not app.dirty


async def open_add_gift(pilot: Pilot[None], app: DashboardApp) -> AddGiftScreen:
    await pilot.press("4", "a")
    await until(pilot, lambda: shows(app, AddGiftScreen), "the form")
    screen = app.screen
    assert isinstance(screen, AddGiftScreen)
    return screen


def selected_text(select: Select[object]) -> str:
    """What a drop-down shows as chosen (not its value: the two can part)."""
    from rich.text import Text as RichText
    from textual.widgets._select import SelectCurrent

    label = select.query_one(SelectCurrent).label
    assert isinstance(label, RichText)
    return label.plain


async def test_changing_the_donor_shows_the_new_donor_s_measures(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path, size=(100, 36)) as (app, pilot):
        screen = await open_add_gift(pilot, app)
        measure = screen.query_one("#measure", Select)
        first = app.report.subjects[0].measures[0].text.en
        assert selected_text(measure) == f"1. {first}"
        screen.query_one("#donor", Select).value = "duowa"
        await pilot.pause()
        duowa = app.report.subject("duowa").measures[0].text.en
        assert selected_text(measure) == f"1. {duowa}"  # not the previous donor's measure
        await fill(pilot, app, label_zh="捐款", label_en="cash", raw="100元", excerpt="捐款100元")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the gift")
        figure = amount(app.report, app.report.donations[-1])
        assert figure in app.report.subject("duowa").measures[0].figures


async def test_a_gift_s_recipient_is_chosen_or_typed(tmp_path: Path) -> None:
    from tui.core.model import Text

    path = without_comments(tmp_path)
    async with following(path, size=(100, 36)) as (app, pilot):
        known = [d.recipient for d in app.report.donations if d.recipient is not None]
        screen = await open_add_gift(pilot, app)
        recipient = screen.query_one("#recipient", Select)
        assert recipient.is_blank()  # the source need not say to whom
        assert not screen.query_one("#recipient-new").display
        recipient.value = "known-0"
        await pilot.pause()
        assert isinstance(known[0], Text)  # the bundled report's gifts name their recipients
        assert selected_text(recipient) == known[0].en
        await fill(pilot, app, label_zh="捐款", label_en="cash", raw="100元", excerpt="捐款100元")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the gift")
        assert app.report.donations[-1].recipient == known[0]
        # A recipient the report does not know yet is typed in both languages.
        screen = await open_add_gift(pilot, app)
        screen.query_one("#recipient", Select).value = "new"
        await pilot.pause()
        assert screen.query_one("#recipient-new").display
        await fill(pilot, app, label_zh="捐款", label_en="cash", raw="200元", excerpt="捐款200元")
        assert "Recipient (中文)" in problems_shown(app)  # still to fill in
        await fill(pilot, app, recipient_zh="县医院", recipient_en="the county hospital")
        await pilot.press("enter")
        await until(pilot, lambda: len(app.report.donations) == len(known) + 2, "the gift")
        assert app.report.donations[-1].recipient == Text(zh="县医院", en="the county hospital")


async def test_a_blank_gift_form_shows_no_error_before_anything_is_typed(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path, size=(100, 36)) as (app, pilot):
        screen = await open_add_gift(pilot, app)
        shown = problems_shown(app)
        assert "not a number" not in shown and "must" not in shown, shown
        assert (
            "Still to fill in: Label (中文), Label (English), As written, Value, Excerpt" in shown
        )
        assert screen.query_one("#apply", Button).disabled  # nothing to apply yet
        await fill(pilot, app, label_zh="捐款")
        shown = problems_shown(app)
        assert "must" not in shown and "Label (中文)" not in shown, shown
        assert "Still to fill in: Label (English), As written, Value, Excerpt" in shown
        await fill(pilot, app, raw="若干元")  # typed, and wrong: said at once
        assert "As written must start with a number" in problems_shown(app)
        await pilot.press("enter")  # asked to apply: every field is checked now
        await pilot.pause()
        shown = problems_shown(app)
        assert "Label (English) must not be blank" in shown and "Still to fill in" not in shown
        assert app.screen is screen and not app.dirty


async def test_form_errors_read_as_sentences_with_the_path_dimmed(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    for lang, said in (
        ("en", "Value must match 188名 (= 188)"),
        ("zh", "数值须与原文写法 188名 相符(= 188)"),
    ):
        async with following(path, lang=lang) as (app, pilot):
            await open_medical_workers(pilot, app)
            await fill(pilot, app, value="189")
            content = app.screen.query_one("#form-problems", Static).render()
            assert isinstance(content, Content)
            lines = content.plain.splitlines()
            where = "units[0].measures[0].figures[0].value"
            assert lines[:2] == [said, where]
            start = content.plain.index(where)
            styles = [str(s.style) for s in content.spans if s.start <= start < s.end]
            assert "$foreground-muted" in styles, styles
            await pilot.press("enter")
            await pilot.pause()
            assert said in toasts(app)


async def test_an_excerpt_unrelated_to_the_measure_is_warned_of(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        screen = await open_medical_workers(pilot, app)
        await fill(pilot, app, excerpt="188名医务工作者S-TabS-Ta188")
        shown = problems_shown(app)
        assert "Warning: the excerpt is not in the measure's Chinese text" in shown, shown
        assert "Passes every check" in shown  # a warning: check itself lets it pass
        assert not screen.query_one("#apply", Button).disabled
        await fill(pilot, app, excerpt="188名医务工作者投身防控一线")
        assert "not in the measure" not in problems_shown(app)


async def test_after_apply_the_new_gift_is_selected(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path, size=(100, 36)) as (app, pilot):
        await open_add_gift(pilot, app)
        await fill(pilot, app, label_zh="捐款", label_en="cash", raw="100元", excerpt="捐款100元")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the gift")
        table = focused_table(app)
        assert table.id == "gifts"
        assert table.cursor_item == app.report.donations[-1]


async def test_the_drop_down_has_a_border_of_its_own(tmp_path: Path) -> None:
    """Opened over the fields below it, a drop-down is framed: its options do not read as
    the text of those fields (the snapshot below shows it)."""
    from textual.widgets._select import SelectOverlay

    async with following(without_comments(tmp_path), size=(100, 36)) as (app, pilot):
        screen = await open_add_gift(pilot, app)
        screen.query_one("#donor", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        overlay = screen.query_one("#donor", Select).query_one(SelectOverlay)
        assert overlay.display
        edges = (overlay.styles.border_top, overlay.styles.border_left)
        assert all(kind not in ("", "none", "hidden") for kind, _ in edges), edges


# --- quitting -------------------------------------------------------------------------------


async def test_quitting_with_unsaved_changes_asks_first(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    original = path.read_bytes()
    async with following(path) as (app, pilot):
        await edit_medical_workers(pilot, app)
        await pilot.press("q")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")
        assert "Unsaved changes" in str(app.screen.query_one(".prompt-box").border_title)
        await pilot.press("q")  # not an answer: the question stays
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.is_running
        await pilot.press("escape")  # cancel: still running, still unsaved
        await pilot.pause()
        assert app.is_running and app.dirty
        await pilot.press("q")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")
        await pilot.press("d")  # discard
        await until(pilot, lambda: not app.is_running, "the exit")
    assert path.read_bytes() == original


async def test_quitting_with_save_saves_then_quits(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await edit_medical_workers(pilot, app)
        await pilot.press("q")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")
        await pilot.press("s")
        await until(pilot, lambda: not app.is_running, "the exit")
    assert load_report(path).figure("medical-workers").value == 190


async def test_quitting_without_changes_asks_nothing(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the exit")


# --- the file changed on disk ----------------------------------------------------------------


async def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await edit_medical_workers(pilot, app)
        theirs = path.read_text(encoding="utf-8").replace("119", "120")
        path.write_text(theirs, encoding="utf-8")
        await until(pilot, lambda: app.file_state.disk_changed, "the change on disk")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")
        box = app.screen.query_one(".prompt-box")
        assert "changed on disk" in str(box.border_title)
        assert "changed on disk since it was loaded; not saved" in " ".join(
            str(s.render()) for s in app.screen.query(".prompt-line")
        )
        assert path.read_text(encoding="utf-8") == theirs  # untouched
        assert app.dirty
        # Save under another name: the edits go there, the changed file stays theirs.
        await pilot.press("a")
        await until(pilot, lambda: shows(app, PathScreen), "the file name")
        other = tmp_path / "mine.toml"
        app.screen.query_one("#path-input", Input).value = str(other)
        await pilot.press("enter")
        await until(pilot, lambda: other.exists() and not app.dirty, "the save as")
        assert load_report(other).figure("medical-workers").value == 190
        assert load_report(path).figure("duowa-grid-workers").value == 120
        assert app.path == other
        assert app.file_state.path == str(other)
        assert "mine.toml" in app.screen.query_one(FileBar).render().plain
        # From now on the new file is the one followed.
        other.write_text(other.read_text(encoding="utf-8").replace("190", "195"))
        await until(pilot, lambda: app.report.figure("medical-workers").value == 195, "follow")


async def test_after_a_conflict_reload_drops_the_edits(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await edit_medical_workers(pilot, app)
        path.write_text(path.read_text(encoding="utf-8").replace("119", "121"))
        await until(pilot, lambda: app.file_state.disk_changed, "the change on disk")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")
        await pilot.press("r")
        await until(
            pilot, lambda: app.report.figure("duowa-grid-workers").value == 121, "the reload"
        )
        assert not app.dirty and not app.file_state.disk_changed
        assert app.report.figure("medical-workers").value == 188


async def test_r_with_unsaved_changes_asks_first(tmp_path: Path) -> None:
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await edit_medical_workers(pilot, app)
        await pilot.press("escape", "r")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")
        await pilot.press("escape")
        await pilot.pause()
        assert app.dirty and app.report.figure("medical-workers").value == 190
        await pilot.press("r")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")
        await pilot.press("r")
        await until(pilot, lambda: not app.dirty, "the reload")
        assert app.report.figure("medical-workers").value == 188


async def test_a_failed_save_says_why_in_one_line_and_keeps_the_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(report: Report, path: Path, *, expected: object = None) -> None:
        raise SaveError(path, "not saved: No space left on device")

    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await edit_medical_workers(pilot, app)
        monkeypatch.setattr(tui.ui.app, "save_report", failing)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "No space left" in toasts(app), "the message")
        assert isinstance(app, FileDashboardApp)
        assert app.dirty and not app.session.saving
        assert "Traceback" not in toasts(app)


async def test_a_reload_that_lands_after_a_save_does_not_undo_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reload read the file (188) just before a save of 190 and lands after it: it must not
    # put 188 back on screen, marked clean, with the stamp of 188 (the next save would then
    # be refused as a conflict).
    hold, read, go_on = threading.Event(), threading.Event(), threading.Event()
    real = tui.core.save.load_snapshot

    def held(path: Path) -> Snapshot:
        snapshot = real(path)
        if hold.is_set():
            read.set()
            go_on.wait(30)
        return snapshot

    monkeypatch.setattr(tui.ui.app, "load_snapshot", held)
    path = without_comments(tmp_path)
    async with following(path) as (app, pilot):
        await edit_medical_workers(pilot, app)
        hold.set()
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))  # touched: a reload
        await until(pilot, read.is_set, "the reload to read the file")
        await pilot.press("ctrl+s")
        await saved(pilot, app)
        assert load_report(path).figure("medical-workers").value == 190
        hold.clear()
        go_on.set()  # the reload lands now, after the save
        await until(
            pilot,
            lambda: not any(w.group == "reload" and w.is_running for w in app.workers),
            "the reload to land",
        )
        await pilot.pause()
        assert app.report.figure("medical-workers").value == 190
        assert not app.dirty
        assert app.stamp is not None and app.stamp.same_content(stamp(path))
        # and the next save is no conflict
        await pilot.press("2", "enter", "e")
        await fill(pilot, app, value="191", raw="191名", excerpt="191名")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the second edit")
        await pilot.press("ctrl+s")
        await saved(pilot, app)
        assert not isinstance(app.screen, ChoiceScreen)
        assert load_report(path).figure("medical-workers").value == 191


async def test_ctrl_s_on_the_bundled_report_saves_as_a_file_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = default_report_path()
    original = bundled.read_bytes()
    backup = bundled.with_name(bundled.name + ".bak")
    had_backup = backup.exists()
    monkeypatch.chdir(tmp_path)
    try:
        async with following(bundled, size=(120, 36)) as (app, pilot):
            bar = app.screen.query_one(FileBar)
            assert bar.render().plain.startswith(str(bundled))
            await pilot.press("w")  # save as proposes the current folder, not the package's
            await until(pilot, lambda: isinstance(app.screen, PathScreen), "the file name")
            assert app.screen.query_one("#path-input", Input).value == "./report.toml"
            await pilot.press("escape")
            await pilot.press("5", "enter", "e")  # the first figure of the Figures pane
            await until(pilot, lambda: isinstance(app.screen, EditFigureScreen), "the form")
            await pilot.press("enter")
            await until(pilot, lambda: app.dirty, "the edit")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, PathScreen), "the file name")
            assert "bundled report is read-only" in str(
                app.screen.query_one(".prompt-line", Static).render()
            )
            assert app.screen.query_one("#path-input", Input).value == "./report.toml"
            await pilot.press("enter")
            await saved(pilot, app)
            assert bundled.read_bytes() == original
            assert backup.exists() == had_backup
            assert load_report(tmp_path / "report.toml") == app.report
            assert app.path == Path("report.toml")
            assert "Saved: Saved ./report.toml" in toasts(app)
            assert bar.render().plain.startswith("./report.toml  ·  saved 12:00")
            # From now on ctrl+s saves to that file, with a backup.
            await pilot.press("escape", "escape", "enter", "e")
            await until(pilot, lambda: isinstance(app.screen, EditFigureScreen), "the form")
            # A shorter excerpt, still around its raw form: the bundled report carries its
            # source, and an excerpt must stay a part of it.
            raw = app.screen.query_one("#raw", Input).value
            excerpt = app.screen.query_one("#excerpt", Input).value
            assert raw in excerpt and raw != excerpt
            shorter = excerpt[:-1] if excerpt.startswith(raw) else excerpt[1:]
            await fill(pilot, app, excerpt=shorter)
            await pilot.press("enter")
            await until(pilot, lambda: app.dirty, "the second edit")
            await pilot.press("ctrl+s")
            await saved(pilot, app)
            assert "Saved ./report.toml (backup report.toml.bak)" in toasts(app)
            assert (tmp_path / "report.toml.bak").exists()
    finally:  # whatever went wrong, the package is left as it was
        if bundled.read_bytes() != original:
            bundled.write_bytes(original)
        if backup.exists() and not had_backup:
            backup.unlink()
    assert bundled.read_bytes() == original


# --- comments -------------------------------------------------------------------------------


async def test_a_file_with_comments_asks_before_the_first_save(tmp_path: Path) -> None:
    path = copy_of(OLD, tmp_path)  # old.toml starts with a comment line
    original = path.read_bytes()
    async with following(path) as (app, pilot):
        assert app.comment_lines == (1,)
        await edit_medical_workers(pilot, app)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the warning")
        lines = " ".join(str(s.render()) for s in app.screen.query(".prompt-line"))
        assert "has comments (line 1)" in lines and "report.toml.bak" in lines
        await pilot.press("escape")  # cancelled: nothing written
        await pilot.pause()
        assert path.read_bytes() == original and app.dirty
        await pilot.press("ctrl+s")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the warning")
        await pilot.press("s")
        await saved(pilot, app)
        assert not has_comments(path.read_text(encoding="utf-8"))
        assert path.with_name("report.toml.bak").read_bytes() == original
        # The next save does not ask again.
        await pilot.press("2", "enter", "e")
        await fill(pilot, app, value="191", raw="191名", excerpt="191名")
        await pilot.press("enter")
        await until(pilot, lambda: app.dirty, "the second edit")
        await pilot.press("ctrl+s")
        await saved(pilot, app)
        assert load_report(path).figure("medical-workers").value == 191


# --- looks ------------------------------------------------------------------------------------


def relative(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`path` from its folder, made the current one: the file bar shows the path as given,
    which a temporary folder would make different at each run."""
    monkeypatch.chdir(path.parent)
    return Path(path.name)


def edit_form_with_a_problem(snap_compare: Callable[..., bool], path: Path, lang: Lang) -> bool:
    app = file_app(path, lang=lang)

    async def open_form(pilot: Pilot[None]) -> None:
        await pilot.press("2", "enter", "e")
        await fill(pilot, app, raw="190名")
        steady_inputs(app)
        await pilot.pause()

    return snap_compare(app, run_before=open_form, terminal_size=(80, 24))


def test_snapshot_the_edit_form_with_a_problem(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit form of a figure whose raw form no longer agrees with its value: the fields,
    the problem line under them and the form's footer."""
    path = relative(without_comments(tmp_path), monkeypatch)
    assert edit_form_with_a_problem(snap_compare, path, "en")


def test_snapshot_the_edit_form_in_chinese(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same form and problem in Chinese: labels, the problem as a sentence over its key
    path, and footer."""
    path = relative(without_comments(tmp_path), monkeypatch)
    assert edit_form_with_a_problem(snap_compare, path, "zh")


def test_snapshot_the_add_gift_form(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The add-gift form in Chinese, partly filled: the amount filled in from the raw form."""
    app = file_app(relative(without_comments(tmp_path), monkeypatch), lang="zh")

    async def open_form(pilot: Pilot[None]) -> None:
        await pilot.press("4", "a")
        await fill(pilot, app, label_zh="捐赠物资", label_en="goods given", raw="5000余元")
        steady_inputs(app)
        await pilot.pause()

    assert snap_compare(app, run_before=open_form, terminal_size=(80, 24))


def test_snapshot_the_question_on_quit(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`q` with unsaved changes: the question and its choices over the detail."""
    app = file_app(relative(without_comments(tmp_path), monkeypatch))

    async def edit_and_quit(pilot: Pilot[None]) -> None:
        await edit_medical_workers(pilot, app)
        await pilot.press("escape", "q")
        await until(pilot, lambda: shows(app, ChoiceScreen), "the question")

    assert snap_compare(app, run_before=edit_and_quit, terminal_size=(80, 24))


def test_snapshot_the_add_gift_form_with_an_error_in_chinese(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sentence in Chinese, its key path dimmed below it, and the fields still to fill in."""
    app = file_app(relative(without_comments(tmp_path), monkeypatch), lang="zh")

    async def open_form(pilot: Pilot[None]) -> None:
        await pilot.press("4", "a")
        await fill(pilot, app, label_zh="捐赠物资", raw="若干元")
        steady_inputs(app)
        await pilot.pause()

    assert snap_compare(app, run_before=open_form, terminal_size=(80, 24))


def test_snapshot_an_open_drop_down(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = file_app(relative(without_comments(tmp_path), monkeypatch))

    async def open_menu(pilot: Pilot[None]) -> None:
        await pilot.press("4", "a")
        await until(pilot, lambda: app.screen.has_class("form-screen"), "the form")
        app.screen.query_one("#donor", Select).focus()
        await pilot.press("enter")
        steady_inputs(app)
        await pilot.pause()

    assert snap_compare(app, run_before=open_menu, terminal_size=(80, 24))
