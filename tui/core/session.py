"""The file behind a dashboard that follows and saves it: what is known of it, and what to do next.

Plain Python: no Textual here. A `FileSession` holds the file's path, the stamp and comment
lines of the version last loaded or saved, the report that version holds, the file's status as
last seen, and a generation number. The app keeps the workers (which call `load_snapshot` and
`save_report` off the event loop) and the screen changes; the session decides, and tests drive
it without an app:

- `poll()`: whether the file's status changed since last seen (one `stat`).
- `begin_reload()` gives the reload its generation; `reload_outcome()` says, when the reload
  lands, what to do with it: `Stale` (a save, a newer load or another report shown came in the
  meantime, so what it read is not to be shown), `Problems` (the file does not load: the
  last good report stays), `Ignored` (unsaved changes are on screen: the file is not loaded
  over them), `Replace` or `Unchanged`.
- `begin_save()` supersedes every reload in flight; `save_outcome()` takes the save's result on.
- `save_decision()`: nothing to save, still loading, ask about the comments a save drops, the
  bundled report (read-only: save as `./report.toml` instead), or save to the file with the
  stamp it was loaded with; `save_as_target()` the same for a name the user typed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .loader import default_report_path
from .model import Report
from .safe import visible_line
from .save import ConflictError, FileStamp, SaveError, SaveResult, Snapshot

#: A file's status as last seen: inode, size, modification and change times; None if absent.
Signature = tuple[int, int, int, int] | None


def signature(path: Path) -> Signature:
    """The status of the file at `path` now; None when there is none."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def shown_path(path: Path) -> str:
    """`path` as the dashboard shows it: whole, as it was given, a relative one from `./`, so
    that a reader sees where the file is; control characters made visible."""
    if path.is_absolute() or path.parts[:1] == (os.pardir,):
        return visible_line(str(path))
    return visible_line(f"{os.curdir}{os.sep}{path}")


def is_bundled(path: Path) -> bool:
    """Whether `path` is the report that comes with the package (symlinks resolved)."""
    try:
        return path.resolve() == default_report_path().resolve()
    except (OSError, RuntimeError, ValueError):
        return False


# --- what a reload that landed comes to ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stale:
    """The reload was overtaken: what it read is not to be shown."""

    #: Overtaken only by another report shown (an edit): the file may have changed all the
    #: same, and must be looked at again. A save or a newer load knows better than it did.
    look_again: bool


@dataclass(frozen=True, slots=True)
class Problems:
    """The file does not load (invalid, vanished, empty): the last good report stays."""

    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ignored:
    """Unsaved changes are on screen: the file is not loaded over them."""

    #: Whether the file's content differs from the version the changes were made to.
    disk_changed: bool


@dataclass(frozen=True, slots=True)
class Replace:
    """The file holds a new version of the report: show it."""

    report: Report


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The file holds the report shown."""


ReloadOutcome = Stale | Problems | Ignored | Replace | Unchanged


# --- what ctrl+s comes to -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Busy:
    """A save is under way."""


@dataclass(frozen=True, slots=True)
class StillLoading:
    """The file's stamp or comments are not known yet: a save could not be checked."""


@dataclass(frozen=True, slots=True)
class NothingToSave:
    """The report shown is the one on disk."""


@dataclass(frozen=True, slots=True)
class AskAboutComments:
    """The file has comments, which a save drops: ask before the first save."""

    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProposeSaveAs:
    """The file is the bundled report, read-only: offer to save under another name."""

    proposal: str


@dataclass(frozen=True, slots=True)
class AskOverwrite:
    """The file named exists: ask before writing over it."""

    path: Path


@dataclass(frozen=True, slots=True)
class Refused:
    """The file named is the bundled report, which is never written."""

    path: Path


@dataclass(frozen=True, slots=True)
class SaveTo:
    """Save to `path`, expecting the file there to be as `expected` says (None: any)."""

    path: Path
    expected: FileStamp | None


SaveDecision = Busy | StillLoading | NothingToSave | AskAboutComments | ProposeSaveAs | SaveTo
SaveAsDecision = Refused | AskOverwrite | SaveTo


# --- what a save that ended comes to --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Saved:
    """The report is in the file `path` (now the one followed)."""

    path: Path
    #: The backup of the previous version; None when there was none or nothing was written.
    backup: Path | None
    #: Whether the report went to another file than the one followed until then.
    renamed: bool


@dataclass(frozen=True, slots=True)
class Conflict:
    """The file changed on disk since it was loaded: nothing was written."""

    error: ConflictError


@dataclass(frozen=True, slots=True)
class Failed:
    """Nothing was written; `message` says why, in one line."""

    message: str


SaveOutcome = Saved | Conflict | Failed


class FileSession:
    """The file a dashboard follows and saves to, and what is known of it."""

    def __init__(
        self,
        path: Path,
        report: Report | None = None,
        stamp: FileStamp | None = None,
        comment_lines: Sequence[int] | None = None,
    ) -> None:
        self._path = path
        self._bundled = is_bundled(path)
        #: The stamp of the file as last loaded or saved: a save expects the file so.
        self.stamp = stamp
        #: Lines of the file with comments (which a save drops); None until known.
        self.comment_lines: tuple[int, ...] | None = (
            tuple(comment_lines) if comment_lines is not None else None
        )
        #: The report as last loaded or saved: what "discard my changes" goes back to.
        self.saved_report = report
        #: The file's status when last looked at.
        self.seen: Signature = None
        #: Counts what changes the report shown or the file: every reload, save and report
        #: shown takes the next number, and a reload is shown only if it is still the last.
        self.generation = 0
        self._reload_generation = 0
        self._save_generation = 0
        #: A save is under way (the file is not polled meanwhile).
        self.saving = False
        #: The user agreed that saving drops the file's comments.
        self.comments_confirmed = False

    @property
    def path(self) -> Path:
        """The file followed: the one loaded, or the one last saved as."""
        return self._path

    @property
    def bundled(self) -> bool:
        """Whether the file is the bundled report, which a save never writes."""
        return self._bundled

    # --- following ----------------------------------------------------------------------
    def start_following(self) -> bool:
        """Take the file's status as seen; whether it must be loaded now: it was not loaded
        here (no stamp or comment lines), or it changed since it was."""
        self.seen = signature(self._path)
        known = (self.stamp.size, self.stamp.mtime_ns) if self.stamp is not None else None
        now = (self.seen[1], self.seen[2]) if self.seen is not None else None
        return known is None or known != now or self.comment_lines is None

    def poll(self) -> bool:
        """Whether the file's status changed since last seen (then it is seen so); never
        while a save is under way, whose own write would look like a change."""
        if self.saving:
            return False
        now = signature(self._path)
        if now == self.seen:
            return False
        self.seen = now
        return True

    def begin_reload(self) -> int:
        """A reload starts: its generation, which supersedes any reload before it."""
        self.generation += 1
        self._reload_generation = self.generation
        return self.generation

    def shown(self) -> None:
        """Another report is shown (edited, or put back): reloads in flight are stale."""
        self.generation += 1

    def first_load(self, snapshot: Snapshot) -> None:
        """Take on the first load of the file."""
        self._take(snapshot)

    def reload_outcome(
        self, generation: int, loaded: Snapshot | tuple[str, ...], *, same: bool, dirty: bool
    ) -> ReloadOutcome:
        """What to do with the reload of `generation` that landed.

        `loaded`: the snapshot read, or the problem lines of a file that does not load;
        `same`: whether the report read equals the one shown when the reload began; `dirty`:
        whether the report shown has unsaved changes. A reload that is still the last thing
        begun is taken on here (stamp, comment lines, saved report).
        """
        if generation != self.generation:
            overtaken = generation < self._reload_generation or generation < self._save_generation
            return Stale(look_again=not overtaken)
        if not isinstance(loaded, Snapshot):
            return Problems(loaded or (f"{self._path}: cannot be loaded",))
        if dirty:
            same_content = self.stamp is not None and loaded.stamp.same_content(self.stamp)
            return Ignored(disk_changed=not same_content)
        self._take(loaded)
        return Unchanged() if same else Replace(loaded.report)

    def _take(self, snapshot: Snapshot) -> None:
        self.stamp = snapshot.stamp
        self.comment_lines = snapshot.comment_lines
        self.saved_report = snapshot.report

    # --- saving -------------------------------------------------------------------------
    def save_as_proposal(self) -> str:
        """The name a save as proposes: `./report.toml` for the bundled report (beside the
        user, not inside the installed package), else `NAME-edited.toml` beside the file."""
        if self._bundled:
            return f"{os.curdir}{os.sep}{self._path.name}"
        return str(self._path.with_name(f"{self._path.stem}-edited{self._path.suffix}"))

    def save_decision(self, *, dirty: bool) -> SaveDecision:
        """What saving to the file followed comes to now."""
        if self.saving:
            return Busy()
        if self.stamp is None or self.comment_lines is None:
            return StillLoading()
        if not dirty:
            return NothingToSave()
        if self._bundled:
            return ProposeSaveAs(self.save_as_proposal())
        if self.comment_lines and not self.comments_confirmed:
            return AskAboutComments(self.comment_lines)
        return SaveTo(self._path, self.stamp)

    def save_as_target(self, target: Path) -> SaveAsDecision:
        """What saving under the name `target` comes to (written whatever is there)."""
        if is_bundled(target):
            return Refused(target)
        if target.exists():
            return AskOverwrite(target)
        return SaveTo(target, None)

    def begin_save(self) -> None:
        """A save starts: reloads in flight are stale, and the file is not polled."""
        self.saving = True
        self.generation += 1
        self._save_generation = self.generation

    def save_outcome(
        self, path: Path, result: SaveResult | SaveError, report: Report
    ) -> SaveOutcome:
        """Take on the end of the save of `report` to `path`."""
        self.saving = False
        if isinstance(result, ConflictError):
            return Conflict(result)
        if isinstance(result, SaveError):
            return Failed(visible_line(str(result)))
        renamed = path != self._path
        if renamed:  # saved under another name: that file is followed from now on
            self._path = path
            self._bundled = is_bundled(path)
        self.stamp = result.stamp
        self.comment_lines = ()  # tomli-w wrote none
        self.saved_report = report
        self.seen = signature(path)
        return Saved(path=path, backup=result.backup, renamed=renamed)
