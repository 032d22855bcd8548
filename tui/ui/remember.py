"""Keeps the settings file up to date with the theme and language the user picks.

`remember` is called once the app runs: it says (in a notification) when the settings file
was ignored, and writes the file again each time the theme (from the palette) or the
language (`l`) changes. A file that cannot be written gives a notification, never an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.safe import visible_line
from ..core.settings import Settings, save_settings
from ..widgets.text import ui

if TYPE_CHECKING:
    from .app import DashboardApp


def remember(app: DashboardApp, settings: Settings) -> None:
    """Watch `app`'s theme and language and save them in `settings`."""
    if settings.problem is not None:
        app.notify(
            ui("settings_ignored", app.lang, problem=visible_line(settings.problem)),
            severity="warning",
            markup=False,
        )

    def save() -> None:
        settings.theme, settings.lang = app.theme, app.lang
        error = save_settings(settings)
        if error is not None:
            app.notify(
                ui("settings_not_saved", app.lang, problem=visible_line(error)),
                severity="warning",
                markup=False,
            )

    app.watch(app, "theme", lambda _: save(), init=False)
    app.watch(app, "lang", lambda _: save(), init=False)
