"""The dashboard apps and `make_app`, the one factory the command line and the tests use.

`DashboardApp` shows a report, read-only: the report is loaded outside the app and passed in.
It holds the language of labels (`lang`, switched with `l`), pushes a detail screen when a
pane asks for one (`ShowSubject`, `ShowFigure`), and offers every action in the command
palette. `FileDashboardApp` is the dashboard of a snapshot file (`make_app(..., path=...)`):
it follows the file, edits the report and saves it. What it knows of the file, and what a
reload or a save that ended comes to, is decided by a `tui.core.session.FileSession`, plain
Python; the app keeps the thread workers that load and save, and the screen changes.

- First load of a large file. `make_app(None, path=...)` opens at once on a loading screen
  (the file's name, its size, a progress bar) and loads the file in a thread worker, with the
  loader's progress shown as it parses; the panes replace the loading screen when it is done.
  What the panes would compute from a report on the event loop (the comparison, the
  overview's groups and totals) is computed in that thread too. An invalid file ends the app
  with return code 2 and its problem lines in `load_problems`, for the command line to print
  as `check` does.
- Live reload. Every `AppOptions.poll_seconds` the file's status (inode, size, times) is
  compared with the last seen; on a change it is loaded again in a thread worker (parsed in
  chunks, compared with the report shown and prepared for the panes there), so that a large
  file never blocks the screen. A valid file replaces the report in place (pane, sort,
  filter and selected row kept where the data allows); an invalid, vanished or empty one
  never does: the last good report stays and a banner shows the problem lines until the file
  is fixed. `r` reloads at once. While there are unsaved changes, a change on disk is only
  reported, never loaded over them. A reload overtaken by a save, a newer load or an edit is
  dropped when it lands (the session's generation number).
- Read-only (`make_app(..., path=..., read_only=True)`, a `ReadOnlyDashboardApp`, for a
  dashboard served to readers who must not change the file): it follows the file as above,
  but editing, adding and saving are refused. Their keys leave the footer (`ctrl+s` stays, as
  "Read-only", and says why when pressed), the palette and help say "read-only", and so does
  the file bar.
- Edits. `e` in a detail edits a figure, `a` on the Donations pane adds a gift; each form
  checks with the rules of `check`. The report then has unsaved changes until `ctrl+s`.
- Saving. `tui.core.save.save_report`, in a thread worker, with the stamp of the file as
  loaded: a file changed on disk since is not overwritten; the user may reload or save under
  another name (`w`). Before the first save of a file with comments, the user is warned that
  they will be dropped. The bundled report is never written: `ctrl+s` on it saves as
  `./report.toml`. Every save ends with a notification naming the file and its backup, and
  the file bar says when it was saved. Quitting with unsaved changes asks first. Errors are
  one-line notifications, never a traceback.

The time of the last load or save is shown with an injectable `clock`, so that snapshots stay
deterministic; a report without a file shows nothing time-related.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Unpack

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from ..core.loader import load_report
from ..core.model import LANGS, Lang, Report
from ..core.outputs import EXIT_INVALID
from ..core.problems import Problem, ReportError
from ..core.release import free_gently
from ..core.safe import visible_line
from ..core.save import (
    ConflictError,
    FileStamp,
    SaveError,
    SaveResult,
    Snapshot,
    load_snapshot,
    save_report,
)
from ..core.session import (
    AskAboutComments,
    AskOverwrite,
    Busy,
    Conflict,
    Failed,
    FileSession,
    Ignored,
    NothingToSave,
    Problems,
    ProposeSaveAs,
    Refused,
    Replace,
    Saved,
    Stale,
    StillLoading,
    shown_path,
)
from ..widgets.file_bar import FileState
from ..widgets.overview_pane import overview_of
from ..widgets.size_notice import MIN_HEIGHT, MIN_WIDTH
from ..widgets.text import ui
from .keys import bindings
from .options import AppKeywords, AppOptions
from .palette import DashboardCommands
from .screens.main import CompareScreen, MainScreen, typing_into_filter

if TYPE_CHECKING:
    from ..core.comparison import Comparison
    from .messages import AddGift, EditFigure, ShowFigure, ShowSubject
    from .screens.edit import EditResult
    from .screens.prompt import Choice

# The detail, help, form and prompt screens are imported when first opened: the first
# frame does not need them.

#: Width from which the parts of a pane sit side by side; below it they stack.
WIDE = 100
#: Width from which text wraps rather than being cut with `…`.
MEDIUM = 80
#: Classes of the screens over the panes that take keys for themselves (forms, questions).
_MODAL_CLASSES = {"form-screen", "prompt-screen"}

#: Actions that need the report, refused while it loads.
_NEED_REPORT = {"help", "command_palette", "reload", "save", "save_as"}
#: Actions whose keys are letters, typed into a table's filter while it takes the keys.
_TYPED_KEYS = {"toggle_language", "help", "quit", "reload"}
#: Textual's palette commands that the dashboard's own repeat (`q`, `?`) or do not need.
_REPEATED_SYSTEM_COMMANDS = {"Quit", "Keys", "Maximize", "Minimize"}
#: The mode of the panes when they replace the loading screen (`_show_panes`).
_PANES_MODE = "dashboard"
#: Progress shown in steps of at least this much: each step is a call into the event loop.
_PROGRESS_STEP = 0.01


class _LoadCancelled(Exception):
    """Raised from a loader's progress callback to stop loading: the app is closing."""


def prepare(report: Report) -> None:
    """Compute, now and in this thread, what the panes would compute from `report` on the event
    loop: the overview's groups and totals, and the lookups by id the panes and details use."""
    overview_of(report)
    report.subjects_by_id  # noqa: B018  (a cached property: computed once, kept)


class DashboardApp(App[None]):
    """A keyboard-first dashboard of one report snapshot, read-only."""

    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *App.COMMANDS,
        DashboardCommands,
    }
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

    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    #: The report shown; not set while `loading`.
    report: Report

    lang: reactive[Lang] = reactive("en")
    """The language of labels and data: English, or the Chinese original."""
    file_state: reactive[FileState] = reactive(FileState)
    """How the file behind the report stands: name, last load, unsaved changes, problems."""

    def __init__(self, report: Report | None, options: AppOptions) -> None:
        """`report` None: only a `FileDashboardApp`, which loads it from its file."""
        super().__init__()
        self.options = options
        #: The remembered theme and language, kept up to date; None: nothing remembered.
        self.settings = options.settings
        #: Whether the report is still being loaded (on the loading screen).
        self.loading = report is None
        #: The problems that stopped the loading of the report; the app then exits with
        #: `EXIT_INVALID`, and the command line prints them.
        self.load_problems: tuple[Problem, ...] = ()
        #: The older snapshot compared with, when comparing.
        self.compare = options.compare
        self._compare_name = options.compare_name
        self.comparison: Comparison | None = None
        if report is not None:
            self.report = report
            self.comparison = self._compared(report)
        self.clock = options.clock
        self.set_reactive(DashboardApp.lang, options.lang)
        comparing = options.compare is not None or options.compare_path is not None
        self.set_reactive(
            DashboardApp.file_state,
            FileState(compared_with=visible_line(options.compare_name) if comparing else ""),
        )

    @property
    def editable(self) -> bool:
        """Whether the report can be edited and saved: only that of a file, not read-only."""
        return False

    @property
    def read_only(self) -> bool:
        """Whether the dashboard follows a file that it refuses to change."""
        return False

    def _compared(self, report: Report) -> Comparison | None:
        """`report` compared with the older snapshot, when comparing (slow for a large one)."""
        if self.compare is None:
            return None
        from ..core.comparison import Comparison

        return Comparison.between(self.compare, report, self._compare_name)

    def get_default_screen(self) -> Screen[None]:
        return self._panes_screen()

    def on_mount(self) -> None:
        # Textual calls this for every class of the app (a subclass's own `on_mount` too).
        if self.settings is not None:
            from .remember import remember

            remember(self, self.settings)

    def _panes_screen(self) -> MainScreen:
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

    def _set_state(self, state: FileState) -> None:
        """Show `state` (made with `dataclasses.replace`, whose keywords mypy checks)."""
        self.file_state = state
        self.refresh_bindings()

    @property
    def _modal_open(self) -> bool:
        return bool(self.screen.classes & _MODAL_CLASSES)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.loading and action in _NEED_REPORT:
            return False
        if action in _TYPED_KEYS and typing_into_filter(self.screen):
            return False  # their keys go into the filter: the footer shows the filter's keys
        # While a question is open, it is answered (or escaped) before quitting.
        return not (action == "quit" and self._modal_open)

    # --- showing a new version of the report -------------------------------------------------
    def set_report(self, report: Report, comparison: Comparison | None = None) -> None:
        """Show `report` on every screen, in place, and compare it when comparing.

        `comparison`: `report` compared already (in a worker); computed here if not given.
        """
        self.report = report
        free_gently(report)  # an edited report is new to the loader: dropped later, gently
        if comparison is None or comparison.new is not report:
            comparison = self._compared(report)
        self.comparison = comparison
        self.main_screen.update_report(report, self.comparison)
        from .screens.detail import DetailScreen

        for screen in self.screen_stack[1:]:
            if isinstance(screen, DetailScreen):
                self.call_later(screen.update_report, report, self.comparison)

    # --- actions ------------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit (once the question open, if any, is answered)."""
        if not self._modal_open:
            self.exit()

    def action_toggle_language(self) -> None:
        """Switch every label between English and the Chinese original."""
        self.lang = "zh" if self.lang == "en" else "en"

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(
                HelpScreen(
                    lang=self.lang,
                    file=isinstance(self, FileDashboardApp),
                    comparing=self.comparison is not None,
                    read_only=self.read_only,
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
                    self.report,
                    message.subject_id,
                    lang=self.lang,
                    comparison=self.comparison,
                    editable=self.editable,
                )
            )

    def on_show_figure(self, message: ShowFigure) -> None:
        from .screens.detail import FigureScreen

        if message.figure_id in self.report.figures_by_id:
            self.push_screen(
                FigureScreen(
                    self.report,
                    message.figure_id,
                    lang=self.lang,
                    comparison=self.comparison,
                    editable=self.editable,
                )
            )

    # --- the command palette ------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands that the dashboard's do not repeat: the theme, the screenshot
        (`tui.ui.palette` offers quitting, and every key, which the help lists)."""
        for command in super().get_system_commands(screen):
            if command.title not in _REPEATED_SYSTEM_COMMANDS:
                yield command


class FileDashboardApp(DashboardApp):
    """The dashboard of a snapshot file: it follows the file, and edits are saved to it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("file")

    def __init__(self, report: Report | None, options: AppOptions, path: Path) -> None:
        super().__init__(report, options)
        self.session = FileSession(path, report, options.stamp, options.comment_lines)
        #: The older snapshot's file, loaded after the report's on the loading screen.
        self._compare_path = options.compare_path
        self.set_reactive(
            DashboardApp.file_state,
            replace(
                self.file_state,
                name=visible_line(path.name),
                path=shown_path(path),
                loaded_at=self._now() if report is not None else "",
            ),
        )

    @property
    def editable(self) -> bool:
        return True

    @property
    def path(self) -> Path:
        """The file followed: the one loaded, or the one last saved as."""
        return self.session.path

    @property
    def stamp(self) -> FileStamp | None:
        """The stamp of the file as last loaded or saved; None until known."""
        return self.session.stamp

    @property
    def comment_lines(self) -> tuple[int, ...] | None:
        """Lines of the file with comments (which a save drops); None until known."""
        return self.session.comment_lines

    def get_default_screen(self) -> Screen[None]:
        if not self.loading:
            return self._panes_screen()
        files = [self.path] if self._compare_path is None else [self.path, self._compare_path]
        from .screens.loading import LoadingScreen  # only a large file needs it

        name = ", ".join(file.name for file in files)
        return LoadingScreen(name, sum(map(_size_of, files)), lang=self.lang)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _TYPED_KEYS and typing_into_filter(self.screen):
            return False  # `r` goes into the filter being typed
        if action in ("reload", "save", "save_as") and not self.loading:
            if self._modal_open:
                return False
            if action == "save" and not self.dirty:
                return None  # shown, dimmed: there is nothing to save
            return True
        return super().check_action(action, parameters)

    def set_report(self, report: Report, comparison: Comparison | None = None) -> None:
        self.session.shown()  # a reload in flight read the file for the report shown before
        super().set_report(report, comparison)

    # --- the first load of a large file ------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_first(self, path: Path) -> None:
        """Load `path` off the event loop, showing the progress; `_first_loaded` takes it on."""
        worker = get_current_worker()
        told = -1.0

        def progress(fraction: float) -> None:
            nonlocal told
            if worker.is_cancelled:
                raise _LoadCancelled  # the app is closing: stop at the next chunk
            if fraction - told >= _PROGRESS_STEP or (fraction >= 1.0 > told):
                told = fraction
                self.call_from_thread(self._show_progress, fraction)

        # With an older snapshot to load too, each file's part of the bar is its part of
        # the bytes.
        older = self._compare_path
        sizes = [_size_of(path), _size_of(older) if older is not None else 0]
        share = sizes[0] / sum(sizes) if sum(sizes) else 1.0

        outcome: tuple[Snapshot, Comparison | None] | tuple[Problem, ...]
        loading = path
        try:
            snapshot = load_snapshot(path, lambda fraction: progress(share * fraction))
            if older is not None:
                loading = older
                # Read here only, before the panes exist: nothing on the event loop reads it.
                self.compare = load_report(
                    older, lambda fraction: progress(share + (1 - share) * fraction)
                )
            comparison = self._compared(snapshot.report)
            prepare(snapshot.report)
            outcome = (snapshot, comparison)
        except _LoadCancelled:
            return
        except ReportError as exc:
            outcome = exc.problems
        except Exception as exc:  # whatever it is, a problem line, never a traceback
            if worker.is_cancelled:
                return
            reason = f"cannot be loaded: {type(exc).__name__} (expected a TOML report file)"
            outcome = (Problem(visible_line(str(loading)), 1, 1, "(file)", reason),)
        if not worker.is_cancelled:
            self.call_from_thread(self._first_loaded, path, outcome)

    def _show_progress(self, fraction: float) -> None:
        from .screens.loading import LoadingScreen

        for screen in self.screen_stack:
            if isinstance(screen, LoadingScreen):
                screen.set_progress(fraction)

    def _first_loaded(
        self, path: Path, outcome: tuple[Snapshot, Comparison | None] | tuple[Problem, ...]
    ) -> None:
        """Show the panes of the report loaded; or exit with the problems that stopped it."""
        if not outcome or not isinstance(outcome[0], Snapshot):
            problems = tuple(p for p in outcome if isinstance(p, Problem))
            self.load_problems = problems or (
                Problem(visible_line(str(path)), 1, 1, "(file)", "cannot be loaded"),
            )
            self.exit(return_code=EXIT_INVALID)
            return
        snapshot, comparison = outcome
        assert isinstance(snapshot, Snapshot) and not isinstance(comparison, Problem)
        self.report = snapshot.report
        self.comparison = comparison
        self.session.first_load(snapshot)
        self._show_progress(1.0)
        self.call_later(self._show_panes)

    async def _show_panes(self) -> None:
        """Replace the loading screen with the panes, and start following the file."""
        self.loading = False
        self._set_state(replace(self.file_state, loaded_at=self._now()))
        # The loading screen is the base of the default mode, which cannot be replaced (a
        # base screen has no result to give back) nor removed: the panes get a mode of their
        # own, and the loading screen stays behind, out of sight.
        self.add_mode(_PANES_MODE, self._panes_screen)
        await self.switch_mode(_PANES_MODE)
        self._follow()

    # --- live reload ------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.loading:
            self._load_first(self.path)
        else:
            self._follow()

    def _follow(self) -> None:
        """Start following the file: load it again whenever its status changes."""
        if self.session.start_following():
            # Not loaded here, or changed since it was: load it now, as a change would be.
            self._start_reload()
        self.set_interval(self.options.poll_seconds, self._poll, name="file-poll")

    def _poll(self) -> None:
        """Load the file again when its status changed since last seen (cheap: one stat)."""
        if self.session.poll():
            self._start_reload()

    def _start_reload(self) -> None:
        self._reload(self.path, self.session.begin_reload(), self.report)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, path: Path, generation: int, shown: Report) -> None:
        """Load `path` off the event loop; the result is taken on by `_reloaded`, on it.

        `shown`: the report on screen when the reload began, which the file is compared with.
        """
        worker = get_current_worker()
        loaded: Snapshot | tuple[str, ...]
        try:
            loaded = load_snapshot(path)
        except ReportError as exc:
            loaded = tuple(str(p) for p in exc.problems)
        except Exception as exc:  # whatever it is, a banner line, never a traceback
            loaded = (f"{path}:1:1: (file): cannot be loaded: {type(exc).__name__}",)
        # Comparing two large reports takes a while (docs/benchmarks.md): here, not on the
        # event loop. What the panes need of a new report is computed here too.
        same = isinstance(loaded, Snapshot) and loaded.report == shown
        comparison = None
        if isinstance(loaded, Snapshot) and not same:
            comparison = self._compared(loaded.report)
            prepare(loaded.report)
        if not worker.is_cancelled:
            self.call_from_thread(self._reloaded, generation, loaded, same, comparison)

    def _reloaded(
        self,
        generation: int,
        loaded: Snapshot | tuple[str, ...],
        same: bool,
        comparison: Comparison | None,
    ) -> None:
        """Take on what the reload of `generation` found; `same`: whether it equals the report
        shown when it began; `comparison`: the new report compared with the older snapshot."""
        outcome = self.session.reload_outcome(generation, loaded, same=same, dirty=self.dirty)
        state = self.file_state
        if isinstance(outcome, Stale):
            if outcome.look_again:
                self._start_reload()
        elif isinstance(outcome, Problems):
            # An invalid, vanished or half-written file never replaces good data.
            self._set_state(replace(state, problems=outcome.lines))
        elif isinstance(outcome, Ignored):
            # Unsaved changes are never loaded over; say that the file changed, if it did.
            self._set_state(replace(state, problems=(), disk_changed=outcome.disk_changed))
        else:  # Replace or Unchanged: the file is as shown now, or it is shown
            loaded_at = self._now()
            self._set_state(
                replace(state, problems=(), disk_changed=False, loaded_at=loaded_at, saved_at="")
            )
            if isinstance(outcome, Replace):
                self.set_report(outcome.report, comparison)

    def action_reload(self) -> None:
        """Load the file again now; with unsaved changes, ask first."""
        if not self.dirty:
            self._start_reload()
            return
        from .screens.prompt import Choice

        lang = self.lang
        self._ask(
            ui("reload_title", lang),
            [
                ui("has_unsaved", lang, name=self.file_state.name),
                ui("reload_drops", lang),
            ],
            [
                Choice("reload", "r", ui("reload", lang), "warning"),
                Choice("cancel", "escape", ui("cancel", lang)),
            ],
            self._reload_answered,
        )

    def _reload_answered(self, answer: str | None) -> None:
        if answer == "reload":
            self._discard_and_reload()

    def _discard_and_reload(self) -> None:
        self._set_state(replace(self.file_state, dirty=False, disk_changed=False))
        saved = self.session.saved_report
        if saved is not None and saved != self.report:
            self.set_report(saved)
        self._start_reload()

    # --- edits ------------------------------------------------------------------------------
    def on_edit_figure(self, message: EditFigure) -> None:
        from .screens.edit import EditFigureScreen

        if message.figure_id not in self.report.figures_by_id:
            return
        self.push_screen(
            EditFigureScreen(self.report, message.figure_id, lang=self.lang), self._edited
        )

    def on_add_gift(self, message: AddGift) -> None:
        from .screens.edit import AddGiftScreen

        if not self.report.subjects:
            return
        self.push_screen(AddGiftScreen(self.report, lang=self.lang), self._edited)

    def _edited(self, result: EditResult | None) -> None:
        if result is None:
            return
        if result.base is not self.report:
            self.notify(
                ui("changed_while_open", self.lang),
                title=ui("not_applied", self.lang),
                severity="warning",
                markup=False,
            )
            return
        self.set_report(result.report)
        self._set_state(replace(self.file_state, dirty=True))
        if result.gift_id is not None:
            self._select_gift(result.gift_id)
        if result.save:
            self.action_save()

    def _select_gift(self, gift_id: str) -> None:
        """Select the row of a gift just added, in the Donations table: where it went."""
        from ..widgets.table import ReportTable

        for table in self.main_screen.query("#gifts").results(ReportTable):
            if table.move_cursor_to(lambda gift: getattr(gift, "id", None) == gift_id):
                table.focus()

    # --- saving -----------------------------------------------------------------------------
    def action_save(self, then_quit: bool = False) -> None:
        """Save the report to its file (asking first if the file has comments; the bundled
        report is saved under another name)."""
        decision = self.session.save_decision(dirty=self.dirty)
        if isinstance(decision, Busy):
            return
        if isinstance(decision, StillLoading):
            self.notify(ui("still_loading", self.lang), markup=False)
        elif isinstance(decision, NothingToSave):
            if then_quit:
                self.exit()
            else:
                self.notify(ui("nothing_to_save", self.lang), markup=False)
        elif isinstance(decision, AskAboutComments):
            self._ask_about_comments(decision.lines, then_quit)
        elif isinstance(decision, ProposeSaveAs):
            self._ask_save_as(decision.proposal, then_quit, ui("save_bundled", self.lang))
        else:
            self._save(decision.path, decision.expected, then_quit)

    def _ask_about_comments(self, lines: Sequence[int], then_quit: bool) -> None:
        from .screens.prompt import Choice

        shown = ", ".join(str(n) for n in lines[:6]) + (", …" if len(lines) > 6 else "")
        name = self.file_state.name

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.session.comments_confirmed = True
                self.action_save(then_quit)

        lang = self.lang
        self._ask(
            ui("comments_title", lang),
            [
                ui(
                    "has_comments" if len(lines) > 1 else "has_comment",
                    lang,
                    name=name,
                    lines=shown,
                ),
                ui("saving_drops_comments", lang, name=name),
            ],
            [
                Choice("save", "s", ui("save_anyway", lang), "warning"),
                Choice("cancel", "escape", ui("cancel", lang)),
            ],
            answered,
        )

    def action_save_as(self, then_quit: bool = False) -> None:
        """Save the report under another name, and follow that file from then on."""
        self._ask_save_as(self.session.save_as_proposal(), then_quit, ui("save_to", self.lang))

    def _ask_save_as(self, proposal: str, then_quit: bool, prompt: str) -> None:
        from .screens.prompt import Choice, PathScreen

        def chosen(target: Path | None) -> None:
            if target is None:
                return
            decision = self.session.save_as_target(target)
            if isinstance(decision, Refused):
                self.notify(
                    ui("bundled_refused", self.lang, name=shown_path(decision.path)),
                    title=ui("not_saved", self.lang),
                    severity="error",
                    markup=False,
                )
            elif isinstance(decision, AskOverwrite):

                def overwrite(answer: str | None) -> None:
                    if answer == "overwrite":
                        self._save(target, None, then_quit)

                self._ask(
                    ui("overwrite_title", self.lang),
                    [ui("overwrite_question", self.lang, name=visible_line(str(target)))],
                    [
                        Choice("overwrite", "o", ui("overwrite", self.lang), "warning"),
                        Choice("cancel", "escape", ui("cancel", self.lang)),
                    ],
                    overwrite,
                )
            else:
                self._save(decision.path, decision.expected, then_quit)

        self.push_screen(PathScreen(ui("save_as", self.lang), prompt, proposal), chosen)

    def _save(self, path: Path, expected: FileStamp | None, then_quit: bool) -> None:
        if self.session.saving:
            return
        self.session.begin_save()
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
        self, report: Report, path: Path, result: SaveResult | SaveError, then_quit: bool
    ) -> None:
        outcome = self.session.save_outcome(path, result, report)
        if isinstance(outcome, Conflict):
            self._conflict(outcome.error, then_quit)
            return
        if isinstance(outcome, Failed):
            self.notify(
                outcome.message, title=ui("not_saved", self.lang), severity="error", markup=False
            )
            return
        assert isinstance(outcome, Saved)
        state = replace(self.file_state, saved_at=self.clock().strftime("%H:%M"))
        if outcome.renamed:
            state = replace(
                state,
                name=visible_line(path.name),
                path=shown_path(path),
                problems=(),
                disk_changed=False,
            )
        if report is self.report:
            state = replace(state, dirty=False, disk_changed=False)
        self._set_state(state)
        name = shown_path(path)
        saved = (
            ui("saved_file_backup", self.lang, name=name, backup=outcome.backup.name)
            if outcome.backup
            else ui("saved_file", self.lang, name=name)
        )
        self.notify(visible_line(saved), title=ui("saved", self.lang), markup=False)
        if then_quit and not self.dirty:
            self.exit()

    def _conflict(self, error: ConflictError, then_quit: bool) -> None:
        from .screens.prompt import Choice

        def answered(answer: str | None) -> None:
            if answer == "reload":
                self._discard_and_reload()
            elif answer == "save_as":
                self.action_save_as(then_quit)

        self._set_state(replace(self.file_state, disk_changed=error.current is not None))
        lang = self.lang
        self._ask(
            ui("conflict_title", lang),
            [visible_line(str(error)), ui("conflict_choice", lang)],
            [
                Choice("reload", "r", ui("reload", lang), "warning"),
                Choice("save_as", "a", ui("save_as_more", lang), "primary"),
                Choice("cancel", "escape", ui("cancel", lang)),
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

        lang = self.lang
        self._ask(
            ui("unsaved_title", lang),
            [ui("not_saved_yet", lang, name=self.file_state.name)],
            [
                Choice("save", "s", ui("save", lang), "primary"),
                Choice("discard", "d", ui("discard", lang), "error"),
                Choice("cancel", "escape", ui("cancel", lang)),
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


class ReadOnlyDashboardApp(FileDashboardApp):
    """The dashboard of a snapshot file that it follows but never changes.

    The keys that would save stay bound, so that pressing one says why nothing happens
    rather than doing nothing; `ctrl+s` stays in the footer as "Read-only"."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("read_only")

    def __init__(self, report: Report | None, options: AppOptions, path: Path) -> None:
        super().__init__(report, options, path)
        self.set_reactive(DashboardApp.file_state, replace(self.file_state, read_only=True))

    @property
    def editable(self) -> bool:
        return False

    @property
    def read_only(self) -> bool:
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "save_as"):
            return False
        return super().check_action(action, parameters)

    def on_edit_figure(self, message: EditFigure) -> None:
        """Nothing is edited here."""

    def on_add_gift(self, message: AddGift) -> None:
        """Nothing is added here."""

    def action_save(self, then_quit: bool = False) -> None:
        self.action_refuse_edit()

    def action_save_as(self, then_quit: bool = False) -> None:
        self.action_refuse_edit()

    def action_refuse_edit(self) -> None:
        """Say that editing and saving are off."""
        self.notify(ui("read_only_note", self.lang), title=ui("read_only", self.lang), markup=False)


def _size_of(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def make_app(
    report: Report | None, options: AppOptions | None = None, **keywords: Unpack[AppKeywords]
) -> DashboardApp:
    """The dashboard on `report`; a ValueError, before anything is drawn, for a bad option.

    `options`, or the same as `keywords` (the fields of `AppOptions`: `AppKeywords`), or both
    (`keywords` win):

    `path`: the file `report` was loaded from, followed while the app runs (edits are saved
    there): a `FileDashboardApp`; without it a read-only `DashboardApp`. `stamp` and
    `comment_lines`: from `tui.core.save.load_snapshot` of it (without them the app loads the
    file again at once to know them). `report` None: the app loads `path` itself, in a thread
    worker behind a loading screen with a progress bar (for a large file, whose load would
    delay the first frame by seconds); if the file is invalid the app exits with
    `EXIT_INVALID` and `app.load_problems` holds the problem lines. `compare`: an older
    snapshot to compare with, named `compare_name`; `compare_path`: the file of one, for the
    app to load after `path`, on the same loading screen (with `report` None only). `clock`:
    what "now" is (tests fix it). `lang`, `theme`: of the labels, and Textual's. `read_only`:
    follow `path` but refuse editing and saving (`ReadOnlyDashboardApp`). `settings`: where
    the theme and language chosen are remembered (`tui.core.settings`; None remembers nothing).
    """
    options = replace(options or AppOptions(), **keywords)
    if options.lang not in LANGS:
        raise ValueError(f"--lang: expected one of {', '.join(LANGS)}, got {options.lang!r}")
    if report is None and options.path is None:
        raise ValueError("a dashboard needs a report, or the path of one to load")
    if options.compare_path is not None and (report is not None or options.compare is not None):
        raise ValueError("an older snapshot to load is loaded with the report, in the app")
    app: DashboardApp
    if options.path is None:
        app = DashboardApp(report, options)
    elif options.read_only:
        app = ReadOnlyDashboardApp(report, options, options.path)
    else:
        app = FileDashboardApp(report, options, options.path)
    theme = options.theme
    if theme is not None:
        themes = sorted(app.available_themes)
        if theme not in themes:
            raise ValueError(
                f"--theme: unknown theme {theme!r}; choose one of: {', '.join(themes)}"
            )
        app.theme = theme
    return app
