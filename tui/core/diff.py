"""What changed between two report snapshots: every figure, name, measure, gift and total.

`diff_reports(old, new)` lists `Change`s; `format_diff` writes them as text, JSON or Markdown
(the `diff` command); `figure_deltas` and `total_deltas` give the dashboard the change of
each figure and total since an older snapshot, and `format_delta` its short form
(`▲ +120`, `▼ −5`, `new`).

A change has a kind (`added`, `removed`, `changed`), a path, the old and new values (None
where there is none) and, when both are numbers, a `delta`. Paths name records by id, so
they stay put when records move in the file; lists without ids use 0-based indexes:

- `schema_version`; `report.id`, `report.date`, `report.title.zh`, `report.office.en`,
  `report.region.county.zh`, … (bilingual text has a `.zh` and an `.en` leaf).
- `sections.ID` (added/removed), `sections.ID.heading.en`.
- `units.ID` and `townships.ID` (added/removed; the value is the name), `units.ID.id` (a unit
  kept its name under a new id: its other paths then use the new id), `units.ID.name.zh`
  (renamed), `units.ID.kind`, `units.ID.members[I]`, `units.ID.members[I].en`,
  `units.ID.measures[I]` (added/removed; the value is its text), `units.ID.measures[I].text.zh`,
  `units.ID.measures[I].section`. Measures are matched by their Chinese text first, then the
  rest in order, so an edited measure is one change, not a removal and an addition;
  the index is the measure's place in the new snapshot (in the old one when removed).
- `figures.ID` (added/removed; the value is the figure's value), and its fields
  `figures.ID.value`, `.raw`, `.lower_bound`, `.excerpt`, `.label.zh`, `.label.en`, `.unit`,
  `.category`, and `.owner` (the id of the unit or township it belongs to).
- `donations.ID` (added/removed; the value is the form and the raw amount), `donations.ID.donor`,
  `.form`, `.figure`, `.donor_detail` / `.recipient` (added/removed) and their `.zh` / `.en`;
  `receipts.ID`, `receipts.ID.recipient`, `.form`, `.figure`, `.source`.
- schema_version 2 adds `report.region.LEVEL` for any level, `sources.ID` (added/removed)
  and `sources.ID.url`, `.title`, `.publisher`, `.date`, `.retrieved`, `.text`;
  `measure_units.KEY` and its `.zh` / `.en`; `figures.ID.source`, `….measures[I].source`;
  `donations.ID.items` (the ids of its items, comma-separated); a recipient given as an id
  is a plain value.
- `totals.itemised.FORM` and `totals.received.FORM` (FORM: cash, goods, mixed): the sums of
  the gifts and of the receipts per form, and `….lower_bound` when a sum starts or stops
  being a lower bound. Gifts and receipts are never added together.

Changes come in the order of this list, records in the new snapshot's order, removed ones
after them. The order of records in the file is not compared. Plain Python, no Textual or
Rich: the text forms pass data through `tui.core.safe.visible`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeVar

from .format import format_number
from .labels import Label
from .model import (
    DONATION_FORMS,
    Donation,
    Figure,
    Lang,
    Measure,
    Number,
    Receipt,
    Report,
    Section,
    Source,
    Text,
    Township,
    Unit,
)
from .outputs import DIFF_FORMATS
from .safe import escape_unsafe, md_text, visible

Kind = Literal["added", "removed", "changed"]
Scalar = str | int | float | bool | None
#: A figure's or a total's change: the difference, or "new" when the old snapshot lacked it.
Delta = int | float | Literal["new"]
FORMATS = DIFF_FORMATS

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two snapshots; see the module docstring for paths."""

    kind: Kind
    path: str
    old: Scalar = None
    new: Scalar = None

    @property
    def delta(self) -> Number | None:
        """`new - old` when both are numbers (not booleans), else None."""
        old, new = self.old, self.new
        if isinstance(old, bool) or isinstance(new, bool):
            return None
        if isinstance(old, int | float) and isinstance(new, int | float):
            return _subtract(new, old)
        return None

    def as_dict(self) -> dict[str, Scalar]:
        return {
            "kind": self.kind,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "delta": self.delta,
        }


def _subtract(new: Number, old: Number) -> Number:
    """`new - old` in decimal, so 0.3 - 0.1 is 0.2; an int when both are ints."""
    difference = Decimal(str(new)) - Decimal(str(old))
    if isinstance(new, int) and isinstance(old, int):
        return int(difference)
    return float(difference)


def _show(text: Text) -> str:
    return text.zh if text.zh == text.en else f"{text.zh} ({text.en})"


# --- comparing ----------------------------------------------------------------------------


class _Diff:
    """Collects changes; one method per kind of record."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def field(self, path: str, old: Scalar, new: Scalar) -> None:
        # `==` would take 1 for True and 1.0 for 1; a change of type is a change.
        if old != new or type(old) is not type(new):
            self.changes.append(Change("changed", path, old, new))

    def added(self, path: str, new: Scalar) -> None:
        self.changes.append(Change("added", path, None, new))

    def removed(self, path: str, old: Scalar) -> None:
        self.changes.append(Change("removed", path, old, None))

    def text(self, path: str, old: Text, new: Text) -> None:
        self.field(f"{path}.zh", old.zh, new.zh)
        self.field(f"{path}.en", old.en, new.en)

    def optional_text(self, path: str, old: Text | str | None, new: Text | str | None) -> None:
        """An optional text, which in schema_version 2 may be an id instead (a recipient)."""
        if isinstance(old, str) or isinstance(new, str):
            old_value = old if old is None or isinstance(old, str) else _show(old)
            new_value = new if new is None or isinstance(new, str) else _show(new)
            if old_value is None and new_value is not None:
                self.added(path, new_value)
            elif old_value is not None and new_value is None:
                self.removed(path, old_value)
            else:
                self.field(path, old_value, new_value)
        elif old is None and new is not None:
            self.added(path, _show(new))
        elif old is not None and new is None:
            self.removed(path, _show(old))
        elif old is not None and new is not None:
            self.text(path, old, new)

    def keyed(
        self,
        prefix: str,
        olds: Sequence[T],
        news: Sequence[T],
        key: Callable[[T], str],
        summary: Callable[[T, Report], Scalar],
        compare: Callable[[str, T, T], None],
        reports: tuple[Report, Report],
    ) -> None:
        """Records matched by id: added, removed, or compared field by field.

        `summary` says what an added or removed record is, looked up in its own report.
        """
        old_by_key = {key(item): item for item in olds}
        new_keys = {key(item) for item in news}
        for item in news:
            path = f"{prefix}.{key(item)}"
            if key(item) in old_by_key:
                compare(path, old_by_key[key(item)], item)
            else:
                self.added(path, summary(item, reports[1]))
        for item in olds:
            if key(item) not in new_keys:
                self.removed(f"{prefix}.{key(item)}", summary(item, reports[0]))


def diff_reports(old: Report, new: Report) -> list[Change]:
    """Every difference between two snapshots, in the order the module docstring gives."""
    diff = _Diff()
    _diff_info(diff, old, new)
    diff.keyed(
        "sections",
        old.sections,
        new.sections,
        lambda s: s.id,
        lambda s, _: _show(s.heading),
        lambda path, a, b: _diff_section(diff, path, a, b),
        (old, new),
    )
    _diff_subjects(diff, "units", old.units, new.units)
    _diff_subjects(diff, "townships", old.townships, new.townships)
    _diff_figures(diff, old, new)
    diff.keyed(
        "donations",
        old.donations,
        new.donations,
        lambda d: d.id,
        _gift_summary,
        lambda path, a, b: _diff_donation(diff, path, a, b),
        (old, new),
    )
    diff.keyed(
        "receipts",
        old.receipts,
        new.receipts,
        lambda r: r.id,
        _gift_summary,
        lambda path, a, b: _diff_receipt(diff, path, a, b),
        (old, new),
    )
    _diff_totals(diff, old, new)
    return diff.changes


def _diff_info(diff: _Diff, old: Report, new: Report) -> None:
    diff.field("schema_version", old.schema_version, new.schema_version)
    a, b = old.info, new.info
    diff.field("report.id", a.id, b.id)
    diff.optional_text("report.title", a.title, b.title)
    diff.optional_text("report.office", a.office, b.office)
    diff.field("report.date", a.date_text or None, b.date_text or None)
    old_places = {p.level: p.name for p in a.places}
    new_places = {p.level: p.name for p in b.places}
    for level in dict.fromkeys([*new_places, *old_places]):
        diff.optional_text(f"report.region.{level}", old_places.get(level), new_places.get(level))
    diff.keyed(
        "sources",
        old.sources,
        new.sources,
        lambda s: s.id,
        lambda s, _: s.title,
        lambda path, x, y: _diff_source(diff, path, x, y),
        (old, new),
    )
    old_units = {u.key: u.words for u in old.measure_units}
    new_units = {u.key: u.words for u in new.measure_units}
    for key in dict.fromkeys([*new_units, *old_units]):
        diff.optional_text(f"measure_units.{key}", old_units.get(key), new_units.get(key))


def _diff_source(diff: _Diff, path: str, old: Source, new: Source) -> None:
    for name in ("url", "title", "publisher", "date"):
        diff.field(f"{path}.{name}", getattr(old, name), getattr(new, name))
    diff.field(f"{path}.retrieved", str(old.retrieved or ""), str(new.retrieved or ""))
    diff.field(f"{path}.text", old.text, new.text)


def _diff_section(diff: _Diff, path: str, old: Section, new: Section) -> None:
    diff.text(f"{path}.heading", old.heading, new.heading)


Subject = TypeVar("Subject", Unit, Township)


def _diff_subjects(
    diff: _Diff, prefix: str, olds: Sequence[Subject], news: Sequence[Subject]
) -> None:
    # A record that lost its id but kept its (unique) name was given a new id: say so,
    # rather than report it removed and added with everything in it.
    old_ids = {s.id for s in olds}
    new_ids = {s.id for s in news}
    gone = [s for s in olds if s.id not in new_ids]
    came = [s for s in news if s.id not in old_ids]
    renamed: dict[str, Subject] = {}  # new id -> old record
    for subject in came:
        same_name = [s for s in gone if s.name.zh == subject.name.zh]
        others = [s for s in came if s.name.zh == subject.name.zh]
        if len(same_name) == 1 and len(others) == 1:
            renamed[subject.id] = same_name[0]
    renamed_old = {s.id for s in renamed.values()}
    by_old_id = {s.id: s for s in olds}

    def compare(path: str, a: Subject, b: Subject) -> None:
        _diff_subject(diff, path, a, b)

    for subject in news:
        path = f"{prefix}.{subject.id}"
        if subject.id in by_old_id:
            compare(path, by_old_id[subject.id], subject)
        elif subject.id in renamed:
            diff.field(f"{path}.id", renamed[subject.id].id, subject.id)
            compare(path, renamed[subject.id], subject)
        else:
            diff.added(path, _show(subject.name))
    for subject in gone:
        if subject.id not in renamed_old:
            diff.removed(f"{prefix}.{subject.id}", _show(subject.name))


def _diff_subject(diff: _Diff, path: str, old: Unit | Township, new: Unit | Township) -> None:
    diff.text(f"{path}.name", old.name, new.name)
    diff.field(f"{path}.kind", old.kind, new.kind)
    old_members = old.members if isinstance(old, Unit) else ()
    new_members = new.members if isinstance(new, Unit) else ()
    for i in range(max(len(old_members), len(new_members))):
        member = f"{path}.members[{i}]"
        if i >= len(old_members):
            diff.added(member, _show(new_members[i]))
        elif i >= len(new_members):
            diff.removed(member, _show(old_members[i]))
        else:
            diff.text(member, old_members[i], new_members[i])
    _diff_measures(diff, f"{path}.measures", old.measures, new.measures)


def _diff_measures(
    diff: _Diff, prefix: str, olds: Sequence[Measure], news: Sequence[Measure]
) -> None:
    pairs: dict[int, int] = {}  # new index -> old index
    free_old = list(range(len(olds)))
    # First the measures whose Chinese text is unchanged, then the rest in order.
    for j, measure in enumerate(news):
        for i in free_old:
            if olds[i].text.zh == measure.text.zh:
                pairs[j] = i
                free_old.remove(i)
                break
    unpaired_new = [j for j in range(len(news)) if j not in pairs]
    for j, i in zip(unpaired_new, free_old, strict=False):
        pairs[j] = i
    paired_old = set(pairs.values())
    for j, measure in enumerate(news):
        path = f"{prefix}[{j}]"
        if j in pairs:
            before = olds[pairs[j]]
            diff.text(f"{path}.text", before.text, measure.text)
            diff.field(f"{path}.section", before.section, measure.section)
            diff.field(f"{path}.source", before.source, measure.source)
        else:
            diff.added(path, _show(measure.text))
    for i, measure in enumerate(olds):
        if i not in paired_old:
            diff.removed(f"{prefix}[{i}]", _show(measure.text))


def _diff_figures(diff: _Diff, old: Report, new: Report) -> None:
    old_owner = {fid: s.id for fid, s in old.owner_of_figure.items()}
    new_owner = {fid: s.id for fid, s in new.owner_of_figure.items()}

    def compare(path: str, a: Figure, b: Figure) -> None:
        diff.text(f"{path}.label", a.label, b.label)
        diff.field(f"{path}.value", a.value, b.value)
        diff.field(f"{path}.raw", a.raw, b.raw)
        diff.field(f"{path}.lower_bound", a.lower_bound, b.lower_bound)
        diff.field(f"{path}.unit", a.unit, b.unit)
        diff.field(f"{path}.excerpt", a.excerpt, b.excerpt)
        diff.field(f"{path}.category", a.category, b.category)
        diff.field(f"{path}.owner", old_owner.get(a.id), new_owner.get(b.id))
        diff.field(f"{path}.source", a.source, b.source)

    diff.keyed(
        "figures",
        list(old.iter_figures()),
        list(new.iter_figures()),
        lambda f: f.id,
        lambda f, _: f.value,
        compare,
        (old, new),
    )


def _gift_summary(gift: Donation | Receipt, report: Report) -> str:
    if gift.figure is None:  # a gift in kind without a money value: its items
        items = gift.items if isinstance(gift, Donation) else ()
        raws = (report.figures_by_id[i].raw if i in report.figures_by_id else i for i in items)
        return f"{gift.form} {', '.join(raws)}"
    figure = report.figures_by_id.get(gift.figure)
    return f"{gift.form} {figure.raw if figure is not None else gift.figure}"


def _diff_donation(diff: _Diff, path: str, old: Donation, new: Donation) -> None:
    diff.field(f"{path}.donor", old.donor, new.donor)
    diff.optional_text(f"{path}.donor_detail", old.donor_detail, new.donor_detail)
    diff.optional_text(f"{path}.recipient", old.recipient, new.recipient)
    diff.field(f"{path}.form", old.form, new.form)
    diff.field(f"{path}.figure", old.figure, new.figure)
    if old.items or new.items:
        diff.field(f"{path}.items", ", ".join(old.items), ", ".join(new.items))


def _diff_receipt(diff: _Diff, path: str, old: Receipt, new: Receipt) -> None:
    diff.field(f"{path}.recipient", old.recipient, new.recipient)
    diff.optional_text(f"{path}.source", old.source, new.source)
    diff.field(f"{path}.form", old.form, new.form)
    diff.field(f"{path}.figure", old.figure, new.figure)


def _diff_totals(diff: _Diff, old: Report, new: Report) -> None:
    before, after = old.donation_totals(), new.donation_totals()
    for group, a_totals, b_totals in (
        ("itemised", before.itemised, after.itemised),
        ("received", before.received, after.received),
    ):
        for form in DONATION_FORMS:
            a, b = a_totals[form], b_totals[form]
            path = f"totals.{group}.{form}"
            if a.value != b.value:
                diff.changes.append(Change("changed", path, a.value, b.value))
            diff.field(f"{path}.lower_bound", a.lower_bound, b.lower_bound)


# --- deltas for the dashboard ---------------------------------------------------------------


def figure_deltas(old: Report, new: Report) -> dict[str, Delta]:
    """For every figure of `new`, by id: its value minus the old one (0 if unchanged), or
    "new" when `old` has no figure with that id."""
    before = old.figures_by_id
    return {
        f.id: (_subtract(f.value, before[f.id].value) if f.id in before else "new")
        for f in new.iter_figures()
    }


def total_deltas(old: Report, new: Report) -> dict[str, Delta]:
    """The change of every donation total, keyed `itemised.FORM` and `received.FORM`."""
    before, after = old.donation_totals(), new.donation_totals()
    out: dict[str, Delta] = {}
    for form in DONATION_FORMS:
        out[f"itemised.{form}"] = _subtract(after.itemised[form].value, before.itemised[form].value)
        out[f"received.{form}"] = _subtract(after.received[form].value, before.received[form].value)
    return out


def _number(value: Number) -> str:
    return str(value) if isinstance(value, int) else repr(value)


#: What a change says of a figure or total the older snapshot did not have.
NEW_WORD = Label("new", "新增")


def format_delta(delta: Delta | None, lang: Lang = "en") -> str:
    """`▲ +120`, `▼ −5` (a real minus sign), `▲ +34,000` (grouped like the values beside
    it), `new` (`新增` in Chinese); empty for no change."""
    if isinstance(delta, str):
        return NEW_WORD.pick(lang)
    if delta is None or delta == 0:
        return ""
    if delta > 0:
        return f"▲ +{format_number(delta)}"
    return f"▼ −{format_number(-delta)}"


# --- formats --------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


def _value_text(value: Scalar) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    return f'"{_one_line(value)}"'


def _text_line(change: Change) -> str:
    path = _one_line(change.path)
    if change.kind == "added":
        return f"added {path}: {_value_text(change.new)} (new)"
    if change.kind == "removed":
        return f"removed {path}: {_value_text(change.old)}"
    line = f"changed {path}: {_value_text(change.old)} → {_value_text(change.new)}"
    delta = format_delta(change.delta)
    return f"{line} ({delta})" if delta else line


def _json(changes: Sequence[Change]) -> str:
    document = {"count": len(changes), "changes": [c.as_dict() for c in changes]}
    # Strict JSON: a value past what JSON can hold is a bug to report, never `Infinity`.
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    # Inside JSON strings `\\uXXXX` means the same character, so the data stays exact.
    return escape_unsafe(text) + "\n"


def _md_cell(text: str) -> str:
    return md_text(_one_line(text))


def _markdown(changes: Sequence[Change]) -> str:
    lines = ["# Changes", ""]
    if not changes:
        return "\n".join([*lines, "No changes.", ""])
    lines += [
        f"{len(changes)} change{'s' if len(changes) != 1 else ''}.",
        "",
        "| change | path | old | new | Δ |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in changes:
        delta = "new" if c.kind == "added" else format_delta(c.delta)
        old = "" if c.kind == "added" else _md_cell(_value_text(c.old))
        new = "" if c.kind == "removed" else _md_cell(_value_text(c.new))
        lines.append(f"| {c.kind} | {_md_cell(c.path)} | {old} | {new} | {delta} |")
    return "\n".join([*lines, ""])


def format_diff(changes: Sequence[Change], fmt: str) -> str:
    """The changes as `text` (one line each; "no changes" when empty), `json` or `md`."""
    if fmt == "json":
        return _json(changes)
    if fmt == "md":
        return _markdown(changes)
    if fmt != "text":
        raise ValueError(f"unknown diff format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if not changes:
        return "no changes\n"
    return "".join(_text_line(c) + "\n" for c in changes) + _count(len(changes)) + "\n"


def _count(n: int) -> str:
    """`1 change`, `3 changes`: the summary line of the text format."""
    return f"{n} change{'s' if n != 1 else ''}"
