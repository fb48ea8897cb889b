"""Interview measures counted from the moves of an annotated transcript.

The scoring engine's ``SessionScores.measures`` are authoritative; these counts fill in the
basic ones when a session has no stored scores (a hand-made transcript, an old export), so
that every report shows the open:closed balance and the runs of closed questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

REFLECTIONS = ("reflection_simple", "reflection_complex")
OPEN_MOVES = ("open_question",)
CLOSED_MOVES = ("closed_question",)
QUESTION_MOVES = ("open_question", "closed_question", "why_question")
# Moves that end a run of closed questions: the worker opened up or listened back.
RUN_BREAKERS = ("open_question", "summary", "paraphrase", *REFLECTIONS)


def turn_measures(transcript: Iterable[Any]) -> dict[str, Any]:
    """Open and closed questions, their ratio, reflections per question, longest closed run.

    Args:
        transcript: ``TranscriptTurn``-like objects with ``speaker`` and ``moves``.

    Returns:
        ``open_questions``, ``closed_questions``, ``open_closed_ratio`` (None when there is
        no closed question), ``reflections_per_question`` (None without questions),
        ``longest_closed_run``.
    """
    moves = [m for t in transcript if t.speaker == "worker" for m in t.moves]
    opened = sum(1 for m in moves if m in OPEN_MOVES)
    closed = sum(1 for m in moves if m in CLOSED_MOVES)
    questions = sum(1 for m in moves if m in QUESTION_MOVES)
    reflections = sum(1 for m in moves if m in REFLECTIONS)
    run = longest = 0
    for m in moves:
        if m in CLOSED_MOVES:
            run += 1
            longest = max(longest, run)
        elif m in RUN_BREAKERS:
            run = 0
    return {
        "open_questions": opened,
        "closed_questions": closed,
        "open_closed_ratio": round(opened / closed, 2) if closed else None,
        "reflections_per_question": round(reflections / questions, 2) if questions else None,
        "longest_closed_run": longest,
    }


def stage_fit_share(fits: Sequence[str | None]) -> float | None:
    """The share (0-1) of judged worker turns whose stage fit is ``fits``; None if none."""
    judged = [f for f in fits if f]
    if not judged:
        return None
    return sum(1 for f in judged if f == "fits") / len(judged)
