"""Messages the screens post about the interview, carrying data (tests assert on them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message

from simulator.tui.backend import Line


@dataclass
class ScenarioChosen(Message):
    """The student picked a scenario on the home screen."""

    spec: str


@dataclass
class InterviewReady(Message):
    """The interview screen shows the opening line and the input has focus."""

    opening: Line


@dataclass
class ReplyScored(Message):
    """A reply was scored and its feedback is on screen (in Coach mode)."""

    reply: str
    score: Any  # ReplyScore


@dataclass
class ClientAnswered(Message):
    """The client's answer is on screen."""

    line: Line


@dataclass
class InterviewEnded(Message):
    """The session reached an ending (or the student ended it)."""

    ending: dict[str, Any]


@dataclass
class SelfAssessmentSaved(Message):
    """The student's self-assessment is stored."""

    ratings: dict[str, Any]


@dataclass
class ReportExported(Message):
    """The report was written to a file."""

    fmt: str
    path: Path
