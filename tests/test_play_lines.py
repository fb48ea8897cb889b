"""Headless play's reading of replies: line by line as they arrive, refusals that go on."""

from __future__ import annotations

import io

from session_doubles import SKILLED, KeywordTestScorer, tiny_scenario

from simulator.commands.play import _reply_lines, play_replies
from simulator.errors import ReplyRejected
from simulator.session import Session


def lines_of(data: bytes) -> list[tuple[int, str]]:
    return [
        (n, t if isinstance(t, str) else f"REFUSED {t.message}")
        for n, t in _reply_lines(io.BytesIO(data))
    ]


def test_lines_are_numbered_and_stripped_of_line_ends_and_a_bom():
    assert lines_of(b"\xef\xbb\xbfHalo Bu\r\n\nIbu rasa\tcapek\nlast") == [
        (1, "Halo Bu"),
        (2, ""),
        (3, "Ibu rasa\tcapek"),
        (4, "last"),
    ]


def test_a_line_that_is_not_utf8_is_refused_with_its_column():
    assert lines_of(b"ok\nab\xffc\nnext\n") == [
        (1, "ok"),
        (2, "REFUSED reply refused: not valid UTF-8 (byte 0xff at column 3)"),
        (3, "next"),
    ]


def test_a_100kb_line_is_refused_and_the_next_line_is_read():
    got = lines_of(b"x" * 100_000 + b"\nHalo\n")
    assert got == [
        (
            1,
            "REFUSED reply refused: a line of 100,001 bytes is longer than the limit of "
            "10,000 characters",
        ),
        (2, "Halo"),
    ]


def test_a_line_just_over_the_limit_reaches_the_session_and_is_refused_there():
    [(n, text)] = lines_of("é".encode() * 10_001 + b"\n")
    assert n == 1 and len(text) == 10_001  # 20,002 bytes: within the byte bound


class RecordingReplies:
    """An iterator of reply lines that logs when each is taken (a test double of a pipe)."""

    def __init__(self, texts: list[str], log: list[str]) -> None:
        self.texts, self.log = texts, log

    def __iter__(self):
        for n, text in enumerate(self.texts, start=1):
            self.log.append(f"read {n}")
            yield n, text


def test_each_reply_is_answered_before_the_next_line_is_read_and_reading_stops_at_the_end():
    log: list[str] = []
    warnings: list[str] = []
    session = Session(tiny_scenario(), KeywordTestScorer())
    replies = ["", SKILLED[0], "   ", "a\x00b", *SKILLED[1:], "never read", "nor this"]

    def progress(event):
        log.append(f"{event['event']} {event['turn']}")

    play_replies(
        session,
        iter(RecordingReplies(replies, log)),
        name="r.txt",
        progress=progress,
        warn=warnings.append,
    )
    assert log == [
        "client 0",
        "read 1",
        "read 2",
        "turn 1",
        "read 3",
        "read 4",
        "read 5",
        "turn 2",
        "read 6",
        "turn 3",
        "read 7",
        "turn 4",
    ]
    assert warnings == ["r.txt:4: reply refused: control character U+0000 at character 2"]
    assert session.ended and session.turn == 4


def test_a_refusal_from_the_reader_is_reported_with_its_line():
    warnings: list[str] = []
    session = Session(tiny_scenario(), KeywordTestScorer())
    lines = iter(
        [
            (1, ReplyRejected("reply refused: not valid UTF-8 (byte 0xff at column 1)")),
            (2, SKILLED[0]),
        ]
    )
    play_replies(session, lines, name="<stdin>", warn=warnings.append)
    assert warnings == ["<stdin>:1: reply refused: not valid UTF-8 (byte 0xff at column 1)"]
    assert session.turn == 1
