"""Start-up benchmark: time to the first frame of the dashboard against a one-Static Textual app.

Each program is started in a real pseudo-terminal (80x24); the clock runs from spawn until a
known text appears in what the program writes to the terminal. The two programs alternate so
that a noisy machine hurts both alike. Prints each median and the ratio dashboard / baseline.

    python bench/startup.py [--runs 15] [--command response-dashboard] [--marker TEXT]
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from fcntl import ioctl
from pathlib import Path

BASELINE_APP = """\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Baseline(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("baseline-ready")


Baseline().run()
"""

# Escape sequences are stripped before looking for the marker: Textual may style part of a word.
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def time_first_frame(argv: list[str], marker: str, timeout: float = 30.0) -> float:
    """Seconds from spawn until `marker` appears on the pseudo-terminal."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("NO_COLOR", None)
        os.execvp(argv[0], argv)
    ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    buffer = b""
    wanted = marker.encode()
    try:
        while True:
            remaining = timeout - (time.perf_counter() - started)
            if remaining <= 0:
                raise TimeoutError(f"{marker!r} did not appear within {timeout} s: {argv}")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise RuntimeError(f"{argv} exited before {marker!r} appeared") from None
            buffer += chunk
            if wanted in _ESCAPES.sub(b"", buffer):
                return time.perf_counter() - started
    finally:
        os.kill(pid, signal.SIGTERM)
        _drain(fd)
        os.waitpid(pid, 0)
        os.close(fd)


def _drain(fd: int) -> None:
    """Read what is left so a child blocked on a full terminal can see its signal and exit."""
    deadline = time.perf_counter() + 2
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            return
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each program (>= 10)")
    parser.add_argument("--command", default="response-dashboard", help="the dashboard command")
    parser.add_argument("--marker", default="Tongren", help="text that shows the first frame")
    args = parser.parse_args()

    command = shutil.which(args.command)
    if command is None:
        print(f"startup: {args.command} is not on PATH (pip install . first)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        baseline = Path(tmp) / "baseline.py"
        baseline.write_text(BASELINE_APP, encoding="utf-8")
        programs = {
            "dashboard": ([command], args.marker),
            "one-Static app": ([sys.executable, str(baseline)], "baseline-ready"),
        }
        times: dict[str, list[float]] = {name: [] for name in programs}
        for argv, marker in programs.values():  # warm the file cache once, untimed
            time_first_frame(argv, marker)
        for _ in range(args.runs):
            for name, (argv, marker) in programs.items():
                times[name].append(time_first_frame(argv, marker))

    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(
            f"{name:>15}: median {medians[name] * 1000:6.0f} ms"
            f"  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, runs {len(values)})"
        )
    ratio = medians["dashboard"] / medians["one-Static app"]
    print(f"{'ratio':>15}: {ratio:.2f}  (dashboard / one-Static app; target <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
