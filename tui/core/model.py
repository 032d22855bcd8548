"""The report model: typed, immutable records of one report snapshot, and the totals from them.

Nothing here imports Textual or Rich: a script, an exporter or a test can use the model
without starting an app. Records are frozen msgspec Structs holding tuples, so two reports
loaded from the same file compare equal and a loaded report can be shared freely. Structs,
rather than dataclasses, because msgspec builds them from parsed TOML in C, checking each
field's type and refusing unknown keys as it goes (tui.core.validate): on 100,000 records that is
a tenth of the time of building them in Python.

Cross-references are kept as ids (a donation names the id of its amount figure, and the
id of its donor unit or township); the `Report` resolves them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from functools import cached_property
from typing import Any, Literal, TypeVar

from msgspec import Struct, structs

from .labels import Label

#: The version new snapshots are written in; every version in `SCHEMA_VERSIONS` loads.
SCHEMA_VERSION = 2
SCHEMA_VERSIONS = (1, 2)

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

Number = int | float

#: The largest value a figure may hold, in base units (a million billion yuan, people, …).
#: `check` refuses anything larger, so that every total, change, bar and export of a valid
#: report is finite and exact: float sums stay far from overflow, decimal sums from rounding.
MAX_VALUE = 10**15

#: Units of measure a figure may carry, with their labels in each language.
MEASURE_UNITS: dict[str, Label] = {
    "people": Label("people", "名"),  # the measure word the reports write: 188名
    "villages": Label("villages", "个村"),
    "communities": Label("communities", "个社区"),
    "truckloads": Label("truckloads", "车次"),
    "tonnes": Label("tonnes", "吨"),
    "views": Label("views", "次"),
    "videos": Label("videos", "个"),
    "copies": Label("copies", "份"),
    "yuan": Label("yuan", "元"),
    "cooperatives": Label("cooperatives", "家"),
    "businesses": Label("businesses", "家"),
    "items": Label("items", "个"),
    "categories": Label("categories", "类"),
}

#: Groups in which the overview shows headline figures, in display order (schema_version 1).
CATEGORIES: dict[str, Label] = {
    "people": Label("People mobilised", "动员人员"),
    "coverage": Label("Coverage", "覆盖范围"),
    "outreach": Label("Outreach", "宣传"),
    "sanitation": Label("Sanitation", "环境卫生"),
    "donations": Label("Donations", "捐赠"),
    "measures": Label("Measures", "措施"),
}

#: The groups of schema_version 2: those of version 1 and three more, in display order.
CATEGORIES_V2: dict[str, Label] = {
    **CATEGORIES,
    "funding": Label("Funding", "资金"),
    "supplies": Label("Supplies", "物资"),
    "damage": Label("Damage", "灾损"),
}

#: The forms a donation can take. `mixed` is 捐款捐物: cash and goods not told apart.
DONATION_FORMS: dict[str, Label] = {
    "cash": Label("Cash", "现金"),
    "goods": Label("Goods (in kind)", "物资"),
    "mixed": Label("Cash and goods", "捐款捐物"),
}

UNIT_KINDS: dict[str, Label] = {
    "party": Label("Party organ", "党组织"),
    "government": Label("Government department", "政府部门"),
    "legislature": Label("People's congress / CPPCC", "人大政协"),
    "organisation": Label("Organisation", "团体"),
    "group": Label("Group of people", "群体"),
    "collective": Label("All units together", "集体"),
    "joint": Label("Joint action", "联合行动"),
}

TOWNSHIP_KINDS: dict[str, Label] = {
    "township": Label("Township", "乡"),
    "town": Label("Town", "镇"),
}

#: The kinds of schema_version 2: version 1's and those a report of any county needs.
#: (Version 1 keeps its own lists: a version 1 file checks exactly as it always did.)
UNIT_KINDS_V2: dict[str, Label] = {
    **UNIT_KINDS,
    "business": Label("Business", "企业"),
    "person": Label("Person", "个人"),
    "association": Label("Association", "协会"),
}

TOWNSHIP_KINDS_V2: dict[str, Label] = {
    **TOWNSHIP_KINDS,
    "subdistrict": Label("Subdistrict", "街道"),
    "sumu": Label("Sumu", "苏木"),
    "ethnic-township": Label("Ethnic township", "民族乡"),
    "unknown": Label("Township (kind not stated)", "乡镇"),
}

#: Levels of a region (schema_version 2), widest first, with their labels in each language.
REGION_LEVELS: dict[str, Label] = {
    "province": Label("Province", "省"),
    "prefecture": Label("Prefecture", "州/地区"),
    "city": Label("City", "市"),
    "county": Label("County", "县"),
    "district": Label("District", "区"),
    "banner": Label("Banner", "旗"),
    "township": Label("Township", "乡镇"),
    "village": Label("Village", "村"),
}


class Record(Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A record of the report file: immutable, compared by value, and strict when built from
    parsed data (`msgspec.convert`): a key the record does not have is an error.

    `gc=False`: records never form reference cycles, so the cycle collector need not track
    the millions of them a large report has.
    """


R = TypeVar("R", bound=Record)


def changed(record: R, **fields: Any) -> R:
    """A copy of `record` with `fields` set to new values: records are immutable."""
    return structs.replace(record, **fields)


class Text(Record, frozen=True):
    """A name or sentence in both languages: the Chinese original, kept exactly, and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class Figure(Record, frozen=True):
    """One figure of the source, in base units, with the raw form and the excerpt it came from."""

    id: str
    label: Text
    value: Number
    unit: str
    raw: str
    lower_bound: bool
    excerpt: str
    category: str
    #: Shown as a card on the overview: the report's own choice of the figures that matter.
    headline: bool = False
    #: The id of the source it comes from (schema_version 2); None: its measure's, or the
    #: report's only source.
    source: str | None = None


class Measure(Record, frozen=True):
    """One thing a unit or township did, in the section where the report tells it."""

    text: Text
    section: str
    figures: tuple[Figure, ...] = ()
    #: The id of the source that tells it (schema_version 2); None: the report's only one.
    source: str | None = None


class Unit(Record, frozen=True):
    """A department, office, organisation or group; a joint action names all its members."""

    id: str
    name: Text
    kind: str
    # Empty only in schema_version 2: a unit that is only visited or only receives.
    measures: tuple[Measure, ...] = ()
    members: tuple[Text, ...] = ()

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.section for m in self.measures))

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for m in self.measures for f in m.figures)


class Township(Record, frozen=True):
    """A township (乡) or town (镇) of the county and what it did."""

    id: str
    name: Text
    kind: str
    measures: tuple[Measure, ...] = ()

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.section for m in self.measures))

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for m in self.measures for f in m.figures)


class Donation(Record, frozen=True):
    """An itemised gift: who gave, to whom, in what form; the amount is the figure `figure`.

    In schema_version 2 a gift in kind may have no money value (`figure` None) and list what
    was given in `items` (ids of figures: `鸡蛋500斤` is a figure of 500 with unit `jin`), and
    its recipient may be the id of a unit or township as well as a text.
    """

    id: str
    donor: str
    form: str
    figure: str | None = None
    donor_detail: Text | None = None
    recipient: Text | str | None = None
    items: tuple[str, ...] = ()


class Receipt(Record, frozen=True):
    """What a recipient (a unit such as the county Red Cross; in schema_version 2 a township
    too) reports it received, kept apart from the gifts."""

    id: str
    recipient: str
    form: str
    figure: str
    source: Text | None = None


class Section(Record, frozen=True):
    id: str
    heading: Text


class Region(Record, frozen=True):
    """The region of a schema_version 1 report: always these three levels."""

    county: Text
    prefecture: Text
    province: Text


class RegionLevel(Record, frozen=True):
    """One level of a schema_version 2 region: `county`, 同仁县 / Tongren County."""

    level: str
    name: Text


class Source(Record, frozen=True):
    """A published text the report is read from (schema_version 2): where it is, what it
    says of itself, when it was read, and optionally its whole text."""

    id: str
    title: str
    publisher: str
    #: The date as the source prints it, e.g. `2020-02-26` or `2020年2月26日`.
    date: str
    #: Where it is published and when it was read: left out when not known, never guessed.
    url: str | None = None
    retrieved: dt.date | None = None
    text: str | None = None


class MeasureUnit(Record, frozen=True):
    """A unit of measure a schema_version 2 report declares, with its measure words."""

    key: str
    words: Text


class ReportInfo(Record, frozen=True):
    """The report's identity. Title, office and a full date are always there in
    schema_version 1; in version 2 they are optional, and a date may be a month (`2020-02`)
    or a year (`2020`), kept as that string. A version 2 region is its levels in file order."""

    id: str
    title: Text | None
    office: Text | None
    date: dt.date | str | None
    region: Region | tuple[RegionLevel, ...]

    @property
    def places(self) -> tuple[RegionLevel, ...]:
        """The region's levels: a version 1 region narrowest first, as it is written."""
        region = self.region
        if isinstance(region, Region):
            return (
                RegionLevel("county", region.county),
                RegionLevel("prefecture", region.prefecture),
                RegionLevel("province", region.province),
            )
        return region

    def place(self, level: str) -> Text:
        """The name of the region's `level` (`county`); KeyError when it has none."""
        for place in self.places:
            if place.level == level:
                return place.name
        raise KeyError(level)

    @property
    def date_text(self) -> str:
        """The date as ISO text (`2020-02-26`, `2020-02`, `2020`), or "" when there is none."""
        date = self.date
        if date is None:
            return ""
        return date if isinstance(date, str) else date.isoformat()


def add_exactly(a: Number, b: Number) -> Number:
    """`a + b` in decimal, as the figures are written: 0.1 + 0.2 is 0.3, not
    0.30000000000000004. An int when both are ints."""
    if type(a) is int and type(b) is int:
        return a + b
    from decimal import Decimal  # only for floats: not on the import path of the first frame

    return float(Decimal(repr(a)) + Decimal(repr(b)))


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of figures: `lower_bound` when any part was a lower bound (余); the sum is one too.

    Sums are decimal (`add_exactly`), and the values of a valid report are at most
    `MAX_VALUE`, so a total is exact and finite.
    """

    value: Number
    lower_bound: bool
    count: int

    def __add__(self, other: Amount) -> Amount:
        return Amount(
            add_exactly(self.value, other.value),
            self.lower_bound or other.lower_bound,
            self.count + other.count,
        )


ZERO = Amount(0, False, 0)


@dataclass(frozen=True, slots=True)
class DonationTotals:
    """Totals per form; itemised gifts and receipts are kept apart and never added together."""

    itemised: dict[str, Amount]
    received: dict[str, Amount]
    #: Gifts with no money value (in kind, schema_version 2): in no total above.
    without_value: int = 0


#: Records compared at a time when two reports are: see `Report.__eq__`.
_EQ_SLICE = 1024


def _same(a: object, b: object) -> bool:
    if type(a) is not tuple or type(b) is not tuple or len(a) <= _EQ_SLICE:
        return a == b
    if len(a) != len(b):
        return False
    return all(a[i : i + _EQ_SLICE] == b[i : i + _EQ_SLICE] for i in range(0, len(a), _EQ_SLICE))


@dataclass(frozen=True, eq=False)
class Report:
    """One report snapshot. Equality compares the data, not the derived indexes."""

    schema_version: int
    info: ReportInfo
    sections: tuple[Section, ...]
    units: tuple[Unit, ...]
    townships: tuple[Township, ...]
    donations: tuple[Donation, ...]
    receipts: tuple[Receipt, ...]
    sources: tuple[Source, ...] = ()
    measure_units: tuple[MeasureUnit, ...] = ()

    def __eq__(self, other: object) -> bool:
        """The same data, field by field. Records compare in C: two tuples of 100,000 of
        them compared at once would hold the interpreter lock for about 0.15 s, and a
        reload compares on a thread while the screen is drawn. Long tuples are compared a
        slice at a time, and the lock can pass between slices."""
        if not isinstance(other, Report):
            return NotImplemented
        return self is other or all(
            _same(getattr(self, name), getattr(other, name)) for name in _REPORT_FIELDS
        )

    def __hash__(self) -> int:
        # Equal reports have equal heads and lengths; hashing every record would hold the
        # lock as a whole comparison does.
        return hash((self.schema_version, self.info, *map(len, self._tables())))

    def _tables(self) -> tuple[tuple[Record, ...], ...]:
        return (
            self.sections,
            self.units,
            self.townships,
            self.donations,
            self.receipts,
            self.sources,
            self.measure_units,
        )

    # --- lookups -------------------------------------------------------------------------
    @cached_property
    def figures_by_id(self) -> dict[str, Figure]:
        return {f.id: f for f in self.iter_figures()}

    @cached_property
    def subjects_by_id(self) -> dict[str, Unit | Township]:
        found: dict[str, Unit | Township] = {u.id: u for u in self.units}
        found.update((t.id, t) for t in self.townships)
        return found

    @cached_property
    def sections_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def measure_words(self) -> dict[str, Label]:
        """Every unit of measure a figure may have here: the built-ins and the declared."""
        declared = {u.key: Label(u.words.en, u.words.zh) for u in self.measure_units}
        return {**MEASURE_UNITS, **declared} if declared else MEASURE_UNITS

    def source_of(self, figure_id: str) -> Source | None:
        """The source a figure comes from: its own, its measure's, or the only one."""
        for measure in self.owner_of_figure[figure_id].measures:
            for figure in measure.figures:
                if figure.id == figure_id:
                    source_id = figure.source or measure.source
                    if source_id is not None:
                        return self.sources_by_id.get(source_id)
        return self.sources[0] if len(self.sources) == 1 else None

    @property
    def subjects(self) -> tuple[Unit | Township, ...]:
        """Units, then townships, in file order."""
        units: tuple[Unit | Township, ...] = self.units
        return units + self.townships

    @cached_property
    def owner_of_figure(self) -> dict[str, Unit | Township]:
        return {f.id: s for s in self.subjects for f in s.figures}

    def iter_figures(self) -> Iterator[Figure]:
        """Every figure of the report, units first, then townships, in file order."""
        for subject in self.subjects:
            for measure in subject.measures:
                yield from measure.figures

    def figure(self, figure_id: str) -> Figure:
        return self.figures_by_id[figure_id]

    def subject(self, subject_id: str) -> Unit | Township:
        return self.subjects_by_id[subject_id]

    # --- totals --------------------------------------------------------------------------
    def donation_totals(self) -> DonationTotals:
        itemised = {form: ZERO for form in DONATION_FORMS}
        received = {form: ZERO for form in DONATION_FORMS}
        without_value = 0
        for d in self.donations:
            if d.figure is None:  # a gift in kind with no money value: counted, not summed
                without_value += 1
                continue
            f = self.figure(d.figure)
            itemised[d.form] = itemised[d.form] + Amount(f.value, f.lower_bound, 1)
        for r in self.receipts:
            f = self.figure(r.figure)
            received[r.form] = received[r.form] + Amount(f.value, f.lower_bound, 1)
        return DonationTotals(itemised=itemised, received=received, without_value=without_value)

    # --- edits: a new report with one change, this one untouched ---------------------------
    def with_figure(self, figure: Figure) -> Report:
        """This report with the figure of the same id replaced by `figure` (in its place).

        Raises KeyError when the report has no figure with that id.
        """
        if figure.id not in self.figures_by_id:
            raise KeyError(figure.id)

        def measures(items: tuple[Measure, ...]) -> tuple[Measure, ...]:
            return tuple(
                changed(m, figures=tuple(figure if f.id == figure.id else f for f in m.figures))
                if any(f.id == figure.id for f in m.figures)
                else m
                for m in items
            )

        owner = self.owner_of_figure[figure.id]
        return replace(
            self,
            units=tuple(
                changed(u, measures=measures(u.measures)) if u is owner else u for u in self.units
            ),
            townships=tuple(
                changed(t, measures=measures(t.measures)) if t is owner else t
                for t in self.townships
            ),
        )

    def with_gift(self, donation: Donation, figure: Figure, measure: int) -> Report:
        """This report with a new gift: `figure` (its amount) appended to measure number
        `measure` (0-based) of the donor `donation.donor`, and `donation` after the others.

        Raises KeyError for an unknown donor, IndexError for a measure it does not have.
        """
        donor = self.subject(donation.donor)
        if measure < 0:
            raise IndexError(measure)
        old = donor.measures[measure]
        measures = (
            *donor.measures[:measure],
            changed(old, figures=(*old.figures, figure)),
            *donor.measures[measure + 1 :],
        )
        return replace(
            self,
            units=tuple(changed(u, measures=measures) if u is donor else u for u in self.units),
            townships=tuple(
                changed(t, measures=measures) if t is donor else t for t in self.townships
            ),
            donations=(*self.donations, donation),
        )

    def counts(self) -> dict[str, int]:
        return {
            "units": len(self.units),
            "townships": len(self.townships),
            "figures": len(self.figures_by_id),
            "donations": len(self.donations),
            "receipts": len(self.receipts),
        }


_REPORT_FIELDS = tuple(field.name for field in fields(Report))
