"""Where sessions live between interviews: a small ``Store`` interface and its SQLite file.

Everything outside this package talks to the ``Store`` protocol only, so that a shared
server database could replace the file later (``docs/store.md`` documents the contract).
``open_store()`` picks the file: the ``path`` argument (``--db``), else ``$CASEWORK_DB``,
else ``casework.db`` in the user data directory.

A live session is recorded through ``TurnRecorder``, passed to ``Session(on_turn=...)``:
each turn (worker reply with its score, the client's answer, the session snapshot) is
committed in one transaction before the answer is shown.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from simulator.errors import CaseworkError

APP_NAME = "casework-simulator"
DB_FILENAME = "casework.db"
ENV_DB = "CASEWORK_DB"


class StoreError(CaseworkError):
    """The database cannot be used: foreign, corrupt, too new, unreadable; or no such session."""


@dataclass(frozen=True)
class SessionMeta:
    """What is known about a session when it starts.

    Attributes:
        scenario: The scenario id.
        lang: The session's language (``id`` or ``en``).
        seed: The variant seed.
        mode: ``coach`` or ``exam``.
        scenario_version: The scenario's ``version``.
        scenario_path: Where the scenario was loaded from (to load it again on resume).
        scenario_title: The scenario's title, for lists.
        student: Who played (``--student``; default the OS user name).
        turns: Transcript turns already shown (normally the client's opening line).
        snapshot: ``Session.snapshot()`` after ``start()``, so that even a session killed
            before the first reply can be resumed.
    """

    scenario: str
    lang: str
    seed: int
    mode: str
    scenario_version: str = ""
    scenario_path: str = ""
    scenario_title: str = ""
    student: str = ""
    turns: tuple[Mapping[str, Any], ...] = ()
    snapshot: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class SessionSummary:
    """One row of ``Store.list()``: enough for history and the home screen."""

    id: str
    scenario: str
    scenario_title: str
    lang: str
    student: str
    started: str  # ISO 8601 UTC
    finished: str | None
    status: str  # "finished" | "interrupted"
    worker_turns: int
    overall: float | None
    principles: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``casework history --json``."""
        return {
            "id": self.id,
            "scenario": self.scenario,
            "scenario_title": self.scenario_title,
            "lang": self.lang,
            "student": self.student,
            "date": self.started,
            "finished": self.finished,
            "status": self.status,
            "worker_turns": self.worker_turns,
            "overall": self.overall,
            "principles": dict(self.principles),
        }


@dataclass(frozen=True)
class StoredSession:
    """A whole session as stored: metadata, every transcript turn, results.

    ``turns`` are transcript turn dicts (``docs/architecture.md``), client and worker, in
    order; worker turns carry their ``score``. ``scores`` is ``SessionScores.to_dict()``
    (set when the session finished, or the running scores of an interrupted one when the
    recorder knew them). ``self_assessment`` is ``SelfAssessment.to_dict()`` or None.
    """

    id: str | None
    scenario: str
    lang: str
    seed: int
    mode: str
    scenario_version: str = ""
    scenario_path: str = ""
    scenario_title: str = ""
    student: str = ""
    started: str | None = None
    finished: str | None = None
    turns: tuple[Mapping[str, Any], ...] = ()
    ending: Mapping[str, Any] | None = None
    scores: Mapping[str, Any] | None = None
    self_assessment: Mapping[str, Any] | None = None
    snapshot: Mapping[str, Any] | None = None

    @property
    def status(self) -> str:
        """``finished`` once ``Store.finish`` ran (or, for a transcript file without a
        store id, once it has an ending), else ``interrupted``."""
        if self.finished or (self.id is None and self.ending):
            return "finished"
        return "interrupted"

    @property
    def worker_turns(self) -> int:
        """How many replies the worker gave."""
        return sum(1 for t in self.turns if t.get("speaker") == "worker")

    def transcript(self) -> dict[str, Any]:
        """The session as the transcript JSON that ``casework play`` writes."""
        data: dict[str, Any] = {
            "schema_version": 1,
            "scenario": self.scenario,
            "scenario_version": self.scenario_version,
            "lang": self.lang,
            "seed": self.seed,
            "mode": self.mode,
            "turns": [dict(t) for t in self.turns],
            "ending": dict(self.ending) if self.ending else None,
        }
        if self.scores is not None:
            data["scores"] = dict(self.scores)
        return data


class Store(Protocol):
    """Where sessions are kept. ``SqliteStore`` is the implementation; see docs/store.md."""

    path: str

    def create_session(self, meta: SessionMeta) -> str:
        """Store a new session and return its id (short, stable)."""
        ...

    def claim(self, session_id: str) -> None:
        """Hold the session for this process until ``close``; writing methods claim it too.

        Raises ``StoreError`` if another live process holds it (see ``store.lease``)."""
        ...

    def record_turn(self, session_id: str, record: Mapping[str, Any]) -> None:
        """Commit one turn atomically: worker turn, client answer, ending, snapshot, scores."""
        ...

    def finish(
        self, session_id: str, ending: Mapping[str, Any] | None, scores: Mapping[str, Any]
    ) -> None:
        """Mark a session finished with its ending and final ``SessionScores.to_dict()``."""
        ...

    def save_self_assessment(self, session_id: str, assessment: Any) -> None:
        """Store (or replace) the session's ``SelfAssessment``."""
        ...

    def get(self, session_id: str) -> StoredSession:
        """The whole session; ``session_id`` may be a unique prefix. Raises ``StoreError``."""
        ...

    def list(self, limit: int | None = None) -> list[SessionSummary]:
        """Sessions, newest first."""
        ...

    def latest_unfinished(self) -> str | None:
        """The id of the newest session not yet finished, or None."""
        ...

    def pseudonym_key(self) -> bytes:
        """A secret kept with the store, for stable pseudonyms (created on first use)."""
        ...

    def close(self) -> None:
        """Release the database."""
        ...


def default_db_path() -> Path:
    """``casework.db`` in the platform's user data directory for casework-simulator."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The database file to use, and whether it is the default one.

    Args:
        path: ``--db`` if given.

    Returns:
        ``(path, is_default)``: ``path`` argument, else ``$CASEWORK_DB``, else the default.
    """
    if path:
        return Path(path).expanduser(), False
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser(), False
    return default_db_path(), True


def open_store(
    path: str | os.PathLike[str] | None = None, *, create: bool = True, **options: Any
) -> Store:
    """Open (creating if needed) the session store.

    Args:
        path: The database file (``--db``); None: ``$CASEWORK_DB`` or the default.
        create: False for commands that only read or resume: a missing file, an empty file
            or an SQLite file with no tables is refused and left as it is.
        **options: Passed to ``SqliteStore`` (e.g. ``synchronous="NORMAL"``).

    Raises:
        StoreError: The file is not a casework database, is corrupt, or is newer (or, with
            ``create=False``, is missing or empty).
    """
    from simulator.store.sqlite import SqliteStore

    resolved, is_default = resolve_db_path(path)
    return SqliteStore(resolved, tighten_dir=is_default, create=create, **options)


def default_student() -> str:
    """The OS user name, the student's name when none is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return ""


class TurnRecorder:
    """The ``Session(on_turn=...)`` hook that commits each turn to a store.

    Args:
        store: Where to record.
        session_id: The session's id from ``Store.create_session``.
        scores: Optional callable returning the running ``SessionScores`` (e.g.
            ``session.scores``); when set, an interrupted session's report has scores.
    """

    def __init__(
        self,
        store: Store,
        session_id: str,
        scores: Callable[[], Any] | None = None,
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.scores = scores

    def __call__(self, record: Any) -> None:
        data = dict(record) if isinstance(record, Mapping) else _attrs(record)
        if self.scores is not None and "scores" not in data:
            current = self.scores()
            data["scores"] = current.to_dict() if hasattr(current, "to_dict") else current
        self.store.record_turn(self.session_id, data)


def _attrs(record: Any) -> dict[str, Any]:
    """A turn record given as an object instead of a mapping."""
    return {
        k: getattr(record, k)
        for k in ("worker", "client", "ending", "snapshot", "scores")
        if hasattr(record, k)
    }
