"""The key table and the label table: one source for the bindings, the footer, the help, the
palette and the README's key table; every label in both languages; no English shown on the
Textual side that is not in a table.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tui.core import model
from tui.core.diff import NEW_WORD
from tui.core.labels import LABELS, Label
from tui.ui.keys import HELP, HELP_CLOSE, HELP_TITLE, KEY_DISPLAY, KEYS, PANES_GROUP, Key

REPO = Path(__file__).resolve().parent.parent

#: The tables of labels, by name.
TABLES: dict[str, dict[str, Label]] = {
    "LABELS": LABELS,
    "MEASURE_UNITS": model.MEASURE_UNITS,
    "CATEGORIES": model.CATEGORIES,
    "DONATION_FORMS": model.DONATION_FORMS,
    "UNIT_KINDS": model.UNIT_KINDS,
    "TOWNSHIP_KINDS": model.TOWNSHIP_KINDS,
}


def every_label() -> list[tuple[str, Label]]:
    found = [
        (f"{name}[{key!r}]", label)
        for name, table in TABLES.items()
        for key, label in table.items()
    ]
    for key in KEYS:
        found += [(f"{key.action} label", key.label), (f"{key.action} tooltip", key.tooltip)]
        if key.command is not None:
            found.append((f"{key.action} command", key.command))
    for section in HELP:
        found.append((f"help {section.title.en}", section.title))
        found += [(f"help {row.keys}", row.label) for row in section.rows]
    found += [("NEW_WORD", NEW_WORD), ("HELP_CLOSE", HELP_CLOSE), ("HELP_TITLE", HELP_TITLE)]
    return [*found, ("PANES_GROUP", PANES_GROUP)]


@pytest.mark.parametrize(("where", "label"), every_label(), ids=lambda v: str(v)[:40])
def test_every_label_has_both_languages(where: str, label: Label) -> None:
    assert isinstance(label, Label), where
    assert label.en.strip() and label.zh.strip(), where


def test_a_label_picks_its_language() -> None:
    label = Label("Units", "单位")
    assert (label.pick("en"), label.pick("zh")) == ("Units", "单位")
    assert Label("{n} rows", "{n} 行").format("zh", n=3) == "3 行"


def test_placeholders_are_the_same_in_both_languages() -> None:
    for key, label in LABELS.items():
        assert set(re.findall(r"{(\w+)}", label.en)) == set(re.findall(r"{(\w+)}", label.zh)), key


# --- the key table --------------------------------------------------------------------------


def test_an_action_has_one_label_wherever_it_is_bound() -> None:
    # The footer finds a key's label by its action: two labels for one action would be a guess.
    labels: dict[str, Label] = {}
    for key in KEYS:
        assert labels.setdefault(key.action, key.label) == key.label, key.action


def test_no_key_is_bound_twice_in_one_scope() -> None:
    seen: dict[tuple[str, str], str] = {}
    for key in KEYS:
        for name in key.key_list:
            other = seen.setdefault((key.scope, name), key.action)
            assert other == key.action, f"{name} in {key.scope}: {other} and {key.action}"


def _written(keys: str) -> set[str]:
    """The keys a help row writes: `tab / shift+tab` is two, `/` is one."""
    tokens = set(keys.split())
    return tokens if tokens == {"/"} else tokens - {"/"}


def _display(key: Key) -> set[str]:
    return {KEY_DISPLAY.get(name, name) for name in key.key_list}


def test_every_help_row_writes_the_keys_of_its_actions() -> None:
    by_action: dict[str, list[Key]] = {}
    for key in KEYS:
        by_action.setdefault(key.action, []).append(key)
    for section in HELP:
        for row in section.rows:
            keys = [k for action in row.actions for k in by_action.get(action, [])]
            assert keys, f"help row {row.keys!r}: no such action in {row.actions}"
            bound = set().union(*(_display(k) for k in keys))
            assert _written(row.keys) <= bound, f"help row {row.keys!r} writes keys not bound"
            for action in row.actions:
                assert any(_display(k) & _written(row.keys) for k in by_action[action]), action


#: Scopes whose keys show in their own footer and need no line in the help.
_OWN_FOOTER = {"form", "add_form", "prompt", "path_prompt", "help"}


def _help_keys() -> set[str]:
    return set().union(*(_written(row.keys) for section in HELP for row in section.rows))


def test_the_help_lists_every_key() -> None:
    listed = _help_keys()
    for key in KEYS:
        if key.scope not in _OWN_FOOTER:
            assert _display(key) & listed, f"{key.action} ({key.keys}) is not in the help"


def _readme_keys() -> set[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("| key | where | what |", 1)[1].split("\n\n", 1)[0]
    keys: set[str] = set()
    for line in table.splitlines()[2:]:
        first_cell = line.split("|")[1]
        keys |= set(re.findall(r"`([^`]+)`", first_cell))
    return keys


def test_the_readme_key_table_matches_the_key_table() -> None:
    readme = _readme_keys()
    bound = set().union(*(_display(k) for k in KEYS))
    assert readme <= bound, f"the README lists keys nothing binds: {sorted(readme - bound)}"
    for key in KEYS:
        if key.scope not in _OWN_FOOTER:
            assert _display(key) & readme, f"{key.action} ({key.keys}) is not in the README"


def test_the_bindings_are_built_from_the_key_table() -> None:
    from tui.ui.app import DashboardApp, FileDashboardApp
    from tui.ui.screens.detail import DetailScreen
    from tui.ui.screens.help import HelpScreen
    from tui.ui.screens.main import CompareScreen, MainScreen
    from tui.widgets.donations_pane import DonationsPane
    from tui.widgets.table import ReportTable

    table = {(key.action, key.keys) for key in KEYS}
    for owner in (
        DashboardApp,
        FileDashboardApp,
        MainScreen,
        CompareScreen,
        DetailScreen,
        HelpScreen,
        DonationsPane,
        ReportTable,
    ):
        for binding in owner.BINDINGS:
            assert not isinstance(binding, tuple)
            assert (binding.action, binding.key) in table, f"{owner.__name__}: {binding}"


# --- no English on screen outside the tables -------------------------------------------------

#: Calls whose string arguments reach the screen.
_SHOWN_BY = {"notify", "Static", "Button", "Checkbox", "Content", "styled", "Choice", "PathScreen"}
_SHOWN_BY |= {"ChoiceScreen", "_ask", "Hit", "DiscoveryHit", "SystemCommand", "update"}
#: Attributes that reach the screen when set.
_SHOWN_AS = {"border_title", "border_subtitle", "tooltip", "placeholder"}
#: English words (a style, an id or a key name is one lower-case word, and not counted).
_ENGLISH = re.compile(r"[A-Za-z]{2,}")
_IDENTIFIER = re.compile(r"^[\w$.\-]*( [\w$.\-]+)*$")
_STYLE_WORDS = {"bold", "italic", "underline", "dim", "reverse", "strike", "not"}

#: Shown English that is not a label, by file: what is checked instead.
ALLOWED: dict[str, set[str]] = {}


def _is_shown_english(text: str) -> bool:
    if not _ENGLISH.search(text):
        return False
    words = text.split()
    if all(w.startswith("$") or w in _STYLE_WORDS for w in words):
        return False  # a style
    # An id, a key or a variant: one lower-case word.
    return not (len(words) == 1 and _IDENTIFIER.match(text) and text == text.lower())


def shown_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _SHOWN_BY or (name == "Label" and "textual" in _label_origin(tree)):
                values = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr in _SHOWN_AS for t in node.targets
        ):
            values = [node.value]
        for value in values:
            for inner in ast.walk(value):
                if isinstance(inner, ast.Call) and _is_table_lookup(inner):
                    break
            else:
                found += [
                    c.value
                    for c in ast.walk(value)
                    if isinstance(c, ast.Constant)
                    and isinstance(c.value, str)
                    and _is_shown_english(c.value)
                    and not _inside_lookup(value, c)
                ]
    return found


def _label_origin(tree: ast.Module) -> str:
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(a.name == "Label" for a in node.names):
            return node.module or ""
    return ""


def _is_table_lookup(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in {"ui", "label", "pick", "format", "ui_label"}


def _inside_lookup(root: ast.expr, constant: ast.Constant) -> bool:
    for node in ast.walk(root):
        if (
            isinstance(node, ast.Call)
            and _is_table_lookup(node)
            and any(inner is constant for inner in ast.walk(node))
        ):
            return True
    return False


def textual_side() -> list[Path]:
    files = [*(REPO / "tui" / "ui").rglob("*.py"), *(REPO / "tui" / "widgets").rglob("*.py")]
    return sorted(p for p in files if p.name != "keys.py")  # keys.py is a table itself


@pytest.mark.parametrize("path", textual_side(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_english_is_shown_outside_the_label_tables(path: Path) -> None:
    allowed = ALLOWED.get(path.relative_to(REPO).as_posix(), set())
    assert [s for s in shown_literals(path) if s not in allowed] == []


def test_the_scan_finds_english_shown_directly(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text(
        "from textual.widgets import Label\n"
        "self.notify('Saved the file.', severity='warning')\n"
        "w.border_title = 'Keys'\n"
        "Label(ui('name', lang))\n"
        "Content.styled(ui('valid', lang), '$text-success')\n",
        encoding="utf-8",
    )
    assert sorted(shown_literals(source)) == ["Keys", "Saved the file."]
