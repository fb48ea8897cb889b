"""``SqliteStore``: the session store in one SQLite file (stdlib ``sqlite3``).

Durability: WAL journal with ``synchronous=FULL`` by default, so a committed turn survives
a killed process *and* a power cut (docs/store.md gives the measured cost of FULL against
NORMAL). The file is created 0600 in a 0700 folder before SQLite touches it; SQLite gives
its ``-wal`` and ``-shm`` files the database file's mode.

A file is accepted only if it is empty, a fresh SQLite file with no tables, or carries our
``application_id``; its ``user_version`` must not be newer than ``SCHEMA_VERSION``. Nothing
is written to a file before these checks pass.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.fsutil import FILE_MODE, create_private_file, ensure_private_dir, loose_mode
from simulator.store import SessionMeta, SessionSummary, StoredSession, StoreError, lease
from simulator.store.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

# Session ids and the pseudonym key come from the OS's random source (os.urandom), as with
# ``secrets``, whose import (hmac, hashlib, OpenSSL) would cost every start of the app.
_RANDOM = random.SystemRandom()

SQLITE_HEADER = b"SQLite format 3\x00"
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: ids are read aloud
ID_LENGTH = 8
SYNCHRONOUS = ("FULL", "NORMAL")


def now() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. ``2026-11-28T00:20:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SqliteStore:
    """The ``Store`` protocol over one SQLite file.

    Args:
        path: The database file; created (0600, folder 0700) if missing.
        synchronous: ``FULL`` (default) or ``NORMAL``; see docs/store.md.
        tighten_dir: Also set an existing folder to 0700 (only for the default folder).

    Raises:
        StoreError: The file is foreign, corrupt, newer than this program, or unreadable.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        synchronous: str = "FULL",
        tighten_dir: bool = False,
        create: bool = True,
    ) -> None:
        if synchronous not in SYNCHRONOUS:
            raise ValueError(f"synchronous must be one of {SYNCHRONOUS}")
        self.path = str(path)
        self._lock = threading.Lock()
        self._claims: dict[str, str] = {}  # session id -> lease key
        self._create = create
        self._conn = self._connect(Path(path), synchronous, tighten_dir)

    # -- opening -------------------------------------------------------------------------

    def _fail(self, why: str) -> StoreError:
        return StoreError(f"{self.path}: {why}")

    def _connect(self, path: Path, synchronous: str, tighten_dir: bool) -> sqlite3.Connection:
        try:
            if self._create:
                _tighten_dir(path.parent, tighten_dir)
                if not path.exists():
                    with contextlib.suppress(FileExistsError):
                        create_private_file(path)
            elif not path.exists():
                raise self._fail("no session database yet (play a session, or give --db)")
            if not path.is_file():
                raise self._fail("not a casework database (not a regular file)")
            with open(path, "rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise self._fail(f"cannot open the database: {exc.strerror or exc}") from None
        if header and header != SQLITE_HEADER:
            raise self._fail("not a casework database")
        if not header and not self._create:  # reading never turns a file into a database
            raise self._fail("not a casework database (an empty file)")
        try:
            conn = sqlite3.connect(
                path.absolute().as_uri() + "?mode=rw",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
                timeout=5.0,
            )
        except sqlite3.Error as exc:
            raise self._fail(f"cannot open the database: {exc}") from None
        try:
            self._check_and_migrate(conn, header == b"")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={synchronous}")
            conn.execute("PRAGMA foreign_keys=ON")
        except StoreError:
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            raise self._fail(f"cannot use the database: {exc}") from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._fail(f"not a casework database ({exc})") from None
        if header == b"":
            os.chmod(path, FILE_MODE)
        else:
            _tighten_file(path)
        return conn

    def _check_and_migrate(self, conn: sqlite3.Connection, empty_file: bool) -> None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        fresh = app_id == 0 and version == 0 and tables == 0
        if fresh and not self._create:
            raise self._fail("not a casework database (an SQLite file with no tables)")
        if not fresh and app_id != APPLICATION_ID:
            raise self._fail("not a casework database")
        if version > SCHEMA_VERSION:
            raise self._fail(
                f"written by a newer casework (database schema {version}, this casework "
                f"reads up to {SCHEMA_VERSION}); upgrade casework or choose another --db"
            )
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- helpers -------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise self._fail(f"database error: {exc}") from None

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise self._fail(f"database error: {exc}") from None

    def resolve_id(self, session_id: str) -> str:
        """The full id for ``session_id`` or a unique prefix of at least 4 characters.

        Raises:
            StoreError: No such session, or the prefix is ambiguous.
        """
        wanted = session_id.strip().lower()
        rows = self._query("SELECT id FROM sessions WHERE id = ?", (wanted,))
        if not rows and len(wanted) >= 4 and all(c in ID_ALPHABET for c in wanted):
            rows = self._query(
                "SELECT id FROM sessions WHERE id >= ? AND id < ? LIMIT 2",
                (wanted, wanted + "\U0010ffff"),
            )
        if not rows and len(wanted) < 4:
            raise self._fail(f"no session {session_id!r}{self._short_prefix_hint(wanted)}")
        if not rows:
            raise self._fail(f"no session {session_id!r}")
        if len(rows) > 1:
            raise self._fail(f"session id {session_id!r} is ambiguous; give more characters")
        return str(rows[0][0])

    def _short_prefix_hint(self, wanted: str) -> str:
        """For a prefix too short to use: the minimum length and the ids it could mean."""
        hint = "; give at least 4 characters of the id"
        if not wanted or not all(c in ID_ALPHABET for c in wanted):
            return hint
        rows = self._query(
            "SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (wanted, wanted + "\U0010ffff"),
        )
        if not rows:
            return hint
        names = ", ".join(str(r[0]) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
        return f"{hint} (it could be: {names})"

    def claim(self, session_id: str) -> None:
        """Hold the session for this process until ``close`` (see ``simulator.store.lease``).

        Raises:
            StoreError: Another live casework process is recording into it.
        """
        if session_id in self._claims:
            return
        try:
            self._claims[session_id] = lease.acquire(self.path, session_id)
        except lease.SessionBusy as busy:
            who = f" (pid {busy.owner})" if busy.owner else ""
            raise self._fail(
                f"session {session_id} is open in another casework process{who}; "
                "finish or close it there first"
            ) from None
        except OSError as exc:
            raise self._fail(f"cannot lock session {session_id}: {exc.strerror or exc}") from None

    # -- the Store protocol --------------------------------------------------------------

    def create_session(self, meta: SessionMeta) -> str:
        """Store a new session; returns its id (8 characters, e.g. ``k3vq8mzt``)."""
        stamp = now()
        with self._transaction() as conn:
            while True:
                sid = "".join(_RANDOM.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
                if not conn.execute("SELECT 1 FROM sessions WHERE id = ?", (sid,)).fetchone():
                    break
            conn.execute(
                "INSERT INTO sessions (id, scenario, scenario_version, scenario_path,"
                " scenario_title, lang, seed, mode, student, started, updated, next_seq,"
                " snapshot) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sid,
                    meta.scenario,
                    meta.scenario_version,
                    meta.scenario_path,
                    meta.scenario_title,
                    meta.lang,
                    int(meta.seed),
                    meta.mode,
                    meta.student,
                    stamp,
                    stamp,
                    len(meta.turns),
                    _dumps(meta.snapshot) if meta.snapshot is not None else None,
                ),
            )
            conn.executemany(
                "INSERT INTO turns (session_id, seq, speaker, data) VALUES (?,?,?,?)",
                [(sid, i, str(t.get("speaker", "")), _dumps(t)) for i, t in enumerate(meta.turns)],
            )
        self.claim(sid)
        return sid

    def record_turn(self, session_id: str, record: Mapping[str, Any]) -> None:
        """Commit one turn in one transaction.

        Args:
            session_id: The full session id.
            record: ``worker`` (turn dict, required), ``client`` (turn dict or None),
                ``ending`` (dict or None), ``snapshot`` (``Session.snapshot()``), and
                optionally ``scores`` (running ``SessionScores.to_dict()``).
        """
        worker = record.get("worker")
        if not isinstance(worker, Mapping):
            raise ValueError("record_turn needs the worker turn")
        client = record.get("client")
        new_turns = [worker] + ([client] if isinstance(client, Mapping) else [])
        ending = record.get("ending")
        scores = record.get("scores")
        snapshot = record.get("snapshot")
        self.claim(session_id)
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT next_seq FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise self._fail(f"no session {session_id!r}")
            seq = int(row[0])
            conn.executemany(
                "INSERT INTO turns (session_id, seq, speaker, data) VALUES (?,?,?,?)",
                [
                    (session_id, seq + i, str(t.get("speaker", "")), _dumps(t))
                    for i, t in enumerate(new_turns)
                ],
            )
            conn.execute(
                "UPDATE sessions SET next_seq = ?, worker_turns = worker_turns + 1, updated = ?,"
                " snapshot = COALESCE(?, snapshot), ending = COALESCE(?, ending),"
                " scores = COALESCE(?, scores), overall = COALESCE(?, overall) WHERE id = ?",
                (
                    seq + len(new_turns),
                    now(),
                    _dumps(snapshot) if snapshot is not None else None,
                    _dumps(ending) if ending else None,
                    _dumps(scores) if scores is not None else None,
                    _overall(scores),
                    session_id,
                ),
            )

    def finish(
        self, session_id: str, ending: Mapping[str, Any] | None, scores: Mapping[str, Any]
    ) -> None:
        """Mark the session finished, with its ending and final scores."""
        stamp = now()
        self.claim(session_id)
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE sessions SET finished = ?, updated = ?, ending = COALESCE(?, ending),"
                " scores = ?, overall = ? WHERE id = ?",
                (
                    stamp,
                    stamp,
                    _dumps(ending) if ending else None,
                    _dumps(scores),
                    _overall(scores),
                    session_id,
                ),
            )
            if cur.rowcount == 0:
                raise self._fail(f"no session {session_id!r}")

    def save_self_assessment(self, session_id: str, assessment: Any) -> None:
        """Store (or replace) the self-assessment (a ``SelfAssessment`` or its dict)."""
        from simulator.selfassess import SelfAssessment

        if not isinstance(assessment, SelfAssessment):
            assessment = SelfAssessment.from_dict(assessment)
        sid = self.resolve_id(session_id)
        self.claim(sid)
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO self_assessments (session_id, data, saved) VALUES (?,?,?)"
                " ON CONFLICT (session_id) DO UPDATE SET data = excluded.data,"
                " saved = excluded.saved",
                (sid, _dumps(assessment.to_dict()), now()),
            )

    def get(self, session_id: str) -> StoredSession:
        """The whole session; ``session_id`` may be a unique prefix."""
        sid = self.resolve_id(session_id)
        row = self._query(
            "SELECT scenario, scenario_version, scenario_path, scenario_title, lang, seed, mode,"
            " student, started, finished, ending, scores, snapshot FROM sessions WHERE id = ?",
            (sid,),
        )[0]
        turns = self._query("SELECT data FROM turns WHERE session_id = ? ORDER BY seq", (sid,))
        sa = self._query("SELECT data FROM self_assessments WHERE session_id = ?", (sid,))
        return StoredSession(
            id=sid,
            scenario=row[0],
            scenario_version=row[1],
            scenario_path=row[2],
            scenario_title=row[3],
            lang=row[4],
            seed=int(row[5]),
            mode=row[6],
            student=row[7],
            started=row[8],
            finished=row[9],
            ending=_loads(row[10]),
            scores=_loads(row[11]),
            snapshot=_loads(row[12]),
            turns=tuple(json.loads(t[0]) for t in turns),
            self_assessment=_loads(sa[0][0]) if sa else None,
        )

    def list(self, limit: int | None = None) -> list[SessionSummary]:
        """Sessions, newest first (``limit`` of them if given)."""
        sql = (
            "SELECT id, scenario, scenario_title, lang, student, started, finished,"
            " worker_turns, overall, scores FROM sessions ORDER BY started DESC, rowid DESC"
        )
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (int(limit),)
        out = []
        for r in self._query(sql, params):
            scores = _loads(r[9]) or {}
            out.append(
                SessionSummary(
                    id=r[0],
                    scenario=r[1],
                    scenario_title=r[2],
                    lang=r[3],
                    student=r[4],
                    started=r[5],
                    finished=r[6],
                    status="finished" if r[6] else "interrupted",
                    worker_turns=int(r[7]),
                    overall=r[8],
                    principles=dict(scores.get("principles") or {}),
                )
            )
        return out

    def latest_unfinished(self) -> str | None:
        """The id of the newest unfinished session, or None."""
        rows = self._query(
            "SELECT id FROM sessions WHERE finished IS NULL"
            " ORDER BY started DESC, rowid DESC LIMIT 1"
        )
        return str(rows[0][0]) if rows else None

    def pseudonym_key(self) -> bytes:
        """A random 32-byte key kept in the database, created on first use."""
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT value FROM casework_meta WHERE key = 'pseudonym_key'"
            ).fetchone()
            if row is None:
                value = os.urandom(32).hex()
                conn.execute(
                    "INSERT INTO casework_meta (key, value) VALUES ('pseudonym_key', ?)",
                    (value,),
                )
            else:
                value = row[0]
        return bytes.fromhex(value)

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite); let go of the sessions."""
        with self._lock:
            self._conn.close()
            claims, self._claims = self._claims, {}
        for key in claims.values():
            lease.release(key)

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _note(message: str) -> None:
    print(f"casework: {message}", file=sys.stderr, flush=True)


def _tighten_dir(folder: Path, tighten: bool) -> None:
    """Create the folder 0700; the program's own (default) folder is also made 0700."""
    loose = loose_mode(folder) if tighten else None
    ensure_private_dir(folder, tighten=tighten)
    if loose is not None:
        _note(f"{folder} was open to others (mode {loose:04o}); made it owner-only (0700)")


def _tighten_file(path: Path) -> None:
    """A database (and its -wal, -shm) its owner left readable by others becomes 0600."""
    loose = loose_mode(path)
    if loose is None:
        return
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(part, FILE_MODE)
    _note(f"{path} was readable by others (mode {loose:04o}); made it owner-only (0600)")


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


def _overall(scores: Mapping[str, Any] | None) -> float | None:
    if not isinstance(scores, Mapping):
        return None
    value = scores.get("overall")
    return float(value) if isinstance(value, int | float) else None
