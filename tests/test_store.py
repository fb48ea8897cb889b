"""The SQLite store: round trips, ids, file modes, bad files, atomic turns."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from simulator.fsutil import write_private
from simulator.selfassess import SelfAssessment, SelfAssessmentError
from simulator.store import (
    SessionMeta,
    StoreError,
    TurnRecorder,
    open_store,
    resolve_db_path,
)
from simulator.store.migrations import SCHEMA_VERSION
from simulator.vocab import PRINCIPLES


def meta(**kw) -> SessionMeta:
    base = dict(
        scenario="utang-pinjol-bu-sri",
        lang="id",
        seed=7,
        mode="coach",
        scenario_version="1.0",
        scenario_title="Utang Pinjol Bu Sri",
        student="rina",
        turns=({"speaker": "client", "text": "Permisi, Bu.", "stage": "engagement"},),
        snapshot={"turn": 0},
    )
    base.update(kw)
    return SessionMeta(**base)


def worker(text: str, overall_delta: float = 0.5) -> dict:
    return {
        "speaker": "worker",
        "text": text,
        "stage": "engagement",
        "score": {"moves": ["greeting"], "principles": {"acceptance": overall_delta}},
    }


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_of_a_session(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    sid = store.create_session(meta())
    assert len(sid) == 8
    store.record_turn(
        sid,
        {
            "worker": worker("Selamat pagi, Bu Sri."),
            "client": {"speaker": "client", "text": "Pagi.", "stage": "engagement"},
            "ending": None,
            "snapshot": {"turn": 1},
            "scores": {"overall": 40.0, "principles": {"acceptance": 55.0}},
        },
    )
    s = store.get(sid)
    assert [t["text"] for t in s.turns] == ["Permisi, Bu.", "Selamat pagi, Bu Sri.", "Pagi."]
    assert s.snapshot == {"turn": 1}
    assert s.status == "interrupted" and s.worker_turns == 1
    assert store.latest_unfinished() == sid
    (row,) = store.list()
    assert (row.id, row.status, row.worker_turns, row.overall) == (sid, "interrupted", 1, 40.0)

    ending = {"id": "plan", "kind": "plan_agreed", "outcome": "good", "title": "Rencana"}
    store.finish(sid, ending, {"overall": 71.5, "principles": {p: 60.0 for p in PRINCIPLES}})
    s = store.get(sid)
    assert s.status == "finished" and s.ending == ending and s.scores["overall"] == 71.5
    assert store.latest_unfinished() is None
    assert store.list()[0].overall == 71.5
    assert s.transcript()["turns"][1]["text"] == "Selamat pagi, Bu Sri."
    store.close()


def test_list_is_newest_first_and_ids_accept_a_unique_prefix(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    ids = [store.create_session(meta(seed=i)) for i in range(3)]
    assert [r.id for r in store.list()] == ids[::-1]
    assert store.get(ids[1][:6]).seed == 1
    with pytest.raises(StoreError, match="no session 'zzzzzzzz'"):
        store.get("zzzzzzzz")
    short = ids[0][:3]
    with pytest.raises(StoreError, match="at least 4 characters") as info:
        store.get(short)
    assert ids[0] in str(info.value)  # the sessions it could mean are named
    with pytest.raises(StoreError, match="at least 4 characters"):
        store.get("zz")


def test_a_failing_turn_commits_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    sid = store.create_session(meta())
    with pytest.raises(TypeError):
        store.record_turn(sid, {"worker": worker("Halo"), "snapshot": {"bad": object()}})
    s = store.get(sid)
    assert len(s.turns) == 1 and s.snapshot == {"turn": 0}


def test_recorder_stores_running_scores(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    sid = store.create_session(meta())
    recorder = TurnRecorder(store, sid, scores=lambda: {"overall": 12.0, "principles": {}})
    recorder({"worker": worker("Halo"), "client": None, "ending": None, "snapshot": {"t": 1}})
    assert store.get(sid).scores["overall"] == 12.0
    assert store.list()[0].overall == 12.0


def test_self_assessment_is_validated_and_stored(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    sid = store.create_session(meta())
    sa = SelfAssessment({p: 4 for p in PRINCIPLES}, 3, "Refleksi", "Lebih sabar")
    store.save_self_assessment(sid, sa)
    store.save_self_assessment(sid, sa.to_dict() | {"stages": 2})
    assert store.get(sid).self_assessment["stages"] == 2
    with pytest.raises(SelfAssessmentError, match="rating for 'openness'"):
        SelfAssessment({p: 6 if p == "openness" else 3 for p in PRINCIPLES}, 3)
    with pytest.raises(SelfAssessmentError, match="missing rating"):
        SelfAssessment.from_dict({"principles": {"acceptance": 3}, "stages": 3})
    with pytest.raises(SelfAssessmentError, match="stage rating"):
        SelfAssessment({p: 3 for p in PRINCIPLES}, True)  # type: ignore[arg-type]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o277])
def test_database_and_folders_are_owner_only(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        db = tmp_path / "new" / "deeper" / "c.db"
        store = open_store(db)
        store.record_turn(store.create_session(meta()), {"worker": worker("Halo")})
        for f in db.parent.iterdir():  # the database, -wal and -shm
            assert mode_of(f) == 0o600, f
        assert {p.name for p in db.parent.iterdir()} >= {"c.db", "c.db-wal"}
        assert mode_of(db.parent) == 0o700
        assert mode_of(db.parent.parent) == 0o700
        store.close()
        out = write_private(tmp_path / "exports" / "s.json", "{}")
        assert mode_of(out) == 0o600 and mode_of(out.parent) == 0o700
    finally:
        os.umask(old)


def test_write_private_replaces_atomically_and_keeps_the_old_file_on_failure(
    tmp_path: Path,
) -> None:
    target = tmp_path / "r.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_private(target, "new")
    assert target.read_text() == "new" and mode_of(target) == 0o600
    with pytest.raises(OSError):
        write_private(tmp_path, "x")  # a folder cannot be replaced by a file
    assert target.read_text() == "new"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_text_file_is_not_a_casework_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("my notes, not a database\n" * 10)
    before = digest(db)
    with pytest.raises(StoreError, match=r"notes.txt: not a casework database$"):
        open_store(db)
    assert digest(db) == before


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError, match="not a casework database"):
        open_store(db)
    assert digest(db) == before
    assert not (tmp_path / "other.db-wal").exists()


def test_a_corrupt_database_gives_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    store = open_store(db)
    store.create_session(meta())
    store.close()
    data = bytearray(db.read_bytes())
    data[100:] = b"\xa5" * (len(data) - 100)
    db.write_bytes(bytes(data))
    before = digest(db)
    with pytest.raises(StoreError, match="c.db: not a casework database"):
        open_store(db)
    assert digest(db) == before


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError, match=f"newer casework \\(database schema {SCHEMA_VERSION + 1}"):
        open_store(db)
    assert digest(db) == before


def test_an_empty_file_becomes_a_database_at_the_current_schema(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch(mode=0o644)
    open_store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert mode_of(db) == 0o600


def test_durability_settings(tmp_path: Path) -> None:
    full = open_store(tmp_path / "a.db")
    assert full._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    normal = open_store(tmp_path / "b.db", synchronous="NORMAL")
    assert normal._conn.execute("PRAGMA synchronous").fetchone()[0] == 1


def test_db_path_from_option_then_environment_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CASEWORK_DB", raising=False)
    path, is_default = resolve_db_path(None)
    assert is_default and path == tmp_path / "xdg" / "casework-simulator" / "casework.db"
    monkeypatch.setenv("CASEWORK_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(None) == (tmp_path / "env.db", False)
    assert resolve_db_path(str(tmp_path / "opt.db")) == (tmp_path / "opt.db", False)


def test_pseudonym_key_is_stable(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.db")
    key = store.pseudonym_key()
    store.close()
    assert len(key) == 32 and open_store(tmp_path / "c.db").pseudonym_key() == key


@pytest.mark.parametrize("command", [["history"], ["report", "abcd"], ["export", "abcd"]])
def test_commands_refuse_a_newer_foreign_or_corrupt_database_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from simulator.cli import main

    newer = tmp_path / "newer.db"
    open_store(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 3}")
    conn.close()
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a zip file
    corrupt = tmp_path / "corrupt.db"
    store = open_store(corrupt)
    store.create_session(meta())
    store.close()
    data = bytearray(corrupt.read_bytes())
    data[100:] = b"\x5a" * (len(data) - 100)
    corrupt.write_bytes(bytes(data))
    for db, message in (
        (newer, "written by a newer casework"),
        (foreign, "not a casework database"),
        (corrupt, "not a casework database"),
    ):
        before = digest(db)
        assert main([*command, "--db", str(db)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"{db}: ") and message in err
        assert digest(db) == before


def test_an_older_database_is_migrated_in_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simulator.store.sqlite as sqlite_store

    db = tmp_path / "c.db"
    store = open_store(db)
    sid = store.create_session(meta())
    store.close()
    future = {**sqlite_store.MIGRATIONS, 2: ("ALTER TABLE sessions ADD COLUMN room TEXT",)}
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", future)
    store = open_store(db)
    assert store.get(sid).scenario == "utang-pinjol-bu-sri"
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert store._conn.execute("SELECT room FROM sessions").fetchall() == [(None,)]
    store.close()


def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simulator.store.sqlite as sqlite_store

    db = tmp_path / "c.db"
    store = open_store(db)
    sid = store.create_session(meta())
    store.close()
    broken = {
        **sqlite_store.MIGRATIONS,
        2: ("ALTER TABLE sessions ADD COLUMN room TEXT", "ALTER TABLE no_such_table ADD x"),
    }
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", broken)
    with pytest.raises(StoreError, match="c.db: "):
        open_store(db)
    monkeypatch.undo()
    store = open_store(db)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = [r[1] for r in store._conn.execute("PRAGMA table_info(sessions)")]
    assert "room" not in columns and store.get(sid).seed == 7


# -- reading never creates or converts; loose modes are tightened -----------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    from simulator.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [["history"], ["history", "--json"], ["report", "abcd2345"], ["export", "abcd2345"]],
    ids=["history", "history-json", "report", "export"],
)
def test_reading_commands_leave_an_empty_file_untouched(tmp_path: Path, capsys, argv) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    empty.chmod(0o644)
    code, out, err = _cli(capsys, *argv, "--db", str(empty))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(str(empty)) and "not a casework database" in err
    assert empty.read_bytes() == b"" and mode_of(empty) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_resume_with_a_new_database_creates_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "sub" / "new.db"
    replies = tmp_path / "r.txt"
    replies.write_text("Halo\n", encoding="utf-8")
    code, out, err = _cli(capsys, "play", "--resume", "--replies", str(replies), "--db", str(db))
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert "no session database" in err
    assert not db.parent.exists()
    code, out, err = _cli(capsys, "history", "--db", str(db))
    assert code == 0 and not db.parent.exists()


def test_a_loose_database_is_made_owner_only_once_with_a_note(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        store.create_session(meta())
    db.chmod(0o644)
    code, _, err = _cli(capsys, "history", "--db", str(db))
    assert code == 0 and mode_of(db) == 0o600
    [note] = err.splitlines()
    assert str(db) in note and "0644" in note and "0600" in note
    code, _, err = _cli(capsys, "history", "--db", str(db))
    assert code == 0 and err == ""


def test_the_default_data_folder_is_tightened_with_a_note(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("CASEWORK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from simulator.store import default_db_path

    folder = default_db_path().parent
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    with open_store() as store:
        store.create_session(meta())
    assert mode_of(folder) == 0o700
    assert str(folder) in capsys.readouterr().err
