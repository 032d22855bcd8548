"""Hostile snapshots: a file that `check` accepts never crashes anything else.

Each `tests/hostile/NAME.toml` is run through `check`, `export` in every format, `diff`
(against itself and against tests/minimal.toml, in every format) and the dashboard's first
frames. A file `check` accepts must come through all of them, with strict JSON and finite
numbers everywhere; a file it refuses (`NAME.expected` holds its problem lines) must be
refused the same way by every command: exit 2, the same lines, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from tests.app_helpers import go, running
from tui.cli import main
from tui.core.loader import load_report
from tui.core.model import Report

HOSTILE = Path(__file__).parent / "hostile"
MINIMAL = Path(__file__).parent / "minimal.toml"
CASES = sorted(HOSTILE.glob("*.toml"))
ACCEPTED = [c for c in CASES if not c.with_suffix(".expected").exists()]
REFUSED = [c for c in CASES if c.with_suffix(".expected").exists()]
TEXT_FORMATS = ("md", "json", "csv", "toml")
#: What a non-finite number looks like in any output.
NOT_FINITE = re.compile(r"\b(?:inf|Infinity|NaN|nan)\b")


def strict_json(text: str) -> Any:
    """`text` as JSON, refusing `Infinity` and `NaN`, which are not JSON."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


def expected_lines(case: Path) -> list[str]:
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return [line.replace("{file}", str(case)) for line in text.splitlines()]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_there_are_cases_of_both_kinds() -> None:
    names = {c.stem for c in CASES}
    assert {"huge-integer-gift", "huge-float-gifts", "at-the-limit", "decimal-sums"} <= names
    assert ACCEPTED and REFUSED


# --- files check accepts -------------------------------------------------------------------------


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.stem for c in ACCEPTED])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_export_of_an_accepted_file(
    case: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["check", str(case)], capsys)[0] == 0
    code, out, err = run(["export", "--report", str(case), "--format", fmt], capsys)
    assert (code, err) == (0, "")
    if fmt == "json":
        data = strict_json(out)
        for group in data["totals"]["donations"].values():
            if isinstance(group, dict):
                for amount in group.values():
                    assert math.isfinite(amount["value"])
    if fmt in ("md", "csv"):
        assert NOT_FINITE.search(out) is None, out


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.stem for c in ACCEPTED])
def test_the_svg_export_of_an_accepted_file(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "donations.svg"
    argv = ["export", "--report", str(case), "--format", "svg", "--pane", "donations"]
    assert run([*argv, "-o", str(out)], capsys)[0] == 0
    assert out.read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.stem for c in ACCEPTED])
@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_diff_of_an_accepted_file(case: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    for old, new in ((case, case), (MINIMAL, case), (case, MINIMAL)):
        code, out, err = run(["diff", str(old), str(new), "--format", fmt], capsys)
        assert code in (0, 1) and err == ""
        if fmt == "json":
            for change in strict_json(out)["changes"]:
                delta = change["delta"]
                assert delta is None or math.isfinite(delta)
        else:
            assert NOT_FINITE.search(out) is None, out


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.stem for c in ACCEPTED])
async def test_the_dashboard_draws_an_accepted_file(case: Path) -> None:
    report = load_report(case)
    async with running(report, (120, 40), compare=load_report(MINIMAL)) as (app, pilot):
        for pane in ("1", "4", "5"):
            await go(pilot, pane)
            assert app.is_running


# --- totals are decimal --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sums() -> Report:
    return load_report(HOSTILE / "decimal-sums.toml")


def test_totals_add_as_decimals(sums: Report, capsys: pytest.CaptureFixture[str]) -> None:
    total = sums.donation_totals().itemised["cash"]
    assert (total.value, total.count) == (0.3, 2)
    path = str(HOSTILE / "decimal-sums.toml")
    md = run(["export", "--report", path, "--format", "md"], capsys)[1]
    assert "| Cash · 现金 | 2 | ¥0.3 |" in md
    assert "0.30000000000000004" not in md
    data = strict_json(run(["export", "--report", path, "--format", "json"], capsys)[1])
    assert data["totals"]["donations"]["itemised"]["cash"]["value"] == 0.3


async def test_the_bars_show_decimal_totals(sums: Report) -> None:
    async with running(sums, (120, 40)) as (app, pilot):
        await go(pilot, "4")
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "¥0.3" in text
        assert "0.30000000000000004" not in text


def test_totals_at_the_limit_are_exact() -> None:
    report = load_report(HOSTILE / "at-the-limit.toml")
    totals = report.donation_totals()
    assert totals.itemised["cash"].value == 3 * 10**15 + 0.5
    assert totals.received["cash"].value == 10**15


# --- files check refuses -------------------------------------------------------------------------


@pytest.mark.parametrize("case", REFUSED, ids=[c.stem for c in REFUSED])
def test_every_command_refuses_a_refused_file_alike(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = expected_lines(case)
    code, _, err = run(["check", str(case)], capsys)
    assert (code, err.splitlines()) == (2, lines)
    for fmt in (*TEXT_FORMATS, "svg"):
        argv = ["export", "--report", str(case), "--format", fmt, "-o", str(tmp_path / "out")]
        code, out, err = run(argv, capsys)
        assert (code, out, err.splitlines()) == (2, "", lines)
        assert not (tmp_path / "out").exists()
    for fmt in ("text", "json", "md"):
        code, out, err = run(["diff", str(MINIMAL), str(case), "--format", fmt], capsys)
        assert (code, out, err.splitlines()) == (2, "", lines)
