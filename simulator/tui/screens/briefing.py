"""Briefing: the intake sheet, learning goals, the six principles, Coach or Exam mode."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.errors import CaseworkError
from simulator.seed import principle_line
from simulator.tui.screens.base import CaseworkScreen
from simulator.tui.strings import t
from simulator.tui.widgets.footer import KeyFooter
from simulator.tui.widgets.persona_card import persona_content
from simulator.vocab import PRINCIPLES

MODES: tuple[str, ...] = ("coach", "exam")


class BriefingScreen(CaseworkScreen[None]):
    """What the worker reads before the client walks in."""

    BINDINGS = [
        Binding("enter", "start", "key.start", show=True),
        Binding("m", "switch_mode", "key.mode", show=True),
        Binding("escape", "back", "key.back", show=True),
    ]

    def __init__(self, scenario: Any, lang: str, mode: str | None = None) -> None:
        super().__init__(lang)
        self.scenario = scenario
        self.mode = mode if mode in MODES else "coach"
        self._starting = False

    def compose(self) -> ComposeResult:
        s, lang = self.scenario, self.lang
        with VerticalScroll(id="brief"):
            yield Static(Content(s.title), id="brief-title")
            intake = Static(
                persona_content(s.persona, lang) + "\n\n" + Content(s.intake.strip()),
                id="intake",
                classes="panel",
            )
            intake.border_title = t(lang, "brief.intake")
            yield intake
            goals = Static(
                Content("\n").join(Content("• " + g) for g in s.learning_goals),
                id="goals",
                classes="panel",
            )
            goals.border_title = t(lang, "brief.goals")
            yield goals
            principles = Static(
                Content("\n").join(Content("• " + principle_line(p, lang)) for p in PRINCIPLES),
                id="principles",
                classes="panel",
            )
            principles.border_title = t(lang, "brief.principles")
            yield principles
            yield Static(id="mode", classes="panel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#mode").border_title = t(self.lang, "brief.mode")
        self._show_mode()
        self.query_one("#brief").focus()

    def _show_mode(self) -> None:
        parts: list[Content] = []
        for mode in MODES:
            label = f"{t(self.lang, f'mode.{mode}')} — {t(self.lang, f'mode.{mode}.about')}"
            if mode == self.mode:
                parts.append(Content.styled(f"(•) {label}", "bold $accent"))
            else:
                parts.append(Content(f"( ) {label}"))
        parts.append(Content.styled(t(self.lang, "brief.start_hint"), "italic"))
        self.query_one("#mode", Static).update(Content("\n").join(parts))

    def action_switch_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self._show_mode()

    def action_back(self) -> None:
        self.casework.go_home()

    def action_start(self) -> None:
        if not self._starting:
            self._starting = True
            self.run_worker(self._start(), group="start", exclusive=True)

    async def _start(self) -> None:
        from simulator.tui.screens.interview import InterviewScreen

        app = self.casework
        try:
            play = await app.call(
                app.backend.begin, self.scenario, seed=app.config.seed, mode=self.mode
            )
        except CaseworkError as exc:
            app.report_error(exc)
            self._starting = False
            return
        # Not awaited here: switching removes this screen and cancels this worker.
        app.call_later(app.switch_screen, InterviewScreen(play, self.lang))
