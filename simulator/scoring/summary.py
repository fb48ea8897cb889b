"""Session measures and 0-100 scores (the formula is explained in ``docs/scoring.md``), and
stage inference for transcripts that carry no stage (``casework score-transcript``).

Every number here is computed from the scored worker turns only, so the same turns always
give the same scores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from simulator.scoring.model import (
    Finding,
    ReplyScore,
    ScoreContext,
    ScoredTurn,
    Scorer,
    SessionScores,
)
from simulator.vocab import PRINCIPLES

# docs/scoring.md explains every constant.
PRIOR = 1.0  # evidence a principle starts with on each side: no evidence -> 50
VIOLATION_WEIGHT = 2.0  # a violation counts twice: positives never cancel a violation
CRITICAL_CAP = 40.0  # a principle with a critical finding scores at most this
PREMATURE_COST = 1.0  # each premature reply: this much negative participation evidence
PRINCIPLE_SHARE = 0.6  # overall = 0.6 x principles + 0.4 x interview process
NO_EVIDENCE_WEIGHT = 0.25  # weight of a principle without evidence in the overall mean
REPLY_CLAMP = 5.0  # one reply's positive (or negative) evidence on a principle: at most this
SKILL_CEILING_BASE = 40.0  # overall ceiling with no skilled reply ...
SKILL_CEILING_STEP = 10.0  # ... raised by this much for each skilled reply
VIOLATION_CEILING_SLOPE = 160.0  # overall ceiling = 100 - this x share of violating replies ...
VIOLATION_CEILING_FLOOR = 20.0  # ... but not below this (reached when half the replies violate)
VIOLATION_SEVERITIES = ("major", "critical")

# Moves that show an interviewing skill (docs/scoring.md, "Ceilings"): an encourager, a
# greeting or a bare piece of information does not.
SKILLED_MOVES = frozenset(
    {
        "open_question",
        "reflection_simple",
        "reflection_complex",
        "paraphrase",
        "summary",
        "affirmation",
        "autonomy_support",
        "plan_proposal",
        "advice_with_permission",
        "confidentiality_assurance",
    }
)

_REFLECTIONS = ("reflection_simple", "reflection_complex", "paraphrase", "summary")
_QUESTIONS = ("open_question", "closed_question", "why_question")


def _worker(turns: Sequence[ScoredTurn]) -> list[_WorkerTurn]:
    return [_WorkerTurn(t.score, t.stage) for t in turns if t.speaker == "worker" and t.score]


class _WorkerTurn:
    """A worker turn's score and stage (internal)."""

    __slots__ = ("score", "stage")

    def __init__(self, score: ReplyScore, stage: str | None) -> None:
        self.score = score
        self.stage = stage or score.stage


def violates(score: ReplyScore) -> bool:
    """Does the reply hold a major or critical violation (a negative finding of that severity)?"""
    return any(f.delta < 0 and f.severity in VIOLATION_SEVERITIES for f in score.findings)


def skilled(score: ReplyScore) -> bool:
    """Does the reply show an interviewing skill (a skilled move) without a violation?"""
    return bool(SKILLED_MOVES.intersection(score.moves)) and not violates(score)


def measures(turns: Sequence[ScoredTurn]) -> dict[str, Any]:
    """The interview-level measures of ``docs/scoring.md`` from the scored turns."""
    worker = _worker(turns)
    moves = [m for w in worker for m in w.score.moves]
    count = {m: moves.count(m) for m in set(moves)}
    open_q = count.get("open_question", 0)
    closed_q = count.get("closed_question", 0)
    why_q = count.get("why_question", 0)
    questions = open_q + closed_q + why_q
    reflections = sum(count.get(m, 0) for m in _REFLECTIONS)
    complex_r = count.get("reflection_complex", 0) + count.get("summary", 0)
    run = longest = 0
    for m in moves:
        if m == "closed_question":
            run += 1
            longest = max(longest, run)
        else:
            run = 0
    plan_turns = [
        i for i, w in enumerate(worker) if {"plan_proposal", "advice"} & set(w.score.moves)
    ]
    if plan_turns:
        before = worker[plan_turns[0]].score.stage_fit != "premature"
    else:
        before = None
    plans = count.get("plan_proposal", 0)
    late_advice = sum(
        w.score.moves.count("advice")
        for w in worker
        if w.stage in ("planning", "intervention", "evaluation")
    )
    return {
        "worker_turns": len(worker),
        "open_questions": open_q,
        "closed_questions": closed_q,
        "why_questions": why_q,
        "open_closed_ratio": round(open_q / closed_q, 2) if closed_q else float(open_q),
        "reflections": reflections,
        "reflections_per_question": round(reflections / questions, 2)
        if questions
        else (float(reflections)),
        "complex_reflection_share": round(complex_r / reflections, 2) if reflections else 0.0,
        "longest_closed_run": longest,
        "unasked_advice": count.get("advice", 0),
        "advice_per_reply": round(count.get("advice", 0) / len(worker), 2) if worker else 0.0,
        "premature_replies": sum(1 for w in worker if w.score.stage_fit == "premature"),
        "real_problem_before_planning": before,
        "plan_with_client": plans > 0 and plans >= late_advice,
        "critical_findings": sum(
            1 for w in worker for f in w.score.findings if f.severity == "critical"
        ),
        "skilled_replies": sum(1 for w in worker if skilled(w.score)),
        "violating_replies": sum(1 for w in worker if violates(w.score)),
    }


def _principle_scores(worker: list[_WorkerTurn]) -> tuple[dict[str, float], dict[str, float]]:
    pos = dict.fromkeys(PRINCIPLES, 0.0)
    neg = dict.fromkeys(PRINCIPLES, 0.0)
    critical: set[str] = set()
    for w in worker:
        # Positive and negative evidence are taken from the findings, so that a violation is
        # never offset inside its own reply (RUBRIC §3.6: positives never cancel a violation):
        # a principle violated in a reply (major or critical) gets none of that reply's credit.
        reply_pos = dict.fromkeys(PRINCIPLES, 0.0)
        reply_neg = dict.fromkeys(PRINCIPLES, 0.0)
        violated: set[str] = set()
        for f in w.score.findings:
            if f.principle not in reply_pos:
                continue
            if f.delta > 0:
                reply_pos[f.principle] += f.delta
            else:
                reply_neg[f.principle] -= f.delta
                if f.delta < 0 and f.severity in VIOLATION_SEVERITIES:
                    violated.add(f.principle)
            if f.severity == "critical":
                critical.add(f.principle)
        for p in PRINCIPLES:
            if p not in violated:
                pos[p] += min(REPLY_CLAMP, reply_pos[p])
            neg[p] += min(REPLY_CLAMP, reply_neg[p])
        if w.score.stage_fit == "premature":
            neg["participation"] += PREMATURE_COST
    scores: dict[str, float] = {}
    evidence: dict[str, float] = {}
    for p in PRINCIPLES:
        value = 100.0 * (pos[p] + PRIOR) / (pos[p] + VIOLATION_WEIGHT * neg[p] + 2 * PRIOR)
        if p in critical:
            value = min(value, CRITICAL_CAP)
        scores[p] = round(value, 1)
        evidence[p] = pos[p] + neg[p]
    return scores, evidence


def process_score(m: dict[str, Any]) -> float | None:
    """The interview-process part of the overall score (0-100), None without questions or
    reflections to judge."""
    parts: list[float] = []
    questions = m["open_questions"] + m["closed_questions"] + m["why_questions"]
    if questions:
        parts.append(100.0 * m["open_questions"] / questions)
    if questions or m["reflections"]:
        parts.append(min(100.0, 50.0 * m["reflections_per_question"]) if questions else 100.0)
    if m["reflections"]:
        parts.append(min(100.0, 200.0 * m["complex_reflection_share"]))
    parts.append(max(0.0, 100.0 - 20.0 * max(0, m["longest_closed_run"] - 2)))
    parts.append(max(0.0, 100.0 * (1.0 - 3.0 * m["advice_per_reply"])))
    if m["worker_turns"]:
        parts.append(max(0.0, 100.0 * (1.0 - 3.0 * m["premature_replies"] / m["worker_turns"])))
    if m["real_problem_before_planning"] is not None:
        parts.append(100.0 if m["real_problem_before_planning"] else 0.0)
    return sum(parts) / len(parts) if parts else None


def ceiling(m: dict[str, Any]) -> float:
    """The most the overall score can be, whatever the averages say (docs/scoring.md).

    A score is earned by skilled replies: with none the ceiling is 40, and each one raises it
    by 10. Violations are not averaged away: the ceiling falls by 1.6 points per percent of
    replies holding a major or critical violation, to 20 when half of them do.
    """
    return min(ceilings(m))


def ceilings(m: Mapping[str, Any]) -> tuple[float, float]:
    """The skill ceiling and the conduct ceiling of the measures ``m`` (see ``ceiling``)."""
    skill = SKILL_CEILING_BASE + SKILL_CEILING_STEP * m["skilled_replies"]
    share = m["violating_replies"] / m["worker_turns"] if m["worker_turns"] else 0.0
    return skill, max(VIOLATION_CEILING_FLOOR, 100.0 - VIOLATION_CEILING_SLOPE * share)


def violations_by_principle(turns: Sequence[ScoredTurn]) -> dict[str, int]:
    """How many worker replies hold a major or critical violation of each principle."""
    out: dict[str, int] = {}
    for w in _worker(turns):
        hit = {
            f.principle
            for f in w.score.findings
            if f.delta < 0 and f.severity in VIOLATION_SEVERITIES and f.principle
        }
        for p in sorted(hit):
            out[p] = out.get(p, 0) + 1
    return {p: out[p] for p in PRINCIPLES if p in out}


def applied_cap(
    m: dict[str, Any], average: float, violations: dict[str, int]
) -> dict[str, Any] | None:
    """Which ceiling capped the overall score, its value and its inputs; None if none did.

    Args:
        m: the session's measures (``measures``).
        average: the overall score before the ceilings.
        violations: worker replies with a major or critical violation, per principle.

    Returns:
        ``{"kind": "skill" | "conduct", "value", "average", "skill_ceiling",
        "conduct_ceiling", "skilled_replies", "violating_replies", "worker_turns",
        "violations"}`` when the lower ceiling is below the average (the lower one is the
        ``kind``; skill on a tie), else None.
    """
    skill, conduct = ceilings(m)
    value = min(skill, conduct)
    if value >= average:
        return None
    return {
        "kind": "skill" if skill <= conduct else "conduct",
        "value": round(value, 1),
        "average": round(average, 1),
        "skill_ceiling": round(skill, 1),
        "conduct_ceiling": round(conduct, 1),
        "skilled_replies": m["skilled_replies"],
        "violating_replies": m["violating_replies"],
        "worker_turns": m["worker_turns"],
        "violations": dict(violations),
    }


def summarize(turns: Sequence[ScoredTurn]) -> SessionScores:
    """Session scores from the scored turns (``docs/scoring.md``)."""
    worker = _worker(turns)
    m = measures(turns)
    if not worker:
        return SessionScores(0.0, dict.fromkeys(PRINCIPLES, 0.0), m, {}, {})
    scores, evidence = _principle_scores(worker)
    weights = {p: max(NO_EVIDENCE_WEIGHT, min(1.0, evidence[p] / 2.0)) for p in PRINCIPLES}
    principle_mean = sum(scores[p] * weights[p] for p in PRINCIPLES) / sum(weights.values())
    process = process_score(m)
    overall = (
        principle_mean
        if process is None
        else (PRINCIPLE_SHARE * principle_mean + (1 - PRINCIPLE_SHARE) * process)
    )
    cap = applied_cap(m, overall, violations_by_principle(turns))
    overall = min(overall, ceiling(m))
    coverage: dict[str, int] = {}
    roles: dict[str, int] = {}
    for w in worker:
        coverage[w.stage] = coverage.get(w.stage, 0) + 1
        for role in w.score.roles:
            roles[role] = roles.get(role, 0) + 1
    return SessionScores(round(max(0.0, min(100.0, overall)), 1), scores, m, coverage, roles, cap)


# ---- stage inference ----------------------------------------------------------------------

_COMMIT = {
    "id": (
        "saya akan",
        "nanti saya",
        "besok saya",
        "senin saya",
        "saya coba",
        "saya mau coba",
        "baik saya",
        "oke saya",
        "saya siap",
    ),
    "en": (
        "i will",
        "i am going to",
        "i can do that",
        "okay i",
        "i will try",
        "i could try",
        "sounds good",
        "i am ready",
    ),
}


class StageTracker:
    """A small state machine for the stage of a transcript that carries none (RUBRIC §2.2).

    engagement -> assessment once the worker has asked an open question or reflected (or
    after two replies); assessment -> planning once the client confirms a summary or
    reflection ("iya, betul"), which also marks the real problem reached; planning ->
    intervention once the client commits to a step after a plan; any -> referral when the
    worker refers after the problem is reached; any -> closing when the worker closes after a
    summary. A new risk cue or a new problem sends planning back to assessment (a spiral).
    """

    def __init__(self, scorer: Scorer, lang: str) -> None:
        from simulator.scoring.patterns import normalise_phrase

        self.scorer = scorer
        self.lang = lang
        self.stage = "engagement"
        self.reached = False
        self.replies = 0
        self.last_moves: tuple[str, ...] = ()
        self._commit = tuple(normalise_phrase(p, lang) for p in _COMMIT.get(lang, _COMMIT["en"]))

    def after_worker(self, score: ReplyScore) -> None:
        """Update the state after a worker reply was scored."""
        self.replies += 1
        moves = set(score.moves)
        self.last_moves = score.moves
        if self.stage == "engagement" and (
            moves & {"open_question", "reflection_simple", "reflection_complex", "paraphrase"}
            or self.replies >= 2
        ):
            self.stage = "assessment"
        if "referral" in moves and self.reached:
            self.stage = "referral"
        if "closing" in moves and ("summary" in moves or self.reached):
            self.stage = "closing"

    def after_client(self, text: str) -> None:
        """Update the state after a client turn."""
        confirmed = _confirms(self.scorer, text)
        reflective = set(self.last_moves) & {
            "summary",
            "reflection_simple",
            "reflection_complex",
            "paraphrase",
        }
        if self.stage == "assessment" and confirmed and reflective:
            self.reached = True
            self.stage = "planning"
        elif (
            self.stage == "planning" and "plan_proposal" in self.last_moves and self._commits(text)
        ):
            self.stage = "intervention"

    def _commits(self, text: str) -> bool:
        from simulator.scoring.patterns import normalise_phrase

        words = normalise_phrase(text, self.lang)
        return any(words[i : i + len(p)] == p for p in self._commit for i in range(len(words)))


def _confirms(scorer: Scorer, text: str) -> bool:
    confirmed = getattr(scorer, "confirmed", None)
    return bool(confirmed([text])) if confirmed else False


def score_turns(scorer: Scorer, lang: str, turns: Sequence[dict[str, Any]]) -> list[ScoredTurn]:
    """Score the worker turns of a transcript in order, inferring stages where none is given.

    Args:
        scorer: the scorer of the transcript's language.
        lang: that language.
        turns: dicts with ``speaker`` (client | worker), ``text`` and an optional ``stage``.
    """
    tracker = StageTracker(scorer, lang)
    client_seen: list[str] = []
    worker_seen: list[str] = []
    out: list[ScoredTurn] = []
    for turn in turns:
        speaker = turn.get("speaker")
        text = str(turn.get("text", ""))
        given = turn.get("stage") if isinstance(turn.get("stage"), str) else None
        if speaker == "client":
            tracker.after_client(text)
            client_seen.append(text)
            out.append(ScoredTurn("client", text, given))
            continue
        stage = given or tracker.stage
        ctx = ScoreContext(
            lang=lang,
            stage=stage,
            client_last=client_seen[-1] if client_seen else "",
            client_earlier=tuple(client_seen[:-1]),
            worker_earlier=tuple(worker_seen),
            real_problem_reached=tracker.reached if not given else None,
            turn=len(worker_seen),
        )
        score = scorer.score(text, ctx)
        if worker_seen and out[-1].speaker == "client":
            score = _continued_reflection(score, text, out, lang)
        tracker.after_worker(score)
        worker_seen.append(text)
        out.append(ScoredTurn("worker", text, stage, score))
    return out


_CUT_START = re.compile(r"^\s*(?:-|–|—|\.\.\.|…)")
_CUT_END = re.compile(r"(?:-|–|—|\.\.\.|…)\s*$")
_CONTINUED = {
    "en": "Your reflection goes on after the client's back-channel.",
    "id": "Refleksi Anda berlanjut setelah klien menimpali singkat.",
}
_BACKCHANNEL_WORDS = 4
_REFLECTING = ("reflection_complex", "reflection_simple", "paraphrase", "summary")


def _continued_reflection(
    score: ReplyScore, text: str, turns: list[ScoredTurn], lang: str
) -> ReplyScore:
    """A worker turn that goes on with the worker's own previous turn, cut off by the client's
    back-channel ("You've tried a lot of tablets-" / "Mm." / "- some from the chemist."), is
    the same utterance: when the turn before it reflected and this piece is a bare statement
    (no question, advice or other act of its own), it carries that reflection on (MITI codes a
    reflection per utterance). Only for spoken transcripts: a cut is marked by a dash or an
    ellipsis at the end of the earlier turn or the start of this one, and the client said no
    more than a back-channel in between."""
    if any(m != "encourager" for m in score.moves):
        return score
    k = len(turns) - 1
    while k >= 0 and turns[k].speaker == "client":
        if len(turns[k].text.split()) > _BACKCHANNEL_WORDS:
            return score
        k -= 1
    prev = turns[k] if k >= 0 else None
    if prev is None or prev.score is None:
        return score
    if not (_CUT_START.search(text) or _CUT_END.search(prev.text)):
        return score
    if not any(m in prev.score.moves for m in _REFLECTING) or sum(map(str.isalpha, text)) < 3:
        return score
    # a piece alone shows too little to judge added meaning: simple (MITI: when unsure, SR)
    move = "reflection_simple"
    message = _CONTINUED.get(lang, _CONTINUED["en"])
    finding = Finding("engine.continued_reflection", (0, len(text)), message, move=move)
    return replace(score, moves=(*score.moves, move), findings=(*score.findings, finding))
