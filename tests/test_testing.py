"""run_walkthroughs: each expectation checked at the step that wrote it."""

from __future__ import annotations

from session_doubles import SKILLED, KeywordTestScorer, step, tiny_scenario

from simulator.scenario.model import Pos, Walkthrough
from simulator.testing import run_walkthroughs


def walk(steps, ending="plan", scores=(), wid="w"):
    return Walkthrough(wid, "", 1, tuple(steps), ending, tuple(scores), Pos("s.yaml", 40, 3))


def at(line: int) -> Pos:
    return Pos("s.yaml", line, 7)


def test_a_walkthrough_that_holds_passes_and_reports_visited_beats():
    w = walk(
        [
            step(SKILLED[0], beat="listen", stage="assessment", moves=("greeting",), pos=at(1)),
            step(
                SKILLED[1], beat="opens_up", moves=("reflection",), not_moves=("blame",), pos=at(2)
            ),
            step(SKILLED[2], beat="planning", stage="planning", fit="fits", pos=at(3)),
            step(SKILLED[3], ending="plan", moves=("plan_proposal", "question"), pos=at(4)),
        ],
        scores=(("overall", 60, 100), ("acceptance", 60, 100)),
    )
    [result] = run_walkthroughs(tiny_scenario(walkthroughs=(w,)), KeywordTestScorer())
    assert result.failures == ()
    assert result.passed and result.ending == "plan"
    assert result.visited == {"opening", "listen", "opens_up", "planning"}
    assert result.transcript["ending"]["id"] == "plan"


def test_each_difference_is_reported_at_its_step():
    w = walk(
        [
            step(SKILLED[0], beat="opens_up", stage="planning", moves=("reflection",), pos=at(1)),
            step("Itu salah Ibu.", not_moves=("blame",), fit="premature", ending="plan", pos=at(2)),
            step("Halo?", pos=at(3)),
            step("Halo lagi?", pos=at(4)),
        ],
        scores=(("overall", 90, 100),),
    )
    [result] = run_walkthroughs(tiny_scenario(walkthroughs=(w,)), KeywordTestScorer())
    lines = [str(f) for f in result.failures]
    assert lines == [
        "s.yaml:1:7: walkthrough 'w', step 1: expected the client to answer with beat "
        "'opens_up', got beat 'listen'",
        "s.yaml:1:7: walkthrough 'w', step 1: expected stage 'planning', got 'assessment'",
        "s.yaml:1:7: walkthrough 'w', step 1: expected move 'reflection' in the reply; it "
        "shows greeting",
        "s.yaml:2:7: walkthrough 'w', step 2: move 'blame' should not be in the reply, but it "
        "is (rule test.blame)",
        "s.yaml:2:7: walkthrough 'w', step 2: expected stage fit 'premature', got 'fits'",
        "s.yaml:2:7: walkthrough 'w', step 2: expected the session to end with 'plan' here, "
        "got ending 'withdrawn'",
        "s.yaml:3:7: walkthrough 'w', step 3: the session already ended with 'withdrawn', "
        "so 2 step(s) are never played",
        "s.yaml:40:3: walkthrough 'w': expected ending 'plan' after the last step, got "
        "ending 'withdrawn'",
        "s.yaml:40:3: walkthrough 'w': score overall 30 is outside the expected range [90, 100]",
    ]
    assert not result.passed


def test_a_walkthrough_expected_to_stay_open_fails_when_it_ends_and_vice_versa():
    still = walk([step("Baik.", pos=at(1))], ending=None, wid="open")
    ends = walk([step("Baik.", pos=at(1))], ending="plan", wid="ends")
    results = run_walkthroughs(tiny_scenario(walkthroughs=(still, ends)), KeywordTestScorer())
    assert results[0].passed
    assert [str(f) for f in results[1].failures] == [
        "s.yaml:40:3: walkthrough 'ends': expected ending 'plan' after the last step, got no "
        "ending (still running) at beat 'opening' after 1 replies"
    ]


def test_a_refused_reply_is_a_failure_of_its_step():
    w = walk([step("   ", pos=at(1))], ending=None)
    [result] = run_walkthroughs(tiny_scenario(walkthroughs=(w,)), KeywordTestScorer())
    assert [str(f) for f in result.failures] == [
        "s.yaml:1:7: walkthrough 'w', step 1: reply refused: the reply is empty"
    ]
