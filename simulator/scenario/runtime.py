"""Conditions and effects at play time: ``evaluate`` and ``apply_effects``.

Kept apart from ``simulator.scenario.conditions`` (the vocabulary as the scenario format
declares and checks it), so that a ``Session`` imports neither the specs nor the YAML loader:
``casework play`` opens the interview without them when the scenario's check is cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from simulator.scenario.model import Condition, Effects
from simulator.scoring.model import ReplyScore
from simulator.vocab import PRINCIPLES


@dataclass(frozen=True)
class ConditionView:
    """What a condition can see: the scored last reply and the session state.

    ``score`` is None before the first reply; operators on the reply are then false
    (``no_move`` true). ``rapport`` is after this turn's automatic update; ``turn`` counts
    the worker's replies so far, this one included.
    """

    score: ReplyScore | None
    rapport: int
    variables: Mapping[str, int]
    revealed: frozenset[str]
    visited: frozenset[str]
    turn: int
    real_problem_reached: bool


def evaluate(cond: Condition, view: ConditionView) -> bool:
    """Whether ``cond`` holds for ``view``.

    Args:
        cond: a parsed condition (``Branch.when``).
        view: the last reply's score and the session state.

    Returns:
        True if the condition holds.
    """
    op, arg, score = cond.op, cond.arg, view.score
    if op == "all":
        return all(evaluate(c, view) for c in cond.children)
    if op == "any":
        return any(evaluate(c, view) for c in cond.children)
    if op == "not":
        return not evaluate(cond.children[0], view)
    if op == "rule":
        return score is not None and any(score.fired(r) for r in arg)
    if op == "move":
        return score is not None and any(score.has_move(m) for m in arg)
    if op == "no_move":
        return score is None or not any(score.has_move(m) for m in arg)
    if op in ("delta_at_least", "delta_below"):
        if score is None:
            return False
        deltas = [score.principles.get(p, 0.0) for p, _ in arg]
        if op == "delta_at_least":
            return all(d >= n for d, (_, n) in zip(deltas, arg, strict=True))
        return all(d < n for d, (_, n) in zip(deltas, arg, strict=True))
    if op in ("total_at_least", "total_below"):
        if score is None:
            return False
        total = sum(score.principles.get(p, 0.0) for p in PRINCIPLES)
        return total >= arg if op == "total_at_least" else total < arg
    if op == "fit":
        return score is not None and score.stage_fit in arg
    if op == "rapport_at_least":
        return view.rapport >= arg
    if op == "rapport_below":
        return view.rapport < arg
    if op in ("var_at_least", "var_below", "var_equals"):
        compare = {"var_at_least": int.__ge__, "var_below": int.__lt__, "var_equals": int.__eq__}[
            op
        ]
        return all(compare(int(view.variables.get(v, 0)), n) for v, n in arg)
    if op == "revealed":
        return all(f in view.revealed for f in arg)
    if op == "not_revealed":
        return not any(f in view.revealed for f in arg)
    if op == "real_problem_reached":
        return view.real_problem_reached == arg
    if op == "visited":
        return all(b in view.visited for b in arg)
    if op == "not_visited":
        return not any(b in view.visited for b in arg)
    if op == "turn_at_least":
        return view.turn >= arg
    if op == "turn_below":
        return view.turn < arg
    raise ValueError(f"unknown condition operator {op!r}")


@dataclass(frozen=True)
class EffectResult:
    """The state after effects: variables, rapport (clamped) and revealed facts."""

    variables: dict[str, int]
    rapport: int
    revealed: frozenset[str]


def apply_effects(
    effects: Effects,
    variables: Mapping[str, int],
    rapport: int,
    revealed: frozenset[str],
    rapport_range: tuple[int, int],
) -> EffectResult:
    """Apply ``set``, then ``add``, then ``reveal``. ``rapport`` may be named in set/add and
    is clamped to ``rapport_range`` (min, max).

    Args:
        effects: the effects of a beat or branch.
        variables: the declared variables' current values (not changed).
        rapport: the current rapport.
        revealed: the facts revealed so far.
        rapport_range: (min, max) of rapport.

    Returns:
        The new state.
    """
    out = dict(variables)
    lo, hi = rapport_range
    for name, value in effects.set:
        if name == "rapport":
            rapport = value
        else:
            out[name] = value
    for name, value in effects.add:
        if name == "rapport":
            rapport += value
        else:
            out[name] = out.get(name, 0) + value
    return EffectResult(out, max(lo, min(hi, rapport)), revealed | frozenset(effects.reveal))
