"""The base of the dashboard's panes: a container that follows the language of labels.

The main screen sets `lang` on every pane it has built; a pane passes it on to what it holds
in `watch_lang`. `focus_default` puts the focus where the keys of the pane apply. When the
report changes (reloaded from disk, edited), the main screen calls `update_report` on every
pane it has built: a pane shows the new data in the widgets it has, so that the sort, the
filter and the selected row stay where the data allows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Container
from textual.reactive import reactive

from ..core.model import Lang, Report
from .table import ReportTable

if TYPE_CHECKING:
    from ..core.comparison import Comparison


class Pane(Container):
    """One pane of the dashboard, showing a slice of the report."""

    DEFAULT_CSS = """
    Pane {
        height: 1fr;
    }
    """

    lang: reactive[Lang] = reactive("en")
    """The language of labels and data."""

    def __init__(
        self,
        report: Report,
        *,
        lang: Lang = "en",
        comparison: Comparison | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.report = report
        #: The report compared with an older snapshot, when the dashboard compares.
        self.comparison = comparison
        self.set_reactive(Pane.lang, lang)

    def focus_default(self) -> None:
        """Focus the pane's first table."""
        for table in self.query(ReportTable):
            if table.display:
                # At once, not after the queued events as `table.focus()` would: keys typed
                # right after `2` (`2` then enter) must go to the table of the new pane.
                self.screen.set_focus(table)
                return

    def watch_lang(self, lang: Lang) -> None:
        for table in self.query(ReportTable):
            table.lang = lang

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        """Show `report` (a new version of the one shown) in place."""
        self.report = report
        self.comparison = comparison
