"""Headless screenshots of a pane as SVG, with wide characters drawn across both their cells.

Rich's SVG export sets each text run's `textLength` to `len(text) * char_width`, so a run of
CJK characters (two cells each) is squeezed into half the width it occupies on the terminal.
`widen_svg_text` recomputes every run's `textLength` from its cell width.

It also puts `xml:space="preserve"` on the `<svg>` element: without it, SVG renderers such as
librsvg drop a run's leading spaces (Rich writes them as `&#160;`), which shifts right-aligned
columns and the footer's keys to the left.
"""

from __future__ import annotations

import asyncio
import html
import re
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from ..core.model import Lang, Report

#: Pane names accepted by `--pane`, and the key that shows each.
PANE_KEYS = {
    "overview": "1",
    "units": "2",
    "townships": "3",
    "donations": "4",
    "figures": "5",
    "changes": "6",
}
#: The pane that exists only when comparing with an older snapshot.
_COMPARING_ONLY = "changes"

_TEXT_RUN = re.compile(r'(<text\b[^>]*?\btextLength=")([0-9.]+)("[^>]*>)(.*?)(</text>)', re.S)
_SVG_TAG = re.compile(r"<svg\b(?![^>]*\bxml:space=)")


def widen_svg_text(svg: str) -> str:
    """The SVG with each text run's `textLength` set to its width in terminal cells.

    Spaces in text are kept as they are (`xml:space="preserve"` on the `<svg>` element).
    """

    def fix(match: re.Match[str]) -> str:
        text = html.unescape(match.group(4))
        chars = len(text)
        cells = cell_len(text)
        if chars == 0 or cells == chars:
            return match.group(0)
        char_width = float(match.group(2)) / chars
        length = f"{char_width * cells:g}"
        return f"{match.group(1)}{length}{match.group(3)}{match.group(4)}{match.group(5)}"

    return _SVG_TAG.sub('<svg xml:space="preserve"', _TEXT_RUN.sub(fix, svg), count=1)


def parse_size(size: str) -> tuple[int, int]:
    """`"100x30"` as (100, 30); a clear ValueError for anything else."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*[xX×]\s*(\d{1,4})\s*", size)
    if match is None:
        raise ValueError(f"--size: expected WIDTHxHEIGHT such as 100x30, got {size!r}")
    width, height = int(match.group(1)), int(match.group(2))
    if not (1 <= width <= 1000 and 1 <= height <= 1000):
        raise ValueError(f"--size: each side must be 1 to 1000 cells, got {size!r}")
    return width, height


async def _capture(
    report: Report,
    pane: str,
    size: tuple[int, int],
    lang: Lang,
    compare: Report | None,
    compare_name: str,
) -> str:
    from .app import make_app

    app = make_app(report, lang=lang, compare=compare, compare_name=compare_name)
    async with app.run_test(size=size) as pilot:
        await pilot.press(PANE_KEYS[pane])
        await pilot.pause()
        return app.export_screenshot(title=f"response-dashboard: {pane}")


def capture_svg(
    report: Report,
    *,
    pane: str,
    size: str,
    lang: Lang = "en",
    compare: Report | None = None,
    compare_name: str = "",
) -> str:
    """The SVG screenshot of `pane` at `size` ("WxH") as Rich exports it, CJK runs squeezed.

    `compare`: an older snapshot to compare with, named `compare_name` (the Changes pane
    needs one)."""
    if pane not in PANE_KEYS:
        raise ValueError(f"--pane: expected one of {', '.join(PANE_KEYS)}, got {pane!r}")
    if pane == _COMPARING_ONLY and compare is None:
        raise ValueError("--pane changes: needs an older snapshot to compare with (--compare OLD)")
    return asyncio.run(_capture(report, pane, parse_size(size), lang, compare, compare_name))


def export_svg(
    report: Report,
    *,
    pane: str,
    size: str,
    lang: Lang = "en",
    compare: Report | None = None,
    compare_name: str = "",
) -> str:
    """An SVG screenshot of `pane` at `size` ("WxH"), wide characters at their full width."""
    svg = capture_svg(
        report, pane=pane, size=size, lang=lang, compare=compare, compare_name=compare_name
    )
    return widen_svg_text(svg)
