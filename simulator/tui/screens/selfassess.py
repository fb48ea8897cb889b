"""Self-assessment: 1-5 on each principle and on the stages, then two free answers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static, TextArea

from simulator.errors import CaseworkError
from simulator.tui.backend import Play
from simulator.tui.messages import SelfAssessmentSaved
from simulator.tui.screens.base import CaseworkScreen
from simulator.tui.strings import t
from simulator.tui.widgets.footer import KeyFooter
from simulator.tui.widgets.rating import RatingRow
from simulator.vocab import PRINCIPLE_LABELS, PRINCIPLES


class SelfAssessmentScreen(CaseworkScreen[None]):
    """The student's own view of the session, compared with the engine's in the report."""

    BINDINGS = [Binding("ctrl+s", "save", "key.submit", show=True, priority=True)]

    def __init__(self, play: Play, lang: str) -> None:
        super().__init__(lang)
        self.play = play
        self._saving = False

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(id="assess"):
            yield Static(Content(t(lang, "sa.title")), classes="section-title")
            yield Static(Content(t(lang, "sa.intro")), classes="note")
            for p in PRINCIPLES:
                yield RatingRow(p, PRINCIPLE_LABELS[p][lang], id=f"rate-{p}")
            yield RatingRow("stages", t(lang, "sa.stages"), id="rate-stages")
            yield Static(Content(t(lang, "sa.went_well")), classes="question")
            yield TextArea(
                id="went-well",
                soft_wrap=True,
                compact=True,
                tab_behavior="focus",
                highlight_cursor_line=False,
            )
            yield Static(Content(t(lang, "sa.differently")), classes="question")
            yield TextArea(
                id="differently",
                soft_wrap=True,
                compact=True,
                tab_behavior="focus",
                highlight_cursor_line=False,
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = self.casework.cursor_blink
        self.query_one(RatingRow).focus()

    def ratings(self) -> dict[str, object]:
        """What the student entered."""
        rows = {r.key: r.value for r in self.query(RatingRow)}
        return {
            "principles": {p: rows[p] for p in PRINCIPLES},
            "stages": rows["stages"],
            "went_well": self.query_one("#went-well", TextArea).text.strip(),
            "do_differently": self.query_one("#differently", TextArea).text.strip(),
        }

    def action_save(self) -> None:
        if not self._saving:
            self._saving = True
            self.run_worker(self._save(), group="save", exclusive=True)

    async def _save(self) -> None:
        from simulator.tui.screens.report import ReportScreen

        app = self.casework
        ratings = self.ratings()
        try:
            await app.call(app.backend.save_self_assessment, self.play, ratings)
            report = await app.call(app.backend.report, self.play, self.lang)
        except CaseworkError as exc:
            app.report_error(exc)
            self._saving = False
            return
        self.post_message(SelfAssessmentSaved(ratings))
        # Not awaited here: switching removes this screen and cancels this worker.
        scenario = self.play.scenario
        screen = ReportScreen(
            report, self.lang, client_name=scenario.persona.name, stages=scenario.stages
        )
        app.call_later(app.switch_screen, screen)
