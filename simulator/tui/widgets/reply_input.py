"""The multi-line reply box: Enter sends, Ctrl+J adds a new line."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from simulator.tui.widgets.keys import localize_bindings


class ReplyInput(TextArea):
    """A ``TextArea`` whose Enter key sends the reply instead of breaking the line."""

    BINDINGS = [
        Binding("enter", "send", "key.send", show=True),
        Binding("ctrl+j", "newline", "key.newline", show=True),
    ]

    @dataclass
    class Submitted(Message):
        """The student sent a reply."""

        input: ReplyInput
        text: str

    def __init__(self, lang: str, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__(
            "",
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder=placeholder,
            compact=True,
            highlight_cursor_line=False,
        )
        localize_bindings(self, lang)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Read-only (waiting for the client, or the session has ended): Enter is not "send".
        if action in ("send", "newline"):
            return not self.read_only
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    async def _on_key(self, event: events.Key) -> None:
        # TextArea inserts a newline on Enter before bindings run: send instead.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_send()
            return
        if event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.action_newline()
            return
        await super()._on_key(event)

    def action_send(self) -> None:
        """Post the text; the screen decides what Enter means (it may be read-only)."""
        self.post_message(self.Submitted(self, self.text))

    def action_newline(self) -> None:
        """Insert a line break at the cursor."""
        if not self.read_only:
            self.insert("\n")
