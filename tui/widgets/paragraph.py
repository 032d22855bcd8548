"""A paragraph of data text with a hanging indent: its wrapped lines sit under its first
word, not under the mark before it (`1. `, `▸ `).

Textual wraps a `Static` to its left edge, so a long measure's second line would start under
its number. `Paragraph` wraps the text after the mark to the width left beside the mark and
indents every line after the first by the mark's width. The text is `Content`, never markup.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

# A numbered measure (`1. `, `12．`) or a figure (`▸ `): the mark its wrapped lines hang under.
_MARK = re.compile(r"^(?:\d+(?:\. |．)|▸ )")


def mark_length(content: Content) -> int:
    """How many characters of `content` are its list mark (0 for none)."""
    found = _MARK.match(content.plain)
    return found.end() if found else 0


class Paragraph(Widget):
    """Content wrapped with a hanging indent after its list mark."""

    DEFAULT_CSS = """
    Paragraph {
        height: auto;
    }
    """

    def __init__(
        self, content: Content, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.content = content

    def update(self, content: Content) -> None:
        """Show other content."""
        self.content = content
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The paragraph wrapped to `width` cells."""
        content = self.content
        hang = mark_length(content)
        mark, body = content[:hang], content[hang:]
        indent = mark.cell_length
        if width - indent < 8:  # too narrow to hang: wrap as a whole
            return content.wrap(max(1, width))
        lines = body.wrap(width - indent) or [Content("")]
        pad = Content(" " * indent)
        return [mark + lines[0], *(pad + line for line in lines[1:])]

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def __str__(self) -> str:
        return self.content.plain
