"""Rapport between worker and client, as a bar from its minimum to its maximum."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from simulator.tui.strings import t


class RapportMeter(Static):
    """``▮▮▮▯▯▯ 3`` scaled from ``low`` to ``high``."""

    rapport: reactive[int] = reactive(0)

    def __init__(
        self,
        low: int,
        high: int,
        lang: str,
        rapport: int = 0,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(RapportMeter.rapport, rapport)
        self.low, self.high = low, max(high, low + 1)
        self.border_title = t(lang, "iv.rapport")

    def render(self) -> Content:
        width = 12
        share = (self.rapport - self.low) / (self.high - self.low)
        filled = max(0, min(width, round(share * width)))
        style = "$success" if share >= 0.5 else "$warning" if share >= 0.25 else "$error"
        return Content.assemble(
            ("▮" * filled, style), ("▯" * (width - filled), "dim"), f" {self.rapport}"
        )
