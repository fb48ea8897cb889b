"""Store and report timings against the targets of issue 5.

    .venv/bin/python benchmarks/bench_store.py [--turns N] [--dir DIR]

Measures, on the disk holding DIR (default: a temporary folder):

1. recording one turn (``SqliteStore.record_turn``: worker turn with its score, client
   answer, snapshot and running scores in one transaction), median over N turns, with
   ``synchronous=FULL`` (the shipped setting) and ``NORMAL`` for comparison, plus a baseline:
   a bare one-row INSERT + COMMIT on a plain WAL database with the same setting;
2. building and rendering (md, html, json) the report of a 40-turn session;
3. a class report (md) over 200 exports of 40-turn sessions read from disk.

Targets: record-turn median <= 5 ms, report <= 200 ms, class report <= 2 s.
Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from store_fakes import put, self_assessment, session_scores, turns  # noqa: E402

from simulator.report import build_report, render  # noqa: E402
from simulator.report.classreport import build_class_report, render_class_md  # noqa: E402
from simulator.store import SessionMeta, open_store  # noqa: E402
from simulator.store.export import load_session_file, session_to_export  # noqa: E402

TARGET_TURN_MS = 5.0
TARGET_REPORT_MS = 200.0
TARGET_CLASS_S = 2.0


def snapshot_of(all_turns: list[dict], upto: int) -> dict:
    """A snapshot as big as the Session's: state plus every turn so far."""
    return {
        "schema_version": 1,
        "scenario": "utang-pinjol-bu-sri",
        "seed": 3,
        "mode": "coach",
        "state": {"beat": f"b{upto}", "rapport": 2, "variables": {"asked": 1}, "turn": upto},
        "turns": all_turns[: 1 + 2 * upto],
    }


def record_turn_ms(folder: Path, synchronous: str, n: int) -> list[float]:
    store = open_store(folder / f"turns-{synchronous}.db", synchronous=synchronous)
    all_turns = turns(n)
    scores = session_scores().to_dict()
    times = []
    for session in range(max(1, n // 40)):
        sid = store.create_session(
            SessionMeta(
                scenario="utang-pinjol-bu-sri",
                lang="id",
                seed=session,
                mode="coach",
                turns=(all_turns[0],),
                snapshot=snapshot_of(all_turns, 0),
            )
        )
        for i in range(min(40, n)):
            record = {
                "worker": all_turns[1 + 2 * i],
                "client": all_turns[2 + 2 * i],
                "ending": None,
                "snapshot": snapshot_of(all_turns, i + 1),
                "scores": scores,
            }
            t0 = time.perf_counter()
            store.record_turn(sid, record)
            times.append((time.perf_counter() - t0) * 1000)
    store.close()
    return times


def bare_insert_ms(folder: Path, synchronous: str, n: int) -> list[float]:
    conn = sqlite3.connect(folder / f"bare-{synchronous}.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT)")
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (data) VALUES (?)", (f"row {i}",))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return times


def report_ms(folder: Path, repeats: int = 5) -> float:
    store = open_store(folder / "report.db")
    sid = put(store, 40)
    store.save_self_assessment(sid, self_assessment())
    store.close()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        store = open_store(folder / "report.db")
        session = store.get(sid)
        store.close()
        report = build_report(session)
        for fmt in ("md", "html", "json"):
            render(report, fmt)
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best


def class_report_s(folder: Path, count: int = 200) -> float:
    exports = folder / "exports"
    exports.mkdir()
    store = open_store(folder / "class.db")
    for i in range(count):
        sid = put(store, 40, student=f"student {i % 60}", offset=(i % 7) * 5 - 15)
        data = session_to_export(store.get(sid))
        (exports / f"{i:03d}.json").write_text(json.dumps(data, ensure_ascii=False))
    store.close()
    files = sorted(exports.iterdir())
    t0 = time.perf_counter()
    sessions = [load_session_file(f) for f in files]
    render_class_md(build_class_report(sessions, lang="id"))
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=400, help="turns to time per setting")
    parser.add_argument("--dir", help="folder on the disk to measure (default: a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"disk: {folder}")
        medians = {}
        for sync in ("FULL", "NORMAL"):
            rec = record_turn_ms(folder, sync, args.turns)
            bare = bare_insert_ms(folder, sync, args.turns)
            medians[sync] = statistics.median(rec)
            p95 = statistics.quantiles(rec, n=20)[-1]
            print(
                f"record_turn  synchronous={sync:<6} median {medians[sync]:6.3f} ms"
                f"  p95 {p95:6.3f} ms   bare INSERT+COMMIT median "
                f"{statistics.median(bare):6.3f} ms  ({len(rec)} turns)"
            )
        rep = report_ms(folder)
        print(f"report of a 40-turn session (load + model + md/html/json): {rep:.1f} ms")
        cls = class_report_s(folder)
        print(f"class report over 200 exports (read + parse + summary + md): {cls:.2f} s")
    ok = medians["FULL"] <= TARGET_TURN_MS and rep <= TARGET_REPORT_MS and cls <= TARGET_CLASS_S
    print(
        f"targets: record_turn (FULL) <= {TARGET_TURN_MS} ms, report <= {TARGET_REPORT_MS:.0f} ms,"
        f" class report <= {TARGET_CLASS_S} s: {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
