"""Why the overall score was capped: the ceiling that applied, its inputs, and one sentence.

The overall score is the lowest of its average, a skill ceiling and a conduct ceiling
(``docs/scoring.md``, "Ceilings"). The scoring summary records which ceiling applied
(``SessionScores.cap``); sessions scored before it did get the same explanation derived from
their measures when the overall score sits exactly on a ceiling.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.report.strings import t
from simulator.vocab import MOVE_LABELS, PRINCIPLE_LABELS, PRINCIPLES

# A few skilled moves named as examples in the skill sentence (the full list is
# simulator.scoring.summary.SKILLED_MOVES).
EXAMPLE_SKILLS: tuple[str, ...] = ("open_question", "reflection_simple", "summary", "affirmation")
KINDS: tuple[str, ...] = ("skill", "conduct")


@dataclass(frozen=True)
class OverallCap:
    """The ceiling that capped the overall score, its inputs, and why, in the report's words."""

    kind: str  # "skill" | "conduct"
    value: float
    average: float | None  # the score before the ceiling; None when not recorded
    skilled_replies: int
    violating_replies: int
    worker_turns: int
    violations: dict[str, int]  # principle -> replies with a major/critical violation of it
    text: str


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _count(value: Any) -> int | None:
    n = _number(value)
    return int(n) if n is not None and n >= 0 else None


def _points(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def cap_text(
    lang: str,
    kind: str,
    value: float,
    skilled_replies: int,
    violating_replies: int,
    worker_turns: int,
    violations: Mapping[str, int],
) -> str:
    """The one-sentence reason, in ``lang``, why the overall score is capped at ``value``."""
    from simulator.scoring.summary import (
        SKILL_CEILING_STEP,
        VIOLATION_CEILING_FLOOR,
        VIOLATION_CEILING_SLOPE,
    )

    if kind == "skill":
        examples = ", ".join(MOVE_LABELS[m][lang] for m in EXAMPLE_SKILLS)
        return t(
            lang,
            "cap.skill",
            value=f"{value:.0f}",
            n=skilled_replies,
            total=worker_turns,
            examples=examples,
            step=_points(SKILL_CEILING_STEP),
        )
    named = ", ".join(
        t(lang, "cap.principle_count", label=PRINCIPLE_LABELS[p][lang], n=violations[p])
        for p in PRINCIPLES
        if violations.get(p)
    )
    per = VIOLATION_CEILING_SLOPE / worker_turns if worker_turns else VIOLATION_CEILING_SLOPE
    return t(
        lang,
        "cap.conduct",
        value=f"{value:.0f}",
        n=violating_replies,
        total=worker_turns,
        principles=f" ({named})" if named else "",
        per=_points(per),
        floor=_points(VIOLATION_CEILING_FLOOR),
    )


def _violations(value: Any) -> dict[str, int]:
    raw = value if isinstance(value, Mapping) else {}
    out = {p: _count(raw.get(p)) for p in PRINCIPLES}
    return {p: n for p, n in out.items() if n}


def _derived(scores: Mapping[str, Any], transcript: Sequence[Any]) -> dict[str, Any] | None:
    """The cap of a session scored before the summary recorded it, from its measures."""
    from simulator.scoring.summary import VIOLATION_SEVERITIES, ceilings

    overall = _number(scores.get("overall"))
    m = scores.get("measures")
    if overall is None or not isinstance(m, Mapping):
        return None
    counts = {k: _count(m.get(k)) for k in ("skilled_replies", "violating_replies", "worker_turns")}
    if None in counts.values() or not counts["worker_turns"]:
        return None
    skill, conduct = ceilings(counts)
    value = min(skill, conduct)
    if value >= 100.0 or round(value, 1) != overall:
        return None
    violations: dict[str, int] = {}
    for turn in transcript:
        hit = {
            f.principle
            for f in getattr(turn, "findings", ())
            if f.delta < 0 and f.severity in VIOLATION_SEVERITIES and f.principle
        }
        for p in hit:
            violations[p] = violations.get(p, 0) + 1
    kind = "skill" if skill <= conduct else "conduct"
    return {"kind": kind, "value": value, "average": None, **counts, "violations": violations}


def overall_cap(
    lang: str, scores: Mapping[str, Any], transcript: Sequence[Any]
) -> OverallCap | None:
    """The cap of a session's overall score with its reason in ``lang``, None if uncapped.

    Args:
        lang: the report's language.
        scores: the session's stored scores (``SessionScores.to_dict()``), possibly
            hand-edited: anything unreadable gives no cap rather than an error.
        transcript: the annotated transcript (its findings name the violated principles
            for sessions scored before the cap was recorded).
    """
    if "cap" in scores:
        raw = scores.get("cap")
        if not isinstance(raw, Mapping):
            return None
    else:
        raw = _derived(scores, transcript)
        if raw is None:
            return None
    kind = raw.get("kind")
    value = _number(raw.get("value"))
    skilled = _count(raw.get("skilled_replies"))
    violating = _count(raw.get("violating_replies"))
    total = _count(raw.get("worker_turns"))
    if kind not in KINDS or value is None or skilled is None or violating is None or total is None:
        return None
    violations = _violations(raw.get("violations"))
    text = cap_text(lang, str(kind), value, skilled, violating, total, violations)
    return OverallCap(
        kind=str(kind),
        value=value,
        average=_number(raw.get("average")),
        skilled_replies=skilled,
        violating_replies=violating,
        worker_turns=total,
        violations=violations,
        text=text,
    )
