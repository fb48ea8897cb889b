"""The SQLite schema, versioned with ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database at version ``n - 1`` to version ``n``. A new schema
version appends one entry; the store applies the missing ones in a single transaction when
it opens an older file, and refuses a file whose version is newer than ``SCHEMA_VERSION``.
``APPLICATION_ID`` (``PRAGMA application_id``, the ASCII of "CASW") marks the file as ours.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
APPLICATION_ID = 0x43415357  # "CASW"

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE casework_meta (
               key   TEXT PRIMARY KEY,
               value TEXT NOT NULL
           )""",
        """CREATE TABLE sessions (
               id               TEXT PRIMARY KEY,
               scenario         TEXT NOT NULL,
               scenario_version TEXT NOT NULL DEFAULT '',
               scenario_path    TEXT NOT NULL DEFAULT '',
               scenario_title   TEXT NOT NULL DEFAULT '',
               lang             TEXT NOT NULL,
               seed             INTEGER NOT NULL,
               mode             TEXT NOT NULL,
               student          TEXT NOT NULL DEFAULT '',
               started          TEXT NOT NULL,
               updated          TEXT NOT NULL,
               finished         TEXT,
               worker_turns     INTEGER NOT NULL DEFAULT 0,
               next_seq         INTEGER NOT NULL DEFAULT 0,
               ending           TEXT,
               scores           TEXT,
               overall          REAL,
               snapshot         TEXT
           )""",
        "CREATE INDEX sessions_started ON sessions (started)",
        """CREATE TABLE turns (
               session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
               seq        INTEGER NOT NULL,
               speaker    TEXT NOT NULL,
               data       TEXT NOT NULL,
               PRIMARY KEY (session_id, seq)
           ) WITHOUT ROWID""",
        """CREATE TABLE self_assessments (
               session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
               data       TEXT NOT NULL,
               saved      TEXT NOT NULL
           )""",
    ),
}
