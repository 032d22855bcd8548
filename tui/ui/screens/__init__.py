"""The dashboard's screens: the panes, the detail views, the help, forms and prompts.

Names are imported from their modules on first use: the first frame needs only `MainScreen`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .detail import DetailScreen, FigureScreen, SubjectScreen
    from .edit import AddGiftScreen, EditFigureScreen, FigurePickScreen
    from .help import HelpScreen
    from .main import CompareScreen, MainScreen
    from .prompt import ChoiceScreen, PathScreen

_MODULES = {
    "AddGiftScreen": "edit",
    "ChoiceScreen": "prompt",
    "CompareScreen": "main",
    "DetailScreen": "detail",
    "EditFigureScreen": "edit",
    "FigurePickScreen": "edit",
    "FigureScreen": "detail",
    "HelpScreen": "help",
    "MainScreen": "main",
    "PathScreen": "prompt",
    "SubjectScreen": "detail",
}

__all__ = [
    "AddGiftScreen",
    "ChoiceScreen",
    "CompareScreen",
    "DetailScreen",
    "EditFigureScreen",
    "FigurePickScreen",
    "FigureScreen",
    "HelpScreen",
    "MainScreen",
    "PathScreen",
    "SubjectScreen",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
