"""Properties over many drawn reports: TOML round trips, edits surviving a save, comments found.

The reports come from tests/strategies.py: small, valid, full of awkward text (CJK, emoji,
markup-like brackets, control characters) and of ints and floats.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import (
    careless_figure_edits,
    examples,
    figure_edits,
    replace_figure,
    reports,
)
from tui.core.loader import load_report, loads_report
from tui.core.model import Figure, Report
from tui.core.save import VerifyError, comment_lines, save_report
from tui.core.serialize import report_to_dict

pytestmark = pytest.mark.exhaustive

# Each example saves and fsyncs: at most 50 (deadline and speed checks: tests/conftest.py).
PROPERTY = settings(
    max_examples=examples(50),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _value_types(report: Report) -> list[tuple[str, type]]:
    return [(f.id, type(f.value)) for f in report.iter_figures()]


def _toml(report: Report) -> str:
    return tomli_w.dumps(report_to_dict(report))


@PROPERTY
@given(reports())
def test_any_valid_report_exported_to_toml_loads_back_equal(report: Report) -> None:
    loaded = loads_report(_toml(report))
    assert loaded == report
    # `==` takes 6000 for 6000.0; the file must keep which one it was.
    assert _value_types(loaded) == _value_types(report)


@PROPERTY
@given(reports(), st.data())
def test_any_figure_edit_that_validates_survives_save_and_reload(
    report: Report, data: st.DataObject
) -> None:
    candidates: list[Figure | None] = [*report.iter_figures()]
    figure = data.draw(st.sampled_from(candidates or [None]))
    if figure is None:
        return  # a report without figures has nothing to edit
    edited_figure = data.draw(figure_edits(figure))
    edited = replace_figure(report, edited_figure)
    loads_report(_toml(edited))  # it validates: a ReportError here fails the test
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.toml"
        first = save_report(report, path)
        save_report(edited, path, expected=first.stamp)
        reloaded = load_report(path)
        assert reloaded == edited
        assert reloaded.figure(figure.id) == edited_figure
        assert type(reloaded.figure(figure.id).value) is type(edited_figure.value)
        assert sorted(p.name for p in Path(folder).iterdir()) in (
            ["report.toml"],  # the edit changed nothing, so nothing was written
            ["report.toml", "report.toml.bak"],
        )


@PROPERTY
@given(reports(), st.data())
def test_an_edit_that_does_not_validate_is_refused_and_the_file_kept(
    report: Report, data: st.DataObject
) -> None:
    candidates: list[Figure | None] = [*report.iter_figures()]
    figure = data.draw(st.sampled_from(candidates or [None]))
    if figure is None:
        return
    edited_figure, valid = data.draw(careless_figure_edits(figure))
    edited = replace_figure(report, edited_figure)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.toml"
        first = save_report(report, path)
        before = path.read_bytes()
        if valid:
            save_report(edited, path, expected=first.stamp)
            assert load_report(path) == edited
        else:
            with pytest.raises(VerifyError):
                save_report(edited, path, expected=first.stamp)
            assert path.read_bytes() == before
            assert [p.name for p in Path(folder).iterdir()] == ["report.toml"]


@PROPERTY
@given(reports(), st.data())
def test_a_comment_is_found_on_its_line_and_no_hash_in_a_string_is_one(
    report: Report, data: st.DataObject
) -> None:
    text = _toml(report)
    assert comment_lines(text) == []  # the strings are full of '#', quotes and backslashes
    lines = text.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] += "  # a note"
    commented = "\n".join(lines)
    assert loads_report(commented) == report  # still the same data: it is a comment
    assert comment_lines(commented) == [index + 1]
