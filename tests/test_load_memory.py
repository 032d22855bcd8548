"""Loading a large report again and again, as live reload does, keeps memory flat.

The loader keeps the cycle collector off the objects a large load makes; it must not keep it
off everything else for good. A process that froze what was alive at the end of each load
(`gc.freeze()`) could never again collect the cycles of garbage waiting at that moment (a
closed screen, a finished worker): its memory grew with every reload. Each load here follows
such a cycle of garbage, as a reload in the app follows closed screens.

Run in a fresh interpreter: what the collector does is process-wide, and the test process's
own objects are not to be frozen or moved.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app_helpers import make_report_module
from tui.core import loader

REPO = Path(__file__).resolve().parent.parent
#: Bytes of garbage, in a cycle, left before each load.
PAYLOAD = 4 << 20
ROUNDS = 4

SCRIPT = """
import gc, json, sys, threading, tracemalloc
from pathlib import Path

from tui.core.loader import load_report


class Node:
    '''Garbage that only the cycle collector frees: it refers to itself.'''

    def __init__(self, payload):
        self.payload = payload
        self.peer = self


def settle():
    # The loader frees the parsed tables, and replaced reports, on threads of their own.
    for thread in threading.enumerate():
        if thread.name == "release":
            thread.join()
    gc.collect()


path, payload, rounds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
settle()
frozen = [gc.get_freeze_count()]
currents, peaks = [], []
tracemalloc.start()
report = None
for _ in range(rounds):
    gc.disable()  # no collection before the load's own: the garbage is there when it starts
    Node(bytearray(payload))
    tracemalloc.reset_peak()
    report = load_report(path)  # the new report replaces the one shown
    gc.enable()
    settle()
    current, peak = tracemalloc.get_traced_memory()
    frozen.append(gc.get_freeze_count())
    currents.append(current)
    peaks.append(peak)
print(json.dumps({"frozen": frozen, "currents": currents, "peaks": peaks}))
"""


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated report just large enough to be loaded the way large ones are."""
    generator = make_report_module()
    path = tmp_path_factory.mktemp("memory") / "large-report.toml"
    path.write_text(generator.to_toml(generator.make_report(7500)), encoding="utf-8")
    assert path.stat().st_size >= loader._CHUNKED_FROM
    return path


@pytest.mark.exhaustive
def test_repeated_large_loads_freeze_nothing_and_keep_memory_flat(large_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(large_file), str(PAYLOAD), str(ROUNDS)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    assert measured["frozen"] == [0] * (ROUNDS + 1)
    currents, peaks = measured["currents"], measured["peaks"]
    # Each round leaves PAYLOAD bytes of garbage: kept, memory would grow by that much a round.
    # The first round warms caches up; from the second on, nothing may build up.
    assert currents[-1] - currents[1] < PAYLOAD // 2, currents
    assert peaks[-1] - peaks[1] < PAYLOAD // 2, peaks
