"""The rules of schema_version 2 (docs/report-format.md), in both passes of tui.core.validate.

Version 2 is version 1 made to fit any county's report: every version 1 file is a valid
version 2 file once its `schema_version` says 2 (that is all `response-dashboard upgrade`
changes). What it adds:

- `[[sources]]`, the published texts the report is read from; when a source's `text` is
  given, every figure's excerpt and every measure's Chinese text must occur in it verbatim,
  and with several sources each figure names its own (`source`, on the figure or its measure);
- an optional title, office and date, a date that is a month or a year, and a region that is
  a table of levels (`province`, `prefecture`, `county`, `district`, …) in the order written;
- more kinds of unit and township, subjects with no measure, more categories, units of
  measure the report declares in `[measure_units]`;
- gifts in kind with no money value but a list of `items` (figures of quantities), and a
  gift's recipient given as the id of a unit or township; receipts by a township.

The version 1 rules and their two passes stay in tui.core.validate, untouched by these: a
version 1 file checks exactly as before. The precise pass here is the version 1 `_Checker`
given the wider tables and choices of version 2 (`_WIDER`), plus the checks version 1 has
no need of; the quick pass builds with msgspec and checks a column at a time, as version 1's
does, and reads raw forms with the same function (`rawform.column_agrees`), so a number reads the
same in every version. tests/test_validate_v2.py holds the two passes to one meaning.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from itertools import chain, compress, repeat
from operator import attrgetter, contains, eq
from types import GenericAlias
from typing import Any

import msgspec

from .model import (
    CATEGORIES,
    CATEGORIES_V2,
    DONATION_FORMS,
    MAX_VALUE,
    MEASURE_UNITS,
    REGION_LEVELS,
    TOWNSHIP_KINDS,
    TOWNSHIP_KINDS_V2,
    UNIT_KINDS,
    UNIT_KINDS_V2,
    Donation,
    Figure,
    Measure,
    MeasureUnit,
    Receipt,
    RegionLevel,
    Report,
    ReportInfo,
    Section,
    Source,
    Text,
    Township,
    Unit,
)
from .validate import (
    FIGURE,
    FIRST_LINE,
    ID_PATTERN,
    MEASURE,
    RECEIPT,
    REPORT,
    TEXT,
    TOP,
    TOWNSHIP,
    UNIT,
    KeyPath,
    _Checker,
    _did_you_mean,
    _filled,
    _ids_ok,
    _one_of,
    _unique,
    describe,
    show,
)

VERSION = 2

# --- the schema: version 1's tables, wider ----------------------------------------------------

TOP_V2: dict[str, tuple[bool, str]] = {
    "schema_version": (True, "integer 1 or 2"),
    "report": TOP["report"],
    "sources": (False, "array of tables"),
    "measure_units": (False, 'table of unit keys, each { zh = "…", en = "…" }'),
    **{k: v for k, v in TOP.items() if k not in ("schema_version", "report")},
}
_DATE_V2 = "local date (2020-02-26), or a month ('2020-02') or a year ('2020') as a string"
REPORT_V2: dict[str, tuple[bool, str]] = {
    "id": REPORT["id"],
    "title": (False, TEXT),
    "office": (False, TEXT),
    "date": (False, _DATE_V2),
    "region": (True, "table of levels (" + _one_of(REGION_LEVELS) + "), each a bilingual text"),
}
SOURCE: dict[str, tuple[bool, str]] = {
    "id": (True, "id"),
    "url": (False, "string, where the source is published"),
    "title": (True, "string, the title as printed"),
    "publisher": (True, "string, the publisher as printed"),
    "date": (True, "string, the date as printed"),
    "retrieved": (False, "local date, when it was read"),
    "text": (False, "string, the source's full text"),
}
UNIT_V2: dict[str, tuple[bool, str]] = {
    **UNIT,
    "kind": (True, "one of " + _one_of(UNIT_KINDS_V2)),
    "measures": (False, "array of tables"),
}
TOWNSHIP_V2: dict[str, tuple[bool, str]] = {
    **TOWNSHIP,
    "kind": (True, "one of " + _one_of(TOWNSHIP_KINDS_V2)),
    "measures": (False, "array of tables"),
}
MEASURE_V2: dict[str, tuple[bool, str]] = {**MEASURE, "source": (False, "id of a source")}
FIGURE_V2: dict[str, tuple[bool, str]] = {
    **FIGURE,
    "unit": (True, "a built-in unit (" + _one_of(MEASURE_UNITS) + ") or a key of measure_units"),
    "category": (True, "one of " + _one_of(CATEGORIES_V2)),
    "source": (False, "id of a source"),
}
DONATION_V2: dict[str, tuple[bool, str]] = {
    "id": (True, "id"),
    "donor": (True, "id of a unit or township"),
    "donor_detail": (False, TEXT),
    "recipient": (False, TEXT + ", or the id of a unit or township"),
    "form": (True, "one of " + _one_of(DONATION_FORMS)),
    "figure": (False, "id of a figure in yuan (a gift in kind with items may have none)"),
    "items": (False, "array of ids of figures, the quantities given"),
}
RECEIPT_V2: dict[str, tuple[bool, str]] = {
    **RECEIPT,
    "recipient": (True, "id of a unit or township"),
}

# The version 1 tables and choices the precise pass asks for, and what version 2 has instead.
_WIDER: dict[int, Mapping[str, Any]] = {
    id(TOP): TOP_V2,
    id(REPORT): REPORT_V2,
    id(UNIT): UNIT_V2,
    id(TOWNSHIP): TOWNSHIP_V2,
    id(MEASURE): MEASURE_V2,
    id(FIGURE): FIGURE_V2,
    id(RECEIPT): RECEIPT_V2,
    id(UNIT_KINDS): UNIT_KINDS_V2,
    id(TOWNSHIP_KINDS): TOWNSHIP_KINDS_V2,
    id(CATEGORIES): CATEGORIES_V2,
}

#: A month or a year, as a version 2 report may date itself.
_PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?")


def is_v2(data: object) -> bool:
    """Whether parsed data says it is schema_version 2 (the version 2 rules apply)."""
    return (
        type(data) is dict
        and type(data.get("schema_version")) is int
        and (data["schema_version"] == VERSION)
    )


# --- the precise pass -------------------------------------------------------------------------


class _CheckerV2(_Checker):
    """Version 1's precise pass, with version 2's tables and choices, and its own checks."""

    def __init__(self) -> None:
        super().__init__()
        self.measure_units: dict[str, object] = dict(MEASURE_UNITS)
        self.source_ids: dict[str, KeyPath] = {}
        self.source_texts: dict[str, str] = {}
        self.source_refs: list[tuple[KeyPath, str]] = []
        # (path of the text, the text, id of its source or None, path where a figure's
        # missing source would go, or None for a measure's text)
        self.verbatim: list[tuple[KeyPath, str, str | None, KeyPath | None]] = []
        self.measure_source: str | None = None

    # Version 1's walk asks for its tables and choices; version 2's are wider.
    def table(
        self, value: object, path: KeyPath, spec: Mapping[str, tuple[bool, str]], what: str
    ) -> dict[str, Any] | None:
        return super().table(value, path, _WIDER.get(id(spec), spec), what)

    def enum(
        self, table: dict[str, Any], key: str, path: KeyPath, choices: Mapping[str, object]
    ) -> str | None:
        if choices is MEASURE_UNITS:
            choices = self.measure_units
        return super().enum(table, key, path, _WIDER.get(id(choices), choices))

    def run(self, data: object) -> list[Any]:
        top = self.table(data, (), TOP, "table")
        if top is None:
            return self.found
        if "report" in top:
            self.report(top["report"], ("report",))
        for i, item in self.tables(top, "sources", ()):
            self.source(item, ("sources", i))
        if "measure_units" in top:
            self.units_of_measure(top["measure_units"])
        for i, item in self.tables(top, "sections", ()):
            self.section(item, ("sections", i))
        for i, item in self.tables(top, "units", ()):
            self.subject(item, ("units", i), unit=True)
        for i, item in self.tables(top, "townships", ()):
            self.subject(item, ("townships", i), unit=False)
        for i, item in self.tables(top, "donations", ()):
            self.donation(item, ("donations", i))
        for i, item in self.tables(top, "receipts", ()):
            self.receipt(item, ("receipts", i))
        self.cross_references(top)
        self.sources_said(top)
        return self.found

    def report(self, value: object, path: KeyPath) -> None:
        report = self.table(value, path, REPORT, "table")
        if report is None:
            return
        self.ident(report, path, None, "report")
        self.text(report, "title", path)
        self.text(report, "office", path)
        if "date" in report:
            date = report["date"]
            partial = isinstance(date, str) and _PARTIAL_DATE.fullmatch(date)
            if type(date) is not dt.date and not partial:
                self.add((*path, "date"), f"wrong date (expected {_DATE_V2}, got {describe(date)})")
        if "region" in report:
            self.region(report["region"], (*path, "region"))

    def region(self, value: object, path: KeyPath) -> None:
        if not isinstance(value, dict):
            self.add(path, f"wrong type (expected {REPORT_V2['region'][1]}, got {describe(value)})")
            return
        if not value:
            self.add(path, "no levels (expected at least one, e.g. county = { zh, en })")
        for level, name in value.items():
            if level not in REGION_LEVELS:
                hint = _did_you_mean(level, REGION_LEVELS)
                expected = _one_of(REGION_LEVELS)
                self.add(
                    (*path, level),
                    f"unknown level {show(level)} (expected one of {expected}{hint})",
                    "key",
                )
                continue
            self.text_value(name, (*path, level))

    def source(self, value: object, path: KeyPath) -> None:
        source = self.table(value, path, SOURCE, "table")
        if source is None:
            return
        source_id = self.ident(source, path, self.source_ids, "source")
        for key in ("url", "title", "publisher", "date"):
            self.string(source, key, path, SOURCE[key][1])
        if "retrieved" in source and type(source["retrieved"]) is not dt.date:
            got = describe(source["retrieved"])
            self.add((*path, "retrieved"), f"wrong type (expected local date, got {got})")
        text = self.string(source, "text", path, SOURCE["text"][1])
        if source_id is not None and text is not None:
            self.source_texts[source_id] = text

    def units_of_measure(self, value: object) -> None:
        path: KeyPath = ("measure_units",)
        if not isinstance(value, dict):
            self.add(
                path, f"wrong type (expected {TOP_V2['measure_units'][1]}, got {describe(value)})"
            )
            return
        for key, words in value.items():
            if not ID_PATTERN.fullmatch(key):
                self.add(
                    (*path, key),
                    "invalid unit key (expected lower-case ASCII letters, digits and '-', "
                    f"starting with a letter, got {show(key)})",
                    "key",
                )
            elif key in MEASURE_UNITS:
                self.add(
                    (*path, key), f"{show(key)} is a built-in unit (expected a new key)", "key"
                )
            self.text_value(words, (*path, key))
            self.measure_units.setdefault(key, words)

    def subject(self, value: object, path: KeyPath, *, unit: bool) -> None:
        # A version 2 subject may have no measure: an empty list is as good as none.
        if isinstance(value, dict) and value.get("measures") == []:
            value = {k: v for k, v in value.items() if k != "measures"}
        super().subject(value, path, unit=unit)

    def measure(self, value: object, path: KeyPath) -> None:
        source = value.get("source") if isinstance(value, dict) else None
        self.measure_source = source if isinstance(source, str) else None
        if isinstance(value, dict) and "source" in value:
            self.source_ref(value, path)
        super().measure(value, path)
        text = value.get("text") if isinstance(value, dict) else None
        zh = text.get("zh") if isinstance(text, dict) else None
        if isinstance(zh, str) and zh.strip():
            self.verbatim.append(((*path, "text", "zh"), zh, self.measure_source, None))
        self.measure_source = None

    def figure(self, value: object, path: KeyPath) -> None:
        super().figure(value, path)
        if not isinstance(value, dict):
            return
        source = self.measure_source
        if "source" in value:
            own = self.source_ref(value, path)
            source = own if own is not None else source
        excerpt = value.get("excerpt")
        if isinstance(excerpt, str) and excerpt.strip():
            self.verbatim.append(((*path, "excerpt"), excerpt, source, (*path, "source")))

    def source_ref(self, table: dict[str, Any], path: KeyPath) -> str | None:
        source = self.reference(table, "source", path)
        if source is not None:
            self.source_refs.append(((*path, "source"), source))
        return source

    def donation(self, value: object, path: KeyPath) -> None:
        donation = self.table(value, path, DONATION_V2, "table")
        if donation is None:
            return
        self.ident(donation, path, self.gift_ids, "donation or receipt")
        self.reference(donation, "donor", path)
        self.text(donation, "donor_detail", path)
        if "recipient" in donation and not isinstance(donation["recipient"], str):
            self.text(donation, "recipient", path)
        form = self.enum(donation, "form", path, DONATION_FORMS)
        self.reference(donation, "figure", path)
        items = donation.get("items")
        if "items" in donation:
            if not isinstance(items, list):
                got = describe(items)
                self.add(
                    (*path, "items"), f"wrong type (expected {DONATION_V2['items'][1]}, got {got})"
                )
                items = None
            else:
                for i, item in enumerate(items):
                    if not isinstance(item, str):
                        got = describe(item)
                        self.add((*path, "items", i), f"wrong type (expected id string, got {got})")
        if "figure" not in donation and not items:
            self.add(
                (*path, "figure"),
                "a gift needs an amount or items (expected figure, or items for a gift in kind)",
                "parent",
            )
        elif "figure" not in donation and form == "cash":
            self.add(
                (*path, "figure"),
                "missing key (expected the id of a figure in yuan: a cash gift has an amount)",
                "parent",
            )

    # --- references, once every id is known -------------------------------------------------

    def cross_references(self, top: dict[str, Any]) -> None:
        for path, section in self.section_refs:
            if section not in self.section_ids:
                self.unknown_id(path, section, "section", self.section_ids)
        for path, source in self.source_refs:
            if source not in self.source_ids:
                self.unknown_id(path, source, "source", self.source_ids)
        used: dict[str, KeyPath] = {}
        for i, item in self._items(top, "donations"):
            donor = item.get("donor")
            if isinstance(donor, str) and donor not in self.subject_ids:
                self.unknown_id(
                    ("donations", i, "donor"), donor, "unit or township", self.subject_ids
                )
            recipient = item.get("recipient")
            if isinstance(recipient, str) and recipient not in self.subject_ids:
                where = ("donations", i, "recipient")
                self.unknown_id(where, recipient, "unit or township", self.subject_ids)
            self.amount(item, ("donations", i), used)
            items = item.get("items")
            if isinstance(items, list):
                for j, figure_id in enumerate(items):
                    if isinstance(figure_id, str):
                        self.item(figure_id, ("donations", i, "items", j), used)
        for i, item in self._items(top, "receipts"):
            recipient = item.get("recipient")
            if isinstance(recipient, str) and recipient not in self.subject_ids:
                where = ("receipts", i, "recipient")
                self.unknown_id(where, recipient, "unit or township", self.subject_ids)
            self.amount(item, ("receipts", i), used)

    def item(self, figure_id: str, where: KeyPath, used: dict[str, KeyPath]) -> None:
        """A figure listed as a gift's item: it exists, is a quantity, and is no other's."""
        known = self.figures.get(figure_id)
        if known is None:
            self.unknown_id(where, figure_id, "figure", self.figures)
            return
        if known[1] == "yuan":
            self.add(
                where,
                f"figure {show(figure_id)} is an amount of money (expected a quantity given; "
                "the gift's money value is its figure)",
            )
        first = used.get(figure_id)
        if first is not None:
            self.add(
                where,
                f"figure {show(figure_id)} is already the amount or an item of another "
                f"donation or receipt (first at line {FIRST_LINE})",
                first=first,
            )
        else:
            used[figure_id] = where

    def sources_said(self, top: dict[str, Any]) -> None:
        """Every excerpt and measure text verbatim in its source, when the source's text is
        there; with several sources, every figure says which is its."""
        count = len(self.source_ids)
        if count == 0:
            return
        only = next(iter(self.source_ids)) if count == 1 else None
        for path, text, source, missing in self.verbatim:
            source = source or only
            if source is None:
                if missing is not None:
                    self.add(
                        missing,
                        f"missing key (expected the id of a source: the report has {count})",
                        "parent",
                    )
                    continue
                # A measure that names none of several sources can only be checked when
                # every source's text is there: it must be in one of them.
                texts = list(self.source_texts.values())
                if len(texts) == count and not any(text in t for t in texts):
                    self.add(
                        path,
                        f"not in the text of any source (expected verbatim text, got {show(text)})",
                    )
                continue
            said = self.source_texts.get(source)
            if said is not None and text not in said:
                self.add(
                    path,
                    f"not in the text of source {show(source)} "
                    f"(expected a verbatim part of it, got {show(text)})",
                )


def check_precisely_v2(data: object) -> list[Any]:
    """Every problem in parsed schema_version 2 data."""
    return _CheckerV2().run(data)


# --- the quick pass, which also builds ---------------------------------------------------------

_TOP_REQUIRED = frozenset(k for k, (required, _) in TOP_V2.items() if required)
_TOP_ALL = frozenset(TOP_V2)
_REPORT_REQUIRED = frozenset(k for k, (required, _) in REPORT_V2.items() if required)
_REPORT_ALL = frozenset(REPORT_V2)
_ID = attrgetter("id")
_SOURCE = attrgetter("source")
_FIGURES = attrgetter("figures")
_EXCERPT = attrgetter("excerpt")
_UNIT = attrgetter("unit")
_RUN = 1024


def _made(items: object, cls: type[Any], strict: bool = True) -> list[Any]:
    """A record of `cls` for each table of `items`; not `strict`, msgspec also reads an ISO
    date string as a date (data that comes from JSON, already checked)."""
    if type(items) is not list:
        raise TypeError("not an array")
    made: list[Any] = msgspec.convert(items, GenericAlias(list, (cls,)), strict=strict)
    return made


def checked_report_v2(data: object) -> Report | None:
    """The report schema_version 2 `data` holds when the quick pass is certain it is valid;
    None when not sure (then `check_precisely_v2` decides)."""
    try:
        return _build(data, checking=True)
    except Exception:  # any surprise in the data means "not sure": the precise pass decides
        return None


def build_v2(data: dict[str, Any]) -> Report:
    """The report of schema_version 2 data that the precise pass found valid."""
    report = _build(data, checking=False)
    assert report is not None  # nothing is checked, so nothing is refused
    return report


def _build(data: Any, *, checking: bool) -> Report | None:
    if type(data) is not dict or not (_TOP_REQUIRED <= data.keys() <= _TOP_ALL):
        return None
    if not is_v2(data):
        return None
    head = data["report"]
    if type(head) is not dict or not (_REPORT_REQUIRED <= head.keys() <= _REPORT_ALL):
        return None
    date = head.get("date")
    partial = type(date) is str and _PARTIAL_DATE.fullmatch(date) is not None
    if not checking and type(date) is str and not partial:
        date = dt.date.fromisoformat(date)  # a full date, as JSON writes it
    if checking and date is not None and type(date) is not dt.date and not partial:
        return None
    region = head["region"]
    if type(region) is not dict or (checking and not region.keys() <= REGION_LEVELS.keys()):
        return None
    names = _made(list(region.values()), Text)
    title, office = (
        msgspec.convert(head[k], Text, strict=True) if k in head else None
        for k in ("title", "office")
    )
    heads = [t for t in (title, office, *names) if t is not None]
    if checking and (not region or not _filled(heads) or not _ids_ok([head["id"]])):
        return None

    sources = _made(data.get("sources", []), Source, strict=checking)
    source_ids = list(map(_ID, sources))
    if checking and not _sources_ok(sources, source_ids):
        return None
    declared = data.get("measure_units", {})
    if type(declared) is not dict:
        return None
    units_of_measure = [
        MeasureUnit(key, words)
        for key, words in zip(declared, _made(list(declared.values()), Text), strict=True)
    ]
    keys = list(declared)
    if checking and (
        not _ids_ok(keys)
        or not MEASURE_UNITS.keys().isdisjoint(keys)
        or not _filled(map(attrgetter("words"), units_of_measure))
    ):
        return None
    known_units = MEASURE_UNITS.keys() | set(keys)

    sections = _made(data["sections"], Section)
    section_ids = list(map(_ID, sections))
    if checking and (
        not _ids_ok(section_ids)
        or not _unique(section_ids)
        or not _filled(map(attrgetter("heading"), sections))
    ):
        return None

    subjects: dict[str, list[Any]] = {"units": [], "townships": []}
    subject_ids: list[Any] = []
    figures: list[Figure] = []
    measures: list[Measure] = []
    kinds_of: tuple[tuple[str, type[Unit | Township], Mapping[str, object]], ...] = (
        ("units", Unit, UNIT_KINDS_V2),
        ("townships", Township, TOWNSHIP_KINDS_V2),
    )
    for key, cls, kinds in kinds_of:
        items = data.get(key, [])
        if type(items) is not list:
            return None
        for start in range(0, len(items), _RUN):
            made = _made(items[start : start + _RUN], cls)
            run_measures = list(chain.from_iterable(map(attrgetter("measures"), made)))
            run_figures = list(chain.from_iterable(map(_FIGURES, run_measures)))
            if checking and not _subjects_ok(
                made, kinds, run_measures, run_figures, set(section_ids), known_units
            ):
                return None
            subjects[key] += made
            subject_ids += map(_ID, made)
            measures += run_measures
            figures += run_figures
    figure_ids = list(map(_ID, figures))
    if checking and (not _unique(subject_ids) or not _unique(figure_ids)):
        return None
    if checking and not _said_in_sources(sources, measures):
        return None

    donations: list[Donation] = _made(data.get("donations", []), Donation)
    receipts: list[Receipt] = _made(data.get("receipts", []), Receipt)
    if checking and not _gifts_ok(data, donations, receipts, subject_ids, figures):
        return None
    info = ReportInfo(
        id=head["id"],
        title=title,
        office=office,
        date=date,
        region=tuple(RegionLevel(level, name) for level, name in zip(region, names, strict=True)),
    )
    return Report(
        schema_version=VERSION,
        info=info,
        sections=tuple(sections),
        units=tuple(subjects["units"]),
        townships=tuple(subjects["townships"]),
        donations=tuple(donations),
        receipts=tuple(receipts),
        sources=tuple(sources),
        measure_units=tuple(units_of_measure),
    )


def _sources_ok(sources: list[Source], ids: list[Any]) -> bool:
    if not _ids_ok(ids) or not _unique(ids):
        return False
    strings = [
        s
        for source in sources
        for s in (source.url, source.title, source.publisher, source.date)
        if s is not None
    ]
    texts = [s.text for s in sources if s.text is not None]
    return (
        all(map(str.strip, strings))
        and all(map(str.strip, texts))
        and all(s.retrieved is None or type(s.retrieved) is dt.date for s in sources)
    )


def _subjects_ok(
    made: list[Any],
    kinds: Mapping[str, object],
    measures: list[Measure],
    figures: list[Figure],
    known_sections: set[Any],
    known_units: set[str] | Any,
) -> bool:
    got_kinds = set(map(attrgetter("kind"), made))
    if not got_kinds <= kinds.keys():
        return False
    if "joint" in got_kinds and any(len(u.members) < 2 for u in made if u.kind == "joint"):
        return False
    if not set(map(attrgetter("section"), measures)) <= known_sections:
        return False
    ids = list(map(_ID, figures))
    if not _ids_ok([*map(_ID, made), *ids]):
        return False
    texts = [
        *map(attrgetter("name"), made),
        *map(attrgetter("text"), measures),
        *map(attrgetter("label"), figures),
    ]
    if isinstance(made[0], Unit):
        texts += chain.from_iterable(map(attrgetter("members"), made))
    if not _filled(texts):
        return False
    if not figures:
        return True
    values = tuple(map(attrgetter("value"), figures))
    # A finite sum rules out inf and nan; the bounds, a value past the limit.
    if min(values) < 0 or max(values) > MAX_VALUE or not math.isfinite(sum(values)):
        return False
    if not set(map(_UNIT, figures)) <= known_units:
        return False
    if not set(map(attrgetter("category"), figures)) <= CATEGORIES_V2.keys():
        return False
    from .rawform import column_agrees  # the reader of version 1, so a number reads the same

    raws = tuple(map(attrgetter("raw"), figures))
    if not column_agrees(raws, values, tuple(map(attrgetter("lower_bound"), figures))):
        return False
    return all(map(contains, map(_EXCERPT, figures), raws))


def _said_in_sources(sources: list[Source], measures: list[Measure]) -> bool:
    """Every source named exists; with several sources every figure has one; every excerpt
    and measure text is verbatim in the text of its source, when that text is there."""
    if not sources:
        return not any(map(_SOURCE, measures)) and not any(
            map(_SOURCE, chain.from_iterable(map(_FIGURES, measures)))
        )
    by_id = {s.id: s for s in sources}
    only = sources[0].id if len(sources) == 1 else None
    texts = [s.text for s in sources if s.text is not None]
    every_text = len(texts) == len(sources)
    for measure in measures:
        if measure.source is not None and measure.source not in by_id:
            return False
        own = measure.source or only
        zh = measure.text.zh
        if own is None:
            if every_text and not any(zh in t for t in texts):
                return False
        else:
            said = by_id[own].text
            if said is not None and zh not in said:
                return False
        for figure in measure.figures:
            source = figure.source or own
            if source is None or source not in by_id:
                return False
            said = by_id[source].text
            if said is not None and figure.excerpt not in said:
                return False
    return True


def _gifts_ok(
    data: dict[str, Any],
    donations: list[Donation],
    receipts: list[Receipt],
    subject_ids: list[Any],
    figures: list[Figure],
) -> bool:
    known = set(subject_ids)
    forms = DONATION_FORMS.keys()
    if not set(map(attrgetter("donor"), donations)) <= known:
        return False
    if not set(map(attrgetter("recipient"), receipts)) <= known:
        return False
    if not set(map(attrgetter("form"), chain(donations, receipts))) <= forms:
        return False
    raw_donations = data.get("donations", [])
    for key in ("donor_detail", "recipient"):
        given = [v for v in map(attrgetter(key), donations) if v is not None]
        if len(given) != sum(map(contains, raw_donations, repeat(key))):
            return False
        if not set(v for v in given if type(v) is str) <= known:
            return False
        if not _filled(v for v in given if type(v) is Text):
            return False
    if not all(map(_filled, ([r.source] for r in receipts if r.source is not None))):
        return False
    units = dict(zip(map(_ID, figures), map(_UNIT, figures), strict=True))
    yuan = set(compress(units, map(eq, units.values(), repeat("yuan"))))
    amounts = [d.figure for d in donations if d.figure is not None]
    amounts += map(attrgetter("figure"), receipts)
    items = list(chain.from_iterable(map(attrgetter("items"), donations)))
    if not set(amounts) <= yuan or not set(items) <= units.keys() - yuan:
        return False
    if not _unique([*amounts, *items]):
        return False
    for d in donations:
        if d.figure is None and (not d.items or d.form == "cash"):
            return False
    gift_ids = [*map(_ID, donations), *map(_ID, receipts)]
    return _ids_ok(gift_ids) and _unique(gift_ids)
