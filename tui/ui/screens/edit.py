"""Forms that change the report: edit a figure, add a gift, and pick which figure to edit.

A form checks what is typed as it is typed, with the rules of `check` (`tui.core.edit`), and
says each problem of the edited figure as a sentence in the language of the labels (`Value
must match 119名 (= 119)`, `tui.core.sentences`), its key path dimmed on the line below;
while there is any, the edit is refused. A field of a new form that nobody has typed in yet
is named as still to fill in, not as a mistake, until Apply is asked for. What passes the
check but looks wrong (an excerpt not found in its measure's text) is a warning: shown, and
applied. The value follows the raw form as it is typed; a raw form that cannot be read, or
says what a figure cannot state (`约2万元`), proposes no value, and the form says why.
`enter` applies the edit to the report on screen (marked unsaved); `ctrl+s` applies it and
saves the file; `escape` cancels. A form dismisses with an `EditResult` (the edited report),
or None.

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

from ...core.edit import (
    add_gift,
    figure_findings,
    figure_key_path,
    figure_path,
    figure_warnings,
    finding_line,
    no_value_proposed,
    parse_number,
    proposal,
    value_not_a_number,
)
from ...core.format import format_figure
from ...core.model import DONATION_FORMS, Figure, Lang, Number, Report, Text, changed
from ...core.safe import visible_line
from ...core.sentences import field_key, sentence, text
from ...core.validate import Finding, KeyPath, format_path
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
    #: The id of the gift added, when the form added one (its row is then selected).
    gift_id: str | None = None


def _number_text(value: Number) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def _row(label: str, field: Widget, *, id: str | None = None) -> Horizontal:
    return Horizontal(Label(Content(label), classes="form-label"), field, classes="form-row", id=id)


def _field_id(finding: Finding) -> str:
    """The id of the field a finding is about: `label-en` for `….label.en`."""
    return field_key(finding.path).removeprefix("field_").replace("_", "-")


class FormScreen(ModalScreen[EditResult | None]):
    """The frame of a form: fields, the check's verdict, Apply and Cancel, and the keys."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("form")

    #: The ids of the fields, in the order the form shows them: the verdict follows it.
    FIELD_ORDER: ClassVar[tuple[str, ...]] = ()

    def __init__(self, report: Report, *, lang: Lang = "en", id: str | None = None) -> None:
        super().__init__(id=id, classes="form-screen")
        self.report = report
        self.lang: Lang = lang
        #: The problem lines of what the fields hold now (`key.path: message`); empty when
        #: it passes the check.
        self.problems: list[str] = []
        #: The same, as findings (the form says them as sentences), and what passes the
        #: check but looks wrong (`figure_warnings`): shown, never refused.
        self.findings: list[Finding] = []
        self.warnings: list[Finding] = []
        #: Fields nobody has typed in yet: a blank field of a new form is not a mistake
        #: yet, so its problems wait (they are named as still to fill in) until it is
        #: typed in or Apply is asked for.
        self.untouched: set[str] = set()
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

    def candidate(self) -> tuple[Report | None, str, list[Finding]]:
        """The report the fields make (None when it cannot be made), the id of the figure
        edited, and the findings of the check on it."""
        raise NotImplementedError

    def result(self, report: Report, save: bool) -> EditResult:
        return EditResult(report, self._figure_id, self.report, save)

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

    def _checked(
        self, report: Report, figure_id: str, value: Number | None, path: KeyPath, example: str
    ) -> tuple[Report | None, str, list[Finding]]:
        """The findings on `report`, where the value field held `value` (None: no number;
        `report` then holds 0 in its place, so that the other fields are checked too)."""
        findings = figure_findings(report, figure_id)
        if value is not None:
            return report, figure_id, findings
        typed = self.query_one("#value", Input).value
        # What the check says of the stand-in 0 is not about what was typed.
        others = [f for f in findings if f.path[-1:] != ("value",)]
        said = [value_not_a_number(path, typed, example), *others]
        if self.raw_note:
            # The raw form proposed no value: say why none was filled in, after what the
            # check says of the raw form itself.
            note = no_value_proposed(path, report.figure(figure_id).raw)
            said += [note] if note is not None else []
        return None, figure_id, said

    def check(self) -> None:
        """Check what the fields hold and show the verdict."""
        self._edited, self._figure_id, findings = self.candidate()
        order = {field: n for n, field in enumerate(self.FIELD_ORDER)}
        findings.sort(key=lambda f: order.get(_field_id(f), len(order)))
        self.findings = findings
        self.problems = [finding_line(f) for f in findings]
        self.warnings = (
            figure_warnings(self._edited, self._figure_id) if self._edited is not None else []
        )
        self.query_one("#form-problems", Static).update(self._verdict())
        self.query_one("#apply", Button).disabled = bool(self.problems)

    def _verdict(self) -> Content:
        """Each problem as a sentence with its key path dimmed below it (`$text-muted`,
        "auto 60%", is no colour outside CSS: `$foreground-muted` is the same grey), the
        fields whose problems wait, that it passes, then the warnings."""
        lang = self.lang
        lines: list[Content] = []

        def said(finding: Finding, style: str) -> None:
            lines.append(Content.styled(safe_line(sentence(finding, lang)), style))
            lines.append(Content.styled(format_path(finding.path), "$foreground-muted"))

        waiting: dict[str, None] = {}
        for finding in self.findings:
            if _field_id(finding) in self.untouched:
                waiting[text(field_key(finding.path), lang)] = None
            else:
                said(finding, "$text-error")
        if waiting:
            names = (", " if lang == "en" else "、").join(waiting)
            still = text("still_to_fill", lang).format(fields=names)
            lines.append(Content.styled(still, "$foreground-muted"))
        if not self.findings:
            lines.append(Content.styled(ui("valid", lang), "$text-success"))
        for warning in self.warnings:
            said(warning, "$text-warning")
        return Content("\n").join(lines)

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
        if event.input.id is not None:
            self.untouched.discard(event.input.id)
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
        # Asked to apply: every field counts now, typed in or not.
        self.untouched.clear()
        self.check()
        if self.problems or self._edited is None:
            self.notify(
                sentence(self.findings[0], self.lang)
                if self.findings
                else ui("nothing_to_apply", self.lang),
                title=ui("check_fails", self.lang),
                severity="error",
                markup=False,
            )
            return
        self.dismiss(self.result(self._edited, save))

    def action_cancel(self) -> None:
        self.dismiss(None)


class EditFigureScreen(FormScreen):
    """Edit a figure's value, raw form, lower bound and excerpt."""

    FIELD_ORDER = ("value", "raw", "lower-bound", "excerpt")

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

    def candidate(self) -> tuple[Report | None, str, list[Finding]]:
        figure = self.figure
        typed = self.query_one("#value", Input).value
        value = figure.value if typed == self.shown["value"] else parse_number(typed)
        edited = changed(
            figure,
            value=0 if value is None else value,
            raw=self._text("raw", figure.raw),
            lower_bound=self.query_one("#lower-bound", Checkbox).value,
            excerpt=self._text("excerpt", figure.excerpt),
        )
        report = self.report.with_figure(edited)
        path = figure_key_path(self.report, figure.id)
        return self._checked(report, figure.id, value, path, "123000")


#: The value of the recipient drop-down that asks for a recipient the report does not know.
NEW_RECIPIENT = "new"


class AddGiftScreen(FormScreen):
    """Add an itemised gift: donor, the donor's measure it belongs to, form, recipient,
    amount, excerpt."""

    FIELD_ORDER = (
        "recipient-zh",
        "recipient-en",
        "label-zh",
        "label-en",
        "raw",
        "value",
        "excerpt",
    )

    def __init__(self, report: Report, *, lang: Lang = "en") -> None:
        super().__init__(report, lang=lang, id="add-gift")
        self.untouched = set(self.FIELD_ORDER)
        #: Whom the report's gifts already go to, and the units that receive (the Red
        #: Cross): the drop-down offers them, each once. A gift's recipient given by id
        #: (schema_version 2) stays an id.
        known: list[Text | str] = [d.recipient for d in report.donations if d.recipient is not None]
        known += [report.subject(r.recipient).name for r in report.receipts]
        self.recipients: list[Text | str] = list(dict.fromkeys(known))

    def form_title(self) -> str:
        return ui("add_gift", self.lang)

    def _donors(self) -> list[tuple[RichText, str]]:
        return [
            (RichText(safe_line(s.name.get(self.lang)), no_wrap=True, overflow="ellipsis"), s.id)
            for s in self.report.subjects
        ]

    def _measures(self, donor: str) -> list[tuple[RichText, tuple[str, int]]]:
        """The donor's measures; each value names the donor too: a drop-down shows the
        label of a new option only when the value changes, and measure 1 of one donor
        would otherwise keep showing as measure 1 of the next."""
        subject = self.report.subjects_by_id.get(donor)
        measures = subject.measures if subject is not None else ()
        return [
            (
                RichText(
                    f"{n + 1}. {safe_line(m.text.get(self.lang))}",
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                (donor, n),
            )
            for n, m in enumerate(measures)
        ]

    def _recipient_options(self) -> list[tuple[RichText, str]]:
        known = [
            (
                RichText(safe_line(name.get(self.lang)), no_wrap=True, overflow="ellipsis"),
                f"known-{n}",
            )
            for n, name in enumerate(self._recipient_names())
        ]
        return [*known, (RichText(text("recipient_new", self.lang)), NEW_RECIPIENT)]

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
        yield _row(
            ui("recipient", lang),
            Select(
                self._recipient_options(),
                prompt=text("recipient_none", lang),
                id="recipient",
                compact=True,
            ),
        )
        new = _row(
            "",
            Horizontal(
                Input(placeholder="中文", id="recipient-zh", compact=True),
                Input(placeholder="English", id="recipient-en", compact=True),
                classes="form-pair",
            ),
            id="recipient-new",
        )
        new.display = False
        yield new
        yield _row(ui("label_zh", lang), Input(id="label-zh", compact=True))
        yield _row(ui("label_en", lang), Input(id="label-en", compact=True))
        yield _row(ui("raw_input", lang), Input(placeholder="1.9万元", id="raw", compact=True))
        yield _row(ui("value_input", lang), Input(placeholder="19000", id="value", compact=True))
        yield _row(ui("excerpt_input", lang), Input(id="excerpt", compact=True))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "donor" and isinstance(event.value, str):
            self.query_one("#measure", Select).set_options(self._measures(event.value))
        if event.select.id == "recipient":
            self.query_one("#recipient-new").display = event.value == NEW_RECIPIENT
        self.check()

    def _recipient_names(self) -> list[Text]:
        """The known recipients' names: an id is the name of that unit or township."""
        return [self.report.subject(r).name if isinstance(r, str) else r for r in self.recipients]

    def _recipient(self) -> Text | str | None:
        chosen = self.query_one("#recipient", Select).value
        if chosen == NEW_RECIPIENT:
            return Text(
                zh=self.query_one("#recipient-zh", Input).value,
                en=self.query_one("#recipient-en", Input).value,
            )
        if isinstance(chosen, str) and chosen.startswith("known-"):
            return self.recipients[int(chosen.removeprefix("known-"))]
        return None

    def candidate(self) -> tuple[Report | None, str, list[Finding]]:
        donor = self.query_one("#donor", Select).value
        measure = self.query_one("#measure", Select).value
        form = self.query_one("#form", Select).value
        value = parse_number(self.query_one("#value", Input).value)
        if not isinstance(donor, str) or not isinstance(measure, tuple) or measure[0] != donor:
            # Between a new donor and its measures arriving; or a report without subjects.
            where = ("donations", len(self.report.donations), "donor")
            return None, "", [Finding(where, "choose a donor and one of its measures")]
        report = add_gift(
            self.report,
            donor=donor,
            measure=measure[1],
            form=form if isinstance(form, str) else "cash",
            label=Text(
                zh=self.query_one("#label-zh", Input).value,
                en=self.query_one("#label-en", Input).value,
            ),
            value=0 if value is None else value,
            raw=self.query_one("#raw", Input).value,
            excerpt=self.query_one("#excerpt", Input).value,
            recipient=self._recipient(),
        )
        figure_id = report.donations[-1].figure
        assert figure_id is not None  # the form always gives the new gift its amount
        path = figure_key_path(report, figure_id)
        return self._checked(report, figure_id, value, path, "19000")

    def result(self, report: Report, save: bool) -> EditResult:
        return EditResult(
            report, self._figure_id, self.report, save, gift_id=report.donations[-1].id
        )


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
