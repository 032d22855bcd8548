"""Fields a test knows a report has, typed as present.

Since schema_version 2 a report's title and office are optional and a gift in kind may have
no amount. The reports most tests use (the bundled one, tests/sample_reports.py, the files
in tests/hostile/) have them all: these accessors say so, and fail the test when one is not
there rather than let it read None.
"""

from __future__ import annotations

from tui.core.model import Donation, Figure, Report, Text


def title(report: Report) -> Text:
    """The report's title."""
    assert report.info.title is not None, f"{report.info.id} has no title"
    return report.info.title


def office(report: Report) -> Text:
    """The office that published the report."""
    assert report.info.office is not None, f"{report.info.id} names no office"
    return report.info.office


def amount_id(donation: Donation) -> str:
    """The id of the figure that is the gift's amount."""
    assert donation.figure is not None, f"{donation.id} has no amount"
    return donation.figure


def amount(report: Report, donation: Donation) -> Figure:
    """The figure that is the gift's amount."""
    return report.figure(amount_id(donation))
