"""Session: start, reply, branches, effects, rapport, endings, rejections, snapshot/restore."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from session_doubles import SKILLED, KeywordTestScorer, tiny_scenario

from simulator.errors import LoadError, ReplyRejected
from simulator.session import Session, TurnRecord
from simulator.transcript import transcript_problem


def new_session(seed: int = 1, **kw) -> Session:
    return Session(tiny_scenario(**kw), KeywordTestScorer(), seed=seed)


def test_start_shows_the_opening_beat_with_the_seeded_variant_and_is_idempotent():
    session = new_session(seed=7)
    first = session.start()
    lines = tiny_scenario().beat("opening").lines
    assert first.text == random.Random("7:0:opening").choice(lines)
    assert (first.beat, first.stage) == ("opening", "engagement")
    assert session.start() == first
    assert len(session.turns) == 1


def test_skilled_replies_reach_the_plan_ending_and_the_state_follows():
    session = new_session()
    session.start()
    stages = []
    for text in SKILLED[:-1]:
        result = session.reply(text)
        stages.append(result.stage)
        assert result.ending is None
    assert stages == ["assessment", "assessment", "planning"]
    assert result.state["revealed"] == ["sick_child", "debt"]
    assert result.state["visited"] == ["opening", "listen", "opens_up", "planning"]
    assert result.state["variables"] == {"asked": 1}
    assert result.state["rapport"] == 2
    assert result.state["real_problem_reached"] is True
    last = session.reply(SKILLED[-1])
    assert last.ending is not None and last.ending.to_dict() == {
        "id": "plan",
        "kind": "plan_agreed",
        "outcome": "good",
        "title": "Rencana disepakati",
    }
    assert last.client is not None and last.client.text == "Baik, Bu. Terima kasih."
    assert last.client.ending == "plan" and last.client.beat is None
    assert session.ended
    assert last.score.stage_fit == "fits"


def test_the_scorer_gets_the_client_lines_persona_facts_and_turn():
    scorer = KeywordTestScorer()
    session = Session(tiny_scenario(), scorer, seed=3)
    opening = session.start().text
    second = session.reply(SKILLED[0]).client.text
    session.reply(SKILLED[1])
    first_ctx, ctx = scorer.contexts[0], scorer.contexts[1]
    assert first_ctx.client_last == opening and first_ctx.turn == 0
    assert first_ctx.stage == "engagement" and first_ctx.revealed == ()
    assert first_ctx.real_problem_reached is False
    assert ctx.client_last == second and ctx.client_earlier == (opening,)
    assert ctx.worker_earlier == (SKILLED[0],) and ctx.turn == 1
    assert ctx.client_name == "Sri Wahyuni" and ctx.address == ("Bu Sri", "Ibu")
    assert ctx.revealed == ("Anaknya sakit.",) and ctx.risk_flags == ("needs_referral",)
    assert ctx.stage == "assessment" and ctx.lang == "id"


def test_blame_lowers_rapport_by_delta_and_critical_finding_and_ends_in_withdrawal():
    session = new_session()
    session.start()
    session.reply(SKILLED[0])
    result = session.reply("Itu salah Ibu sendiri.")
    assert result.state["rapport"] == -2  # -1 for the negative total, -1 for the critical finding
    assert result.ending is not None and result.ending.kind == "withdrawal"


def test_rapport_is_clamped_and_effects_set_and_add():
    session = new_session()
    session.start()
    for text in SKILLED[:3]:
        session.reply(text)
    result = session.reply("Baik.")  # planning fallback: set asked 9, add rapport 20
    assert result.state["variables"] == {"asked": 9}
    assert result.state["rapport"] == 10


def test_turn_limit_ends_the_session_with_the_named_ending():
    session = new_session(turn_limit=3)
    session.start()
    for _ in range(2):
        assert session.reply("Baik.").ending is None
    result = session.reply("Baik.")
    assert result.ending is not None and result.ending.id == "out_of_time"
    assert result.client is None  # that ending has no last words
    assert session.transcript()["ending"]["kind"] == "turn_limit"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\t \n", "x" * 10_001, "halo\x00", "halo \x1b[31m merah", "a\rb", "\x7f"],
    ids=["empty", "spaces", "whitespace", "too-long", "nul", "escape", "cr", "del"],
)
def test_bad_replies_are_refused_and_leave_the_session_unchanged(text):
    session = new_session()
    session.start()
    session.reply(SKILLED[0])
    before = session.snapshot()
    with pytest.raises(ReplyRejected) as info:
        session.reply(text)
    assert info.value.lines()[0].startswith("reply refused:")
    assert "\n" not in info.value.lines()[0]
    assert session.snapshot() == before
    assert session.reply(SKILLED[1]).stage == "assessment"  # the session goes on


def test_the_longest_reply_and_tabs_and_newlines_are_taken():
    session = new_session()
    session.start()
    session.reply("x" * 10_000)
    session.reply("halo\tBu\nSri")
    assert session.turn == 2


def test_a_reply_after_the_end_is_refused():
    session = new_session()
    session.start()
    for text in SKILLED:
        session.reply(text)
    with pytest.raises(ReplyRejected, match="ended"):
        session.reply("Halo lagi?")


def test_on_turn_gets_the_record_before_reply_returns():
    seen: list[tuple[TurnRecord, int]] = []
    session = Session(
        tiny_scenario(), KeywordTestScorer(), on_turn=lambda r: seen.append((r, session.turn))
    )
    session.start()
    result = session.reply(SKILLED[0])
    record, turn_when_called = seen[0]
    assert turn_when_called == 0  # the hook runs before the session commits the turn
    assert record.turn == 1 and record.worker["text"] == SKILLED[0]
    assert record.client["text"] == result.client.text and record.ending is None
    assert record.snapshot == session.snapshot()
    assert record.scores == session.scores().to_dict()  # the running scores include this turn
    assert record.scores["measures"] == {"replies": 1}
    json.dumps(record.snapshot)


def test_when_on_turn_fails_the_reply_is_undone():
    def failing_store(record: TurnRecord) -> None:
        raise OSError("disk full")

    session = Session(tiny_scenario(), KeywordTestScorer(), on_turn=failing_store)
    session.start()
    before = session.snapshot()
    with pytest.raises(OSError):
        session.reply(SKILLED[0])
    assert session.snapshot() == before


def test_a_seed_reproduces_a_session_and_another_seed_differs():
    replies = ["Baik."] * 5 + SKILLED

    def run(seed: int) -> dict:
        session = new_session(seed=seed, turn_limit=30)
        session.start()
        for text in replies:
            if not session.ended:
                session.reply(text)
        return session.transcript()

    assert run(11) == run(11)
    assert any(run(11)["turns"] != run(seed)["turns"] for seed in range(12, 20))


def test_snapshot_restore_mid_session_continues_exactly_like_an_uninterrupted_run():
    replies = [
        "Baik.",
        "Halo Bu.",
        "Baik.",
        "Ibu rasa berat.",
        "Ibu rasa malu.",
        "Baik.",
        "Kita buat rencana bersama?",
    ]
    whole = new_session(seed=5, turn_limit=30)
    whole.start()
    for text in replies:
        whole.reply(text)
    for cut in range(len(replies)):
        first = new_session(seed=5, turn_limit=30)
        first.start()
        for text in replies[:cut]:
            first.reply(text)
        data = json.loads(json.dumps(first.snapshot()))
        resumed = Session.restore(data, tiny_scenario(turn_limit=30), KeywordTestScorer())
        for text in replies[cut:]:
            resumed.reply(text)
        assert resumed.transcript() == whole.transcript()


def test_restore_refuses_a_snapshot_of_another_scenario_or_a_damaged_one():
    session = new_session()
    session.start()
    session.reply(SKILLED[0])
    data = session.snapshot()
    other = tiny_scenario()
    object.__setattr__(other, "id", "another")
    with pytest.raises(LoadError, match="not of 'another'"):
        Session.restore(data, other, KeywordTestScorer())
    for damage in ({"beat": "gone"}, {"turn": 5}, {"revealed": ["nope"]}, {"variables": {"x": 1}}):
        broken = json.loads(json.dumps(data))
        broken["state"].update(damage)
        with pytest.raises(LoadError) as info:
            Session.restore(broken, tiny_scenario(), KeywordTestScorer())
        assert info.value.lines()[0].startswith("cannot resume the session:")
    with pytest.raises(LoadError):
        Session.restore({"schema_version": 2}, tiny_scenario(), KeywordTestScorer())


def test_the_transcript_has_the_documented_shape():
    session = new_session()
    session.start()
    for text in SKILLED:
        session.reply(text)
    t = session.transcript()
    assert transcript_problem(t) is None
    assert list(t) == [
        "schema_version",
        "scenario",
        "scenario_version",
        "lang",
        "seed",
        "mode",
        "turns",
        "ending",
        "scores",
    ]
    speakers = [turn["speaker"] for turn in t["turns"]]
    assert speakers == ["client"] + ["worker", "client"] * 4  # the last is the ending's line
    assert t["turns"][1]["score"]["moves"] == ["greeting"]
    assert t["scores"]["measures"] == {"replies": 4}


def test_mode_must_be_coach_or_exam():
    with pytest.raises(ValueError):
        Session(tiny_scenario(), KeywordTestScorer(), mode="practice")


_WORDS = ["Halo", "Bu", "rasa", "salah", "bersama", "harus", "?", "Baik.", "\x00", "  ", "\n"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.lists(st.sampled_from(_WORDS), max_size=5).map(" ".join), st.text(max_size=30)
        ),
        max_size=12,
    ),
    st.integers(0, 10_000),
    st.data(),
)
def test_any_replies_either_are_refused_or_advance_and_restore_anywhere_matches(texts, seed, data):
    def play(session: Session, replies: list[str]) -> None:
        for text in replies:
            before = session.snapshot()
            try:
                session.reply(text)
            except ReplyRejected:
                assert session.snapshot() == before

    whole = new_session(seed=seed)
    whole.start()
    play(whole, texts)
    cut = data.draw(st.integers(0, len(texts)))
    first = new_session(seed=seed)
    first.start()
    play(first, texts[:cut])
    resumed = Session.restore(
        json.loads(json.dumps(first.snapshot())), tiny_scenario(), KeywordTestScorer()
    )
    play(resumed, texts[cut:])
    assert resumed.transcript() == whole.transcript()
    assert transcript_problem(whole.transcript()) is None
