"""response-dashboard: a terminal dashboard for verifiable emergency-response reports."""

__version__ = "0.1.0"
