"""The student's self-assessment: their own ratings beside the engine's scores.

After an interview the student rates each of the six principles and their handling of the
stages on a 1-5 scale and writes two short reflections. The report compares the ratings with
the engine's 0-100 scores: a rating ``r`` stands for ``(r - 1) * 25`` points, so 1 is 0,
3 is 50 and 5 is 100, and the calibration gap is self minus engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.errors import CaseworkError
from simulator.vocab import PRINCIPLES

RATING_MIN = 1
RATING_MAX = 5
TEXT_MAX = 5000


class SelfAssessmentError(CaseworkError):
    """A self-assessment that does not follow the rules (a rating out of range, ...)."""


def rating_points(rating: int) -> float:
    """A 1-5 rating on the engine's 0-100 scale (1 -> 0, 3 -> 50, 5 -> 100)."""
    return (rating - RATING_MIN) * 100.0 / (RATING_MAX - RATING_MIN)


@dataclass(frozen=True)
class SelfAssessment:
    """Ratings (1-5) for every principle and for the stages, and two reflections.

    Attributes:
        principles: Every principle id of ``vocab.PRINCIPLES`` -> rating 1-5.
        stages: How well the student followed the stages of the helping process, 1-5.
        went_well: What went well, in the student's words (may be empty).
        do_differently: What they would do differently (may be empty).
    """

    principles: Mapping[str, int]
    stages: int
    went_well: str = ""
    do_differently: str = ""

    def __post_init__(self) -> None:
        problems = _problems(self.principles, self.stages, self.went_well, self.do_differently)
        if problems:
            raise SelfAssessmentError("self-assessment: " + "; ".join(problems))
        object.__setattr__(self, "principles", {p: int(self.principles[p]) for p in PRINCIPLES})

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored with the session and written in exports and reports."""
        return {
            "principles": {p: self.principles[p] for p in PRINCIPLES},
            "stages": self.stages,
            "went_well": self.went_well,
            "do_differently": self.do_differently,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SelfAssessment:
        """Build from the JSON form; raises ``SelfAssessmentError`` on anything invalid."""
        if not isinstance(data, Mapping):
            raise SelfAssessmentError("self-assessment: expected an object")
        unknown = sorted(set(data) - {"principles", "stages", "went_well", "do_differently"})
        if unknown:
            raise SelfAssessmentError(f"self-assessment: unknown field {unknown[0]!r}")
        principles = data.get("principles")
        if not isinstance(principles, Mapping):
            raise SelfAssessmentError("self-assessment: 'principles' must be an object")
        return cls(
            principles=dict(principles),
            stages=data.get("stages"),  # type: ignore[arg-type]
            went_well=data.get("went_well", ""),
            do_differently=data.get("do_differently", ""),
        )

    def points(self) -> dict[str, float]:
        """Each principle's rating on the 0-100 scale."""
        return {p: rating_points(self.principles[p]) for p in PRINCIPLES}


def _is_rating(value: Any) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and RATING_MIN <= value <= RATING_MAX
    )


def _problems(principles: Any, stages: Any, went_well: Any, do_differently: Any) -> list[str]:
    problems: list[str] = []
    if not isinstance(principles, Mapping):
        return ["'principles' must map each principle to a rating"]
    for pid in sorted(set(principles) - set(PRINCIPLES)):
        problems.append(f"unknown principle {pid!r}")
    for pid in PRINCIPLES:
        if pid not in principles:
            problems.append(f"missing rating for {pid!r}")
        elif not _is_rating(principles[pid]):
            problems.append(
                f"rating for {pid!r} must be a whole number {RATING_MIN}-{RATING_MAX}, "
                f"not {principles[pid]!r}"
            )
    if not _is_rating(stages):
        problems.append(
            f"stage rating must be a whole number {RATING_MIN}-{RATING_MAX}, not {stages!r}"
        )
    for name, text in (("went_well", went_well), ("do_differently", do_differently)):
        if not isinstance(text, str):
            problems.append(f"{name!r} must be text")
        elif len(text) > TEXT_MAX:
            problems.append(f"{name!r} is longer than {TEXT_MAX} characters")
        elif "\x00" in text:
            problems.append(f"{name!r} contains a NUL character")
    return problems
