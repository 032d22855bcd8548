"""`python -m tui` behaves like `response-dashboard`."""

from .cli import entry

entry()
