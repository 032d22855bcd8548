"""The nesting check is linear in time and bounded in memory, for every input.

A file that the byte pass cannot clear (a comment, a literal or multi-line string, an
escape) goes to the exact scan. A regex scan over a 50 MB string kept backtracking state for
each of its characters (70 s, 9 GB); the state machine keeps none. Measured without clocks:
the peak memory the scan allocates (tracemalloc) against the file's size, and the number of
searches it makes, which must not grow with the length of a string.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tests.strategies import examples
from tui.core import nesting

REPO = Path(__file__).resolve().parent.parent


def one_long_string(size: int, quote: str = '"') -> bytes:
    """A report-like file: a comment (so the byte pass gives up) and one string of `size`."""
    text = f"# a comment\nschema_version = 1\nname = {quote}{'同' * (size // 3)}{quote}\n"
    return text.encode()


class Counting:
    """A compiled pattern that counts its searches."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern = pattern
        self.searches = 0

    def search(self, data: bytes, pos: int = 0) -> re.Match[bytes] | None:
        self.searches += 1
        return self.pattern.search(data, pos)


def peak_of(check: Callable[[], object]) -> int:
    """The most memory `check()` had allocated at once (tracemalloc), in bytes."""
    tracemalloc.start()
    try:
        assert check() is None
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def peak_of_check(data: bytes) -> int:
    return peak_of(lambda: nesting.nesting_problem(lambda: data.decode(), data))


@pytest.mark.parametrize("quote", ['"', "'", '"""', "'''"])
def test_a_long_string_costs_no_memory_per_character(quote: str) -> None:
    data = one_long_string(2_000_000, quote)
    assert not nesting._surely_shallow(data)  # the exact scan runs
    # The old scan held about 190 bytes per character of the string here.
    assert peak_of(lambda: nesting._scan(data)) < 64_000
    # The whole check: the byte pass makes one buffer as large as the file, no more.
    assert peak_of_check(data) < 2 * len(data)


@pytest.mark.parametrize("quote", ['"', "'", '"""', "'''"])
def test_the_searches_do_not_grow_with_a_string(
    quote: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = []
    for size in (1_000, 1_000_000):
        outside = Counting(nesting._OUTSIDE)
        monkeypatch.setattr(nesting, "_OUTSIDE", outside)
        assert nesting._scan(one_long_string(size, quote)) is None
        counts.append(outside.searches)
        monkeypatch.undo()
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "stretch",
    [
        "a" * 200_000 + "=",  # a long bare run before a dot, not at its end
        "\\" * 200_001 + "x",  # a long run of backslashes followed by no quote
        '\\"' * 100_000,  # escaped quotes one after another
    ],
    ids=["bare-run", "backslashes", "escaped-quotes"],
)
def test_adversarial_stretches_are_read_in_one_pass(stretch: str) -> None:
    """Stretches that make a search retry from every start are quadratic; here each byte
    is looked at a bounded number of times, so this ends at once (a bound on the wait, not
    a measurement: a quadratic scan of these takes hours)."""
    script = (
        "import sys\nfrom tui.core import nesting\n"
        "data = sys.stdin.buffer.read()\nprint(nesting._scan(data))\n"
    )
    data = f'# c\nx = "{stretch}"\n{stretch}.a = 1\n'.encode()
    done = subprocess.run(
        [sys.executable, "-c", script], input=data, capture_output=True, timeout=120, cwd=REPO
    )
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.exhaustive
def test_a_50_mb_string_with_a_comment() -> None:
    data = one_long_string(50_000_000)
    assert peak_of_check(data) < 2 * len(data)


# --- the same answers as the token scan it replaced ------------------------------------------

# The regex token scan of the previous version: exact, but it kept state per character.
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_PART = rf"(?:[A-Za-z0-9_+:-]+|{_BASIC}|{_LITERAL})"
_TOKEN = re.compile(
    rf"""
      (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*"{{3,5}}
        | '''(?:[^']|'(?!''))*'{{3,5}} )
    | (?P<run>{_PART}(?:[ \t]*\.[ \t]*{_PART})*)
    | (?P<stray>["'])
    | (?P<comment>\#[^\n]*)
    | (?P<open>[\[{{])
    | (?P<close>[\]}}])
    """,
    re.VERBOSE | re.DOTALL,
)
_PARTS = re.compile(_PART)


def token_scan(text: str, limit: int) -> int | None:
    """The character offset where `text` first nests deeper than `limit`, as before.

    Raises `Unclosed` at a string that does not close: there the two scans read the rest
    differently (a stray quote, or a string to the end of the line or file), and both are
    safe, as the parser stops at the unclosed string, before anything after it can nest.
    """
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        at = match.start()
        opens_multi_line = text.startswith(('"""', "'''"), at)
        if kind == "stray" or (kind != "string" and opens_multi_line):
            raise Unclosed
        if kind == "open":
            depth += 1
            if depth > limit:
                return match.start()
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "run":
            run = match.group()
            if run.count(".") >= limit and len(_PARTS.findall(run)) > limit:
                return match.start()
    return None


class Unclosed(Exception):
    """A string that does not close."""


#: Valid-looking TOML pieces, so that the comparison is about TOML, not about garbage.
PIECES = st.sampled_from(
    [
        "[", "]", "{", "}", "a", "b1", ".", " . ", "=", ", ", "\n", " ", "1.5", "#c\n",
        '"s"', '"[."', "'l'", "'{.'", '"\\""', '"\\\\"', '"""m"l"""', "'''x'y'''",
        '""""q""""', '"\\u00e9"', "2020-02-26T07:32:00.5",
    ]
)  # fmt: skip


@pytest.mark.exhaustive
@settings(max_examples=examples(2000))
@given(st.lists(PIECES, max_size=40).map("".join))
@example("a.b.c.d.e = 1")
@example('x = ["\\"", [[[[[]]]]], "\\""]')
@example("\"a\" . b . 'c' . d . e = 1")
# After a dot a key part is a one-line string: three quotes there are `""` and a quote.
@example('"\\u00e9"."""m"l"""[[[["""m"l"""')
def test_the_state_machine_agrees_with_the_token_scan(text: str) -> None:
    saved = nesting.LIMIT
    nesting.LIMIT = 3
    try:
        found = nesting._scan(text.encode())
    finally:
        nesting.LIMIT = saved
    try:
        expected = token_scan(text, 3)
    except Unclosed:
        assume(False)
    assert found == (None if expected is None else len(text[:expected].encode()))
