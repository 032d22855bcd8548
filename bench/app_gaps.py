"""How long the dashboard's screen can be held up while a large report loads or reloads.

The dashboard runs headless (`run_test`, 120x40) on a report of N records (100,000 by
default, written by bench/make_report.py with its fixed seed), opened the way the command
line opens a large file: `make_app(None, path=...)`, a loading screen at once, the file
loaded in a thread worker, then the panes. While it runs, a 10 ms interval timer of the app
records when it fires. A timer fires on the event loop, the loop that also handles keys and
draws the screen; the longest wait between two of its ticks is therefore the longest time
the screen could not have been updated (a frame blocked). Timers skip ticks they missed, so a
blocked loop shows as one long gap, not as a burst. The screen's own updates (`App._display`)
are counted too, to show that it was drawn while the load went on.

Phases, each with its longest gap:

- loading: from the first frame (the loading screen) until the panes replace it;
- panes: the first second and a half of the panes (the overview fills its tables and charts;
  a large table builds its filter index in the background);
- reload, changed: the file replaced with its first unit renamed, found by the app's poll
  of the file's status (load in the worker, compare, show the new report in the overview
  and the Units pane, both built), plus a second;
- reload, unchanged: `r` on the same file (load and compare; nothing to show), plus a second.

    python bench/app_gaps.py [N] [--file PATH] [--runs 3]

Each run is a fresh process (see `main`).

A benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from make_report import report_file  # bench/ is on the path of a script run from it

SIZE = (120, 40)
TICK = 0.010
#: Seconds watched after a phase's work is done: what it leaves to the event loop.
AFTER = 1.0
PANES_WATCH = 1.5


@dataclass
class Ticks:
    """Times of the timer's ticks and of the screen's updates, and the phase they fall in."""

    phase: str = "start"
    last_tick: float = field(default_factory=time.perf_counter)
    gaps: dict[str, float] = field(default_factory=dict)
    worst_at: dict[str, float] = field(default_factory=dict)
    paints: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last_tick
        self.last_tick = now
        if gap > self.gaps.get(self.phase, 0.0):
            self.gaps[self.phase] = gap
            self.worst_at[self.phase] = now - self.started
        return None

    def painted(self) -> None:
        self.paints[self.phase] = self.paints.get(self.phase, 0) + 1

    def enter(self, phase: str) -> None:
        self.phase = phase
        self.gaps.setdefault(phase, 0.0)


async def _until(check: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the dashboard did not get there in time")
        await asyncio.sleep(0.005)


def _renamed_first_unit(data: bytes) -> bytes:
    """The report `data` with its first unit renamed."""
    at = data.index(b"\n[[units]]")
    at = data.index(b'en = "', at) + len(b'en = "')
    return data[:at] + b"Renamed " + data[at:]


def _replace(path: Path, data: bytes) -> None:
    """Replace the file, whole, as an editor saving it would."""
    temp = path.with_name(path.name + ".new")
    temp.write_bytes(data)
    os.replace(temp, path)


async def one_run(path: Path) -> Ticks:
    from tui.ui.app import make_app

    app = make_app(None, path=path)
    ticks = Ticks()
    display = app._display

    def counted_display(screen: Any, renderable: Any) -> None:
        ticks.painted()
        display(screen, renderable)

    app._display = counted_display  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        ticks.enter("loading")
        app.set_interval(TICK, ticks.tick, name="gap-ticks")
        await _until(lambda: not app.loading)
        ticks.enter("panes")
        await asyncio.sleep(PANES_WATCH)
        assert app.screen.query("#sections-table"), "the overview was not filled"

        # Build the Units pane too, so that a reload updates two large tables.
        ticks.enter("idle")
        await pilot.press("2")
        await asyncio.sleep(AFTER)
        await pilot.press("1")
        await asyncio.sleep(AFTER)

        # The new version is made ready before the phase, and written by another thread:
        # decoding or encoding 60 MB holds the interpreter lock, and would hold up the timer
        # itself. The app's poll of the file's status finds the change.
        # Only a weak reference: the replaced report is the app's to free, within the phase.
        replaced = weakref.ref(app.report)
        renamed = _renamed_first_unit(path.read_bytes())
        await asyncio.sleep(AFTER)
        ticks.enter("reload, changed")
        await asyncio.to_thread(_replace, path, renamed)
        await _until(lambda: app.report is not replaced())
        await asyncio.sleep(AFTER)

        ticks.enter("idle")
        await asyncio.sleep(AFTER)
        shown = app.report
        ticks.enter("reload, unchanged")
        await pilot.press("r")
        await _until(lambda: not any(w.group == "reload" for w in app.workers))
        await asyncio.sleep(AFTER)
        assert app.report is shown
        ticks.enter("end")
    return ticks


PHASES = ("loading", "panes", "reload, changed", "reload, unchanged")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="records (100000)")
    parser.add_argument("--file", type=Path, help="a copy of this report instead of a new one")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes, one after another")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # one run, on this file
    args = parser.parse_args()
    if args.one is not None:
        ticks = asyncio.run(one_run(args.one))
        print(json.dumps({"gaps": ticks.gaps, "paints": ticks.paints}))
        return 0

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = args.file if args.file is not None else report_file(folder, args.n)
        print(f"report: {source.stat().st_size / 1e6:.1f} MB; timer every {TICK * 1000:.0f} ms")
        print(f"{'run':>3}  " + "  ".join(f"{p:>18}" for p in PHASES))
        worst: dict[str, float] = {}
        for run in range(1, args.runs + 1):
            path = folder / "shown.toml"
            path.write_bytes(source.read_bytes())  # a reload changes it
            # Each run in a fresh process, so that no run starts with the garbage of the one
            # before (the benchmark's own hook makes each finished app garbage in a cycle).
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            cells = []
            for phase in PHASES:
                gap = result["gaps"].get(phase, 0.0)
                worst[phase] = max(worst.get(phase, 0.0), gap)
                cells.append(f"{gap * 1000:6.0f} ms ({result['paints'].get(phase, 0):>3} upd)")
            print(f"{run:>3}  " + "  ".join(f"{c:>18}" for c in cells), flush=True)
        print()
        print("longest gap between ticks, worst of all runs (target < 100 ms):")
        for phase in PHASES:
            mark = "meets" if worst[phase] < 0.1 else "MISSES"
            print(f"  {phase:18} {worst[phase] * 1000:5.0f} ms  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
