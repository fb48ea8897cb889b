"""The shipped English rulebook: it loads cleanly, covers the whole vocabulary, its own rule
examples hold, and the labelled replies in ``tests/data/en_cases.yaml`` are judged as labelled.

Known gaps (``gap:`` in a case, ``gaps:`` in a rule's examples) are strict xfails: when a gap
is closed the test fails, so that the gap is removed from the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator import vocab
from simulator.scoring import make_scorer
from simulator.scoring.examples import run_examples
from simulator.scoring.model import ReplyScore, ScoreContext
from simulator.scoring.rulebook import check_rulebook, shipped_path

CASES_PATH = Path(__file__).parent / "data" / "en_cases.yaml"
CASE_KEYS = {
    "text", "client", "stage", "risk", "client_name", "moves", "not_moves", "principles",
    "rules", "not_rules", "fit", "roles", "note", "gap",
}  # fmt: skip


@pytest.fixture(scope="module")
def rulebook():
    book, problems = check_rulebook(shipped_path("en"))
    assert book is not None, [str(p) for p in problems]
    return book


@pytest.fixture(scope="module")
def scorer():
    return make_scorer("en")


def test_rulebook_loads_without_problems(rulebook) -> None:
    _, problems = check_rulebook(shipped_path("en"))
    assert [str(p) for p in problems] == []
    assert rulebook.lang == "en"


def test_rule_ids_are_prefixed_and_stable_rules_have_examples(rulebook) -> None:
    for rule in rulebook.rules:
        assert rule.id.startswith("en."), rule.id
        assert rule.message.strip(), rule.id
        if rule.status == "stable":
            fires = [e for e in rule.examples if e.expect == "fire" and not e.gap]
            passes = [e for e in rule.examples if e.expect == "pass" and not e.gap]
            assert len(fires) >= 2 and len(passes) >= 2, rule.id


def test_every_move_and_role_has_a_rule(rulebook) -> None:
    moves = {r.move for r in rulebook.rules}
    roles = {r.role for r in rulebook.rules}
    assert set(vocab.MOVES) <= moves, set(vocab.MOVES) - moves
    assert set(vocab.ROLES) <= roles, set(vocab.ROLES) - roles


@pytest.mark.parametrize("principle", vocab.PRINCIPLES)
def test_every_principle_has_rules_in_both_directions(rulebook, principle: str) -> None:
    deltas = [d for r in rulebook.rules for p, d in r.principles if p == principle]
    assert any(d > 0 for d in deltas), f"no rule raises {principle}"
    assert any(d < 0 for d in deltas), f"no rule lowers {principle}"


@pytest.mark.parametrize("stage", vocab.STAGES)
def test_every_stage_is_described(rulebook, stage: str) -> None:
    spec = rulebook.stages.get(stage)
    assert spec is not None, stage
    assert spec.expects, stage
    assert spec.hint.strip(), stage
    assert all(m in vocab.MOVES or m in vocab.MOVE_GROUPS for m in (*spec.premature, *spec.late))


def _example_params():
    book, _ = check_rulebook(shipped_path("en"))
    if book is None:
        return [pytest.param(None, id="rulebook-does-not-load")]
    params = []
    for res in run_examples(book):
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if res.gap else []
        params.append(
            pytest.param(res, id=f"{res.rule}:{res.expected}:{res.text[:40]}", marks=marks)
        )
    return params


@pytest.mark.parametrize("result", _example_params())
def test_rule_example(result) -> None:
    assert result is not None, "the English rulebook does not load"
    assert result.ok, f"{result.rule} should {result.expected} on {result.text!r}: {result.detail}"


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
