"""A yes/no question in a modal box."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from simulator.tui.strings import t
from simulator.tui.widgets.keys import localize_bindings


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (yes) or False (no, Escape)."""

    BINDINGS = [
        Binding("escape", "no", "confirm.no", show=True),
        Binding("y", "yes", "confirm.yes", show=False),
        Binding("n", "no", "confirm.no", show=False),
    ]

    def __init__(self, question: str, lang: str) -> None:
        super().__init__()
        self.question = question
        self.lang = lang
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), id="question")
            with Horizontal(id="buttons"):
                yield Button(Content(t(self.lang, "confirm.yes")), id="yes", variant="error")
                yield Button(Content(t(self.lang, "confirm.no")), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
