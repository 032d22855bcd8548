"""A `Report` as plain TOML-ready data: the inverse of `loader.build_report`.

Keys are written in the order docs/report-format.md lists them, optional keys only when set,
so a report written with tomli-w loads back equal to itself.
"""

from __future__ import annotations

from typing import Any

from .model import Donation, Figure, Measure, Region, Report, ReportInfo, Source, Text


def text_dict(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def figure_dict(figure: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": figure.id,
        "label": text_dict(figure.label),
        "value": figure.value,
        "unit": figure.unit,
        "raw": figure.raw,
        "lower_bound": figure.lower_bound,
        "excerpt": figure.excerpt,
        "category": figure.category,
        **({"source": figure.source} if figure.source is not None else {}),
    }
    if figure.headline:  # optional: written only when set, as a file that leaves it out
        out["headline"] = True
    return out


def measure_dict(measure: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text_dict(measure.text), "section": measure.section}
    if measure.source is not None:
        out["source"] = measure.source
    if measure.figures:
        out["figures"] = [figure_dict(f) for f in measure.figures]
    return out


def _info_dict(info: ReportInfo) -> dict[str, Any]:
    """`[report]`: in schema_version 2 title, office and date only when given."""
    out: dict[str, Any] = {"id": info.id}
    if info.title is not None:
        out["title"] = text_dict(info.title)
    if info.office is not None:
        out["office"] = text_dict(info.office)
    if info.date is not None:
        out["date"] = info.date
    region = info.region
    if isinstance(region, Region):
        out["region"] = {
            "county": text_dict(region.county),
            "prefecture": text_dict(region.prefecture),
            "province": text_dict(region.province),
        }
    else:  # the levels in their order: tables keep the order of their keys
        out["region"] = {level.level: text_dict(level.name) for level in region}
    return out


def _donation_dict(d: Donation) -> dict[str, Any]:
    item: dict[str, Any] = {"id": d.id, "donor": d.donor}
    if d.donor_detail is not None:
        item["donor_detail"] = text_dict(d.donor_detail)
    if isinstance(d.recipient, Text):
        item["recipient"] = text_dict(d.recipient)
    elif d.recipient is not None:  # schema_version 2: the id of a unit or township
        item["recipient"] = d.recipient
    item["form"] = d.form
    if d.figure is not None:
        item["figure"] = d.figure
    if d.items:
        item["items"] = list(d.items)
    return item


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole snapshot as nested dicts and lists, ready for `tomli_w.dumps`."""
    info = report.info
    units: list[dict[str, Any]] = []
    for unit in report.units:
        u: dict[str, Any] = {"id": unit.id, "name": text_dict(unit.name), "kind": unit.kind}
        if unit.members:
            u["members"] = [text_dict(m) for m in unit.members]
        if unit.measures:  # none only in schema_version 2
            u["measures"] = [measure_dict(m) for m in unit.measures]
        units.append(u)
    donations = [_donation_dict(d) for d in report.donations]
    receipts: list[dict[str, Any]] = []
    for r in report.receipts:
        rec: dict[str, Any] = {"id": r.id, "recipient": r.recipient}
        if r.source is not None:
            rec["source"] = text_dict(r.source)
        rec.update(form=r.form, figure=r.figure)
        receipts.append(rec)
    head: dict[str, Any] = {"schema_version": report.schema_version, "report": _info_dict(info)}
    if report.sources:
        head["sources"] = [_source_dict(s) for s in report.sources]
    if report.measure_units:
        head["measure_units"] = {u.key: text_dict(u.words) for u in report.measure_units}
    return head | {
        "sections": [{"id": s.id, "heading": text_dict(s.heading)} for s in report.sections],
        "units": units,
        "townships": [
            {
                "id": t.id,
                "name": text_dict(t.name),
                "kind": t.kind,
                **({"measures": [measure_dict(m) for m in t.measures]} if t.measures else {}),
            }
            for t in report.townships
        ],
        "donations": donations,
        "receipts": receipts,
    }


def _source_dict(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.id}
    if source.url is not None:
        out["url"] = source.url
    out.update(title=source.title, publisher=source.publisher, date=source.date)
    if source.retrieved is not None:
        out["retrieved"] = source.retrieved
    if source.text is not None:
        out["text"] = source.text
    return out
