"""Reading a figure's raw form as the source writes it: `12.3万余元` is 123,000, a lower bound.

The leading number is Arabic digits (with an optional decimal part) or a Chinese numeral
from 一 to 十 (两 is 2); `万` multiplies it by 10,000; `余` right after says "more than".
Arithmetic is decimal, so `12.3万` is exactly 123000, not 123000.00000000001.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_CHINESE_DIGITS = {
    "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
}  # fmt: skip

_RAW = re.compile(r"(?P<num>\d+(?:\.\d+)?|[零一二两三四五六七八九十])(?P<wan>万)?(?P<yu>余)?")


@dataclass(frozen=True, slots=True)
class RawValue:
    """What a raw form says: the value in base units and whether it is a lower bound."""

    value: Decimal
    lower_bound: bool


def parse_raw(raw: str) -> RawValue | None:
    """The value a raw form states, or None when it does not start with a number."""
    match = _RAW.match(raw)
    if match is None:
        return None
    num = match["num"]
    value = Decimal(_CHINESE_DIGITS[num]) if num in _CHINESE_DIGITS else Decimal(num)
    if match["wan"]:
        value *= 10_000
    return RawValue(value=value, lower_bound=match["yu"] is not None)


def value_matches(raw: RawValue, value: int | float) -> bool:
    """Whether a stated value equals what the raw form says, compared as decimals."""
    return raw.value == Decimal(str(value))


def format_raw_value(raw: RawValue) -> str:
    """The raw form's value as a plain number, for messages: `123000`, `0.5`."""
    normal = raw.value.normalize()
    return format(normal, "f") if normal == normal.to_integral_value() else str(normal)
