"""How numbers are written for people: thousands separators, lower-bound marks, yuan.

One small plain module (no Textual, no Rich) shared by the exports and the dashboard, so a
figure reads the same everywhere. A lower bound (the source's `余`, "more than") is never
shown as a bare number: it is written `≥ ¥123,000`, or with `plus=True` as `¥123,000+`.

In Chinese, numbers are written the Chinese way: `万` from 10,000 (`15万`, `166.6万`), no
thousands separators, the measure word after the number (`188名`), a lower bound with `余`
after the number (`15万余次`), and money as `元` with `≥` before a lower bound (`≥ 166.6万元`,
as a total that includes a lower bound is written too).

    >>> format_number(123000)
    '123,000'
    >>> format_value(123000, True, "yuan", "en")
    '≥ ¥123,000'
    >>> format_value(1178, True, "truckloads", "en", plus=True)
    '1,178+ truckloads'
    >>> format_value(72, False, "villages", "zh")
    '72个村'
    >>> format_value(150000, True, "views", "zh")
    '15万余次'
    >>> format_value(1666000, True, "yuan", "zh")
    '≥ 166.6万元'
"""

from __future__ import annotations

import math

from .labels import label_of
from .model import MEASURE_UNITS, Amount, Figure, Lang, Number

#: The mark put before a lower bound; `PLUS` is put after it in the `plus` style.
AT_LEAST = "≥ "
PLUS = "+"
YUAN = "¥"


def format_number(value: Number) -> str:
    """`value` with comma thousands separators; a float that is a whole number shows no `.0`.

    Non-finite values (which a valid report never holds) are written as Python writes them.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return f"{int(value):,}"
    return f"{value:,}"


def mark_bound(text: str, lower_bound: bool, *, plus: bool = False) -> str:
    """`text` marked as a lower bound when it is one: `≥ text`, or `text+` when `plus`."""
    if not lower_bound:
        return text
    return f"{text}{PLUS}" if plus else f"{AT_LEAST}{text}"


#: The Chinese unit of 10,000, and from what value numbers are written with it.
WAN = "万"
_WAN = 10_000


def format_number_zh(value: Number) -> str:
    """`value` the Chinese way: `1178`, `15万`, `166.6万`, `0.5`; `万` only where it reads
    exactly (at most two decimals), otherwise the digits in full."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value >= _WAN:
        text = f"{value / _WAN:.2f}".rstrip("0").rstrip(".")
        if abs(float(text) * _WAN - value) < 1e-6 * max(1, value):
            return text + WAN
    return str(value)


def format_yuan_zh(value: Number, lower_bound: bool = False, *, plus: bool = False) -> str:
    """An amount of money in Chinese: `1.9万元`, `≥ 166.6万元`, or `166.6万余元` with `plus`."""
    number = format_number_zh(value)
    if not lower_bound:
        return f"{number}元"
    return f"{number}余元" if plus else f"{AT_LEAST}{number}元"


def format_yuan(value: Number, lower_bound: bool = False, *, plus: bool = False) -> str:
    """An amount of money: `¥123,000`, `≥ ¥123,000` or `¥123,000+`; the same in both languages."""
    return mark_bound(f"{YUAN}{format_number(value)}", lower_bound, plus=plus)


#: English labels for exactly one of a unit: `1 person`, not `1 people`.
_SINGULAR = {
    "people": "person",
    "villages": "village",
    "communities": "community",
    "truckloads": "truckload",
    "tonnes": "tonne",
    "views": "view",
    "videos": "video",
    "copies": "copy",
    "cooperatives": "cooperative",
    "businesses": "business",
    "items": "item",
    "categories": "category",
}


def unit_label(unit: str, lang: Lang, *, one: bool = False) -> str:
    """The label of a unit of measure in `lang` (singular in English when `one`); an unknown
    unit is shown by its name."""
    name = label_of(MEASURE_UNITS, unit)
    if lang == "en" and one:
        return _SINGULAR.get(unit, name.en)
    return name.pick(lang)


def format_value(
    value: Number, lower_bound: bool, unit: str, lang: Lang = "en", *, plus: bool = False
) -> str:
    """A figure's value with its unit: `≥ ¥123,000`, `1,055 people`; in Chinese `1055名`,
    `1178余车次`, `≥ 12.3万元`.

    In English, yuan are written with `¥` before the number, other units after it and a
    space; the lower-bound mark goes on the number, so `1,178+ truckloads`, not
    `1,178 truckloads+`. In Chinese, the measure word follows the number directly (`72个村`).
    """
    if lang == "zh":
        if unit == "yuan":
            return format_yuan_zh(value, lower_bound, plus=plus)
        bound = "余" if lower_bound else ""
        return f"{format_number_zh(value)}{bound}{unit_label(unit, lang)}"
    if unit == "yuan":
        return format_yuan(value, lower_bound, plus=plus)
    number = mark_bound(format_number(value), lower_bound, plus=plus)
    label = unit_label(unit, lang, one=value == 1 and not lower_bound)
    return f"{number} {label}"


def format_figure(figure: Figure, lang: Lang = "en", *, plus: bool = False) -> str:
    """`format_value` for a `Figure`."""
    return format_value(figure.value, figure.lower_bound, figure.unit, lang, plus=plus)


def format_amount(amount: Amount, lang: Lang = "en", *, plus: bool = False) -> str:
    """A total of donation amounts (always yuan): `≥ ¥1,916,000` when any part was a bound;
    in Chinese `≥ 191.6万元`."""
    if lang == "zh":
        return format_yuan_zh(amount.value, amount.lower_bound, plus=plus)
    return format_yuan(amount.value, amount.lower_bound, plus=plus)


def repeats_raw(figure: Figure) -> bool:
    """Whether the figure's value written the Chinese way is its raw form itself (`188名`):
    a column "as written" beside it would only repeat it."""
    return format_figure(figure, "zh") == figure.raw
