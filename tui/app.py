"""The dashboard app and `make_app`, the one factory the command line and the tests use.

The report is loaded outside the app and passed in. The app holds the language of labels
(`lang`, switched with `l`), pushes a detail screen when a pane asks for one (`ShowSubject`,
`ShowFigure`), and offers every action in the command palette.

A dashboard of a file (`make_app(..., path=...)`, a `FileDashboardApp`) also follows it:

- Live reload. Every `POLL_SECONDS` the file's status (inode, size, times) is compared with
  the last seen; on a change it is loaded again in a thread worker, so that a large file
  never blocks the screen. A valid file replaces the report in place (pane, sort, filter
  and selected row kept where the data allows); an invalid, vanished or empty one never
  does: the last good report stays and a banner shows the problem lines until the file is
  fixed. `r` reloads at once. While there are unsaved changes, a change on disk is only
  reported, never loaded over them.
- Edits. `e` in a detail edits a figure, `a` on the Donations pane adds a gift; each form
  checks with the rules of `check`. The report then has unsaved changes until `ctrl+s`.
- Saving. `tui.save.save_report`, in a thread worker, with the stamp of the file as loaded:
  a file changed on disk since is not overwritten; the user may reload or save under another
  name (`w`). Before the first save of a file with comments, the user is warned that they
  will be dropped. Quitting with unsaved changes asks first. Errors are one-line
  notifications, never a traceback.

The time of the last load is shown with an injectable `clock`, so that snapshots stay
deterministic; a report without a file shows nothing time-related.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from .model import LANGS, Lang, Report
from .problems import ReportError
from .safe import visible_line
from .save import (
    ConflictError,
    FileStamp,
    SaveError,
    SaveResult,
    Snapshot,
    load_snapshot,
    save_report,
)
from .screens.main import CompareScreen, MainScreen
from .widgets.file_bar import FileState
from .widgets.size_notice import MIN_HEIGHT, MIN_WIDTH
from .widgets.table import ReportTable
from .widgets.text import ui

if TYPE_CHECKING:
    from .comparison import Comparison
    from .messages import AddGift, EditFigure, ShowFigure, ShowSubject
    from .screens.edit import EditResult
    from .screens.prompt import Choice

# The detail, help, form and prompt screens are imported when first opened: the first
# frame does not need them.

#: Width from which the parts of a pane sit side by side; below it they stack.
WIDE = 100
#: Width from which text wraps rather than being cut with `…`.
MEDIUM = 80
#: How often the file's status is looked at: a change shows within a second.
POLL_SECONDS = 0.4
#: Classes of the screens over the panes that take keys for themselves (forms, questions).
_MODAL_CLASSES = {"form-screen", "prompt-screen"}

#: A file's status as last seen: inode, size, modification and change times; None if absent.
Signature = tuple[int, int, int, int] | None


def _signature(path: Path) -> Signature:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


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
    file_state: reactive[FileState] = reactive(FileState)
    """How the file behind the report stands: name, last load, unsaved changes, problems."""

    def __init__(
        self,
        report: Report,
        *,
        lang: Lang = "en",
        compare: Report | None = None,
        compare_name: str = "",
        path: Path | None = None,
        stamp: FileStamp | None = None,
        comment_lines: Sequence[int] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.report = report
        #: The older snapshot compared with, when comparing.
        self.compare = compare
        self.comparison: Comparison | None = None
        if compare is not None:
            from .comparison import Comparison

            self.comparison = Comparison.between(compare, report, compare_name)
        #: The file the report came from, followed while the app runs; None for none.
        self.path = path
        #: The stamp of the file as last loaded or saved: a save expects the file so.
        self.stamp = stamp
        #: Lines of the file with comments (which a save drops); None until known.
        self.comment_lines: tuple[int, ...] | None = (
            tuple(comment_lines) if comment_lines is not None else None
        )
        self.clock: Callable[[], datetime] = clock or datetime.now
        #: The report as last loaded or saved: what "discard my changes" goes back to.
        self.saved_report = report
        self._seen: Signature = None
        self._saving = False
        self._comments_confirmed = False
        self.set_reactive(DashboardApp.lang, lang)
        self.set_reactive(
            DashboardApp.file_state,
            FileState(
                name=visible_line(path.name) if path is not None else "",
                loaded_at=self._now() if path is not None else "",
                compared_with=visible_line(compare_name) if compare is not None else "",
            ),
        )

    def get_default_screen(self) -> Screen[None]:
        screen = CompareScreen if self.comparison is not None else MainScreen
        return screen(self.report, lang=self.lang, comparison=self.comparison)

    @property
    def main_screen(self) -> MainScreen:
        """The screen holding the panes (at the bottom of the stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    @property
    def dirty(self) -> bool:
        """Whether the report on screen has changes that are not saved."""
        return self.file_state.dirty

    def _now(self) -> str:
        return self.clock().strftime("%H:%M:%S")

    def _set_state(self, **changes: object) -> None:
        self.file_state = replace(self.file_state, **changes)  # type: ignore[arg-type]
        self.refresh_bindings()

    @property
    def _modal_open(self) -> bool:
        return bool(self.screen.classes & _MODAL_CLASSES)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reload", "save", "save_as"):
            if self.path is None or self._modal_open:
                return False
            if action == "save" and not self.dirty:
                return None  # shown, dimmed: there is nothing to save
            return True
        # While a question is open, it is answered (or escaped) before quitting.
        return not (action == "quit" and self._modal_open)

    # --- showing a new version of the report -------------------------------------------------
    def set_report(self, report: Report) -> None:
        """Show `report` on every screen, in place, and compare it when comparing."""
        self.report = report
        if self.compare is not None:
            from .comparison import Comparison

            name = self.comparison.name if self.comparison is not None else ""
            self.comparison = Comparison.between(self.compare, report, name)
        self.main_screen.update_report(report, self.comparison)
        from .screens.detail import DetailScreen

        for screen in self.screen_stack[1:]:
            if isinstance(screen, DetailScreen):
                self.call_later(screen.update_report, report, self.comparison)

    # --- live reload ------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.path is None:
            return
        self._seen = _signature(self.path)
        stamp = self.stamp
        known = (stamp.size, stamp.mtime_ns) if stamp is not None else None
        now = (self._seen[1], self._seen[2]) if self._seen is not None else None
        if known is None or known != now or self.comment_lines is None:
            # Not loaded here, or changed since it was: load it now, as a change would be.
            self._start_reload()
        self.set_interval(POLL_SECONDS, self._poll, name="file-poll")

    def _poll(self) -> None:
        """Load the file again when its status changed since last seen (cheap: one stat)."""
        if self.path is None or self._saving:
            return
        seen = _signature(self.path)
        if seen != self._seen:
            self._seen = seen
            self._start_reload()

    def _start_reload(self) -> None:
        if self.path is not None:
            self._reload(self.path)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, path: Path) -> None:
        """Load `path` off the event loop; the result is applied on it (`_loaded`)."""
        worker = get_current_worker()
        shown = self.report
        outcome: Snapshot | tuple[str, ...]
        try:
            outcome = load_snapshot(path)
        except ReportError as exc:
            outcome = tuple(str(p) for p in exc.problems)
        except Exception as exc:  # whatever it is, a banner line, never a traceback
            outcome = (f"{path}:1:1: (file): cannot be loaded: {type(exc).__name__}",)
        # Comparing two large reports takes a while (0.3 s at 100,000 records): here, not
        # on the event loop. `shown` says against which report the answer holds.
        same = isinstance(outcome, Snapshot) and outcome.report == shown
        if not worker.is_cancelled:
            self.call_from_thread(self._loaded, path, outcome, shown, same)

    def _loaded(
        self,
        path: Path,
        outcome: Snapshot | tuple[str, ...],
        compared: Report | None = None,
        same: bool = False,
    ) -> None:
        """Take on what a reload found; `same`: whether it equals `compared`, the report
        that was on screen when the worker compared them."""
        if path != self.path:
            return  # saved under another name meanwhile
        if not isinstance(outcome, Snapshot):
            # An invalid, vanished or half-written file never replaces good data.
            self._set_state(problems=outcome or (f"{path}: cannot be loaded",))
            return
        if self.dirty:
            # Unsaved changes are never loaded over; say that the file changed, if it did.
            same = self.stamp is not None and outcome.stamp.same_content(self.stamp)
            self._set_state(problems=(), disk_changed=not same)
            return
        self.stamp = outcome.stamp
        self.comment_lines = outcome.comment_lines
        self.saved_report = outcome.report
        self._set_state(problems=(), disk_changed=False, loaded_at=self._now())
        unchanged = same if compared is self.report else outcome.report == self.report
        if not unchanged:
            self.set_report(outcome.report)

    def action_reload(self) -> None:
        """Load the file again now; with unsaved changes, ask first."""
        if self.path is None:
            return
        if not self.dirty:
            self._start_reload()
            return
        from .screens.prompt import Choice

        self._ask(
            "Reload and drop your changes?",
            [
                f"{self.file_state.name} has unsaved changes.",
                "Reloading shows the file as it is on disk; your changes are dropped.",
            ],
            [Choice("reload", "r", "Reload", "warning"), Choice("cancel", "escape", "Cancel")],
            self._reload_answered,
        )

    def _reload_answered(self, answer: str | None) -> None:
        if answer == "reload":
            self._discard_and_reload()

    def _discard_and_reload(self) -> None:
        self._set_state(dirty=False, disk_changed=False)
        if self.saved_report != self.report:
            self.set_report(self.saved_report)
        self._start_reload()

    # --- edits ------------------------------------------------------------------------------
    def on_edit_figure(self, message: EditFigure) -> None:
        from .screens.edit import EditFigureScreen

        if self.path is None or message.figure_id not in self.report.figures_by_id:
            return
        self.push_screen(
            EditFigureScreen(self.report, message.figure_id, lang=self.lang), self._edited
        )

    def on_add_gift(self, message: AddGift) -> None:
        from .screens.edit import AddGiftScreen

        if self.path is None or not self.report.subjects:
            return
        self.push_screen(AddGiftScreen(self.report, lang=self.lang), self._edited)

    def _edited(self, result: EditResult | None) -> None:
        if result is None:
            return
        if result.base is not self.report:
            self.notify(
                "The report changed while the form was open (reloaded from disk): edit it again.",
                title="Not applied",
                severity="warning",
                markup=False,
            )
            return
        self.set_report(result.report)
        self._set_state(dirty=True)
        if result.save:
            self.action_save()

    # --- saving -----------------------------------------------------------------------------
    def action_save(self, then_quit: bool = False) -> None:
        """Save the report to its file (asking first if the file has comments)."""
        if self.path is None or self._saving:
            return
        if self.stamp is None or self.comment_lines is None:
            self.notify("Still loading the file: save again in a moment.", markup=False)
            return
        if not self.dirty:
            if then_quit:
                self.exit()
            else:
                self.notify("No changes to save.", markup=False)
            return
        if self.comment_lines and not self._comments_confirmed:
            self._ask_about_comments(self.comment_lines, then_quit)
            return
        self._save(self.path, self.stamp, then_quit)

    def _ask_about_comments(self, lines: Sequence[int], then_quit: bool) -> None:
        from .screens.prompt import Choice

        shown = ", ".join(str(n) for n in lines[:6]) + (", …" if len(lines) > 6 else "")
        name = self.file_state.name

        def answered(answer: str | None) -> None:
            if answer == "save":
                self._comments_confirmed = True
                self.action_save(then_quit)

        self._ask(
            "Comments will be dropped",
            [
                f"{name} has comments (line{'s' if len(lines) > 1 else ''} {shown}).",
                "Saving writes the report without them; the file as it is now is kept in "
                f"{name}.bak.",
            ],
            [Choice("save", "s", "Save anyway", "warning"), Choice("cancel", "escape", "Cancel")],
            answered,
        )

    def action_save_as(self, then_quit: bool = False) -> None:
        """Save the report under another name, and follow that file from then on."""
        if self.path is None:
            return
        from .screens.prompt import Choice, PathScreen

        current = self.path
        suggestion = current.with_name(f"{current.stem}-edited{current.suffix}")

        def chosen(target: Path | None) -> None:
            if target is None:
                return
            if target.exists():

                def overwrite(answer: str | None) -> None:
                    if answer == "overwrite":
                        self._save(target, None, then_quit)

                self._ask(
                    "Overwrite?",
                    [f"{visible_line(str(target))} exists. Overwrite it with this report?"],
                    [
                        Choice("overwrite", "o", "Overwrite", "warning"),
                        Choice("cancel", "escape", "Cancel"),
                    ],
                    overwrite,
                )
            else:
                self._save(target, None, then_quit)

        self.push_screen(
            PathScreen("Save as", "Save the report to the file:", str(suggestion)), chosen
        )

    def _save(self, path: Path, expected: FileStamp | None, then_quit: bool) -> None:
        self._saving = True
        self._save_in_thread(self.report, path, expected, then_quit)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save_in_thread(
        self, report: Report, path: Path, expected: FileStamp | None, then_quit: bool
    ) -> None:
        """Write off the event loop (a large report takes seconds); `_saved` takes it on."""
        outcome: SaveResult | SaveError
        try:
            outcome = save_report(report, path, expected=expected)
        except SaveError as exc:
            outcome = exc
        except Exception as exc:  # whatever it is, one line, never a traceback
            outcome = SaveError(path, f"not saved: {type(exc).__name__}")
        self.call_from_thread(self._saved, report, path, outcome, then_quit)

    def _saved(
        self, report: Report, path: Path, outcome: SaveResult | SaveError, then_quit: bool
    ) -> None:
        self._saving = False
        if isinstance(outcome, ConflictError):
            self._conflict(outcome, then_quit)
            return
        if isinstance(outcome, SaveError):
            self.notify(
                visible_line(str(outcome)), title="Not saved", severity="error", markup=False
            )
            return
        if path != self.path:  # saved under another name: that file is followed from now on
            self.path = path
            self.comment_lines = ()
            self._set_state(name=visible_line(path.name), problems=(), disk_changed=False)
        self.stamp = outcome.stamp
        self.saved_report = report
        self._seen = _signature(path)
        if report is self.report:
            self._set_state(dirty=False, disk_changed=False)
        backup = f"; the previous version is in {outcome.backup.name}" if outcome.backup else ""
        self.notify(visible_line(f"Saved {path.name}{backup}."), title="Saved", markup=False)
        if then_quit and not self.dirty:
            self.exit()

    def _conflict(self, error: ConflictError, then_quit: bool) -> None:
        from .screens.prompt import Choice

        def answered(answer: str | None) -> None:
            if answer == "reload":
                self._discard_and_reload()
            elif answer == "save_as":
                self.action_save_as(then_quit)

        self._set_state(disk_changed=error.current is not None)
        self._ask(
            "Not saved: the file changed on disk",
            [
                visible_line(str(error)),
                "Reload it (your changes are dropped), or save your version under another name.",
            ],
            [
                Choice("reload", "r", "Reload", "warning"),
                Choice("save_as", "a", "Save as…", "primary"),
                Choice("cancel", "escape", "Cancel"),
            ],
            answered,
        )

    # --- quitting ---------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit; with unsaved changes, ask first: save, discard or cancel."""
        if self._modal_open:
            return
        if not self.dirty:
            self.exit()
            return
        from .screens.prompt import Choice

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_save(then_quit=True)
            elif answer == "discard":
                self.exit()

        self._ask(
            "Unsaved changes",
            [f"{self.file_state.name} has changes that are not saved."],
            [
                Choice("save", "s", "Save", "primary"),
                Choice("discard", "d", "Discard", "error"),
                Choice("cancel", "escape", "Cancel"),
            ],
            answered,
        )

    def _ask(
        self,
        title: str,
        lines: Sequence[str],
        choices: Sequence[Choice],
        then: Callable[[str | None], None],
    ) -> None:
        from .screens.prompt import ChoiceScreen

        self.push_screen(ChoiceScreen(title, lines, choices), then)

    # --- actions ------------------------------------------------------------------------------
    def action_toggle_language(self) -> None:
        """Switch every label between English and the Chinese original."""
        self.lang = "zh" if self.lang == "en" else "en"

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(
                HelpScreen(
                    lang=self.lang,
                    file=self.path is not None,
                    comparing=self.comparison is not None,
                )
            )

    async def show_pane(self, name: str) -> None:
        """Go back to the panes and show pane `name`."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.main_screen.action_show_pane(name)

    def on_show_subject(self, message: ShowSubject) -> None:
        from .screens.detail import SubjectScreen

        if message.subject_id in self.report.subjects_by_id:
            self.push_screen(
                SubjectScreen(
                    self.report, message.subject_id, lang=self.lang, comparison=self.comparison
                )
            )

    def on_show_figure(self, message: ShowFigure) -> None:
        from .screens.detail import FigureScreen

        if message.figure_id in self.report.figures_by_id:
            self.push_screen(
                FigureScreen(
                    self.report, message.figure_id, lang=self.lang, comparison=self.comparison
                )
            )

    # --- the command palette ------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the dashboard, as palette commands (with the key that does it)."""
        for command in super().get_system_commands(screen):
            # Textual's own commands (theme, keys, screenshot) stay; quit gets its key too.
            yield command._replace(title="Quit (q)") if command.title == "Quit" else command
        for number, pane in enumerate(self.main_screen.panes, 1):
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
        if self.path is not None:
            yield SystemCommand(
                "Reload from disk (r)", "Load the file again now / 重新载入", self.action_reload
            )
            yield SystemCommand(
                "Save (ctrl+s)", "Write the changes to the file / 保存", self.action_save
            )
            yield SystemCommand(
                "Save as… (w)", "Write the report to another file / 另存为", self.action_save_as
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
            from .widgets.donations_pane import DonationsPane

            donations = next((a for a in focused.ancestors if isinstance(a, DonationsPane)), None)
            if donations is not None and self.path is not None:
                yield SystemCommand(
                    "Add gift (a)", "Add an itemised gift / 添加捐赠", donations.action_add_gift
                )
        from .screens.detail import DetailScreen

        if isinstance(screen, DetailScreen):
            yield SystemCommand("Back (escape)", "Close the detail", screen.action_back)
            if screen.check_action("edit", ()):
                yield SystemCommand(
                    "Edit figure (e)",
                    "Value, raw form, lower bound, excerpt / 编辑数字",
                    screen.action_edit,
                )
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


class FileDashboardApp(DashboardApp):
    """The dashboard of a snapshot file: it follows the file, and edits are saved to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", tooltip="Load the file again from disk"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the changes to the file"),
        Binding("w", "save_as", "Save as", show=False, tooltip="Save under another name"),
    ]


def make_app(
    report: Report,
    *,
    lang: Lang = "en",
    theme: str | None = None,
    compare: Report | None = None,
    compare_name: str = "",
    path: Path | None = None,
    stamp: FileStamp | None = None,
    comment_lines: Sequence[int] | None = None,
    clock: Callable[[], datetime] | None = None,
) -> DashboardApp:
    """The dashboard on `report`; a ValueError, before anything is drawn, for a bad option.

    `path`: the file `report` was loaded from, followed while the app runs (edits are saved
    there); `stamp` and `comment_lines`: from `tui.save.load_snapshot` of it (without them
    the app loads the file again at once to know them). `compare`: an older snapshot to
    compare with, named `compare_name`. `clock`: what "now" is (tests fix it).
    """
    if lang not in LANGS:
        raise ValueError(f"--lang: expected one of {', '.join(LANGS)}, got {lang!r}")
    app_class = FileDashboardApp if path is not None else DashboardApp
    app = app_class(
        report,
        lang=lang,
        compare=compare,
        compare_name=compare_name,
        path=path,
        stamp=stamp,
        comment_lines=comment_lines,
        clock=clock,
    )
    if theme is not None:
        themes = sorted(app.available_themes)
        if theme not in themes:
            raise ValueError(
                f"--theme: unknown theme {theme!r}; choose one of: {', '.join(themes)}"
            )
        app.theme = theme
    return app
