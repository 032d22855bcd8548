"""The model: totals per form, lower bounds carried, gifts and receipts apart, lookups, equality.

Built from the small hand-written snapshot in `sample_reports.py`, so these tests do not depend
on the bundled report.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sample_reports import SMALL
from tests.strategies import examples
from tui.core.loader import loads_report
from tui.core.model import DONATION_FORMS, ZERO, Amount, Report


@pytest.fixture(scope="module")
def small() -> Report:
    return loads_report(SMALL, "small.toml")


# --- Amount ------------------------------------------------------------------------------------


def test_adding_exact_amounts_gives_an_exact_amount() -> None:
    assert Amount(188, False, 1) + Amount(12, False, 2) == Amount(200, False, 3)


@pytest.mark.parametrize(
    ("left", "right"),
    [(True, False), (False, True), (True, True)],
)
def test_a_sum_that_includes_a_lower_bound_is_a_lower_bound(left: bool, right: bool) -> None:
    total = Amount(123000, left, 1) + Amount(19000, right, 1)
    assert total == Amount(142000, True, 2)


def test_zero_adds_nothing() -> None:
    assert Amount(5, True, 1) + ZERO == Amount(5, True, 1)
    assert ZERO + Amount(5, False, 1) == Amount(5, False, 1)
    assert Amount(0, False, 0) == ZERO


amounts = st.builds(
    Amount, st.integers(min_value=0, max_value=10**9), st.booleans(), st.integers(0, 50)
)


@pytest.mark.exhaustive
@settings(max_examples=examples(100))
@given(st.lists(amounts, max_size=20))
def test_summing_amounts_carries_every_part(parts: list[Amount]) -> None:
    total = ZERO
    for part in parts:
        total = total + part
    assert total.value == sum(p.value for p in parts)
    assert total.count == sum(p.count for p in parts)
    assert total.lower_bound == any(p.lower_bound for p in parts)


# --- donation totals ---------------------------------------------------------------------------


def test_itemised_totals_per_form(small: Report) -> None:
    itemised = small.donation_totals().itemised
    assert itemised == {
        "cash": Amount(428000, True, 1),
        # 105,000+ (余) and exactly 19,000: the total is a lower bound because one part is.
        "goods": Amount(124000, True, 2),
        "mixed": Amount(123000, True, 1),
    }


def test_received_totals_per_form(small: Report) -> None:
    received = small.donation_totals().received
    assert received == {
        "cash": Amount(1666000, True, 1),
        "goods": Amount(250000, True, 1),
        "mixed": ZERO,
    }


def test_a_total_of_exact_gifts_is_exact(small: Report) -> None:
    only_exact = dataclasses.replace(
        small, donations=tuple(d for d in small.donations if d.id == "gift-guashize")
    )
    assert only_exact.donation_totals().itemised["goods"] == Amount(19000, False, 1)


def test_every_form_has_a_total_even_when_nothing_was_given(small: Report) -> None:
    empty = dataclasses.replace(small, donations=(), receipts=())
    totals = empty.donation_totals()
    assert totals.itemised == {form: ZERO for form in DONATION_FORMS}
    assert totals.received == {form: ZERO for form in DONATION_FORMS}


def test_receipts_never_change_the_itemised_totals(small: Report) -> None:
    without_receipts = dataclasses.replace(small, receipts=())
    assert without_receipts.donation_totals().itemised == small.donation_totals().itemised
    assert all(a == ZERO for a in without_receipts.donation_totals().received.values())


def test_gifts_never_change_the_received_totals(small: Report) -> None:
    without_gifts = dataclasses.replace(small, donations=())
    assert without_gifts.donation_totals().received == small.donation_totals().received
    assert all(a == ZERO for a in without_gifts.donation_totals().itemised.values())


# --- counts and lookups ------------------------------------------------------------------------


def test_counts(small: Report) -> None:
    assert small.counts() == {
        "units": 5,
        "townships": 2,
        "figures": 11,
        "donations": 4,
        "receipts": 2,
    }


def test_figures_in_file_order_units_first(small: Report) -> None:
    assert [f.id for f in small.iter_figures()] == [
        "health-workers",
        "refuse-trips",
        "refuse-tonnes",
        "congress-gift",
        "cooperatives",
        "cooperatives-gift",
        "red-cross-cash",
        "red-cross-goods",
        "longwu-gift",
        "guashize-businesses",
        "guashize-gift",
    ]


def test_figure_lookup(small: Report) -> None:
    gift = small.figure("congress-gift")
    assert (gift.value, gift.unit, gift.lower_bound) == (123000, "yuan", True)
    assert gift.raw == "12.3万余元"
    assert gift.excerpt == "向疫情防控一线工作人员捐款捐物12.3万余元"
    assert small.figure("refuse-tonnes").value == 6000
    with pytest.raises(KeyError):
        small.figure("no-such-figure")


def test_owner_and_subject_lookups(small: Report) -> None:
    assert small.owner_of_figure["longwu-gift"].id == "longwu"
    assert small.owner_of_figure["health-workers"].id == "health"
    assert small.subject("guashize").name.zh == "瓜什则乡"
    assert small.subject("congress-cppcc").name.en == "County People's Congress and CPPCC"
    assert small.sections_by_id["solidarity"].heading.zh == "勠力同心齐发力,凝聚战“役”正能量"
    with pytest.raises(KeyError):
        small.subject("nobody")


def test_a_subject_knows_its_sections_and_figures(small: Report) -> None:
    guashize = small.subject("guashize")
    assert guashize.sections == ("duty", "solidarity")
    assert [f.id for f in guashize.figures] == ["guashize-businesses", "guashize-gift"]
    joint = small.subject("congress-cppcc")
    assert joint.kind == "joint"
    assert [m.zh for m in getattr(joint, "members", ())] == ["县人大", "县政协"]


def test_unit_labels_in_both_languages_and_for_exactly_one(small: Report) -> None:
    from tui.core.format import format_value, unit_label

    trips = small.figure("refuse-trips")
    assert (unit_label(trips.unit, "en"), unit_label(trips.unit, "zh")) == ("truckloads", "车次")
    assert format_value(1, False, "people") == "1 person"
    assert format_value(1, True, "people") == "≥ 1 people"
    assert format_value(2, False, "people") == "2 people"
    assert format_value(1, False, "people", "zh") == "1名"


# --- equality and immutability -----------------------------------------------------------------


def test_two_loads_of_the_same_text_are_equal(small: Report) -> None:
    again = loads_report(SMALL)
    # The derived indexes (cached on first use) play no part in equality.
    assert small.figures_by_id
    assert again == small


def test_a_changed_text_is_not_equal(small: Report) -> None:
    changed = loads_report(SMALL.replace('"medical workers"', '"health workers"'))
    assert changed != small


def test_records_are_immutable(small: Report) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        small.figure("health-workers").value = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        small.units = ()  # type: ignore[misc]
