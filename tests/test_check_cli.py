"""`response-dashboard check [PATH]`: exit 0 and one summary line, or 2 and the problems.

Run both through `tui.cli.main` and as `python -m tui check` in a process of its own; the
problem lines must be exactly the ones in tests/invalid/, and there is never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
INVALID = TESTS / "invalid"
MINIMAL = TESTS / "minimal.toml"
SUMMARY = f"{MINIMAL}: valid: 3 units, 1 township, 3 figures, 1 donation, 1 receipt\n"
# A few cases of each kind: the file, its bytes, TOML syntax, nesting, the content.
SAMPLE = [
    "bom",
    "not-utf8",
    "empty",
    "syntax-after-cjk",
    "duplicate-key",
    "deep-nesting-arrays",
    "unknown-key",
    "several-problems",
]


def expected(case: Path) -> str:
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return text.replace("{file}", str(case))


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=REPO,
        env=env,
    )


def test_check_a_valid_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MINIMAL)]) == 0
    out, err = capsys.readouterr()
    assert out == SUMMARY
    assert err == ""


def test_check_the_bundled_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert ": valid: " in out and out.count("\n") == 1
    assert err == ""


@pytest.mark.parametrize("case", sorted(INVALID.glob("*.toml")), ids=lambda p: p.stem)
def test_check_an_invalid_report(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(case)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == expected(case)


def test_check_a_missing_file_and_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.toml"
    assert main(["check", str(missing)]) == 2
    assert main(["check", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{missing}:1:1: (file): no such file (expected a TOML report file)\n"
        f"{tmp_path}:1:1: (file): is a directory (expected a TOML report file)\n"
    )


def test_python_m_tui_check_a_valid_report() -> None:
    done = run_module("check", str(MINIMAL))
    assert (done.returncode, done.stdout, done.stderr) == (0, SUMMARY, "")


@pytest.mark.parametrize("name", SAMPLE)
def test_python_m_tui_check_an_invalid_report(name: str) -> None:
    case = INVALID / f"{name}.toml"
    done = run_module("check", str(case))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == expected(case)
    assert "Traceback" not in done.stderr


def test_python_m_tui_check_a_path_that_is_not_a_file(tmp_path: Path) -> None:
    done = run_module(
        "check",
        str(tmp_path / "missing.toml"),
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == f"{tmp_path / 'missing.toml'}:1:1: (file): no such file (expected a TOML report file)\n"
    )
    done = run_module("check", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path}:1:1: (file): is a directory (expected a TOML report file)\n"
    assert "Traceback" not in done.stdout + done.stderr
