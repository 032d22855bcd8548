"""Hypothesis strategies for schema_version 2 reports, built on the version 1 ones.

A version 1 report (tests/strategies.py) is made into a version 2 one with what only version
2 has: an optional title, office and date (a month or a year too), region levels, the new
kinds, a subject with no measure, a declared unit of measure, sources whose text holds every
excerpt and measure, figures that name their source, gifts in kind with items and no value,
recipients given by id and receipts by a township.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st
from msgspec import structs

from tests.strategies import bilingual, reports
from tui.core.model import (
    REGION_LEVELS,
    TOWNSHIP_KINDS_V2,
    UNIT_KINDS_V2,
    Donation,
    Figure,
    Measure,
    MeasureUnit,
    Receipt,
    RegionLevel,
    Report,
    ReportInfo,
    Source,
    Text,
    Township,
    Unit,
)

_DATES = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1900, 2100), st.integers(1, 12)),
    st.builds(lambda y: f"{y:04d}", st.integers(1900, 2100)),
)


@st.composite
def reports_v2(draw: st.DrawFn) -> Report:
    """A small valid schema_version 2 report."""
    base = draw(reports())
    levels = draw(
        st.lists(st.sampled_from(list(REGION_LEVELS)), min_size=1, max_size=3, unique=True)
    )
    info = ReportInfo(
        id=base.info.id,
        title=draw(st.one_of(st.none(), bilingual)),
        office=draw(st.one_of(st.none(), bilingual)),
        date=draw(_DATES),
        region=tuple(RegionLevel(level, draw(bilingual)) for level in levels),
    )
    declared = draw(st.booleans())
    units_of_measure = (MeasureUnit("tents", Text(zh="顶", en="tents")),) if declared else ()
    n_sources = draw(st.integers(0, 2))
    source_ids = [f"source-{n}" for n in range(n_sources)]

    def figure(f: Figure) -> Figure:
        unit = "tents" if declared and f.unit != "yuan" and draw(st.booleans()) else f.unit
        source = draw(st.sampled_from(source_ids)) if n_sources > 1 else None
        return structs.replace(f, unit=unit, source=source)

    def measures(items: tuple[Measure, ...]) -> tuple[Measure, ...]:
        return tuple(structs.replace(m, figures=tuple(map(figure, m.figures))) for m in items)

    units = [
        structs.replace(
            u,
            kind=u.kind if u.kind == "joint" else draw(st.sampled_from(list(UNIT_KINDS_V2))),
            measures=measures(u.measures),
        )
        for u in base.units
    ]
    units = [
        u if u.kind != "joint" or len(u.members) >= 2 else structs.replace(u, kind="group")
        for u in units
    ]
    townships: list[Township] = [
        structs.replace(
            t, kind=draw(st.sampled_from(list(TOWNSHIP_KINDS_V2))), measures=measures(t.measures)
        )
        for t in base.townships
    ]
    if draw(st.booleans()):  # only visited: no measure
        townships.append(Township(id="visited-only-township", name=draw(bilingual), kind="unknown"))
    subjects: list[Unit | Township] = [*units, *townships]
    subject_ids = [s.id for s in subjects]
    all_figures = [f for s in subjects for m in s.measures for f in m.figures]
    quantities = [f.id for f in all_figures if f.unit != "yuan"]
    donations: list[Donation] = []
    for d in base.donations:
        recipient: Text | str | None = d.recipient
        if draw(st.booleans()):
            recipient = draw(st.sampled_from(subject_ids))
        donations.append(structs.replace(d, recipient=recipient))
    if len(quantities) > 0 and draw(st.booleans()):  # a gift in kind without a value
        donations.append(
            Donation(
                id="in-kind-gift-without-value",
                donor=draw(st.sampled_from(subject_ids)),
                form="goods",
                items=tuple(quantities[: draw(st.integers(1, len(quantities)))]),
            )
        )
    receipts: list[Receipt] = [
        structs.replace(r, recipient=draw(st.sampled_from(subject_ids))) for r in base.receipts
    ]
    said = [
        *(f.excerpt for f in all_figures),
        *(m.text.zh for s in subjects for m in s.measures),
    ]
    text = "\n".join(said) if draw(st.booleans()) or n_sources > 1 else None
    sources = tuple(
        Source(
            id=source_id,
            url=f"https://example.org/{source_id}",
            title="标题",
            publisher="发布者",
            date="2020年2月26日",
            retrieved=dt.date(2026, 11, 20),
            text=text or None,
        )
        for source_id in source_ids
    )
    return Report(
        schema_version=2,
        info=info,
        sections=base.sections,
        units=tuple(units),
        townships=tuple(townships),
        donations=tuple(donations),
        receipts=tuple(receipts),
        sources=sources,
        measure_units=units_of_measure,
    )
