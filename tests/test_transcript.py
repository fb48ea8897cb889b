"""Reading transcripts back: one clear line for every way a file can be wrong."""

from __future__ import annotations

import json

import pytest
from session_doubles import SKILLED, KeywordTestScorer, tiny_scenario

from simulator.errors import LoadError
from simulator.session import Session
from simulator.transcript import dumps, read_transcript


@pytest.fixture
def transcript() -> dict:
    session = Session(tiny_scenario(), KeywordTestScorer(), seed=2)
    session.start()
    for text in SKILLED:
        session.reply(text)
    return session.transcript()


def test_a_written_transcript_reads_back_unchanged(tmp_path, transcript):
    path = tmp_path / "t.json"
    path.write_text(dumps(transcript), encoding="utf-8")
    assert read_transcript(path).data == transcript
    assert read_transcript(path).lang == "id"


def test_a_minimal_hand_written_transcript_is_accepted(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"lang": "en", "turns": [{"speaker": "worker", "text": "Hi."}]}')
    assert read_transcript(path).turns == [{"speaker": "worker", "text": "Hi."}]


def _error(path) -> str:
    with pytest.raises(LoadError) as info:
        read_transcript(path)
    [line] = info.value.lines()
    return line


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"lang": "id", "turns": [', ":1:26: error: invalid JSON: Expecting value (json)"),
        (b'{"lang": "id",\n "turns": [}', ":2:12: error: invalid JSON: Expecting value (json)"),
        (b"", ": error: the file is empty (empty)"),
        (b'{"lang": "id"}\n\xff', ":2:1: error: not valid UTF-8 (encoding)"),
        (b"[1, 2]", ": error: a transcript is a JSON object, not a list (transcript-shape)"),
        (
            b'{"schema_version": 2, "lang": "id", "turns": []}',
            ": error: schema_version 2 is not supported (this program reads 1) (transcript-shape)",
        ),
        (b'{"turns": []}', ": error: missing key 'lang' (transcript-shape)"),
        (
            b'{"lang": "fr", "turns": []}',
            ': error: lang must be one of id, en, not "fr" (transcript-shape)',
        ),
        (
            b'{"lang": "id", "turns": {}}',
            ": error: turns must be a list, not an object (transcript-shape)",
        ),
        (
            b'{"lang": "id", "turns": [{"speaker": "client", "text": "a"}, {"speaker": "bot"}]}',
            ": error: turns[1].speaker must be 'client' or 'worker', not \"bot\" (transcript-shape)",
        ),
        (
            b'{"lang": "id", "turns": [{"speaker": "worker", "text": 3}]}',
            ": error: turns[0].text must be a string, not a number (transcript-shape)",
        ),
        (
            b'{"lang": "id", "turns": [{"speaker": "worker", "text": "a", "score": '
            b'{"principles": {"acceptance": "x"}}}]}',
            ": error: turns[0].score.principles.acceptance must be a number, not a string "
            "(transcript-shape)",
        ),
        (
            b'{"lang": "id", "turns": [], "ending": "plan"}',
            ": error: ending must be an object or null, not a string (transcript-shape)",
        ),
        (
            b'{"lang": "id", "turns": [], "seed": true}',
            ": error: seed must be an integer, not a boolean (transcript-shape)",
        ),
    ],
    ids=[
        "truncated",
        "truncated-2",
        "empty",
        "not-utf8",
        "list",
        "version",
        "no-lang",
        "lang",
        "turns-object",
        "speaker",
        "text",
        "principle",
        "ending",
        "seed",
    ],
)
def test_a_bad_transcript_gives_one_line_naming_the_place(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert _error(path) == f"{path}{message}"


def test_a_missing_file_and_a_folder_are_refused(tmp_path):
    assert _error(tmp_path / "none.json") == (
        f"{tmp_path / 'none.json'}: error: cannot read: No such file or directory (unreadable)"
    )
    assert _error(tmp_path) == f"{tmp_path}: error: is a folder, not a transcript file (unreadable)"


def test_deep_nesting_is_refused_without_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert _error(path).startswith(f"{path}")


def test_the_written_json_keeps_non_ascii_text(transcript):
    text = dumps({**transcript, "turns": [{"speaker": "worker", "text": "Ibu merasa malu — ya?"}]})
    assert "Ibu merasa malu — ya?" in text and text.endswith("\n")
    assert json.loads(text)["turns"][0]["text"] == "Ibu merasa malu — ya?"
