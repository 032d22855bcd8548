"""Remembered settings: the theme chosen in the palette and the language of labels, kept
between launches in `settings.toml` in the user's config folder.

The folder is `$XDG_CONFIG_HOME/response-dashboard`, or `~/.config/response-dashboard` when
the variable is unset or not absolute (the XDG rule; the standard library is enough for it,
so `platformdirs` did not earn a place). `--no-settings` or `RESPONSE_DASHBOARD_NO_SETTINGS=1`
ignores the file and writes none. A file that cannot be read or is not what it should be is
ignored, and the app shows a notice saying so: settings never stop the dashboard from opening.
Plain module: no Textual, no Rich.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

#: Set to 1 (or any value but 0 or empty) to ignore the settings file.
NO_SETTINGS_ENV = "RESPONSE_DASHBOARD_NO_SETTINGS"
APP_FOLDER = "response-dashboard"
FILE_NAME = "settings.toml"
LANGS = ("en", "zh")


def settings_path(environ: dict[str, str] | None = None) -> Path:
    """Where the settings live: in `$XDG_CONFIG_HOME`, or `~/.config`."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "")
    folder = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return folder / APP_FOLDER / FILE_NAME


def settings_ignored(environ: dict[str, str] | None = None) -> bool:
    """Whether the environment asks to ignore the settings file."""
    env = os.environ if environ is None else environ
    return env.get(NO_SETTINGS_ENV, "") not in ("", "0")


@dataclass
class Settings:
    """What is remembered, and where; `problem` says why a file was ignored."""

    path: Path
    theme: str | None = None
    lang: str | None = None
    problem: str | None = field(default=None, compare=False)


def load_settings(path: Path) -> Settings:
    """The settings in `path`; none (and a `problem`) when it is unreadable or wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(path, problem=f"{path}: {error}")
    theme, lang = data.get("theme"), data.get("lang")
    if (theme is not None and not isinstance(theme, str)) or lang not in (None, *LANGS):
        return Settings(path, problem=f'{path}: expected theme = "NAME" and lang = en|zh')
    return Settings(path, theme=theme, lang=lang)


def save_settings(settings: Settings) -> str | None:
    """Write `settings` (through a temporary file, then a rename); the error text, or None."""
    lines = []
    if settings.theme is not None:
        lines.append(f"theme = {_quoted(settings.theme)}")
    if settings.lang is not None:
        lines.append(f"lang = {_quoted(settings.lang)}")
    path = settings.path
    temp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        return str(error)
    return None


def _quoted(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'
