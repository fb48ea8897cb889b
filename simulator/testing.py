"""Scenario walkthroughs run as tests (``casework test``), beside the rulebooks' examples.

A walkthrough is a scripted interview inside a scenario: each step a trainee reply with what
should follow (the beat and stage the client answers with, moves the reply must or must not
show, its stage fit, an ending), then the ending expected after the last step and ranges
for the session scores. ``run_walkthroughs`` plays each one through a real ``Session`` and
reports every difference at the position of the step that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.errors import ReplyRejected
from simulator.scenario.model import Pos, Scenario, Walkthrough, WalkthroughStep
from simulator.scoring.model import Scorer
from simulator.session import Session, TurnResult


@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold, at the place it was written."""

    pos: Pos
    message: str

    def __str__(self) -> str:
        return f"{self.pos.path}:{self.pos.line}:{self.pos.col}: {self.message}"


@dataclass(frozen=True)
class WalkthroughResult:
    """The outcome of one walkthrough.

    Attributes:
        scenario: The scenario id.
        walkthrough: The walkthrough id.
        pos: Where the walkthrough was written.
        failures: Every expectation that did not hold (empty: passed).
        visited: The beats the walkthrough showed (for coverage checks).
        ending: The ending reached, or None if the session was still running.
        transcript: The transcript of the walkthrough's session.
    """

    scenario: str
    walkthrough: str
    pos: Pos
    failures: tuple[Failure, ...]
    visited: frozenset[str]
    ending: str | None
    transcript: dict[str, Any] = field(compare=False, repr=False)

    @property
    def passed(self) -> bool:
        return not self.failures


def run_walkthroughs(scenario: Scenario, scorer: Scorer) -> list[WalkthroughResult]:
    """Play every walkthrough of ``scenario`` with ``scorer`` and check its expectations."""
    return [run_walkthrough(scenario, scorer, w) for w in scenario.walkthroughs]


def run_walkthrough(
    scenario: Scenario, scorer: Scorer, walkthrough: Walkthrough
) -> WalkthroughResult:
    """Play one walkthrough and check each step, the final ending and the score ranges."""
    session = Session(scenario, scorer, seed=walkthrough.seed)
    session.start()
    failures: list[Failure] = []
    label = f"walkthrough '{walkthrough.id}'"
    for n, step in enumerate(walkthrough.steps, start=1):
        where = f"{label}, step {n}:"
        if session.ended:
            left = len(walkthrough.steps) - n + 1
            failures.append(
                Failure(
                    step.pos,
                    f"{where} the session already ended with "
                    f"'{session.ending.id}', so {left} step(s) are never played",
                )
            )
            break
        try:
            result = session.reply(step.reply)
        except ReplyRejected as exc:
            failures.append(Failure(step.pos, f"{where} {exc.message}"))
            continue
        failures.extend(Failure(step.pos, f"{where} {m}") for m in _step_differences(step, result))
    reached = session.ending.id if session.ending else None
    if reached != walkthrough.ending:
        failures.append(
            Failure(
                walkthrough.pos,
                f"{label}: expected {_ending(walkthrough.ending)}"
                f" after the last step, got {_ending(reached)}"
                f"{_where_now(session)}",
            )
        )
    if walkthrough.scores:
        scores = session.scores()
        for name, low, high in walkthrough.scores:
            value = scores.overall if name == "overall" else scores.principles.get(name, 0.0)
            if not low <= value <= high:
                failures.append(
                    Failure(
                        walkthrough.pos,
                        f"{label}: score {name} {value:g} is "
                        f"outside the expected range [{low:g}, {high:g}]",
                    )
                )
    return WalkthroughResult(
        scenario=scenario.id,
        walkthrough=walkthrough.id,
        pos=walkthrough.pos,
        failures=tuple(failures),
        visited=frozenset(session.state()["visited"]),
        ending=reached,
        transcript=session.transcript(),
    )


def _step_differences(step: WalkthroughStep, result: TurnResult) -> list[str]:
    out: list[str] = []
    score = result.score
    if step.beat is not None:
        got = result.client.beat if result.client and result.client.beat else None
        if got != step.beat:
            shown = f"beat '{got}'" if got else _ending(result.ending.id if result.ending else None)
            out.append(f"expected the client to answer with beat '{step.beat}', got {shown}")
    if step.stage is not None and result.stage != step.stage:
        out.append(f"expected stage '{step.stage}', got '{result.stage}'")
    for move in step.moves:
        if not score.has_move(move):
            shows = ", ".join(score.moves) or "no move"
            out.append(f"expected move '{move}' in the reply; it shows {shows}")
    for move in step.not_moves:
        if score.has_move(move):
            rules = sorted({f.rule for f in score.findings if f.move and f.move in _expand(move)})
            by = f" (rule {', '.join(rules)})" if rules else ""
            out.append(f"move '{move}' should not be in the reply, but it is{by}")
    if step.fit is not None and score.stage_fit != step.fit:
        reason = f": {score.stage_fit_reason}" if score.stage_fit_reason else ""
        out.append(f"expected stage fit '{step.fit}', got '{score.stage_fit}'{reason}")
    if step.ending is not None:
        got = result.ending.id if result.ending else None
        if got != step.ending:
            now = (
                f" (the client answers with beat '{result.client.beat}')"
                if (got is None and result.client)
                else ""
            )
            out.append(
                f"expected the session to end with '{step.ending}' here, got {_ending(got)}{now}"
            )
    return out


def _expand(move: str) -> tuple[str, ...]:
    from simulator.vocab import expand_move

    return expand_move(move)


def _ending(ending_id: str | None) -> str:
    return f"ending '{ending_id}'" if ending_id else "no ending (still running)"


def _where_now(session: Session) -> str:
    if session.ended:
        return ""
    return f" at beat '{session.state()['beat']}' after {session.turn} replies"
