"""The shipped English rulebook judges the labelled replies in ``tests/data/en_cases.yaml`` as
labelled (its load, coverage and rule examples are checked in test_shipped_rulebooks.py).

Known gaps (``gap:`` in a case) are strict xfails: when a gap is closed the test fails, so that
the gap is removed from the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator import vocab
from simulator.scoring import make_scorer
from simulator.scoring.model import ReplyScore, ScoreContext

CASES_PATH = Path(__file__).parent / "data" / "en_cases.yaml"
CASE_KEYS = {
    "text", "client", "stage", "risk", "client_name", "moves", "not_moves", "principles",
    "rules", "not_rules", "fit", "roles", "note", "gap",
}  # fmt: skip


@pytest.fixture(scope="module")
def scorer():
    return make_scorer("en")


def _load_cases() -> list[dict[str, Any]]:
    data = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
    return list(data["cases"])


def test_case_file_is_well_formed() -> None:
    cases = _load_cases()
    assert len(cases) >= 100
    for case in cases:
        assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
        for m in (*case.get("moves", ()), *case.get("not_moves", ())):
            assert m in vocab.MOVES or m in vocab.MOVE_GROUPS, m
        for p, sign in case.get("principles", {}).items():
            assert p in vocab.PRINCIPLES and sign in ("+", "-", "0"), (p, sign)
        assert any(k in case for k in ("moves", "not_moves", "principles", "rules", "not_rules",
                                       "fit", "roles")), case["text"]  # fmt: skip


def _case_params():
    params = []
    for i, case in enumerate(_load_cases()):
        marks = [pytest.mark.xfail(strict=True, reason=case["gap"])] if case.get("gap") else []
        params.append(pytest.param(case, id=f"{i:03d}:{case['text'][:40]}", marks=marks))
    return params


def _context(case: dict[str, Any]) -> ScoreContext:
    return ScoreContext(
        lang="en",
        stage=case.get("stage"),
        client_last=case.get("client", ""),
        client_name=case.get("client_name", ""),
        risk_flags=tuple(case.get("risk", ())),
        turn=1,
    )


def _problems(case: dict[str, Any], score: ReplyScore) -> list[str]:
    out = []
    for m in case.get("moves", ()):
        if not score.has_move(m):
            out.append(f"missing move {m}")
    for m in case.get("not_moves", ()):
        if score.has_move(m):
            out.append(f"unexpected move {m}")
    for p, sign in case.get("principles", {}).items():
        d = score.principles.get(p, 0.0)
        if (sign == "+" and d <= 0) or (sign == "-" and d >= 0) or (sign == "0" and d != 0):
            out.append(f"{p} delta {d} is not {sign}")
    for r in case.get("rules", ()):
        if not score.fired(r):
            out.append(f"rule {r} did not fire")
    for r in case.get("not_rules", ()):
        if score.fired(r):
            out.append(f"rule {r} fired")
    if "fit" in case and score.stage_fit != case["fit"]:
        out.append(f"fit {score.stage_fit} ({score.stage_fit_reason}), expected {case['fit']}")
    for role in case.get("roles", ()):
        if role not in score.roles:
            out.append(f"missing role {role}")
    return out


@pytest.mark.parametrize("case", _case_params())
def test_labelled_reply(scorer, case: dict[str, Any]) -> None:
    score = scorer.score(case["text"], _context(case))
    problems = _problems(case, score)
    fired = sorted({f.rule for f in score.findings})
    assert not problems, f"{case['text']!r}: {problems}; moves={score.moves}; fired={fired}"


def test_reflection_after_a_back_channel_is_judged_against_the_earlier_words(scorer) -> None:
    """After "Mm." the worker is still reflecting what the client said before it."""
    said = "The pain in my back keeps me awake and the pills do nothing for it."
    reply = "The pills haven't touched the pain at night."
    after_mm = scorer.score(
        reply, ScoreContext(lang="en", client_last="Mm.", client_earlier=(said,))
    )
    assert any(m.startswith("reflection") or m == "paraphrase" for m in after_mm.moves)
    unrelated = scorer.score(
        reply, ScoreContext(lang="en", client_last="Mm.", client_earlier=("I like tea.",))
    )
    assert not any(m.startswith("reflection") or m == "paraphrase" for m in unrelated.moves)


def test_the_workers_own_feeling_is_not_a_reflection(scorer) -> None:
    """ "It really worries me" names the worker's feeling, not the client's (no reflection)."""
    ctx = ScoreContext(lang="en", client_last="Everyone at work drinks, so I do too.")
    own = scorer.score("You know, it really worries me.", ctx)
    assert not any(m.startswith("reflection") for m in own.moves), own.moves
    theirs = scorer.score("It worries you that you might be drinking too much.", ctx)
    assert any(m.startswith("reflection") for m in theirs.moves), theirs.moves


def test_you_know_as_a_filler_does_not_make_a_reflection(scorer) -> None:
    """ "You know, ..." is a discourse filler: the client is not the subject of the statement."""
    ctx = ScoreContext(lang="en", client_last="I have a lot of classes and I go to parties.")
    lecture = scorer.score("You know, the classes next year are going to be really hard.", ctx)
    assert not any(m.startswith("reflection") for m in lecture.moves), lecture.moves
    reflection = scorer.score("So, you know, you feel pulled between classes and parties.", ctx)
    assert any(m.startswith("reflection") for m in reflection.moves), reflection.moves
    thanks = scorer.score("Thank you.", ScoreContext(lang="en", client_last="Okay. Thank you."))
    assert not any(m.startswith("reflection") for m in thanks.moves), thanks.moves
