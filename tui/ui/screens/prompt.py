"""Small questions the dashboard asks before it does something that could lose data.

`ChoiceScreen` asks one question with a few answers, each a button with its own key
(`s` Save, `d` Discard, escape cancels): quitting with unsaved changes, a file changed on
disk, comments that a save drops. `PathScreen` asks for a file name (save under another
name). Both dismiss with the answer, or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...widgets.file_bar import app_lang
from ...widgets.text import safe_line, ui
from ..keys import bindings


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer: what `ChoiceScreen` dismisses with, its key, and its button's label."""

    answer: str
    key: str
    label: str
    variant: str = "default"


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers; each answer's key or button gives it, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("prompt")

    def __init__(self, title: str, lines: Sequence[str], choices: Sequence[Choice]) -> None:
        super().__init__(classes="prompt-screen")
        self.title_text = title
        self.lines = tuple(lines)
        self.choices = tuple(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box") as box:
            box.border_title = Content(safe_line(self.title_text))
            for line in self.lines:
                yield Static(Content(safe_line(line)), classes="prompt-line")
            with Horizontal(classes="prompt-buttons"):
                for choice in self.choices:
                    yield Button(
                        Content(f"{choice.label} ({choice.key})"),
                        variant=choice.variant,  # type: ignore[arg-type]
                        id=f"choice-{choice.answer}",
                        compact=True,
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.key == choice.key:
                event.stop()
                self.dismiss(choice.answer)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        answer = (event.button.id or "").removeprefix("choice-")
        self.dismiss(answer or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PathScreen(ModalScreen[Path | None]):
    """Ask for a file name; enter gives it, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("path_prompt")

    def __init__(self, title: str, prompt: str, suggestion: str = "") -> None:
        super().__init__(classes="prompt-screen")
        self.title_text = title
        self.prompt = prompt
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box") as box:
            box.border_title = Content(safe_line(self.title_text))
            yield Static(Content(safe_line(self.prompt)), classes="prompt-line")
            yield Input(self.suggestion, id="path-input", compact=True)
            yield Static("", id="path-problem", classes="prompt-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.query_one("#path-problem", Static).update(
                Content(ui("file_name_please", app_lang(self)))
            )
            return
        self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
