"""The bundled Tongren report: what it holds, and totals worked out by hand from the article."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.known import amount, amount_id
from tui.core.export import export_text
from tui.core.loader import default_report_path, load_report
from tui.core.model import Amount, Report

REPO_ROOT = Path(__file__).resolve().parent.parent

# The article's figures of money, in yuan, as the article writes them:
#   县人大、政协        捐款捐物 12.3万余元   -> mixed, 123000, lower bound
#   隆务镇各族群众       捐款     42.8万余元   -> cash,  428000, lower bound
#   77家专业合作社       物资     10.5万余元   -> goods, 105000, lower bound
#   32家经营户           物资     1.9万        -> goods,  19000, exact
#   县红十字会 received  捐款     166.6万余元  -> cash, 1666000, lower bound
#                        物资价值 25万余元     -> goods, 250000, lower bound
ITEMISED = {
    "cash": Amount(428_000, True, 1),
    "goods": Amount(105_000 + 19_000, True, 2),
    "mixed": Amount(123_000, True, 1),
}
RECEIVED = {
    "cash": Amount(1_666_000, True, 1),
    "goods": Amount(250_000, True, 1),
    "mixed": Amount(0, False, 0),
}

JOINT_MEMBERS = {
    "县公安局、交警大队": ("县公安局", "交警大队"),
    "县市场监督管理局、工业商务和信息化局、应急管理局": (
        "县市场监督管理局",
        "工业商务和信息化局",
        "应急管理局",
    ),
    "县人大、政协": ("县人大", "政协"),
    "工青妇": ("工会", "共青团", "妇联"),
}

TOWNSHIPS = {
    "加吾乡": "township",
    "年都乎乡": "township",
    "多哇镇": "town",
    "瓜什则乡": "township",
    "曲库乎乡": "township",
    "牙浪乡": "township",
    "隆务镇": "town",
}


def test_bundled_report_loads() -> None:
    report = load_report(default_report_path())
    assert report.info.date_text == "2020-02-26"
    assert report.info.place("county").zh == "同仁县"


def test_counts(report: Report) -> None:
    assert report.counts() == {
        "units": 23,
        "townships": 7,
        "figures": 23,
        "donations": 4,
        "receipts": 2,
    }


def test_sections(report: Report) -> None:
    assert [s.id for s in report.sections] == ["lead", "s1", "s2", "s3", "s4", "s5"]
    assert report.sections[1].heading.zh == "主动扛责显担当,筑牢防控“红色堤坝”"
    used = {m.section for s in report.subjects for m in s.measures}
    assert used == {s.id for s in report.sections}


def test_itemised_totals_per_form(report: Report) -> None:
    assert report.donation_totals().itemised == ITEMISED


def test_received_totals_per_form(report: Report) -> None:
    assert report.donation_totals().received == RECEIVED


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_no_total_adds_the_receipts_to_the_gifts(report: Report, fmt: str) -> None:
    # The Red Cross's receipts may include the itemised gifts: a sum of both would count
    # them twice, so no export may show one, in any form, written either way.
    text = export_text(report, fmt)
    for form in ("cash", "goods"):
        both = ITEMISED[form].value + RECEIVED[form].value
        assert f"{both:,}" not in text and f"{both}" not in text, (form, both)
        assert f"{ITEMISED[form].value:,}" in text or f"{ITEMISED[form].value}" in text


def test_exact_gift_is_not_a_lower_bound(report: Report) -> None:
    figure = report.figure("businesses-gift")
    assert (figure.raw, figure.value, figure.lower_bound) == ("1.9万", 19_000, False)


def test_donation_and_receipt_amounts_are_yuan(report: Report) -> None:
    ids = [amount_id(d) for d in report.donations] + [r.figure for r in report.receipts]
    assert len(ids) == len(set(ids)), "a figure is the amount of at most one gift or receipt"
    for figure_id in ids:
        figure = report.figure(figure_id)
        assert figure.unit == "yuan", figure_id
        assert figure.category == "donations", figure_id


def test_every_yuan_figure_is_a_gift_or_receipt(report: Report) -> None:
    amounts = {amount_id(d) for d in report.donations} | {r.figure for r in report.receipts}
    yuan = {f.id for f in report.iter_figures() if f.unit == "yuan"}
    assert yuan == amounts


def test_gifts_belong_to_their_donors(report: Report) -> None:
    for donation in report.donations:
        assert report.owner_of_figure[amount_id(donation)].id == donation.donor, donation.id
    for receipt in report.receipts:
        assert report.owner_of_figure[receipt.figure].id == receipt.recipient, receipt.id
        assert report.subject(receipt.recipient).name.zh == "县红十字会"


def test_donors_and_forms(report: Report) -> None:
    found = {
        (report.subject(d.donor).name.zh, d.form, amount(report, d).raw) for d in report.donations
    }
    assert found == {
        ("县人大、政协", "mixed", "12.3万余元"),
        ("隆务镇", "cash", "42.8万余元"),
        ("县农牧和科技局", "goods", "10.5万余元"),
        ("瓜什则乡", "goods", "1.9万"),
    }


def test_every_figure_has_exactly_one_owner(report: Report) -> None:
    owners = Counter(f.id for subject in report.subjects for f in subject.figures)
    assert [fid for fid, n in owners.items() if n != 1] == []
    assert set(owners) == set(report.figures_by_id)


def test_joint_units_name_their_members(report: Report) -> None:
    joint = {u.name.zh: tuple(m.zh for m in u.members) for u in report.units if u.kind == "joint"}
    assert joint == JOINT_MEMBERS


def test_townships_and_their_kinds(report: Report) -> None:
    assert {t.name.zh: t.kind for t in report.townships} == TOWNSHIPS


def test_townships_hold_their_own_gifts(report: Report) -> None:
    guashize = next(t for t in report.townships if t.name.zh == "瓜什则乡")
    assert guashize.sections == ("s4", "s5")
    assert {f.raw for f in guashize.figures} == {"三类", "32家", "1.9万"}
    longwu = next(t for t in report.townships if t.name.zh == "隆务镇")
    assert [f.raw for f in longwu.figures] == ["42.8万余元"]


def test_every_name_and_measure_is_bilingual(report: Report) -> None:
    texts = [s.heading for s in report.sections]
    for subject in report.subjects:
        texts.append(subject.name)
        texts.extend(m.text for m in subject.measures)
        texts.extend(f.label for f in subject.figures)
    texts.extend(m for u in report.units for m in u.members)
    assert [t for t in texts if not t.zh.strip() or not t.en.strip()] == []
    # An English rendering is English: no CJK characters left in it.
    assert [t.en for t in texts if any("\u4e00" <= c <= "\u9fff" for c in t.en)] == []


# --- the source it carries ------------------------------------------------------------------


def test_the_report_is_version_2_with_the_article_as_its_source(report: Report) -> None:
    assert report.schema_version == 2
    (source,) = report.sources
    assert source.publisher == "黄南州新型冠状病毒肺炎疫情处置工作指挥部办公室"
    assert source.date == "2020-02-26"
    assert source.text is not None
    assert source.text.startswith("现在的位置:首页\xa0/\xa0黄南要闻")  # no-break spaces, as printed
    assert source.text.endswith("[责任编辑:海燕]")  # no newline after it, as published


def test_the_source_text_is_the_article_byte_for_byte(report: Report) -> None:
    # The article also lives beside the checkout, where the snapshot's text was taken from.
    seed = REPO_ROOT.parent / "shared" / "seed" / "article.zh.txt"
    if not seed.is_file():
        pytest.skip(f"no copy of the article at {seed} to compare with")
    text = report.sources[0].text
    assert text is not None and text.encode("utf-8") == seed.read_bytes()
