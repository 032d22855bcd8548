"""The banner that says why the file on disk was not loaded, above the data that stays.

An invalid file never replaces good data: the dashboard keeps the last good report and shows
here the problem lines (`FILE:LINE:COL: key.path: …`), as `check` writes them, the first few
of them; when the file is fixed the banner goes. It also says when the file changed on disk
while there were unsaved changes (those are kept, not overwritten by a reload).
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size

from .file_bar import FileState, FileStateView, app_lang
from .text import safe_line, ui

#: Problem lines shown at most; the rest are counted (`check` lists them all).
SHOWN_PROBLEMS = 4
#: Rows the banner takes at most, so that the data below stays in view.
MAX_ROWS = 8
#: Columns of the hanging indent of a problem line, and of the heading's second row on.
INDENT = 2


def _rows(text: str, width: int, first: str = "") -> list[Content]:
    """`text` wrapped to `width`, after `first` on its first row and indented on the others."""
    rows = Content(text).wrap(max(1, width - INDENT))
    lead = Content(first.ljust(INDENT)) if first else Content(" " * INDENT)
    return [lead + rows[0], *(Content(" " * INDENT) + row for row in rows[1:])]


class ProblemBanner(FileStateView):
    """Problem lines of the file on disk, or a note that it changed under unsaved edits."""

    DEFAULT_CSS = """
    ProblemBanner {
        display: none;
        height: auto;
        max-height: 8;
        padding: 0 1;
        background: $error-muted;
        color: $foreground;
        border-left: thick $error;
    }
    """

    def shows(self, state: FileState) -> bool:
        return bool(state.problems or state.disk_changed)

    @property
    def lines(self) -> list[str]:
        """The banner's text, line by line as written (each may take several rows), at the
        banner's width: what a reader sees, for tests."""
        return [line for line, _ in self._layout(self.size.width or 80)]

    def _layout(self, width: int) -> list[tuple[str, list[Content]]]:
        """The lines shown at `width`, each with its rows: the heading, then as many whole
        problem lines as fit in `MAX_ROWS` (never one cut short), then how many are left."""
        state, lang = self.state, app_lang(self)
        name = safe_line(state.name)
        if not state.problems:
            if not state.disk_changed:
                return []
            note = ui("disk_changed_note", lang, name=name)
            return [(note, _rows(note, width, "⚠"))]
        head = ui("invalid_file", lang, name=name)
        shown = [(head, _rows(head, width, "⚠"))]
        used = len(shown[0][1])
        problems = [safe_line(p) for p in state.problems]
        for index, problem in enumerate(problems[:SHOWN_PROBLEMS]):
            rows = _rows(problem, width)
            left = len(problems) - index - 1
            more = len(_rows(ui("more_problems", lang, n=left, name=name), width)) if left else 0
            if shown[1:] and used + len(rows) + more > MAX_ROWS:
                break  # the first problem is always shown, whatever its length
            shown.append((problem, rows))
            used += len(rows)
        left = len(problems) - (len(shown) - 1)
        if left:
            more_line = ui("more_problems", lang, n=left, name=name)
            shown.append((more_line, _rows(more_line, width)))
        return shown

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(len(rows) for _, rows in self._layout(width))

    def render(self) -> Content:
        layout = self._layout(self.size.width)
        if not layout:
            return Content("")
        (_, head), *rest = layout
        rows = [row.stylize("bold") for row in head]
        rows += [row for _, line_rows in rest for row in line_rows]
        return Content("\n").join(rows)
