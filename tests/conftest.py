"""Shared fixtures: deterministic runs, the bundled report, the two versions of tests/diff/
(`old` and `new`), and the source article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tui.core.loader import default_report_path, load_report
from tui.core.model import Report

REPO = Path(__file__).resolve().parent.parent
#: Two versions of a small report: what changed between them is known (tests/test_diff.py).
DIFF = Path(__file__).resolve().parent / "diff"

# NO_COLOR changes what snapshots see, and Textual removes it from the environment when the
# first App is made, so results would depend on test order: drop it before any test runs.
os.environ.pop("NO_COLOR", None)

# Property tests draw few examples in the inner loop (`dev`), and under CI (`CI=true`, as CI
# services set it) as many as each test asks for (`ci`, see `tests.strategies.examples`);
# HYPOTHESIS_PROFILE picks one by name. Saves fsync, so an example's time varies with the
# disk: no deadline (timing is not tested).
_QUIET = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", _QUIET, max_examples=10)
settings.register_profile("ci", _QUIET, max_examples=2000)
_ON_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ON_CI else "dev"))


@pytest.fixture(autouse=True)
def config_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of the test's own: no user's remembered settings leak in or get written."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.delenv("RESPONSE_DASHBOARD_NO_SETTINGS", raising=False)
    return folder


@pytest.fixture(scope="session")
def report() -> Report:
    """The bundled Tongren report, loaded once."""
    return load_report(default_report_path())


@pytest.fixture(scope="session")
def old() -> Report:
    """tests/diff/old.toml, loaded once (a report is immutable: tests share it)."""
    return load_report(DIFF / "old.toml")


@pytest.fixture(scope="session")
def new() -> Report:
    """tests/diff/new.toml, loaded once: old.toml with known changes."""
    return load_report(DIFF / "new.toml")


@pytest.fixture(scope="session")
def article(report: Report) -> str:
    """The source article's text, as the bundled snapshot carries it (its only source)."""
    (source,) = report.sources
    assert source.text is not None
    return source.text
