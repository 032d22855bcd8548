"""The dashboard's widgets, one per module.

Names are imported from their modules on first use, so that importing one widget does not
import them all (the first frame needs only a few).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .changes_pane import ChangesPane
    from .donations_pane import DonationsPane
    from .file_bar import FileBar, FileState
    from .form_bars import FormBars
    from .overview_pane import OverviewPane
    from .pane import Pane
    from .pane_bar import PaneBar
    from .problem_banner import ProblemBanner
    from .report_header import ReportHeader
    from .size_notice import SizeNotice
    from .subjects_pane import SubjectsPane
    from .table import Column, ReportTable
    from .text import data_text

_MODULES = {
    "ChangesPane": "changes_pane",
    "Column": "table",
    "DonationsPane": "donations_pane",
    "FileBar": "file_bar",
    "FileState": "file_bar",
    "FormBars": "form_bars",
    "OverviewPane": "overview_pane",
    "Pane": "pane",
    "PaneBar": "pane_bar",
    "ProblemBanner": "problem_banner",
    "ReportHeader": "report_header",
    "ReportTable": "table",
    "SizeNotice": "size_notice",
    "SubjectsPane": "subjects_pane",
    "data_text": "text",
}

__all__ = [
    "ChangesPane",
    "Column",
    "DonationsPane",
    "FileBar",
    "FileState",
    "FormBars",
    "OverviewPane",
    "Pane",
    "PaneBar",
    "ProblemBanner",
    "ReportHeader",
    "ReportTable",
    "SizeNotice",
    "SubjectsPane",
    "data_text",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
