"""The condition vocabulary: parsing with placed problems, evaluation, effects."""

from __future__ import annotations

import pytest

from simulator.errors import Problems
from simulator.scenario.conditions import (
    OPS,
    ConditionView,
    apply_effects,
    condition_schema,
    evaluate,
    parse_condition,
    summarise,
)
from simulator.scenario.model import Effects
from simulator.scoring.model import Finding, ReplyScore
from simulator.vocab import PRINCIPLES
from simulator.yamlpos import load_yaml_text


def parse(text: str):
    problems = Problems()
    node = load_yaml_text(text, "f.yaml", problems)
    cond = parse_condition(node, "f.yaml", problems)
    return cond, [str(p) for p in problems]


def score(moves=(), deltas=None, fit="fits", rules=()):
    principles = {p: 0.0 for p in PRINCIPLES}
    principles.update(deltas or {})
    findings = tuple(Finding(rule=r, span=(0, 1), message="") for r in rules)
    return ReplyScore(
        moves=tuple(moves),
        principles=principles,
        stage="assessment",
        stage_fit=fit,
        stage_fit_reason="",
        roles=(),
        findings=findings,
    )


def view(s=None, rapport=0, variables=None, revealed=(), visited=(), turn=1, reached=False):
    return ConditionView(
        s, rapport, variables or {}, frozenset(revealed), frozenset(visited), turn, reached
    )


@pytest.mark.parametrize(
    ("when", "v", "expected"),
    [
        ("{move: reflection}", view(score(["reflection_complex"])), True),
        ("{move: [advice, blame]}", view(score(["reflection_complex"])), False),
        ("{move: question}", view(score(["why_question"])), True),
        ("{no_move: question}", view(score(["summary"])), True),
        ("{no_move: question}", view(None), True),
        ("{move: summary}", view(None), False),
        ("{rule: id.open.ceritakan}", view(score(rules=["id.open.ceritakan"])), True),
        ("{rule: [a.b, c.d]}", view(score(rules=["x.y"])), False),
        ("{delta_at_least: {acceptance: 1}}", view(score(deltas={"acceptance": 1.0})), True),
        (
            "{delta_at_least: {acceptance: 1, openness: 1}}",
            view(score(deltas={"acceptance": 1.0})),
            False,
        ),
        ("{delta_below: {acceptance: -0.5}}", view(score(deltas={"acceptance": -1.0})), True),
        ("{total_at_least: 1.5}", view(score(deltas={"acceptance": 1.0, "openness": 0.5})), True),
        ("{total_below: 0}", view(score(deltas={"acceptance": 1.0})), False),
        ("{fit: [premature, late]}", view(score(fit="premature")), True),
        ("{fit: fits}", view(score(fit="off")), False),
        ("{rapport_at_least: 2}", view(rapport=2), True),
        ("{rapport_below: 2}", view(rapport=2), False),
        ("{var_at_least: {pushed: 2}}", view(variables={"pushed": 2}), True),
        ("{var_below: {pushed: 2}}", view(variables={"pushed": 2}), False),
        ("{var_equals: {pushed: 0}}", view(), True),
        ("{revealed: [a, b]}", view(revealed=["a"]), False),
        ("{revealed: a}", view(revealed=["a"]), True),
        ("{not_revealed: [a, b]}", view(revealed=["b"]), False),
        ("{real_problem_reached: true}", view(reached=True), True),
        ("{real_problem_reached: false}", view(reached=True), False),
        ("{visited: opening}", view(visited=["opening"]), True),
        ("{not_visited: [opening]}", view(visited=["opening"]), False),
        ("{turn_at_least: 3}", view(turn=3), True),
        ("{turn_below: 3}", view(turn=3), False),
        ("{any: [{move: blame}, {rapport_below: 0}]}", view(score(["blame"]), rapport=3), True),
        ("{all: [{move: blame}, {rapport_below: 0}]}", view(score(["blame"]), rapport=3), False),
        ("{not: {move: blame}}", view(score(["summary"])), True),
        (
            "{move: reflection, rapport_at_least: 2}",
            view(score(["reflection_simple"]), rapport=1),
            False,
        ),
        (
            "{move: reflection, rapport_at_least: 2}",
            view(score(["reflection_simple"]), rapport=2),
            True,
        ),
    ],
)
def test_evaluate(when, v, expected):
    cond, problems = parse(when)
    assert problems == []
    assert evaluate(cond, v) is expected


def test_every_operator_is_tested_above():
    source = open(__file__, encoding="utf-8").read()
    assert all("{" + op + ":" in source for op in OPS)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            "{mvoe: reflection}",
            "f.yaml:1:2: error: when: unknown condition 'mvoe'; did you mean 'move'? (unknown-condition)",
        ),
        (
            "{move: reflexion}",
            "f.yaml:1:8: error: when.move: unknown move 'reflexion'; did you mean 'reflection'? (unknown-name)",
        ),
        (
            "{delta_at_least: {acceptence: 1}}",
            "f.yaml:1:19: error: when.delta_at_least: unknown principle 'acceptence'; did you mean 'acceptance'? (unknown-name)",
        ),
        (
            "{fit: early}",
            "f.yaml:1:7: error: when.fit: unknown stage fit 'early'; expected one of: fits, premature, late, off (unknown-name)",
        ),
        (
            "{rapport_at_least: high}",
            "f.yaml:1:20: error: when.rapport_at_least: expected a whole number, got text (wrong-type)",
        ),
        (
            "{}",
            "f.yaml:1:1: error: when: a condition needs at least one key; a branch that should always be taken is the fallback (empty-condition)",
        ),
        ("{any: []}", "f.yaml:1:7: error: when.any: needs at least 1 item (too-few)"),
        (
            "{not: {move: yes}}",
            "f.yaml:1:14: error: when.not.move: expected a move or a list of moves, got true/false ('yes' is true/false in YAML: put it in quotes to make it text) (wrong-type)",
        ),
        (
            "[move, reflection]",
            "f.yaml:1:1: error: when: expected a condition (a mapping such as {move: reflection}), got a list (wrong-type)",
        ),
    ],
)
def test_bad_conditions(when, expected):
    cond, problems = parse(when)
    assert cond is None
    assert problems == [expected]


def test_apply_effects_sets_adds_reveals_and_clamps_rapport():
    effects = Effects(set=(("flag", 1),), add=(("asked", 2), ("rapport", 20)), reveal=("debt",))
    out = apply_effects(effects, {"asked": 1}, 3, frozenset({"a"}), (-5, 10))
    assert out.variables == {"asked": 3, "flag": 1}
    assert out.rapport == 10
    assert out.revealed == {"a", "debt"}
    low = apply_effects(Effects(add=(("rapport", -9),)), {}, 0, frozenset(), (-5, 10))
    assert low.rapport == -5


def test_summarise_reads_like_the_condition():
    cond, _ = parse("{any: [{move: blame}, {rapport_below: 0}], delta_at_least: {acceptance: 0.5}}")
    assert summarise(cond) == "(move: blame or rapport < 0) and acceptance ≥ 0.5"
    assert summarise(None) == "otherwise"


def test_condition_schema_lists_every_operator():
    schema = condition_schema()
    assert set(schema["properties"]) == set(OPS)
    assert schema["properties"]["not"] == {
        "$ref": "#/$defs/condition",
        "description": OPS["not"].doc,
    }
