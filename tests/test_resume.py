"""Resume: a headless session killed with SIGKILL mid-interview continues with no turn lost.

The real ``casework play`` runs as a subprocess on the default scenario. Until the rule engine
and its Indonesian rulebook load, the subprocess uses the keyword scorer double of the session
tests; the store, the Session, the scenario and the command line are the real ones either way.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from simulator.store import open_store

ROOT = Path(__file__).resolve().parent.parent

# Runs the real CLI; swaps in the scorer double only while the real engine is missing.
DRIVER = """
import sys
sys.path.insert(0, {tests!r})
import simulator.scoring
try:
    simulator.scoring.make_scorer("id")
except Exception:  # the engine or its rulebook is not there yet
    from session_doubles import KeywordTestScorer
    import simulator.commands.play as play
    play._make_scorer = lambda scenario, rules: KeywordTestScorer(scenario.lang)
from simulator.cli import main
sys.exit(main(sys.argv[1:]))
""".format(tests=str(ROOT / "tests"))


def _skilled_replies() -> list[str]:
    """The default scenario's skilled walkthrough: a whole session that reaches its ending."""
    from simulator.catalog import DEFAULT_SCENARIO_ID, resolve

    [walk] = [w for w in resolve(DEFAULT_SCENARIO_ID).walkthroughs if w.id == "skilled"]
    return [step.reply for step in walk.steps]


REPLIES = _skilled_replies()


def casework(*args: str, env: dict, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", DRIVER, *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict:
    return {**os.environ, "CASEWORK_DB": str(tmp_path / "unused.db"), "PYTHONUTF8": "1"}


def workers(transcript: dict) -> list[str]:
    return [t["text"] for t in transcript["turns"] if t["speaker"] == "worker"]


def test_sigkill_mid_interview_then_resume_loses_no_committed_turn(tmp_path, env) -> None:
    db = tmp_path / "sessions.db"
    whole = casework(
        "play", "--replies", "-", "--seed", "5", env=env, stdin=("\n".join(REPLIES) + "\n").encode()
    )
    assert whole.returncode == 0, whole.stderr.decode()
    expected = json.loads(whole.stdout)
    played = len(workers(expected))
    assert played >= 4, "the scenario must last long enough to be cut off"
    cut = 2

    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            DRIVER,
            "--db",
            str(db),
            "play",
            "--replies",
            "-",
            "--progress",
            "--seed",
            "5",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    events: queue.Queue = queue.Queue()

    def read() -> None:
        for line in proc.stderr:
            if line.startswith(b"{"):
                events.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()
    try:
        assert events.get(timeout=60)["event"] == "client"
        for n, text in enumerate(REPLIES[:cut], start=1):
            proc.stdin.write(text.encode() + b"\n")
            proc.stdin.flush()
            event = events.get(timeout=60)  # the answer is shown only after the commit
            assert (event["event"], event["turn"]) == ("turn", n)
        proc.send_signal(signal.SIGKILL)  # mid-interview: more replies were still to come
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()

    with open_store(db) as store:
        sid = store.latest_unfinished()
        assert sid is not None
        killed = store.get(sid)
    assert killed.status == "interrupted"
    assert workers(killed.transcript()) == REPLIES[:cut]  # every committed turn is there
    assert killed.turns == tuple(expected["turns"][: 1 + 2 * cut])

    rest = tmp_path / "rest.txt"
    rest.write_text("\n".join(REPLIES[cut:]) + "\n", encoding="utf-8")
    resumed = casework("--db", str(db), "play", "--resume", "--replies", str(rest), env=env)
    assert resumed.returncode == 0, resumed.stderr.decode()
    final = json.loads(resumed.stdout)
    assert final["turns"] == expected["turns"]  # the whole session, as if never cut off
    assert final["ending"] == expected["ending"]
    assert final["scores"] == expected["scores"]
    assert f"session {sid} " in resumed.stderr.decode()

    with open_store(db) as store:
        stored = store.get(sid)
    assert stored.transcript()["turns"] == final["turns"]
    assert stored.status == ("finished" if final["ending"] else "interrupted")


def start_and_kill_before_any_reply(db: Path, env: dict) -> str:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            DRIVER,
            "--db",
            str(db),
            "play",
            "--replies",
            "-",
            "--progress",
            "--seed",
            "2",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    try:
        first = proc.stderr.readline()
        assert json.loads(first)["event"] == "client"
        proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    with open_store(db) as store:
        return store.latest_unfinished()


def test_a_session_killed_before_its_first_reply_resumes_by_id_prefix(tmp_path, env) -> None:
    db = tmp_path / "s.db"
    sid = start_and_kill_before_any_reply(db, env)
    replies = tmp_path / "r.txt"
    replies.write_text(REPLIES[0] + "\n", encoding="utf-8")
    done = casework(
        "--db", str(db), "play", "--resume", sid[:5], "--replies", str(replies), env=env
    )
    assert done.returncode == 0, done.stderr.decode()
    transcript = json.loads(done.stdout)
    assert transcript["seed"] == 2 and workers(transcript) == [REPLIES[0]]
    with open_store(db) as store:
        assert store.get(sid).worker_turns == 1


def test_resume_errors_are_one_line_exit_2(tmp_path, env) -> None:
    db = tmp_path / "s.db"
    replies = tmp_path / "r.txt"
    replies.write_text(REPLIES[0] + "\n", encoding="utf-8")
    open_store(db).close()
    for args, message in (
        (["--resume"], f"{db}: no unfinished session to resume"),
        (["--resume", "zzzzzz"], f"{db}: no session 'zzzzzz'"),
    ):
        done = casework("--db", str(db), "play", *args, "--replies", str(replies), env=env)
        assert done.returncode == 2
        assert done.stderr.decode().splitlines() == [message]
        assert done.stdout == b""
    foreign = tmp_path / "foreign.db"
    foreign.write_text("not sqlite at all, just some words to fill the header")
    done = casework("--db", str(foreign), "play", "--resume", "--replies", str(replies), env=env)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [f"{foreign}: not a casework database"]
    assert foreign.read_text().startswith("not sqlite")


def test_student_name_is_stored_and_a_finished_session_is_not_resumed(tmp_path, env) -> None:
    from store_fakes import put

    db = tmp_path / "s.db"
    replies = tmp_path / "r.txt"
    replies.write_text("\n".join(REPLIES[:2]) + "\n", encoding="utf-8")
    done = casework(
        "--db", str(db), "play", "--replies", str(replies), "--student", "Ani W.", env=env
    )
    assert done.returncode == 0, done.stderr.decode()
    with open_store(db) as store:
        (row,) = store.list()
        finished = put(store, 2)
    assert (row.student, row.worker_turns, row.status) == ("Ani W.", 2, "interrupted")
    again = casework(
        "--db", str(db), "play", "--resume", finished, "--replies", str(replies), env=env
    )
    assert again.returncode == 2 and again.stdout == b""
    assert again.stderr.decode().splitlines() == [
        f"{db}: session {finished} is already finished; nothing to resume"
    ]


def test_a_session_another_live_process_holds_is_not_resumed(tmp_path, env) -> None:
    """Two processes never write one session: the second is refused while the first lives."""
    db = tmp_path / "s.db"
    first = subprocess.Popen(
        [sys.executable, "-c", DRIVER, "--db", str(db), "play", "--replies", "-", "--progress"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert first.stdin is not None and first.stderr is not None
    try:
        assert json.loads(first.stderr.readline())["event"] == "client"
        first.stdin.write(REPLIES[0].encode() + b"\n")
        first.stdin.flush()
        assert json.loads(first.stderr.readline())["event"] == "turn"
        with open_store(db) as store:
            sid = store.latest_unfinished()
        assert sid is not None
        second = casework(
            "--db",
            str(db),
            "play",
            "--resume",
            sid,
            "--replies",
            "-",
            env=env,
            stdin=("\n".join(REPLIES[1:3]) + "\n").encode(),
        )
        err = second.stderr.decode()
        assert second.returncode == 2, err
        assert len(err.splitlines()) == 1 and "another casework process" in err
        first.stdin.write(REPLIES[1].encode() + b"\n")
        first.stdin.close()
        assert first.stdout is not None
        out, rest = first.stdout.read(), first.stderr.read()
        assert first.wait(timeout=60) == 0, rest.decode()
    finally:
        if first.poll() is None:
            first.kill()
    with open_store(db) as store:
        stored = store.get(sid)
    assert [t["text"] for t in stored.turns if t["speaker"] == "worker"] == REPLIES[:2]
    assert workers(json.loads(out)) == REPLIES[:2]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")] == []
