"""Write a valid synthetic report snapshot of N records, with a fixed seed.

A record is one unit or township; each has one or two measures, most with a figure, and one
subject in ten gives a donation, in roughly the proportions of the Tongren report. Names and
excerpts are Chinese with English renderings; raw forms agree with their values.

    python bench/make_report.py N [-o FILE] [--seed 2020]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

CHARS = (
    "同仁县黄南藏族自治州青海省隆务镇多哇瓜什则乡曲库乎牙浪加吾年都卫生健康教育公安交警"
    "纪委监委政法统战市场监督管理局工业商务信息化应急城管宣传文体旅游广电税务农牧科技红十字会"
)
UNITS = [
    ("people", "名", "people"),
    ("villages", "个村", "coverage"),
    ("truckloads", "车次", "sanitation"),
    ("tonnes", "吨", "sanitation"),
    ("views", "次", "outreach"),
    ("videos", "个", "outreach"),
    ("copies", "份", "outreach"),
]
FORMS = ("cash", "goods", "mixed")


def _zh(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CHARS) for _ in range(n))


def _raw(rng: random.Random, unit_word: str) -> tuple[int, str, bool]:
    """A value and its raw form: plain (`188名`), or in 万 with a decimal, often with 余."""
    lower = rng.random() < 0.4
    if rng.random() < 0.5:
        value = rng.randint(1, 9999)
        return value, f"{value}{'余' if lower else ''}{unit_word}", lower
    tenths = rng.randint(1, 9999)  # 0.1万 .. 999.9万
    value = tenths * 1000
    number = f"{tenths // 10}.{tenths % 10}" if tenths % 10 else str(tenths // 10)
    return value, f"{number}万{'余' if lower else ''}{unit_word}", lower


def make_report(n: int, seed: int = 2020) -> dict[str, object]:
    rng = random.Random(seed)
    sections = [
        {"id": f"s{i}", "heading": {"zh": _zh(rng, 12), "en": f"Section {i}"}} for i in range(1, 6)
    ]
    units: list[dict[str, object]] = []
    townships: list[dict[str, object]] = []
    donations: list[dict[str, object]] = []
    figure_no = 0
    for i in range(n):
        is_township = i % 10 == 9
        subject_id = f"{'t' if is_township else 'u'}{i}"
        measures = []
        for m in range(1 + (i % 3 == 0)):
            measure: dict[str, object] = {
                "text": {"zh": _zh(rng, 16), "en": f"Measure {m + 1} of {subject_id}"},
                "section": f"s{rng.randint(1, 5)}",
            }
            if m == 0 or rng.random() < 0.5:
                figure_no += 1
                unit, word, category = rng.choice(UNITS)
                gives = i % 10 == 4
                if gives:
                    unit, word, category = "yuan", "元", "donations"
                value, raw, lower = _raw(rng, word)
                figure_id = f"f{figure_no}"
                measure["figures"] = [
                    {
                        "id": figure_id,
                        "label": {"zh": _zh(rng, 4), "en": f"figure {figure_no}"},
                        "value": value,
                        "unit": unit,
                        "raw": raw,
                        "lower_bound": lower,
                        "excerpt": f"{_zh(rng, 8)}{raw}{_zh(rng, 6)}",
                        "category": category,
                    }
                ]
                if gives:
                    donations.append(
                        {
                            "id": f"d{len(donations) + 1}",
                            "donor": subject_id,
                            "recipient": {"zh": _zh(rng, 6), "en": "front-line workers"},
                            "form": FORMS[len(donations) % 3],
                            "figure": figure_id,
                        }
                    )
            measures.append(measure)
        name = {"zh": _zh(rng, rng.randint(3, 9)), "en": f"Unit {i} of the county"}
        if is_township:
            townships.append(
                {"id": subject_id, "name": name, "kind": "township", "measures": measures}
            )
        else:
            units.append(
                {"id": subject_id, "name": name, "kind": "government", "measures": measures}
            )
    return {
        "schema_version": 1,
        "report": {
            "id": f"synthetic-{n}",
            "title": {"zh": "合成报告", "en": f"Synthetic report of {n} records"},
            "office": {"zh": "基准测试办公室", "en": "Benchmark office"},
            "date": dt.date(2020, 2, 26),
            "region": {
                "county": {"zh": "同仁县", "en": "Tongren County"},
                "prefecture": {"zh": "黄南藏族自治州", "en": "Huangnan Prefecture"},
                "province": {"zh": "青海省", "en": "Qinghai Province"},
            },
        },
        "sections": sections,
        "units": units,
        "townships": townships,
        "donations": donations,
        "receipts": [],
    }


def _value(value: object) -> str:
    """A TOML value: bilingual and other small tables inline, as a person would write them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)


def _table(lines: list[str], header: str, table: dict[str, object]) -> None:
    """Append `table` under `header`: scalars and small tables first, arrays of tables after."""
    lines.append(header)
    nested = []
    for key, value in table.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested.append((key, value))
        else:
            lines.append(f"{key} = {_value(value)}")
    lines.append("")
    name = header.strip("[]")
    for key, items in nested:
        for item in items:
            assert isinstance(item, dict)
            _table(lines, f"[[{name}.{key}]]", item)


def to_toml(report: dict[str, object]) -> str:
    """The report as TOML in the layout of data/report.toml (tomli-w would nest every table)."""
    lines = [f"schema_version = {report['schema_version']}", ""]
    _table(lines, "[report]", report["report"])  # type: ignore[arg-type]
    for key in ("sections", "units", "townships", "donations", "receipts"):
        for item in report[key]:  # type: ignore[attr-defined]
            _table(lines, f"[[{key}]]", item)
    return "\n".join(lines)


def report_file(folder: Path, n: int) -> Path:
    """The synthetic report of `n` records in `folder`, written if it is not there yet: the
    other benchmarks share their files through this."""
    path = folder / f"report-{n}.toml"
    if not path.is_file():
        path.write_text(to_toml(make_report(n)), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of records (units and townships)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    if args.n < 1:
        parser.error("N must be at least 1")
    text = to_toml(make_report(args.n, args.seed))
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
