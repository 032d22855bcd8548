"""Messages that travel up to the app: what a pane or screen asks it to show or to edit.

Panes and tables know what was selected; the app knows how to show it (which screen to push),
so selections bubble up as these messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ShowSubject(Message):
    """Open the detail of a unit or township: its measures in full, with every figure."""

    subject_id: str


@dataclass
class ShowFigure(Message):
    """Open one figure: its value, its raw form as written and the source excerpt."""

    figure_id: str


@dataclass
class EditFigure(Message):
    """Edit one figure (value, raw form, lower bound, excerpt) in a form."""

    figure_id: str


@dataclass
class AddGift(Message):
    """Add an itemised gift: its donor, form, amount and excerpt, in a form."""
