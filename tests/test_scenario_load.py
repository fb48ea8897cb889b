"""Scenario loading and cross-checks, case by case on variants of the minimal scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario.keys import SCENARIO
from simulator.scenario.load import check_scenario, where

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def check(tmp_path, *replacements: tuple[str, str], strict: bool = False):
    text = MINIMAL
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = check_scenario(path, strict=strict)
    prefix = f"{path}:"
    return scenario, [str(p).removeprefix(prefix) for p in problems]


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        (
            [("    fallback: {goto: closed_up}\n", "    fallback: {goto: closed_up, end: left}\n")],
            "41:15: error: beats.opening.fallback: needs exactly one of 'goto' or 'end', not 2 (conflicting-keys)",
        ),
        (
            [
                (
                    "    fallback: {goto: closed_up}\n",
                    "    fallback: {effects: {add: {pushed: 1}}}\n",
                )
            ],
            "41:15: error: beats.opening.fallback: needs exactly one of 'goto' or 'end' (missing-key)",
        ),
        (
            [
                (
                    "      - when: {move: advice}\n        goto: closed_up\n",
                    "      - goto: closed_up\n",
                )
            ],
            "38:9: error: beats.opening.branches[2]: missing required key 'when' (missing-key)",
        ),
        (
            [("variables: {pushed: 0}", "variables: {pushed: 0, rapport: 2}")],
            "25:24: error: variables: 'rapport' is built in; set its start and range under `rapport:` instead (reserved-name)",
        ),
        (
            [("variables: {pushed: 0}", "variables: {pushed: 0}\nrapport: {start: 12}")],
            "26:10: error: rapport: start (12) must lie between min (-5) and max (10) (out-of-range)",
        ),
        (
            [("        effects: {add: {pushed: 1}}\n", "        effects: {add: {pushd: 1}}\n")],
            "40:25: error: beats.opening.branches[2].effects.add: no variable named 'pushd'; did you mean 'pushed'? (unknown-variable)",
        ),
        (
            [("{var_at_least: {pushed: 1}}", "{var_at_least: {pushd: 1}}")],
            "46:52: error: beats.closed_up.branches[1].when.var_at_least: no variable named 'pushd'; did you mean 'pushed'? (unknown-variable)",
        ),
        (
            [("start: opening", "start: openin")],
            "26:8: error: start: no beat named 'openin'; did you mean 'opening'? (unknown-beat)",
        ),
        (
            [
                (
                    'learning_goals: ["Ask an open question before giving advice."]',
                    "learning_goals: [Ask first: then advise]",
                )
            ],
            "8:18: error: learning_goals[1]: expected text, got a mapping (': ' inside unquoted text starts a mapping: put the text in quotes) (wrong-type)",
        ),
        (
            [("  gender: male", "  gender: man")],
            "15:11: error: persona.gender: unknown gender 'man'; expected one of: female, male, other (unknown-name)",
        ),
        (
            [("id: minimal-pak-budi", "id: Minimal Pak Budi")],
            "2:5: error: id: 'Minimal Pak Budi' is not a valid scenario id: use lowercase letters, digits, '-' and '_', starting with a letter or digit (bad-id)",
        ),
        (
            [
                (
                    "        ending: plan\n    ending: plan\n",
                    '        ending: plan\n      - reply: "One more."\n    ending: plan\n',
                )
            ],
            "84:17: error: walkthroughs[1].steps[2].ending: the session ends here, but more steps follow (steps-after-ending)",
        ),
        (
            [("\n    ending: plan\n", "\n    ending: plan\n    scores: {overall: [80, 20]}\n")],
            "86:23: error: walkthroughs[1].scores.overall: the low end (80) is above the high end (20) (out-of-range)",
        ),
        (
            [("\n    ending: plan\n", "\n    ending: plan\n    scores: {overal: [20, 80]}\n")],
            "86:14: error: walkthroughs[1].scores: unknown score 'overal'; did you mean 'overall'? (unknown-name)",
        ),
        (
            [("id: minimal-pak-budi\n", "id: minimal-pak-budi\nrules: [nowhere.yaml]\n")],
            "3:9: error: rules: rulebook file 'nowhere.yaml' not found (not-found)",
        ),
        (
            [
                (
                    '  lost_spot: {text: "He lost his regular parking spot a month ago.", core: true}',
                    '  lost_spot: {text: "He lost his regular parking spot a month ago."}',
                )
            ],
            "22:3: warning: facts: no fact is marked core: true, so the real problem counts as reached from the first turn (no-core-fact)",
        ),
    ],
)
def test_one_problem(tmp_path, replacements, expected):
    _, problems = check(tmp_path, *replacements)
    assert problems == [expected]


def test_every_problem_in_one_run(tmp_path):
    scenario, problems = check(
        tmp_path,
        ("minutes: 5", "minutes: 0"),
        ("start: opening", "start: nowhere"),
        ("    reveals: [lost_spot]", "    reveals: [lost]"),
        ("        goto: tells\n", "        goto: tels\n"),
    )
    assert scenario is None
    assert [": ".join(p.split(": ")[:3]) for p in problems] == [
        "7:10: error: minutes",
        "26:8: error: start",
        "37:15: error: beats.opening.branches[1].goto",
        "51:15: error: beats.tells.reveals",
    ]


def test_positions_are_kept_for_later_checks(tmp_path):
    scenario, problems = check(tmp_path)
    assert problems == []
    assert where(scenario, "beats", "tells", "stage") == (50, 12)
    assert where(scenario, "beats", "tells", "nothing", "deeper") == (50, 5)
    assert scenario.beat("tells").pos.line == 49
    assert scenario.beat("opening").branches[0].pos.line == 36
    assert scenario.beat("opening").branches[0].when.pos.line == 36


def test_the_spec_declares_every_scenario_field():
    from dataclasses import fields

    from simulator.scenario.model import Scenario

    declared = set(SCENARIO.fields)
    model = {f.name for f in fields(Scenario)} - {"path", "extra", "turn_limit_ending"}
    assert model <= declared


DOC = Path(__file__).parent.parent / "docs" / "scenario-format.md"


def test_the_documented_example_is_valid(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    scenario, problems = check_scenario(path)
    assert [str(p) for p in problems] == []
    assert scenario is not None and len(scenario.beats) == 3


def test_the_format_doc_names_every_key_and_condition():
    from simulator.scenario.conditions import OPS
    from simulator.scenario.keys import BEAT, ENDING, STEP, WALKTHROUGH

    text = DOC.read_text(encoding="utf-8")
    for spec in (SCENARIO, BEAT, ENDING, STEP, WALKTHROUGH):
        for key in spec.fields:
            assert f"`{key}`" in text or f"{key}:" in text, key
    for op in OPS:
        assert f"`{op}`" in text, op
