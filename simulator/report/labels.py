"""Readable labels and numbers shared by the Markdown and HTML renderings."""

from __future__ import annotations

from typing import Any

from simulator.report.strings import STRINGS, t
from simulator.vocab import MOVE_LABELS, ROLE_LABELS, STAGE_LABELS

MEASURE_ORDER: tuple[str, ...] = (
    "worker_turns",
    "open_questions",
    "closed_questions",
    "open_closed_ratio",
    "reflections_per_question",
    "complex_reflection_share",
    "why_questions",
    "longest_closed_run",
    "reflections",
    "unasked_advice",
    "advice_per_reply",
    "premature_replies",
    "critical_findings",
    "skilled_replies",
    "violating_replies",
    "real_problem_before_planning",
    "plan_with_client",
)


def stage_label(stage: str | None, lang: str) -> str:
    """A stage's name in ``lang`` (the id itself when unknown)."""
    return STAGE_LABELS.get(stage or "", {}).get(lang, stage or "—")


def role_label(role: str, lang: str) -> str:
    """A role's name in ``lang``."""
    return ROLE_LABELS.get(role, {}).get(lang, role)


def move_label(move: str, lang: str) -> str:
    """A move's name in ``lang``."""
    return MOVE_LABELS.get(move, {}).get(lang, move)


def fit_label(fit: str | None, lang: str) -> str:
    """A stage fit verdict in ``lang``."""
    key = f"fit.{fit}"
    return t(lang, key) if key in STRINGS else (fit or "—")


def score_text(score: float | None, lang: str) -> str:
    """A 0-100 score as a whole number, or "not scored"."""
    return t(lang, "not_scored") if score is None else f"{score:.0f}"


def signed(value: float) -> str:
    """A delta with its sign: ``+1``, ``-0.5``."""
    return f"{value:+g}"


def measures(data: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The interview measures as (label, value) pairs, known ones first."""
    keys = [k for k in MEASURE_ORDER if k in data] + sorted(
        k for k in data if k not in MEASURE_ORDER
    )
    out = []
    for key in keys:
        value = data[key]
        label = t(lang, f"m.{key}") if f"m.{key}" in STRINGS else key.replace("_", " ")
        if isinstance(value, bool):
            text = t(lang, "yes" if value else "no")
        elif isinstance(value, float):
            text = f"{value:.2f}".rstrip("0").rstrip(".")
        elif value is None:
            text = "—"
        else:
            text = str(value)
        out.append((label, text))
    return out


def ending_text(ending: dict[str, Any] | None, lang: str) -> str:
    """The ending's title and outcome, or "not ended"."""
    if not ending:
        return t(lang, "no_ending")
    outcome = str(ending.get("outcome", ""))
    key = f"outcome.{outcome}"
    word = t(lang, key) if key in STRINGS else outcome
    title = str(ending.get("title") or ending.get("id") or "")
    return f"{title} ({word})" if word else title
