"""What the dashboard shows of a comparison with an older snapshot: a change column for
tables of figures, and the change of each donation total for the charts."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..core.model import DONATION_FORMS, Figure, Lang
from .table import Column
from .text import ui_label

if TYPE_CHECKING:
    from ..core.comparison import Comparison
    from ..core.diff import Delta

T = TypeVar("T")


def delta_column(comparison: Comparison, figure_of: Callable[[T], Figure]) -> Column[T]:
    """The change of a row's figure since the older snapshot: `▲ +120`, `▼ −5`, `new`."""

    def sort_key(item: T, lang: Lang) -> float:
        delta = comparison.figures.get(figure_of(item).id, 0)
        return math.inf if isinstance(delta, str) else float(delta)

    return Column(
        "change",
        ui_label("change"),
        lambda item, lang: comparison.figure(figure_of(item).id, lang),
        sort_key=sort_key,
        descending=True,
        align="right",
        max_width=16,
        min_width=12,  # a change is never cut: `▲ +1,234,567`
    )


def total_deltas(comparison: Comparison | None, group: str) -> dict[str, Delta | None]:
    """The change of each form's total of `group` (`itemised`, `received`)."""
    if comparison is None:
        return {}
    return {form: comparison.total(group, form) for form in DONATION_FORMS}
