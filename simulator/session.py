"""The interview engine: one scripted client, one trainee, no user interface.

``Session`` walks a loaded ``Scenario``: ``start()`` gives the opening beat's line; each
``reply(text)`` scores the trainee's reply with the ``Scorer`` it was given, updates rapport,
tries the current beat's branches in order and moves to the next beat or an ending. Everything
it knows fits in ``snapshot()``, a JSON-able dict that ``Session.restore`` continues from.

Variant lines are chosen without stored generator state: the variant of a beat (or ending)
shown after worker reply number ``turn`` is
``random.Random(f"{seed}:{turn}:{beat_id}").choice(lines)``, so a seed reproduces a session and
a restored session goes on exactly as an uninterrupted one would.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import ReplyRejected
from simulator.scenario.model import Branch, Effects, Scenario
from simulator.scenario.runtime import ConditionView, apply_effects, evaluate
from simulator.scoring.model import ReplyScore, ScoreContext, ScoredTurn, Scorer, SessionScores
from simulator.vocab import PRINCIPLES

SNAPSHOT_VERSION = 1
MAX_REPLY_CHARS = 10_000
MODES: tuple[str, ...] = ("coach", "exam")


@dataclass(frozen=True)
class ClientLine:
    """What the client says: a beat's line, or an ending's last words (``beat`` None)."""

    text: str
    stage: str
    beat: str | None = None
    ending: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The client turn as written in the transcript."""
        d: dict[str, Any] = {"speaker": "client", "text": self.text, "stage": self.stage}
        if self.ending is None:
            d["beat"] = self.beat
        else:
            d["ending"] = self.ending
        return d


@dataclass(frozen=True)
class EndingInfo:
    """How the session ended."""

    id: str
    kind: str
    outcome: str
    title: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "kind": self.kind, "outcome": self.outcome, "title": self.title}


@dataclass(frozen=True)
class TurnResult:
    """What one reply did.

    Attributes:
        score: The judgement of the reply.
        client: The client's answer (None only when an ending has no last words).
        stage: The stage the interview is in after the reply.
        state: Rapport, variables, revealed facts, visited beats, turn, real_problem_reached.
        ending: How the session ended, if this reply ended it.
    """

    score: ReplyScore
    client: ClientLine | None
    stage: str
    state: dict[str, Any]
    ending: EndingInfo | None = None


@dataclass(frozen=True)
class TurnRecord:
    """What ``on_turn`` receives: everything the store commits for one reply.

    Attributes:
        turn: The worker reply count after this reply (1 for the first reply).
        worker: The worker turn dict (as in the transcript, with its score).
        client: The client turn dict, or None.
        ending: The ending dict, or None while the session goes on.
        snapshot: ``session.snapshot()`` after this reply.
        scores: ``SessionScores.to_dict()`` of the session with this reply.
    """

    turn: int
    worker: dict[str, Any]
    client: dict[str, Any] | None
    ending: dict[str, str] | None
    snapshot: dict[str, Any]
    scores: dict[str, Any]


@dataclass
class _State:
    """Everything that changes during a session (copied before a reply is applied)."""

    beat: str
    rapport: int
    variables: dict[str, int]
    revealed: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    turn: int = 0
    ending: str | None = None
    turns: list[dict[str, Any]] = field(default_factory=list)


def check_reply(text: object) -> str:
    """The reply if a session may take it, else raise ``ReplyRejected`` with the reason.

    Refused: anything not a string, empty or whitespace-only text, more than 10,000
    characters, and control characters other than newline and tab.
    """
    if not isinstance(text, str):
        raise ReplyRejected("reply refused: a reply must be text")
    if not text.strip():
        raise ReplyRejected("reply refused: the reply is empty")
    if len(text) > MAX_REPLY_CHARS:
        raise ReplyRejected(
            f"reply refused: {len(text):,} characters is longer than the limit of "
            f"{MAX_REPLY_CHARS:,}"
        )
    for i, ch in enumerate(text):
        code = ord(ch)
        if ch not in "\n\t" and (code < 32 or 127 <= code < 160):
            raise ReplyRejected(
                f"reply refused: control character U+{code:04X} at character {i + 1}"
            )
    return text


class Session:
    """One interview of a scenario, driven by the trainee's replies.

    Args:
        scenario: The loaded scenario.
        scorer: Judges each reply (``simulator.scoring.make_scorer(lang)`` in the product).
        seed: Chooses the variant lines; the same seed and replies give the same session.
        mode: ``coach`` (feedback shown) or ``exam``; kept for the transcript and the UI.
        on_turn: Called inside ``reply()`` with a ``TurnRecord`` before it returns. If it
            raises, the reply is undone (the session state is as before) and the error
            propagates: a turn the store could not commit is not shown.
    """

    def __init__(
        self,
        scenario: Scenario,
        scorer: Scorer,
        seed: int = 1,
        mode: str = "coach",
        on_turn: Callable[[TurnRecord], None] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.scenario = scenario
        self.scorer = scorer
        self.seed = int(seed)
        self.mode = mode
        self.on_turn = on_turn
        start, _lo, _hi = scenario.rapport
        self._state = _State(beat=scenario.start, rapport=start, variables=dict(scenario.variables))

    # -- the public API --------------------------------------------------------------

    @property
    def ended(self) -> bool:
        """Whether the session has reached an ending."""
        return self._state.ending is not None

    @property
    def turns(self) -> list[dict[str, Any]]:
        """The transcript turns so far (client and worker), oldest first. A copy."""
        return copy.deepcopy(self._state.turns)

    @property
    def turn(self) -> int:
        """The number of worker replies so far."""
        return self._state.turn

    @property
    def stage(self) -> str:
        """The stage of the current beat."""
        return self.scenario.beat(self._state.beat).stage

    @property
    def ending(self) -> EndingInfo | None:
        """How the session ended, or None."""
        return None if self._state.ending is None else self._ending_info(self._state.ending)

    def start(self) -> ClientLine:
        """Show the opening beat and return its line. Calling it again returns the same line."""
        st = self._state
        if not st.turns:
            self._show_beat(st, self.scenario.start)
        first = st.turns[0]
        return ClientLine(first["text"], first["stage"], beat=first.get("beat"))

    def reply(self, text: str) -> TurnResult:
        """Score the trainee's reply and move the client on.

        Raises:
            ReplyRejected: The reply is empty, whitespace-only, longer than 10,000
                characters, holds control characters, or the session has ended. The
                session is unchanged.
        """
        check_reply(text)
        if self.ended:
            raise ReplyRejected("reply refused: the session has ended")
        self.start()
        new = copy.deepcopy(self._state)
        judged_stage = self.scenario.beat(new.beat).stage
        score = self.scorer.score(text, self._context(new, judged_stage))
        new.turn += 1
        worker = {
            "speaker": "worker",
            "text": text,
            "stage": judged_stage,
            "score": score.to_dict(),
        }
        new.turns.append(worker)
        self._update_rapport(new, score)
        branch = self._choose_branch(new, score)
        self._apply(new, branch.effects)
        client_turn: dict[str, Any] | None
        if branch.end is not None:
            client_turn = self._end(new, branch.end)
        elif new.turn >= self.scenario.turn_limit:
            client_turn = self._end(new, self.scenario.turn_limit_ending)
        else:
            client_turn = self._show_beat(new, branch.goto or new.beat)
        ending = None if new.ending is None else self._ending_info(new.ending)
        if self.on_turn is not None:
            self.on_turn(
                TurnRecord(
                    turn=new.turn,
                    worker=copy.deepcopy(worker),
                    client=copy.deepcopy(client_turn),
                    ending=None if ending is None else ending.to_dict(),
                    snapshot=self._snapshot_of(new),
                    scores=self.scorer.summarize(scored_turns(new.turns)).to_dict(),
                )
            )
        self._state = new
        return TurnResult(
            score=score,
            client=_client_line(client_turn),
            stage=self.scenario.beat(new.beat).stage,
            state=self.state(),
            ending=ending,
        )

    def state(self) -> dict[str, Any]:
        """The interview state as a JSON-able dict (what ``TurnResult.state`` holds)."""
        st = self._state
        return {
            "beat": st.beat,
            "turn": st.turn,
            "rapport": st.rapport,
            "variables": dict(st.variables),
            "revealed": list(st.revealed),
            "visited": list(st.visited),
            "real_problem_reached": self._real_problem_reached(st),
            "ended": st.ending is not None,
        }

    def scores(self) -> SessionScores:
        """The session scores so far, from the scorer's summary of the scored turns."""
        return self.scorer.summarize(scored_turns(self._state.turns))

    def transcript(self) -> dict[str, Any]:
        """The transcript JSON (docs/architecture.md), as ``casework play`` writes it."""
        ending = self.ending
        return {
            "schema_version": 1,
            "scenario": self.scenario.id,
            "scenario_version": self.scenario.version,
            "lang": self.scenario.lang,
            "seed": self.seed,
            "mode": self.mode,
            "turns": self.turns,
            "ending": None if ending is None else ending.to_dict(),
            "scores": self.scores().to_dict(),
        }

    def snapshot(self) -> dict[str, Any]:
        """Everything needed to continue this session later, as a JSON-able dict."""
        return self._snapshot_of(self._state)

    @classmethod
    def restore(
        cls,
        data: dict[str, Any],
        scenario: Scenario,
        scorer: Scorer,
        on_turn: Callable[[TurnRecord], None] | None = None,
    ) -> Session:
        """Continue a session from ``snapshot()`` data.

        Raises:
            LoadError: The data is not a snapshot of this scenario (one line saying why).
        """
        from simulator.transcript import check_snapshot

        check_snapshot(data, scenario)
        session = cls(scenario, scorer, seed=data["seed"], mode=data["mode"], on_turn=on_turn)
        s = data["state"]
        session._state = _State(
            beat=s["beat"],
            rapport=s["rapport"],
            variables={**dict(scenario.variables), **s["variables"]},
            revealed=list(s["revealed"]),
            visited=list(s["visited"]),
            turn=s["turn"],
            ending=s["ending"],
            turns=copy.deepcopy(data["turns"]),
        )
        return session

    # -- the mechanics ---------------------------------------------------------------

    def _snapshot_of(self, st: _State) -> dict[str, Any]:
        return {
            "schema_version": SNAPSHOT_VERSION,
            "scenario": self.scenario.id,
            "scenario_version": self.scenario.version,
            "seed": self.seed,
            "mode": self.mode,
            "state": {
                "beat": st.beat,
                "rapport": st.rapport,
                "variables": dict(st.variables),
                "revealed": list(st.revealed),
                "visited": list(st.visited),
                "turn": st.turn,
                "ending": st.ending,
            },
            "turns": copy.deepcopy(st.turns),
        }

    def _context(self, st: _State, stage: str) -> ScoreContext:
        client = [t["text"] for t in st.turns if t["speaker"] == "client"]
        worker = [t["text"] for t in st.turns if t["speaker"] == "worker"]
        persona = self.scenario.persona
        return ScoreContext(
            lang=self.scenario.lang,
            stage=stage,
            client_last=client[-1] if client else "",
            client_earlier=tuple(client[:-1]),
            worker_earlier=tuple(worker),
            client_name=persona.name,
            address=tuple(persona.address),
            revealed=tuple(self.scenario.fact(f).text for f in st.revealed),
            risk_flags=tuple(self.scenario.risk_flags),
            real_problem_reached=self._real_problem_reached(st),
            turn=st.turn,
        )

    def _real_problem_reached(self, st: _State) -> bool | None:
        core = [f.id for f in self.scenario.facts if f.core]
        if not core:
            return None  # the scenario does not say: the scorer tracks it itself
        return all(f in st.revealed for f in core)

    def _update_rapport(self, st: _State, score: ReplyScore) -> None:
        total = sum(score.principles.get(p, 0.0) for p in PRINCIPLES)
        change = 1 if total > 0.5 else -1 if total < -0.5 else 0
        change -= sum(1 for f in score.findings if f.severity == "critical")
        _start, lo, hi = self.scenario.rapport
        st.rapport = max(lo, min(hi, st.rapport + change))

    def _choose_branch(self, st: _State, score: ReplyScore) -> Branch:
        beat = self.scenario.beat(st.beat)
        view = ConditionView(
            score=score,
            rapport=st.rapport,
            variables=dict(st.variables),
            revealed=frozenset(st.revealed),
            visited=frozenset(st.visited),
            turn=st.turn,
            real_problem_reached=bool(self._real_problem_reached(st)),
        )
        for branch in beat.branches:
            if branch.when is None or evaluate(branch.when, view):
                return branch
        return beat.fallback

    def _apply(self, st: _State, effects: Effects) -> None:
        _start, lo, hi = self.scenario.rapport
        result = apply_effects(effects, st.variables, st.rapport, frozenset(st.revealed), (lo, hi))
        st.variables, st.rapport = result.variables, result.rapport
        for fact in effects.reveal:  # kept in the order revealed: the scorer reads them so
            if fact not in st.revealed:
                st.revealed.append(fact)

    def _show_beat(self, st: _State, beat_id: str) -> dict[str, Any]:
        beat = self.scenario.beat(beat_id)
        st.beat = beat_id
        if beat_id not in st.visited:
            st.visited.append(beat_id)
        for fact in beat.reveals:
            if fact not in st.revealed:
                st.revealed.append(fact)
        self._apply(st, beat.effects)
        text = self._variant(st.turn, beat_id, beat.lines)
        turn = ClientLine(text, beat.stage, beat=beat_id).to_dict()
        st.turns.append(turn)
        return turn

    def _end(self, st: _State, ending_id: str) -> dict[str, Any] | None:
        st.ending = ending_id
        ending = self.scenario.ending(ending_id)
        if not ending.lines:
            return None
        text = self._variant(st.turn, ending_id, ending.lines)
        stage = self.scenario.beat(st.beat).stage
        turn = ClientLine(text, stage, ending=ending_id).to_dict()
        st.turns.append(turn)
        return turn

    def _variant(self, turn: int, node_id: str, lines: tuple[str, ...]) -> str:
        return random.Random(f"{self.seed}:{turn}:{node_id}").choice(lines)

    def _ending_info(self, ending_id: str) -> EndingInfo:
        e = self.scenario.ending(ending_id)
        return EndingInfo(e.id, e.kind, e.outcome, e.title)


def scored_turns(turns: list[dict[str, Any]]) -> list[ScoredTurn]:
    """Transcript turn dicts as the scorer's ``summarize`` takes them."""
    out = []
    for t in turns:
        score = t.get("score")
        out.append(
            ScoredTurn(
                speaker=t["speaker"],
                text=t["text"],
                stage=t.get("stage"),
                score=ReplyScore.from_dict(score) if isinstance(score, dict) else None,
            )
        )
    return out


def _client_line(turn: dict[str, Any] | None) -> ClientLine | None:
    if turn is None:
        return None
    return ClientLine(turn["text"], turn["stage"], beat=turn.get("beat"), ending=turn.get("ending"))
