"""Where the interview is: the scenario's stages, the current one marked."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from simulator.tui.strings import t
from simulator.vocab import STAGE_LABELS


class StageTracker(Static):
    """The stages in order: done ones ticked, the current one highlighted."""

    stage: reactive[str | None] = reactive(None)

    def __init__(
        self,
        stages: Sequence[str],
        lang: str,
        stage: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(StageTracker.stage, stage)
        self.stages = tuple(stages)
        self.lang = lang
        self.border_title = t(lang, "iv.stages")

    def render(self) -> Content:
        current = self.stages.index(self.stage) if self.stage in self.stages else -1
        rows: list[Content] = []
        for i, stage in enumerate(self.stages):
            label = STAGE_LABELS.get(stage, {}).get(self.lang, stage)
            if i < current:
                rows.append(Content.styled(f"✓ {label}", "dim"))
            elif i == current:
                rows.append(Content.styled(f"▶ {label}", "bold $accent"))
            else:
                rows.append(Content(f"· {label}"))
        return Content("\n").join(rows)
