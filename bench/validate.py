"""How much loading a large report costs beyond parsing it: nesting check, validation, build.

    python bench/validate.py [N]      # N records (default 85,700: about 100,000 figures)

Writes a synthetic report (bench/make_report.py) to a temporary file and times, best of
five, with the cycle collector paused as tui.core.loader does: `toml_rs.loads` of the whole text,
the file's bytes cut, decoded and parsed in chunks (as the loader reads a large file), the
nesting check, `checked_report` (the quick
pass, which builds the records as it checks), the precise pass alone, the record-by-record
build it falls back to, and the whole `load_report`, valid and with three problems (which
parses again for positions). Results are kept until timed, so freeing them is not counted.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import tempfile
from pathlib import Path

import toml_rs
from make_report import make_report, to_toml  # bench/ is on the path of a script run from it
from scale import best

from tui.core.loader import _build_slowly, _decode, _parse_in_chunks, load_report
from tui.core.nesting import nesting_problem
from tui.core.problems import ReportError
from tui.core.validate import check_precisely, checked_report


def _chunked(data: bytes) -> object:
    """What the loader does with a large file's bytes: cut, decode and parse chunk by chunk."""
    return _parse_in_chunks(_decode(data), None)


def broken(text: str) -> str:
    """The same report with three problems: at the top, in the middle, at the end."""
    last = text.rindex("\nvalue = ")
    end = text.index("\n", last + 1)
    text = text[:last] + "\nvalue = -5" + text[end:]
    text = text.replace('id = "u500"\n', 'id = "u400"\n', 1)
    return text.replace("[report]\n", "[report]\nnotes = 1\n", 1)


def main() -> int:
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 85_700
    text = to_toml(make_report(records))
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.toml"
        bad = Path(folder) / "broken.toml"
        path.write_bytes(data)
        bad.write_text(broken(text), encoding="utf-8")
        gc.disable()
        parsed = toml_rs.loads(text, toml_version="1.0.0")
        figures = sum(
            len(m.get("figures", ())) for key in ("units", "townships") for s in parsed[key]
            for m in s["measures"]
        )  # fmt: skip
        print(f"{records} records, {figures} figures, {len(data) / 1e6:.1f} MB")
        parse = best(lambda: toml_rs.loads(text, toml_version="1.0.0"))
        rows = [
            ("toml_rs.loads", parse),
            ("decoded and parsed in chunks", best(lambda: _chunked(data), 3)),
            ("nesting check", best(lambda: nesting_problem(text, data))),
            ("quick check and build", best(lambda: checked_report(parsed))),
            ("precise pass alone", best(lambda: check_precisely(parsed), 2)),
            ("build record by record", best(lambda: _build_slowly(parsed), 2)),
        ]
        gc.enable()
        rows.append(("load_report, valid", best(lambda: load_report(path), 2)))

        def load_broken() -> None:
            with contextlib.suppress(ReportError):
                load_report(bad)

        rows.append(("load_report, 3 problems", best(load_broken, 2)))
    for name, seconds in rows:
        print(f"  {name:30} {seconds:6.3f} s  {seconds / parse:5.0%} of toml_rs.loads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
