"""The dashboard's widgets, one per module."""

from __future__ import annotations

from .donations_pane import DonationsPane
from .form_bars import FormBars
from .overview_pane import OverviewPane
from .pane import Pane
from .pane_bar import PaneBar
from .report_header import ReportHeader
from .size_notice import SizeNotice
from .subjects_pane import SubjectsPane
from .table import Column, ReportTable
from .text import data_text

__all__ = [
    "Column",
    "DonationsPane",
    "FormBars",
    "OverviewPane",
    "Pane",
    "PaneBar",
    "ReportHeader",
    "ReportTable",
    "SizeNotice",
    "SubjectsPane",
    "data_text",
]
