"""Forms that change the report: edit a figure, add a gift, and pick which figure to edit.

A form checks what is typed as it is typed, with the rules of `check` (`tui.core.edit`), and
shows the problem lines of the edited figure (`units[3].measures[0].figures[1].raw: …`);
while there is any, the edit is refused. `enter` applies the edit to the report on screen
(marked unsaved); `ctrl+s` applies it and saves the file; `escape` cancels. A form dismisses
with an `EditResult` (the edited report), or None.

Data text is shown through the sanitising boundary. A field that holds control characters
shows them as visible escapes; left as shown, the field keeps its exact original text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...core.edit import add_gift, figure_path, figure_problems, parse_number, proposal
from ...core.format import format_figure
from ...core.model import DONATION_FORMS, Figure, Lang, Number, Report, Text, changed
from ...core.safe import visible_line
from ...core.validate import show
from ...widgets.footer import LocalFooter
from ...widgets.table import Column, ReportTable
from ...widgets.text import safe_line, ui, ui_label
from ..keys import bindings


@dataclass(frozen=True, slots=True)
class EditResult:
    """An edit that passed the check: the edited report, and whether to save it at once."""

    report: Report
    figure_id: str
    #: The report the form started from: an edit applies only while it is still on screen.
    base: Report
    save: bool = False


def _number_text(value: Number) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def _row(label: str, field: Widget) -> Horizontal:
    return Horizontal(Label(Content(label), classes="form-label"), field, classes="form-row")


class FormScreen(ModalScreen[EditResult | None]):
    """The frame of a form: fields, the check's verdict, Apply and Cancel, and the keys."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("form")

    def __init__(self, report: Report, *, lang: Lang = "en", id: str | None = None) -> None:
        super().__init__(id=id, classes="form-screen")
        self.report = report
        self.lang: Lang = lang
        #: The problem lines of what the fields hold now; empty when it passes the check.
        self.problems: list[str] = []
        self._edited: Report | None = None
        self._figure_id = ""
        #: What the value field held before the raw form last filled it in (see
        #: `_follow_raw`), and what it filled in; None before it ever has.
        self._value_before = ""
        self._value_filled: str | None = None
        #: Why the raw form proposes no value (unreadable, or a qualifier a figure cannot
        #: state); empty when it proposes one.
        self.raw_note = ""

    # --- what a form defines --------------------------------------------------------------
    def form_title(self) -> str:
        raise NotImplementedError

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def candidate(self) -> tuple[Report | None, str, list[str]]:
        """The report the fields make, the id of the figure edited, and its problems."""
        raise NotImplementedError

    # --- the frame ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box") as box:
            box.border_title = Content(safe_line(self.form_title()))
            yield from self.fields()
            yield Static(Content(""), id="form-problems")
            with Horizontal(classes="form-buttons"):
                yield Button(Content(ui("apply", self.lang)), id="apply", compact=True)
                yield Button(Content(ui("cancel", self.lang)), id="cancel", compact=True)
            yield Static(Content(ui("form_keys", self.lang)), classes="form-keys")
        yield LocalFooter()

    def on_mount(self) -> None:
        self._remember_value(self.query_one("#value", Input).value)
        self.check()

    def check(self) -> None:
        """Check what the fields hold and show the verdict."""
        self._edited, self._figure_id, self.problems = self.candidate()
        if self.raw_note and self._edited is None:
            # No value, so the check never reached the raw form: say why none was filled in.
            self.problems = [*self.problems, self.raw_note]
        verdict = self.query_one("#form-problems", Static)
        if self.problems:
            verdict.update(
                Content("\n").join(
                    Content.styled(safe_line(line), "$text-error") for line in self.problems
                )
            )
        else:
            verdict.update(Content.styled(ui("valid", self.lang), "$text-success"))
        self.query_one("#apply", Button).disabled = bool(self.problems)

    def _remember_value(self, value: str) -> None:
        """Say what the value field holds at first: the raw form fills it in only while it
        holds that, or what the raw form last filled in (never what was typed there)."""
        self._value_before = value

    def _follow_raw(self, raw: str) -> None:
        """Fill the value field in from the raw form, while nobody has typed a value: a raw
        form that reads as a number (`5000余元`, `12.3万元`, `四个`) gives the value, and
        `余` the lower bound, where the form has a box for it. A raw form that cannot be
        read, or says what a figure cannot state (`约2万人`), proposes nothing, and the
        form says why (`raw_note`)."""
        parsed, self.raw_note = proposal(raw)
        value = self.query_one("#value", Input)
        if parsed is None or value.value not in (self._value_before, self._value_filled):
            return
        filled = format(parsed.value.normalize(), "f")
        self._value_filled = value.value = filled
        for box in self.query("#lower-bound").results(Checkbox):
            box.value = parsed.lower_bound

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "raw":
            self._follow_raw(event.value)
        self.check()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.check()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.check()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_apply(False)
        else:
            self.action_cancel()

    def action_apply(self, save: bool = False) -> None:
        """Apply the edit when it passes the check; say why not when it does not."""
        self.check()
        if self.problems or self._edited is None:
            self.notify(
                self.problems[0] if self.problems else ui("nothing_to_apply", self.lang),
                title=ui("check_fails", self.lang),
                severity="error",
                markup=False,
            )
            return
        self.dismiss(EditResult(self._edited, self._figure_id, self.report, save))

    def action_cancel(self) -> None:
        self.dismiss(None)


class EditFigureScreen(FormScreen):
    """Edit a figure's value, raw form, lower bound and excerpt."""

    def __init__(self, report: Report, figure_id: str, *, lang: Lang = "en") -> None:
        super().__init__(report, lang=lang, id="edit-figure")
        self.figure = report.figure(figure_id)
        self.path = figure_path(report, figure_id)
        figure = self.figure
        # What each field shows at first; a field left so keeps the figure's exact text.
        self.shown = {
            "value": _number_text(figure.value),
            "raw": visible_line(figure.raw),
            "excerpt": visible_line(figure.excerpt),
        }

    def form_title(self) -> str:
        label = self.figure.label.get(self.lang)
        value = format_figure(self.figure, self.lang)
        return ui("edit_title", self.lang, label=label, value=value)

    def fields(self) -> ComposeResult:
        lang, shown = self.lang, self.shown
        yield _row(ui("value_input", lang), Input(shown["value"], id="value", compact=True))
        yield _row(ui("raw_input", lang), Input(shown["raw"], id="raw", compact=True))
        yield _row(
            "",
            Checkbox(
                Content(ui("bound_box", lang)),
                self.figure.lower_bound,
                id="lower-bound",
                compact=True,
            ),
        )
        yield _row(ui("excerpt_input", lang), Input(shown["excerpt"], id="excerpt", compact=True))

    def _text(self, field: str, original: str) -> str:
        typed = self.query_one(f"#{field}", Input).value
        return original if typed == self.shown[field] else typed

    def candidate(self) -> tuple[Report | None, str, list[str]]:
        figure = self.figure
        typed = self.query_one("#value", Input).value
        value = figure.value if typed == self.shown["value"] else parse_number(typed)
        if value is None:
            return (
                None,
                figure.id,
                [
                    f"{self.path}.value: not a number "
                    f"(expected e.g. 123000 or 0.5, got {show(typed) if typed else 'nothing'})"
                ],
            )
        edited = changed(
            figure,
            value=value,
            raw=self._text("raw", figure.raw),
            lower_bound=self.query_one("#lower-bound", Checkbox).value,
            excerpt=self._text("excerpt", figure.excerpt),
        )
        report = self.report.with_figure(edited)
        return report, figure.id, figure_problems(report, figure.id)


class AddGiftScreen(FormScreen):
    """Add an itemised gift: donor, the donor's measure it belongs to, form, amount, excerpt."""

    def __init__(self, report: Report, *, lang: Lang = "en") -> None:
        super().__init__(report, lang=lang, id="add-gift")

    def form_title(self) -> str:
        return ui("add_gift", self.lang)

    def _donors(self) -> list[tuple[RichText, str]]:
        return [
            (RichText(safe_line(s.name.get(self.lang)), no_wrap=True, overflow="ellipsis"), s.id)
            for s in self.report.subjects
        ]

    def _measures(self, donor: str) -> list[tuple[RichText, int]]:
        subject = self.report.subjects_by_id.get(donor)
        measures = subject.measures if subject is not None else ()
        return [
            (
                RichText(
                    f"{n + 1}. {safe_line(m.text.get(self.lang))}",
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                n,
            )
            for n, m in enumerate(measures)
        ]

    def fields(self) -> ComposeResult:
        lang = self.lang
        donors = self._donors()
        first = donors[0][1] if donors else ""
        forms = [(RichText(name.pick(lang)), form) for form, name in DONATION_FORMS.items()]
        yield _row(
            ui("donor", lang),
            Select(donors, allow_blank=False, id="donor", compact=True),
        )
        yield _row(
            ui("measure_input", lang),
            Select(self._measures(first), allow_blank=False, id="measure", compact=True),
        )
        yield _row(ui("form", lang), Select(forms, allow_blank=False, id="form", compact=True))
        yield _row(ui("label_zh", lang), Input(id="label-zh", compact=True))
        yield _row(ui("label_en", lang), Input(id="label-en", compact=True))
        yield _row(ui("raw_input", lang), Input(placeholder="1.9万元", id="raw", compact=True))
        yield _row(ui("value_input", lang), Input(placeholder="19000", id="value", compact=True))
        yield _row(ui("excerpt_input", lang), Input(id="excerpt", compact=True))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "donor" and isinstance(event.value, str):
            measures = self.query_one("#measure", Select)
            options = self._measures(event.value)
            measures.set_options(options)
        self.check()

    def candidate(self) -> tuple[Report | None, str, list[str]]:
        donor = self.query_one("#donor", Select).value
        measure = self.query_one("#measure", Select).value
        form = self.query_one("#form", Select).value
        typed = self.query_one("#value", Input).value
        value = parse_number(typed)
        where = f"donations[{len(self.report.donations)}]"
        if not isinstance(donor, str) or not isinstance(measure, int):
            return None, "", [f"{where}.donor: choose a donor and one of its measures"]
        if value is None:
            return (
                None,
                "",
                [
                    "value: not a number "
                    f"(expected e.g. 19000 or 0.5, got {show(typed) if typed else 'nothing'})"
                ],
            )
        report = add_gift(
            self.report,
            donor=donor,
            measure=measure,
            form=form if isinstance(form, str) else "cash",
            label=Text(
                zh=self.query_one("#label-zh", Input).value,
                en=self.query_one("#label-en", Input).value,
            ),
            value=value,
            raw=self.query_one("#raw", Input).value,
            excerpt=self.query_one("#excerpt", Input).value,
        )
        figure_id = report.donations[-1].figure
        return report, figure_id, figure_problems(report, figure_id)


PICK_COLUMNS: tuple[Column[Figure], ...] = (
    Column("figure", ui_label("figure"), lambda f, lang: f.label.get(lang), flex=True),
    Column("value", ui_label("value"), format_figure, align="right", max_width=20, min_width=20),
    Column("raw", ui_label("raw"), lambda f, lang: f.raw, max_width=14),
)


class FigurePickScreen(ModalScreen[str | None]):
    """Pick one of a unit's figures to edit: `enter` picks, `escape` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("add_form")

    def __init__(self, figures: Sequence[Figure], *, lang: Lang = "en") -> None:
        super().__init__(id="pick-figure", classes="form-screen")
        self.figures = tuple(figures)
        self.lang: Lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box pick-box") as box:
            box.border_title = Content(ui("pick_figure", self.lang))
            yield ReportTable(PICK_COLUMNS, self.figures, lang=self.lang, id="pick-table")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.query_one(ReportTable).focus()

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        self.dismiss(event.item.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
