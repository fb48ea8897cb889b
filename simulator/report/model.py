"""One report model, built from a stored session, a transcript or an export.

``build_report(session)`` turns a ``StoredSession`` into a ``Report``; the renderers
(``render_json``, ``render_md``, ``render_html``) and the TUI's report screen only read it.
``Report.to_dict()`` is the versioned JSON documented in ``docs/report-schema.md``.
Every number in it can be traced to findings: each principle lists the findings that moved
it, each worker turn in the transcript carries its moves, stage fit and findings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from simulator import seed
from simulator.report.caps import OverallCap, overall_cap
from simulator.report.measures import stage_fit_share, turn_measures
from simulator.selfassess import rating_points
from simulator.store import StoredSession
from simulator.vocab import PRINCIPLE_LABELS, PRINCIPLES, STAGES

REPORT_SCHEMA_VERSION = 1
EXCERPT_MAX = 160
EVEN_GAP = 10.0  # |mean gap| below this many points counts as calibrated


@dataclass(frozen=True)
class FindingNote:
    """A finding placed in the session: which worker turn, which words."""

    turn: int  # 1-based worker turn number
    rule: str
    message: str
    delta: float
    severity: str
    excerpt: str
    principle: str | None = None
    move: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class PrincipleResult:
    """One principle: the engine's score, the self rating, and every finding that moved it."""

    id: str
    label: str
    score: float | None
    definition: str
    source: str
    self_rating: int | None = None
    self_points: float | None = None
    gap: float | None = None
    findings: tuple[FindingNote, ...] = ()


@dataclass(frozen=True)
class Point:
    """A strength or a thing to improve, tied to a principle's definition in the seed."""

    principle: str
    label: str
    score: float | None
    definition: str
    source: str
    evidence: tuple[FindingNote, ...] = ()


@dataclass(frozen=True)
class Calibration:
    """The engine against the student's own ratings."""

    mean_gap: float
    mean_abs_gap: float
    verdict: str  # "over" | "under" | "even"
    stage_engine: float | None
    stage_self: int
    stage_self_points: float
    stage_gap: float | None
    went_well: str
    do_differently: str


@dataclass(frozen=True)
class StageSegment:
    """A run of consecutive worker turns in one stage."""

    stage: str
    first_turn: int
    last_turn: int
    went_back: bool


@dataclass(frozen=True)
class StageNote:
    """A worker turn that did not fit its stage."""

    turn: int
    stage: str
    fit: str
    reason: str
    moves: tuple[str, ...]


@dataclass(frozen=True)
class StageReport:
    """Coverage, order and misplaced moves."""

    coverage: dict[str, int]
    order: tuple[StageSegment, ...]
    fit_share: float | None
    premature: tuple[StageNote, ...]
    late_or_off: tuple[StageNote, ...]


@dataclass(frozen=True)
class TranscriptTurn:
    """One turn of the annotated transcript."""

    speaker: str
    text: str
    stage: str | None = None
    beat: str | None = None
    worker_turn: int | None = None
    moves: tuple[str, ...] = ()
    fit: str | None = None
    fit_reason: str = ""
    principles: dict[str, float] = field(default_factory=dict)
    roles: tuple[str, ...] = ()
    findings: tuple[FindingNote, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything a report shows; see docs/report-schema.md for the JSON form."""

    lang: str
    session: dict[str, Any]
    overall: float | None
    principles: tuple[PrincipleResult, ...]
    calibration: Calibration | None
    stages: StageReport
    ending: dict[str, Any] | None
    roles: dict[str, int]
    measures: dict[str, Any]
    strengths: tuple[Point, ...]
    improvements: tuple[Point, ...]
    transcript: tuple[TranscriptTurn, ...]
    cap: OverallCap | None = None
    schema_version: int = REPORT_SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (``report_schema_version`` first)."""
        data = asdict(self)
        data.pop("schema_version")
        return {"report_schema_version": self.schema_version, **data}

    def principle(self, pid: str) -> PrincipleResult:
        """The result for principle ``pid``."""
        return next(p for p in self.principles if p.id == pid)


def _opt_str(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int | float) and value != "" else None


def json_number(value: Any) -> float | None:
    """A finite number from JSON, else None (``json`` reads ``Infinity`` and ``NaN``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _delta(value: Any) -> float:
    return json_number(value) or 0.0


def _seq(value: Any) -> tuple[Any, ...]:
    """A list from JSON, or nothing: hand-edited files may hold anything."""
    return tuple(value) if isinstance(value, list | tuple) else ()


def json_map(value: Any) -> Mapping[str, Any]:
    """An object from JSON, or an empty one."""
    return value if isinstance(value, Mapping) else {}


def _counts(value: Any) -> dict[str, int]:
    return {str(k): int(v) for k, v in json_map(value).items() if json_number(v) is not None}


def _excerpt(text: str, span: Any) -> str:
    try:
        a, b = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return ""
    piece = text[max(a, 0) : max(b, 0)].strip()
    return piece if len(piece) <= EXCERPT_MAX else piece[: EXCERPT_MAX - 1] + "…"


def _annotate(turns: tuple[Mapping[str, Any], ...]) -> tuple[TranscriptTurn, ...]:
    out: list[TranscriptTurn] = []
    n = 0
    for t in turns:
        speaker = str(t.get("speaker", ""))
        text = str(t.get("text", ""))
        if speaker != "worker":
            out.append(
                TranscriptTurn(speaker, text, _opt_str(t.get("stage")), _opt_str(t.get("beat")))
            )
            continue
        n += 1
        score = t.get("score") if isinstance(t.get("score"), Mapping) else {}
        notes = tuple(
            FindingNote(
                turn=n,
                rule=str(f.get("rule", "")),
                message=str(f.get("message", "")),
                delta=_delta(f.get("delta")),
                severity=str(f.get("severity", "minor")),
                excerpt=_excerpt(text, f.get("span", (0, 0))),
                principle=_opt_str(f.get("principle")),
                move=_opt_str(f.get("move")),
                role=_opt_str(f.get("role")),
            )
            for f in _seq(score.get("findings"))
            if isinstance(f, Mapping)
        )
        deltas = json_map(score.get("principles"))
        out.append(
            TranscriptTurn(
                speaker="worker",
                text=text,
                stage=_opt_str(score.get("stage")) or _opt_str(t.get("stage")),
                worker_turn=n,
                moves=tuple(str(m) for m in _seq(score.get("moves"))),
                fit=_opt_str(score.get("stage_fit")),
                fit_reason=str(score.get("stage_fit_reason", "")),
                principles={p: _delta(deltas.get(p)) for p in PRINCIPLES},
                roles=tuple(str(r) for r in _seq(score.get("roles"))),
                findings=notes,
            )
        )
    return tuple(out)


def _stage_report(transcript: tuple[TranscriptTurn, ...], coverage: Mapping) -> StageReport:
    workers = [t for t in transcript if t.speaker == "worker"]
    counted: dict[str, int] = {}
    for t in workers:
        if t.stage:
            counted[t.stage] = counted.get(t.stage, 0) + 1
    cov = _counts(coverage) or counted
    order: list[StageSegment] = []
    highest = -1
    for t in workers:
        if not t.stage:
            continue
        if order and order[-1].stage == t.stage:
            last = order[-1]
            order[-1] = StageSegment(last.stage, last.first_turn, t.worker_turn, last.went_back)
            continue
        rank = STAGES.index(t.stage) if t.stage in STAGES else highest
        order.append(StageSegment(t.stage, t.worker_turn, t.worker_turn, rank < highest))
        highest = max(highest, rank)
    notes = [
        StageNote(t.worker_turn, t.stage or "", t.fit, t.fit_reason, t.moves)
        for t in workers
        if t.fit in ("premature", "late", "off")
    ]
    return StageReport(
        coverage=cov,
        order=tuple(order),
        fit_share=stage_fit_share([t.fit for t in workers]),
        premature=tuple(n for n in notes if n.fit == "premature"),
        late_or_off=tuple(n for n in notes if n.fit != "premature"),
    )


def _principles(
    lang: str, scores: Mapping[str, Any], transcript: tuple[TranscriptTurn, ...], sa: Any
) -> tuple[PrincipleResult, ...]:
    engine = json_map(scores.get("principles"))
    own = json_map(sa.get("principles")) if isinstance(sa, Mapping) else {}
    out = []
    for pid in PRINCIPLES:
        score = json_number(engine.get(pid))
        rating = own.get(pid)
        points = rating_points(rating) if isinstance(rating, int) else None
        gap = points - score if points is not None and score is not None else None
        notes = tuple(
            f for t in transcript for f in t.findings if f.principle == pid and f.delta != 0
        )
        out.append(
            PrincipleResult(
                id=pid,
                label=PRINCIPLE_LABELS[pid][lang],
                score=score,
                definition=seed.PRINCIPLE_DEFINITIONS[pid][lang],
                source=seed.source_for_principle(pid),
                self_rating=rating if isinstance(rating, int) else None,
                self_points=points,
                gap=gap,
                findings=notes,
            )
        )
    return tuple(out)


def _calibration(
    principles: tuple[PrincipleResult, ...], stages: StageReport, sa: Any
) -> Calibration | None:
    if not isinstance(sa, Mapping) or not isinstance(sa.get("stages"), int):
        return None
    gaps = [p.gap for p in principles if p.gap is not None]
    mean = sum(gaps) / len(gaps) if gaps else 0.0
    mean_abs = sum(abs(g) for g in gaps) / len(gaps) if gaps else 0.0
    verdict = "even" if abs(mean) < EVEN_GAP else ("over" if mean > 0 else "under")
    stage_self = int(sa["stages"])
    stage_points = rating_points(stage_self)
    stage_engine = stages.fit_share * 100 if stages.fit_share is not None else None
    return Calibration(
        mean_gap=round(mean, 1),
        mean_abs_gap=round(mean_abs, 1),
        verdict=verdict,
        stage_engine=round(stage_engine, 1) if stage_engine is not None else None,
        stage_self=stage_self,
        stage_self_points=stage_points,
        stage_gap=round(stage_points - stage_engine, 1) if stage_engine is not None else None,
        went_well=str(sa.get("went_well", "")),
        do_differently=str(sa.get("do_differently", "")),
    )


def _points(principles: tuple[PrincipleResult, ...]) -> tuple[tuple[Point, ...], ...]:
    def net(p: PrincipleResult) -> float:
        return sum(f.delta for f in p.findings)

    def key(p: PrincipleResult) -> tuple[float, float]:
        return (p.score if p.score is not None else 50.0 + net(p), net(p))

    ranked = sorted(principles, key=key, reverse=True)

    def point(p: PrincipleResult, positive: bool) -> Point:
        chosen = [f for f in p.findings if (f.delta > 0) == positive]
        chosen.sort(key=lambda f: -abs(f.delta))
        return Point(p.id, p.label, p.score, p.definition, p.source, tuple(chosen[:3]))

    strengths = tuple(point(p, True) for p in ranked[:3])
    improvements = tuple(point(p, False) for p in reversed(ranked[-3:]))
    return strengths, improvements


def build_report(session: StoredSession, lang: str | None = None) -> Report:
    """The report of one session.

    Args:
        session: A stored session (from the store, a transcript or an export).
        lang: The report's language; default the session's (``id`` or ``en``).

    Returns:
        The report model.
    """
    lang = lang or session.lang
    lang = lang if lang in ("id", "en") else "en"
    scores = session.scores if isinstance(session.scores, Mapping) else {}
    transcript = _annotate(session.turns)
    stages = _stage_report(transcript, scores.get("stage_coverage") or {})
    principles = _principles(lang, scores, transcript, session.self_assessment)
    strengths, improvements = _points(principles)
    measures = turn_measures(transcript)
    for key, value in json_map(scores.get("measures")).items():
        finite = not isinstance(value, float) or math.isfinite(value)
        measures[str(key)] = value if finite else None
    roles = _counts(scores.get("roles"))
    if not roles:
        for t in transcript:
            for r in t.roles:
                roles[r] = roles.get(r, 0) + 1
    meta = {
        "id": session.id,
        "scenario": session.scenario,
        "scenario_title": session.scenario_title,
        "scenario_version": session.scenario_version,
        "lang": session.lang,
        "seed": session.seed,
        "mode": session.mode,
        "student": session.student,
        "started": session.started,
        "finished": session.finished,
        "status": session.status,
        "worker_turns": session.worker_turns,
    }
    return Report(
        lang=lang,
        session=meta,
        overall=json_number(scores.get("overall")),
        principles=principles,
        calibration=_calibration(principles, stages, session.self_assessment),
        stages=stages,
        ending=dict(session.ending) if session.ending else None,
        roles=roles,
        measures=measures,
        strengths=strengths,
        improvements=improvements,
        transcript=transcript,
        cap=overall_cap(lang, scores, transcript),
    )
