"""The main screen: the pane titles, the file line and banner, the pane in view, the footer.

Only the overview is built when the app starts (it is the first frame); the footer is added
right after that frame, and each other pane is imported and built the first time it is
shown, then kept. When the report changes (reloaded, edited), `update_report` shows the new
data in every pane built so far, keeping the pane in view, each table's sort, filter and
selected row. When comparing with an older snapshot, `CompareScreen` adds the last pane,
Changes (6). While a table takes the keys typed into its filter, the pane keys are hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen

from ...core.model import Lang, Report
from ...widgets.file_bar import FileBar
from ...widgets.overview_pane import OverviewPane
from ...widgets.pane import Pane
from ...widgets.pane_bar import CHANGES_PANE, PANES, PaneBar
from ...widgets.problem_banner import ProblemBanner
from ...widgets.size_notice import SizeNotice
from ..keys import bindings

if TYPE_CHECKING:
    from ...core.comparison import Comparison

_PANES_GROUP = Binding.Group("Panes", compact=True)


def typing_into_filter(screen: Screen[Any]) -> bool:
    """Whether the focused widget is a table taking the keys typed into its filter."""
    from ...widgets.table import ReportTable

    focused = screen.focused
    return isinstance(focused, ReportTable) and focused.filtering


class MainScreen(Screen[None]):
    """The dashboard's panes, one in view at a time, switched with 1-5."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("panes")

    #: The panes, in the order of their number keys.
    PANES: ClassVar[tuple[str, ...]] = PANES

    def __init__(
        self, report: Report, *, lang: Lang = "en", comparison: Comparison | None = None
    ) -> None:
        super().__init__(id="main")
        self.report = report
        self.comparison = comparison
        self.lang: Lang = lang
        self.pane = "overview"

    @property
    def panes(self) -> tuple[str, ...]:
        return self.PANES

    def compose(self) -> ComposeResult:
        yield PaneBar(lang=self.lang, panes=self.panes, id="pane-bar")
        yield FileBar(id="file-bar")
        yield ProblemBanner(id="problem-banner")
        with Container(id="panes"):
            yield OverviewPane(
                self.report, lang=self.lang, comparison=self.comparison, id="overview"
            )
        yield SizeNotice()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=False)
        self.query_one(OverviewPane).focus_default()
        self.call_after_refresh(self._add_footer)

    async def _add_footer(self) -> None:
        from ...widgets.footer import LocalFooter

        if self.is_attached and not self.query(LocalFooter):
            await self.mount(LocalFooter(), before=self.query_one(SizeNotice))

    def _lang_changed(self, lang: Lang) -> None:
        self.lang = lang
        self.query_one(PaneBar).lang = lang
        for pane in self.query_one("#panes").query_children(Pane):
            pane.lang = lang

    def _build(self, name: str) -> Pane:
        report, lang, comparison = self.report, self.lang, self.comparison
        if name in ("units", "townships"):
            from ...widgets.subjects_pane import SubjectsPane

            return SubjectsPane(report, name, lang=lang, comparison=comparison, id=name)
        if name == "donations":
            from ...widgets.donations_pane import DonationsPane

            return DonationsPane(report, lang=lang, comparison=comparison, id=name)
        if name == "figures":
            from ...widgets.figures_pane import FiguresPane

            return FiguresPane(report, lang=lang, comparison=comparison, id=name)
        if name == CHANGES_PANE:
            from ...widgets.changes_pane import ChangesPane

            return ChangesPane(report, lang=lang, comparison=comparison, id=name)
        return OverviewPane(report, lang=lang, comparison=comparison, id=name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a table takes the keys typed, the digits go into its filter: the footer shows
        # the filter's keys, not the panes.
        return not (action == "show_pane" and typing_into_filter(self))

    async def action_show_pane(self, name: str) -> None:
        """Show pane `name` (building it the first time) and focus its table."""
        if name not in self.panes:
            return
        panes = self.query_one("#panes")
        found = panes.query_children(f"#{name}")
        if found:
            pane = found.first(Pane)
        else:
            pane = self._build(name)
            await panes.mount(pane)
        for other in panes.query_children(Pane):
            other.display = other is pane
        self.pane = name
        self.query_one(PaneBar).active = name
        pane.focus_default()

    async def on_pane_bar_clicked(self, event: PaneBar.Clicked) -> None:
        await self.action_show_pane(event.pane)

    def update_report(self, report: Report, comparison: Comparison | None) -> None:
        """Show a new version of the report in every pane built so far, in place."""
        self.report = report
        self.comparison = comparison
        for pane in self.query_one("#panes").query_children(Pane):
            pane.update_report(report, comparison)


class CompareScreen(MainScreen):
    """The main screen when comparing with an older snapshot: pane 6 lists the changes."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("compare")

    PANES: ClassVar[tuple[str, ...]] = (*PANES, CHANGES_PANE)
