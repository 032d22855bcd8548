"""Editing a report: `Report.with_figure` / `with_gift`, and checking an edit (`tui.core.edit`)."""

from __future__ import annotations

import pytest

from tests.known import amount, amount_id
from tui.core.comparison import Comparison
from tui.core.diff import format_delta
from tui.core.edit import add_gift, parse_number, problems, proposal, unique_id
from tui.core.export import export_text
from tui.core.loader import loads_report
from tui.core.model import Donation, Report, Text, changed
from tui.core.serialize import report_to_dict


def test_with_figure_replaces_one_figure_in_its_place(old: Report) -> None:
    figure = old.figure("medical-workers")
    edited = changed(figure, value=190, raw="190名", excerpt="190名医务工作者")
    new = old.with_figure(edited)
    assert new.figure("medical-workers") == edited
    assert [f.id for f in new.iter_figures()] == [f.id for f in old.iter_figures()]
    others = [f for f in new.iter_figures() if f.id != figure.id]
    assert others == [f for f in old.iter_figures() if f.id != figure.id]
    assert new.units[1:] == old.units[1:] and new.townships == old.townships
    assert old.figure("medical-workers") == figure  # the original is untouched


def test_with_figure_in_a_township(old: Report) -> None:
    figure = changed(old.figure("duowa-grid-workers"), value=114, raw="114名")
    new = old.with_figure(figure)
    assert new.figure("duowa-grid-workers").value == 114
    assert new.units == old.units


def test_with_figure_of_an_unknown_id_is_a_key_error(old: Report) -> None:
    with pytest.raises(KeyError):
        old.with_figure(changed(old.figure("medical-workers"), id="no-such"))


def test_with_gift_adds_the_figure_under_the_measure_and_the_donation_last(old: Report) -> None:
    figure = changed(old.figure("longwu-gift"), id="duowa-gift", raw="1万元")
    donation = Donation(id="gift-duowa", donor="duowa", form="cash", figure="duowa-gift")
    new = old.with_gift(donation, figure, 0)
    assert new.donations[-1] == donation and new.donations[:-1] == old.donations
    duowa = new.subject("duowa")
    assert duowa.measures[0].figures[-1] == figure
    assert new.owner_of_figure["duowa-gift"] is duowa
    assert len(old.donations) == len(new.donations) - 1
    with pytest.raises(KeyError):
        old.with_gift(changed(donation, donor="nobody"), figure, 0)
    with pytest.raises(IndexError):
        old.with_gift(donation, figure, 5)
    with pytest.raises(IndexError):
        old.with_gift(donation, figure, -1)


@pytest.mark.parametrize(
    ("text", "number"),
    [("190", 190), ("123,000", 123000), ("123_000", 123000), (" 0.5 ", 0.5), ("1.", 1.0)],
)
def test_parse_number_reads_what_a_person_types(text: str, number: float) -> None:
    parsed = parse_number(text)
    assert parsed == number and type(parsed) is type(number)


@pytest.mark.parametrize("text", ["", "abc", "-5", "1e3", "inf", "nan", "1,2,", "12万", "1..2"])
def test_parse_number_refuses_what_is_not_a_plain_number(text: str) -> None:
    assert parse_number(text) is None


def test_problems_of_a_valid_report_are_none(old: Report) -> None:
    assert problems(old) == []


def test_problems_say_what_check_says_for_the_edited_figure(old: Report) -> None:
    figure = old.figure("medical-workers")
    bad = old.with_figure(changed(figure, raw="百名"))
    path = "units[0].measures[0].figures[0]"
    assert problems(bad) == [
        f"{path}.raw: raw form does not start with a number (expected e.g. '12.3万余元', "
        "got string '百名')",
        f"{path}.raw: raw form '百名' does not occur in the excerpt "
        "(expected a verbatim part of '188名医务工作者投身防控一线')",
    ]
    # The same rule as check: the TOML written from the edited report fails with it too.
    import tomli_w

    from tui.core.problems import ReportError

    with pytest.raises(ReportError) as caught:
        loads_report(tomli_w.dumps(report_to_dict(bad)), "edited.toml")
    assert [f"{p.path}: {p.message}" for p in caught.value.problems] == problems(bad)


def test_a_value_that_disagrees_with_the_raw_form(old: Report) -> None:
    figure = old.figure("medical-workers")
    bad = old.with_figure(changed(figure, value=200))
    assert problems(bad) == [
        "units[0].measures[0].figures[0].value: does not match raw form '188名' "
        "(expected 188, got 200)"
    ]


def test_unique_id() -> None:
    assert unique_id("a", set()) == "a"
    assert unique_id("a", {"a"}) == "a-2"
    assert unique_id("a", {"a", "a-2", "a-3"}) == "a-4"


def test_add_gift_builds_a_valid_gift_with_fresh_ids(old: Report) -> None:
    new = add_gift(
        old,
        donor="longwu",
        measure=0,
        form="goods",
        label=Text(zh="捐赠物资", en="goods given"),
        value=5000,
        raw="5000余元",
        excerpt="又捐赠物资5000余元",
    )
    assert problems(new) == []
    gift = new.donations[-1]
    assert gift.id == "gift-longwu-2"  # gift-longwu is taken
    assert gift.donor == "longwu" and gift.form == "goods"
    figure = amount(new, gift)
    assert figure.id == "longwu-gift-2"
    assert figure.lower_bound is True and figure.unit == "yuan" and figure.value == 5000
    assert new.owner_of_figure[figure.id].id == "longwu"
    totals = new.donation_totals().itemised["goods"]
    assert totals.value == 5000 and totals.lower_bound


def test_add_gift_with_a_bad_raw_form_is_refused_by_the_check(old: Report) -> None:
    new = add_gift(
        old,
        donor="duowa",
        measure=0,
        form="cash",
        label=Text(zh="捐款", en="cash"),
        value=100,
        raw="一些钱",
        excerpt="捐了一些钱",
    )
    lines = problems(new)
    assert lines and all(line.startswith("townships[1].measures[0].figures[1].") for line in lines)


def test_comparison_gives_the_short_form_of_each_change(old: Report, new: Report) -> None:
    comparison = Comparison.between(old, new, "old.toml")
    assert comparison.figure("medical-workers") == "▲ +2"
    assert comparison.figure("duowa-grid-workers") == "▼ −5"
    assert comparison.figure("guashize-businesses-gift") == "new"
    assert comparison.figure("guashize-businesses-gift", "zh") == "新增"
    assert comparison.figure("medical-workers", "zh") == "▲ +2"
    assert comparison.figure("refuse-truckloads") == ""
    assert format_delta(comparison.total("received", "cash")) == "▲ +34,000"
    assert format_delta(comparison.total("itemised", "cash")) == ""
    assert len(comparison.changes) == 25
    assert comparison.name == "old.toml"


def test_figure_path_names_the_figure_as_problem_lines_do(old: Report) -> None:
    from tui.core.edit import figure_path

    assert figure_path(old, "medical-workers") == "units[0].measures[0].figures[0]"
    assert figure_path(old, "refuse-tonnes") == "units[1].measures[0].figures[1]"
    assert figure_path(old, "duowa-grid-workers") == "townships[1].measures[0].figures[0]"
    with pytest.raises(KeyError):
        figure_path(old, "no-such")


@pytest.mark.parametrize(
    ("figure_id", "changes"),
    [
        ("medical-workers", {"raw": "百名"}),
        ("medical-workers", {"value": 200}),
        ("medical-workers", {"lower_bound": True}),
        ("medical-workers", {"excerpt": "无关的句子"}),
        ("longwu-gift", {"unit": "people"}),  # a gift's amount must be in yuan
        ("red-cross-cash", {"value": -1, "raw": "-1元"}),
        ("duowa-grid-workers", {"label": Text(zh="", en="")}),
        ("duowa-grid-workers", {"value": 119.0}),  # still valid
    ],
)
def test_figure_problems_say_what_the_whole_check_says(
    old: Report, figure_id: str, changes: dict[str, object]
) -> None:
    from tui.core.edit import figure_problems

    edited = old.with_figure(changed(old.figure(figure_id), **changes))
    assert figure_problems(edited, figure_id) == problems(edited)


def test_figure_problems_of_an_added_gift_name_its_place_in_the_whole_report(
    old: Report,
) -> None:
    from tui.core.edit import figure_problems

    new = add_gift(
        old,
        donor="duowa",
        measure=0,
        form="cash",
        label=Text(zh="捐款", en="cash"),
        value=100,
        raw="100元",
        excerpt="捐了钱",
    )
    figure_id = amount_id(new.donations[-1])
    assert figure_problems(new, figure_id) == problems(new) != []
    with pytest.raises(KeyError):
        figure_problems(new, "no-such")


def test_figure_problems_on_the_bundled_report(report: Report) -> None:
    from tui.core.edit import figure_problems

    figure = amount(report, report.donations[0])
    edited = report.with_figure(changed(figure, raw="x" + figure.raw))
    assert figure_problems(edited, figure.id) == problems(edited) != []


@pytest.mark.parametrize(
    ("raw", "value", "lower_bound"),
    [("12.3万余元", "123000", True), ("1万多元", "10000", True), ("一千零五十五名", "1055", False)],
)
def test_a_raw_form_proposes_what_it_reads_as(raw: str, value: str, lower_bound: bool) -> None:
    reading, note = proposal(raw)
    assert reading is not None and note == ""
    assert format(reading.value.normalize(), "f") == value
    assert reading.lower_bound is lower_bound


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("2x3万元", "raw form '2x3万元': cannot read the number after '2'; no value proposed"),
        ("若干元", "raw form '若干元': does not start with a number; no value proposed"),
        (
            "约2万元",
            "raw form '约2万元' says about 20,000, which a figure cannot state (only exact "
            "figures and lower bounds); no value proposed",
        ),
        (
            "2至3万元",
            "raw form '2至3万元' says 20,000–30,000, which a figure cannot state (only exact "
            "figures and lower bounds); no value proposed",
        ),
    ],
)
def test_a_raw_form_that_cannot_be_stated_proposes_nothing_and_says_why(
    raw: str, note: str
) -> None:
    assert proposal(raw) == (None, note)


def test_a_gift_of_an_approximate_amount_is_refused_by_the_check(old: Report) -> None:
    donor = old.donations[0].donor
    report = add_gift(
        old,
        donor=donor,
        measure=0,
        form="cash",
        label=Text(zh="捐款", en="cash"),
        value=20000,
        raw="约2万元",
        excerpt="捐款约2万元",
    )
    lines = problems(report)
    assert len(lines) == 1
    assert lines[0].endswith(
        ".value: states as one figure what raw form '约2万元' gives as about 20,000 "
        "(expected a raw form read exactly or as a lower bound, got 20000 as exact)"
    )


# --- what a form shows: findings as sentences, and warnings -----------------------------------


def test_figure_findings_name_the_rule_and_its_facts(old: Report) -> None:
    from tui.core.edit import figure_findings

    bad = old.with_figure(changed(old.figure("duowa-grid-workers"), value=120))
    (finding,) = figure_findings(bad, "duowa-grid-workers")
    assert finding.path == ("townships", 1, "measures", 0, "figures", 0, "value")
    assert finding.rule == "value_mismatch"
    assert dict(finding.facts) == {"raw": "119名", "expected": "119"}


@pytest.mark.parametrize(
    ("changes", "en", "zh"),
    [
        ({"value": 120}, "Value must match 119名 (= 119)", "数值须与原文写法 119名 相符(= 119)"),
        (
            {"raw": "百名"},
            "As written must start with a number, as in 12.3万余元",
            "原文写法须以数字开头,如 12.3万余元",
        ),
        (
            {"lower_bound": True},
            "119名 has no 余: Lower bound must be off",
            "119名 没有“余”:不应勾选下限",
        ),
        (
            {"raw": "119多名"},
            "119多名 says 多 (more than): Lower bound must be on",
            "119多名 含“多”:须勾选下限",
        ),
        (
            {"raw": "1x19名"},
            "As written must be a number read in full (cannot read the number after '1')",
            "原文写法须能完整读作数字(cannot read the number after '1')",
        ),
        (
            {"raw": "约119名"},
            "约119名 says about 119: Value can only be exact or a lower bound",
            "约119名 含“约”:数值只能是确数或下限",
        ),
        (
            {"raw": "119至130名"},
            "119至130名 says 119–130: Value can only be exact or a lower bound",
            "119至130名 含“至”:数值只能是确数或下限",
        ),
        (
            {"excerpt": "网格员"},
            "The excerpt must contain 119名 as written",
            "原文摘录须包含原文写法 119名",
        ),
        (
            {"label": Text(zh="网格员", en=" ")},
            "Label (English) must not be blank",
            "名称(英文)不能为空",
        ),
    ],
)
def test_a_finding_reads_as_a_sentence_in_either_language(
    old: Report, changes: dict[str, object], en: str, zh: str
) -> None:
    from tui.core.edit import figure_findings
    from tui.core.sentences import sentence

    edited = old.with_figure(changed(old.figure("duowa-grid-workers"), **changes))
    findings = figure_findings(edited, "duowa-grid-workers")
    assert findings, changes
    assert (sentence(findings[0], "en"), sentence(findings[0], "zh")) == (en, zh)


def test_the_reader_s_findings_name_their_rule_and_facts(old: Report) -> None:
    from tui.core.edit import figure_findings

    figure = old.figure("duowa-grid-workers")
    cases = [
        ("2x3名", "raw_unreadable", {"raw": "2x3名", "reason": "cannot read the number after '2'"}),
        ("约119名", "raw_unstateable", {"raw": "约119名", "says": "about 119", "words": "约"}),
        ("119多名", "bound_mismatch", {"raw": "119多名", "bound": "true", "words": "多"}),
    ]
    for raw, rule, facts in cases:
        edited = old.with_figure(changed(figure, raw=raw, excerpt=raw))
        (finding,) = figure_findings(edited, figure.id)
        assert (finding.rule, dict(finding.facts)) == (rule, facts)


@pytest.mark.parametrize(
    ("raw", "rule", "en", "zh"),
    [
        (
            "2x3万元",
            "unproposed_unreadable",
            "No value proposed: 2x3万元 cannot be read as a number",
            "未填入数值:2x3万元 无法读作数字",
        ),
        (
            "若干元",
            "unproposed_unreadable",
            "No value proposed: 若干元 cannot be read as a number",
            "未填入数值:若干元 无法读作数字",
        ),
        (
            "约2万元",
            "unproposed_unstateable",
            "No value proposed: 约2万元 says about 20,000, which a figure cannot state",
            "未填入数值:约2万元 含“约”,数值只能是确数或下限",
        ),
    ],
)
def test_why_no_value_was_proposed_reads_as_a_sentence(
    raw: str, rule: str, en: str, zh: str
) -> None:
    from tui.core.edit import no_value_proposed
    from tui.core.sentences import sentence

    path = ("donations", 3, "figures", 0)
    finding = no_value_proposed(path, raw)
    assert finding is not None
    assert finding.path == (*path, "raw") and finding.rule == rule
    assert finding.message == proposal(raw)[1]
    assert (sentence(finding, "en"), sentence(finding, "zh")) == (en, zh)
    assert no_value_proposed(path, "1万多元") is None


def test_a_finding_without_a_sentence_keeps_its_message() -> None:
    from tui.core.sentences import sentence
    from tui.core.validate import Finding

    finding = Finding(("units", 0, "kind"), "unknown kind 'x' (expected one of party)")
    assert sentence(finding, "en") == "Unknown kind 'x' (expected one of party)"
    assert sentence(finding, "zh") == "未通过检查:unknown kind 'x' (expected one of party)"


def test_every_sentence_has_both_languages() -> None:
    from tui.core.sentences import SENTENCES

    assert all(en.strip() and zh.strip() for en, zh in SENTENCES.values())


def test_an_excerpt_unrelated_to_the_measure_is_warned_of(old: Report) -> None:
    from tui.core.edit import figure_warnings

    figure = old.figure("medical-workers")  # its measure: 188名医务工作者投身防控一线
    unrelated = old.with_figure(changed(figure, excerpt="188名医务工作者S-TabS-Ta188"))
    assert problems(unrelated) == []  # the check itself lets it pass: raw is in the excerpt
    (warning,) = figure_warnings(unrelated, "medical-workers")
    assert warning.path == ("units", 0, "measures", 0, "figures", 0, "excerpt")
    assert warning.rule == "excerpt_not_in_measure"
    elsewhere = old.with_figure(changed(figure, excerpt="188名医务工作者投身防控二线"))
    assert figure_warnings(elsewhere, "medical-workers") != []


@pytest.mark.parametrize(
    "excerpt",
    [
        "188名医务工作者投身防控一线",  # the measure's text itself
        "188名医务工作者",  # a part of it
        "全县188名医务工作者投身防控一线",  # begins before it, with the sentence's subject
        "188名医务工作者投身防控一线,",  # runs on past it
    ],
)
def test_an_excerpt_that_meets_the_measure_s_text_is_not_warned_of(
    old: Report, excerpt: str
) -> None:
    from tui.core.edit import figure_warnings

    edited = old.with_figure(changed(old.figure("medical-workers"), excerpt=excerpt))
    assert figure_warnings(edited, "medical-workers") == []
    # Whatever the raw form says: that it is not in the excerpt is the check's to say.
    other_raw = edited.with_figure(changed(edited.figure("medical-workers"), raw="190名"))
    assert figure_warnings(other_raw, "medical-workers") == []


def test_no_figure_of_a_good_snapshot_is_warned_of(report: Report, old: Report) -> None:
    from tui.core.edit import figure_warnings

    # Among them excerpts that begin before the measure's text (`县红十字会共接受…`).
    for snapshot in (report, old):
        assert [w for f in snapshot.iter_figures() for w in figure_warnings(snapshot, f.id)] == []


def test_add_gift_carries_the_recipient(old: Report) -> None:
    recipient = Text(zh="县疫情防控工作指挥部", en="the county epidemic command")
    new = add_gift(
        old,
        donor="longwu",
        measure=0,
        form="cash",
        label=Text(zh="捐款", en="cash"),
        value=5000,
        raw="5000余元",
        excerpt="又捐赠物资5000余元",
        recipient=recipient,
    )
    assert new.donations[-1].recipient == recipient
    assert problems(new) == []


def test_add_gift_to_a_recipient_given_by_id(report: Report) -> None:
    # schema_version 2: a gift may go to a unit or township named by its id.
    assert report.schema_version == 2
    cash = amount(report, report.donations[1])
    new = add_gift(
        report,
        donor=report.donations[1].donor,
        measure=0,
        form="cash",
        label=Text(zh="捐款", en="cash"),
        value=cash.value,
        raw=cash.raw,
        excerpt=cash.excerpt,
        recipient="red-cross",
    )
    assert new.donations[-1].recipient == "red-cross"
    assert problems(new) == []
    assert loads_report(export_text(new, "toml")) == new
