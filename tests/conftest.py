"""Shared fixtures: deterministic runs, the bundled report, and the source article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.loader import default_report_path, load_report
from tui.core.model import Report

REPO = Path(__file__).resolve().parent.parent
# The source text lives outside the project, beside the checkout, in shared/seed/.
ARTICLE = REPO.parent / "shared" / "seed" / "article.zh.txt"

# NO_COLOR changes what snapshots see, and Textual removes it from the environment when the
# first App is made, so results would depend on test order: drop it before any test runs.
os.environ.pop("NO_COLOR", None)


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
def article() -> str:
    """The source article's text; tests that need it skip, saying why, when it is absent."""
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not at {ARTICLE} (it stays outside the project)")
    return ARTICLE.read_text(encoding="utf-8")
