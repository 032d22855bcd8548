"""Checking parsed report data against docs/report-format.md, every problem at once.

`validate(data)` returns a `Finding` for everything wrong with `data` (a dict as the TOML
parser gives it): closed tables, types, required keys, enums, ids, references, amounts and
raw forms. A finding names a key path and what is wrong, not a line: positions cost a
second parse, so the loader looks them up (tui.core.locate) only when there is something to say.

Two passes with one meaning. The quick pass (`checked_report`) answers "certainly valid?":
msgspec builds the records in C, checking types and keys as it goes, and the rest is checked
over the records a column at a time with C-level builtins (map, set, one regex over all ids
joined). When it is certain, the records it built are the `Report`: on 100,000 records,
checking and building cost about a third of the parse. When it is not certain (None),
`_Checker` walks the data record by record and says exactly what is wrong. The
precise pass is the authority: the quick one only ever skips it for data on which the
precise pass would find nothing, and tests/test_validate.py checks the two agree.

Plain Python: no Textual, no Rich. Values of unknown keys are never looked into, so no
nesting depth can hurt here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import attrgetter, contains, eq
from types import GenericAlias
from typing import Any, Literal, TypeVar

import msgspec

from .model import (
    CATEGORIES,
    DONATION_FORMS,
    MAX_VALUE,
    MEASURE_UNITS,
    SCHEMA_VERSIONS,
    TOWNSHIP_KINDS,
    UNIT_KINDS,
    Donation,
    Figure,
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
    #: The rule broken, for the findings a form shows as a sentence (tui.core.sentences),
    #: and the facts the sentence names (`raw`, `expected`); "" for the others. Not
    #: compared: the message already says the same.
    rule: str = field(default="", compare=False)
    facts: tuple[tuple[str, str], ...] = field(default=(), compare=False)


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
    "schema_version": (True, "integer " + " or ".join(map(str, SCHEMA_VERSIONS))),
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
    "headline": (False, "boolean"),
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

_VERSIONS = " or ".join(map(str, SCHEMA_VERSIONS))

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
        self,
        path: KeyPath,
        message: str,
        anchor: Anchor = "value",
        first: KeyPath | None = None,
        *,
        rule: str = "",
        **facts: str,
    ) -> None:
        self.found.append(Finding(path, message, anchor, first, rule, tuple(facts.items())))

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
            self.add(
                (*path, key),
                f"{what_is_wrong} (expected {what}, got {describe(value)})",
                rule="blank_text",
            )
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
                    f"wrong type (expected {TOP['schema_version'][1]}, got {describe(version)})",
                )
            elif version not in SCHEMA_VERSIONS:
                self.add(
                    ("schema_version",),
                    f"unsupported schema version (expected {_VERSIONS}, got {version})",
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
        headline = figure.get("headline")
        if "headline" in figure and not isinstance(headline, bool):
            self.add(
                (*path, "headline"), f"wrong type (expected boolean, got {describe(headline)})"
            )
        excerpt = self.string(figure, "excerpt", path, FIGURE["excerpt"][1])
        raw = self.string(figure, "raw", path, FIGURE["raw"][1])
        if raw is None:
            return
        self.raw_form(raw, number, lower_bound, path)
        if excerpt is not None and raw not in excerpt:
            self.add(
                (*path, "raw"),
                f"raw form {show(raw)} does not occur in the excerpt "
                f"(expected a verbatim part of {show(excerpt)})",
                rule="raw_not_in_excerpt",
                raw=raw,
            )

    def raw_form(
        self, raw: str, number: int | float | None, lower_bound: bool | None, path: KeyPath
    ) -> None:
        """The raw form read (tui.core.rawform), and the value and bound checked against it."""
        from .rawform import Reading, describe_reading, format_raw_value, read_raw, value_matches

        said = read_raw(raw)
        if not isinstance(said, Reading):
            expected = f"(expected e.g. '12.3万余元', got {describe(raw)})"
            if not said.started:
                self.add(
                    (*path, "raw"),
                    f"raw form does not start with a number {expected}",
                    rule="raw_not_a_number",
                    raw=raw,
                )
            else:
                self.add(
                    (*path, "raw"),
                    f"{said.reason} {expected}",
                    rule="raw_unreadable",
                    raw=raw,
                    reason=said.reason,
                )
            return
        if not said.stateable:
            # Schema version 1 states a figure exactly or as a lower bound: "about",
            # "nearly", "less than" and ranges have no way to be written truthfully.
            stated = "a lower bound" if lower_bound else "exact"
            got = f"{_number_text(number)} as {stated}" if number is not None else stated
            self.add(
                (*path, "value"),
                f"states as one figure what raw form {show(raw)} gives as "
                f"{describe_reading(said)} (expected a raw form read exactly or as a lower "
                f"bound, got {got})",
                rule="raw_unstateable",
                raw=raw,
                says=describe_reading(said),
                words=said.words,
            )
            return
        if number is not None and not value_matches(said, number):
            self.add(
                (*path, "value"),
                f"does not match raw form {show(raw)} "
                f"(expected {format_raw_value(said)}, got {_number_text(number)})",
                rule="value_mismatch",
                raw=raw,
                expected=format_raw_value(said),
            )
        if lower_bound is not None and lower_bound != said.lower_bound:
            has = f"says {said.words} (more than)" if said.lower_bound else "has no 余"
            self.add(
                (*path, "lower_bound"),
                f"does not match raw form {show(raw)}, which {has} "
                f"(expected {str(said.lower_bound).lower()}, got {str(lower_bound).lower()})",
                rule="bound_mismatch",
                raw=raw,
                bound=str(said.lower_bound).lower(),
                words=said.words,
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
        if value > MAX_VALUE:
            self.add(
                where,
                f"value out of range (expected at most {MAX_VALUE:,}, got {describe(value)})",
            )
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
# msgspec builds the records of the model straight from the parsed data, in C
# (`msgspec.convert`), and checks as it builds what the model's types say: every key known
# and every required one there, each value of its type (a string; a number, never a
# boolean; a table of exactly `zh` and `en`; ...). What types cannot say (the shape of an
# id, a blank text, a known kind or unit, a raw form that reads as its value, references
# between records) is then checked over the records made, a column at a time, with C-level
# passes (`map`, `set`, one regex over a joined column). A report is walked once in Python
# terms: on 100,000 records this is about twice as fast as pulling the columns out of the
# parsed tables and building the records from them.
#
# msgspec is given data as a TOML parser gives it, dicts and lists; it would also take a
# tuple for an array, which no parser makes.

_TOP_REQUIRED = frozenset(k for k, (required, _) in TOP.items() if required)
_TOP_ALL = frozenset(TOP)
_REPORT_KEYS = frozenset(REPORT)
_REGION_KEYS = frozenset(REGION)
# Every id at once: one per line, each of the id shape. The count of lines is checked too,
# so an id with a newline in it cannot pass as two.
_IDS = re.compile(r"(?:[a-z][a-z0-9-]*\n)*")
DONATION_TEXTS = ("donor_detail", "recipient")
RECEIPT_TEXTS = ("source",)

_ID = attrgetter("id")
_ZH = attrgetter("zh")
_EN = attrgetter("en")
_KIND = attrgetter("kind")
_NAME = attrgetter("name")
_MEASURES = attrgetter("measures")
_MEMBERS = attrgetter("members")
_TEXT = attrgetter("text")
_SECTION = attrgetter("section")
_FIGURES = attrgetter("figures")
_LABEL = attrgetter("label")
_VALUE = attrgetter("value")
_UNIT = attrgetter("unit")
_RAW = attrgetter("raw")
_BOUND = attrgetter("lower_bound")
_EXCERPT = attrgetter("excerpt")
_CATEGORY = attrgetter("category")

R = TypeVar("R")


def _made(items: object, cls: type[R]) -> list[R]:
    """A record of `cls` for each table of the array `items`; a `msgspec.ValidationError`
    (not sure) when a table is not what `cls` says."""
    if type(items) is not list:
        raise TypeError("not an array")
    made: list[R] = msgspec.convert(items, GenericAlias(list, (cls,)), strict=True)
    return made


def _filled(texts: Iterable[Text]) -> bool:
    """No text blank in either language (`str.strip` leaves nothing of a blank string, as
    the precise pass judges blank)."""
    texts = list(texts)
    return all(map(str.strip, map(_ZH, texts))) and all(map(str.strip, map(_EN, texts)))


def checked_report(data: object) -> Report | None:
    """The report `data` holds when the quick pass is certain it is valid; None when not
    sure (then `check_precisely` decides)."""
    if _v2().is_v2(data):
        built: Report | None = _v2().checked_report_v2(data)
        return built
    try:
        report = _quick(data)
    except Exception:  # any surprise in the data means "not sure": the precise pass decides
        return None
    return report if report is None or _only_v1(report) else None


def _v2() -> Any:
    """tui.core.validate_v2, which builds on this module (hence imported late)."""
    from . import validate_v2

    return validate_v2


def _only_v1(report: Report) -> bool:
    """No field that only schema_version 2 has is set: msgspec builds the records of both
    versions, so a version 1 file that uses one is not certainly valid (the precise pass,
    which knows only version 1's keys, says what is wrong)."""
    if any(d.figure is None or d.items or type(d.recipient) is str for d in report.donations):
        return False
    measures = [m for s in report.subjects for m in s.measures]
    if any(map(attrgetter("source"), measures)):
        return False
    return not any(map(attrgetter("source"), chain.from_iterable(map(_FIGURES, measures))))


def _looks_valid(data: object) -> bool:
    """True only when the precise pass would find nothing; False when unsure."""
    return checked_report(data) is not None


def _ids_ok(ids: list[Any]) -> bool:
    """Every item an id: a string of the id shape (one regex over all of them joined)."""
    if not ids:
        return True
    joined = "\n".join(ids) + "\n"  # a TypeError for anything but strings: not sure
    return joined.count("\n") == len(ids) and _IDS.fullmatch(joined) is not None


def _unique(ids: list[Any]) -> bool:
    return len(set(ids)) == len(ids)


def _quick(data: Any) -> Report | None:
    if type(data) is not dict or not (_TOP_REQUIRED <= data.keys() <= _TOP_ALL):
        return None
    if type(data["schema_version"]) is not int or data["schema_version"] != 1:
        return None
    report = data["report"]
    if type(report) is not dict or report.keys() != _REPORT_KEYS:
        return None
    region = report["region"]
    if type(report["date"]) is not dt.date or type(region) is not dict:
        return None
    if region.keys() != _REGION_KEYS:
        return None
    title, office, county, prefecture, province = info_texts = _made(
        [report["title"], report["office"], *map(region.get, REGION)], Text
    )
    sections = _made(data["sections"], Section)
    section_ids = list(map(_ID, sections))
    if not _ids_ok([report["id"], *section_ids]) or not _unique(section_ids):
        return None
    if not _filled(chain(info_texts, map(attrgetter("heading"), sections))):
        return None

    # Units and townships go in runs of `_RUN` records: a run stays in the processor's
    # cache from one check to the next, where the whole report would not, and no single
    # C-level pass holds the interpreter for long while a report loads on a thread: the
    # screen keeps being drawn.
    known_sections = set(section_ids)
    subject_ids: list[Any] = []
    figure_ids: list[Any] = []
    yuan_ids: set[Any] = set()  # the figures that can be the amount of a gift
    subjects: dict[str, list[Any]] = {"units": [], "townships": []}
    kinds_of: tuple[tuple[str, type[Unit | Township], Mapping[str, object]], ...] = (
        ("units", Unit, UNIT_KINDS),
        ("townships", Township, TOWNSHIP_KINDS),
    )
    for key, cls, kinds in kinds_of:
        items = data.get(key, [])
        if type(items) is not list:
            return None
        for start in range(0, len(items), _RUN):
            made = _made(items[start : start + _RUN], cls)
            if not _subjects_ok(made, kinds, known_sections, figure_ids, yuan_ids):
                return None
            subject_ids += map(_ID, made)
            subjects[key] += made
    if not _unique(subject_ids) or not _unique(figure_ids):
        return None
    unit_ids = set(map(_ID, subjects["units"]))

    gift_ids: list[Any] = []
    gift_figures: list[Any] = []
    gifts: dict[str, list[Any]] = {}
    gifts_of: tuple[tuple[str, type[Donation | Receipt], str, set[Any], tuple[str, ...]], ...] = (
        ("donations", Donation, "donor", set(subject_ids), DONATION_TEXTS),
        ("receipts", Receipt, "recipient", unit_ids, RECEIPT_TEXTS),
    )
    for key, gift_cls, who, known, optional_texts in gifts_of:
        items = data.get(key, [])
        made = gifts[key] = _made(items, gift_cls)
        if not set(map(attrgetter(who), made)) <= known:
            return None
        if not set(map(attrgetter("form"), made)) <= DONATION_FORMS.keys():
            return None
        for text_key in optional_texts:
            given = [text for text in map(attrgetter(text_key), made) if text is not None]
            # A text left out is None in the record; a None written out is no TOML value.
            if len(given) != sum(map(contains, items, repeat(text_key))) or not _filled(given):
                return None
        gift_ids += map(_ID, made)
        gift_figures += map(attrgetter("figure"), made)
    if not set(gift_figures) <= yuan_ids or not _unique(gift_figures):
        return None
    if not _ids_ok(gift_ids) or not _unique(gift_ids):
        return None
    return Report(
        schema_version=data["schema_version"],
        info=ReportInfo(
            id=report["id"],
            title=title,
            office=office,
            date=report["date"],
            region=Region(county=county, prefecture=prefecture, province=province),
        ),
        sections=tuple(sections),
        units=tuple(subjects["units"]),
        townships=tuple(subjects["townships"]),
        donations=tuple(gifts["donations"]),
        receipts=tuple(gifts["receipts"]),
    )


_RUN = 1024


def _subjects_ok(
    made: Sequence[Unit | Township],
    kinds: Mapping[str, object],
    known_sections: set[Any],
    figure_ids: list[Any],
    yuan_ids: set[Any],
) -> bool:
    """Check a run of units or townships that msgspec has built, with their measures and
    figures; add the ids of their figures to `figure_ids`, and those in yuan to `yuan_ids`.
    False when not sure."""
    got_kinds = set(map(_KIND, made))
    if not got_kinds <= kinds.keys():
        return False
    if "joint" in got_kinds and any(len(_MEMBERS(u)) < 2 for u in made if u.kind == "joint"):
        return False
    measure_lists = list(map(_MEASURES, made))
    if not all(measure_lists):  # every subject did something
        return False
    measures = list(chain.from_iterable(measure_lists))
    if not set(map(_SECTION, measures)) <= known_sections:
        return False
    figures = list(chain.from_iterable(map(_FIGURES, measures)))
    ids = list(map(_ID, figures))
    if not _ids_ok([*map(_ID, made), *ids]):
        return False
    texts = [*map(_NAME, made), *map(_TEXT, measures), *map(_LABEL, figures)]
    if isinstance(made[0], Unit):
        texts += chain.from_iterable(map(_MEMBERS, made))
    if not _filled(texts):
        return False
    if figures and not _figures_ok(figures):
        return False
    figure_ids += ids
    yuan_ids.update(compress(ids, map(eq, map(_UNIT, figures), repeat("yuan"))))
    return True


def _figures_ok(figures: list[Figure]) -> bool:
    """Check the figures of a run, which msgspec has built (every value a number, every
    bound a boolean): what their types cannot say."""
    values = tuple(map(_VALUE, figures))
    # A finite sum rules out inf and nan; the bounds, a value past the limit.
    if min(values) < 0 or max(values) > MAX_VALUE or not math.isfinite(sum(values)):
        return False
    if not set(map(_UNIT, figures)) <= MEASURE_UNITS.keys():
        return False
    if not set(map(_CATEGORY, figures)) <= CATEGORIES.keys():
        return False
    from .rawform import column_agrees  # loads Decimal: not on the import path of a first frame

    raws = tuple(map(_RAW, figures))
    # A raw form that parses is not blank, and an excerpt that holds one is not either.
    if not column_agrees(raws, values, tuple(map(_BOUND, figures))):
        return False
    return all(map(contains, map(_EXCERPT, figures), raws))


def validate(data: object) -> list[Finding]:
    """Every problem in parsed report data, in no particular order (the locator sorts)."""
    if _looks_valid(data):
        return []
    return check_precisely(data)


def check_precisely(data: object) -> list[Finding]:
    """The precise pass alone, without the quick one: for tests that compare the two."""
    if _v2().is_v2(data):
        findings: list[Finding] = _v2().check_precisely_v2(data)
        return findings
    return _Checker().run(data)


def looks_valid(data: object) -> bool:
    """The quick pass alone: True only when `check_precisely(data)` finds nothing."""
    return _looks_valid(data)
