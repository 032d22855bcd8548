"""Correctness at scale: a generated report of 10,000 records loads, checks, filters, sorts and
exports right; a report parsed in chunks is the report parsed whole.

Speed is measured by bench/scale.py, not here: these tests check rows and values only.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import toml_rs

import tui.core.loader as loader
import tui.core.release as release
from tests.app_helpers import make_report_module
from tests.known import amount
from tui.cli import main
from tui.core.loader import default_report_path, load_report, loads_report, parses_in_chunks
from tui.core.model import Report, changed
from tui.core.problems import ReportError
from tui.core.validate import checked_report
from tui.ui.app import make_app
from tui.widgets.table import ReportTable

# Reports of 10,000 records: the exhaustive tier (README, Development).
pytestmark = pytest.mark.exhaustive

RECORDS = 10_000
MINIMAL = Path(__file__).parent / "minimal.toml"


@pytest.fixture(scope="module")
def large_text() -> str:
    maker = make_report_module()
    return str(maker.to_toml(maker.make_report(RECORDS)))


@pytest.fixture(scope="module")
def large_path(large_text: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "report-10000.toml"
    path.write_text(large_text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def large(large_path: Path) -> Report:
    return load_report(large_path)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut at every record header, and parse in chunks however short the text."""
    monkeypatch.setattr(loader, "_CHUNK_BYTES", 1)
    monkeypatch.setattr(loader, "_CHUNKED_FROM", 0)


def whole(text: str) -> dict[str, Any]:
    return toml_rs.loads(text, toml_version="1.0.0")


# --- the generated report ---------------------------------------------------------------------


def test_the_generated_report_has_what_was_asked(large: Report) -> None:
    counts = large.counts()
    assert counts["units"] + counts["townships"] == RECORDS
    assert counts["townships"] == RECORDS // 10
    assert counts["figures"] > RECORDS
    assert counts["donations"] >= RECORDS // 10  # one subject in ten gives, some twice
    # every donation's amount is a figure in yuan
    assert all(amount(large, d).unit == "yuan" for d in large.donations)


def test_the_generated_report_passes_check(
    large_path: Path, large: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(large_path)]) == 0
    out = capsys.readouterr().out
    c = large.counts()
    assert f"valid: {c['units']} units, {c['townships']} townships, {c['figures']} figures" in out


def test_the_generator_is_deterministic(large_text: str) -> None:
    maker = make_report_module()
    assert maker.to_toml(maker.make_report(RECORDS)) == large_text
    assert maker.to_toml(maker.make_report(RECORDS, seed=7)) != large_text


# --- building: the quick pass builds the same records as the slow builder ------------------


def test_quick_build_equals_record_by_record_build(large_text: str) -> None:
    for text in (large_text, default_report_path().read_text("utf-8"), MINIMAL.read_text("utf-8")):
        data = whole(text)
        quick = checked_report(data)
        assert quick is not None
        slow = loader._build_slowly(data)
        assert quick == slow
        # the same types all the way down, not only equal values
        assert [type(f.value) for f in quick.iter_figures()] == [
            type(f.value) for f in slow.iter_figures()
        ]
        assert quick.counts() == slow.counts()
        assert quick.donation_totals() == slow.donation_totals()


def test_reports_compare_equal_only_when_every_record_is(large: Report) -> None:
    # Long tuples are compared a slice at a time: a difference in the last slice counts.
    assert len(large.units) > 3 * 1024
    last = large.units[-1]
    renamed = changed(last, name=changed(last.name, en=last.name.en + "!"))
    other = dataclasses.replace(large, units=(*large.units[:-1], renamed))
    assert other != large and large != other
    assert dataclasses.replace(large, units=large.units[:-1]) != large
    same = dataclasses.replace(large, units=tuple(large.units))
    assert same == large and hash(same) == hash(large)
    assert large != "a report"


def test_built_records_are_still_frozen(large: Report) -> None:
    figure = next(large.iter_figures())
    with pytest.raises(AttributeError):
        figure.value = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        large.units[0].name.en = "x"  # type: ignore[misc]
    assert hash(figure) == hash(changed(figure))


# --- parsing in chunks ----------------------------------------------------------------------


def test_chunked_parse_equals_the_whole_parse(large_text: str) -> None:
    chunked = parses_in_chunks(large_text)
    assert chunked is not None
    assert len(loader._cut_points(large_text.encode())) > 3  # really in several chunks
    assert chunked == whole(large_text)
    assert list(chunked) == list(whole(large_text))  # keys in the same order


def test_chunked_parse_of_the_bundled_report(small_chunks: None) -> None:
    text = default_report_path().read_text("utf-8")
    assert len(loader._cut_points(text.encode())) > 10
    assert parses_in_chunks(text) == whole(text)
    assert loads_report(text) == load_report(default_report_path())


def test_a_large_file_loads_in_chunks_with_progress(large_path: Path, large_text: str) -> None:
    seen: list[float] = []
    report = load_report(large_path, progress=seen.append)
    assert len(large_text.encode()) >= loader._CHUNKED_FROM
    assert len(seen) > 3
    assert seen == sorted(seen) and seen[0] > 0 and seen[-1] == 1.0
    assert report == loader._build_slowly(whole(large_text))


def test_a_small_file_reports_only_that_it_is_done() -> None:
    seen: list[float] = []
    load_report(MINIMAL, progress=seen.append)
    assert seen == [1.0]


FAKE_HEADER = 'excerpt = """188名医务工作者\n[[units]]\nid = "not-a-unit"\n投身防控一线"""'


def test_a_header_inside_a_multiline_string_falls_back(small_chunks: None) -> None:
    text = MINIMAL.read_text("utf-8").replace(
        'excerpt = "188名医务工作者投身防控一线"', FAKE_HEADER
    )
    assert FAKE_HEADER in text
    # the cut falls inside the string: a chunk does not parse, so no chunked result
    data = text.encode()
    assert loader._cut_points(data).count(data.index(b'[[units]]\nid = "not')) == 1
    assert parses_in_chunks(text) is None
    report = loads_report(text)
    assert report == loader._build_slowly(whole(text))
    excerpt = report.figure("health-workers").excerpt
    assert "[[units]]" in excerpt
    assert [u.id for u in report.units] == ["health", "market-industry", "red-cross"]


def _problems(text: str) -> list[str]:
    with pytest.raises(ReportError) as caught:
        loads_report(text, "r.toml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    "change",
    [
        # an inline array in the first chunk, extended by a header later: invalid TOML
        lambda t: t.replace("[report]\n", 'units = [{ id = "x" }]\n\n[report]\n', 1),
        # a table defined again after the arrays
        lambda t: t + '\n[report]\nid = "again"\n',
        # a table made from an array name after its records
        lambda t: t + '\n[units.extra]\nnote = "x"\n',
        # an unclosed multi-line string that swallows a header
        lambda t: t.replace('id = "longwu-cash"', 'id = """longwu-cash', 1),
    ],
    ids=["inline-array", "table-twice", "array-as-table", "unclosed-string"],
)
def test_what_the_whole_parse_rejects_the_chunked_parse_rejects_alike(
    change: Callable[[str], str], small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = change(MINIMAL.read_text("utf-8"))
    assert parses_in_chunks(text) is None
    chunked = _problems(text)
    monkeypatch.setattr(loader, "_CHUNKED_FROM", 1 << 62)
    assert chunked == _problems(text)
    assert all(line.startswith("r.toml:") for line in chunked)


def test_a_valid_table_after_the_arrays_merges(small_chunks: None) -> None:
    text = MINIMAL.read_text("utf-8")
    start, end = text.index("[report]\n"), text.index("[[sections]]")
    moved = text[:start] + text[end:] + "\n" + text[start:end]
    chunked = parses_in_chunks(moved)
    assert chunked is not None and chunked == whole(moved)
    assert loads_report(moved) == loads_report(text)


# --- the dashboard on 10,000 records --------------------------------------------------------


def _units_table(app: Any) -> ReportTable[Any]:
    return app.screen.query_one("#units-table", ReportTable)


async def test_units_filter_on_a_large_report_shows_the_matching_rows(large: Report) -> None:
    query = "unit 77"
    expected = [u for u in large.units if query in u.name.en.casefold()]
    assert 10 < len(expected) < len(large.units)
    app = make_app(large)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        table = _units_table(app)
        assert table.row_count == len(large.units)
        await pilot.press("slash", *query)
        await pilot.pause()
        assert table.row_count == len(expected)
        assert table.shown == expected


async def test_units_sort_and_jump_on_a_large_report(large: Report) -> None:
    app = make_app(large)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        table = _units_table(app)
        await pilot.press("s")
        await pilot.pause()
        assert table.sort_column == 0
        descending = table.columns[0].descending
        expected = sorted(large.units, key=lambda u: u.name.en.casefold(), reverse=descending)
        assert table.shown == expected
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor == len(large.units) - 1
        assert table.cursor_item == expected[-1]


# --- export ---------------------------------------------------------------------------------


def _csv_rows(text: str) -> Iterator[list[str]]:
    return iter(csv.reader(io.StringIO(text)))


def test_csv_export_of_a_large_report_has_a_row_per_figure(
    large_path: Path, large: Report, tmp_path: Path
) -> None:
    out = tmp_path / "figures.csv"
    assert main(["export", "--report", str(large_path), "--format", "csv", "-o", str(out)]) == 0
    rows = list(_csv_rows(out.read_text("utf-8")))
    header, body = rows[0], rows[1:]
    figures = list(large.iter_figures())
    assert len(body) == len(figures) == large.counts()["figures"]
    column = header.index("figure_id")
    assert [row[column] for row in body] == [f.id for f in figures]


# --- decoding a large file a slice at a time ------------------------------------------------


@pytest.mark.parametrize("cut", [False, True], ids=["one-piece", "cut-at-records"])
def test_decoding_in_slices_gives_the_same_text_and_error(
    cut: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = default_report_path().read_bytes()
    if cut:
        monkeypatch.setattr(loader, "_CHUNK_BYTES", 1)
        monkeypatch.setattr(loader, "_CHUNKED_FROM", 0)
    monkeypatch.setattr(loader, "_DECODE_SLICE", 7)  # cuts fall inside characters too
    pieces = loader._decode(data)
    assert len(pieces) > 10 if cut else len(pieces) == 1
    assert "".join(pieces) == data.decode("utf-8")
    at = data.index("红十字会".encode()) + 1  # inside a character: not valid UTF-8 there
    bad = tmp_path / "bad.toml"
    bad.write_bytes(data[:at] + b"\xff" + data[at:])
    with pytest.raises(ReportError) as sliced:
        load_report(bad)
    monkeypatch.setattr(loader, "_DECODE_SLICE", 1 << 62)
    with pytest.raises(ReportError) as whole_file:
        load_report(bad)
    assert [str(p) for p in sliced.value.problems] == [str(p) for p in whole_file.value.problems]
    assert "not valid UTF-8: byte 0xe7" in str(sliced.value.problems[0])  # the broken 红


# --- freeing: a large report goes a slice at a time, on a thread ---------------------------
#
# Correctness, not speed (bench/app_gaps.py measures the screen): the records outlive the
# report only until the release thread has let them go, a small report is left to Python,
# and a report is watched once however often it is shown.


def _released() -> None:
    """Wait for every release thread to end."""
    deadline = time.monotonic() + 30
    while any(t.name == "release" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "a release thread did not end"
        time.sleep(0.01)


def test_release_empties_the_list_a_slice_at_a_time() -> None:
    items = [object() for _ in range(3 * release.SLICE + 5)]
    kept = items[0]
    release.release(items)
    assert items == []
    assert sys.getrefcount(kept) == 2  # this name and the call's argument: the list let go


def test_a_large_report_is_freed_by_the_release_thread_once_dropped(large_path: Path) -> None:
    report = load_report(large_path)  # the loader watches a large report
    assert RECORDS >= release.FROM and id(report) in release._watched
    last = report.units[-1]
    held = sys.getrefcount(last)
    del report  # the report goes; its records wait for the release thread
    _released()
    assert sys.getrefcount(last) == held - 2  # neither the report's tuple nor the list


def test_a_report_is_watched_once(large: Report) -> None:
    release.free_gently(large)
    first = release._watched[id(large)]
    release.free_gently(large)  # shown again: the same watch, not a second list of records
    assert release._watched[id(large)] is first and first.alive


def test_a_small_report_is_left_to_python() -> None:
    report = load_report(default_report_path())
    release.free_gently(report)
    assert id(report) not in release._watched


@pytest.mark.parametrize("count", [0, 1, release.SLICE])
def test_release_of_short_lists(count: int) -> None:
    items = list(range(count))
    release.release(items)
    assert items == []
