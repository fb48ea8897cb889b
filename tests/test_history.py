"""``casework history``: newest first, JSON list, sparklines of progress."""

from __future__ import annotations

import json
from pathlib import Path

from store_fakes import put

from simulator.cli import main
from simulator.report.history import progress, sparkline
from simulator.store import SessionMeta, open_store


def test_sparkline_maps_0_to_100_onto_eight_blocks() -> None:
    assert sparkline([0, 12.4, 12.5, 50, 87.5, 100, 120, -5]) == "▁▁▂▅██" + "█▁"
    assert sparkline([]) == ""


def make_db(tmp_path: Path) -> tuple[Path, list[str]]:
    db = tmp_path / "c.db"
    store = open_store(db)
    ids = [put(store, 4, offset=off) for off in (-20, 0, 20)]
    ids.append(put(store, 2, finished=False))
    store.close()
    return db, ids


def test_history_json_is_newest_first_with_the_fields(tmp_path: Path, capsys) -> None:
    db, ids = make_db(tmp_path)
    assert main(["history", "--json", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ids[::-1]
    assert {"id", "scenario", "date", "status", "worker_turns", "overall"} <= set(rows[0])
    assert [r["status"] for r in rows] == ["interrupted", "finished", "finished", "finished"]
    assert [r["worker_turns"] for r in rows] == [2, 4, 4, 4]
    assert rows[0]["overall"] is None
    assert rows[1]["overall"] > rows[2]["overall"] > rows[3]["overall"]


def test_history_table_and_progress(tmp_path: Path, capsys) -> None:
    db, ids = make_db(tmp_path)
    assert main(["--db", str(db), "--lang", "en", "history"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["id", "date", "status", "turns", "overall", "scenario"]
    assert [ln.split()[0] for ln in lines[1:5]] == ids[::-1]
    assert "interrupted" in lines[1] and "—" in lines[1]
    assert "Progress per principle (oldest → newest)" in out
    # acceptance 42 -> 62 -> 82: rising blocks, newest value last
    acceptance = next(ln for ln in lines if ln.strip().startswith("Acceptance"))
    assert acceptance.split()[-2:] == ["▄▅▇", "82"]
    overall = next(ln for ln in lines if ln.strip().startswith("Overall score"))
    assert overall.split()[-1] == lines[2].split()[5]  # the newest finished session's score
    assert "\x1b" not in out  # plain text, no terminal styling


def test_progress_is_oldest_first_and_skips_unfinished(tmp_path: Path) -> None:
    db, _ids = make_db(tmp_path)
    store = open_store(db)
    running = store.create_session(SessionMeta(scenario="s", lang="id", seed=1, mode="coach"))
    record = {
        "worker": {"speaker": "worker", "text": "Halo"},
        "scores": {"overall": 99.0, "principles": {"participation": 99.0}},
    }
    store.record_turn(running, record)
    summaries = store.list()
    store.close()
    assert summaries[0].id == running and summaries[0].overall == 99.0
    assert progress(summaries)["participation"] == [20.0, 40.0, 60.0]


def test_history_without_a_database_is_empty_and_creates_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "none.db"
    assert main(["history", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["history", "--db", str(db), "--lang", "id"]) == 0
    assert capsys.readouterr().out == "Belum ada sesi.\n"
    assert not db.exists()


def test_history_refuses_a_foreign_database(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.db"
    db.write_bytes(b"\x00" * 4096)
    assert main(["history", "--db", str(db)]) == 2
    assert capsys.readouterr().err == f"{db}: not a casework database\n"
    assert db.read_bytes() == b"\x00" * 4096
