"""Validation: every invalid snapshot in tests/invalid/ gives exactly its expected lines.

Each `NAME.toml` there is tests/minimal.toml with one thing wrong (or several, in
`several-problems`), and `NAME.expected` holds the problem lines it must produce, `{file}`
standing for its path. The quick and the precise pass of tui.core.validate must agree: the
quick one may only ever call valid what the precise one finds nothing wrong with.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
import toml_rs
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.core.locate
from tests.strategies import examples
from tui.core.loader import load_report, loads_report
from tui.core.problems import ReportError
from tui.core.validate import (
    check_precisely,
    describe,
    format_path,
    looks_valid,
    show,
    validate,
)

TESTS = Path(__file__).resolve().parent
INVALID = TESTS / "invalid"
MINIMAL = TESTS / "minimal.toml"
CASES = sorted(INVALID.glob("*.toml"))


def expected_lines(case: Path) -> list[str]:
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return [line.replace("{file}", str(case)) for line in text.splitlines()]


def problem_lines(path: Path) -> list[str]:
    with pytest.raises(ReportError) as caught:
        load_report(path)
    return [str(problem) for problem in caught.value.problems]


def minimal_data() -> dict[str, Any]:
    return toml_rs.loads(MINIMAL.read_text(encoding="utf-8"), toml_version="1.0.0")


# --- the snapshot folder ------------------------------------------------------------------


def test_the_folder_holds_enough_cases() -> None:
    assert len(CASES) >= 35
    for case in CASES:
        assert case.with_suffix(".expected").is_file(), f"{case.name} has no .expected"


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_invalid_snapshot_gives_its_expected_lines(case: Path) -> None:
    assert problem_lines(case) == expected_lines(case)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_positions_found_part_by_part_are_the_same(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Large texts are parsed for positions one record at a time; make every text large.
    monkeypatch.setattr(tui.core.locate, "PARTS_FROM", 0)
    assert problem_lines(case) == expected_lines(case)


def test_the_minimal_report_is_valid() -> None:
    report = load_report(MINIMAL)
    assert report.counts() == {
        "units": 3,
        "townships": 1,
        "figures": 3,
        "donations": 1,
        "receipts": 1,
    }
    assert looks_valid(minimal_data())
    assert check_precisely(minimal_data()) == []


def test_several_problems_come_at_once_in_file_order() -> None:
    lines = problem_lines(INVALID / "several-problems.toml")
    assert len(lines) >= 5
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)


def parsed(case: Path) -> dict[str, object] | None:
    """The TOML data of a case, or None for a file-level case (not UTF-8, not TOML)."""
    try:
        data: dict[str, object] = toml_rs.loads(
            case.read_bytes().decode("utf-8"), toml_version="1.0.0"
        )
    except (UnicodeDecodeError, toml_rs.TOMLDecodeError):
        return None
    return data


#: The cases whose data parses and breaks a rule of the format: those validation decides.
#: (The others are refused earlier, for their bytes or their TOML: tests/test_loader.py.)
SCHEMA_CASES = [case for case in CASES if (data := parsed(case)) and check_precisely(data)]


def test_most_cases_reach_validation() -> None:
    # Guards the filter above: a change that made every case fail to parse would leave
    # the test below with nothing to check.
    assert len(SCHEMA_CASES) >= len(CASES) // 2
    assert "bad-id" in [case.stem for case in SCHEMA_CASES]


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=[case.stem for case in SCHEMA_CASES])
def test_quick_pass_never_calls_an_invalid_snapshot_valid(case: Path) -> None:
    data = parsed(case)
    assert data is not None
    assert not looks_valid(data)
    assert validate(data)


# --- pieces of messages -------------------------------------------------------------------


def test_key_paths_read_like_toml() -> None:
    path = ("units", 3, "measures", 0, "figures", 1, "raw")
    assert format_path(path) == "units[3].measures[0].figures[1].raw"
    assert format_path(("units", 0, "a b")) == 'units[0]."a b"'
    assert format_path(()) == "(top level)"


def test_shown_text_is_one_short_safe_line() -> None:
    shown = show("a\x1b[2J\nb" + "x" * 100)
    assert "\x1b" not in shown and "\n" not in shown
    assert shown.startswith("'a\\x1b[2J b") and shown.endswith("…'")
    assert len(shown) < 60


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "boolean true"),
        (5, "integer 5"),
        (math.nan, "float nan"),
        (-math.inf, "float -inf"),
        ("", "empty string"),
        ("x", "string 'x'"),
        ({}, "table"),
        ([1], "array"),
        (dt.date(2020, 2, 26), "local date 2020-02-26"),
        (dt.datetime(2020, 2, 26, 10, 30), "local date-time 2020-02-26T10:30:00"),
        (dt.time(10, 30), "local time 10:30:00"),
    ],
)
def test_values_are_described_by_their_toml_type(value: object, text: str) -> None:
    assert describe(value) == text


# --- the quick pass agrees with the precise one, also past its chunks ----------------------


def large_data(units: int, figures_per_unit: int) -> dict[str, Any]:
    """A valid report bigger than the quick pass's chunks, built from the minimal one."""
    data = minimal_data()
    template = data["units"][0]
    for u in range(units):
        unit = copy.deepcopy(template)
        unit["id"] = f"unit-{u}"
        figures = []
        for f in range(figures_per_unit):
            figure = copy.deepcopy(template["measures"][0]["figures"][0])
            figure["id"] = f"figure-{u}-{f}"
            value = 1000 + f
            if f % 3 == 0:
                figure.update(value=value * 10_000, raw=f"{value}万余元", lower_bound=True)
                figure.update(unit="yuan", excerpt=f"共捐款{value}万余元")
            elif f % 3 == 1:
                figure.update(value=value + 0.5, raw=f"{value}.5吨", unit="tonnes")
                figure.update(excerpt=f"清理垃圾{value}.5吨")
            else:
                figure.update(value=value, raw=f"{value}名", excerpt=f"{value}名医务工作者")
            figures.append(figure)
        unit["measures"][0]["figures"] = figures
        data["units"].append(unit)
    return data


def test_quick_pass_reads_a_large_report_as_valid() -> None:
    data = large_data(units=300, figures_per_unit=4)
    assert looks_valid(data)
    assert check_precisely(data) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("value", 1000.25),
        ("raw", "1002余名"),
        ("lower_bound", True),
        ("unit", "persons"),
        ("id", "figure-0-0"),
        ("excerpt", "nothing here"),
    ],
)
def test_quick_pass_finds_one_bad_figure_among_many(key: str, value: object) -> None:
    data = large_data(units=300, figures_per_unit=4)
    data["units"][-1]["measures"][0]["figures"][2][key] = value
    assert not looks_valid(data)
    findings = check_precisely(data)
    assert findings
    assert all(f.path[:2] == ("units", len(data["units"]) - 1) for f in findings)


def _set(data: dict[str, Any], path: tuple[Any, ...], value: object) -> None:
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value


LAST_LABEL = ("units", -1, "measures", 0, "figures", 2, "label")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        # what msgspec decides as it builds the records
        (LAST_LABEL, {"zh": "甲", "en": "a", "fr": "un"}),  # an unknown key in a text
        (LAST_LABEL, {"zh": "甲"}),  # a missing one
        (LAST_LABEL, "医务工作者"),  # a string for a table
        (LAST_LABEL, {"zh": "甲", "en": 1}),  # a number for a string
        (("units", -1, "measures", 0, "figures", 2, "value"), True),  # a boolean for a number
        (("units", -1, "measures", 0, "figures", 2, "lower_bound"), 0),  # a number for a boolean
        (("units", -1, "measures", 0, "figures"), {"id": "x"}),  # a table for an array
        (("units", -1, "measures", 0, "notes"), "x"),  # an unknown key in a measure
        (("units", -1, "measures"), []),  # a unit that did nothing
        # what is checked over the built records
        (LAST_LABEL, {"zh": "甲", "en": " "}),  # a blank text
        (("units", -1, "name"), {"zh": "\u3000", "en": "a"}),  # blank in Chinese
        (("units", -1, "kind"), "township"),  # a kind of township for a unit
        (("units", -1, "measures", 0, "section"), "nowhere"),
        (("units", -1, "measures", 0, "figures", 2, "id"), "figure-0-2"),  # the first run's
        (("units", -1, "id"), "unit-0"),  # a unit id of the first run
        (("units", -1, "id"), "Unit-Last"),
        (("units", 1, "members"), [{"zh": "甲", "en": "a"}]),  # a joint unit of one member
        (("units", -1, "measures", 0, "figures", 2, "category"), "misc"),
        (("units", -1, "measures", 0, "figures", 2, "value"), math.inf),
    ],
)
def test_quick_pass_is_not_sure_of_a_report_with_one_bad_value_past_its_first_run(
    path: tuple[Any, ...], value: object
) -> None:
    data = large_data(units=1500, figures_per_unit=4)
    assert looks_valid(data)
    _set(data, path, value)
    assert not looks_valid(data)
    assert check_precisely(data)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["donations"][0].update(figure="figure-1400-1"),  # an amount in tonnes
        lambda d: d["donations"][0].update(figure="no-such-figure"),
        lambda d: d["donations"][0].update(donor_detail=None),  # no TOML value is None
        lambda d: d["donations"][0].update(donor="unit-9999"),
        lambda d: d["receipts"][0].update(figure=d["donations"][0]["figure"]),  # used twice
    ],
    ids=["not-yuan", "unknown-figure", "none-text", "unknown-donor", "figure-used-twice"],
)
def test_quick_pass_is_not_sure_of_a_bad_gift(edit: Any) -> None:
    data = large_data(units=1500, figures_per_unit=4)
    data["donations"][0]["figure"] = "figure-1400-0"  # a figure in yuan, past the first run
    assert looks_valid(data)
    edit(data)
    assert not looks_valid(data)
    assert check_precisely(data)


# --- random damage to a valid report ------------------------------------------------------

ODD_VALUES: list[object] = [
    "",
    " ",
    "x",
    "Bad_Id",
    "duty",
    "health",
    "health-workers",
    "longwu-gift",
    "red-cross",
    "people",
    "yuan",
    "joint",
    "cash",
    "188",
    "12.3万余元",
    "一万",
    -1,
    0,
    1,
    188,
    123000,
    2,
    1.5,
    -0.0,
    math.nan,
    math.inf,
    True,
    False,
    dt.date(2020, 2, 26),
    dt.datetime(2020, 2, 26, 10, 30),
    [],
    [{}],
    ["x"],
    {},
    {"zh": "甲", "en": "a"},
    {"zh": "", "en": "a"},
    {"zh": "甲"},
]


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths_of(item, (*prefix, i))
    return found


def damage(data: dict[str, Any], choices: list[tuple[int, int, int]]) -> None:
    """Apply edits: (which path, what to do, which odd value)."""
    for where, action, which in choices:
        paths = [p for p in paths_of(data) if p]
        path = paths[where % len(paths)]
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        odd = copy.deepcopy(ODD_VALUES[which % len(ODD_VALUES)])
        if action == 0:
            parent[last] = odd
        elif action == 1:
            del parent[last]
        elif action == 2 and isinstance(parent, dict):
            parent["lable" if which % 2 else "notes"] = odd
        elif action == 3 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[0]))


EDITS = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 3), st.integers(0, len(ODD_VALUES) - 1)),
    min_size=1,
    max_size=3,
)


@pytest.mark.exhaustive
@settings(max_examples=examples(400))
@given(EDITS)
def test_quick_pass_is_never_more_lenient_than_the_precise_one(
    edits: list[tuple[int, int, int]],
) -> None:
    data = minimal_data()
    damage(data, edits)
    findings = check_precisely(data)
    if looks_valid(data):
        assert findings == []
    for finding in findings:
        assert "\n" not in finding.message


@pytest.mark.exhaustive
@settings(max_examples=examples(150))
@given(EDITS)
def test_a_damaged_report_loads_or_says_why_in_one_line_each(
    edits: list[tuple[int, int, int]],
) -> None:
    data = minimal_data()
    damage(data, edits)
    try:
        text = tomli_w.dumps(data)
    except (TypeError, ValueError):
        return  # not every damage can be written as TOML (e.g. a key deleted from a list)
    try:
        loads_report(text, "damaged.toml")
    except ReportError as exc:
        lines = text.split("\n")
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "damaged.toml"
            assert 1 <= problem.line <= len(lines)
            assert 1 <= problem.col <= len(lines[problem.line - 1]) + 1
            assert "\n" not in str(problem)
