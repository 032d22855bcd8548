"""`response-dashboard upgrade FILE`: a schema_version 1 snapshot rewritten as version 2.

Every version 1 file says, in version 2, what it said in version 1 (docs/report-format.md):
version 2 only adds. So the upgrade is one change to the text, the `schema_version = 1` line
made `= 2`, and every comment, blank line and way of writing a value is kept, which tomli-w
(it writes no comments) could not do. Only when that line is written some other way (a
quoted key, say) is the file written anew from its data, without its comments, and the
result says so.

Before anything is replaced the new text is read back and checked: it must be a valid
version 2 report holding exactly the data of the old one. The file is then written as a
save is (tui.core.save: a temporary file, fsync, an atomic rename, the old one kept as
`NAME.bak`). Plain Python: no Textual, no Rich.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from .loader import load_report, loads_report
from .model import Report
from .problems import Problem, ReportError
from .safe import visible_line
from .save import has_comments, save_text
from .serialize import report_to_dict

#: The version line as a person writes it, before any table header.
_VERSION_LINE = re.compile(r"^([ \t]*schema_version[ \t]*=[ \t]*)1([ \t]*(?:#[^\n]*)?)$", re.M)
_FIRST_HEADER = re.compile(r"^[ \t]*\[", re.M)


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What an upgrade did: the new text, and whether it kept the comments."""

    text: str
    report: Report
    textual: bool


def upgrade_text(text: str, filename: str = "<string>") -> Upgrade | None:
    """`text`, a valid schema_version 1 report, as version 2; None when it already is one.

    Raises `ReportError` (with FILE:LINE:COL problems) when `text` is not a valid report.
    """
    old = loads_report(text, filename)
    if old.schema_version != 1:
        return None
    header = _FIRST_HEADER.search(text)
    head_end = header.start() if header else len(text)
    match = _VERSION_LINE.search(text, 0, head_end)
    if match is not None:
        new_text = text[: match.end(1)] + "2" + text[match.start(2) :]
        textual = True
    else:
        data = report_to_dict(old) | {"schema_version": 2}
        new_text = tomli_w.dumps(data)
        textual = False
    new = loads_report(new_text, filename)
    # The same data, and version 2 now: a version 1 region reads as its three levels.
    if report_to_dict(new) != report_to_dict(old) | {"schema_version": 2}:
        raise ReportError(
            [Problem(filename, 1, 1, "(file)", "upgrade would change the data; not written")]
        )
    return Upgrade(text=new_text, report=new, textual=textual)


def upgrade_file(path: Path) -> str:
    """Upgrade the snapshot at `path` in place; the line to tell the user."""
    name = visible_line(str(path))
    load_report(path)  # a missing, unreadable or invalid file: its FILE:LINE:COL problems
    text = path.read_text(encoding="utf-8")
    done = upgrade_text(text, name)
    if done is None:
        return f"{name}: already schema_version 2; not changed"
    save_text(done.text.encode("utf-8"), done.report, path)
    if done.textual:
        return (
            f"{name}: upgraded to schema_version 2 (every comment kept; the old file is {name}.bak)"
        )
    lost = " (its comments could not be kept)" if has_comments(text) else ""
    return f"{name}: upgraded to schema_version 2, written anew{lost}; the old file is {name}.bak"
