"""A card of the overview: one headline figure, large, with its unit, its raw form and whose
it is (`188` · 188 people · County health system, raw form `188名` on the frame).

The number is drawn with Textual's `Digits` (three rows a glyph) when the card is wide enough
for it, and as one bold line when it is not; a lower bound is `1,666,000+` in the large
digits and `≥ ¥1,666,000` in words. A card shows one figure exactly as the report gives it:
never a sum. Its texts are data, passed as `Content`, never markup; a click opens the figure.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitGlyphs
from textual.widget import Widget
from textual.widgets import Digits, Static

from ..core.format import format_figure, format_number
from ..core.model import Figure, Lang, Report
from ..ui.messages import ShowFigure
from .text import safe_line


def big_number(figure: Figure) -> str:
    """The figure's number as the large digits show it: `1,055`, `1,666,000+`."""
    return format_number(figure.value) + ("+" if figure.lower_bound else "")


class HeadlineCard(Widget):
    """One headline figure as a card."""

    DEFAULT_CSS = """
    HeadlineCard {
        height: auto;
        padding: 0 1;
        & Digits { color: $text-accent; text-style: bold; }
        & Digits.-cut { display: none; }
        & .card-value { text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
        & .card-owner { color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    lang: reactive[Lang] = reactive("en")
    """The language of the card's texts."""

    def __init__(
        self, report: Report, figure: Figure, *, lang: Lang = "en", classes: str | None = None
    ) -> None:
        super().__init__(classes=classes)
        self.report = report
        self.figure = figure
        self.set_reactive(HeadlineCard.lang, lang)

    def compose(self) -> ComposeResult:
        yield Digits(big_number(self.figure))
        yield Static(classes="card-value")
        yield Static(classes="card-owner")

    def on_mount(self) -> None:
        self._fill()

    def show(self, report: Report, figure: Figure) -> None:
        """Show `figure` of `report` (a new version of the one shown)."""
        self.report = report
        self.figure = figure
        if self.is_mounted:
            self._fill()

    def watch_lang(self) -> None:
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        figure, lang = self.figure, self.lang
        owner = self.report.owner_of_figure.get(figure.id)
        self.border_title = Content(safe_line(figure.label.get(lang)))
        self.border_subtitle = Content(safe_line(figure.raw))
        self.query_one(".card-value", Static).update(Content(format_figure(figure, lang)))
        self.query_one(".card-owner", Static).update(
            Content(safe_line(owner.name.get(lang)) if owner else "")
        )
        self.query_one(Digits).update(big_number(figure))

    def on_resize(self, event: events.Resize) -> None:
        # Large digits only where they fit whole: a cut number would misread.
        fits = DigitGlyphs.get_width(big_number(self.figure)) <= self.content_size.width
        self.query_one(Digits).set_class(not fits, "-cut")

    def on_click(self) -> None:
        self.post_message(ShowFigure(self.figure.id))
