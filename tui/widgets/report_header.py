"""The report at a glance: title, region and date, and the office that published it."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..core.model import Lang, ReportInfo
from .text import safe_line, ui


class ReportHeader(Widget):
    """Title, region, date and office of a report, in the language of labels."""

    DEFAULT_CSS = """
    ReportHeader {
        height: auto;
        max-height: 7;  /* a very long title must not push the figures off the screen */
        padding: 0 1;
    }
    """

    lang: reactive[Lang] = reactive("en", layout=True)
    """The language of the labels."""

    def __init__(self, info: ReportInfo, *, lang: Lang = "en", id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = info
        self.set_reactive(ReportHeader.lang, lang)

    def render(self) -> Content:
        info, lang = self.info, self.lang
        places = " · ".join(safe_line(p.name.get(lang)) for p in info.places)
        # Title, office and date are optional in schema_version 2: what is not there is not
        # shown (an untitled report goes by its id).
        title = safe_line(info.title.get(lang)) if info.title is not None else info.id
        parts: list[str | tuple[str, str]] = [(title, "bold $text-primary"), "\n"]
        if info.date_text:
            parts += [(info.date_text, "$text-secondary"), ("  ·  ", "$text-muted")]
        parts.append((places, "$text-secondary"))
        if info.office is not None:
            parts += ["\n", (ui("office", lang) + ": ", "$text-muted")]
            parts.append(safe_line(info.office.get(lang)))
        return Content.assemble(*parts)
