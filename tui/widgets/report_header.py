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
        region = info.region
        places = " · ".join(
            safe_line(t.get(lang)) for t in (region.county, region.prefecture, region.province)
        )
        return Content.assemble(
            (safe_line(info.title.get(lang)), "bold $text-primary"),
            "\n",
            (info.date.isoformat(), "$text-secondary"),
            ("  ·  ", "$text-muted"),
            (places, "$text-secondary"),
            "\n",
            (ui("office", lang) + ": ", "$text-muted"),
            safe_line(info.office.get(lang)),
        )
