"""The dashboard's screens: the panes, the detail views and the help."""

from __future__ import annotations

from .detail import DetailScreen, FigureScreen, SubjectScreen
from .help import HelpScreen
from .main import MainScreen

__all__ = ["DetailScreen", "FigureScreen", "HelpScreen", "MainScreen", "SubjectScreen"]
