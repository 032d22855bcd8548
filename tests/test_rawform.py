"""Reading raw forms: a hand-written table of raw forms and their true readings is the oracle.

Every reading in `TABLE` was worked out by hand from what the words mean, not produced by
tui.core.rawform. `UNREADABLE` lists forms the reader must refuse, with the exact reason. The
column reader of the quick pass (`column_agrees`) must agree with `read_raw` on all of them
and on random strings; and numbers written by an independent writer (tests/strategies.py,
`chinese_numeral`) must read back as the number they were written from.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import chinese_numeral, examples, raw_forms
from tui.core.rawform import (
    Reading,
    Unreadable,
    column_agrees,
    describe_reading,
    read_raw,
    value_matches,
)

# raw form -> (value, qualifier, unit text), or (low, "range", unit, high)
TABLE: dict[str, tuple[object, ...]] = {
    # the bundled Tongren report
    "188名": (188, "exact", "名"),
    "72个村": (72, "exact", "个村"),
    "1055名": (1055, "exact", "名"),
    "1178余车次": (1178, "more", "车次"),
    "0.6万余吨": (6000, "more", "吨"),
    "15万余次": (150_000, "more", "次"),
    "12.3万余元": (123_000, "more", "元"),
    "166.6万余元": (1_666_000, "more", "元"),
    "1.9万": (19_000, "exact", ""),
    "四个": (4, "exact", "个"),
    "一名": (1, "exact", "名"),
    "三类": (3, "exact", "类"),
    # Chinese numerals of any size
    "十名": (10, "exact", "名"),
    "十五": (15, "exact", ""),
    "二十六": (26, "exact", ""),
    "一百二十三": (123, "exact", ""),
    "一百零五": (105, "exact", ""),
    "一千零五十五": (1055, "exact", ""),
    "两百": (200, "exact", ""),
    "兩百人": (200, "exact", "人"),
    "三千二百": (3200, "exact", ""),
    "一万零五百": (10_500, "exact", ""),
    "三万五千": (35_000, "exact", ""),
    "十五万": (150_000, "exact", ""),
    "一百零五万": (1_050_000, "exact", ""),
    "一亿二千万": (120_000_000, "exact", ""),
    "一亿零二百万": (102_000_000, "exact", ""),
    "十万零一十": (100_010, "exact", ""),
    "三万亿": (3_000_000_000_000, "exact", ""),
    # the spoken shortening: the last digit is in the next place down
    "一百五": (150, "exact", ""),
    "三万五": (35_000, "exact", ""),
    "两万五千元": (25_000, "exact", "元"),
    # digits, separators, multipliers, traditional characters
    "1,055名": (1055, "exact", "名"),
    "12,345,678元": (12_345_678, "exact", "元"),
    "1,055.5吨": (Decimal("1055.5"), "exact", "吨"),
    "3千": (3000, "exact", ""),
    "13.14亿": (1_314_000_000, "exact", ""),
    "1.2億元": (120_000_000, "exact", "元"),
    "3萬元": (30_000, "exact", "元"),
    "3萬餘元": (30_000, "more", "元"),
    "1亿2000万元": (120_000_000, "exact", "元"),
    "1500万元": (15_000_000, "exact", "元"),
    "5千克": (5, "exact", "千克"),
    "0名": (0, "exact", "名"),
    "3.5吨": (Decimal("3.5"), "exact", "吨"),
    # more than, in each of its forms
    "100余万元": (1_000_000, "more", "元"),
    "10多万元": (100_000, "more", "元"),
    "1万多元": (10_000, "more", "元"),
    "300多个": (300, "more", "个"),
    "二十多名": (20, "more", "名"),
    "十余个": (10, "more", "个"),
    "百余名": (100, "more", "名"),
    "千余人": (1000, "more", "人"),
    "万余元": (10_000, "more", "元"),
    "1000人以上": (1000, "more", "人"),
    "1000以上": (1000, "more", ""),
    "超过500人": (500, "more", "人"),
    "超2万人次": (20_000, "more", "人次"),
    "逾1000人": (1000, "more", "人"),
    "逾千人": (1000, "more", "人"),
    "5000余元": (5000, "more", "元"),
    # about, nearly, up to or less than
    "约2万人": (20_000, "about", "人"),
    "大约300户": (300, "about", "户"),
    "2万人左右": (20_000, "about", "人"),
    "近2万人": (20_000, "nearly", "人"),
    "近千名": (1000, "nearly", "名"),
    "将近300名": (300, "nearly", "名"),
    "不到20人": (20, "under", "人"),
    "不足5万元": (50_000, "under", "元"),
    "50人以下": (50, "under", "人"),
    # ranges
    "2至3万元": (20_000, "range", "元", 30_000),
    "2—3万": (20_000, "range", "", 30_000),
    "2-3万元": (20_000, "range", "元", 30_000),
    "2万至3万元": (20_000, "range", "元", 30_000),
    "20到30人": (20, "range", "人", 30),
    "1.5~2万吨": (15_000, "range", "吨", 20_000),
    "三至五个": (3, "range", "个", 5),
}

# raw form -> the reason it cannot be read
UNREADABLE: dict[str, str] = {
    "2x3万元": "cannot read the number after '2'",
    "名医务": "does not start with a number",
    "百名": "does not start with a number",
    "千家万户": "does not start with a number",
    "若干元": "does not start with a number",
    "": "does not start with a number",
    "约": "does not start with a number",
    "1,05": "cannot read the number after '1'",
    "1万2000": "cannot read '2000' after '1万'",
    "一万五百": "cannot read '百' after '一万五'",
    "一千五十": "cannot read '十' after '一千五'",
    "一千千": "cannot read '千' after '一千'",
    "一亿二百万": "cannot read '百' after '一亿二'",
    "一亿二千": "cannot read '一亿二千'",
    "一二三": "cannot read '二' after '一'",
    "十几个": "cannot read '几' after '十'",
    "5个多月": "cannot read '多' after '5个'",
    "一个半小时": "cannot read '半' after '一个'",
    "1000人以上的": "cannot read '以上' after '1000人'",
    "约1000余人": "cannot read both '约' and '余' of one number",
    "近2万人以上": "cannot read both '近' and '以上' of one number",
    "2000至3万": "cannot read the range '2000至3万': its low end is not below its high end",
    "3至2人": "cannot read the range '3至2': its low end is not below its high end",
    "2至": "cannot read the range after '2至'",
    "2至3余万": "cannot read '余' in a range",
    "1万余5千": "cannot read '5' after '1万余'",
    "1万余万": "cannot read '万' after '1万余'",
    "12.元": "cannot read the number after '12'",
    "１８８名": "does not start with a number",
    "188名１": "cannot read the number after '188'",
    "1" * 31: "cannot read a number of more than 30 digits",
}


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 60
    assert len(UNREADABLE) >= 25


@pytest.mark.parametrize(("raw", "truth"), TABLE.items(), ids=list(TABLE))
def test_a_raw_form_reads_as_the_table_says(raw: str, truth: tuple[object, ...]) -> None:
    value, qualifier, unit, *high = truth
    reading = read_raw(raw)
    assert isinstance(reading, Reading), reading
    said = (reading.value, reading.qualifier, reading.unit)
    assert said == (Decimal(str(value)), qualifier, unit)
    assert reading.high == (Decimal(str(high[0])) if high else None)
    assert reading.lower_bound == (qualifier == "more")


@pytest.mark.parametrize(("raw", "reason"), UNREADABLE.items(), ids=list(UNREADABLE))
def test_a_raw_form_that_cannot_be_fully_read_says_why(raw: str, reason: str) -> None:
    reading = read_raw(raw)
    assert isinstance(reading, Unreadable), reading
    assert reading.reason == reason
    assert reading.started == (reason != "does not start with a number")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("约2万人", "about 20,000"),
        ("近2万", "nearly 20,000"),
        ("不到20人", "less than 20"),
        ("50人以下", "up to 50"),
        ("2至3万元", "20,000–30,000"),
        ("1万多元", "more than 10,000"),
        ("1,055.5吨", "1,055.5"),
    ],
)
def test_a_reading_is_described_in_words(raw: str, words: str) -> None:
    reading = read_raw(raw)
    assert isinstance(reading, Reading)
    assert describe_reading(reading) == words


def test_the_qualifier_is_kept_as_written() -> None:
    words = {raw: r.words for raw in TABLE if isinstance(r := read_raw(raw), Reading)}
    assert words["1万多元"] == "多"
    assert words["3萬餘元"] == "餘"
    assert words["逾1000人"] == "逾"
    assert words["2—3万"] == "—"
    assert words["188名"] == ""


# --- the column reader of the quick pass ----------------------------------------------------


def _stateable_column(raws: list[str]) -> tuple[list[str], list[int | float], list[bool]]:
    """The raw forms with the values and bounds `read_raw` gives them (where it can)."""
    values: list[int | float] = []
    bounds: list[bool] = []
    kept: list[str] = []
    for raw in raws:
        reading = read_raw(raw)
        if isinstance(reading, Reading) and reading.stateable:
            kept.append(raw)
            v = reading.value
            values.append(int(v) if v == v.to_integral_value() else float(v))
            bounds.append(reading.lower_bound)
    return kept, values, bounds


def test_the_column_reader_agrees_with_the_reader_on_the_table() -> None:
    raws, values, bounds = _stateable_column([*TABLE, *UNREADABLE])
    assert len(raws) > 40
    assert column_agrees(raws, values, bounds)
    for n, raw in enumerate(raws):
        # Each one alone, and each one with its bound or value wrong.
        assert column_agrees([raw], [values[n]], [bounds[n]]), raw
        assert not column_agrees([raw], [values[n]], [not bounds[n]]), raw
        assert not column_agrees([raw], [values[n] + 1], [bounds[n]]), raw


NOT_STATEABLE = [
    raw
    for raw in [*TABLE, *UNREADABLE]
    if not (isinstance(reading := read_raw(raw), Reading) and reading.stateable)
]


@pytest.mark.parametrize("raw", NOT_STATEABLE)
def test_the_column_reader_refuses_what_the_reader_cannot_state(raw: str) -> None:
    reading = read_raw(raw)
    # The value the raw form gives, so that only its qualifier can make the difference.
    said = [int(reading.value)] if isinstance(reading, Reading) else []
    for value in (*said, 0, 1, 20_000, 1000):
        for bound in (False, True):
            assert not column_agrees([raw], [value], [bound])


# Characters that matter to the reader, and some that do not.
_ALPHABET = st.sampled_from(
    list("0123456789.,零〇一二两三四五六七八九十百千万萬亿億余餘多几半")
    + list("约近逾不到足超过以上下左右内至-—~名人元个村吨克米x １²")
)


@pytest.mark.exhaustive
@settings(max_examples=examples(500))
@given(st.lists(st.text(_ALPHABET, max_size=8), min_size=1, max_size=6), st.data())
def test_the_column_reader_agrees_with_the_reader_on_random_strings(
    raws: list[str], data: st.DataObject
) -> None:
    values: list[int | float] = []
    bounds: list[bool] = []
    expected = True
    for raw in raws:
        reading = read_raw(raw)
        if isinstance(reading, Reading) and reading.stateable and data.draw(st.booleans()):
            v = reading.value
            values.append(int(v) if v == v.to_integral_value() else float(v))
            bounds.append(reading.lower_bound)
        else:
            value = data.draw(st.sampled_from([0, 1, 2, 10, 100, 1000, 10_000, 0.5]))
            bound = data.draw(st.booleans())
            values.append(value)
            bounds.append(bound)
            said = isinstance(reading, Reading) and reading.stateable
            if not (
                said
                and isinstance(reading, Reading)  # (said already says so; mypy needs it here)
                and reading.lower_bound == bound
                and value_matches(reading, value)
            ):
                expected = False
    assert column_agrees(raws, values, bounds) == expected


# --- numbers written independently read back as what they were written from ---------------


@pytest.mark.parametrize(
    ("n", "written"),
    [
        (15, "十五"),
        (26, "二十六"),
        (105, "一百零五"),
        (1055, "一千零五十五"),
        (10_500, "一万零五百"),
        (100_010, "十万零一十"),
        (120_000_000, "一亿二千万"),
        (100_002_000, "一亿零二千"),
    ],
)
def test_the_independent_writer_writes_as_reports_do(n: int, written: str) -> None:
    assert chinese_numeral(n) == written


@pytest.mark.exhaustive
@settings(max_examples=examples(300))
@given(st.integers(1, 10**12 - 1), st.booleans())
def test_any_chinese_numeral_reads_back_as_its_number(n: int, liang: bool) -> None:
    written = chinese_numeral(n, liang=liang)
    reading = read_raw(written + "名")
    assert isinstance(reading, Reading), (written, reading)
    assert (reading.value, reading.qualifier, reading.unit) == (n, "exact", "名"), written


@pytest.mark.exhaustive
@settings(max_examples=examples(300))
@given(raw_forms())
def test_any_raw_form_built_from_a_value_reads_back_as_it(form: tuple[str, float, bool]) -> None:
    raw, value, lower_bound = form
    reading = read_raw(raw)
    assert isinstance(reading, Reading), (raw, reading)
    assert value_matches(reading, value), (raw, value, reading)
    assert reading.lower_bound == lower_bound
    assert column_agrees([raw], [value], [lower_bound])
