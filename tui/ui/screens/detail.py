"""Detail screens: a unit or township with its measures in full, or one figure alone.

Every figure is shown with its value, the raw form as the source writes it and the source
excerpt it came from, the raw form marked inside the excerpt so a reader can check it.
`escape` goes back to the pane; the body scrolls with the same keys as a table. When the
dashboard has a file (`editable`), `e` edits a figure (the one shown, or one picked from a
unit's). When comparing, each figure shows its change since the older snapshot. A new version
of the report (reloaded, edited) is shown in place; a record that is gone closes its detail:
at once when the detail is on top, else as soon as what covers it (help, a form, the figure
picker) is closed and the detail is resumed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...core.format import format_figure
from ...core.labels import Label, label_of
from ...core.model import (
    CATEGORIES_V2,
    DONATION_FORMS,
    TOWNSHIP_KINDS_V2,
    UNIT_KINDS_V2,
    Donation,
    Figure,
    Lang,
    Measure,
    Receipt,
    Report,
    Text,
    Township,
    Unit,
)
from ...widgets.file_bar import FileBar
from ...widgets.footer import LocalFooter
from ...widgets.pane_bar import PaneBar
from ...widgets.paragraph import Paragraph
from ...widgets.problem_banner import ProblemBanner
from ...widgets.size_notice import SizeNotice
from ...widgets.text import data_text, safe_line, ui
from ..keys import bindings
from ..messages import EditFigure

if TYPE_CHECKING:
    from ...core.comparison import Comparison

_MUTED = "$text-muted"
_HEADING = "bold $text-primary"
_SECTION = "bold $text-secondary"
_RAW = "bold underline $text-accent"
_DELTA = "bold $text-warning"


def _pick(table: dict[str, Label], key: str, lang: Lang) -> str:
    return label_of(table, key).pick(lang)


def excerpt_content(excerpt: str, raw: str) -> Content:
    """The excerpt in corner quotes, with the raw form marked where it occurs.

    Corner quotes are wide in every terminal; `“` is narrow in some and wide in others.
    """
    text = safe_line(excerpt)
    raw = safe_line(raw)
    at = text.find(raw) if raw else -1
    if at < 0:
        return Content.assemble("「", text, "」")
    return Content.assemble(
        "「", text[:at], (text[at : at + len(raw)], _RAW), text[at + len(raw) :], "」"
    )


#: A detail is a list of blocks: (the style class of the block, its text).
Block = tuple[str, Content]


def _delta(delta: str) -> tuple[str, str] | str:
    return ("  " + delta, _DELTA) if delta else ""


def figure_blocks(figure: Figure, lang: Lang, delta: str = "") -> list[Block]:
    """A figure in three blocks: label and value (and its change, when comparing); raw form
    and bound; the excerpt."""
    bound = ui("lower_bound" if figure.lower_bound else "exact", lang)
    sep = ui("colon", lang)
    return [
        (
            "figure",
            Content.assemble(
                ("▸ ", "$text-accent"),
                safe_line(figure.label.get(lang)),
                sep,
                (format_figure(figure, lang), "bold"),
                _delta(delta),
            ),
        ),
        (
            "figure-more",
            Content.assemble(
                (ui("raw", lang) + sep, _MUTED),
                (safe_line(figure.raw), "bold"),
                ("  (" + bound + ")", _MUTED),
            ),
        ),
        (
            "figure-more",
            Content.assemble(
                (ui("excerpt", lang) + sep, _MUTED), excerpt_content(figure.excerpt, figure.raw)
            ),
        ),
    ]


def _list_mark(number: int, text: str) -> str:
    """`1. ` before English; `1．` (a wide full stop, no space) before a first word with
    Chinese in it.

    Lines wrap only at spaces: after `1. `, a Chinese sentence (one long run with no space)
    would be moved whole to the next line, leaving the number alone on its own line.
    """
    first_word = text.split(" ", 1)[0]
    return f"{number}．" if cell_len(first_word) != len(first_word) else f"{number}. "


def _measure_blocks(
    number: int, measure: Measure, lang: Lang, comparison: Comparison | None
) -> list[Block]:
    text = safe_line(measure.text.get(lang))
    blocks: list[Block] = [("measure", Content.assemble((_list_mark(number, text), _MUTED), text))]
    # The other language, dimmed, under it: the Chinese is the source's own wording, to check
    # the English against; the English helps a reader of the Chinese who reads both.
    other: Lang = "zh" if lang == "en" else "en"
    blocks.append(("original", Content.styled(safe_line(measure.text.get(other)), _MUTED)))
    for figure in measure.figures:
        delta = comparison.figure(figure.id, lang) if comparison is not None else ""
        blocks.extend(figure_blocks(figure, lang, delta))
    return blocks


def subject_blocks(
    report: Report,
    subject: Unit | Township,
    lang: Lang,
    comparison: Comparison | None = None,
) -> list[Block]:
    """A unit or township: names, kind, members, then its measures by section."""
    kinds = UNIT_KINDS_V2 if isinstance(subject, Unit) else TOWNSHIP_KINDS_V2
    other: Lang = "zh" if lang == "en" else "en"
    blocks: list[Block] = [
        ("title", Content.styled(safe_line(subject.name.get(lang)), _HEADING)),
        ("line", Content.styled(safe_line(subject.name.get(other)), _MUTED)),
        (
            "line",
            Content.assemble(
                (_pick(kinds, subject.kind, lang), "$text-secondary"),
                (
                    f"  ·  {ui('measures', lang)} {len(subject.measures)}"
                    f"  ·  {ui('key_figures', lang)} {len(subject.figures)}",
                    _MUTED,
                ),
            ),
        ),
    ]
    members = getattr(subject, "members", ())
    if members:
        joined = ui("list_sep", lang).join(m.get(lang) for m in members)
        blocks.append(
            (
                "line",
                Content.assemble(
                    (ui("members", lang) + ui("colon", lang), _MUTED),
                    safe_line(joined),
                ),
            )
        )
    number = 0
    for section_id in subject.sections:
        section = report.sections_by_id.get(section_id)
        heading = section.heading.get(lang) if section else section_id
        blocks.append(("section", Content.styled("§ " + safe_line(heading), _SECTION)))
        for measure in subject.measures:
            if measure.section == section_id:
                number += 1
                blocks.extend(_measure_blocks(number, measure, lang, comparison))
    return blocks


def _use_of(report: Report, figure_id: str) -> Donation | Receipt | None:
    for gift in report.donations:
        if gift.figure == figure_id or figure_id in gift.items:
            return gift
    for receipt in report.receipts:
        if receipt.figure == figure_id:
            return receipt
    return None


def _name(report: Report, subject_id: str, lang: Lang) -> str:
    subject = report.subjects_by_id.get(subject_id)
    return safe_line(subject.name.get(lang)) if subject else safe_line(subject_id)


def _opt(text: Text | None, lang: Lang) -> str:
    return "" if text is None else safe_line(text.get(lang))


def figure_detail_blocks(
    report: Report, figure: Figure, lang: Lang, delta: str = ""
) -> list[Block]:
    """One figure: value (and its change, when comparing), raw form, group, whom it is
    reported for, its measure, its excerpt."""
    sep = ui("colon", lang)

    def row(key: str, value: str | Content) -> Content:
        return Content.assemble((ui(key, lang) + sep, _MUTED), value)

    bound = ui("lower_bound" if figure.lower_bound else "exact", lang)
    lines = [
        Content.styled(safe_line(figure.label.get(lang)), _HEADING),
        Content.assemble((format_figure(figure, lang), "bold"), _delta(delta)),
        Content(""),
        row(
            "raw", Content.assemble((safe_line(figure.raw), "bold"), ("  (" + bound + ")", _MUTED))
        ),
        row("category", _pick(CATEGORIES_V2, figure.category, lang)),
    ]
    owner = report.owner_of_figure.get(figure.id)
    if owner is not None:
        lines.append(row("owner", safe_line(owner.name.get(lang))))
        for measure in owner.measures:
            if figure in measure.figures:
                lines.append(row("measure", safe_line(measure.text.get(lang))))
    use = _use_of(report, figure.id)
    if isinstance(use, Donation):
        donor = _name(report, use.donor, lang)
        if use.donor_detail is not None:
            donor += f" ({_opt(use.donor_detail, lang)})"
        lines.append(row("form", _pick(DONATION_FORMS, use.form, lang)))
        lines.append(row("donor", donor))
        if isinstance(use.recipient, str):  # schema_version 2: a unit or township
            lines.append(row("recipient", _name(report, use.recipient, lang)))
        elif use.recipient is not None:
            lines.append(row("recipient", _opt(use.recipient, lang)))
    elif isinstance(use, Receipt):
        lines.append(row("form", _pick(DONATION_FORMS, use.form, lang)))
        lines.append(row("recipient", _name(report, use.recipient, lang)))
        if use.source is not None:
            lines.append(row("source", _opt(use.source, lang)))
    blocks: list[Block] = [("title" if n == 0 else "line", line) for n, line in enumerate(lines)]
    blocks.append(("section", Content.styled(ui("excerpt", lang), _SECTION)))
    blocks.append(("excerpt", excerpt_content(figure.excerpt, figure.raw)))
    if isinstance(use, Receipt):
        blocks.append(("note", Content.styled(ui("not_added", lang), _MUTED)))
    return blocks


class DetailScreen(Screen[None]):
    """A scrolling page of detail; `escape` goes back."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("detail")

    def __init__(
        self,
        report: Report,
        *,
        lang: Lang = "en",
        comparison: Comparison | None = None,
        editable: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.report = report
        self.comparison = comparison
        self.lang: Lang = lang
        #: Whether `e` edits the figures shown (the dashboard saves edits to its file).
        self.editable = editable
        #: The record shown is gone from the report: the detail closes when next on top.
        self.gone = False

    def blocks(self, lang: Lang) -> list[Block]:
        raise NotImplementedError

    def figures(self) -> tuple[Figure, ...]:
        """The figures shown, which `e` edits."""
        return ()

    def _statics(self, lang: Lang) -> list[Paragraph]:
        return [Paragraph(content, classes=f"detail-{kind}") for kind, content in self.blocks(lang)]

    def crumb(self, lang: Lang) -> str:
        """What the detail shows, for the breadcrumb (`Units › County health system`)."""
        return ""

    def _pane(self) -> str:
        """The pane the detail was opened from."""
        main = self.app.screen_stack[0] if self.app.screen_stack else None
        return str(getattr(main, "pane", "overview"))

    def _breadcrumb(self, lang: Lang) -> Content:
        return data_text(f"{ui(self._pane(), lang)} › {self.crumb(lang)}")

    def compose(self) -> ComposeResult:
        main = self.app.screen_stack[0] if self.app.screen_stack else None
        panes = getattr(main, "panes", None)
        bar = PaneBar(lang=self.lang, id="pane-bar", **({"panes": panes} if panes else {}))
        bar.active = self._pane()
        yield bar
        yield FileBar()
        yield ProblemBanner()
        yield Static(self._breadcrumb(self.lang), id="breadcrumb", classes="heading")
        with VerticalScroll(id="detail-scroll"):
            yield from self._statics(self.lang)
        yield LocalFooter()
        yield SizeNotice()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=False)
        self.query_one("#detail-scroll").focus()

    async def on_pane_bar_clicked(self, event: PaneBar.Clicked) -> None:
        await self.action_pane(event.pane)

    async def _lang_changed(self, lang: Lang) -> None:
        self.lang = lang
        self.query_one(PaneBar).lang = lang
        await self._redraw()

    async def _redraw(self) -> None:
        scroll = self.query_one("#detail-scroll", VerticalScroll)
        where = scroll.scroll_y
        self.query_one("#breadcrumb", Static).update(self._breadcrumb(self.lang))
        await scroll.remove_children()
        await scroll.mount_all(self._statics(self.lang))
        scroll.scroll_to(y=where, animate=False, immediate=True)

    def _find(self, report: Report) -> bool:
        """Look up the record shown in `report`; False when it is no longer there."""
        return True

    async def update_report(self, report: Report, comparison: Comparison | None) -> None:
        """Show the record in a new version of the report; close when it is gone."""
        if self.gone:
            return
        if not self._find(report):
            self.gone = True
            # `dismiss` pops the top screen, whichever it is: only this one, when on top.
            if self.is_active:
                self.dismiss()
            return
        self.report = report
        self.comparison = comparison
        await self._redraw()
        self.refresh_bindings()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self.gone:  # the record went while another screen covered this one
            self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            # Edits are saved to the file the dashboard follows: none (or read-only), no editing.
            return self.editable and bool(self.figures()) and not self.gone
        return True

    def action_edit(self) -> None:
        """Edit the figure shown, or pick one of several first."""
        figures = self.figures()
        if len(figures) == 1:
            self.post_message(EditFigure(figures[0].id))
        elif figures:
            from .edit import FigurePickScreen

            def picked(figure_id: str | None) -> None:
                if figure_id is not None:
                    self.post_message(EditFigure(figure_id))

            self.app.push_screen(FigurePickScreen(figures, lang=self.lang), picked)

    def action_back(self) -> None:
        self.dismiss()

    async def action_pane(self, name: str) -> None:
        """Leave the detail for pane `name`."""
        show_pane = getattr(self.app, "show_pane", None)
        if show_pane is not None:
            await show_pane(name)

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#detail-scroll", VerticalScroll)
        moves = {
            "up": scroll.scroll_up,
            "down": scroll.scroll_down,
            "home": scroll.scroll_home,
            "end": scroll.scroll_end,
            "page_up": scroll.scroll_page_up,
            "page_down": scroll.scroll_page_down,
        }
        move = moves.get(where)
        if move is not None:
            move(animate=False)

    @property
    def text(self) -> str:
        """The detail as plain text, one block a line (what a reader sees, for tests)."""
        return "\n".join(content.plain for _, content in self.blocks(self.lang))


class SubjectScreen(DetailScreen):
    """A unit or township: its measures in full, each figure with raw form and excerpt."""

    def __init__(
        self,
        report: Report,
        subject_id: str,
        *,
        lang: Lang = "en",
        comparison: Comparison | None = None,
        editable: bool = False,
    ) -> None:
        super().__init__(
            report, lang=lang, comparison=comparison, editable=editable, id="subject-detail"
        )
        self.subject = report.subject(subject_id)

    def blocks(self, lang: Lang) -> list[Block]:
        return subject_blocks(self.report, self.subject, lang, self.comparison)

    def crumb(self, lang: Lang) -> str:
        return self.subject.name.get(lang)

    def figures(self) -> tuple[Figure, ...]:
        return self.subject.figures

    def _find(self, report: Report) -> bool:
        subject = report.subjects_by_id.get(self.subject.id)
        if subject is None:
            return False
        self.subject = subject
        return True


class FigureScreen(DetailScreen):
    """One figure: value, raw form, what it belongs to, and the source excerpt."""

    def __init__(
        self,
        report: Report,
        figure_id: str,
        *,
        lang: Lang = "en",
        comparison: Comparison | None = None,
        editable: bool = False,
    ) -> None:
        super().__init__(
            report, lang=lang, comparison=comparison, editable=editable, id="figure-detail"
        )
        self.figure = report.figure(figure_id)

    def blocks(self, lang: Lang) -> list[Block]:
        delta = self.comparison.figure(self.figure.id, lang) if self.comparison is not None else ""
        return figure_detail_blocks(self.report, self.figure, lang, delta)

    def crumb(self, lang: Lang) -> str:
        return self.figure.label.get(lang)

    def figures(self) -> tuple[Figure, ...]:
        return (self.figure,)

    def _find(self, report: Report) -> bool:
        figure = report.figures_by_id.get(self.figure.id)
        if figure is None:
            return False
        self.figure = figure
        return True
