"""The dashboard's screens: the panes, the detail views and the help.

Names are imported from their modules on first use: the first frame needs only `MainScreen`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .detail import DetailScreen, FigureScreen, SubjectScreen
    from .help import HelpScreen
    from .main import MainScreen

_MODULES = {
    "DetailScreen": "detail",
    "FigureScreen": "detail",
    "HelpScreen": "help",
    "MainScreen": "main",
    "SubjectScreen": "detail",
}

__all__ = ["DetailScreen", "FigureScreen", "HelpScreen", "MainScreen", "SubjectScreen"]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
