"""Loading: whatever the file, a `Report` or a `ReportError` with one line per problem.

File-level cases that cannot be fixtures (a missing path, a directory, a FIFO) are here;
so are the guards around the TOML parser: absurd nesting is refused before the parser sees
it (it would crash the process, not raise), and random bytes or text never escape as
anything but a `ReportError`.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.strategies import examples
from tui.core import nesting
from tui.core.loader import build_report, default_report_path, load_report, loads_report
from tui.core.locate import key_at
from tui.core.model import Report
from tui.core.problems import ReportError

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "minimal.toml"
REPO = TESTS.parent


def only_problem(call: object, *args: object) -> str:
    with pytest.raises(ReportError) as caught:
        call(*args)  # type: ignore[operator]
    problems = caught.value.problems
    assert len(problems) == 1
    return str(problems[0])


# --- the public functions keep their shape -------------------------------------------------


def test_load_and_loads_give_the_same_report() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    assert load_report(MINIMAL) == loads_report(text, str(MINIMAL))


def test_build_report_takes_validated_data() -> None:
    import toml_rs

    data = toml_rs.loads(MINIMAL.read_text(encoding="utf-8"), toml_version="1.0.0")
    report = build_report(data)
    assert isinstance(report, Report)
    assert report.figure("red-cross-cash").lower_bound


def test_the_bundled_report_is_found_and_valid() -> None:
    path = default_report_path()
    assert path.is_file()
    assert load_report(path).counts()["units"] > 0


# --- the file itself ------------------------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    assert only_problem(load_report, path) == (
        f"{path}:1:1: (file): no such file (expected a TOML report file)"
    )


def test_a_directory(tmp_path: Path) -> None:
    assert only_problem(load_report, tmp_path) == (
        f"{tmp_path}:1:1: (file): is a directory (expected a TOML report file)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert only_problem(load_report, fifo) == (
        f"{fifo}:1:1: (file): not a regular file (expected a TOML report file)"
    )


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_bytes(MINIMAL.read_bytes())
    path.chmod(0)
    try:
        assert only_problem(load_report, path) == (
            f"{path}:1:1: (file): permission denied (expected a TOML report file)"
        )
    finally:
        path.chmod(0o600)


def test_a_path_with_a_nul_byte() -> None:
    line = only_problem(load_report, Path("bad\x00name.toml"))
    assert line.startswith("bad\\x00name.toml:1:1: (file): cannot read")


def test_a_file_name_with_control_characters_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J\nname.toml"
    line = only_problem(load_report, path)
    assert "\x1b" not in line and "\n" not in line
    assert "evil\\x1b[2J name.toml:1:1: (file): no such file" in line


# --- the text ---------------------------------------------------------------------------------


def test_text_with_a_bom() -> None:
    text = "\ufeff" + MINIMAL.read_text(encoding="utf-8")
    assert only_problem(loads_report, text, "r.toml") == (
        "r.toml:1:1: (file): file starts with a byte-order mark (expected UTF-8 without BOM)"
    )


def test_text_with_a_lone_surrogate() -> None:
    assert only_problem(loads_report, 'a = "x"\nb = "\ud800"\n', "r.toml") == (
        "r.toml:2:6: (file): not valid Unicode text: a lone surrogate (expected text)"
    )


def test_an_empty_string() -> None:
    assert only_problem(loads_report, "", "r.toml") == (
        "r.toml:1:1: (file): empty file (expected a TOML report)"
    )


def test_a_syntax_error_column_counts_characters_not_bytes() -> None:
    text = 'a = "同仁县"\nb = "黄南" 。\n'
    assert only_problem(loads_report, text, "r.toml") == (
        "r.toml:2:10: (toml): unexpected key or value, expected newline, `#`"
    )


@pytest.mark.parametrize(
    ("line", "col", "key"),
    [
        ("value = 3", 1, "'value'"),
        ("[report.region]", 9, "'report.region'"),
        ("[[ units . measures ]]", 12, "'units.measures'"),
        ('a."b c".d = 1', 3, "'a.\"b c\".d'"),
        ("x = { zh = 1, zh = 2 }", 15, "'zh'"),
        ("", 1, ""),
    ],
)
def test_a_duplicate_key_is_named_from_its_line(line: str, col: int, key: str) -> None:
    assert key_at(line, col) == key


# --- nesting --------------------------------------------------------------------------------


def deep(kind: str, levels: int) -> str:
    if kind == "arrays":
        return "x = " + "[" * levels + "]" * levels + "\n"
    if kind == "tables":
        return "x = " + "{ a = " * levels + "1" + " }" * levels + "\n"
    if kind == "hidden":  # each level hides its bracket from a count that ignores strings
        return "x = " + '[ "]", ' * levels + '"["' + " ]" * levels + "\n"
    if kind == "dotted":
        return ".".join(["a"] * levels) + " = 1\n"
    # Strings whose quotes do not pair up when read naively, around a deep array.
    inner = "[" * (levels - 1) + "]" * (levels - 1)
    if kind == "escaped":
        return 'x = ["\\"", ' + inner + ', "\\""]\n'
    if kind == "multi-line":
        return 'x = ["""a"b""", ' + inner + ', """c"d"""]\n'
    raise ValueError(kind)


KINDS = ["arrays", "tables", "hidden", "dotted", "escaped", "multi-line"]


@pytest.mark.parametrize("kind", KINDS)
def test_nesting_just_within_the_limit_passes_to_the_parser(kind: str) -> None:
    text = deep(kind, nesting.LIMIT)
    assert nesting.nesting_problem(text) is None
    with pytest.raises(ReportError) as caught:
        loads_report(text, "r.toml")
    assert "nested too deeply" not in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
def test_nesting_past_the_limit_is_refused_with_its_position(kind: str) -> None:
    text = deep(kind, nesting.LIMIT + 1)
    line = only_problem(loads_report, text, "r.toml")
    assert line.startswith("r.toml:1:")
    assert line.endswith(": (toml): nested too deeply (expected at most 100 levels)")


@pytest.mark.parametrize(
    "text",
    [
        'a = "' + "[" * 300 + '"\n',
        "a = '" + "{" * 300 + "'\n",
        "# " + "[" * 300 + "\n",
        'a = """\n' + "[" * 300 + '\n"""\n',
        "a = '''\n" + "{" * 300 + "\n'''\n",
        'a = "\\"' + "[" * 300 + '"\n',
        'a = "' + "." * 300 + '"\n',
        "a = [" + "1.5, " * 300 + "]\n",
        "[a]\n" * 300,
    ],
    ids=[
        "basic",
        "literal",
        "comment",
        "multi-basic",
        "multi-literal",
        "escape",
        "dots",
        "floats",
        "headers",
    ],
)
def test_brackets_in_strings_and_comments_are_not_nesting(text: str) -> None:
    assert nesting.nesting_problem(text) is None


SCRIPT = """
import sys
from tui.core.loader import loads_report
from tui.core.problems import ReportError
kind, levels = sys.argv[1], int(sys.argv[2])
text = {
    "arrays": "x = " + "[" * levels + "]" * levels,
    "tables": "x = " + "{a=" * levels + "1" + "}" * levels,
    "hidden": "x = " + '["]",' * levels + '"["' + "]" * levels,
    "dotted": ".".join(["a"] * levels) + " = 1",
    "unclosed": "x = " + "[" * levels,
}[kind]
try:
    loads_report(text, "deep.toml")
except ReportError as exc:
    print(exc)
"""


@pytest.mark.parametrize("kind", ["arrays", "tables", "hidden", "dotted", "unclosed"])
def test_absurd_nesting_does_not_kill_the_process(kind: str) -> None:
    # 300,000 levels: far past what the parser survives on a normal stack (a segfault is
    # not an exception, so this runs in a process of its own).
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, kind, "300000"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("deep.toml:1:")
    assert "nested too deeply (expected at most 100 levels)" in done.stdout


BIG_STACK = """
import toml_rs
from tui.core.loader import _on_big_stack
text = "x = " + "[" * 20000 + "]" * 20000
print(isinstance(_on_big_stack(lambda: toml_rs.loads(text, toml_version="1.0.0"))["x"], list))
"""


def test_the_parser_runs_on_a_stack_that_survives_what_the_main_thread_does_not() -> None:
    # 20,000 levels kill a parse on the main thread; the loader's parse thread survives.
    done = subprocess.run(
        [sys.executable, "-c", BIG_STACK], capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert (done.returncode, done.stdout) == (0, "True\n"), done.stderr[-2000:]


STRUCTURE = st.text(alphabet="[]{}\"'#\\.=,\n ax1", max_size=60)


@pytest.mark.exhaustive
@settings(max_examples=examples(1500))
@given(STRUCTURE)
@example('x = ["\\"", [[[[[]]]]], "\\""]')
@example('x = ["""a"b""", [[[[[]]]]], """c"d"""]')
def test_the_byte_pass_never_clears_what_the_exact_scan_refuses(text: str) -> None:
    # A small limit, so that random text reaches it.
    saved = nesting.LIMIT
    nesting.LIMIT = 4
    try:
        if nesting._surely_shallow(text.encode()):
            assert nesting._first_too_deep(text) is None
    finally:
        nesting.LIMIT = saved


# --- nothing but ReportError ----------------------------------------------------------------


@pytest.mark.exhaustive
@settings(max_examples=examples(300))
@given(st.binary(max_size=400))
def test_random_bytes_only_ever_raise_report_error(tmp_path_factory: object, data: bytes) -> None:
    path = Path(str(tmp_path_factory.mktemp("bytes"))) / "random.toml"  # type: ignore[attr-defined]
    path.write_bytes(data)
    try:
        load_report(path)
    except ReportError as exc:
        assert exc.problems
        assert all("\n" not in str(problem) for problem in exc.problems)


TOKENS = [
    *"[]{}\"'#=.,\n\t -_:+",
    *"azAZ019",
    *"同万余\ufeff\x1b",
    *["schema_version", "report", "units", "id", "true", "nan", "2020-02-26", "[[units]]"],
]
TOMLISH = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@pytest.mark.exhaustive
@settings(max_examples=examples(500))
@given(st.one_of(st.text(max_size=200), TOMLISH))
def test_random_text_only_ever_raises_report_error(text: str) -> None:
    try:
        loads_report(text, "random.toml")
    except ReportError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert "\n" not in str(problem)


# --- the load leaves no trace ------------------------------------------------------------------


def test_a_load_restores_the_collector_and_the_stack_size() -> None:
    size = threading.stack_size()
    assert gc.isenabled()
    load_report(MINIMAL)
    with pytest.raises(ReportError):
        loads_report("x = [", "r.toml")
    assert gc.isenabled()
    assert threading.stack_size() == size
    gc.disable()
    try:
        load_report(MINIMAL)
        assert not gc.isenabled()
    finally:
        gc.enable()
