"""Checking parsed report data against docs/report-format.md, every problem at once.

`validate(data)` returns a `Finding` for everything wrong with `data` (a dict as the TOML
parser gives it): closed tables, types, required keys, enums, ids, references, amounts and
raw forms. A finding names a key path and what is wrong, not a line: positions cost a
second parse, so the loader looks them up (tui.locate) only when there is something to say.

Two passes with one meaning. The quick pass (`checked_report`) answers "certainly valid?"
column by column with C-level builtins (map, set, itemgetter, one regex over all ids
joined), and when it is, gives the `Report` built from those same columns: on 100,000
figures, checking and building cost about what the parse does. When it is not certain
(None), `_Checker` walks the data record by record and says exactly what is wrong. The
precise pass is the authority: the quick one only ever skips it for data on which the
precise pass would find nothing, and tests/test_validate.py checks the two agree.

Plain Python: no Textual, no Rich. Values of unknown keys are never looked into, so no
nesting depth can hurt here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import chain, islice, repeat
from operator import add, contains, eq, itemgetter, mul
from typing import Any, Literal, TypeVar

from .model import (
    CATEGORIES,
    DONATION_FORMS,
    MEASURE_UNITS,
    SCHEMA_VERSION,
    TOWNSHIP_KINDS,
    UNIT_KINDS,
    Donation,
    Figure,
    Measure,
    Receipt,
    Region,
    Report,
    ReportInfo,
    Section,
    Text,
    Township,
    Unit,
)
from .safe import visible_line

KeyPath = tuple[str | int, ...]

#: Where a finding points: the value at its path, the key at its path, or the table that
#: holds its path (for a key that is missing there is nothing else to point at).
Anchor = Literal["value", "key", "parent"]

#: Stands in a message for the line of `Finding.first`; the locator fills it in. User text
#: never contains it: every piece of user text passes `visible_line`, which escapes NUL.
FIRST_LINE = "\x00first-line\x00"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with the data, at a key path, before it has a line and column."""

    path: KeyPath
    message: str
    anchor: Anchor = "value"
    #: Another place the message speaks of ("first at line N"), if any.
    first: KeyPath | None = None


ID_PATTERN = re.compile(r"[a-z][a-z0-9-]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Text shown inside a message is cut here: one line must stay one readable line.
_SHOW_MAX = 40


# --- how things are shown in messages ------------------------------------------------------


def show(text: str) -> str:
    """User text, quoted, cut short and with control characters made visible."""
    cut = text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 1] + "…"
    return "'" + visible_line(cut) + "'"


def format_path(path: KeyPath) -> str:
    """`units[3].measures[0].figures[1].raw`; keys that are not bare are quoted."""
    parts: list[str] = []
    for segment in path:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
            continue
        name = segment if _BARE_KEY.fullmatch(segment) else '"' + show(segment)[1:-1] + '"'
        parts.append("." + name if parts else name)
    return "".join(parts) or "(top level)"


def _float_text(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def describe(value: object) -> str:
    """A value's TOML type, and the value itself when it is a scalar: `integer 5`."""
    if isinstance(value, bool):
        return "boolean true" if value else "boolean false"
    if isinstance(value, int):
        text = str(value) if abs(value) < 10**30 else "(a very long number)"
        return f"integer {text}"
    if isinstance(value, float):
        return f"float {_float_text(value)}"
    if isinstance(value, str):
        return f"string {show(value)}" if value else "empty string"
    if isinstance(value, dict):
        return "table"
    if isinstance(value, list):
        return "empty array" if not value else "array"
    if isinstance(value, dt.datetime):
        kind = "offset date-time" if value.tzinfo is not None else "local date-time"
        return f"{kind} {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"local date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"local time {value.isoformat()}"
    return type(value).__name__


def _number_text(value: int | float) -> str:
    return _float_text(value) if isinstance(value, float) else str(value)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    if len(word) > 64:  # difflib is quadratic in the length; nothing that long is a typo
        return ""
    import difflib  # messages only: not imported on the way to a first frame

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f", did you mean {show(close[0])}?" if close else ""


def _one_of(choices: Iterable[str]) -> str:
    return ", ".join(
        visible_line(c if len(c) <= _SHOW_MAX else c[:_SHOW_MAX] + "…") for c in choices
    )


# --- the schema ----------------------------------------------------------------------------

TEXT = 'bilingual text { zh = "…", en = "…" }'
TEXTS = "array of bilingual texts"
TABLES = "array of tables"

# For each table: key -> (required, what is expected), in the order docs/report-format.md
# lists them (a missing key's message says what belongs there).
TOP: dict[str, tuple[bool, str]] = {
    "schema_version": (True, f"integer {SCHEMA_VERSION}"),
    "report": (True, "table"),
    "sections": (True, TABLES),
    "units": (True, TABLES),
    "townships": (False, TABLES),
    "donations": (False, TABLES),
    "receipts": (False, TABLES),
}
REPORT: dict[str, tuple[bool, str]] = {
    "id": (True, "id"),
    "title": (True, TEXT),
    "office": (True, TEXT),
    "date": (True, "local date, e.g. 2020-02-26"),
    "region": (True, "table of county, prefecture, province"),
}
REGION: dict[str, tuple[bool, str]] = {
    "county": (True, TEXT),
    "prefecture": (True, TEXT),
    "province": (True, TEXT),
}
SECTION: dict[str, tuple[bool, str]] = {"id": (True, "id"), "heading": (True, TEXT)}
UNIT: dict[str, tuple[bool, str]] = {
    "id": (True, "id"),
    "name": (True, TEXT),
    "kind": (True, "one of " + _one_of(UNIT_KINDS)),
    "members": (False, TEXTS),
    "measures": (True, TABLES + ", at least one"),
}
TOWNSHIP: dict[str, tuple[bool, str]] = {
    key: (required, "one of " + _one_of(TOWNSHIP_KINDS) if key == "kind" else what)
    for key, (required, what) in UNIT.items()
    if key != "members"
}
MEASURE: dict[str, tuple[bool, str]] = {
    "text": (True, TEXT),
    "section": (True, "id of a section"),
    "figures": (False, TABLES),
}
FIGURE: dict[str, tuple[bool, str]] = {
    "id": (True, "id"),
    "label": (True, TEXT),
    "value": (True, "number"),
    "unit": (True, "one of " + _one_of(MEASURE_UNITS)),
    "raw": (True, "string, the figure as written"),
    "lower_bound": (True, "boolean"),
    "excerpt": (True, "string, a verbatim excerpt of the source"),
    "category": (True, "one of " + _one_of(CATEGORIES)),
}
DONATION: dict[str, tuple[bool, str]] = {
    "id": (True, "id"),
    "donor": (True, "id of a unit or township"),
    "donor_detail": (False, TEXT),
    "recipient": (False, TEXT),
    "form": (True, "one of " + _one_of(DONATION_FORMS)),
    "figure": (True, "id of a figure in yuan"),
}
RECEIPT: dict[str, tuple[bool, str]] = {
    "id": (True, "id"),
    "recipient": (True, "id of a unit"),
    "source": (False, TEXT),
    "form": (True, "one of " + _one_of(DONATION_FORMS)),
    "figure": (True, "id of a figure in yuan"),
}
TEXT_KEYS: dict[str, tuple[bool, str]] = {
    "zh": (True, "string, the Chinese original"),
    "en": (True, "string, the English rendering"),
}

# Beyond this many candidates a "did you mean" costs more than it helps.
_SUGGEST_MAX = 2000


# --- the precise pass ----------------------------------------------------------------------


class _Checker:
    """Walks the data record by record; every problem becomes one `Finding`."""

    def __init__(self) -> None:
        self.found: list[Finding] = []
        self.section_ids: dict[str, KeyPath] = {}
        self.subject_ids: dict[str, KeyPath] = {}
        self.unit_ids: set[str] = set()
        self.township_ids: set[str] = set()
        # figure id -> (path of its id, its unit of measure, or None when the unit is wrong)
        self.figures: dict[str, tuple[KeyPath, str | None]] = {}
        self.gift_ids: dict[str, KeyPath] = {}
        self.section_refs: list[tuple[KeyPath, str]] = []

    def add(
        self, path: KeyPath, message: str, anchor: Anchor = "value", first: KeyPath | None = None
    ) -> None:
        self.found.append(Finding(path, message, anchor, first))

    # --- generic pieces ---------------------------------------------------------------------

    def table(
        self, value: object, path: KeyPath, spec: Mapping[str, tuple[bool, str]], what: str
    ) -> dict[str, Any] | None:
        """`value` as a closed table: unknown keys and missing required keys are findings."""
        if not isinstance(value, dict):
            self.add(path, f"wrong type (expected {what}, got {describe(value)})")
            return None
        for key in value:
            if key not in spec:
                hint = _did_you_mean(key, spec)
                self.add(
                    (*path, key),
                    f"unknown key {show(key)} (expected one of {_one_of(spec)}{hint})",
                    "key",
                )
        for key, (required, expected) in spec.items():
            if required and key not in value:
                self.add((*path, key), f"missing key (expected {expected})", "parent")
        return value

    def tables(self, table: dict[str, Any], key: str, path: KeyPath) -> Iterator[tuple[int, Any]]:
        """The items of an array of tables at `table[key]`, if it is an array."""
        if key not in table:
            return iter(())
        value = table[key]
        if not isinstance(value, list):
            self.add((*path, key), f"wrong type (expected {TABLES}, got {describe(value)})")
            return iter(())
        return enumerate(value)

    def string(self, table: dict[str, Any], key: str, path: KeyPath, what: str) -> str | None:
        """A non-blank string at `table[key]`; None (with a finding) when it is not one."""
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str):
            self.add((*path, key), f"wrong type (expected {what}, got {describe(value)})")
            return None
        if not value.strip():
            what_is_wrong = "empty text" if not value else "blank text"
            self.add((*path, key), f"{what_is_wrong} (expected {what}, got {describe(value)})")
            return None
        return value

    def text(self, table: dict[str, Any], key: str, path: KeyPath) -> None:
        if key in table:
            self.text_value(table[key], (*path, key))

    def text_value(self, value: object, path: KeyPath) -> None:
        text = self.table(value, path, TEXT_KEYS, TEXT)
        if text is not None:
            self.string(text, "zh", path, "non-empty string")
            self.string(text, "en", path, "non-empty string")

    def ident(
        self,
        table: dict[str, Any],
        path: KeyPath,
        namespace: dict[str, KeyPath] | None,
        kind: str,
    ) -> str | None:
        """The id at `table["id"]`: its shape, and unique in `namespace`."""
        if "id" not in table:
            return None
        value = table["id"]
        if not isinstance(value, str):
            self.add((*path, "id"), f"wrong type (expected id string, got {describe(value)})")
            return None
        if not ID_PATTERN.fullmatch(value):
            self.add(
                (*path, "id"),
                "invalid id (expected lower-case ASCII letters, digits and '-', starting with "
                f"a letter, got {describe(value)})",
            )
        if namespace is not None:
            first = namespace.get(value)
            if first is not None:
                self.add(
                    (*path, "id"),
                    f"duplicate {kind} id {show(value)} (first at line {FIRST_LINE})",
                    first=first,
                )
            else:
                namespace[value] = (*path, "id")
        return value

    def enum(
        self, table: dict[str, Any], key: str, path: KeyPath, choices: Mapping[str, object]
    ) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str):
            self.add(
                (*path, key),
                f"wrong type (expected one of {_one_of(choices)}, got {describe(value)})",
            )
            return None
        if value not in choices:
            hint = _did_you_mean(value, choices)
            self.add(
                (*path, key),
                f"unknown {key} {show(value)} (expected one of {_one_of(choices)}{hint})",
            )
            return None
        return value

    def reference(self, table: dict[str, Any], key: str, path: KeyPath) -> str | None:
        """A string id naming something else; whether it exists is checked at the end."""
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str):
            self.add((*path, key), f"wrong type (expected id string, got {describe(value)})")
            return None
        return value

    # --- the report, table by table ---------------------------------------------------------

    def run(self, data: object) -> list[Finding]:
        top = self.table(data, (), TOP, "table")
        if top is None:
            return self.found
        if "schema_version" in top:
            version = top["schema_version"]
            if type(version) is not int:
                self.add(
                    ("schema_version",),
                    f"wrong type (expected integer {SCHEMA_VERSION}, got {describe(version)})",
                )
            elif version != SCHEMA_VERSION:
                self.add(
                    ("schema_version",),
                    f"unsupported schema version (expected {SCHEMA_VERSION}, got {version})",
                )
        if "report" in top:
            self.report(top["report"], ("report",))
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
            if type(date) is not dt.date:
                self.add(
                    (*path, "date"),
                    f"wrong type (expected local date, e.g. 2020-02-26, got {describe(date)})",
                )
        if "region" in report:
            region = self.table(report["region"], (*path, "region"), REGION, "table")
            if region is not None:
                for key in REGION:
                    self.text(region, key, (*path, "region"))

    def section(self, value: object, path: KeyPath) -> None:
        section = self.table(value, path, SECTION, "table")
        if section is not None:
            self.ident(section, path, self.section_ids, "section")
            self.text(section, "heading", path)

    def subject(self, value: object, path: KeyPath, *, unit: bool) -> None:
        subject = self.table(value, path, UNIT if unit else TOWNSHIP, "table")
        if subject is None:
            return
        subject_id = self.ident(subject, path, self.subject_ids, "unit or township")
        if subject_id is not None:
            (self.unit_ids if unit else self.township_ids).add(subject_id)
        self.text(subject, "name", path)
        kind = self.enum(subject, "kind", path, UNIT_KINDS if unit else TOWNSHIP_KINDS)
        if unit:
            self.members(subject, path, kind)
        if "measures" in subject:
            measures = subject["measures"]
            if isinstance(measures, list) and not measures:
                self.add(
                    (*path, "measures"), "no measures (expected at least one, got empty array)"
                )
        for i, item in self.tables(subject, "measures", path):
            self.measure(item, (*path, "measures", i))

    def members(self, unit: dict[str, Any], path: KeyPath, kind: str | None) -> None:
        members = unit.get("members")
        if members is None:
            if kind == "joint":
                self.add(
                    (*path, "members"),
                    f"missing key (expected {TEXTS}, at least two for a joint unit)",
                    "parent",
                )
            return
        if not isinstance(members, list):
            self.add((*path, "members"), f"wrong type (expected {TEXTS}, got {describe(members)})")
            return
        for i, member in enumerate(members):
            self.text_value(member, (*path, "members", i))
        if kind == "joint" and len(members) < 2:
            count = "1 member" if len(members) == 1 else "no members"
            self.add(
                (*path, "members"),
                f"a joint unit needs at least two members (expected 2 or more, got {count})",
            )

    def measure(self, value: object, path: KeyPath) -> None:
        measure = self.table(value, path, MEASURE, "table")
        if measure is None:
            return
        self.text(measure, "text", path)
        section = self.reference(measure, "section", path)
        if section is not None:
            self.section_refs.append(((*path, "section"), section))
        for i, item in self.tables(measure, "figures", path):
            self.figure(item, (*path, "figures", i))

    def figure(self, value: object, path: KeyPath) -> None:
        figure = self.table(value, path, FIGURE, "table")
        if figure is None:
            return
        figure_id = self.ident(figure, path, None, "figure")
        self.text(figure, "label", path)
        number = self.number(figure, path)
        unit = self.enum(figure, "unit", path, MEASURE_UNITS)
        self.enum(figure, "category", path, CATEGORIES)
        if figure_id is not None:
            first = self.figures.get(figure_id)
            if first is not None:
                self.add(
                    (*path, "id"),
                    f"duplicate figure id {show(figure_id)} (first at line {FIRST_LINE})",
                    first=first[0],
                )
            else:
                self.figures[figure_id] = ((*path, "id"), unit)
        lower_bound = figure.get("lower_bound")
        if "lower_bound" in figure and not isinstance(lower_bound, bool):
            self.add(
                (*path, "lower_bound"),
                f"wrong type (expected boolean, got {describe(lower_bound)})",
            )
            lower_bound = None
        excerpt = self.string(figure, "excerpt", path, FIGURE["excerpt"][1])
        raw = self.string(figure, "raw", path, FIGURE["raw"][1])
        if raw is None:
            return
        from .rawform import format_raw_value, parse_raw, value_matches  # precise pass only

        said = parse_raw(raw)
        if said is None:
            self.add(
                (*path, "raw"),
                "raw form does not start with a number (expected e.g. '12.3万余元', "
                f"got {describe(raw)})",
            )
        else:
            if number is not None and not value_matches(said, number):
                self.add(
                    (*path, "value"),
                    f"does not match raw form {show(raw)} "
                    f"(expected {format_raw_value(said)}, got {_number_text(number)})",
                )
            if lower_bound is not None and lower_bound != said.lower_bound:
                has = "says 余 (more than)" if said.lower_bound else "has no 余"
                self.add(
                    (*path, "lower_bound"),
                    f"does not match raw form {show(raw)}, which {has} "
                    f"(expected {str(said.lower_bound).lower()}, got {str(lower_bound).lower()})",
                )
        if excerpt is not None and raw not in excerpt:
            self.add(
                (*path, "raw"),
                f"raw form {show(raw)} does not occur in the excerpt "
                f"(expected a verbatim part of {show(excerpt)})",
            )

    def number(self, figure: dict[str, Any], path: KeyPath) -> int | float | None:
        if "value" not in figure:
            return None
        value = figure["value"]
        where = (*path, "value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, f"wrong type (expected number, got {describe(value)})")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.add(where, f"not a finite number (expected a number >= 0, got {describe(value)})")
            return None
        if value < 0:
            self.add(where, f"negative value (expected a number >= 0, got {describe(value)})")
            return None
        return value

    def donation(self, value: object, path: KeyPath) -> None:
        donation = self.table(value, path, DONATION, "table")
        if donation is None:
            return
        self.ident(donation, path, self.gift_ids, "donation or receipt")
        self.reference(donation, "donor", path)
        for key in ("donor_detail", "recipient"):
            self.text(donation, key, path)
        self.enum(donation, "form", path, DONATION_FORMS)
        self.reference(donation, "figure", path)

    def receipt(self, value: object, path: KeyPath) -> None:
        receipt = self.table(value, path, RECEIPT, "table")
        if receipt is None:
            return
        self.ident(receipt, path, self.gift_ids, "donation or receipt")
        self.reference(receipt, "recipient", path)
        self.text(receipt, "source", path)
        self.enum(receipt, "form", path, DONATION_FORMS)
        self.reference(receipt, "figure", path)

    # --- references, once every id is known -------------------------------------------------

    def unknown_id(self, path: KeyPath, value: str, what: str, known: Iterable[str]) -> None:
        choices = list(known)
        listed = 0 < len(choices) <= 8
        expected = f"one of {_one_of(choices)}" if listed else f"the id of a {what}"
        hint = _did_you_mean(value, choices) if len(choices) <= _SUGGEST_MAX else ""
        self.add(path, f"no {what} with id {show(value)} (expected {expected}{hint})")

    def cross_references(self, top: dict[str, Any]) -> None:
        for path, section in self.section_refs:
            if section not in self.section_ids:
                self.unknown_id(path, section, "section", self.section_ids)
        used: dict[str, KeyPath] = {}
        for key, who, what in (("donations", "donor", "unit or township"),):
            for i, item in self._items(top, key):
                donor = item.get(who)
                if isinstance(donor, str) and donor not in self.subject_ids:
                    self.unknown_id((key, i, who), donor, what, self.subject_ids)
                self.amount(item, (key, i), used)
        for i, item in self._items(top, "receipts"):
            recipient = item.get("recipient")
            if isinstance(recipient, str) and recipient not in self.unit_ids:
                if recipient in self.township_ids:
                    self.add(
                        ("receipts", i, "recipient"),
                        f"{show(recipient)} is a township (expected the id of a unit)",
                    )
                else:
                    self.unknown_id(("receipts", i, "recipient"), recipient, "unit", self.unit_ids)
            self.amount(item, ("receipts", i), used)

    @staticmethod
    def _items(top: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
        items = top.get(key)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    yield i, item

    def amount(self, item: dict[str, Any], path: KeyPath, used: dict[str, KeyPath]) -> None:
        """The figure holding a gift's amount: it exists, is in yuan, and is no other's."""
        figure_id = item.get("figure")
        if not isinstance(figure_id, str):
            return
        where = (*path, "figure")
        known = self.figures.get(figure_id)
        if known is None:
            self.unknown_id(where, figure_id, "figure", self.figures)
            return
        unit = known[1]
        if unit is not None and unit != "yuan":
            self.add(
                where,
                f"figure {show(figure_id)} is not an amount of money "
                f"(expected a figure in yuan, got one in {unit})",
            )
        first = used.get(figure_id)
        if first is not None:
            self.add(
                where,
                f"figure {show(figure_id)} is already the amount of another donation or "
                f"receipt (first at line {FIRST_LINE})",
                first=first,
            )
        else:
            used[figure_id] = where


# --- the quick pass, which also builds ------------------------------------------------------
#
# On a valid report the quick pass has already pulled every field out of every record, a
# column at a time; the records of the model are made from those same columns, so the data
# is walked once, not once to check and again to build. Records are made without running
# their `__init__`: a frozen dataclass sets each field through `object.__setattr__`, about
# three times the cost of the slot's own descriptor, which `_records` calls for a whole
# column at once (a C-level loop). Every field is set, so the result is the same record.

_TOP_REQUIRED = frozenset(k for k, (required, _) in TOP.items() if required)
_TOP_ALL = frozenset(TOP)
_REPORT_KEYS = frozenset(REPORT)
_REGION_KEYS = frozenset(REGION)
_SECTION_KEYS = frozenset(SECTION)
_DONATION_REQUIRED = frozenset(k for k, (required, _) in DONATION.items() if required)
_DONATION_ALL = frozenset(DONATION)
_RECEIPT_REQUIRED = frozenset(k for k, (required, _) in RECEIPT.items() if required)
_RECEIPT_ALL = frozenset(RECEIPT)
_FIGURE_FIELDS = itemgetter(*FIGURE)
_SUBJECT_FIELDS = itemgetter("id", "name", "kind", "measures")
_MEASURE_FIELDS = itemgetter("text", "section")
_SECTION_FIELDS = itemgetter("id", "heading")
_ZH_EN = itemgetter("zh", "en")
# Every id at once: one per line, each of the id shape. The count of lines is checked too,
# so an id with a newline in it cannot pass as two.
_IDS = re.compile(r"(?:[a-z][a-z0-9-]*\n)*")
# The same reading of a raw form as tui.rawform, one raw form per line; every line matches
# (the groups are optional), so there is exactly one match per raw form.
_RAW_LINES = re.compile(r"^(\d+(?:\.\d+)?|[零一二两三四五六七八九十])?(万)?(余)?.*$", re.M)
_CHINESE_DIGITS = str.maketrans(
    {"零": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6",
     "七": "7", "八": "8", "九": "9", "十": "10"}
)  # fmt: skip
_NUMBER_TYPES = frozenset({int, float})
_STR = frozenset({str})
_DICT = frozenset({dict})
_LIST = frozenset({list})
_BOOL = frozenset({bool})
DONATION_TEXTS = ("donor_detail", "recipient")
RECEIPT_TEXTS = ("source",)

R = TypeVar("R")
_new = object.__new__
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {
    cls: tuple(getattr(cls, field.name).__set__ for field in fields(cls))
    for cls in (Text, Figure, Measure, Unit, Township, Donation, Receipt, Section)
}


def _records(cls: type[R], *columns: Sequence[Any]) -> list[R]:
    """One record of `cls` per row of `columns`, one column per field in field order."""
    made: list[R] = list(map(_new, repeat(cls, len(columns[0]))))
    for setter, column in zip(_SETTERS[cls], columns, strict=True):
        deque(map(setter, made, column), 0)
    return made


def _grouped(items: list[R], sizes: list[int]) -> list[tuple[R, ...]]:
    """`items` cut into consecutive tuples of the given sizes."""
    it = iter(items)
    if not sizes or set(sizes) == {1}:
        return list(zip(it))
    # Each islice takes the next `size` items of the one shared iterator, in order.
    return list(map(tuple, map(islice, repeat(it), sizes)))


def _texts(texts: Sequence[Any]) -> list[Text] | None:
    """A `Text` for each item when every item is a `{ zh, en }` table of two non-blank
    strings; None when not sure."""
    if not texts:
        return []
    if set(map(len, texts)) != {2}:
        return None
    strings = list(chain.from_iterable(map(_ZH_EN, texts)))  # a TypeError if not tables
    # `str.strip` is a TypeError for anything but a string, and empty for an empty or blank
    # one, as the precise pass judges blank: one pass checks all three.
    if not all(map(str.strip, strings)):
        return None
    return _records(Text, strings[0::2], strings[1::2])


def _raws_ok(raws: tuple[Any, ...], values: tuple[Any, ...], bounds: tuple[Any, ...]) -> bool:
    """Every raw form parses to its value, and says 余 exactly when it is a lower bound."""
    joined = "\n".join(raws)  # a TypeError for anything but strings: not sure, then
    if joined.count("\n") != len(raws) - 1:
        return False
    found = _RAW_LINES.findall(joined)
    if len(found) != len(raws):
        return False
    nums, wans, yus = zip(*found, strict=True)
    if tuple(map(bool, yus)) != bounds or "" in nums:
        return False
    # Most raw forms write their value as Python does (`188名`, `3.5吨`): equal strings are
    # equal numbers. The rest (万, Chinese numerals, `3` for 3.0) are compared as decimals,
    # as tui.rawform does.
    said = list(map(add, nums, wans))
    written = list(map(str, values))
    if said == written:
        return True
    from decimal import Decimal  # only here: not on the import path of the first frame

    other = [i for i, same in enumerate(map(eq, said, written)) if not same]
    numbers = [nums[i] for i in other]
    if max(map(len, numbers)) > 20:  # past 20 digits decimals would round where rawform does not
        return False
    digits = "\n".join(numbers).translate(_CHINESE_DIGITS).split("\n")
    wan = {"": Decimal(1), "万": Decimal(10_000)}
    factors = [wan[wans[i]] for i in other]
    expected = list(map(mul, map(Decimal, digits), factors))
    return expected == [Decimal(written[i]) for i in other]


def checked_report(data: object) -> Report | None:
    """The report `data` holds when the quick pass is certain it is valid; None when not
    sure (then `check_precisely` decides)."""
    try:
        return _quick(data)
    except Exception:  # any surprise in the data means "not sure": the precise pass decides
        return None


def _looks_valid(data: object) -> bool:
    """True only when the precise pass would find nothing; False when unsure."""
    return checked_report(data) is not None


def _ids_ok(ids: list[Any]) -> bool:
    """Every item an id: a string of the id shape (one regex over all of them joined)."""
    if not ids:
        return True
    joined = "\n".join(ids) + "\n"  # a TypeError for anything but strings: not sure
    return joined.count("\n") == len(ids) and _IDS.fullmatch(joined) is not None


def _quick(data: Any) -> Report | None:
    if type(data) is not dict or not (_TOP_REQUIRED <= data.keys() <= _TOP_ALL):
        return None
    if type(data["schema_version"]) is not int or data["schema_version"] != SCHEMA_VERSION:
        return None
    report = data["report"]
    if type(report) is not dict or report.keys() != _REPORT_KEYS:
        return None
    region = report["region"]
    if type(report["date"]) is not dt.date or type(region) is not dict:
        return None
    if region.keys() != _REGION_KEYS:
        return None
    info_texts = _texts([report["title"], report["office"], *map(region.get, REGION)])

    sections = data["sections"]
    if type(sections) is not list or any(s.keys() != _SECTION_KEYS for s in sections):
        return None
    section_ids: list[Any] = [s["id"] for s in sections]
    headings = _texts([s["heading"] for s in sections])
    if not _ids_ok([report["id"], *section_ids]) or len(set(section_ids)) != len(section_ids):
        return None
    if info_texts is None or headings is None:
        return None

    # Units and townships go in chunks: each check is a pass over its records, and a chunk
    # stays in the processor's cache from one pass to the next, where the whole report
    # would not (on 100,000 figures, about twice as fast). A chunk is also short enough
    # that no single C-level pass holds the interpreter for long while a report loads on
    # a thread: the screen keeps being drawn.
    known_sections = set(section_ids)
    subject_ids: list[Any] = []
    unit_ids: list[Any] = []
    figure_units: dict[Any, Any] = {}
    figure_count = 0
    subjects: dict[str, list[Any]] = {"units": [], "townships": []}
    for key, kinds, with_members in (
        ("units", UNIT_KINDS, True),
        ("townships", TOWNSHIP_KINDS, False),
    ):
        items = data.get(key, [])
        if type(items) is not list:
            return None
        for start in range(0, len(items), _CHUNK):
            part = items[start : start + _CHUNK]
            found = _subjects(part, kinds, with_members, known_sections, figure_units)
            if found is None:
                return None
            ids, count, made = found
            figure_count += count
            subject_ids += ids
            subjects[key] += made
            if with_members:
                unit_ids += ids
    if len(figure_units) != figure_count or len(set(subject_ids)) != len(subject_ids):
        return None

    gift_ids: list[Any] = []
    gift_figures: list[Any] = []
    gifts: dict[str, list[Any]] = {"donations": [], "receipts": []}
    for key, required, allowed, who, known, optional_texts in (
        ("donations", _DONATION_REQUIRED, _DONATION_ALL, "donor", subject_ids, DONATION_TEXTS),
        ("receipts", _RECEIPT_REQUIRED, _RECEIPT_ALL, "recipient", unit_ids, RECEIPT_TEXTS),
    ):
        items = data.get(key, [])
        if type(items) is not list or (items and set(map(type, items)) != _DICT):
            return None
        if not items:
            continue
        if not all(required <= item.keys() <= allowed for item in items):
            return None
        whos = [item[who] for item in items]
        if not set(whos) <= set(known):
            return None
        forms = [item["form"] for item in items]
        if not set(forms) <= DONATION_FORMS.keys():
            return None
        ids = [item["id"] for item in items]
        amounts = [item["figure"] for item in items]
        gift_ids += ids
        gift_figures += amounts
        columns: list[Sequence[Any]] = [ids, whos, forms, amounts]
        for text_key in optional_texts:
            given_texts = _texts([item[text_key] for item in items if text_key in item])
            if given_texts is None:
                return None
            given = iter(given_texts)
            columns.append([next(given) if text_key in item else None for item in items])
        gifts[key] = _records(Donation if key == "donations" else Receipt, *columns)
    if gift_figures:
        if {figure_units[f] for f in gift_figures} != {"yuan"}:
            return None
        if len(set(gift_figures)) != len(gift_figures):
            return None
    if not _ids_ok(gift_ids) or len(set(gift_ids)) != len(gift_ids):
        return None
    title, office, county, prefecture, province = info_texts
    return Report(
        schema_version=data["schema_version"],
        info=ReportInfo(
            id=report["id"],
            title=title,
            office=office,
            date=report["date"],
            region=Region(county=county, prefecture=prefecture, province=province),
        ),
        sections=tuple(_records(Section, section_ids, headings)),
        units=tuple(subjects["units"]),
        townships=tuple(subjects["townships"]),
        donations=tuple(gifts["donations"]),
        receipts=tuple(gifts["receipts"]),
    )


_CHUNK = 256


def _subjects(
    part: list[Any],
    kinds: Mapping[str, object],
    with_members: bool,
    known_sections: set[Any],
    figure_units: dict[Any, Any],
) -> tuple[list[Any], int, list[Any]] | None:
    """Check a run of units or townships with their measures and figures; give their ids,
    their number of figures and their records, after adding the figures' units to
    `figure_units`."""
    sizes = set(map(len, part))
    if not sizes <= ({4, 5} if with_members else {4}):
        return None
    rows = list(map(_SUBJECT_FIELDS, part))  # a KeyError or TypeError: not sure
    ids, names, got_kinds, measure_lists = (list(column) for column in zip(*rows, strict=True))
    if not set(got_kinds) <= kinds.keys():
        return None
    members: list[Any] = []
    member_counts: list[int] = []
    if with_members and (5 in sizes or "joint" in got_kinds):
        for unit in part:
            listed = unit.get("members")
            if listed is None:
                if len(unit) != 4 or unit["kind"] == "joint":
                    return None
                member_counts.append(0)
            elif type(listed) is not list or (unit["kind"] == "joint" and len(listed) < 2):
                return None
            else:
                members += listed
                member_counts.append(len(listed))
    if set(map(type, measure_lists)) != _LIST:
        return None
    measure_counts = list(map(len, measure_lists))
    if 0 in measure_counts:
        return None
    measures = list(chain.from_iterable(measure_lists))
    measure_sizes = list(map(len, measures))
    if not set(measure_sizes) <= {2, 3}:
        return None
    measure_texts, used_sections = zip(*map(_MEASURE_FIELDS, measures), strict=True)
    if not set(used_sections) <= known_sections:
        return None
    figure_lists = [m["figures"] for m in measures if len(m) == 3]
    if figure_lists and set(map(type, figure_lists)) != _LIST:
        return None
    figures = list(chain.from_iterable(figure_lists))
    made_figures: list[Figure] = []
    for start in range(0, len(figures), _CHUNK):
        found = _figures(figures[start : start + _CHUNK], figure_units)
        if found is None:
            return None
        ids += found[0]
        made_figures += found[1]
    if not _ids_ok(ids):
        return None
    name_texts = _texts(names)
    member_texts = _texts(members)
    measure_text_records = _texts(measure_texts)
    if name_texts is None or member_texts is None or measure_text_records is None:
        return None

    figure_groups = _grouped(made_figures, list(map(len, figure_lists)))
    if len(figure_groups) == len(measures):
        figure_column: list[tuple[Figure, ...]] = figure_groups
    else:  # some measures have no figures
        groups = iter(figure_groups)
        figure_column = [next(groups) if size == 3 else () for size in measure_sizes]
    made_measures = _records(Measure, measure_text_records, used_sections, figure_column)
    columns: list[Sequence[Any]] = [
        ids[: len(part)],
        name_texts,
        got_kinds,
        _grouped(made_measures, measure_counts),
    ]
    if with_members:
        columns.append(_grouped(member_texts, member_counts) if member_counts else [()] * len(part))
    return ids[: len(part)], len(figures), _records(Unit if with_members else Township, *columns)


def _figures(
    figures: list[Any], figure_units: dict[Any, Any]
) -> tuple[tuple[Any, ...], list[Figure]] | None:
    """Check a run of figures; give their ids and records, after adding their units of
    measure to `figure_units`."""
    if set(map(len, figures)) != {len(FIGURE)}:
        return None
    columns = zip(*map(_FIGURE_FIELDS, figures), strict=True)
    figure_ids, labels, values, units, raws, bounds, excerpts, categories = columns
    if not set(map(type, values)) <= _NUMBER_TYPES:
        return None
    if min(values) < 0 or not math.isfinite(sum(values)):
        return None
    if not set(units) <= MEASURE_UNITS.keys() or not set(categories) <= CATEGORIES.keys():
        return None
    if not set(map(type, bounds)) <= _BOOL or set(map(type, excerpts)) != _STR:
        return None
    # A raw form that parses is not blank, and an excerpt that holds one is not either.
    if not _raws_ok(raws, values, bounds) or not all(map(contains, excerpts, raws)):
        return None
    label_texts = _texts(labels)
    if label_texts is None:
        return None
    figure_units.update(zip(figure_ids, units, strict=True))
    made = _records(
        Figure, figure_ids, label_texts, values, units, raws, bounds, excerpts, categories
    )
    return figure_ids, made


def validate(data: object) -> list[Finding]:
    """Every problem in parsed report data, in no particular order (the locator sorts)."""
    if _looks_valid(data):
        return []
    return _Checker().run(data)


def check_precisely(data: object) -> list[Finding]:
    """The precise pass alone, without the quick one: for tests that compare the two."""
    return _Checker().run(data)


def looks_valid(data: object) -> bool:
    """The quick pass alone: True only when `check_precisely(data)` finds nothing."""
    return _looks_valid(data)
