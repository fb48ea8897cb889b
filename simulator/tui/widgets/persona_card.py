"""The client at a glance: name, age, how to address them, background."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from simulator.tui.strings import t


def persona_content(persona: Any, lang: str) -> Content:
    """The persona as plain content (YAML text is never markup)."""
    parts: list[str | tuple[str, str]] = [(persona.name, "bold")]
    if persona.age:
        parts.append(", " + t(lang, "brief.age", n=persona.age))
    if persona.address:
        parts.append("\n" + " · ".join(persona.address))
    if persona.background:
        parts.append(("\n" + persona.background.strip(), "dim"))
    return Content.assemble(*parts)


class PersonaCard(Static):
    """A bordered card with the persona."""

    def __init__(
        self, persona: Any, lang: str, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(persona_content(persona, lang), id=id, classes=classes)
        self.border_title = t(lang, "iv.persona")
