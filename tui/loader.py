"""Reading a report snapshot from disk into a `Report`: parse, validate, build.

Plain Python: no Textual here. Every way a file can be wrong ends in a `ReportError`
whose problems name the file, line, column and key; nothing else escapes.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import toml_rs

from .model import (
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
from .problems import Problem, ReportError


def default_report_path() -> Path:
    """The bundled report: inside the installed package, or `data/` of a source checkout."""
    packaged = Path(str(resources.files("tui"))) / "data" / "report.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "report.toml"


def load_report(path: Path) -> Report:
    """Load and validate the snapshot at `path`; raise `ReportError` with every problem."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ReportError([Problem(str(path), 1, 1, "(file)", exc.strerror or str(exc))]) from None
    return loads_report(text, str(path))


def loads_report(text: str, filename: str = "<string>") -> Report:
    """Parse and validate TOML text; `filename` is used in problem lines."""
    try:
        data = toml_rs.loads(text, toml_version="1.0.0")
    except toml_rs.TOMLDecodeError as exc:
        message = str(exc).splitlines()[-1]
        raise ReportError([Problem(filename, exc.lineno, exc.colno, "(toml)", message)]) from None
    return build_report(data)


# --- building typed records from validated data ------------------------------------------


def _text(d: dict[str, Any]) -> Text:
    return Text(zh=d["zh"], en=d["en"])


def _opt_text(d: dict[str, Any] | None) -> Text | None:
    return None if d is None else _text(d)


def _figure(d: dict[str, Any]) -> Figure:
    return Figure(
        id=d["id"],
        label=_text(d["label"]),
        value=d["value"],
        unit=d["unit"],
        raw=d["raw"],
        lower_bound=d["lower_bound"],
        excerpt=d["excerpt"],
        category=d["category"],
    )


def _measures(items: list[dict[str, Any]]) -> tuple[Measure, ...]:
    return tuple(
        Measure(
            text=_text(m["text"]),
            section=m["section"],
            figures=tuple(_figure(f) for f in m.get("figures", ())),
        )
        for m in items
    )


def build_report(data: dict[str, Any]) -> Report:
    """Turn validated TOML data into a `Report`. Assumes `data` passed validation."""
    info = data["report"]
    date = info["date"]
    region = info["region"]
    return Report(
        schema_version=data["schema_version"],
        info=ReportInfo(
            id=info["id"],
            title=_text(info["title"]),
            office=_text(info["office"]),
            date=date if isinstance(date, dt.date) else dt.date.fromisoformat(date),
            region=Region(
                county=_text(region["county"]),
                prefecture=_text(region["prefecture"]),
                province=_text(region["province"]),
            ),
        ),
        sections=tuple(Section(id=s["id"], heading=_text(s["heading"])) for s in data["sections"]),
        units=tuple(
            Unit(
                id=u["id"],
                name=_text(u["name"]),
                kind=u["kind"],
                measures=_measures(u["measures"]),
                members=tuple(_text(m) for m in u.get("members", ())),
            )
            for u in data.get("units", ())
        ),
        townships=tuple(
            Township(
                id=t["id"], name=_text(t["name"]), kind=t["kind"], measures=_measures(t["measures"])
            )
            for t in data.get("townships", ())
        ),
        donations=tuple(
            Donation(
                id=d["id"],
                donor=d["donor"],
                form=d["form"],
                figure=d["figure"],
                donor_detail=_opt_text(d.get("donor_detail")),
                recipient=_opt_text(d.get("recipient")),
            )
            for d in data.get("donations", ())
        ),
        receipts=tuple(
            Receipt(
                id=r["id"],
                recipient=r["recipient"],
                form=r["form"],
                figure=r["figure"],
                source=_opt_text(r.get("source")),
            )
            for r in data.get("receipts", ())
        ),
    )
