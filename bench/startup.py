"""Start-up benchmark: time to the first frame of the dashboard against a one-Static Textual app.

Each program is started in a real pseudo-terminal (80x24); the clock runs from spawn until a
known text appears in what the program writes to the terminal. The two programs alternate so
that a noisy machine hurts both alike. Prints each median and the ratio dashboard / baseline.

Compiled files (`__pycache__/*.pyc`) change start-up a great deal, and some machines set
PYTHONDONTWRITEBYTECODE=1, so that whatever was not compiled at install time is compiled again
at every start. The benchmark says how things stand, and measures in one or more modes:

- `as-is`: the environment as it is, with whatever compiled files exist (counted and shown);
- `cached`: PYTHONDONTWRITEBYTECODE unset and a fresh cache folder (PYTHONPYCACHEPREFIX),
  filled by one untimed warm-up run of each program: what a normal install gives;
- `none`: a fresh, empty cache folder that is never written: everything compiled at every run.

    python bench/startup.py [--runs 15] [--modes as-is,cached] [--command response-dashboard]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
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
from collections.abc import Mapping
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

MODES = ("as-is", "cached", "none")
SIZE = (80, 24)

# Escape sequences are stripped before looking for the marker: Textual may style part of a word.
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def time_first_frame(
    argv: list[str], marker: str, env: Mapping[str, str], timeout: float = 60.0
) -> float:
    """Seconds from spawn until `marker` appears on the pseudo-terminal."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child: the terminal has its size before the program asks for it
        ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        os.execvpe(argv[0], argv, dict(env))
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


def cached_share(package: str) -> tuple[int, int]:
    """(modules with an up-to-date compiled file in `__pycache__`, modules) of a package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return 0, 0
    cached = total = 0
    for location in spec.submodule_search_locations:
        for source in Path(location).rglob("*.py"):
            total += 1
            compiled = Path(importlib.util.cache_from_source(str(source)))
            try:
                if compiled.stat().st_mtime >= source.stat().st_mtime:
                    cached += 1
            except OSError:
                pass
    return cached, total


def describe_bytecode() -> list[str]:
    """How compiled files stand for the programs as the environment starts them."""
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    prefix = os.environ.get("PYTHONPYCACHEPREFIX")
    lines = [
        "PYTHONDONTWRITEBYTECODE="
        + (f"{flag!r}: compiled files are read but never written" if flag else "unset")
        + (f"; PYTHONPYCACHEPREFIX={prefix}" if prefix else "")
    ]
    if not prefix:
        shares = []
        for package in ("tui", "textual", "rich"):
            cached, total = cached_share(package)
            shares.append(f"{package} {cached}/{total}")
        lines.append("modules with an up-to-date .pyc: " + ", ".join(shares))
    return lines


def describe_machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # a description only: never fail the benchmark over it
        textual = "?"
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, textual {textual}"
    )


def environment(mode: str, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    if mode == "cached":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    elif mode == "none":
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(cache)  # empty, and stays so
    return env


def measure(
    programs: dict[str, tuple[list[str], str]], env: Mapping[str, str], runs: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in programs}
    for argv, marker in programs.values():  # warm the file cache (and a pyc cache), untimed
        time_first_frame(argv, marker, env)
    for _ in range(runs):
        for name, (argv, marker) in programs.items():
            times[name].append(time_first_frame(argv, marker, env))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each program (>= 10)")
    parser.add_argument(
        "--modes",
        default="as-is,cached",
        help=f"comma-separated, of {', '.join(MODES)} (default: as-is,cached)",
    )
    parser.add_argument("--command", default="response-dashboard", help="the dashboard command")
    parser.add_argument("--marker", default="Tongren", help="text that shows the first frame")
    args = parser.parse_args()

    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        print(f"startup: --modes: expected some of {', '.join(MODES)}", file=sys.stderr)
        return 2
    if args.runs < 1:
        print("startup: --runs: expected at least 1", file=sys.stderr)
        return 2
    command = shutil.which(args.command)
    if command is None:
        print(f"startup: {args.command} is not on PATH (pip install . first)", file=sys.stderr)
        return 2

    print(f"machine: {describe_machine()}")
    print(f"terminal: a pseudo-terminal of {SIZE[0]}x{SIZE[1]}; {args.runs} runs of each")
    for line in describe_bytecode():
        print(f"bytecode: {line}")
    with tempfile.TemporaryDirectory() as tmp:
        baseline = Path(tmp) / "baseline.py"
        baseline.write_text(BASELINE_APP, encoding="utf-8")
        programs = {
            "dashboard": ([command], args.marker),
            "one-Static app": ([sys.executable, str(baseline)], "baseline-ready"),
        }
        for mode in modes:
            cache = Path(tmp) / f"pycache-{mode}"
            cache.mkdir()
            times = measure(programs, environment(mode, cache), args.runs)
            medians = {name: statistics.median(values) for name, values in times.items()}
            print(f"\n[{mode}]")
            for name, values in times.items():
                print(
                    f"{name:>15}: median {medians[name] * 1000:6.0f} ms"
                    f"  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f},"
                    f" runs {len(values)})"
                )
            ratio = medians["dashboard"] / medians["one-Static app"]
            print(f"{'ratio':>15}: {ratio:.2f}  (dashboard / one-Static app; target <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
