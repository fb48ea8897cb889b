"""Rule examples run as tests (``casework test``): each rule's ``fire`` and ``pass`` examples
are scored with the engine and the rule must fire, or must not, on each. Known gaps are
reported with their result but never count as failures."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.model import Pos
from simulator.scoring.model import ScoreContext
from simulator.scoring.rulebook import Example, Rule, Rulebook


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example of one rule."""

    rule: str
    text: str
    expected: str  # fire | pass
    ok: bool  # the rule did what the example expects
    detail: str  # what happened, for the report
    pos: Pos
    gap: bool = False  # a known gap: reported, not a failure

    @property
    def failed(self) -> bool:
        """A failure that counts (known gaps never do)."""
        return not self.ok and not self.gap


def example_context(rulebook: Rulebook, rule: Rule, example: Example) -> ScoreContext:
    """The context an example is judged in: its own, else the rule's first stage."""
    stage = example.stage
    if stage is None and rule.stages:
        stage = rule.stages[0]
    return ScoreContext(
        lang=rulebook.lang,
        stage=stage,
        client_last=example.client,
        client_name=example.client_name,
        address=example.address,
        risk_flags=example.risk_flags,
        real_problem_reached=example.real_problem_reached,
        turn=0 if example.first_turn else 1,
    )


def run_examples(rulebook: Rulebook) -> list[ExampleResult]:
    """Score every example of every rule of ``rulebook``; one result per example."""
    from simulator.scoring.engine import RuleScorer

    scorer = RuleScorer(rulebook)
    results: list[ExampleResult] = []
    for rule in rulebook.rules:
        for example in rule.examples:
            score = scorer.score(example.text, example_context(rulebook, rule, example))
            fired = score.fired(rule.id)
            ok = fired == (example.expect == "fire")
            if fired:
                spans = [f.span for f in score.findings if f.rule == rule.id]
                s, e = spans[0]
                detail = f"fired on {example.text[s:e]!r}"
            else:
                shown = ", ".join(sorted({f.rule for f in score.findings})) or "no rule"
                detail = f"did not fire (fired: {shown})"
            results.append(
                ExampleResult(
                    rule.id, example.text, example.expect, ok, detail, example.pos, example.gap
                )
            )
    return results
