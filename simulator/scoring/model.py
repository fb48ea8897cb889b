"""What a scorer takes and gives: the contract between the scoring engine and the rest.

``Session``, the CLI, the store, the reports and the TUI only use these types and the
``Scorer`` protocol; the engine behind them can change. All ``to_dict`` forms are the JSON
written in transcripts and by ``casework score``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from simulator.vocab import PRINCIPLES


@dataclass(frozen=True)
class Finding:
    """One piece of evidence: a rule fired on a span of the original reply.

    A rule that moves two principles gives two findings (one per principle); a rule that
    only detects a move gives one finding with ``delta`` 0 and ``move`` set.
    """

    rule: str
    span: tuple[int, int]  # character offsets in the original reply, end exclusive
    message: str  # feedback in the reply's language, actionable
    delta: float = 0.0
    principle: str | None = None
    move: str | None = None
    role: str | None = None
    severity: str = "minor"  # vocab.SEVERITIES

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule}
        if self.principle:
            d["principle"] = self.principle
        if self.move:
            d["move"] = self.move
        if self.role:
            d["role"] = self.role
        d["delta"] = self.delta
        d["span"] = [self.span[0], self.span[1]]
        d["message"] = self.message
        d["severity"] = self.severity
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            rule=str(d["rule"]),
            span=(int(d["span"][0]), int(d["span"][1])),
            message=str(d.get("message", "")),
            delta=float(d.get("delta", 0.0)),
            principle=d.get("principle"),
            move=d.get("move"),
            role=d.get("role"),
            severity=str(d.get("severity", "minor")),
        )


@dataclass(frozen=True)
class ReplyScore:
    """The judgement of one reply."""

    moves: tuple[str, ...]  # concrete moves (vocab.MOVES), in order of appearance
    principles: dict[str, float]  # all six principle ids -> signed delta
    stage: str  # the stage the reply was judged against
    stage_fit: str  # vocab.STAGE_FITS
    stage_fit_reason: str  # in the reply's language
    roles: tuple[str, ...]
    findings: tuple[Finding, ...]
    units: tuple[tuple[int, int], ...] = ()  # thought-unit spans

    def to_dict(self) -> dict[str, Any]:
        return {
            "moves": list(self.moves),
            "principles": {p: self.principles.get(p, 0.0) for p in PRINCIPLES},
            "stage": self.stage,
            "stage_fit": self.stage_fit,
            "stage_fit_reason": self.stage_fit_reason,
            "roles": list(self.roles),
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReplyScore:
        return cls(
            moves=tuple(d.get("moves", ())),
            principles={p: float(d.get("principles", {}).get(p, 0.0)) for p in PRINCIPLES},
            stage=str(d.get("stage", "")),
            stage_fit=str(d.get("stage_fit", "fits")),
            stage_fit_reason=str(d.get("stage_fit_reason", "")),
            roles=tuple(d.get("roles", ())),
            findings=tuple(Finding.from_dict(f) for f in d.get("findings", ())),
        )

    def has_move(self, name: str) -> bool:
        from simulator.vocab import expand_move

        return any(m in self.moves for m in expand_move(name))

    def fired(self, rule_id: str) -> bool:
        return any(f.rule == rule_id for f in self.findings)


@dataclass(frozen=True)
class ScoreContext:
    """Everything the scorer may know when judging one reply."""

    lang: str
    stage: str | None = None  # None: infer
    client_last: str = ""  # the client's last utterance
    client_earlier: tuple[str, ...] = ()  # earlier client utterances, oldest first
    worker_earlier: tuple[str, ...] = ()  # earlier worker replies, oldest first
    client_name: str = ""
    address: tuple[str, ...] = ()  # forms of address, preferred first
    revealed: tuple[str, ...] = ()  # texts of facts the client has revealed so far
    risk_flags: tuple[str, ...] = ()
    real_problem_reached: bool | None = None  # None: the scorer tracks it itself
    turn: int = 0  # 0-based index of this worker reply in the session


@dataclass(frozen=True)
class ScoredTurn:
    """A turn as the session summary sees it."""

    speaker: str  # "client" | "worker"
    text: str
    stage: str | None = None
    score: ReplyScore | None = None


@dataclass(frozen=True)
class SessionScores:
    """Scores of a whole session: each principle 0-100, overall 0-100, measures."""

    overall: float
    principles: dict[str, float]
    measures: dict[str, Any] = field(default_factory=dict)
    stage_coverage: dict[str, int] = field(default_factory=dict)  # stage -> worker turns
    roles: dict[str, int] = field(default_factory=dict)  # role -> times enacted
    # The ceiling that capped the overall score and its inputs, None when none did
    # (simulator.scoring.summary.applied_cap, docs/scoring.md "Ceilings").
    cap: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "principles": {p: self.principles.get(p, 0.0) for p in PRINCIPLES},
            "measures": dict(self.measures),
            "stage_coverage": dict(self.stage_coverage),
            "roles": dict(self.roles),
            "cap": dict(self.cap) if self.cap else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SessionScores:
        return cls(
            overall=float(d.get("overall", 0.0)),
            principles={p: float(d.get("principles", {}).get(p, 0.0)) for p in PRINCIPLES},
            measures=dict(d.get("measures", {})),
            stage_coverage=dict(d.get("stage_coverage", {})),
            roles=dict(d.get("roles", {})),
            cap=dict(d["cap"]) if isinstance(d.get("cap"), dict) else None,
        )


class Scorer(Protocol):
    """What ``Session`` needs from a scoring engine."""

    lang: str

    def score(self, text: str, ctx: ScoreContext) -> ReplyScore:
        """Judge one reply. Pure and deterministic; never raises on any string."""
        ...

    def summarize(self, turns: Sequence[ScoredTurn]) -> SessionScores:
        """Session scores from the scored turns so far."""
        ...

    def hint(self, stage: str) -> str:
        """What the stage calls for, from the rulebook, in the scorer's language."""
        ...
