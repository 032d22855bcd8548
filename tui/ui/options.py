"""The options of a dashboard: one value that `make_app` and the apps take, instead of a long
list of keyword arguments repeated at each of them.

`AppKeywords` names the same fields for `make_app(report, **keywords)`, so that a type checker
checks a call written with keywords too; tests/test_session.py checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from ..core.model import Lang, Report
from ..core.save import FileStamp
from ..core.settings import Settings

#: How often the file's status is looked at: a change shows within a second.
POLL_SECONDS = 0.4


@dataclass(frozen=True, slots=True, kw_only=True)
class AppOptions:
    """How to open a dashboard; see `tui.ui.app.make_app` for what each option does."""

    #: The language of labels and data at start.
    lang: Lang = "en"
    #: A Textual theme by name; None keeps the default.
    theme: str | None = None
    #: An older snapshot to compare with, loaded already, and the name it is shown by.
    compare: Report | None = None
    compare_name: str = ""
    #: The file of the report: followed, and saved to. None: a read-only dashboard.
    path: Path | None = None
    #: The file's stamp and comment lines as loaded (`tui.core.save.load_snapshot`).
    stamp: FileStamp | None = None
    comment_lines: tuple[int, ...] | None = None
    #: What "now" is, for the times the file bar shows (tests fix it).
    clock: Callable[[], datetime] = datetime.now
    #: The file of an older snapshot to load after the report, on the loading screen.
    compare_path: Path | None = None
    #: How often the file's status is looked at, in seconds.
    poll_seconds: float = POLL_SECONDS
    #: Follow `path` but never edit or save it (a dashboard served to readers).
    read_only: bool = False
    #: Where the theme and language chosen are remembered (`tui.core.settings`); None
    #: remembers nothing.
    settings: Settings | None = None


class AppKeywords(TypedDict, total=False):
    """The fields of `AppOptions`, as keywords of `make_app`."""

    lang: Lang
    theme: str | None
    compare: Report | None
    compare_name: str
    path: Path | None
    stamp: FileStamp | None
    comment_lines: tuple[int, ...] | None
    clock: Callable[[], datetime]
    compare_path: Path | None
    poll_seconds: float
    read_only: bool
    settings: Settings | None
