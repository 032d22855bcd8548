"""The headless core (`tui.core`: loading, validation, totals, export, save, diff) never imports
Textual or Rich.

Checked in a fresh interpreter: importing every module found by walking the `tui.core` package
(not a list kept by hand, which misses what is added later) must leave no module named
`textual` or `rich` (or any of their submodules) in `sys.modules`.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import tui.core

REPO = Path(__file__).resolve().parent.parent

SCRIPT = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps(ui))
"""


def core_modules() -> list[str]:
    """Every module of the headless core, found by walking the package."""
    found = pkgutil.walk_packages(tui.core.__path__, prefix="tui.core.")
    return ["tui.core", *sorted(module.name for module in found)]


def imported_ui(*modules: str) -> list[str]:
    """The Textual and Rich modules that importing `modules` in a fresh interpreter loads."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    result: list[str] = json.loads(done.stdout)
    return result


def test_the_walk_finds_the_core() -> None:
    modules = core_modules()
    # The walk sees the modules the core is made of, and nothing from outside it.
    assert {"tui.core.model", "tui.core.loader", "tui.core.export", "tui.core.save"} <= set(modules)
    assert all(name.startswith("tui.core") for name in modules)


def test_the_core_imports_neither_textual_nor_rich() -> None:
    modules = core_modules()
    assert imported_ui(*modules) == [], f"importing {modules} pulled in a UI library"


def test_the_check_can_see_a_ui_import() -> None:
    # The same script does notice Rich when something imports it: the test can fail.
    assert "rich.text" in imported_ui("tui.core.model", "rich.text")
