"""`response-dashboard upgrade FILE`: version 1 in, version 2 out, no value or comment lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.loader import load_report
from tui.core.serialize import report_to_dict
from tui.core.upgrade import upgrade_text

TESTS = Path(__file__).resolve().parent
V1_FILES = [TESTS / "minimal.toml", TESTS / "formats" / "v1" / "tongren-v1.toml"]


@pytest.mark.parametrize("source", V1_FILES, ids=[p.stem for p in V1_FILES])
def test_upgrade_changes_only_the_version_line(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.toml"
    shutil.copy(source, path)
    before = path.read_text(encoding="utf-8")
    assert main(["upgrade", str(path)]) == 0
    after = path.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [("schema_version = 1", "schema_version = 2")]
    old, new = load_report(source), load_report(path)
    assert new.schema_version == 2
    assert report_to_dict(new) == report_to_dict(old) | {"schema_version": 2}
    assert (tmp_path / "report.toml.bak").read_text(encoding="utf-8") == before
    assert "every comment kept" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.toml", "report.toml.bak"]


def test_a_version_line_written_otherwise_is_rewritten_from_the_data(tmp_path: Path) -> None:
    text = (TESTS / "minimal.toml").read_text(encoding="utf-8")
    text = text.replace("schema_version = 1", '"schema_version" = 1')
    done = upgrade_text(text)
    assert done is not None and not done.textual
    assert done.report.schema_version == 2
    assert "#" not in done.text  # tomli-w keeps no comments, and the message says so
    path = tmp_path / "quoted.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["upgrade", str(path)]) == 0
    assert load_report(path).schema_version == 2


def test_a_version_2_file_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v2.toml"
    shutil.copy(TESTS / "formats" / "no-receipts.toml", path)
    before = path.read_bytes()
    assert main(["upgrade", str(path)]) == 0
    assert path.read_bytes() == before
    assert "already schema_version 2" in capsys.readouterr().out
    assert not (tmp_path / "v2.toml.bak").exists()


def test_an_invalid_file_is_refused_with_its_lines_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    shutil.copy(TESTS / "invalid" / "bad-id.toml", path)
    before = path.read_bytes()
    assert main(["upgrade", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:33:6: units[0].measures[0].figures[0].id: invalid id")
    assert "Traceback" not in err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["bad.toml"]


def test_a_missing_file_is_a_problem_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["upgrade", str(tmp_path / "none.toml")]) == 2
    assert "none.toml:1:1: (file): no such file" in capsys.readouterr().err
