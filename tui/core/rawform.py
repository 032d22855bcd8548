"""Reading a figure's raw form the way Chinese reports write numbers: one reader for all.

A raw form is an optional qualifier, a number, an optional "more than" mark and the unit
words that follow (`188名`, `12.3万余元`, `约2万人`, `100余万元`, `1,055名`, `2至3万元`).
`read_raw` tokenizes it and returns a `Reading`: the value (a `Decimal`, exact), what the
source says of it (`Qualifier`), the unit text, and for a range its high end; or, when
any part of the number cannot be read, an `Unreadable` that says where. A misreading is
worse than no reading, so the reader refuses what it does not fully understand (`2x3万元`,
`一万五百`, `十几个`) rather than read a part of it.

The number:

- Arabic digits, with an optional decimal part and optional thousands separators in
  groups of three (`1,055`, `12.3`), or a Chinese numeral of any size (`十五`, `二十六`,
  `一千零五十五`, `两百`, `三万五` = 35,000), with `零`/`〇` where a place is skipped.
- The multipliers `十 百 千` and `万 萬` (10,000) and `亿 億` (100,000,000), after digits or
  numerals (`3千`, `12.3万`, `13.14亿`, `1亿2000万`); a bare leading `百 千 万` counts one
  only before a "more than" mark (`百余名`, `万余元`), since alone (`百名`, `千家万户`) it
  is as often a figure of speech as a count.

What the source says of the number (`Qualifier`):

- `more` ("more than", a lower bound): `余` or `餘` after the number or between it and its
  multiplier (`100余万元` is more than 1,000,000), `多` in the same places (`1万多元`,
  `300多个`), `以上` after the number or the unit, and `超过`, `超`, `逾` before it. `逾`
  means "to exceed" (`年逾七十`, past seventy): a lower bound, like `超过`.
- `about`: `约`, `大约` before, `左右`, `上下` after.
- `nearly` (close to, and not above): `近`, `将近`, `接近` before.
- `under` (up to, or less than: an upper bound): `不到`, `不足` before, `以下`, `以内` after.
- `range`: two numbers joined by `至`, `到`, `-`, `—`, `–`, `~`, `～`; a low end written
  without a multiplier takes the high end's (`2至3万` is 20,000 to 30,000).

Arithmetic is decimal and exact: `12.3万` is exactly 123000, never 123000.00000000001.

`column_agrees` is the same reading over a whole column of raw forms at once, for the
validator's quick pass: one regular expression decides the common forms (`188名`,
`12.3万余元`) and every other line is read by `read_raw`; tests/test_rawform.py shows the
two agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from itertools import compress
from operator import add, ne
from typing import Literal

from .safe import visible_line

#: What the source says of a number: exactly it, more than it, about it, nearly it (close
#: to it from below), up to or less than it, or a range from it to `Reading.high`.
Qualifier = Literal["exact", "more", "about", "nearly", "under", "range"]

#: The qualifiers a figure of schema version 1 can state: `value`, with `lower_bound`
#: true for `more`.
STATEABLE: frozenset[Qualifier] = frozenset({"exact", "more"})

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_MORE_MARKS = frozenset("余餘多")
_RANGE_MARKS = frozenset("至到-—–~～〜－")
# Longest first, so that `超过` is not read as `超` and a stray `过`.
_BEFORE: tuple[tuple[str, Qualifier], ...] = (
    ("超过", "more"), ("大约", "about"), ("将近", "nearly"), ("接近", "nearly"),
    ("不到", "under"), ("不足", "under"), ("超", "more"), ("逾", "more"),
    ("约", "about"), ("近", "nearly"),
)  # fmt: skip
_AFTER: tuple[tuple[str, Qualifier], ...] = (
    ("以上", "more"),
    ("左右", "about"),
    ("上下", "about"),
    ("以下", "under"),
    ("以内", "under"),
)
# Unit words that start with a multiplier: `5千克` is 5 kilograms, not 5,000 grams.
_UNIT_WORDS = ("千克", "千米", "千瓦")
# Characters that belong to a number: in the unit text they mean a number was not read.
_NUMBER_CHARS = frozenset(_DIGITS) | frozenset(_SMALL) | frozenset(_BIG)
# Characters that change what a number says: never part of a unit word.
# (`十几个` is some number from 11 to 19; `一个半` is one and a half.)
_MARK_CHARS = _MORE_MARKS | frozenset("几半")
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", re.ASCII)
# Past this many digits a raw form is not a report's figure, and exact arithmetic needs a
# bounded precision.
_MAX_DIGITS = 30
_EXACT = Context(prec=80)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a raw form says: `value` in base units (the low end of a range), what the
    source says of it, the unit words after the number, the range's high end, and the
    qualifier as written (`余`, `多`, `以上`, `约`, `至`; empty when exact)."""

    value: Decimal
    qualifier: Qualifier
    unit: str
    high: Decimal | None = None
    words: str = ""

    @property
    def lower_bound(self) -> bool:
        return self.qualifier == "more"

    @property
    def stateable(self) -> bool:
        """Whether schema version 1 can state it: exactly, or as a lower bound."""
        return self.qualifier in STATEABLE


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A raw form the reader cannot fully read, and why (`cannot read the number after
    '2'`). `started` is false when it does not start with a number at all."""

    reason: str
    started: bool = True


class _Refused(Exception):
    """Raised inside the reader with the reason; `read_raw` returns it as `Unreadable`."""


def _quote(text: str) -> str:
    cut = text if len(text) <= 20 else text[:19] + "…"
    return "'" + visible_line(cut) + "'"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["number", "digit", "zero", "small", "big", "more", "range"]
    text: str
    start: int
    value: Decimal = Decimal(0)


def _tokens(raw: str, start: int) -> tuple[list[_Token], int]:
    """The tokens of the number part from `start`, and where the unit text begins."""
    tokens: list[_Token] = []
    i = start
    while i < len(raw):
        ch = raw[i]
        arabic = _ARABIC.match(raw, i)
        if arabic is not None:
            text = arabic.group()
            if sum(map(str.isdigit, text)) > _MAX_DIGITS:
                raise _Refused(f"cannot read a number of more than {_MAX_DIGITS} digits")
            tokens.append(_Token("number", text, i, Decimal(text.replace(",", ""))))
            i = arabic.end()
            continue
        if ch in _DIGITS:
            kind: Literal["digit", "zero"] = "zero" if _DIGITS[ch] == 0 else "digit"
            tokens.append(_Token(kind, ch, i, Decimal(_DIGITS[ch])))
        elif ch in _SMALL:
            if raw.startswith(_UNIT_WORDS, i):
                break
            tokens.append(_Token("small", ch, i, Decimal(_SMALL[ch])))
        elif ch in _BIG:
            tokens.append(_Token("big", ch, i, Decimal(_BIG[ch])))
        elif ch in _MORE_MARKS and tokens:
            tokens.append(_Token("more", ch, i))
        elif ch in _RANGE_MARKS and tokens:
            tokens.append(_Token("range", ch, i))
        else:
            break
        i += 1
    return tokens, i


def _single_digit(token: _Token) -> bool:
    return token.kind == "digit" or (token.kind == "number" and len(token.text) == 1)


def _value(raw: str, tokens: Sequence[_Token]) -> Decimal:
    """The value of one number's tokens (no mark, no range), by the rules of Chinese
    numerals; Arabic digits may stand for a numeral's digits or for a whole group."""

    def refuse(token: _Token) -> _Refused:
        return _Refused(f"cannot read {_quote(token.text)} after {_quote(raw[: token.start])}")

    total = Decimal(0)  # the part already multiplied by 亿
    wan = Decimal(0)  # the part of this 亿 group already multiplied by 万
    section = Decimal(0)  # the part below 万 of this group
    pending: _Token | None = None  # a digit or number waiting for its multiplier
    last_small: Decimal | None = None  # the last of 十百千 in this section
    last: _Token | None = None  # the last multiplier of any kind
    zero = False  # a 零 since the last multiplier: a place is skipped
    zero_since_yi = False
    seen_wan = seen_yi = False
    for n, token in enumerate(tokens):
        if token.kind in ("number", "digit"):
            if pending is not None or (token.kind == "number" and "." in token.text and n):
                raise refuse(token)
            pending = token
        elif token.kind == "zero":
            if pending is not None or last is None or zero:
                raise refuse(token)
            zero = zero_since_yi = True
        elif token.kind == "small":
            m = token.value
            if pending is None:
                # 十 alone is 一十 (`十五`, `一百十`): never after 零, which needs a digit.
                if token.text != "十" or zero:
                    raise refuse(token)
                coefficient = Decimal(1)
            else:
                coefficient = pending.value
                whole = coefficient == coefficient.to_integral_value()
                if coefficient >= 10 or (not whole and n != 1):
                    raise refuse(token)
            if last_small is not None and m >= last_small:
                raise refuse(token)
            # A skipped place needs 零: `一千零五十`, never `一千五十`, `一万五百`. Right
            # after 亿 the next place is 千万: `一亿二千万`, or with 零 any lower one.
            if last_small is None and last is not None and last.text in "亿億":
                if not zero and m != 1000:
                    raise refuse(token)
            else:
                above = last_small if last_small is not None else (Decimal(10**4) if last else None)
                if above is not None and (m * 10 < above) != zero:
                    raise refuse(token)
            section += coefficient * m
            pending, last_small, last, zero = None, m, token, False
        else:  # big
            group = section + (pending.value if pending is not None else 0)
            # `万亿` multiplies the whole group; otherwise a multiplier needs a number.
            wan_yi = token.text in "亿億" and seen_wan and last is tokens[n - 1]
            if pending is None and section == 0 and not wan_yi:
                raise refuse(token)
            if pending is not None and section and not _single_digit(pending):
                raise refuse(token)  # `一千2000万`
            if pending is not None and section and not last_small == 10 and not zero:
                raise refuse(token)  # `一千五万`: a digit after 千 needs its place
            if token.text in "万萬":
                if seen_wan:
                    raise refuse(token)
                wan, seen_wan = group * token.value, True
            else:
                if seen_yi:
                    raise refuse(token)
                total = (wan + group) * token.value
                wan, seen_wan, seen_yi, zero_since_yi = Decimal(0), False, True, False
            section, pending, last_small, last, zero = Decimal(0), None, None, token, False
    if pending is not None:
        if zero or last is None or last.text == "十":
            section += pending.value
        elif _single_digit(pending):
            # `一百五` is 150, `三万五` 35,000, `一亿五` 150,000,000: the next place down.
            section += pending.value * last.value / 10
        else:
            raise refuse(pending)  # `1万2000`: which place the 2000 is in is not written
    elif zero:
        raise _Refused(f"cannot read {_quote(raw[tokens[-1].start :])} at the end of the number")
    after_yi = seen_yi and not seen_wan and last is not None and last.text not in "亿億"
    if after_yi and section and not zero_since_yi:
        # `一亿二千` without 万 and without 零: 100,002,000 or 120,000,000 is not written.
        raise _Refused(f"cannot read {_quote(raw[tokens[0].start : tokens[-1].start + 1])}")
    return total + wan + section


def _multiplied(raw: str, tokens: Sequence[_Token]) -> tuple[Decimal, bool]:
    """A number's value, allowing one "more than" mark before its last multipliers
    (`100余万`, `10多万`, `百余`); and whether there was one."""
    marks = [n for n, t in enumerate(tokens) if t.kind == "more"]
    if not marks:
        return _value(raw, tokens), False
    n = marks[0]
    after = tokens[n + 1 :]
    for token in after:
        if token.kind != "big":
            before = raw[: token.start]
            raise _Refused(f"cannot read {_quote(token.text)} after {_quote(before)}")
    head = tokens[:n]
    if after and any(t.kind == "big" for t in head):
        raise _Refused(f"cannot read {_quote(after[0].text)} after {_quote(raw[: after[0].start])}")
    value = _value(raw, head)
    for token in after:
        value *= token.value
    return value, True


def _chain(tokens: Sequence[_Token]) -> Decimal | None:
    """The product of a number's multipliers when it is one coefficient and multipliers
    only (`3万`, `5千`, `13.14亿`), else None."""
    if len(tokens) < 2 or tokens[0].kind not in ("number", "digit"):
        return None
    if not all(t.kind in ("small", "big") for t in tokens[1:]):
        return None
    product = Decimal(1)
    for token in tokens[1:]:
        product *= token.value
    return product


def _number(raw: str, tokens: list[_Token]) -> tuple[Decimal, Decimal | None, str]:
    """The value, the high end of a range (or None), and the mark as written."""
    ranges = [n for n, t in enumerate(tokens) if t.kind == "range"]
    if not ranges:
        value, more = _multiplied(raw, tokens)
        mark = next((t.text for t in tokens if t.kind == "more"), "")
        return value, None, mark if more else ""
    n = ranges[0]
    low, high = tokens[:n], tokens[n + 1 :]
    where = _quote(raw[: tokens[n].start + 1])
    if len(ranges) > 1 or not low or not high:
        raise _Refused(f"cannot read the range after {where}")
    for token in tokens:
        if token.kind == "more":
            raise _Refused(f"cannot read {_quote(token.text)} in a range")
    high_value = _value(raw, high)
    low_value = _value(raw, low)
    if len(low) == 1 and low[0].kind in ("number", "digit"):
        # `2至3万`: the low end is in the high end's multiplier.
        chain = _chain(high)
        if chain is not None:
            low_value *= chain
    if not low_value < high_value:
        span = _quote(raw[low[0].start : high[-1].start + 1])
        raise _Refused(f"cannot read the range {span}: its low end is not below its high end")
    return low_value, high_value, tokens[n].text


def _check_unit(raw: str, start: int) -> tuple[str, Qualifier | None, str]:
    """The unit text from `start`, and a qualifier written after it (`以上`, `左右`)."""
    end = len(raw)
    after: Qualifier | None = None
    words = ""
    for word, said_after in _AFTER:
        if raw.endswith(word) and end - len(word) >= start:
            end -= len(word)
            after, words = said_after, word
            break
    unit = raw[start:end]
    plain = unit
    for word in _UNIT_WORDS:
        plain = plain.replace(word, "\x00" * len(word))
    for i, ch in enumerate(plain):
        if ch.isdecimal() or ch in _NUMBER_CHARS or (i == 0 and ch in ".,"):
            raise _Refused(f"cannot read the number after {_quote(raw[:start])}")
        if ch in _MARK_CHARS:
            raise _Refused(f"cannot read {_quote(ch)} after {_quote(raw[: start + i])}")
    for word, _ in _AFTER:
        at = unit.find(word)
        if at >= 0:
            raise _Refused(f"cannot read {_quote(word)} after {_quote(raw[: start + at])}")
    return unit, after, words


def _read(raw: str) -> Reading:
    start = 0
    before: Qualifier | None = None
    before_words = ""
    for word, said_before in _BEFORE:
        if raw.startswith(word):
            start, before, before_words = len(word), said_before, word
            break
    tokens, unit_start = _tokens(raw, start)
    if not tokens or tokens[0].kind not in ("number", "digit", "small", "big"):
        raise _Refused("does not start with a number")
    if tokens[0].kind in ("small", "big") and tokens[0].text != "十":
        # `百余名`, `近千人`, `逾万元` count one hundred, thousand, ten thousand; alone
        # (`百名`, `千家万户`, `万众一心`) a multiplier is as often a figure of speech.
        if before is None and (len(tokens) < 2 or tokens[1].kind != "more"):
            raise _Refused("does not start with a number")
        tokens.insert(0, _Token("digit", "", tokens[0].start, Decimal(1)))
    if tokens[-1].kind == "range":
        raise _Refused(f"cannot read the range after {_quote(raw[: tokens[-1].start + 1])}")
    with localcontext(_EXACT):
        value, high, mark = _number(raw, tokens)
    unit, after, after_words = _check_unit(raw, unit_start)
    said: list[tuple[Qualifier, str]] = []
    if before is not None:
        said.append((before, before_words))
    if high is not None:
        said.append(("range", mark))
    elif mark:
        said.append(("more", mark))
    if after is not None:
        said.append((after, after_words))
    qualifiers = {q for q, _ in said}
    if len(qualifiers) > 1:
        first, second = said[0][1], said[-1][1]
        raise _Refused(f"cannot read both {_quote(first)} and {_quote(second)} of one number")
    qualifier: Qualifier = said[0][0] if said else "exact"
    words = said[0][1] if said else ""
    return Reading(value=value, qualifier=qualifier, unit=unit, high=high, words=words)


def read_raw(raw: str) -> Reading | Unreadable:
    """What raw form `raw` says, or why it cannot be fully read."""
    try:
        return _read(raw)
    except _Refused as refused:
        reason = str(refused)
        return Unreadable(reason, started=reason != "does not start with a number")


def value_matches(reading: Reading, value: int | float) -> bool:
    """Whether a stated value equals what the raw form says, compared as decimals."""
    return reading.value == Decimal(str(value))


def _plain(value: Decimal) -> str:
    normal = value.normalize()
    return format(normal, "f") if normal == normal.to_integral_value() else str(normal)


def format_raw_value(reading: Reading) -> str:
    """The raw form's value as a plain number, for messages: `123000`, `0.5`."""
    return _plain(reading.value)


def _grouped(value: Decimal) -> str:
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return format(normal, ",f")


_SAYS = {"exact": "", "more": "more than ", "about": "about ", "nearly": "nearly "}


def describe_reading(reading: Reading) -> str:
    """What a reading says, in words for messages: `about 20,000`, `20,000–30,000`."""
    if reading.qualifier == "range" and reading.high is not None:
        return f"{_grouped(reading.value)}–{_grouped(reading.high)}"
    if reading.qualifier == "under":
        says = "up to " if reading.words in ("以下", "以内") else "less than "
    else:
        says = _SAYS[reading.qualifier]
    return says + _grouped(reading.value)


# --- the same reading over a column, for the quick pass -----------------------------------
#
# A line of the common form (digits, an optional 万, an optional 余, unit words with no
# character that could belong to a number or change what it says) is decided by one
# expression over the whole column; any other line falls to `read_raw`. The unit class
# leaves out every character the reader treats specially, so a line it takes is read the
# same by both; tests/test_rawform.py checks that over the hand-written table and random
# strings.
_PLAIN_UNIT = r"[^\n\d.,零〇一二两兩三四五六七八九十百千万萬亿億余餘多几半以左上至到~～〜－—–-]*"
_COLUMN = re.compile(rf"^(?:([0-9]{{1,20}}(?:\.[0-9]{{1,20}})?)(万)?(余)?{_PLAIN_UNIT}$|.*$)", re.M)
_TEN_THOUSAND = {"": Decimal(1), "万": Decimal(10_000)}


def column_agrees(
    raws: Sequence[str], values: Sequence[int | float], bounds: Sequence[bool]
) -> bool:
    """Whether every raw form reads as its value, exactly or as a lower bound exactly when
    its bound says so: `all(read_raw(r) is a stateable Reading with value v and bound b)`,
    for a whole column at once. Raises TypeError for a raw form that is not a string."""
    if not raws:
        return True
    joined = "\n".join(raws)
    if joined.count("\n") != len(raws) - 1:
        return False  # a raw form with a newline in it: the lines are not the raw forms
    found = _COLUMN.findall(joined)
    if len(found) != len(raws):
        return False
    nums, wans, yus = zip(*found, strict=True) if found else ((), (), ())
    if "" in nums:
        # Lines the expression does not decide: read each, then decide the rest alone.
        odd = [n for n, num in enumerate(nums) if not num]
        for n in odd:
            reading = read_raw(raws[n])
            if not isinstance(reading, Reading) or not reading.stateable:
                return False
            if reading.lower_bound != bounds[n] or not value_matches(reading, values[n]):
                return False
        keep = [bool(num) for num in nums]
        nums, wans, yus = (tuple(compress(c, keep)) for c in (nums, wans, yus))
        values = tuple(compress(values, keep))
        bounds = tuple(compress(bounds, keep))
    if tuple(map(bool, yus)) != tuple(bounds):
        return False
    # Most raw forms write their value as Python does (`188名`, `3.5吨`): equal strings are
    # equal numbers. The rest (万, `3` for 3.0) are compared as decimals, exactly.
    said = list(map(add, nums, wans))
    written = list(map(str, values))
    if said == written:
        return True
    differ = list(map(ne, said, written))
    with localcontext(_EXACT):
        factors = map(_TEN_THOUSAND.__getitem__, compress(wans, differ))
        expected = list(map(Decimal.__mul__, map(Decimal, compress(nums, differ)), factors))
    return expected == list(map(Decimal, compress(written, differ)))
