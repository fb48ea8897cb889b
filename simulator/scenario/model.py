"""The loaded scenario: frozen dataclasses, no behaviour beyond small lookups.

The YAML format is documented in ``docs/scenario-format.md``; the loader
(``simulator.scenario.load``) builds these objects and collects every problem with its
position. ``Pos`` records where a thing was written so that later checks (validation,
walkthroughs) can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Pos:
    """Where something was written: 1-based line and column in ``path``."""

    path: str = "<memory>"
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Persona:
    name: str
    age: int
    gender: str  # "female" | "male" | "other"
    address: tuple[str, ...]  # forms of address, preferred first: ("Bu Sri", "Ibu", "Bu")
    background: str


@dataclass(frozen=True)
class Fact:
    """A hidden fact, revealed when a beat that names it in ``reveals`` is shown.

    ``core`` facts together make up the real problem: once all are revealed the real
    problem counts as reached (planning is then no longer premature).
    """

    id: str
    text: str
    core: bool = False
    hint: str = ""  # for authors: what good practice reveals it
    pos: Pos = Pos()


@dataclass(frozen=True)
class Condition:
    """One node of the condition tree. ``op`` is a key of the fixed vocabulary
    (see ``simulator.scenario.conditions.OPS``); ``arg`` its validated argument;
    ``children`` for ``all`` / ``any`` / ``not``."""

    op: str
    arg: Any = None
    children: tuple[Condition, ...] = ()
    pos: Pos = Pos()


@dataclass(frozen=True)
class Effects:
    set: tuple[tuple[str, int], ...] = ()
    add: tuple[tuple[str, int], ...] = ()
    reveal: tuple[str, ...] = ()


@dataclass(frozen=True)
class Branch:
    """``when`` holds (None for the fallback) -> go to beat ``goto`` or end with ``end``."""

    when: Condition | None
    goto: str | None
    end: str | None
    effects: Effects = Effects()
    pos: Pos = Pos()


@dataclass(frozen=True)
class Beat:
    id: str
    stage: str
    lines: tuple[str, ...]  # variants, one picked per visit by the seeded generator
    branches: tuple[Branch, ...]  # tried in order, first match wins
    fallback: Branch  # taken when no branch matches (required)
    reveals: tuple[str, ...] = ()  # facts revealed when this beat is shown
    effects: Effects = Effects()  # applied when this beat is shown
    pos: Pos = Pos()


@dataclass(frozen=True)
class Ending:
    id: str
    kind: str  # vocab.ENDING_KINDS
    outcome: str  # "good" | "mixed" | "poor"
    title: str
    lines: tuple[str, ...]  # the client's last words, variants
    pos: Pos = Pos()


@dataclass(frozen=True)
class WalkthroughStep:
    reply: str
    beat: str | None = None  # expected beat the client answers with
    stage: str | None = None  # expected stage of that beat
    moves: tuple[str, ...] = ()  # moves the reply must show
    not_moves: tuple[str, ...] = ()  # moves the reply must not show
    fit: str | None = None  # expected stage fit
    ending: str | None = None  # expected ending reached after this reply
    pos: Pos = Pos()


@dataclass(frozen=True)
class Walkthrough:
    id: str
    description: str
    seed: int
    steps: tuple[WalkthroughStep, ...]
    ending: str | None  # expected ending at the end (None: still running)
    scores: tuple[tuple[str, float, float], ...] = ()  # (overall|principle, low, high)
    pos: Pos = Pos()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    lang: str
    difficulty: str
    category: str
    minutes: int
    learning_goals: tuple[str, ...]
    author: str
    version: str
    persona: Persona
    intake: str
    presenting_problem: str
    real_problem: str
    facts: tuple[Fact, ...]
    risk_flags: tuple[str, ...]
    stages: tuple[str, ...]
    variables: tuple[tuple[str, int], ...]  # declared state and initial values; rapport built in
    start: str
    turn_limit: int
    turn_limit_ending: str
    beats: tuple[Beat, ...]
    endings: tuple[Ending, ...]
    walkthroughs: tuple[Walkthrough, ...] = ()
    rules: tuple[Path, ...] = ()  # extra rulebooks, resolved against the scenario file
    description: str = ""
    rapport: tuple[int, int, int] = (0, -5, 10)  # (start, min, max) from `rapport:`
    path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def beat(self, beat_id: str) -> Beat:
        return self._beats[beat_id]

    def ending(self, ending_id: str) -> Ending:
        return self._endings[ending_id]

    def fact(self, fact_id: str) -> Fact:
        return self._facts[fact_id]

    @cached_property
    def _beats(self) -> dict[str, Beat]:
        return {b.id: b for b in self.beats}

    @cached_property
    def _endings(self) -> dict[str, Ending]:
        return {e.id: e for e in self.endings}

    @cached_property
    def _facts(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}
