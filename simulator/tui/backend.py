"""The app's one door to the UI-free core: catalog, scorer, Session, store, reports.

Screens never import the core directly; they ask a ``Backend``. ``CoreBackend`` is the real
one. Every call that may touch the disk or score a reply is made on the app's single worker
thread (see ``CaseworkApp.call``), so the SQLite connection is only ever used by one thread.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class ScenarioEntry:
    """One row of the home screen's scenario list."""

    spec: str  # what ``Backend.load`` takes: an id or a path
    id: str
    title: str
    lang: str
    difficulty: str
    category: str
    minutes: int
    description: str = ""
    is_default: bool = False


@dataclass(frozen=True)
class SessionEntry:
    """One row of the home screen's recent sessions."""

    id: str
    scenario_id: str
    title: str
    started: str  # a short local time string
    finished: bool
    overall: float | None = None
    principles: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    """One turn as the chat shows it."""

    speaker: str  # "client" | "worker"
    text: str
    stage: str | None = None


@dataclass
class Play:
    """A live interview: the session, its scorer, and where it is stored.

    Attributes:
        scenario: The loaded scenario.
        session: A ``simulator.session.Session``.
        scorer: The scorer the session uses (for hints).
        mode: ``coach`` or ``exam``.
        seed: The variant seed.
        session_id: The store's id for this session (None when not stored).
        lines: The chat so far.
        self_assessment: The student's ratings once given.
        ending: The ending dict once the session has ended.
    """

    scenario: Any
    session: Any
    scorer: Any
    mode: str
    seed: int
    session_id: str | None = None
    lines: list[Line] = field(default_factory=list)
    self_assessment: Any = None
    ending: dict[str, Any] | None = None


@dataclass(frozen=True)
class TurnView:
    """What the interview screen needs after one reply."""

    score: Any  # ReplyScore
    client: Line | None
    stage: str | None
    rapport: int | None
    ending: dict[str, Any] | None


class Backend(Protocol):
    """What the app needs from the core; ``CoreBackend`` is the real one."""

    def scenarios(self) -> list[ScenarioEntry]: ...

    def load(self, spec: str) -> Any: ...

    def recent(self, limit: int = 8) -> list[SessionEntry]: ...

    def latest_unfinished(self) -> str | None: ...

    def begin(self, scenario: Any, *, seed: int | None, mode: str) -> Play: ...

    def resume(self, session_id: str) -> Play: ...

    def warm(self, play: Play) -> None: ...

    def hint(self, play: Play, stage: str) -> str: ...

    def reply(self, play: Play, text: str) -> TurnView: ...

    def stop(self, play: Play, title: str) -> None: ...

    def save_self_assessment(self, play: Play, ratings: Mapping[str, Any]) -> None: ...

    def report(self, play: Play, lang: str) -> Any: ...

    def stored_report(self, session_id: str, lang: str) -> Any: ...

    def export(self, report: Any, fmt: str, directory: Path) -> Path: ...


def fresh_seed() -> int:
    """A seed for a session started without ``--seed``."""
    return random.SystemRandom().randrange(1, 1_000_000)


def turn_view(result: Any) -> TurnView:
    """The screen's view of a ``simulator.session.TurnResult``."""
    client = result.client
    rapport = result.state.get("rapport")
    return TurnView(
        score=result.score,
        client=None if client is None else Line("client", client.text, client.stage),
        stage=result.stage,
        rapport=rapport if isinstance(rapport, int) else None,
        ending=None if result.ending is None else result.ending.to_dict(),
    )
