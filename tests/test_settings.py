"""Remembered settings: the theme and language are kept between launches in the user's config
folder; a flag or an environment variable ignores them; a corrupt file gives a notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui import cli
from tui.core.settings import (
    Settings,
    load_settings,
    save_settings,
    settings_ignored,
    settings_path,
)
from tui.ui.app import make_app


def test_the_file_is_in_xdg_config_home_or_dot_config(tmp_path: Path) -> None:
    assert settings_path({"XDG_CONFIG_HOME": str(tmp_path)}) == (
        tmp_path / "response-dashboard" / "settings.toml"
    )
    assert settings_path({"XDG_CONFIG_HOME": "relative"}) == (
        Path.home() / ".config" / "response-dashboard" / "settings.toml"
    )
    assert settings_ignored({"RESPONSE_DASHBOARD_NO_SETTINGS": "1"})
    assert not settings_ignored({"RESPONSE_DASHBOARD_NO_SETTINGS": "0"})
    assert not settings_ignored({})


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "a" / "settings.toml"
    assert save_settings(Settings(path, theme='odd "name"', lang="zh")) is None
    assert load_settings(path) == Settings(path, theme='odd "name"', lang="zh")
    assert load_settings(tmp_path / "none.toml") == Settings(tmp_path / "none.toml")


@pytest.mark.parametrize("text", ["theme = ", 'lang = "fr"', "theme = 3", b"\xff\xfe"])
def test_a_corrupt_file_is_ignored_with_a_problem(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "settings.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    settings = load_settings(path)
    assert (settings.theme, settings.lang) == (None, None)
    assert settings.problem is not None and str(path) in settings.problem


async def test_the_app_remembers_the_theme_and_language(tmp_path: Path, report: Any) -> None:
    settings = Settings(tmp_path / "settings.toml")
    app = make_app(report, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.press("l")
        await pilot.pause()
    assert load_settings(settings.path) == Settings(settings.path, theme="textual-light", lang="zh")


async def test_a_corrupt_file_gives_a_notice_not_a_crash(tmp_path: Path, report: Any) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = [[[", encoding="utf-8")
    app = make_app(report, settings=load_settings(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("settings were ignored" in m and str(path) in m for m in messages)


def _run_options(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> dict[str, Any]:
    """The options the command line would open the dashboard with (the app is not run)."""
    seen: dict[str, Any] = {}

    def fake_run(self: Any) -> None:
        seen.update(theme=self.theme, lang=self.lang, settings=self.settings)

    monkeypatch.setattr("tui.ui.app.DashboardApp.run", fake_run)
    assert cli.main(argv) == 0
    return seen


def test_the_command_line_uses_the_remembered_settings(
    monkeypatch: pytest.MonkeyPatch, config_home: Path
) -> None:
    path = config_home / "response-dashboard" / "settings.toml"
    assert save_settings(Settings(path, theme="textual-light", lang="zh")) is None
    seen = _run_options(monkeypatch, [])
    assert (seen["theme"], seen["lang"]) == ("textual-light", "zh")
    seen = _run_options(monkeypatch, ["--lang", "en"])  # the command line wins
    assert seen["lang"] == "en"
    seen = _run_options(monkeypatch, ["--no-settings"])
    assert seen["lang"] == "en" and seen["settings"] is None and seen["theme"] != "textual-light"
    monkeypatch.setenv("RESPONSE_DASHBOARD_NO_SETTINGS", "1")
    seen = _run_options(monkeypatch, [])
    assert seen["settings"] is None and seen["lang"] == "en"


def test_an_unknown_remembered_theme_is_ignored(
    monkeypatch: pytest.MonkeyPatch, config_home: Path
) -> None:
    path = config_home / "response-dashboard" / "settings.toml"
    assert save_settings(Settings(path, theme="no-such-theme")) is None
    seen = _run_options(monkeypatch, [])
    assert seen["theme"] != "no-such-theme"
    assert "unknown theme" in (seen["settings"].problem or "")
