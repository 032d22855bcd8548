"""A horizontal bar chart of donation totals per form (cash, goods, mixed), sized to its width.

One line per form: the form's name, a bar as long as the total is against `scale`, and the
total, written `≥ ¥…` when any gift in it was a lower bound. Bars are drawn in eighths of a
cell so that small differences show. When the width leaves no room for a useful bar, each
line is just the name and the total. The charts of itemised gifts and of receipts each have
their own scale (the Red Cross's ¥1,666,000 would make the gifts' bars slivers), and say so;
several charts can still share one `scale` when asked.
When the dashboard compares two snapshots, each total is followed by its change (`▲ +120`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from ..core.diff import Delta, format_delta
from ..core.format import format_amount
from ..core.labels import label_of
from ..core.model import DONATION_FORMS, Amount, DonationTotals, Lang, Number
from .deltas import total_deltas
from .table import fit
from .text import ui

if TYPE_CHECKING:
    from ..core.comparison import Comparison

_EIGHTHS = " ▏▎▍▌▋▊▉"
#: Narrower than this, a bar says nothing: only the figures are drawn.
MIN_BAR = 6


def bar(value: Number, scale: Number, width: int) -> str:
    """A bar of `width * value / scale` cells, in eighths of a cell; at least a sliver."""
    if scale <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = max(1, round(8 * width * min(value, scale) / scale))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


class FormBars(Widget):
    """Totals per donation form as labelled horizontal bars."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "form-bars--title",
        "form-bars--bar",
        "form-bars--empty",
        "form-bars--delta",
    }

    DEFAULT_CSS = """
    FormBars {
        height: auto;
        & > .form-bars--title { text-style: bold; color: $text-primary; }
        & > .form-bars--bar { color: $accent; }
        & > .form-bars--empty { color: $text-muted; }
        & > .form-bars--delta { color: $text-warning; }
    }
    """

    lang: reactive[Lang] = reactive("en", layout=True)
    """The language of the labels."""

    def __init__(
        self,
        title: str,
        totals: Mapping[str, Amount],
        *,
        scale: Number | None = None,
        deltas: Mapping[str, Delta | None] | None = None,
        lang: Lang = "en",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`title` is a key of the interface labels (`tui.widgets.text.UI`); `deltas` the
        change of each form's total since an older snapshot, shown as `▲ +120` or `new`."""
        super().__init__(id=id, classes=classes)
        self.title = title
        self.totals: dict[str, Amount] = {}
        self.scale: Number = 0
        self.deltas: dict[str, Delta | None] = {}
        self._set(totals, scale, deltas)
        self.set_reactive(FormBars.lang, lang)

    def _set(
        self,
        totals: Mapping[str, Amount],
        scale: Number | None,
        deltas: Mapping[str, Delta | None] | None,
    ) -> None:
        self.totals = dict(totals)
        largest = max((a.value for a in self.totals.values()), default=0)
        self.scale = largest if scale is None else scale
        self.deltas = dict(deltas or {})

    def set_totals(
        self,
        totals: Mapping[str, Amount],
        *,
        scale: Number | None = None,
        deltas: Mapping[str, Delta | None] | None = None,
    ) -> None:
        """Show other totals (a new version of the report)."""
        self._set(totals, scale, deltas)
        self.refresh(layout=True)

    def _rows(self) -> list[tuple[str, str, Amount]]:
        """(form label, total as text, total) for each form."""
        rows = []
        for form, amount in self.totals.items():
            shown = format_amount(amount, self.lang) if amount.count else "—"
            rows.append((label_of(DONATION_FORMS, form).pick(self.lang), shown, amount))
        return rows

    def chart(self, width: int) -> Content:
        """The chart drawn for `width` cells."""
        title_style = self.get_visual_style("form-bars--title", partial=True)
        bar_style = self.get_visual_style("form-bars--bar", partial=True)
        empty_style = self.get_visual_style("form-bars--empty", partial=True)
        delta_style = self.get_visual_style("form-bars--delta", partial=True)
        rows = self._rows()
        lines = [Content.styled(ui(self.title, self.lang), title_style)]
        label_width = max((cell_len(r[0]) for r in rows), default=0)
        amount_width = max((cell_len(r[1]) for r in rows), default=0)
        deltas = [format_delta(self.deltas.get(form), self.lang) for form in self.totals]
        delta_width = max((cell_len(d) for d in deltas), default=0)
        bar_width = width - label_width - amount_width - 3 - (delta_width + 1 if delta_width else 0)
        for (label, shown, amount), delta in zip(rows, deltas, strict=True):
            total = Content.styled(shown, "" if amount.count else empty_style)
            change = Content.styled(" " + fit(delta, delta_width), delta_style)
            if bar_width >= MIN_BAR:
                lines.append(
                    Content.assemble(
                        " " + fit(label, label_width) + " ",
                        (fit(bar(amount.value, self.scale, bar_width), bar_width), bar_style),
                        " ",
                        total.right(amount_width),
                        change if delta_width else "",
                    )
                )
            else:
                lines.append(
                    Content.assemble(" " + label + " ", total, change.rstrip() if delta else "")
                )
        return Content("\n").join(lines)

    def render(self) -> Content:
        return self.chart(self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.chart(width).wrap(max(1, width)))


#: The two charts of donation totals: which totals, their title, and their id after a
#: pane's prefix. Itemised gifts and Red Cross receipts are kept apart, never added.
_CHARTS = (
    ("itemised", "gift_totals", "gift-totals"),
    ("received", "receipt_totals", "receipt-totals"),
)


def donation_bars(
    totals: DonationTotals, comparison: Comparison | None, *, lang: Lang, prefix: str = ""
) -> list[FormBars]:
    """The charts of itemised gifts and of receipts, each on its own scale, with their
    changes when comparing; their ids are `{prefix}gift-totals` and `{prefix}receipt-totals`."""
    return [
        FormBars(
            title,
            getattr(totals, group),
            deltas=total_deltas(comparison, group),
            lang=lang,
            id=prefix + suffix,
        )
        for group, title, suffix in _CHARTS
    ]


def show_donation_totals(
    node: Widget, totals: DonationTotals, comparison: Comparison | None, *, prefix: str = ""
) -> None:
    """Give the charts `donation_bars` made under `node` the totals of a new report."""
    for group, _, suffix in _CHARTS:
        for bars in node.query(f"#{prefix}{suffix}").results(FormBars):
            bars.set_totals(getattr(totals, group), deltas=total_deltas(comparison, group))
