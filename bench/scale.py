"""Scale benchmark: the same report at 100, 10,000 and 100,000 records, side by side.

For each size N, on a report written by bench/make_report.py (fixed seed):

- load: `load_report` (read, nesting check, parse, checks, build), best of `--runs`, next to
  the bare `toml_rs.loads` of the same file (read and parse; the collector paused, as the
  loader pauses it). Neither counts the freeing of its result;
- gap: the longest interval between the ticks of a 1 ms clock on the main thread while
  `load_report` runs on another thread (what a screen being drawn would feel);
- the dashboard (`tui.ui.app.make_app` on the loaded report, `run_test` at 120x40), best of
  `--runs` fresh apps: the first frame of the Units pane (from pressing `2` until its
  messages are handled and the screen drawn; see `_drawn`), then, once the table's filter
  index is built, one filter keystroke (after `/`, one character until `await
  pilot.pause()`), and the jump to the last row (`G`, the same);
- peak memory (VmHWM, or `ru_maxrss` where there is no /proc), each in a fresh process,
  minus an interpreter that has only imported the loader: the bare parse (text and
  dictionaries) against the whole load.

Then the ratios that matter, against the targets of the scale issue: load / bare parse at
the largest N (1.5x); first frame, filter and jump at the largest N against the smallest
(1.5x each); peak memory of the load against the bare parse (2.5x).

    python bench/scale.py [--sizes 100,10000,100000] [--cache DIR] [--runs 3]

A benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from make_report import report_file  # bench/ is on the path of a script run from it

SIZE = (120, 40)
#: Seconds for the dashboard to settle after start-up (the overview's background filling,
#: the filter index built in slices) before anything is timed.
SETTLE = 3.0
FILTER_KEY = "7"


def best(work: Callable[[], object], runs: int = 5) -> float:
    """The shortest of `runs` timings of `work`, not counting the freeing of its result."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
        del result
    return min(times)


def time_load(path: Path, runs: int) -> tuple[float, float]:
    import toml_rs

    from tui.core.loader import load_report

    def bare_parse() -> object:
        was = gc.isenabled()
        gc.disable()
        try:
            return toml_rs.loads(path.read_text(encoding="utf-8"), toml_version="1.0.0")
        finally:
            if was:
                gc.enable()

    return best(bare_parse, runs), best(lambda: load_report(path), runs)


def longest_gap(path: Path) -> float:
    """The longest wait between 1 ms ticks of this thread while another one loads `path`."""
    from tui.core.loader import load_report

    done = threading.Event()
    loaded = []  # kept: freeing the report is not part of loading it

    def load() -> None:
        loaded.append(load_report(path))
        done.set()

    worker = threading.Thread(target=load)
    last = time.perf_counter()
    gap = 0.0
    worker.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gap = max(gap, now - last)
        last = now
    worker.join()
    return gap


def _send_key(pilot: Any, key: str) -> None:
    """Send a key as `pilot.press` does, without its wait for an idle processor."""
    from textual import events

    event = events.Key(key, key)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)


async def _drawn(pilot: Any) -> None:
    """Until every message sent so far is handled and the screen has been drawn.

    `pilot.press` and `pilot.pause()` also wait for the processor to be idle (up to a
    second): the Units table builds its filter index in the background, a slice at a time,
    between frames, so they would time that work, not the frame. This waits for what a
    frame needs.
    """
    for _ in range(2):  # mounting the pane sends messages of its own
        await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()


async def _dashboard_once(report: Any) -> tuple[float, float, float]:
    from tui.ui.app import make_app
    from tui.widgets.table import ReportTable

    app = make_app(report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await asyncio.sleep(SETTLE)
        await pilot.pause()

        start = time.perf_counter()
        _send_key(pilot, "2")
        while not app.screen.query("#units-table"):  # until the key has been handled
            await asyncio.sleep(0)
        await _drawn(pilot)
        first_frame = time.perf_counter() - start
        table = app.screen.query_one("#units-table", ReportTable)
        assert table.region.height > 0 and table._widths, "the Units table was not drawn"
        await asyncio.sleep(SETTLE)  # the table's filter index, built in the background
        await pilot.press("slash")
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press(FILTER_KEY)
        await pilot.pause()
        keystroke = time.perf_counter() - start
        expected = sum(FILTER_KEY in text for text in table._search_texts())
        assert table.row_count == expected, "the filter shows the wrong rows"

        await pilot.press("escape")
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("G")
        await pilot.pause()
        jump = time.perf_counter() - start
        assert table.cursor == len(report.units) - 1, "G did not reach the last row"
    return first_frame, keystroke, jump


def time_dashboard(path: Path, runs: int) -> tuple[float, float, float]:
    from tui.core.loader import load_report

    report = load_report(path)
    results = [asyncio.run(_dashboard_once(report)) for _ in range(runs)]
    first, keystroke, jump = zip(*results, strict=True)
    return min(first), min(keystroke), min(jump)


CHILD = """
import resource, sys
from pathlib import Path
import toml_rs
from tui.core.loader import load_report
mode, path = sys.argv[1], Path(sys.argv[2])
if mode == "parse":
    kept = toml_rs.loads(path.read_text(encoding="utf-8"), toml_version="1.0.0")
elif mode == "load":
    kept = load_report(path)
# ru_maxrss survives fork and exec: a child would report the parent's peak when that is
# higher. VmHWM belongs to this process's own memory, started afresh at exec.
status = Path("/proc/self/status")
if status.is_file():
    line = next(l for l in status.read_text().splitlines() if l.startswith("VmHWM:"))
    print(int(line.split()[1]) * 1024)
else:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def peak_memory(path: Path) -> dict[str, int]:
    """Peak resident bytes of a fresh process: only imports, a bare parse, a whole load."""
    peaks = {}
    for mode in ("base", "parse", "load"):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks[mode] = int(out.stdout.strip())
    return peaks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000,100000", help="comma-separated Ns")
    parser.add_argument("--cache", type=Path, help="keep the generated reports in DIR")
    parser.add_argument("--runs", type=int, default=3, help="best of this many")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as temp:
        folder = args.cache or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        rows: dict[int, dict[str, float]] = {}
        header = (
            f"{'N':>7} {'MB':>5} {'parse':>7} {'load':>7} {'ratio':>6} {'gap':>6} "
            f"{'units':>7} {'filter':>7} {'G':>7} {'parse MB':>9} {'load MB':>8} {'ratio':>6}"
        )
        print(header)
        for n in sizes:
            path = report_file(folder, n)
            parse, load = time_load(path, args.runs)
            gap = longest_gap(path)
            first, keystroke, jump = time_dashboard(path, args.runs)
            peaks = peak_memory(path)
            parsed_mb = (peaks["parse"] - peaks["base"]) / 1e6
            loaded_mb = (peaks["load"] - peaks["base"]) / 1e6
            rows[n] = {
                "mb": path.stat().st_size / 1e6,
                "parse": parse,
                "load": load,
                "gap": gap,
                "first_frame": first,
                "filter": keystroke,
                "jump": jump,
                "parse_mb": parsed_mb,
                "load_mb": loaded_mb,
            }
            print(
                f"{n:>7} {rows[n]['mb']:>5.1f} {parse:>6.3f}s {load:>6.3f}s {load / parse:>5.2f}x "
                f"{gap * 1000:>4.0f}ms {first:>6.3f}s {keystroke:>6.3f}s {jump:>6.3f}s "
                f"{parsed_mb:>9.0f} {loaded_mb:>8.0f} {loaded_mb / max(parsed_mb, 1e-9):>5.2f}x",
                flush=True,
            )
    small, large = rows[min(sizes)], rows[max(sizes)]
    print()
    print(f"ratios at N = {max(sizes):,} (against N = {min(sizes):,} for the dashboard):")
    checks = [
        ("load / bare parse", large["load"] / large["parse"], 1.5),
        ("Units first frame", large["first_frame"] / small["first_frame"], 1.5),
        ("filter keystroke", large["filter"] / small["filter"], 1.5),
        ("jump to last row", large["jump"] / small["jump"], 1.5),
        ("peak memory, load / parse", large["load_mb"] / large["parse_mb"], 2.5),
    ]
    for name, ratio, target in checks:
        mark = "meets" if ratio <= target else "MISSES"
        print(f"  {name:28} {ratio:5.2f}x  (target <= {target}x: {mark})")
    print(f"  {'longest gap while loading':28} {large['gap'] * 1000:5.0f} ms (target < 100 ms)")
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
