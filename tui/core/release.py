"""Freeing a large report a slice at a time, so that no thread holds the interpreter lock
for long while it goes.

When the last reference to a tuple of 100,000 records goes, CPython frees the tuple, every
record in it and everything each record holds, in one C-level cascade: about 0.14 s for a
report of 100,000 records, with the interpreter lock held, whichever thread drops it. The
screen is drawn on another thread, and would stop for that long.

`free_gently(report)` (the loader calls it for a large report, the app for every report it
shows, edited ones too) keeps a second reference to each top-level record of the report in a
list of its own. When the report is dropped, wherever that happens, dropping its tuples
costs only a count down per record; the list then goes to a thread that frees the records
`SLICE` at a time and offers the lock to other threads between slices.

Plain Python: no Textual here.
"""

from __future__ import annotations

import threading
import time
import weakref
from itertools import chain
from typing import Any

from .model import Report

#: Records freed at a time: about a millisecond's work for units with their measures.
SLICE = 1024
#: Reports smaller than this many top-level records are freed as Python frees them.
FROM = 5_000


def release(items: list[Any]) -> None:
    """Empty `items` from the end, `SLICE` items at a time, offering the interpreter lock to
    other threads between slices. What only the list held is freed as it goes."""
    while items:
        del items[-SLICE:]
        time.sleep(0)


def release_on_a_thread(items: list[Any]) -> None:
    """`release(items)` on a thread of its own; `items` is the caller's no longer."""
    threading.Thread(target=release, args=(items,), name="release", daemon=True).start()


#: The reports being watched, by `id` (a report's own hash and equality would compare its
#: records): each is watched once, until it is gone.
_watched: dict[int, weakref.finalize[Any, Any]] = {}


def free_gently(report: Report) -> None:
    """Free the records of `report`, once it is dropped, a slice at a time on a thread.

    For a report of `FROM` top-level records or more; a smaller one is freed quickly
    enough as it is. A report already watched is left as it is.
    """
    tables = (report.units, report.townships, report.donations, report.receipts)
    key = id(report)
    if sum(map(len, tables)) < FROM or key in _watched:
        return
    records: list[Any] = list(chain.from_iterable(tables))

    def gone() -> None:
        _watched.pop(key, None)
        release_on_a_thread(records)

    # The finaliser holds `records` until the report is gone, then hands them to a thread.
    # At exit there is nothing to spare the screen: it is not run then.
    watch = _watched[key] = weakref.finalize(report, gone)
    watch.atexit = False
