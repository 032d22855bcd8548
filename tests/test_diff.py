"""Comparing two snapshots: the exact changes between tests/diff/old.toml and new.toml.

new.toml is old.toml with these edits: the report's date; a unit's English name; two figures
up and down (188 → 190 medical workers, 119 → 114 grid workers) with their raw forms and
excerpts; a figure removed; a gift no longer a lower bound; the Red Cross cash receipt
raised (166.6万余元 → 170万余元); a measure's English text reworded; a gift's recipient
dropped; and a township added with its figure and its gift.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tests.strategies import replace_figure
from tui.cli import main
from tui.core.diff import (
    Change,
    diff_reports,
    figure_deltas,
    format_delta,
    format_diff,
    total_deltas,
)
from tui.core.loader import load_report
from tui.core.model import Measure, Report, Text, changed

DIFF = Path(__file__).parent / "diff"
OLD, NEW, INVALID = DIFF / "old.toml", DIFF / "new.toml", DIFF / "invalid.toml"

EXPECTED = [
    ("changed", "report.date", "2020-02-26", "2020-02-27"),
    ("changed", "units.county-health.name.en", "County Health Commission",
     "County Health and Wellness System"),
    ("changed", "townships.longwu.measures[0].text.en",
     "residents gave 428,000+ yuan to the county headquarters",
     "its residents gave more than 428,000 yuan to the county headquarters"),
    ("changed", "townships.duowa.measures[0].text.zh", "组织119名网格员开展外来人员排查",
     "组织114名网格员开展外来人员排查"),
    ("changed", "townships.duowa.measures[0].text.en",
     "119 grid workers checked on people arriving", "114 grid workers checked on people arriving"),
    ("added", "townships.guashize", None, "瓜什则乡 (Guashize Township)"),
    ("changed", "figures.medical-workers.value", 188, 190),
    ("changed", "figures.medical-workers.raw", "188名", "190名"),
    ("changed", "figures.medical-workers.excerpt", "188名医务工作者投身防控一线",
     "190名医务工作者投身防控一线"),
    ("changed", "figures.congress-cppcc-gift.raw", "12.3万余元", "12.3万元"),
    ("changed", "figures.congress-cppcc-gift.lower_bound", True, False),
    ("changed", "figures.congress-cppcc-gift.excerpt", "向疫情防控一线工作人员捐款捐物12.3万余元",
     "向疫情防控一线工作人员捐款捐物12.3万元"),
    ("changed", "figures.red-cross-cash.value", 1666000, 1700000),
    ("changed", "figures.red-cross-cash.raw", "166.6万余元", "170万余元"),
    ("changed", "figures.red-cross-cash.excerpt", "县红十字会共接受全县社会各界人士捐款166.6万余元",
     "县红十字会共接受全县社会各界人士捐款170万余元"),
    ("changed", "figures.duowa-grid-workers.value", 119, 114),
    ("changed", "figures.duowa-grid-workers.raw", "119名", "114名"),
    ("changed", "figures.duowa-grid-workers.excerpt", "组织119名网格员开展外来人员排查",
     "组织114名网格员开展外来人员排查"),
    ("added", "figures.guashize-businesses-gift", None, 19000),
    ("removed", "figures.refuse-tonnes", 6000, None),
    ("removed", "donations.gift-longwu.recipient",
     "县疫情防控工作指挥部 (the county response headquarters)", None),
    ("added", "donations.gift-guashize-businesses", None, "goods 1.9万物资"),
    ("changed", "totals.itemised.goods", 0, 19000),
    ("changed", "totals.itemised.mixed.lower_bound", True, False),
    ("changed", "totals.received.cash", 1666000, 1700000),
]  # fmt: skip


def _tuples(changes: list[Change]) -> list[tuple[object, ...]]:
    return [(c.kind, c.path, c.old, c.new) for c in changes]


# --- the changes -----------------------------------------------------------------------------


def test_every_edit_is_found_and_nothing_else(old: Report, new: Report) -> None:
    assert _tuples(diff_reports(old, new)) == EXPECTED


def test_the_same_snapshot_has_no_changes(old: Report, report: Report) -> None:
    assert diff_reports(old, old) == []
    assert diff_reports(report, report) == []


def test_the_other_way_round_additions_are_removals(old: Report, new: Report) -> None:
    back = diff_reports(new, old)
    flip = {"added": "removed", "removed": "added", "changed": "changed"}
    assert sorted((flip[c.kind], c.path, c.new, c.old) for c in back) == sorted(
        (c.kind, c.path, c.old, c.new) for c in diff_reports(old, new)
    )


def test_numbers_carry_their_delta(old: Report, new: Report) -> None:
    deltas = {c.path: c.delta for c in diff_reports(old, new)}
    assert deltas["figures.medical-workers.value"] == 2
    assert deltas["figures.duowa-grid-workers.value"] == -5
    assert deltas["totals.received.cash"] == 34000
    assert deltas["figures.congress-cppcc-gift.lower_bound"] is None  # booleans are no numbers
    assert deltas["figures.guashize-businesses-gift"] is None  # added: no old value
    assert deltas["report.date"] is None


def test_a_float_delta_is_exact() -> None:
    assert Change("changed", "x", 0.1, 0.3).delta == 0.2
    assert Change("changed", "x", 6000, 6000.5).delta == 0.5
    assert isinstance(Change("changed", "x", 188, 190).delta, int)


def test_an_int_becoming_a_float_is_a_change(old: Report) -> None:
    figure = old.figure("medical-workers")
    after = replace_figure(old, changed(figure, value=188.0))
    assert _tuples(diff_reports(old, after)) == [
        ("changed", "figures.medical-workers.value", 188, 188.0)
    ]


def test_a_unit_given_a_new_id_is_one_change_not_a_removal_and_an_addition(old: Report) -> None:
    unit = old.units[0]
    moved = dataclasses.replace(old, units=(changed(unit, id="health"), *old.units[1:]))
    changes = _tuples(diff_reports(old, moved))
    assert ("changed", "units.health.id", "county-health", "health") in changes
    assert ("changed", "figures.medical-workers.owner", "county-health", "health") in changes
    assert not [c for c in changes if c[0] != "changed"]


def test_a_measure_inserted_first_is_one_addition(old: Report) -> None:
    unit = old.units[1]
    extra = Measure(
        text=Text(zh="组织环卫工人", en="organised sanitation workers"), section="red-dam"
    )
    grown = changed(unit, measures=(extra, *unit.measures))
    after = dataclasses.replace(old, units=(old.units[0], grown, *old.units[2:]))
    assert _tuples(diff_reports(old, after)) == [
        ("added", "units.county-urban-management.measures[0]",
         None, "组织环卫工人 (organised sanitation workers)"),
    ]  # fmt: skip


def test_members_sections_and_receipts_are_compared(old: Report) -> None:
    joint = old.units[2]
    members = (joint.members[0], Text(zh="县政协机关", en="CPPCC office"), Text(zh="三", en="3"))
    section = changed(old.sections[1], heading=Text(zh="同心", en="One heart"))
    receipt = changed(old.receipts[1], source=Text(zh="社会各界", en="society"))
    after = dataclasses.replace(
        old,
        units=(*old.units[:2], changed(joint, members=members), *old.units[3:]),
        sections=(old.sections[0], section),
        receipts=(old.receipts[0], receipt),
    )
    assert _tuples(diff_reports(old, after)) == [
        ("changed", "sections.solidarity.heading.zh", "勠力同心齐发力,凝聚战“役”正能量", "同心"),
        ("changed", "sections.solidarity.heading.en", "One heart, one effort", "One heart"),
        ("changed", "units.county-congress-cppcc.members[1].zh", "县政协", "县政协机关"),
        ("changed", "units.county-congress-cppcc.members[1].en", "County CPPCC", "CPPCC office"),
        ("added", "units.county-congress-cppcc.members[2]", None, "三 (3)"),
        ("added", "receipts.receipt-red-cross-goods.source", None, "社会各界 (society)"),
    ]


# --- deltas for the dashboard ------------------------------------------------------------------


def test_figure_deltas_give_every_new_figure_its_change(old: Report, new: Report) -> None:
    deltas = figure_deltas(old, new)
    assert list(deltas) == [f.id for f in new.iter_figures()]
    assert deltas["medical-workers"] == 2
    assert deltas["duowa-grid-workers"] == -5
    assert deltas["guashize-businesses-gift"] == "new"
    assert deltas["refuse-truckloads"] == 0
    assert "refuse-tonnes" not in deltas  # removed: nothing to show it beside


def test_total_deltas(old: Report, new: Report) -> None:
    assert total_deltas(old, new) == {
        "itemised.cash": 0,
        "received.cash": 34000,
        "itemised.goods": 19000,
        "received.goods": 0,
        "itemised.mixed": 0,
        "received.mixed": 0,
    }


@pytest.mark.parametrize(
    ("delta", "shown"),
    [(2, "▲ +2"), (-5, "▼ −5"), ("new", "new"), (0, ""), (None, ""), (0.5, "▲ +0.5"),
     (34000, "▲ +34,000"), (-1234567, "▼ −1,234,567")],
)  # fmt: skip
def test_format_delta(delta: int | float | str | None, shown: str) -> None:
    assert format_delta(delta) == shown  # type: ignore[arg-type]


# --- formats -----------------------------------------------------------------------------------


def test_text_format(old: Report, new: Report) -> None:
    lines = format_diff(diff_reports(old, new), "text").splitlines()
    assert len(lines) == len(EXPECTED) + 1
    assert lines[-1] == f"{len(EXPECTED)} changes"  # the count, last, as the Markdown's
    assert "changed figures.medical-workers.value: 188 → 190 (▲ +2)" in lines
    assert "changed figures.duowa-grid-workers.value: 119 → 114 (▼ −5)" in lines
    assert "added figures.guashize-businesses-gift: 19000 (new)" in lines
    assert "removed figures.refuse-tonnes: 6000" in lines
    assert "changed figures.congress-cppcc-gift.lower_bound: true → false" in lines
    assert 'changed figures.medical-workers.raw: "188名" → "190名"' in lines
    assert 'added townships.guashize: "瓜什则乡 (Guashize Township)" (new)' in lines


def test_one_change_is_counted_in_the_singular(old: Report) -> None:
    figure = old.figure("medical-workers")
    one = diff_reports(old, replace_figure(old, changed(figure, value=189)))
    assert len(one) == 1
    assert format_diff(one, "text").splitlines()[-1] == "1 change"


def test_no_changes_says_so() -> None:
    assert format_diff([], "text") == "no changes\n"
    assert "No changes." in format_diff([], "md")
    assert json.loads(format_diff([], "json")) == {"count": 0, "changes": []}


def test_json_format(old: Report, new: Report) -> None:
    document = json.loads(format_diff(diff_reports(old, new), "json"))
    assert document["count"] == len(EXPECTED)
    found = [(c["kind"], c["path"], c["old"], c["new"]) for c in document["changes"]]
    assert found == EXPECTED
    by_path = {c["path"]: c for c in document["changes"]}
    assert by_path["figures.duowa-grid-workers.value"]["delta"] == -5
    assert by_path["report.date"]["delta"] is None


def test_markdown_format(old: Report, new: Report) -> None:
    text = format_diff(diff_reports(old, new), "md")
    lines = text.splitlines()
    assert lines[0] == "# Changes"
    assert "| change | path | old | new | Δ |" in lines
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| change |")]
    assert len(rows) == len(EXPECTED) + 1  # and the separator row
    assert "| changed | figures.medical-workers.value | 188 | 190 | ▲ +2 |" in lines
    assert "| added | figures.guashize-businesses-gift |  | 19000 | new |" in lines


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown diff format"):
        format_diff([], "html")


HOSTILE = "a\x1b[2J\u202eb|[bold]*x*\x9b\nc"


def test_control_characters_never_reach_the_terminal() -> None:
    changes = [Change("changed", "figures.x.label.en", "plain", HOSTILE)]
    for fmt in ("text", "md", "json"):
        out = format_diff(changes, fmt)
        assert not any(ch in out for ch in "\x1b\u202e\x9b"), fmt
    assert '→ "a\\x1b[2J\\u202eb|[bold]*x*\\x9b\\nc"' in format_diff(changes, "text")
    assert json.loads(format_diff(changes, "json"))["changes"][0]["new"] == HOSTILE  # exact
    md_row = format_diff(changes, "md").splitlines()[-1]
    assert md_row.count(" | ") == 4  # the '|' in the data does not add a column
    assert "\\|" in md_row and "\\[bold\\]" in md_row and "\\*x\\*" in md_row


# --- the command line ---------------------------------------------------------------------------


def test_diff_command_exits_1_on_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(OLD), str(NEW)]) == 1
    out = capsys.readouterr().out
    assert out == format_diff(diff_reports(load_report(OLD), load_report(NEW)), "text")


def test_diff_command_exits_0_without_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(OLD), str(OLD)]) == 0
    assert capsys.readouterr().out == "no changes\n"


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_diff_command_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(OLD), str(NEW), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert out == format_diff(diff_reports(load_report(OLD), load_report(NEW)), fmt)


@pytest.mark.parametrize("args", [[OLD, INVALID], [INVALID, NEW], [OLD, DIFF / "missing.toml"]])
def test_diff_command_exits_2_on_invalid_input(
    args: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", *map(str, args)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    bad = next(p for p in args if p != OLD and p != NEW)
    assert captured.err.startswith(f"{bad}:")
    assert "Traceback" not in captured.err
