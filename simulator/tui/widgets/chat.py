"""The conversation: client and worker turns, each labelled with its stage."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.tui.backend import Line
from simulator.tui.strings import t
from simulator.vocab import STAGE_LABELS


class ChatTurn(Static):
    """One turn. The text is data: it is shown literally, never read as markup."""

    def __init__(self, line: Line, speaker_name: str, lang: str) -> None:
        stage = STAGE_LABELS.get(line.stage or "", {}).get(lang, "")
        head = Content.assemble(
            (speaker_name, "bold"),
            ("  · " + stage if stage else "", "dim"),
        )
        super().__init__(head + "\n" + Content(line.text), classes=line.speaker)
        self.line = line


class ChatLog(VerticalScroll):
    """The chat, kept scrolled to the newest turn."""

    can_focus = False

    def __init__(
        self,
        lang: str,
        client_name: str,
        lines: Iterable[Line] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self.client_name = client_name
        self._initial = tuple(lines)

    def compose(self) -> ComposeResult:
        # The turns so far are built with the chat, not mounted one by one after it.
        for line in self._initial:
            yield self._turn(line)

    def on_mount(self) -> None:
        self.anchor()

    def _turn(self, line: Line) -> ChatTurn:
        name = self.client_name if line.speaker == "client" else t(self.lang, "iv.worker")
        return ChatTurn(line, name, self.lang)

    def add_line(self, line: Line) -> ChatTurn:
        """Append a turn and return its widget."""
        turn = self._turn(line)
        self.mount(turn)
        return turn
