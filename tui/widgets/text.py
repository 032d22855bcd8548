"""The one way data text reaches a widget: sanitised, then wrapped as `Content`, never markup.

A report is user-edited text. Textual parses a plain `str` given to `Static`, `Label`,
`border_title` and most widgets as markup (`[/]` crashes, `[@click=...]` runs an action), and
nothing in Textual or Rich removes control characters. Every data string therefore passes
through `tui.core.safe.visible`/`visible_line` and becomes a `Content`, whose text is never parsed.

The labels of the interface itself (pane titles, headings, hints) come from the one table of
labels, `tui.core.labels.LABELS`, through `ui()`, so that `l` switches everything a reader sees.
"""

from __future__ import annotations

from textual.content import Content

from ..core.labels import LABELS
from ..core.model import Lang, Text
from ..core.safe import visible_line

#: Longest run of one data string put on screen: a 100,000-character name is cut, not measured.
MAX_TEXT = 2_000


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """`text` cut to `limit` characters, with `…` when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_line(text: str) -> str:
    """One line of data text, safe to measure and draw: clipped, controls made visible."""
    return visible_line(clip(text))


def data_text(text: str, style: str = "") -> Content:
    """Data text as one line of `Content`: never parsed as markup, controls shown as escapes."""
    return Content.styled(safe_line(text), style) if style else Content(safe_line(text))


def ui(key: str, lang: Lang, **values: object) -> str:
    """The interface label `key` in `lang`, with `{name}` placeholders filled from `values`."""
    return LABELS[key].format(lang, **values)


def ui_label(key: str) -> Text:
    """The interface label `key` in both languages, for what takes a bilingual `Text`."""
    en, zh = LABELS[key]
    return Text(zh=zh, en=en)
