"""``casework play --replies``: the real command line on the default scenario, end to end."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from simulator.catalog import DEFAULT_SCENARIO_ID, resolve
from simulator.scoring import make_scorer
from simulator.session import Session

ROOT = Path(__file__).resolve().parent.parent


def casework(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    env = dict(os.environ)  # CASEWORK_DB points into a temporary folder (conftest)
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=cwd or ROOT,
        env=env,
    )


def walkthrough(wid: str):
    scenario = resolve(DEFAULT_SCENARIO_ID)
    [w] = [w for w in scenario.walkthroughs if w.id == wid]
    return scenario, w


def replies_file(tmp_path: Path, texts: list[str]) -> Path:
    path = tmp_path / "replies.txt"
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("wid", "kind"), [("skilled", "plan_agreed"), ("poor", "withdrawal")])
def test_the_default_scenario_ends_as_its_walkthrough_says(tmp_path, wid, kind):
    scenario, w = walkthrough(wid)
    path = replies_file(tmp_path, [s.reply for s in w.steps])
    done = casework("play", "--replies", str(path), "--seed", str(w.seed))
    assert done.returncode == 0, done.stderr.decode()
    [stored] = done.stderr.decode().splitlines()
    assert stored.startswith("casework: session ") and "(finished) stored in" in stored
    transcript = json.loads(done.stdout)
    assert transcript["scenario"] == scenario.id == DEFAULT_SCENARIO_ID
    assert transcript["ending"]["id"] == w.ending
    assert transcript["ending"]["kind"] == kind
    workers = [t for t in transcript["turns"] if t["speaker"] == "worker"]
    assert [t["text"] for t in workers] == [s.reply for s in w.steps]
    assert all("score" in t and "moves" in t["score"] for t in workers)
    assert set(transcript["scores"]["principles"]) == {
        "acceptance",
        "openness",
        "individualisation",
        "participation",
        "confidentiality",
        "self_awareness",
    }


def test_a_seed_reproduces_a_session_exactly_and_other_seeds_vary(tmp_path):
    _, w = walkthrough("skilled")
    path = replies_file(tmp_path, [s.reply for s in w.steps])
    runs = {
        seed: casework("play", "--replies", str(path), "--seed", str(seed)).stdout
        for seed in (7, 8, 9, 10)
    }
    assert casework("play", "--replies", str(path), "--seed", "7").stdout == runs[7]
    client_lines = {
        seed: [t["text"] for t in json.loads(out)["turns"] if t["speaker"] == "client"]
        for seed, out in runs.items()
    }
    assert len({tuple(lines) for lines in client_lines.values()}) > 1


def test_snapshot_and_restore_mid_session_continue_like_an_uninterrupted_run():
    scenario, w = walkthrough("skilled")
    replies = [s.reply for s in w.steps]
    scorer = make_scorer(scenario.lang, extra_rules=scenario.rules)
    whole = Session(scenario, scorer, seed=3)
    whole.start()
    for text in replies:
        whole.reply(text)
    for cut in (1, len(replies) // 2, len(replies) - 1):
        first = Session(scenario, scorer, seed=3)
        first.start()
        for text in replies[:cut]:
            first.reply(text)
        saved = json.loads(json.dumps(first.snapshot()))
        resumed = Session.restore(saved, scenario, make_scorer(scenario.lang, scenario.rules))
        for text in replies[cut:]:
            resumed.reply(text)
        assert resumed.transcript() == whole.transcript()


def test_replies_on_a_slow_pipe_are_answered_as_they_arrive():
    _, w = walkthrough("skilled")
    replies = [s.reply for s in w.steps]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "play",
            "--replies",
            "-",
            "--progress",
            "--seed",
            str(w.seed),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    events: queue.Queue = queue.Queue()
    not_json: list[bytes] = []

    def read() -> None:  # --progress: every stderr line is one JSON object
        for line in proc.stderr:
            try:
                events.put(json.loads(line))
            except ValueError:
                not_json.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert events.get(timeout=60)["event"] == "client"  # the opening, before any reply
        for n, text in enumerate(replies, start=1):
            proc.stdin.write(text.encode() + b"\n")
            proc.stdin.flush()
            event = events.get(timeout=60)  # answered while the later replies are unsent
            assert (event["event"], event["turn"], event["worker"]) == ("turn", n, text)
            assert event["client"] is not None or event["ending"] is not None
            time.sleep(0.02)
        proc.stdin.close()
        out = proc.stdout.read()
        assert proc.wait(timeout=60) == 0
        reader.join(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not_json == []
    stored = events.get(timeout=5)
    assert stored["event"] == "stored" and stored["status"] == "finished"
    assert len(stored["session"]) == 8 and stored["db"]
    assert json.loads(out) == json.loads(
        casework(
            "play", "--replies", "-", "--seed", str(w.seed), stdin="\n".join(replies).encode()
        ).stdout
    )


def test_with_progress_every_stderr_line_is_json_even_a_refusal(tmp_path):
    _, w = walkthrough("poor")
    replies = [w.steps[0].reply, "Bu \x1b[31mSri", *(s.reply for s in w.steps[1:]), "Lagi?"]
    db = tmp_path / "s.db"
    done = casework(
        "--db",
        str(db),
        "play",
        "--replies",
        "-",
        "--progress",
        "--seed",
        str(w.seed),
        stdin=("\n".join(replies) + "\n").encode(),
    )
    assert done.returncode == 0, done.stderr.decode()
    events = [json.loads(line) for line in done.stderr.decode().splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "client" and kinds[-1] == "stored"
    [refused] = [e for e in events if e["event"] == "refused"]
    assert refused["message"].startswith("<stdin>:2: reply refused")


def test_reading_stops_when_the_session_ends(tmp_path):
    _, w = walkthrough("poor")
    path = replies_file(tmp_path, [s.reply for s in w.steps] + ["Halo lagi, Bu?"] * 3 + [""])
    done = casework("play", "--replies", str(path), "--seed", str(w.seed), "--no-store")
    transcript = json.loads(done.stdout)
    assert transcript["ending"]["id"] == w.ending
    assert sum(t["speaker"] == "worker" for t in transcript["turns"]) == len(w.steps)
    [note] = done.stderr.decode().splitlines()
    assert "3 replies after the ending were not played" in note


def test_an_unwritable_out_folder_is_refused_before_playing(tmp_path):
    _, w = walkthrough("poor")
    path = replies_file(tmp_path, [s.reply for s in w.steps])
    if os.geteuid() == 0:  # root writes through permission bits; /proc takes no new files
        if not Path("/proc/self").is_dir():
            pytest.skip("needs a folder root cannot write into")
        locked = Path("/proc")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
    db = tmp_path / "s.db"
    try:
        done = casework(
            "--db", str(db), "play", "--replies", str(path), "--out", str(locked / "t.json")
        )
    finally:
        if locked != Path("/proc"):
            locked.chmod(0o700)
    err = done.stderr.decode()
    assert done.returncode == 2 and len(err.splitlines()) == 1, err
    assert "cannot write" in err and str(locked) in err
    assert not db.exists() and not (locked / "t.json").exists()


def test_bad_replies_are_refused_with_a_line_each_and_the_session_goes_on():
    _, w = walkthrough("skilled")
    first, rest = w.steps[0].reply, [s.reply for s in w.steps[1:]]
    stdin = (
        b"\n".join(
            [
                first.encode(),
                b"",
                b"   \t ",
                b"x" * 100_000,
                b"Bu \xff\xfe?",
                b"Bu \x1b[31mSri",
                *(r.encode() for r in rest),
            ]
        )
        + b"\n"
    )
    done = casework("play", "--replies", "-", "--seed", str(w.seed), "--no-store", stdin=stdin)
    assert done.returncode == 0
    assert done.stderr.decode().splitlines() == [
        "<stdin>:4: reply refused: a line of 100,001 bytes is longer than the limit of "
        "10,000 characters",
        "<stdin>:5: reply refused: not valid UTF-8 (byte 0xff at column 4)",
        "<stdin>:6: reply refused: control character U+001B at character 4",
    ]
    clean = casework(
        "play", "--replies", "-", "--seed", str(w.seed), stdin="\n".join([first, *rest]).encode()
    )
    assert json.loads(done.stdout) == json.loads(clean.stdout)


def test_out_writes_the_transcript_owner_only_and_atomically(tmp_path):
    _, w = walkthrough("poor")
    path = replies_file(tmp_path, [s.reply for s in w.steps])
    out = tmp_path / "t.json"
    done = casework("play", "--replies", str(path), "--out", str(out))
    assert done.returncode == 0 and done.stdout == b""
    assert (out.stat().st_mode & 0o777) == 0o600
    assert json.loads(out.read_text()) == json.loads(
        casework("play", "--replies", str(path)).stdout
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["play", "--replies", "{tmp}/missing.txt"],
            "{tmp}/missing.txt: error: cannot read the replies file: No such file or directory "
            "(unreadable)",
        ),
        (
            ["play", "--replies", "{tmp}"],
            "{tmp}: error: is a folder, not a replies file (unreadable)",
        ),
        (
            ["play", "--replies", "-", "--out", "{tmp}/no/such/t.json"],
            "casework play: --out {tmp}/no/such/t.json: the folder {tmp}/no/such does not exist",
        ),
        (
            ["play", "--replies", "-", "--out", "{tmp}"],
            "casework play: --out {tmp}: is a folder; name a file to write",
        ),
        (["play", "--out", "{tmp}/t.json"], "casework play: --out needs --replies (headless play)"),
        (
            ["play", "--replies", "-", "--seed", "abc"],
            "casework play: argument --seed: invalid int value: 'abc'",
        ),
        (
            ["play", "--replies", sys.executable],
            f"{sys.executable}: error: a binary file, not replies (one reply a line, UTF-8 text) "
            "(binary)",
        ),
    ],
    ids=[
        "missing-replies",
        "replies-folder",
        "out-folder-missing",
        "out-is-folder",
        "out-without-replies",
        "bad-seed",
        "binary-replies",
    ],
)
def test_bad_command_lines_give_one_line_exit_2_and_write_nothing(tmp_path, args, message):
    done = casework(*[a.format(tmp=tmp_path) for a in args], stdin=b"Halo Bu\n")
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [message.format(tmp=tmp_path)]
    assert done.stdout == b""
    assert not (tmp_path / "no").exists()
    assert not (tmp_path / "t.json").exists()


def test_an_unknown_scenario_id_suggests_the_closest(tmp_path):
    done = casework("play", DEFAULT_SCENARIO_ID[:-1] + "x", "--replies", "-", stdin=b"Halo\n")
    assert done.returncode == 2 and done.stdout == b""
    [line] = done.stderr.decode().splitlines()
    assert f"did you mean '{DEFAULT_SCENARIO_ID}'" in line
    assert "Traceback" not in line


def test_db_records_the_headless_session(tmp_path):
    from simulator.store import open_store

    _, w = walkthrough("poor")
    path = replies_file(tmp_path, [s.reply for s in w.steps])
    db = tmp_path / "sessions.db"
    done = casework("--db", str(db), "play", "--replies", str(path), "--seed", str(w.seed))
    assert done.returncode == 0, done.stderr.decode()
    [note] = done.stderr.decode().splitlines()
    assert note.startswith("casework: session ") and "(finished)" in note
    session_id = note.split()[2]
    with open_store(db) as store:
        stored = store.get(session_id)
    assert stored.status == "finished"
    assert stored.transcript()["turns"] == json.loads(done.stdout)["turns"]


def test_resume_continues_a_stored_session_like_an_uninterrupted_run(tmp_path):
    _, w = walkthrough("skilled")
    replies = [s.reply for s in w.steps]
    db = str(tmp_path / "sessions.db")
    whole = casework("play", "--replies", str(replies_file(tmp_path, replies)), "--seed", "6")
    first = casework(
        "--db",
        db,
        "play",
        "--replies",
        "-",
        "--seed",
        "6",
        stdin="\n".join(replies[:3]).encode() + b"\n",
    )
    [note] = first.stderr.decode().splitlines()
    assert "(interrupted)" in note
    session_id = note.split()[2]
    rest = casework(
        "--db",
        db,
        "play",
        "--resume",
        session_id[:6],
        "--replies",
        "-",
        stdin="\n".join(replies[3:]).encode() + b"\n",
    )
    assert rest.returncode == 0, rest.stderr.decode()
    assert rest.stderr.decode().splitlines() == [
        f"casework: session {session_id} (finished) stored in {db}"
    ]
    assert json.loads(rest.stdout) == json.loads(whole.stdout)
    again = casework("--db", db, "play", "--resume", session_id, "--replies", "-", stdin=b"Halo\n")
    assert again.returncode == 2 and "already finished" in again.stderr.decode()


def test_resume_refuses_a_scenario_or_seed_of_its_own():
    done = casework("play", DEFAULT_SCENARIO_ID, "--resume", "abc", "--replies", "-", stdin=b"")
    assert done.returncode == 2
    assert done.stderr.decode().startswith("casework play: --resume continues a stored session")


def test_rules_lays_an_overlay_rulebook_over_the_shipped_one(tmp_path):
    _, w = walkthrough("poor")
    path = replies_file(tmp_path, [s.reply for s in w.steps][:1])
    overlay = tmp_path / "overlay.yaml"
    first_word = w.steps[0].reply.split()[0].lower().strip(",.?!")
    overlay.write_text(
        'lang: id\nversion: "1"\nrules:\n  - id: kelas.kata_pertama\n    status: draft\n'
        "    principles: {openness: 0.5}\n"
        f'    patterns: ["{first_word}"]\n    message: "Kata pertama."\n',
        encoding="utf-8",
    )
    done = casework("play", "--replies", str(path), "--rules", str(overlay))
    assert done.returncode == 0, done.stderr.decode()
    [worker] = [t for t in json.loads(done.stdout)["turns"] if t["speaker"] == "worker"]
    assert "kelas.kata_pertama" in {f["rule"] for f in worker["score"]["findings"]}
    overlay.write_text('lang: id\nversion: "1"\nrules:\n  - id: kelas.rusak\n    pattern: [x]\n')
    bad = casework("play", "--replies", str(path), "--rules", str(overlay))
    assert bad.returncode == 2 and bad.stdout == b""
    errors = bad.stderr.decode().splitlines()
    assert all(e.startswith(f"{overlay}:") for e in errors)
    assert any(
        e.startswith(f"{overlay}:5:5: error:") and "did you mean 'patterns'" in e for e in errors
    )
