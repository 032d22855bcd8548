"""`export --format svg`: a pane as an SVG screenshot, headless, wide characters at full width.

Rich's export gives each text run a `textLength` of one cell per character, so a CJK run is
drawn squeezed into half its cells. The exported SVG must instead give each run the width of
its cells, which the tests count independently with `unicodedata`, and keep its spaces
(`xml:space="preserve"`) so that librsvg does not drop leading ones.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.model import Lang, Report
from tui.ui.screenshot import PANE_KEYS, capture_svg, widen_svg_text
from tui.widgets.text import ui_label

SVG = "{http://www.w3.org/2000/svg}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: The panes of any report (Changes needs an older snapshot: tested apart).
PANES = [pane for pane in PANE_KEYS if pane != "changes"]
CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: The width of a cell in Rich's SVG: 0.61 of its 20px font.
CELL = 12.2


@dataclass(frozen=True)
class Run:
    """One `<text>` run of a terminal line: where it starts, how long it is drawn, its text."""

    line: str
    x: float
    length: float
    text: str


def cells(text: str) -> int:
    """Terminal cells of `text`, counted without Rich: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def simple(text: str) -> bool:
    """Whether every character of `text` takes one or two cells (no zero-width, no combining)."""
    return all(unicodedata.category(c) not in ("Mn", "Me", "Cf", "Cc") for c in text)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def text_runs(svg: str) -> list[Run]:
    """Every run of the terminal's lines.

    Left out: the window title (it has no `textLength`) and the newline Rich puts at the end of
    each line, past the last cell.
    """
    runs = []
    for element in parse(svg).iter(f"{SVG}text"):
        if "textLength" not in element.attrib or (element.text or "").strip("\n") == "":
            continue
        runs.append(
            Run(
                line=element.attrib["clip-path"],
                x=float(element.attrib["x"]),
                length=float(element.attrib["textLength"]),
                text=element.text or "",
            )
        )
    return runs


def char_width(runs: list[Run]) -> float:
    """The width of one cell, as the ASCII runs (one cell per character) are drawn."""
    widths = {round(r.length / len(r.text), 3) for r in runs if r.text.isascii() and r.text}
    assert len(widths) <= 1, f"ASCII runs disagree on the cell width: {widths}"
    return widths.pop() if widths else CELL


def squeezed(svg: str) -> list[Run]:
    """The runs with wide characters whose drawn length is not the width of their cells."""
    runs = text_runs(svg)
    width = char_width(runs)
    return [
        run
        for run in runs
        if CJK.search(run.text)
        and simple(run.text)
        and run.length != pytest.approx(cells(run.text) * width, abs=0.01)
    ]


def overlapping(svg: str) -> list[tuple[Run, Run]]:
    """Pairs of runs on one line where the first is drawn into the cells of the next."""
    by_line: dict[str, list[Run]] = {}
    for run in text_runs(svg):
        by_line.setdefault(run.line, []).append(run)
    pairs = []
    for runs in by_line.values():
        runs.sort(key=lambda r: r.x)
        pairs += [(a, b) for a, b in pairwise(runs) if a.x + a.length > b.x + 0.01]
    return pairs


def export(tmp_path: Path, *args: str) -> tuple[int, Path]:
    out = tmp_path / "pane.svg"
    return main(["export", "--format", "svg", *args, "-o", str(out)]), out


# --- every pane, through the command line -------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("pane", PANES)
def test_export_writes_a_pane_as_valid_svg(
    tmp_path: Path, report: Report, pane: str, lang: Lang
) -> None:
    status, out = export(tmp_path, "--pane", pane, "--size", "100x30", "--lang", lang)
    assert status == 0
    svg = out.read_text(encoding="utf-8")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.attrib[XML_SPACE] == "preserve"
    texts = " ".join(r.text for r in text_runs(svg)).replace("\xa0", " ")
    title = f"response-dashboard: {pane}"
    assert any(e.text == title.replace(" ", "\xa0") for e in root.iter(f"{SVG}text"))
    # The pane's own content is there, in the language asked for.
    county = report.info.place("county")
    first = {
        "overview": county,
        "units": report.units[0].name,
        "townships": report.townships[0].name,
        "donations": report.subject(report.donations[0].donor).name,
        "figures": report.owner_of_figure[next(report.iter_figures()).id].name,
        "changes": ui_label("changes"),
    }[pane]
    assert first.get(lang)[:8] in texts
    assert not overlapping(svg)


@pytest.mark.parametrize("pane", PANES)
def test_chinese_runs_are_drawn_across_both_cells(tmp_path: Path, pane: str) -> None:
    status, out = export(tmp_path, "--pane", pane, "--size", "100x30", "--lang", "zh")
    assert status == 0
    svg = out.read_text(encoding="utf-8")
    runs = [r for r in text_runs(svg) if CJK.search(r.text)]
    assert len(runs) >= 5, "a Chinese pane has Chinese text"
    width = char_width(text_runs(svg))
    for run in runs:
        assert simple(run.text)
        assert run.length == pytest.approx(cells(run.text) * width, abs=0.01), run
    assert squeezed(svg) == []


def test_rich_raw_export_squeezes_the_same_runs(report: Report) -> None:
    """The check above fails on Rich's own export: the widening is what makes it pass."""
    raw = capture_svg(report, pane="units", size="100x30", lang="zh")
    ours = widen_svg_text(raw)
    assert squeezed(ours) == []
    bad = squeezed(raw)
    assert len(bad) >= 5
    # The same runs, at the same places, with the same text: only their drawn length differs.
    fixed = {(r.line, r.x, r.text): r.length for r in text_runs(ours)}
    for run in bad:
        assert fixed[(run.line, run.x, run.text)] == pytest.approx(
            cells(run.text) / len(run.text) * run.length, abs=0.01
        )
    assert "xml:space" not in raw.split(">", 1)[0]


def test_export_through_a_subprocess(tmp_path: Path, report: Report) -> None:
    out = tmp_path / "donations.svg"
    args = ["--format", "svg", "--pane", "donations", "--size", "80x24", "--lang", "zh"]
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", *args, "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    svg = out.read_text(encoding="utf-8")
    assert parse(svg).attrib[XML_SPACE] == "preserve"
    assert squeezed(svg) == []
    texts = "".join(r.text for r in text_runs(svg))
    assert report.subject(report.donations[0].donor).name.zh in texts


def test_export_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "svg", "--pane", "units", "--size", "60x20"]) == 0
    svg = capsys.readouterr().out
    assert parse(svg).tag == f"{SVG}svg"


@pytest.mark.parametrize("size", ["1x1", "20x5", "200x60"])
def test_export_at_extreme_sizes(tmp_path: Path, size: str) -> None:
    status, out = export(tmp_path, "--pane", "donations", "--size", size, "--lang", "zh")
    assert status == 0
    svg = out.read_text(encoding="utf-8")
    width = int(size.split("x")[0])
    runs = text_runs(svg)
    assert runs or width == 1  # one cell may well be blank
    for run in runs:
        assert run.x + run.length <= width * CELL + 0.01, run
    assert squeezed(svg) == [] and not overlapping(svg)


# --- bad arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pane", "nowhere"], "--pane: expected one of overview, units, townships, donations"),
        (["--pane", ""], "--pane: expected one of"),
        (["--pane", "changes"], "--pane changes: needs an older snapshot to compare with"),
        (["--size", "100"], "--size: expected WIDTHxHEIGHT such as 100x30, got '100'"),
        (["--size", "axb"], "--size: expected WIDTHxHEIGHT"),
        (["--size=-5x10"], "--size: expected WIDTHxHEIGHT"),
        (["--size", "0x10"], "--size: each side must be 1 to 1000 cells, got '0x10'"),
        (["--size", "100x0"], "--size: each side must be 1 to 1000 cells"),
        (["--size", "1001x30"], "--size: each side must be 1 to 1000 cells"),
    ],
)
def test_bad_pane_or_size_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out = export(tmp_path, *args)
    assert status == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("response-dashboard: ")
    assert message in lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_the_changes_pane_is_exported_when_comparing(tmp_path: Path) -> None:
    diff = Path(__file__).parent / "diff"
    older = ["--compare", str(diff / "old.toml")]
    out = tmp_path / "changes.svg"
    args = ["export", "--report", str(diff / "new.toml"), "--format", "svg", "--pane", "changes"]
    assert main([*older, *args, "--size", "120x30", "-o", str(out)]) == 0
    texts = " ".join(r.text for r in text_runs(out.read_text(encoding="utf-8")))
    assert "Changes since old.toml" in texts.replace("\xa0", " ")


# --- the pure function, and what a renderer makes of it -----------------------------------------


def _rich_like(*runs: tuple[float, float, str]) -> str:
    texts = "".join(
        f'<text x="{x}" y="{20 + 25 * i}" textLength="{length}" clip-path="url(#l{i})">{t}</text>'
        for i, (x, length, t) in enumerate(runs)
    )
    return (
        '<svg class="rich-terminal" viewBox="0 0 200 80" xmlns="http://www.w3.org/2000/svg">'
        f"<style>text {{ font-family: monospace; font-size: 20px }}</style>{texts}</svg>"
    )


def test_widen_sets_each_run_to_its_cells_and_keeps_spaces() -> None:
    svg = _rich_like((0, 36.6, "同仁X"), (0, 24.4, "&#160;X"), (12.2, 0, ""))
    root = parse(widen_svg_text(svg))
    assert root.attrib[XML_SPACE] == "preserve"
    lengths = [e.attrib["textLength"] for e in root.iter(f"{SVG}text")]
    assert lengths == ["61", "24.4", "0"]  # 5 cells; narrow runs as they were
    # An SVG that already says how to treat spaces is left as it says.
    kept = widen_svg_text(svg.replace("<svg ", '<svg xml:space="default" '))
    assert parse(kept).attrib[XML_SPACE] == "default"
    assert kept.count("xml:space") == 1


def test_escaped_text_is_counted_as_the_characters_it_stands_for() -> None:
    svg = _rich_like((0, 61, "&lt;同&amp;仁&gt;"))
    (run,) = text_runs(widen_svg_text(svg))
    assert run.text == "<同&仁>"
    assert run.length == pytest.approx(7 * 12.2)


def _right_edges(svg: str) -> list[float]:
    """Where the ink of each line ends, as librsvg draws it: it writes one outline per line."""
    result = subprocess.run(
        ["rsvg-convert", "-f", "svg"], input=svg.encode(), capture_output=True, check=True
    )
    edges = []
    for path in ET.fromstring(result.stdout).iter(f"{SVG}path"):
        # Cairo writes absolute M/L/C commands: numbers come in (x, y) pairs.
        numbers = [float(n) for n in re.findall(r"-?[0-9.]+", path.attrib["d"])]
        edges.append(max(numbers[0::2]))
    return edges


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert is not installed")
def test_librsvg_keeps_leading_spaces() -> None:
    """`    X` ends at the fifth cell in what librsvg draws of our SVG, not at the first.

    (librsvg ignores `textLength` and draws each glyph at its font's own advance, so the width
    of wide runs cannot be seen here; where each run starts is Rich's `x`, which is right.)
    """
    raw = _rich_like((0, 5 * CELL, "&#160;" * 4 + "X"), (0, CELL, "X"))
    spaced, one_cell = _right_edges(widen_svg_text(raw))
    assert spaced - one_cell == pytest.approx(4 * CELL, abs=CELL / 2)
    # Rich's own export, as librsvg draws it: the leading spaces dropped.
    spaced, one_cell = _right_edges(raw)
    assert spaced - one_cell == pytest.approx(0, abs=CELL / 2)
