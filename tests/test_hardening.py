"""Acceptance fixes: the command line facing closed pipes, closed stdin and odd input.

These run ``casework`` as a real process where the operating system is part of the
behaviour (a reader that goes away, a closed file descriptor 0).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from simulator.cli import main

CASEWORK = [sys.executable, "-m", "simulator.cli"]


def _run(args: list[str], **kw) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CASEWORK, *args], capture_output=True, timeout=120, **kw)


@pytest.mark.parametrize(
    "args", [["score", "-"], ["play", "--replies", "-", "--no-store"]], ids=["score", "play"]
)
def test_closed_stdin_is_one_clear_line(args):
    done = subprocess.run(
        [*CASEWORK, *args],
        stdin=None,
        capture_output=True,
        timeout=120,
        close_fds=True,
        preexec_fn=lambda: os.close(0),
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "stdin" in err


def test_score_into_a_closed_pipe_is_quiet(tmp_path):
    src = tmp_path / "big.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "text": "Bisa Ibu ceritakan?"}) + "\n" for i in range(400)),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [*CASEWORK, "score", str(src)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert err == ""
    assert proc.returncode in (0, 141)


@pytest.mark.parametrize("text", ["", "   \t ", "\u0007\u001b"])
def test_score_answers_an_empty_text_with_an_error(capsys, tmp_path, text):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "x", "text": text}, {"id": "y", "text": "Bisa Ibu ceritakan?"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["score", str(src)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["id"] == "x" and "empty" in out[0]["error"]
    assert out[1]["id"] == "y" and "moves" in out[1]


def test_score_transcript_markdown_shows_replies_literally(capsys, tmp_path):
    src = tmp_path / "t.json"
    src.write_text(
        json.dumps(
            {
                "lang": "en",
                "turns": [
                    {"speaker": "client", "text": "Tom &amp; Jerry \u001b[2J"},
                    {"speaker": "worker", "text": "You & me &lt;b&gt;"},
                ],
            }
        ),
        encoding="utf-8",
    )
    assert main(["score-transcript", str(src), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "\u001b" not in out
    assert "Tom \\&amp; Jerry" in out and "You \\& me \\&lt;b\\&gt;" in out
