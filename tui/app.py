"""The dashboard app and `make_app`, the one factory the command line and the tests use.

The report is loaded outside the app and passed in. The app holds the language of labels
(`lang`, switched with `l`), pushes a detail screen when a pane asks for one (`ShowSubject`,
`ShowFigure`), and offers every action in the command palette.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from .model import LANGS, Lang, Report
from .screens.main import MainScreen
from .widgets.pane_bar import PANES
from .widgets.size_notice import MIN_HEIGHT, MIN_WIDTH
from .widgets.table import ReportTable
from .widgets.text import ui

if TYPE_CHECKING:
    from .messages import ShowFigure, ShowSubject

# The detail and help screens are imported when first opened: the first frame does not need them.

#: Width from which the parts of a pane sit side by side; below it they stack.
WIDE = 100
#: Width from which text wraps rather than being cut with `…`.
MEDIUM = 80


class DashboardApp(App[None]):
    """A keyboard-first dashboard of one report snapshot."""

    CSS_PATH = "app.tcss"
    TITLE = "response-dashboard"
    # Breakpoints put a class on every screen: the stylesheet stacks the parts of a pane
    # below `WIDE`, saves lines below `MEDIUM`, and shows the size notice below the minimum.
    # (Textual declares these without ClassVar, so mypy refuses one here; hence the noqa.)
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-narrow"),
        (MIN_WIDTH, "-narrow"),
        (MEDIUM, "-medium"),
        (WIDE, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-too-short"),
        (MIN_HEIGHT, "-tall-enough"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "l", "toggle_language", "中文/EN", tooltip="Switch labels between English and 中文"
        ),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", tooltip="Quit the dashboard"),
    ]

    lang: reactive[Lang] = reactive("en")
    """The language of labels and data: English, or the Chinese original."""

    def __init__(self, report: Report, *, lang: Lang = "en", compare: Report | None = None) -> None:
        super().__init__()
        self.report = report
        # Kept for showing changes since an older snapshot; not shown yet.
        self.compare = compare
        self.set_reactive(DashboardApp.lang, lang)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.report, lang=self.lang)

    @property
    def main_screen(self) -> MainScreen:
        """The screen holding the panes (at the bottom of the stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    # --- actions ------------------------------------------------------------------------------
    def action_toggle_language(self) -> None:
        """Switch every label between English and the Chinese original."""
        self.lang = "zh" if self.lang == "en" else "en"

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(lang=self.lang))

    async def show_pane(self, name: str) -> None:
        """Go back to the panes and show pane `name`."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.main_screen.action_show_pane(name)

    def on_show_subject(self, message: ShowSubject) -> None:
        from .screens.detail import SubjectScreen

        self.push_screen(SubjectScreen(self.report, message.subject_id, lang=self.lang))

    def on_show_figure(self, message: ShowFigure) -> None:
        from .screens.detail import FigureScreen

        self.push_screen(FigureScreen(self.report, message.figure_id, lang=self.lang))

    # --- the command palette ------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the dashboard, as palette commands (with the key that does it)."""
        for command in super().get_system_commands(screen):
            # Textual's own commands (theme, keys, screenshot) stay; quit gets its key too.
            yield command._replace(title="Quit (q)") if command.title == "Quit" else command
        for number, pane in enumerate(PANES, 1):
            title = ui(pane, "en")
            yield SystemCommand(
                f"Show {title} ({number})",
                f"Show the {title} pane / {ui(pane, 'zh')}",
                partial(self.show_pane, pane),
            )
        yield SystemCommand(
            "Switch language (l)",
            "Labels in English or the Chinese original / 切换语言",
            self.action_toggle_language,
        )
        yield SystemCommand("Help (?)", "Every key of the dashboard / 帮助", self.action_help)
        yield SystemCommand("Next table (tab)", "Move the focus on", self.action_focus_next)
        yield SystemCommand(
            "Previous table (shift+tab)", "Move the focus back", self.action_focus_previous
        )
        focused = screen.focused
        if isinstance(focused, ReportTable):
            table_commands = (
                (
                    "Open details (enter)",
                    "The selected row's measures, figures and excerpts",
                    "select",
                ),
                ("Filter rows (/)", "Keep the rows containing what you type", "start_filter"),
                ("Clear filter (escape)", "Show every row again", "clear_filter"),
                ("Sort by next column (s)", "Cycle the column the rows are sorted by", "sort"),
                ("First row (g)", "Move to the first row", "first"),
                ("Last row (G)", "Move to the last row", "last"),
                ("Row up (k)", "Move up one row", "cursor_up"),
                ("Row down (j)", "Move down one row", "cursor_down"),
                ("Page up (pageup)", "Move up one page", "page_up"),
                ("Page down (pagedown)", "Move down one page", "page_down"),
            )
            for title, help_text, action in table_commands:
                yield SystemCommand(title, help_text, partial(self.run_action, action, focused))
        from .screens.detail import DetailScreen

        if isinstance(screen, DetailScreen):
            yield SystemCommand("Back (escape)", "Close the detail", screen.action_back)
            scrolls = (
                ("Scroll up (k)", "up"),
                ("Scroll down (j)", "down"),
                ("Scroll to the top (g)", "home"),
                ("Scroll to the bottom (G)", "end"),
                ("Page up (pageup)", "page_up"),
                ("Page down (pagedown)", "page_down"),
            )
            for title, where in scrolls:
                scroll = partial(screen.action_scroll, where)
                yield SystemCommand(title, "Scroll the detail", scroll)


def make_app(
    report: Report,
    *,
    lang: Lang = "en",
    theme: str | None = None,
    compare: Report | None = None,
) -> DashboardApp:
    """The dashboard on `report`; a ValueError, before anything is drawn, for a bad option."""
    if lang not in LANGS:
        raise ValueError(f"--lang: expected one of {', '.join(LANGS)}, got {lang!r}")
    app = DashboardApp(report, lang=lang, compare=compare)
    if theme is not None:
        themes = sorted(app.available_themes)
        if theme not in themes:
            raise ValueError(
                f"--theme: unknown theme {theme!r}; choose one of: {', '.join(themes)}"
            )
        app.theme = theme
    return app
