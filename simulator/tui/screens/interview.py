"""The interview: chat, persona, stage tracker, rapport, Coach panel, hint and end keys."""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from simulator.errors import CaseworkError, ReplyRejected
from simulator.session import MAX_REPLY_CHARS
from simulator.tui.backend import Line, Play, TurnView
from simulator.tui.messages import ClientAnswered, InterviewEnded, InterviewReady, ReplyScored
from simulator.tui.screens.base import CaseworkScreen
from simulator.tui.strings import t
from simulator.tui.widgets.chat import ChatLog
from simulator.tui.widgets.coach_panel import CoachPanel
from simulator.tui.widgets.footer import KeyFooter
from simulator.tui.widgets.persona_card import PersonaCard
from simulator.tui.widgets.rapport_meter import RapportMeter
from simulator.tui.widgets.reply_input import ReplyInput
from simulator.tui.widgets.stage_tracker import StageTracker
from simulator.vocab import STAGE_LABELS

# Seconds after the interview opens before the scorer is compiled in the background.
WARM_AFTER = 0.25
# The longest the emptied reply box waits to be drawn together with the scored reply.
HOLD_FRAME = 0.05


class FrameHold:
    """Screen updates held back for a moment (``App.batch_update``), until ``release`` or,
    at the latest, ``limit`` seconds later (an app timer, so the hold ends even if the screen
    goes away).

    Why: Textual draws at most one frame per 1/60 s, and the frame after an idle spell comes
    at once but the next one only 17 to 33 ms later. Drawn alone, the emptied reply box would
    take that first frame and make the scored reply and its Coach panel wait for the next.
    """

    def __init__(self, app: Any, limit: float) -> None:
        self._batch: Any = app.batch_update()
        self._batch.__enter__()
        app.set_timer(limit, self.release, name="frame-hold")

    def release(self) -> None:
        """Let the held updates be drawn (again: nothing)."""
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.__exit__(None, None, None)


def natural_pause(text: str) -> float:
    """Seconds the client 'thinks' before answering: longer answers take a little longer."""
    return min(2.0, 0.6 + 0.02 * len(text.split()))


class InterviewScreen(CaseworkScreen[None]):
    """One interview. Scoring and storing run on the core thread; the answer is shown only
    after the turn is committed (the Session's ``on_turn`` hook) and a short pause."""

    AUTO_FOCUS = "#reply"
    BINDINGS = [
        Binding("ctrl+t", "hint", "key.hint", show=True, priority=True),
        Binding("escape", "end_session", "key.end", show=True),
        Binding("enter", "next", "key.next", show=True),
    ]

    def __init__(self, play: Play, lang: str) -> None:
        super().__init__(lang)
        self.play = play
        self.busy = False
        _start, low, high = play.scenario.rapport
        self.rapport_range = (low, high)
        clients = [x for x in play.lines if x.speaker == "client"]
        self.stage: str | None = clients[-1].stage if clients else None

    def compose(self) -> ComposeResult:
        # Everything shown at first is built here, so the screen is laid out once.
        s, lang, play = self.play.scenario, self.lang, self.play
        rapport = int(play.session.state()["rapport"])
        with Horizontal(id="room"):
            with Vertical(id="talk"):
                yield ChatLog(lang, s.persona.name, play.lines, id="chat")
                yield Static(self._turns_content(), id="status")
                yield ReplyInput(lang, t(lang, "iv.placeholder"), id="reply")
            with Vertical(id="side"):
                yield PersonaCard(s.persona, lang, id="persona", classes="panel")
                yield StageTracker(s.stages, lang, self.stage, id="stages", classes="panel")
                yield RapportMeter(
                    *self.rapport_range, lang, rapport, id="rapport", classes="panel"
                )
                yield CoachPanel(lang, play.mode, id="coach", classes="panel")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.play.ending is not None:
            self._show_ended(self.play.ending)
        clients = [x for x in self.play.lines if x.speaker == "client"]
        self.post_message(InterviewReady(clients[-1] if clients else Line("client", "")))
        # Compile the scorer while the student reads the opening line: a moment after it is
        # drawn, so the compile does not compete with the first paint for the interpreter.
        self.set_timer(WARM_AFTER, self._warm)

    def _warm(self) -> None:
        self.run_worker(self._warm_scorer(), group="warm")

    async def _warm_scorer(self) -> None:
        app = self.casework
        try:
            await app.call(app.backend.warm, self.play)
        except CaseworkError as exc:
            # A broken rulebook: say so now rather than on the first reply.
            app.report_error(exc)

    def _turns_content(self) -> Content:
        done = sum(1 for x in self.play.lines if x.speaker == "worker")
        limit = getattr(self.play.scenario, "turn_limit", 0)
        return Content.styled(t(self.lang, "iv.turns", n=done, limit=limit), "dim")

    def _show_turns(self) -> None:
        self.query_one("#status", Static).update(self._turns_content())

    @on(ReplyInput.Submitted)
    def _send(self, event: ReplyInput.Submitted) -> None:
        if self.play.ending is not None and not self.busy:
            self.action_next()
            return
        if self.busy or not event.text.strip():
            return
        if len(event.text) > MAX_REPLY_CHARS:
            n, limit = f"{len(event.text):,}", f"{MAX_REPLY_CHARS:,}"
            self._status(t(self.lang, "iv.too_long", n=n, limit=limit), "$error")
            return
        # The box empties at once and stays editable: the student may start the next reply
        # while the client answers (Enter waits until then). No read-only toggling, which
        # would redraw the footer twice a turn.
        self.busy = True
        # Drawn with the scored reply, in one frame (see FrameHold); typing goes on meanwhile.
        hold = FrameHold(self.app, HOLD_FRAME)
        event.input.clear()
        self.run_worker(self._turn(event.text, hold), group="turn", exclusive=True)

    async def _turn(self, text: str, hold: FrameHold | None = None) -> None:
        app = self.casework
        try:
            try:
                view: TurnView = await app.call(app.backend.reply, self.play, text)
            except ReplyRejected as exc:
                self._status(t(self.lang, "iv.rejected", why=exc.message), "$error")
                self._give_back(text)
                return
            except CaseworkError as exc:
                # Not stored (e.g. the disk is full): the session is as before, the reply is
                # kept.
                app.report_error(exc)
                self._give_back(text)
                return
            chat = self.query_one(ChatLog)
            chat.add_line(Line("worker", text, getattr(view.score, "stage", None)))
            self.query_one(CoachPanel).show_score(view.score, text)
            if view.rapport is not None:
                self.query_one(RapportMeter).rapport = view.rapport
        finally:
            if hold is not None:
                hold.release()
        self.post_message(ReplyScored(text, view.score))
        # Let the reply and its feedback be drawn before the answer is laid out.
        drawn = asyncio.Event()
        self.call_after_refresh(drawn.set)
        await drawn.wait()
        if view.client is not None:
            if not app.config.no_delay:
                name = self.play.scenario.persona.name
                self._status(t(self.lang, "iv.thinking", name=name), "italic")
                await asyncio.sleep(natural_pause(view.client.text))
            self.query_one(ChatLog).add_line(view.client)
            self.stage = view.client.stage or self.stage
            self.query_one(StageTracker).stage = self.stage
            self.post_message(ClientAnswered(view.client))
        self._show_turns()
        if view.ending is not None:
            self._show_ended(view.ending)
            self.post_message(InterviewEnded(view.ending))
            self.busy = False
            return
        self._unlock()

    def _unlock(self) -> None:
        self.busy = False
        reply = self.query_one(ReplyInput)
        if self.focused is not reply:
            reply.focus()

    def _give_back(self, text: str) -> None:
        """Put a reply that was not taken back in the box (unless a new one was started)."""
        reply = self.query_one(ReplyInput)
        if not reply.text:
            reply.insert(text)
        self._unlock()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#status", Static).update(Content.styled(text, style))

    def _show_ended(self, ending: dict[str, Any]) -> None:
        reply = self.query_one(ReplyInput)
        reply.read_only = True
        reply.refresh_bindings()
        title = str(ending.get("title") or ending.get("id") or "")
        self._status(
            t(self.lang, "iv.ended", title=title) + "\n" + t(self.lang, "iv.ended_next"),
            "bold $accent",
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "end_session"):
            return self.play.ending is None
        if action == "next":
            return self.play.ending is not None
        return True

    def action_hint(self) -> None:
        self.run_worker(self._hint(), group="hint", exclusive=True)

    async def _hint(self) -> None:
        app = self.casework
        stage = self.stage or (self.play.scenario.stages or ("",))[0]
        label = STAGE_LABELS.get(stage, {}).get(self.lang, stage)
        try:
            hint = await app.call(app.backend.hint, self.play, stage)
        except CaseworkError as exc:
            app.report_error(exc)
            return
        self.query_one(CoachPanel).show_hint(label, hint)

    def action_end_session(self) -> None:
        from simulator.tui.screens.confirm import ConfirmScreen

        if self.busy:
            return

        def ended(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._stop(), group="stop", exclusive=True)

        self.app.push_screen(ConfirmScreen(t(self.lang, "iv.confirm_end"), self.lang), ended)

    async def _stop(self) -> None:
        app = self.casework
        try:
            await app.call(app.backend.stop, self.play, t(self.lang, "iv.stopped"))
        except CaseworkError as exc:
            app.report_error(exc)
            return
        if self.play.ending is not None:
            self.post_message(InterviewEnded(self.play.ending))
        self.action_next()

    def action_next(self) -> None:
        from simulator.tui.screens.selfassess import SelfAssessmentScreen

        if self.play.ending is not None:
            self.app.switch_screen(SelfAssessmentScreen(self.play, self.lang))
