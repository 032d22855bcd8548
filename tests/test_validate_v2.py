"""schema_version 2: the worked examples check clean, each broken one gives its lines, and
the quick pass accepts exactly what the precise pass finds nothing wrong with.

tests/formats/ holds small version 2 snapshots, one per thing version 1 could not say
(docs/report-format.md, "How to read a report into a snapshot", uses them as its worked
examples); tests/invalid_v2/ holds version 2 files with one thing wrong, and version 1 files
that use what only version 2 has, each with its `.expected` lines as tests/invalid/ does.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import toml_rs
from hypothesis import HealthCheck, given, settings

from tests.strategies_v2 import reports_v2
from tui.core.export import export_text
from tui.core.loader import load_report, loads_report
from tui.core.model import Report
from tui.core.problems import ReportError
from tui.core.validate import check_precisely, looks_valid

TESTS = Path(__file__).resolve().parent
FORMATS = sorted((TESTS / "formats").glob("*.toml"))
INVALID = sorted((TESTS / "invalid_v2").glob("*.toml"))
V1 = [TESTS / "minimal.toml", TESTS / "formats" / "v1" / "tongren-v1.toml"]


def _data(path: Path) -> dict[str, Any]:
    return toml_rs.loads(path.read_text(encoding="utf-8"), toml_version="1.0.0")


def test_there_are_examples_and_broken_cases() -> None:
    assert len(FORMATS) >= 5
    assert len(INVALID) >= 15


@pytest.mark.parametrize("case", FORMATS, ids=[c.stem for c in FORMATS])
def test_each_example_checks_clean_in_both_passes(case: Path) -> None:
    data = _data(case)
    assert data["schema_version"] == 2
    assert check_precisely(data) == []
    assert looks_valid(data)
    assert load_report(case).schema_version == 2


@pytest.mark.parametrize("case", V1, ids=[c.stem for c in V1])
def test_version_1_files_still_load_as_version_1(case: Path) -> None:
    data = _data(case)
    assert data["schema_version"] == 1
    assert check_precisely(data) == [] and looks_valid(data)
    assert load_report(case).schema_version == 1


@pytest.mark.parametrize("case", INVALID, ids=[c.stem for c in INVALID])
def test_each_broken_case_gives_its_lines(case: Path) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        load_report(case)
    lines = [str(p) for p in caught.value.problems]
    assert lines == [line.replace("{file}", str(case)) for line in expected.splitlines()]
    assert not looks_valid(_data(case))


# --- the two passes agree ------------------------------------------------------------------

_REPLACEMENTS: tuple[object, ...] = ("", " ", "x y", -1, 1.5, True, [], {}, "2020-02", "yuan")


def _leaves(value: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))


def _mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each place in the data deleted, and replaced by each of a few odd values."""
    for path in list(_leaves(data)):
        if not path or (path[0] == "sources" and path[-1] == "text"):
            continue
        for n, new in enumerate((None, *_REPLACEMENTS)):
            changed = copy.deepcopy(data)
            parent = changed
            for key in path[:-1]:
                parent = parent[key]
            if new is None:
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(new)
            yield f"{path}:{n}", changed


@pytest.mark.parametrize("case", FORMATS, ids=[c.stem for c in FORMATS])
def test_the_quick_pass_accepts_exactly_what_the_precise_pass_does(case: Path) -> None:
    disagreements = []
    tried = 0
    for name, data in _mutations(_data(case)):
        tried += 1
        quick, precise = looks_valid(data), not check_precisely(data)
        if quick != precise:
            disagreements.append((name, quick, precise))
    assert tried > 100
    assert disagreements == []


# --- export and load --------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(reports_v2())
def test_any_v2_report_survives_export_and_load(report: Report) -> None:
    text = export_text(report, "toml")  # which itself re-reads and compares
    loaded = loads_report(text)
    assert loaded == report
    assert check_precisely(toml_rs.loads(text, toml_version="1.0.0")) == []


@pytest.mark.parametrize("case", FORMATS, ids=[c.stem for c in FORMATS])
def test_every_export_of_an_example_is_written(case: Path) -> None:
    report = load_report(case)
    assert loads_report(export_text(report, "toml")) == report
    for fmt in ("md", "json", "csv"):
        assert export_text(report, fmt)


def test_every_worked_example_the_format_names_is_here() -> None:
    doc = (TESTS.parent / "docs" / "report-format.md").read_text(encoding="utf-8")
    part = doc.split("## How to read a report into a snapshot", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z-]+\.toml)`", part))
    assert len(named) >= 5
    assert named <= {case.name for case in FORMATS}
