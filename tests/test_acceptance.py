"""Acceptance: the command line as a user meets it (issues 2-6), in process and fast.

Each test runs ``casework`` through ``simulator.cli.main`` with real files in a temporary
folder: good input checked against the documented JSON shapes and exit codes, bad input
checked for one clear line, exit 2 and nothing written. The database and the user data
folder always point into the temporary folder, never at the user's own.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from simulator.catalog import DEFAULT_SCENARIO_ID, resolve
from simulator.cli import main
from simulator.vocab import PRINCIPLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """No test reads or writes the user's own data folder or database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("CASEWORK_DB", str(tmp_path / "env" / "casework.db"))
    monkeypatch.delenv("CASEWORK_SCENARIOS", raising=False)
    monkeypatch.chdir(tmp_path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def replies_of(walkthrough_id: str, path: Path) -> tuple[Path, int | None, str | None]:
    scenario = resolve(DEFAULT_SCENARIO_ID)
    [w] = [w for w in scenario.walkthroughs if w.id == walkthrough_id]
    path.write_text("".join(step.reply + "\n" for step in w.steps), encoding="utf-8")
    return path, w.seed, w.ending


def assert_one_clean_line(err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err
    assert len(err.strip().splitlines()) == 1, err


# -- good input ------------------------------------------------------------------------------


def test_list_json_has_the_library_and_one_default(capsys):
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    data = json.loads(out)
    entries = data["scenarios"] if isinstance(data, dict) else data
    for entry in entries:
        assert {"id", "title", "lang", "category", "difficulty", "path", "default"} <= set(entry)
        assert Path(entry["path"]).is_file()
    assert [e["id"] for e in entries if e["default"]] == [DEFAULT_SCENARIO_ID]
    assert sum(e["lang"] == "id" for e in entries) >= 5
    assert sum(e["lang"] == "en" for e in entries) >= 3


@pytest.mark.parametrize("walkthrough_id", ["skilled", "poor"])
def test_headless_play_reaches_the_walkthrough_ending(capsys, tmp_path, walkthrough_id):
    replies, seed, ending = replies_of(walkthrough_id, tmp_path / "replies.txt")
    out_file = tmp_path / "t.json"
    db = tmp_path / "db" / "s.db"
    code, out, err = run(
        capsys, "play", "--replies", str(replies), "--seed", str(seed or 1),
        "--out", str(out_file), "--db", str(db),
    )  # fmt: skip
    assert code == 0, err
    transcript = json.loads(out_file.read_text(encoding="utf-8"))
    assert transcript["schema_version"] == 1
    assert transcript["scenario"] == DEFAULT_SCENARIO_ID
    assert (transcript["lang"], transcript["seed"]) == ("id", seed or 1)
    assert transcript["ending"]["id"] == ending
    assert {"id", "kind", "outcome", "title"} <= set(transcript["ending"])
    speakers = [t["speaker"] for t in transcript["turns"]]
    assert speakers[0] == "client" and set(speakers) == {"client", "worker"}
    for turn in transcript["turns"]:
        assert {"speaker", "text", "stage"} <= set(turn)
        if turn["speaker"] == "worker":
            score = turn["score"]
            assert set(score["principles"]) == set(PRINCIPLES)
            assert {"moves", "stage_fit", "findings"} <= set(score)
    assert set(transcript["scores"]["principles"]) == set(PRINCIPLES)
    assert 0 <= transcript["scores"]["overall"] <= 100
    assert mode(out_file) == 0o600
    assert mode(db) == 0o600 and mode(db.parent) == 0o700


def test_refused_replies_are_reported_and_the_session_goes_on(capsys, tmp_path):
    replies = tmp_path / "r.txt"
    replies.write_bytes(
        b"Selamat pagi, Bu Sri.\n\n   \n"
        + b"x" * 100_000
        + b"\nada \x01 kontrol\ntidak \xff utf8\n\x1b[31mmerah\nBisa Ibu ceritakan?\n"
    )
    code, out, err = run(capsys, "play", "--replies", str(replies), "--db", str(tmp_path / "s.db"))
    assert code == 0
    worker = [t["text"] for t in json.loads(out)["turns"] if t["speaker"] == "worker"]
    assert worker == ["Selamat pagi, Bu Sri.", "Bisa Ibu ceritakan?"]
    refused = [line for line in err.splitlines() if "reply refused" in line]
    assert [line.split(": ")[0] for line in refused] == [f"{replies}:{n}" for n in (4, 5, 6, 7)]


def test_score_keeps_order_and_answers_a_bad_line_with_an_error(capsys, tmp_path):
    lines = [
        b'{"id": "a", "text": "Bisa Ibu ceritakan lebih jauh?", "lang": "id"}',
        b"not json",
        b'{"id": "c", "text": "tidak \xff valid"}',
        b'{"id": "d", "text": "You should just find another job.", "lang": "en"}',
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    code, out, _ = run(capsys, "score", str(src))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 4
    assert rows[0]["id"] == "a" and "open_question" in rows[0]["moves"]
    assert set(rows[0]["principles"]) == set(PRINCIPLES)
    assert "error" in rows[1] and "error" in rows[2]
    assert rows[3]["id"] == "d" and "advice" in rows[3]["moves"]
    for finding in rows[3]["findings"]:
        start, end = finding["span"]
        assert 0 <= start < end <= len("You should just find another job.")


def test_score_transcript_of_a_bare_transcript(capsys, tmp_path):
    src = tmp_path / "t.json"
    src.write_text(
        json.dumps(
            {
                "lang": "en",
                "turns": [
                    {"speaker": "client", "text": "I lost my job last month."},
                    {"speaker": "worker", "text": "What happened when you lost it?"},
                    {"speaker": "worker", "text": "You should just find another one."},
                ],
            }
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "score-transcript", str(src))
    assert code == 0
    data = json.loads(out)
    assert 0 <= data["overall"] <= 100
    assert set(data["principles"]) == set(PRINCIPLES)
    assert {"open_closed_ratio", "longest_closed_run", "reflections_per_question"} <= set(
        data["measures"]
    )
    worker = [t for t in data["turns"] if t["speaker"] == "worker"]
    assert all(t["score"]["stage_fit"] for t in worker)  # the stage was inferred


def test_test_command_ends_with_the_count_line(capsys):
    code, out, _ = run(capsys, "test", str(ROOT / "scenarios" / "id" / "bu-sri-warung.yaml"))
    assert code == 0
    last = out.strip().splitlines()[-1]
    passed, failed = last.split(", ")
    assert passed.endswith(" passed") and failed == "0 failed"


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "s.yaml:1:1: error: file is empty: no YAML document in it (empty)"),
        (b"id: x\n\x00\x01binary", "s.yaml:2:1: error: binary file: contains a NUL byte (binary)"),
        (
            b"id: caf\xe9\n",
            "s.yaml:1:8: error: not UTF-8 text: byte 0xe9 cannot be decoded (binary)",
        ),
        (
            b'id: x\ntitle: "a\\x1b[2Jb"\n',
            "s.yaml:2:8: error: control character U+001B in text (written as an escape); "
            "it would reach the terminal as a control sequence (control-char)",
        ),
    ],
)
def test_broken_scenario_files_give_a_placed_message(capsys, tmp_path, content, expected):
    (tmp_path / "s.yaml").write_bytes(content)
    for command in (["validate", "s.yaml"], ["play", "s.yaml", "--replies", "-"]):
        code, _, err = run(capsys, *command)
        assert code == 2
        assert expected in err.splitlines()


def test_a_folder_given_as_scenario_is_named_as_a_folder(capsys, tmp_path):
    (tmp_path / "drafts").mkdir()
    code, _, err = run(capsys, "graph", "drafts")
    assert code == 2
    assert err.strip() == "drafts:0:0: error: is a folder, not a file (not-a-file)"


def test_play_out_into_a_missing_folder_writes_nothing(capsys, tmp_path):
    replies, _, _ = replies_of("poor", tmp_path / "r.txt")
    target = tmp_path / "nowhere" / "t.json"
    code, _, err = run(
        capsys, "play", "--replies", str(replies), "--out", str(target),
        "--db", str(tmp_path / "s.db"),
    )  # fmt: skip
    assert code == 2
    assert_one_clean_line(err)
    assert not target.parent.exists()


def test_truncated_and_wrong_version_transcripts_are_refused(capsys, tmp_path):
    truncated = tmp_path / "trunc.json"
    truncated.write_text('{"lang": "en", "turns": [{"speaker": "worker", "te', encoding="utf-8")
    future = tmp_path / "future.json"
    future.write_text('{"schema_version": 99, "lang": "id", "turns": []}', encoding="utf-8")
    for path in (truncated, future):
        code, out, err = run(capsys, "score-transcript", str(path))
        assert (code, out) == (2, "")
        assert_one_clean_line(err)
        assert err.startswith(str(path))


def test_bad_databases_are_refused_and_left_as_they_were(capsys, tmp_path):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    for db in (corrupt, newer):
        before = db.read_bytes()
        for argv in (["history", "--db", str(db)], ["report", "abcd1234", "--db", str(db)]):
            code, out, err = run(capsys, *argv)
            assert (code, out) == (2, "")
            assert_one_clean_line(err)
            assert err.startswith(str(db))
        assert db.read_bytes() == before


def test_stored_session_report_export_and_history(capsys, tmp_path):
    db = tmp_path / "s.db"
    replies = tmp_path / "r.txt"
    replies.write_text(
        "Selamat pagi Bu Sri <script>alert(1)</script> saya Rina\n"
        "Bisa Ibu ceritakan | kolom | lebih jauh? `kode` [b]tebal[/b] [x](javascript:y)\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "play", "--replies", str(replies), "--db", str(db))
    assert code == 0, err
    code, out, _ = run(capsys, "history", "--json", "--db", str(db))
    [row] = json.loads(out)
    assert {"id", "scenario", "date", "status", "worker_turns", "overall"} <= set(row)
    assert (row["status"], row["worker_turns"]) == ("interrupted", 2)

    code, _, err = run(capsys, "report", "nosuchid", "--db", str(db))
    assert code == 2
    assert_one_clean_line(err)

    outputs = {}
    (tmp_path / "out").mkdir()
    for fmt in ("md", "html", "json"):
        target = tmp_path / "out" / f"r.{fmt}"
        code, _, err = run(
            capsys, "report", row["id"], "--format", fmt, "--out", str(target), "--db", str(db)
        )
        assert code == 0, err
        assert mode(target) == 0o600
        outputs[fmt] = target.read_text(encoding="utf-8")
    html = outputs["html"]
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "src=" not in html and "href=" not in html
    md = outputs["md"]
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\| kolom \\|" in md and "\\`kode\\`" in md and "\\[b\\]" in md
    json.loads(outputs["json"])

    export = tmp_path / "exp.json"
    code, _, _ = run(capsys, "export", row["id"], "--out", str(export), "--db", str(db))
    assert code == 0 and mode(export) == 0o600
    code, out, _ = run(capsys, "class-report", str(export), "--format", "csv", "--db", str(db))
    assert code == 0
    header, first = out.splitlines()[:2]
    assert header.split(",")[0] == "student" and first.split(",")[1] == "1"


def test_shipped_indonesian_scenarios_pass_test_and_strict_validate(capsys):
    """Issue 6's done-when for the Indonesian library (the CI suite runs no `casework test`)."""
    folder = str(ROOT / "scenarios" / "id")
    code, out, err = run(capsys, "test", folder)
    assert (code, err) == (0, "")
    assert out.strip().splitlines()[-1].endswith(" passed, 0 failed")
    code, out, err = run(capsys, "validate", "--strict", folder)
    assert (code, err) == (0, "")
    assert out.endswith(", 0 errors, 0 warnings\n")


def test_strict_validate_of_a_broken_scenario_is_an_error_not_a_crash(capsys):
    broken = ROOT / "tests" / "fixtures" / "broken" / "dangling-goto.yaml"
    code, _, err = run(capsys, "validate", "--strict", str(broken))
    assert code == 2
    assert "internal error" not in err
    assert all(line.startswith(f"{broken}:") for line in err.splitlines())
