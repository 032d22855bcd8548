"""A table on Textual's Line API: only the rows in view are ever rendered.

Textual's `DataTable` measures every cell of every row as rows are added, which freezes the
screen for seconds at 100,000 rows (docs/benchmarks.md). `ReportTable` instead keeps the items
it is given as they are and asks its `Column`s for the text of a cell only when that cell is
drawn. Opening the table, moving,
scrolling and jumping to the last row cost the same at 100,000 rows as at 100:

- column widths come from the labels and a bounded sample of rows, not from every row;
- the view is a sequence of item indices (a `range` until the user sorts or filters);
- sorting computes one key per item, once per sort; filtering scans one lower-cased text per
  item and narrows the previous matches while the query grows. A large table builds those
  texts in the background, a slice at a time, from the moment it is shown.

Keys: arrows or `j`/`k` move, `g`/`G` first/last, page keys, `enter` selects (posts
`ReportTable.Selected`), `s` cycles the sort column and `S` reverses it, `/` starts a filter
typed into the table itself with a match count (matches are highlighted in the rows),
`ctrl+u` empties it, `escape` clears it. Moving the cursor posts `ReportTable.Highlighted`
(a pane's preview follows it). The table's border is titled with what it holds and how many
(`Units (23)`); its subtitle is a status line: row, sort, filter and matches. Below the width
their columns need, those with a `drop` rank are left out, the highest rank first. Text is
sanitised (`tui.core.safe`) and drawn as segments, never parsed as markup; widths are terminal
cells (`rich.cells`), so CJK aligns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.model import LANGS, Lang, Text
from ..ui.keys import bindings
from .text import safe_line, ui

T = TypeVar("T")

#: Rows measured to size the columns: enough to be representative, never all of them.
SAMPLE_ROWS = 200
#: Padding, in cells, on each side of a cell.
PAD = 1
#: Rows indexed for the filter in one go before the event loop gets a turn: small enough that
#: a slice never holds a frame back noticeably (measured in docs/benchmarks.md).
INDEX_SLICE = 500
#: Seconds a large table waits after mounting before it starts its filter index: the first
#: frame of a pane takes several rounds of messages, and a slice between each held it back
#: (docs/benchmarks.md).
INDEX_DELAY = 0.3


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column: its label in both languages and how to get a cell's text from an item."""

    key: str
    label: Text
    cell: Callable[[T, Lang], str]
    #: How rows sort by this column; by default the cell's text, case-folded.
    sort_key: Callable[[T, Lang], Any] | None = None
    #: Whether `s` sorts this column largest first (numbers) rather than A to Z.
    descending: bool = False
    align: Literal["left", "right"] = "left"
    #: The column that takes the width left over.
    flex: bool = False
    max_width: int = 40
    #: Narrowest the column gets while others can still give way (at least its natural width
    #: when that is smaller): set it to `max_width` for a column that must never be cut.
    min_width: int = 6
    #: Show a cell only when it differs from the row above (group headings).
    group: bool = False
    #: Left out when the columns do not fit at their floors: highest rank first; 0 never.
    drop: int = 0


def _marked(text: str, query: str, style: Style, match: Style) -> list[Segment]:
    """`text` as segments, each occurrence of `query` (lower-cased) in `match` style."""
    if not query:
        return [Segment(text, style)]
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: no marks
        return [Segment(text, style)]
    segments = []
    start = 0
    at = lowered.find(query)
    while at >= 0:
        if at > start:
            segments.append(Segment(text[start:at], style))
        segments.append(Segment(text[at : at + len(query)], match))
        start = at + len(query)
        at = lowered.find(query, start)
    if start < len(text):
        segments.append(Segment(text[start:], style))
    return segments


def fit(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """`text` in exactly `width` cells: cut with `…` when too long, padded when short."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        if width <= 1:
            return set_cell_size(text, 1)
        cut = set_cell_size(text, width - 1)
        # A wide character that does not fit leaves a space: it goes after the `…`, not
        # before it (`同仁…` then a space, not `同仁 …`).
        kept = cut if text.startswith(cut) else cut.rstrip(" ")
        return kept + "…" + " " * (width - 1 - cell_len(kept))
    if align == "right":
        return " " * (width - length) + text
    return text + " " * (width - length)


def fit_widths(natural: list[int], floors: list[int], flex: int | None, total: int) -> list[int]:
    """Column widths that fit `total` cells.

    With room to spare, the flex column takes it. Short of room, the flex column gives way
    first, down to its floor; then the widest columns, down to their floors (and then to 1).
    The first column (a row's name) counts half its width there, so it keeps the most.
    """
    widths = list(natural)
    spare = total - sum(widths)
    if spare >= 0:
        if flex is not None:
            widths[flex] += spare
        return widths
    if flex is not None:  # the flex column gives way first, down to its floor
        widths[flex] = max(floors[flex], widths[flex] + spare)
    for floor in (floors, [1] * len(widths)):
        excess = sum(widths) - total
        while excess > 0:
            candidates = [i for i, w in enumerate(widths) if w > floor[i]]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: (widths[i] / (2 if i == 0 else 1), i == flex))
            widths[widest] -= 1
            excess -= 1
        if excess <= 0:
            break
    return widths


def shown_columns(
    columns: Sequence[Column[Any]], natural: list[int], floors: list[int], width: int
) -> list[int]:
    """The indices of the columns shown in `width` cells: while the columns do not fit half
    way between their floors and their natural widths, the column with the highest `drop`
    rank is left out (a narrow table loses its low-value columns rather than cutting every
    column to a few cells)."""
    shown = list(range(len(columns)))
    ranks = sorted({c.drop for c in columns if c.drop}, reverse=True)
    for rank in ranks:
        if sum((natural[i] + floors[i]) // 2 + 2 * PAD for i in shown) <= width:
            break
        shown = [i for i in shown if columns[i].drop != rank]
    return shown


class ReportTable(ScrollView, Generic[T], can_focus=True):
    """A sortable, filterable table of items, rendering only the rows in view."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("table")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "report-table--header",
        "report-table--cursor",
        "report-table--filter",
        "report-table--group",
        "report-table--empty",
        "report-table--match",
    }

    DEFAULT_CSS = """
    ReportTable {
        scrollbar-size-vertical: 1;
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .report-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .report-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .report-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .report-table--filter { background: $boost; color: $text-accent; }
        & > .report-table--group { color: $text-primary; text-style: bold; }
        & > .report-table--empty { color: $text-muted; text-style: italic; }
        & > .report-table--match { color: $text-warning; text-style: bold underline; }
    }
    """

    lang: reactive[Lang] = reactive("en")
    """The language of labels and cells."""
    cursor: reactive[int] = reactive(0, always_update=True)
    """The cursor's row, as a position in the rows shown."""
    sort_column: reactive[int | None] = reactive(None)
    """The column the rows are sorted by, or None for the order given."""
    filter_text: reactive[str] = reactive("")
    """The filter: rows whose text (either language) contains it, ignoring case."""
    filtering: reactive[bool] = reactive(False)
    """Whether keys typed go into the filter."""
    sort_reverse: reactive[bool] = reactive(False)
    """Whether the sort runs against the column's usual direction (`S`)."""

    class Selected(Message):
        """Posted when `enter` (or a double click) selects a row; `item` is the row's item."""

        def __init__(self, table: ReportTable[Any], item: Any) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ReportTable[Any]:
            return self.table

    class Highlighted(Message):
        """Posted when the row under the cursor changes; `item` is None when no row is shown."""

        def __init__(self, table: ReportTable[Any], item: Any) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ReportTable[Any]:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column[T]],
        items: Sequence[T],
        *,
        lang: Lang = "en",
        search_text: Callable[[T], str] | None = None,
        empty: str = "no_items",
        title: str | None = None,
        selectable: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: tuple[Column[T], ...] = tuple(columns)
        self._items: Sequence[T] = items
        self._search_text = search_text
        #: The interface label (`tui.widgets.text.UI`) shown when there are no items at all
        #: (what is empty: "This report names no townships"); a filter that matches nothing
        #: says so instead.
        self.empty = empty
        #: The interface label of what the table holds, its border title with the count.
        self.title = title
        #: Whether `enter` opens something (a table of sections opens nothing).
        self.selectable = selectable
        # The item last posted as highlighted (its index), so a move is posted once.
        self._highlighted: int | None = -1
        # The lower-cased text of each item, for the filter; built in slices in the background
        # for a large table, completed at once when a filter needs it sooner.
        self._index: list[str] = []
        self._order: Sequence[int] = range(len(items))
        self._view: Sequence[int] = self._order
        self._view_query = ""
        self._natural: dict[Lang, list[int]] = {}
        self._widths: list[int] = []
        self._layout_key: tuple[Lang, int] | None = None
        self.set_reactive(ReportTable.lang, lang)
        self._update_virtual_size()

    # --- what the table shows ---------------------------------------------------------------
    @property
    def items(self) -> Sequence[T]:
        """Every item, in the order given."""
        return self._items

    @property
    def row_count(self) -> int:
        """How many rows are shown (after the filter)."""
        return len(self._view)

    @property
    def shown(self) -> list[T]:
        """The items shown, in display order (for tests and exports; O(rows))."""
        return [self._items[i] for i in self._view]

    @property
    def cursor_item(self) -> T | None:
        """The item under the cursor, or None when no row is shown."""
        if not self._view:
            return None
        return self._items[self._view[min(self.cursor, len(self._view) - 1)]]

    def set_items(
        self,
        items: Sequence[T],
        *,
        columns: Sequence[Column[T]] | None = None,
        keep: Callable[[T], object] | None = None,
    ) -> None:
        """Show other items, and other `columns` if given (the sort and filter are kept).

        With `keep`, the cursor stays on the row whose `keep(item)` (a record id) is the
        same as before, where that row is still shown; otherwise it goes to the first row.
        """
        kept = self.cursor_item
        kept_key = keep(kept) if keep is not None and kept is not None else None
        if columns is not None:
            self.columns = tuple(columns)
            if self.sort_column is not None and self.sort_column >= len(self.columns):
                self.set_reactive(ReportTable.sort_column, None)
        self._items = items
        self._index = []
        self._start_indexing()
        self._natural.clear()
        self._layout_key = None
        self._order = self._sorted_order()
        self._view_query = ""
        self._apply_filter(keep_item=None)
        if keep is not None and kept_key is not None:
            for row, index in enumerate(self._view):
                if keep(items[index]) == kept_key:
                    self.cursor = row
                    break
        self._relayout()

    def move_cursor_to(self, wanted: Callable[[T], bool]) -> bool:
        """Put the cursor on the first row shown whose item is `wanted`, scrolled into view;
        False (the cursor stays) when no such row is shown, as under a filter."""
        for row, index in enumerate(self._view):
            if wanted(self._items[index]):
                self.cursor = row
                return True
        return False

    # --- layout -------------------------------------------------------------------------------
    @property
    def _top_lines(self) -> int:
        """Lines that do not scroll: the filter line (when there is a filter) and the header."""
        return 2 if (self.filtering or self.filter_text) else 1

    def _natural_widths(self) -> list[int]:
        lang = self.lang
        if lang not in self._natural:
            sample = self._items[:SAMPLE_ROWS]
            widths = []
            for column in self.columns:
                width = cell_len(column.label.get(lang)) + 2  # room for a sort mark
                for item in sample:
                    width = max(width, cell_len(safe_line(column.cell(item, lang))))
                    if width >= column.max_width:
                        width = column.max_width
                        break
                widths.append(width)
            self._natural[lang] = widths
        return self._natural[lang]

    def _column_widths(self) -> list[int]:
        """Widths of the columns (without padding) for the current size and language; a
        column left out (`Column.drop`) has width 0."""
        width = self.scrollable_content_region.width
        key = (self.lang, width)
        if key != self._layout_key:
            natural = self._natural_widths()
            floors = [min(n, c.min_width) for n, c in zip(natural, self.columns, strict=True)]
            shown = shown_columns(self.columns, natural, floors, width)
            flex = next((i for i in shown if self.columns[i].flex), None)
            room = width - 2 * PAD * len(shown)
            if flex is None and sum(natural[i] for i in shown) < room:
                # No flex column shown: the room left goes to the first column whose text
                # was cut at its cap (a long name), so that it is cut the least.
                flex = next((i for i in shown if natural[i] >= self.columns[i].max_width), None)
            fitted = fit_widths(
                [natural[i] for i in shown],
                [floors[i] for i in shown],
                None if flex is None else shown.index(flex),
                room,
            )
            self._widths = [0] * len(self.columns)
            for i, w in zip(shown, fitted, strict=True):
                self._widths[i] = w
            self._layout_key = key
        return self._widths

    def _update_virtual_size(self) -> None:
        shown = sum(1 for w in self._widths if w)
        total = sum(self._widths) + 2 * PAD * shown if self._widths else 0
        self.virtual_size = Size(total, len(self._view) + self._top_lines)

    def _relayout(self) -> None:
        self._layout_key = None
        if self.is_mounted:
            self._column_widths()
        self._update_virtual_size()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._column_widths()
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    # --- rendering ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        widths = self._column_widths()
        top = self._top_lines
        if top == 2 and y == 0:
            strip = self._render_filter_line(base)
            return strip.crop_extend(0, width, base)
        if y == top - 1:
            strip = self._render_header(widths, base)
        else:
            row = scroll_y + y - top
            if row < len(self._view):
                strip = self._render_row(row, widths, base)
            elif row == 0 and not self._view:
                style = base + self.get_component_rich_style("report-table--empty")
                strip = Strip([Segment(" " * PAD + self.empty_text, style)])
                return strip.crop_extend(0, width, base)
            else:
                return Strip.blank(width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _render_header(self, widths: list[int], base: Style) -> Strip:
        style = base + self.get_component_rich_style("report-table--header")
        segments = []
        for index, (column, width) in enumerate(zip(self.columns, widths, strict=True)):
            if not width:
                continue
            label = column.label.get(self.lang)
            if index == self.sort_column:
                # The mark always shows; the label gives way to it in a narrow column.
                mark = "▼" if column.descending != self.sort_reverse else "▲"
                label = fit(label, width - 2).rstrip() + " " + mark if width > 2 else mark
            text = fit(label, width, column.align)
            segments.append(Segment(" " * PAD + text + " " * PAD, style))
        return Strip(segments)

    def _render_row(self, row: int, widths: list[int], base: Style) -> Strip:
        lang = self.lang
        item = self._items[self._view[row]]
        previous = self._items[self._view[row - 1]] if row > 0 else None
        is_cursor = row == self.cursor
        style = base + self.get_component_rich_style("report-table--cursor") if is_cursor else base
        group_style = style + self.get_component_rich_style("report-table--group")
        match_style = self.get_component_rich_style("report-table--match")
        query = self.filter_text.lower()
        segments: list[Segment] = []
        for column, width in zip(self.columns, widths, strict=True):
            if not width:
                continue
            text = safe_line(column.cell(item, lang))
            cell_style = style
            if column.group:
                if previous is not None and column.cell(previous, lang) == column.cell(item, lang):
                    text = ""
                cell_style = group_style
            cell = " " * PAD + fit(text, width, column.align) + " " * PAD
            segments.extend(_marked(cell, query, cell_style, cell_style + match_style))
        return Strip(segments)

    @property
    def empty_text(self) -> str:
        """What the table says when it shows no row: what is empty, or that nothing matches."""
        if self._items:
            return ui("no_match", self.lang, query=safe_line(self.filter_text))
        return ui(self.empty, self.lang)

    def _render_filter_line(self, base: Style) -> Strip:
        style = base + self.get_component_rich_style("report-table--filter")
        mark = "▏" if self.filtering else ""
        count = ui("match", self.lang, n=f"{len(self._view):,}", total=f"{len(self._items):,}")
        query = safe_line(self.filter_text)
        text = f"{' ' * PAD}/ {query}{mark}   {count}"
        return Strip([Segment(text, style)])

    # --- cursor and scrolling -----------------------------------------------------------------
    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._view) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self._post_highlighted()
        self._show_status()
        self.refresh()

    def _post_highlighted(self) -> None:
        index = self.cursor_item_index
        if index != self._highlighted:
            self._highlighted = index
            self.post_message(self.Highlighted(self, self.cursor_item))

    def _scroll_cursor_into_view(self) -> None:
        if not self.is_mounted:
            return
        rows_in_view = max(1, self.scrollable_content_region.height - self._top_lines)
        scroll_y = round(self.scroll_y)
        if self.cursor < scroll_y:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= scroll_y + rows_in_view:
            self.scroll_to(y=self.cursor - rows_in_view + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._view) - 1

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - self._top_lines - 1)

    def action_page_up(self) -> None:
        self.cursor -= self._page()

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_select(self) -> None:
        if self.filtering:
            self.filtering = False
            return
        if not self.selectable:
            return
        item = self.cursor_item
        if item is not None:
            self.post_message(self.Selected(self, item))

    # --- mouse --------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        top = self._top_lines
        if event.y == top - 1:
            column = self._column_at(event.x + round(self.scroll_x))
            if column is not None:
                self.sort_column = None if column == self.sort_column else column
            return
        row = round(self.scroll_y) + event.y - top
        if 0 <= row < len(self._view):
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = row

    def _column_at(self, x: int) -> int | None:
        left = 0
        for index, width in enumerate(self._column_widths()):
            if not width:
                continue
            left += width + 2 * PAD
            if x < left:
                return index
        return None

    # --- sorting ------------------------------------------------------------------------------
    def action_sort(self) -> None:
        """Sort by the next column; after the last column, back to the order given."""
        current = self.sort_column
        following = 0 if current is None else current + 1
        # Each column starts in its usual direction; columns left out are skipped.
        self.set_reactive(ReportTable.sort_reverse, False)
        widths = self._column_widths() if self.is_mounted else [1] * len(self.columns)
        while following < len(self.columns) and not widths[following]:
            following += 1
        self.sort_column = following if following < len(self.columns) else None

    def action_reverse_sort(self) -> None:
        """Reverse the sort; with none yet, sort by the first column, reversed."""
        if self.sort_column is None:
            self.set_reactive(ReportTable.sort_reverse, True)
            self.sort_column = 0
        else:
            self.sort_reverse = not self.sort_reverse

    def watch_sort_reverse(self) -> None:
        self.watch_sort_column()

    def watch_sort_column(self) -> None:
        keep = self.cursor_item_index
        self._order = self._sorted_order()
        self._view_query = ""
        self._apply_filter(keep_item=keep)

    @property
    def cursor_item_index(self) -> int | None:
        if not self._view:
            return None
        return self._view[min(self.cursor, len(self._view) - 1)]

    def _sorted_order(self) -> Sequence[int]:
        index = self.sort_column
        if index is None:
            return range(len(self._items))
        column = self.columns[index]
        lang = self.lang
        items = self._items
        cell = column.cell
        key_of = column.sort_key or (lambda item, lang: cell(item, lang).casefold())
        keys = [key_of(item, lang) for item in items]
        reverse = column.descending != self.sort_reverse
        return sorted(range(len(items)), key=keys.__getitem__, reverse=reverse)

    # --- filtering ----------------------------------------------------------------------------
    def check_consume_key(self, key: str, character: str | None) -> bool:
        return self.filtering and character is not None and character.isprintable()

    #: What works while the filter takes the keys typed (the footer shows only these).
    _FILTER_ACTIONS: ClassVar[set[str]] = {
        "select",
        "clear_filter",
        "empty_filter",
        "cursor_up",
        "cursor_down",
        "page_up",
        "page_down",
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.filtering and action not in self._FILTER_ACTIONS:
            return False
        if action == "clear_filter":
            return bool(self.filtering or self.filter_text)
        if action == "empty_filter":
            return self.filtering
        if action == "start_filter":
            return not self.filtering
        if action == "select":
            return self.selectable or self.filtering
        return True

    def action_empty_filter(self) -> None:
        """Empty the filter input, still typing into it."""
        self.filter_text = ""

    def action_start_filter(self) -> None:
        self.filtering = True

    def action_clear_filter(self) -> None:
        if not (self.filtering or self.filter_text):
            raise SkipAction()
        self.filtering = False
        self.filter_text = ""

    def on_key(self, event: events.Key) -> None:
        if not self.filtering:
            if event.character == "/":
                # Start the filter here rather than through the binding, whose action runs
                # later: keys typed in the same burst as `/` must go into the filter.
                self.filtering = True
                event.stop()
                event.prevent_default()
            return
        if event.key == "backspace":
            self.filter_text = self.filter_text[:-1]
        elif event.character is not None and event.is_printable:
            self.filter_text += event.character
        else:
            return
        event.stop()
        event.prevent_default()

    def watch_filtering(self) -> None:
        self._update_virtual_size()
        self.refresh_bindings()
        # The screen's and the app's keys (panes, language, quit) are hidden while typing.
        if self.is_attached:
            self.screen.refresh_bindings()
        self._show_status()
        self.refresh()

    def watch_filter_text(self) -> None:
        self._apply_filter(keep_item=self.cursor_item_index)
        self.refresh_bindings()

    def _row_text(self, item: T) -> str:
        if self._search_text is not None:
            return self._search_text(item).casefold()
        cells = (c.cell(item, lang) for c in self.columns for lang in LANGS)
        return "\n".join(cells).casefold()

    def _search_texts(self) -> list[str]:
        """The filter text of every item, completing the index if it is not built yet."""
        done = len(self._index)
        if done < len(self._items):
            self._index.extend(self._row_text(item) for item in self._items[done:])
        return self._index

    def on_mount(self) -> None:
        self._show_title()
        self._show_status()
        self._post_highlighted()
        self.call_after_refresh(self._start_indexing)

    def _start_indexing(self) -> None:
        # A small table indexes when first filtered (it takes no time); a large one starts
        # now, a slice at a time, so that the first key typed into a filter costs no more
        # than the next and no frame waits for the whole index.
        if self.is_attached and len(self._items) > INDEX_SLICE:
            self.run_worker(self._index_in_slices(), group="filter-index", exclusive=True)

    async def _index_in_slices(self) -> None:
        await asyncio.sleep(INDEX_DELAY)
        items, index = self._items, self._index
        while items is self._items and index is self._index and len(index) < len(items):
            done = len(index)
            index.extend(self._row_text(item) for item in items[done : done + INDEX_SLICE])
            await asyncio.sleep(0)

    def _apply_filter(self, keep_item: int | None) -> None:
        query = self.filter_text.casefold()
        if not query:
            self._view = self._order
        else:
            texts = self._search_texts()
            # A longer query only narrows the rows the shorter one left.
            base = (
                self._view
                if self._view_query and query.startswith(self._view_query)
                else self._order
            )
            self._view = [i for i in base if query in texts[i]]
        self._view_query = query
        cursor = 0
        if keep_item is not None and self._view:
            try:
                cursor = self._view.index(keep_item)
            except ValueError:
                cursor = 0
        self._update_virtual_size()
        self.cursor = cursor
        self._post_highlighted()
        self._show_title()
        self._show_status()
        self.refresh()

    # --- title and status line ----------------------------------------------------------------
    def _show_title(self) -> None:
        if self.title is None:
            return
        total = len(self._items)
        count = f"{total:,}" if not self.filter_text else f"{len(self._view):,}/{total:,}"
        self.border_title = Content(f"{ui(self.title, self.lang)} ({count})")

    @property
    def status(self) -> str:
        """Row position, sort, filter and matches: `3/23 · sort Value ▼ · filter "grid" 2/23`."""
        lang = self.lang
        parts = [f"{self.cursor + 1:,}/{len(self._view):,}" if self._view else "0/0"]
        if self.sort_column is not None:
            column = self.columns[self.sort_column]
            mark = "▼" if column.descending != self.sort_reverse else "▲"
            parts.append(ui("status_sort", lang, column=column.label.get(lang), mark=mark))
        if self.filter_text or self.filtering:
            query = safe_line(self.filter_text)
            parts.append(
                ui(
                    "status_filter",
                    lang,
                    query=query,
                    n=f"{len(self._view):,}",
                    total=f"{len(self._items):,}",
                )
            )
        return " · ".join(parts)

    def _show_status(self) -> None:
        if self.title is not None:
            self.border_subtitle = Content(self.status)

    # --- language -----------------------------------------------------------------------------
    def watch_lang(self) -> None:
        if self.sort_column is not None:
            keep = self.cursor_item_index
            self._order = self._sorted_order()
            self._view_query = ""
            self._apply_filter(keep_item=keep)
        self._show_title()
        self._show_status()
        self._relayout()
