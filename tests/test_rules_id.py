"""The shipped Indonesian rulebook judges the labelled replies in ``tests/data/id_cases.yaml``
(both registers, built from RUBRIC §1-§3) as labelled (its load, coverage and rule examples are
checked in test_shipped_rulebooks.py).

A case marked as a known gap is a strict xfail: when the gap is closed the test fails, so that
the label is updated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator import vocab
from simulator.scoring import make_scorer
from simulator.scoring.model import ReplyScore, ScoreContext

CASES_PATH = Path(__file__).parent / "data" / "id_cases.yaml"
CASE_KEYS = {
    "id", "reg", "text", "client", "stage", "address", "risk_flags", "real_problem_reached",
    "moves", "not_moves", "principles", "roles", "fit", "source", "known_gap", "holdout",
}  # fmt: skip


@pytest.fixture(scope="module")
def scorer():
    return make_scorer("id")


def load_cases() -> list[dict[str, Any]]:
    """The labelled Indonesian replies."""
    data = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
    return list(data["cases"])


def _move_names(entry: str) -> list[str]:
    return entry.split("|")


def test_case_file_is_well_formed() -> None:
    cases = load_cases()
    assert len(cases) >= 150
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    assert {c["reg"] for c in cases} == {"F", "I"}
    for case in cases:
        assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
        for entry in (*case.get("moves", ()), *case.get("not_moves", ())):
            for m in _move_names(entry):
                assert vocab.is_move_name(m), (case["id"], m)
        for p, sign in case.get("principles", {}).items():
            assert p in vocab.PRINCIPLES and sign in ("+", "-", "0"), (case["id"], p, sign)
        for role in case.get("roles", ()):
            assert role in vocab.ROLES, (case["id"], role)
        if "stage" in case:
            assert case["stage"] in vocab.STAGES, case["id"]
        if "fit" in case:
            assert case["fit"] in vocab.STAGE_FITS, case["id"]
        assert any(k in case for k in ("moves", "not_moves", "principles", "fit", "roles")), case[
            "id"
        ]


def case_context(case: dict[str, Any]) -> ScoreContext:
    """The context a labelled case is judged in."""
    return ScoreContext(
        lang="id",
        stage=case.get("stage"),
        client_last=case.get("client", ""),
        address=tuple(case.get("address", ())),
        risk_flags=tuple(case.get("risk_flags", ())),
        real_problem_reached=case.get("real_problem_reached"),
        turn=1,
    )


def case_problems(case: dict[str, Any], score: ReplyScore) -> list[str]:
    """How the score differs from the case's labels (empty: as labelled)."""
    out = []
    for entry in case.get("moves", ()):
        if not any(score.has_move(m) for m in _move_names(entry)):
            out.append(f"missing move {entry}")
    for entry in case.get("not_moves", ()):
        for m in _move_names(entry):
            if score.has_move(m):
                out.append(f"unexpected move {m}")
    for p, sign in case.get("principles", {}).items():
        d = score.principles.get(p, 0.0)
        if (sign == "+" and d <= 0) or (sign == "-" and d >= 0) or (sign == "0" and d != 0):
            out.append(f"{p} delta {d} is not {sign}")
    if "fit" in case and score.stage_fit != case["fit"]:
        out.append(f"fit {score.stage_fit} ({score.stage_fit_reason}), expected {case['fit']}")
    for role in case.get("roles", ()):
        if role not in score.roles:
            out.append(f"missing role {role}")
    return out


def _case_params():
    params = []
    for case in load_cases():
        gap = case.get("known_gap")
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        params.append(pytest.param(case, id=f"{case['id']}:{case['text'][:40]}", marks=marks))
    return params


@pytest.mark.parametrize("case", _case_params())
def test_labelled_reply(scorer, case: dict[str, Any]) -> None:
    score = scorer.score(case["text"], case_context(case))
    problems = case_problems(case, score)
    fired = sorted({f.rule for f in score.findings})
    assert not problems, f"{case['text']!r}: {problems}; moves={score.moves}; fired={fired}"
