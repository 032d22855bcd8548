"""The model (loading, validation, totals, export, save, diff) never imports Textual or Rich.

Checked in a fresh interpreter: importing these modules must leave no module named
`textual` or `rich` (or any of their submodules) in `sys.modules`.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORE = [
    "tui.model",
    "tui.loader",
    "tui.validate",
    "tui.locate",
    "tui.nesting",
    "tui.rawform",
    "tui.serialize",
    "tui.safe",
    "tui.problems",
    "tui.release",
]
# Model modules that may not exist yet in every checkout; included when they do.
OPTIONAL = ["tui.export", "tui.save", "tui.diff"]

SCRIPT = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps(ui))
"""


def model_modules() -> list[str]:
    return CORE + [name for name in OPTIONAL if importlib.util.find_spec(name) is not None]


def test_the_model_imports_neither_textual_nor_rich() -> None:
    modules = model_modules()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], f"importing {modules} pulled in a UI library"


def test_the_check_can_see_a_ui_import() -> None:
    # The same script does notice Rich when something imports it: the test can fail.
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "tui.model", "rich.text"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert "rich.text" in json.loads(done.stdout)
