"""Session measures, 0-100 scores and stage inference (docs/scoring.md)."""

from __future__ import annotations

from simulator.scoring.engine import RuleScorer
from simulator.scoring.model import Finding, ReplyScore, ScoredTurn
from simulator.scoring.rulebook import rulebook_from_text
from simulator.scoring.summary import StageTracker, measures, score_turns, summarize
from simulator.vocab import PRINCIPLES


def reply(moves: tuple[str, ...], fit: str = "fits", **deltas: float) -> ReplyScore:
    findings = tuple(
        Finding("r", (0, 1), "m", d, p, severity="critical" if abs(d) >= 3 else "minor")
        for p, d in deltas.items()
    )
    return ReplyScore(
        moves, {p: deltas.get(p, 0.0) for p in PRINCIPLES}, "assessment", fit, "", (), findings
    )


def session(*replies: ReplyScore) -> list[ScoredTurn]:
    turns: list[ScoredTurn] = []
    for r in replies:
        turns.append(ScoredTurn("client", "..."))
        turns.append(ScoredTurn("worker", "...", "assessment", r))
    return turns


SKILLED = session(
    reply(("greeting", "open_question"), acceptance=0.5, openness=1),
    reply(("reflection_complex",), openness=1, individualisation=0.5),
    reply(("open_question",), openness=1),
    reply(("reflection_simple", "open_question"), openness=1, acceptance=0.25),
    reply(("summary", "closed_question"), openness=1, participation=0.5),
    reply(("plan_proposal", "autonomy_support"), participation=1.5),
)
POOR = session(
    reply(("closed_question",)),
    reply(("closed_question",)),
    reply(("closed_question", "why_question"), openness=-0.5, acceptance=-0.25),
    reply(("advice",), "premature", participation=-1, individualisation=-0.25),
    reply(("judgement",), acceptance=-1),
    reply(("advice", "reassurance"), "premature", participation=-1, openness=-1),
)


def test_measures() -> None:
    m = measures(SKILLED)
    assert m["open_questions"] == 3 and m["closed_questions"] == 1
    assert m["open_closed_ratio"] == 3.0
    assert m["reflections"] == 3 and m["reflections_per_question"] == 0.75
    assert m["complex_reflection_share"] == 0.67
    assert m["real_problem_before_planning"] is True and m["plan_with_client"] is True
    p = measures(POOR)
    assert p["longest_closed_run"] == 3
    assert p["advice_per_reply"] == 0.33 and p["premature_replies"] == 2
    assert p["real_problem_before_planning"] is False and p["plan_with_client"] is False


def test_a_poor_interview_scores_clearly_lower() -> None:
    good, poor = summarize(SKILLED), summarize(POOR)
    assert good.overall >= 70 and poor.overall <= 40
    assert good.overall - poor.overall >= 30
    assert good.principles["participation"] > poor.principles["participation"]
    assert good.principles["acceptance"] > poor.principles["acceptance"]
    for s in (good, poor):
        assert all(0 <= v <= 100 for v in s.principles.values())


def test_no_evidence_is_fifty_and_a_critical_finding_caps_the_principle() -> None:
    quiet = summarize(session(reply(("encourager",))))
    assert quiet.principles["confidentiality"] == 50.0
    breach = summarize(
        session(
            reply(("open_question",), openness=1),
            reply(("confidentiality_breach",), confidentiality=-3),
        )
    )
    assert breach.principles["confidentiality"] <= 40


def violation(moves: tuple[str, ...], **deltas: float) -> ReplyScore:
    """A reply whose negative deltas are major violations (blame, judgement, advice ...)."""
    findings = tuple(
        Finding("r", (0, 1), "m", d, p, severity="major" if d < 0 else "minor")
        for p, d in deltas.items()
    )
    return ReplyScore(
        moves, {p: deltas.get(p, 0.0) for p in PRINCIPLES}, "assessment", "fits", "", (), findings
    )


def test_a_violation_is_not_offset_inside_its_own_reply() -> None:
    # +1 and -1 acceptance in one reply: the reply's sum is 0, but the violation still counts
    # and the praise beside it gives the violated principle nothing.
    mixed = summarize(session(violation(("affirmation", "moralising"), acceptance=-1)))
    both = ReplyScore(
        ("affirmation", "moralising"),
        dict.fromkeys(PRINCIPLES, 0.0),
        "assessment",
        "fits",
        "",
        (),
        (
            Finding("a", (0, 1), "m", 1.0, "acceptance", severity="minor"),
            Finding("b", (2, 3), "m", -1.0, "acceptance", severity="major"),
        ),
    )
    assert summarize(session(both)).principles["acceptance"] == 25.0
    assert mixed.principles["acceptance"] == 25.0
    assert summarize(session(both)).measures["violating_replies"] == 1


def test_encouragers_alone_cannot_pass() -> None:
    # Ten attentive "mm"s: no violation, lots of small openness credit, but no skill shown.
    quiet = summarize(session(*[reply(("encourager",), openness=0.5)] * 10))
    assert quiet.measures["skilled_replies"] == 0
    assert quiet.overall <= 40
    one = summarize(
        session(reply(("open_question",), openness=1), *[reply(("encourager",), openness=0.5)] * 9)
    )
    assert one.overall <= 50


def test_blaming_caps_the_session_whatever_the_good_replies() -> None:
    good = [
        reply(("open_question",), openness=1),
        reply(("reflection_complex",), openness=1, acceptance=0.5),
    ]
    blame = violation(("blame",), acceptance=-1.5)
    assert summarize(session(*good, blame, blame)).overall <= 20
    six = summarize(session(*good, *good, blame, blame))
    assert six.measures["violating_replies"] == 2 and six.overall <= 47
    # one slip in a long skilled interview is a mixed mark, not a failure
    long = summarize(session(*good * 6, blame))
    assert 55 <= long.overall < summarize(session(*good * 6)).overall


def test_empty_session() -> None:
    s = summarize([])
    assert s.overall == 0 and s.measures["worker_turns"] == 0


def test_stage_inference_follows_confirmations() -> None:
    scorer = RuleScorer(
        rulebook_from_text(
            "lang: en\nversion: '1'\nrules:\n"
            "  - id: plan\n    move: plan_proposal\n    patterns: ['make a plan']\n"
            "    message: plan\n"
        )
    )
    turns = [
        {"speaker": "client", "text": "My rent is late."},
        {"speaker": "worker", "text": "What has been happening?"},
        {"speaker": "client", "text": "I lost my job and my landlord keeps calling me."},
        {
            "speaker": "worker",
            "text": "It sounds like losing your job has left you frightened about your home.",
        },
        {"speaker": "client", "text": "Yes, exactly."},
        {"speaker": "worker", "text": "Shall we make a plan together?"},
        {"speaker": "client", "text": "Okay, I will call the housing office on Monday."},
        {"speaker": "worker", "text": "Good, what will you say to them?"},
    ]
    scored = score_turns(scorer, "en", turns)
    stages = [t.stage for t in scored if t.speaker == "worker"]
    assert stages == ["engagement", "assessment", "planning", "intervention"]
    plan = [t for t in scored if t.speaker == "worker"][2]
    assert plan.score is not None and plan.score.stage_fit == "fits"


def test_planning_before_confirmation_is_premature() -> None:
    scorer = RuleScorer(
        rulebook_from_text(
            "lang: en\nversion: '1'\nrules:\n"
            "  - id: plan\n    move: plan_proposal\n    patterns: ['make a plan']\n"
            "    message: plan\n"
        )
    )
    tracker = StageTracker(scorer, "en")
    assert tracker.stage == "engagement"
    scored = score_turns(
        scorer,
        "en",
        [
            {"speaker": "client", "text": "My rent is late."},
            {"speaker": "worker", "text": "How are you?"},
            {"speaker": "client", "text": "Not good."},
            {"speaker": "worker", "text": "Let's make a plan."},
        ],
    )
    last = scored[-1].score
    assert last is not None and last.stage_fit == "premature"


def _worker_moves(turns: list[dict[str, str]]) -> list[tuple[str, ...]]:
    from simulator.scoring import make_scorer

    scored = score_turns(make_scorer("en"), "en", turns)
    return [t.score.moves for t in scored if t.speaker == "worker" and t.score is not None]


def test_a_reflection_cut_by_a_back_channel_carries_on() -> None:
    # written for this project: a spoken reflection split by the client's "Mm."
    turns = [
        {"speaker": "client", "text": "I've been to the doctor, the chemist, even a herbalist."},
        {"speaker": "worker", "text": "So you've tried the doctor, the chemist and a herbalist-"},
        {"speaker": "client", "text": "Mm."},
        {"speaker": "worker", "text": "- and none of them really helped with the pain."},
    ]
    first, second = _worker_moves(turns)
    assert set(first) & {"reflection_simple", "reflection_complex", "paraphrase"}
    assert "reflection_simple" in second


def test_a_cut_piece_is_no_reflection_after_a_question_or_a_long_client_turn() -> None:
    after_question = [
        {"speaker": "client", "text": "I've been to the doctor and the chemist."},
        {"speaker": "worker", "text": "What did the doctor tell you-"},
        {"speaker": "client", "text": "Mm."},
        {"speaker": "worker", "text": "- about the tablets and the pain."},
    ]
    assert not set(_worker_moves(after_question)[1]) & {"reflection_simple", "reflection_complex"}
    after_talk = [
        {"speaker": "client", "text": "I've been to the doctor, the chemist, even a herbalist."},
        {"speaker": "worker", "text": "So you've tried the doctor, the chemist and a herbalist-"},
        {
            "speaker": "client",
            "text": "And the hospital too, twice last spring, and nothing came of it.",
        },
        {"speaker": "worker", "text": "- the appointment letter is on the table."},
    ]
    assert "reflection_simple" not in _worker_moves(after_talk)[1]
    uncut = [
        {"speaker": "client", "text": "I've been to the doctor, the chemist, even a herbalist."},
        {"speaker": "worker", "text": "So you've tried the doctor, the chemist and a herbalist."},
        {"speaker": "client", "text": "Mm."},
        {"speaker": "worker", "text": "The appointment letter is on the table."},
    ]
    assert "reflection_simple" not in _worker_moves(uncut)[1]


_EARLIER = [
    {
        "speaker": "client",
        "text": "My sister used to take the twins every Saturday so I could work.",
    },
    {"speaker": "worker", "text": "What is work like for you?"},
    {"speaker": "client", "text": "It's fine. Long hours."},
    {"speaker": "worker", "text": "How long?"},
    {"speaker": "client", "text": "Ten hours most days."},
    {"speaker": "worker", "text": "And at home?"},
    {"speaker": "client", "text": "Quiet. Tired."},
    {"speaker": "worker", "text": "Mm."},
    {"speaker": "client", "text": "Yeah."},
]


def test_a_reflection_may_take_up_words_from_early_in_the_session() -> None:
    # written for this project: the sister and the twins were named five client turns back
    reply = "And without your sister the Saturdays with the twins fall on you now."
    moves = _worker_moves([*_EARLIER, {"speaker": "worker", "text": reply}])[-1]
    assert set(moves) & {"reflection_simple", "reflection_complex"}


def test_words_the_client_never_said_are_no_reflection_however_long_the_session() -> None:
    reply = "Your bus pass runs out on Friday."
    moves = _worker_moves([*_EARLIER, {"speaker": "worker", "text": reply}])[-1]
    assert not set(moves) & {"reflection_simple", "reflection_complex", "paraphrase"}
    advice = "You'll need to call the council about the twins."
    moves = _worker_moves([*_EARLIER, {"speaker": "worker", "text": advice}])[-1]
    assert "advice" in moves and not set(moves) & {"reflection_simple", "reflection_complex"}
