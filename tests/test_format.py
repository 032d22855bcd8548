"""Number formatting shared by the exports and the dashboard."""

from __future__ import annotations

import pytest

from tui.core.format import format_amount, format_number, format_value, format_yuan
from tui.core.model import Amount, Number


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (188, "188"), (1055, "1,055"), (1666000, "1,666,000"), (6000.0, "6,000"),
     (0.5, "0.5"), (12345.25, "12,345.25")],
)  # fmt: skip
def test_format_number(value: Number, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((123000, True, "yuan", "en"), "≥ ¥123,000"),
        ((123000, True, "yuan", "zh"), "≥ 12.3万元"),
        ((1666000, True, "yuan", "zh"), "≥ 166.6万元"),
        ((19000, False, "yuan", "zh"), "1.9万元"),
        ((150000, True, "views", "zh"), "15万余次"),
        ((188, False, "people", "zh"), "188名"),
        ((12345, False, "people", "zh"), "12345名"),  # 万 only where it reads exactly
        ((19000, False, "yuan", "en"), "¥19,000"),
        ((1178, True, "truckloads", "en"), "≥ 1,178 truckloads"),
        ((1178, True, "truckloads", "zh"), "1178余车次"),
        ((72, False, "villages", "zh"), "72个村"),
        ((1055, False, "people", "en"), "1,055 people"),
        ((3, False, "parsecs", "en"), "3 parsecs"),  # an unknown unit shows by its name
    ],
)
def test_format_value(args: tuple[Number, bool, str, str], text: str) -> None:
    value, lower_bound, unit, lang = args
    assert format_value(value, lower_bound, unit, "zh" if lang == "zh" else "en") == text


def test_plus_style_marks_the_number() -> None:
    assert format_value(123000, True, "yuan", "en", plus=True) == "¥123,000+"
    assert format_value(6000, True, "tonnes", "en", plus=True) == "6,000+ tonnes"
    assert format_value(6000, False, "tonnes", "en", plus=True) == "6,000 tonnes"


def test_amounts_are_yuan_and_carry_their_bound() -> None:
    assert format_amount(Amount(124000, True, 2)) == "≥ ¥124,000"
    assert format_amount(Amount(19000, False, 1), "zh") == "1.9万元"
    assert format_amount(Amount(1916000, True, 3), "zh") == "≥ 191.6万元"
    assert format_yuan(0) == "¥0"
