"""A `Report` as plain TOML-ready data: the inverse of `loader.build_report`.

Keys are written in the order docs/report-format.md lists them, optional keys only when set,
so a report written with tomli-w loads back equal to itself.
"""

from __future__ import annotations

from typing import Any

from .model import Figure, Measure, Report, Text


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
    }
    if figure.headline:  # optional: written only when set, as a file that leaves it out
        out["headline"] = True
    return out


def measure_dict(measure: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text_dict(measure.text), "section": measure.section}
    if measure.figures:
        out["figures"] = [figure_dict(f) for f in measure.figures]
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole snapshot as nested dicts and lists, ready for `tomli_w.dumps`."""
    info = report.info
    units: list[dict[str, Any]] = []
    for unit in report.units:
        u: dict[str, Any] = {"id": unit.id, "name": text_dict(unit.name), "kind": unit.kind}
        if unit.members:
            u["members"] = [text_dict(m) for m in unit.members]
        u["measures"] = [measure_dict(m) for m in unit.measures]
        units.append(u)
    donations: list[dict[str, Any]] = []
    for d in report.donations:
        item: dict[str, Any] = {"id": d.id, "donor": d.donor}
        if d.donor_detail is not None:
            item["donor_detail"] = text_dict(d.donor_detail)
        if d.recipient is not None:
            item["recipient"] = text_dict(d.recipient)
        item.update(form=d.form, figure=d.figure)
        donations.append(item)
    receipts: list[dict[str, Any]] = []
    for r in report.receipts:
        rec: dict[str, Any] = {"id": r.id, "recipient": r.recipient}
        if r.source is not None:
            rec["source"] = text_dict(r.source)
        rec.update(form=r.form, figure=r.figure)
        receipts.append(rec)
    return {
        "schema_version": report.schema_version,
        "report": {
            "id": info.id,
            "title": text_dict(info.title),
            "office": text_dict(info.office),
            "date": info.date,
            "region": {
                "county": text_dict(info.region.county),
                "prefecture": text_dict(info.region.prefecture),
                "province": text_dict(info.region.province),
            },
        },
        "sections": [{"id": s.id, "heading": text_dict(s.heading)} for s in report.sections],
        "units": units,
        "townships": [
            {
                "id": t.id,
                "name": text_dict(t.name),
                "kind": t.kind,
                "measures": [measure_dict(m) for m in t.measures],
            }
            for t in report.townships
        ],
        "donations": donations,
        "receipts": receipts,
    }
