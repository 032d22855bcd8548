"""Hypothesis strategies for valid report snapshots, and helpers to edit a report.

`reports()` draws small reports that keep every rule of docs/report-format.md: ids of the
right shape and unique (every id in a drawn report is distinct, which is stricter than the
format), references that resolve, raw forms that agree with their values and occur in their
excerpts, gifts whose figures are in yuan. Text is deliberately awkward: CJK, emoji,
markup-like brackets, TOML-like quotes and `#`, control characters, bidi overrides.

A raw form is built from a value drawn first (`12.3万余元`, `一千零五十五名`, `0.6万余吨`):
the number is written from the value by `chinese_numeral` or in Arabic digits, never read
back by the parser under test, so the reports are an independent check of tui.core.rawform.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st

from tui.core.model import (
    CATEGORIES,
    DONATION_FORMS,
    MEASURE_UNITS,
    TOWNSHIP_KINDS,
    UNIT_KINDS,
    Donation,
    Figure,
    Measure,
    Number,
    Receipt,
    Region,
    Report,
    ReportInfo,
    Section,
    Text,
    Township,
    Unit,
    changed,
)


def examples(most: int) -> int:
    """How many examples a property test draws: `most` under the `ci` profile, the few of
    the `dev` profile otherwise (tests/conftest.py loads one before any test module)."""
    profile = settings.default
    assert profile is not None
    return min(most, profile.max_examples)


# --- text ------------------------------------------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9-]{0,14}", fullmatch=True)

_cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)
_emoji = st.text(
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), min_size=1, max_size=3
)
_markup = st.sampled_from(
    ["[bold]", "[/]", "a [/bold] b", "[TODO] fix", "[link=https://example.com]x",
     "[@click=app.quit]q", "[$accent]", "\\[escaped]", "**not bold**", "<b>", "|", "`code`"]
)  # fmt: skip
_toml_like = st.sampled_from(
    ['"', "'", '"""', "'''", "#", "# not a comment", "\\", "\\n", "a = 1", "[table]", "{ }", "="]
)
_controls = st.sampled_from(
    ["\x1b[2J", "\x1b]8;;x\x07", "\x00", "\x07", "\x7f", "\x9b", "\u202e", "\u2066", "\u2028",
     "\r\n", "\n", "\t", "\ufeff", "\u200b"]
)  # fmt: skip
_plain = st.text(max_size=8)  # any code point but surrogates
_visible_start = st.sampled_from(list("同仁县黄南Aa1城乡镇😷"))

#: A non-empty string with a visible first character and an awkward rest.
texts = st.builds(
    lambda first, rest: first + "".join(rest),
    _visible_start,
    st.lists(st.one_of(_cjk, _emoji, _markup, _toml_like, _controls, _plain), max_size=4),
)

bilingual = st.builds(Text, zh=texts, en=texts)

# --- figures ---------------------------------------------------------------------------------

# What may follow the number: never a digit, numeral, `.`, `,`, a multiplier, `余` or `多`,
# which would change its meaning.
_TAILS = ["", "名", "个村", "个社区", "车次", "吨", "元", "家", "份", "次", "物资", " people"]
_CN_DIGITS = "零一二三四五六七八九"


def _four(x: int, first: bool) -> str:
    """0 < x < 10,000 in Chinese numerals; `first`: it leads the number (`十五`, not `一十五`)."""
    out = ""
    zero = False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = x // place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out, zero = out + "零", False
        leading_ten = first and not out and place == 10 and digit == 1
        out += "十" if leading_ten else _CN_DIGITS[digit] + name
    return out


def chinese_numeral(n: int, *, liang: bool = False) -> str:
    """`n` (1 <= n < 10**12) as a report writes it: `十五`, `一千零五十五`, `一万零五百`,
    `一亿二千万`. Written from the digits of `n` by the school rules, independently of
    tui.core.rawform. With `liang`, a leading 2 before 百, 千, 万 or 亿 is `两` (`两百`)."""
    out = ""
    skipped = False
    for value, name in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if value == 0:
            skipped = bool(out)
            continue
        if out and (skipped or value < 1000):
            out += "零"
        out += _four(value, first=not out) + name
        skipped = False
    if liang and out[:1] == "二" and out[1:2] in ("百", "千", "万", "亿"):
        out = "两" + out[1:]
    return out


@st.composite
def raw_forms(draw: st.DrawFn) -> tuple[str, Number, bool]:
    """A raw form, the value it states and whether it is a lower bound, built from the value."""
    kind = draw(st.sampled_from(["int", "grouped", "decimal", "wan", "chinese", "mark-wan"]))
    mark = draw(st.sampled_from(["", "", "余", "多"]))
    if kind == "chinese":
        n = draw(st.integers(1, 10**12 - 1))
        number, value = chinese_numeral(n, liang=draw(st.booleans())) + mark, Decimal(n)
    elif kind == "mark-wan":  # `100余万`: the mark between the number and its multiplier
        n = draw(st.integers(1, 99_999))
        mark = draw(st.sampled_from(["余", "多"]))
        number, value = f"{n}{mark}万", Decimal(n) * 10_000
    elif kind in ("int", "grouped"):
        n = draw(st.integers(0, 10**12))
        number, value = (f"{n:,}" if kind == "grouped" else str(n)) + mark, Decimal(n)
    else:
        whole = draw(st.integers(0, 99_999))
        places = draw(st.integers(1, 4))
        text = f"{whole}.{draw(st.integers(0, 10**places - 1)):0{places}d}"
        value = Decimal(text) * (10_000 if kind == "wan" else 1)
        number = text + ("万" if kind == "wan" else "") + mark
    raw = number + draw(st.sampled_from(_TAILS))
    integral = value == value.to_integral_value()
    # An integral value is drawn as an int or as a float: 6000.0 must come back a float.
    use_int = integral and draw(st.booleans())
    stated: Number = int(value) if use_int else float(value)
    assert Decimal(str(stated)) == value, (raw, stated)  # a float holds every drawn value
    return raw, stated, bool(mark)


@st.composite
def figures(draw: st.DrawFn, figure_id: str, unit: str | None = None) -> Figure:
    raw, value, lower_bound = draw(raw_forms())
    before, after = draw(texts), draw(st.one_of(st.just(""), texts))
    return Figure(
        id=figure_id,
        label=draw(bilingual),
        value=value,
        unit=unit if unit is not None else draw(st.sampled_from([*MEASURE_UNITS, "yuan", "yuan"])),
        raw=raw,
        lower_bound=lower_bound,
        excerpt=before + raw + after,
        category=draw(st.sampled_from(list(CATEGORIES))),
    )


@st.composite
def figure_edits(draw: st.DrawFn, figure: Figure) -> Figure:
    """What a user may do to a figure in the edit form: value, raw, lower bound, excerpt, label.

    The id, unit and category stay, so the edited report keeps every reference valid.
    """
    edited = draw(figures(figure.id, figure.unit))
    return changed(edited, category=figure.category)


@st.composite
def careless_figure_edits(draw: st.DrawFn, figure: Figure) -> tuple[Figure, bool]:
    """An edit that may break the rules: a value that disagrees with the raw form, a raw form
    missing from the excerpt, a wrong lower bound; or a valid edit. With it, whether it keeps
    the rules, decided here from how it was made (never by the validator under test)."""
    edited = draw(figure_edits(figure))
    broken = draw(st.sampled_from(["value", "excerpt", "lower_bound", "none"]))
    if broken == "value":
        value: Number = draw(st.one_of(st.integers(0, 10**9), st.floats(0, 1e9)))
        # The drawn value may happen to be the one the raw form states.
        same = Decimal(str(value)) == Decimal(str(edited.value))
        return changed(edited, value=value), same
    if broken == "excerpt":
        excerpt = draw(texts)
        return changed(edited, excerpt=excerpt), edited.raw in excerpt
    if broken == "lower_bound":
        return changed(edited, lower_bound=not edited.lower_bound), False
    return edited, True


# --- reports ---------------------------------------------------------------------------------


class _Ids:
    """Hands out distinct ids drawn up front."""

    def __init__(self, pool: list[str]) -> None:
        self.pool = pool

    def take(self) -> str:
        return self.pool.pop()


@st.composite
def _measures(draw: st.DrawFn, ids_left: _Ids, section_ids: list[str]) -> tuple[Measure, ...]:
    measures = []
    for _ in range(draw(st.integers(1, 2))):
        count = draw(st.integers(0, 2))
        measures.append(
            Measure(
                text=draw(bilingual),
                section=draw(st.sampled_from(section_ids)),
                figures=tuple(draw(figures(ids_left.take())) for _ in range(count)),
            )
        )
    return tuple(measures)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """A small valid report: 1-2 sections, 1-3 units, 1-2 townships, some gifts and receipts."""
    # Enough distinct ids for everything: sections, subjects, up to 4 figures per subject,
    # donations and receipts (each at most one per figure).
    pool = draw(st.lists(ids, min_size=60, max_size=60, unique=True))
    ids_left = _Ids(pool)
    section_ids = [ids_left.take() for _ in range(draw(st.integers(1, 2)))]
    sections = tuple(Section(id=s, heading=draw(bilingual)) for s in section_ids)

    units = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(list(UNIT_KINDS)))
        members = (
            tuple(draw(st.lists(bilingual, min_size=2, max_size=3))) if kind == "joint" else ()
        )
        units.append(
            Unit(
                id=ids_left.take(),
                name=draw(bilingual),
                kind=kind,
                measures=draw(_measures(ids_left, section_ids)),
                members=members,
            )
        )
    townships = [
        Township(
            id=ids_left.take(),
            name=draw(bilingual),
            kind=draw(st.sampled_from(list(TOWNSHIP_KINDS))),
            measures=draw(_measures(ids_left, section_ids)),
        )
        for _ in range(draw(st.integers(1, 2)))
    ]

    everyone: list[Unit | Township] = [*units, *townships]
    subjects = [s.id for s in everyone]
    yuan = [f.id for s in everyone for m in s.measures for f in m.figures if f.unit == "yuan"]
    yuan = draw(st.permutations(yuan))
    n_gifts = draw(st.integers(0, len(yuan)))
    n_receipts = draw(st.integers(0, len(yuan) - n_gifts))
    optional_text = st.one_of(st.none(), bilingual)
    donations = tuple(
        Donation(
            id=ids_left.take(),
            donor=draw(st.sampled_from(subjects)),
            form=draw(st.sampled_from(list(DONATION_FORMS))),
            figure=yuan[i],
            donor_detail=draw(optional_text),
            recipient=draw(optional_text),
        )
        for i in range(n_gifts)
    )
    receipts = tuple(
        Receipt(
            id=ids_left.take(),
            recipient=draw(st.sampled_from([u.id for u in units])),
            form=draw(st.sampled_from(list(DONATION_FORMS))),
            figure=yuan[n_gifts + i],
            source=draw(optional_text),
        )
        for i in range(n_receipts)
    )
    info = ReportInfo(
        id=ids_left.take(),
        title=draw(bilingual),
        office=draw(bilingual),
        date=draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))),
        region=Region(county=draw(bilingual), prefecture=draw(bilingual), province=draw(bilingual)),
    )
    return Report(
        schema_version=1,
        info=info,
        sections=sections,
        units=tuple(units),
        townships=tuple(townships),
        donations=donations,
        receipts=receipts,
    )


# --- editing ---------------------------------------------------------------------------------


def replace_figure(report: Report, figure: Figure) -> Report:
    """`report` with the figure of the same id replaced by `figure`."""

    def measures(items: tuple[Measure, ...]) -> tuple[Measure, ...]:
        return tuple(
            changed(m, figures=tuple(figure if f.id == figure.id else f for f in m.figures))
            for m in items
        )

    return dataclasses.replace(
        report,
        units=tuple(changed(u, measures=measures(u.measures)) for u in report.units),
        townships=tuple(changed(t, measures=measures(t.measures)) for t in report.townships),
    )
