"""The bundled snapshot against its source: every figure, name and measure is in the article.

These tests read the source article (the `article` fixture) from the snapshot itself, whose
only source carries the article's whole text.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tui.core.model import Report, Text
from tui.core.rawform import Reading, read_raw, value_matches

# A number in Arabic digits, with an optional decimal part: 188, 0.6, 166.6.
ARABIC_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The publication date in the article's header; the only digits there that are no figure.
HEADER_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A Chinese numeral directly followed by a measure word that counts something: 一名, 四个, 三类.
# Slogans use other words after the numeral (一把手, 一张网, 一盘棋, 两手抓, 三对一 …).
CHINESE_COUNT = re.compile(r"[一二两三四五六七八九十](?:名|个|类|家|份|次|户|项|条|人)")

# Numbers inside names and slogans: they name a practice or a date, they count nothing.
SLOGANS = (
    "一把手", "一张网", "一盘棋", "白+黑", "三对一", "一核三治", "两手抓", "两不误",
    "最后一公里", "正月十五", "千家万户", "万众一心",
)  # fmt: skip

# The article writes only the abbreviation 工青妇; its members are the full names.
ABBREVIATIONS = {"工青妇": ("工会", "共青团", "妇联")}


def _body(article: str) -> str:
    """The article without its header date, the one number in it that is not a figure."""
    return HEADER_DATE.sub("", article, count=1)


def _leading_number(raw: str) -> str | None:
    match = ARABIC_NUMBER.match(raw)
    return match.group() if match else None


def test_header_date_is_the_report_date(article: str, report: Report) -> None:
    match = HEADER_DATE.search(article)
    assert match is not None
    assert match.group() == report.info.date_text


def test_every_excerpt_occurs_verbatim(article: str, report: Report) -> None:
    missing = [f.id for f in report.iter_figures() if f.excerpt not in article]
    assert missing == []


def test_every_excerpt_is_short(report: Report) -> None:
    long = [(f.id, len(f.excerpt)) for f in report.iter_figures() if len(f.excerpt) > 60]
    assert long == []


def test_every_raw_occurs_in_its_excerpt(report: Report) -> None:
    missing = [f.id for f in report.iter_figures() if f.raw not in f.excerpt]
    assert missing == []


def test_every_raw_states_its_value_and_bound(report: Report) -> None:
    for figure in report.iter_figures():
        parsed = read_raw(figure.raw)
        assert isinstance(parsed, Reading) and parsed.stateable, figure.id
        assert value_matches(parsed, figure.value), (figure.id, figure.raw, figure.value)
        assert parsed.lower_bound == figure.lower_bound, (figure.id, figure.raw)
        # 余 right after the number is what makes a lower bound, and nothing else does.
        assert figure.lower_bound == ("余" in figure.raw), figure.id


def test_every_measure_occurs_verbatim(article: str, report: Report) -> None:
    missing = [
        (subject.id, measure.text.zh)
        for subject in report.subjects
        for measure in subject.measures
        if measure.text.zh not in article
    ]
    assert missing == []


def test_every_arabic_number_is_exactly_one_figure(article: str, report: Report) -> None:
    in_article = Counter(ARABIC_NUMBER.findall(_body(article)))
    in_report = Counter(
        n for f in report.iter_figures() if (n := _leading_number(f.raw)) is not None
    )
    assert in_article == in_report


def test_every_chinese_count_is_a_figure(article: str, report: Report) -> None:
    in_article = Counter(CHINESE_COUNT.findall(article))
    in_report = Counter(f.raw for f in report.iter_figures() if _leading_number(f.raw) is None)
    assert in_article == in_report


def test_slogans_are_not_figures(article: str, report: Report) -> None:
    for slogan in SLOGANS:
        assert slogan in article, slogan
        for figure in report.iter_figures():
            assert slogan not in figure.raw, (slogan, figure.id)


def test_every_name_occurs_verbatim(article: str, report: Report) -> None:
    names = [s.name.zh for s in report.subjects]
    missing = [name for name in names if name not in article]
    assert missing == []


def test_members_are_named_as_the_article_names_them(article: str, report: Report) -> None:
    for unit in report.units:
        members = tuple(m.zh for m in unit.members)
        if unit.name.zh in ABBREVIATIONS:
            assert members == ABBREVIATIONS[unit.name.zh]
        else:
            missing = [m for m in members if m not in article]
            assert missing == [], unit.id


def test_donation_parties_occur_verbatim(article: str, report: Report) -> None:
    texts = [
        t.zh for d in report.donations for t in (d.donor_detail, d.recipient) if isinstance(t, Text)
    ] + [r.source.zh for r in report.receipts if r.source is not None]
    missing = [t for t in texts if t not in article]
    assert missing == []


def test_section_headings_open_their_paragraphs(article: str, report: Report) -> None:
    paragraphs = [p.strip() for p in article.splitlines() if p.strip()]
    printed = [s for s in report.sections if s.id != "lead"]
    for section in printed:
        opening = [p for p in paragraphs if p.startswith(section.heading.zh + "。")]
        assert len(opening) == 1, section.id


@pytest.mark.parametrize(
    "name",
    ["加吾乡", "年都乎乡", "多哇镇", "瓜什则乡", "曲库乎乡", "牙浪乡", "隆务镇"],
)
def test_township_named_in_article_is_in_report(article: str, report: Report, name: str) -> None:
    assert name in article
    assert name in {t.name.zh for t in report.townships}


def test_no_other_township_is_named(article: str, report: Report) -> None:
    # A township or town name: two to four characters ending in 乡 or 镇, found by its
    # own occurrences rather than by a list, so that a new name in the source fails here.
    names = {t.name.zh for t in report.townships}
    for zh in names:
        assert zh[-1] in "乡镇"
    known_words = ("各乡镇", "乡镇", "包乡", "返乡", "城镇", "示范镇")
    text = article
    for word in (*sorted(names, key=len, reverse=True), *known_words):
        text = text.replace(word, "")
    assert re.findall(r"[\u4e00-\u9fff]{1,3}[乡镇]", text) == []
