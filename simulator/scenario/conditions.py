"""The condition vocabulary of branches (``when:``): parsing, evaluation, effects.

Conditions are a small fixed vocabulary (the table in ``docs/architecture.md``), never
``eval``: each key of a ``when`` mapping is one operator, all keys must hold. ``OPS`` declares
every operator once with the spec of its argument, so the same table checks scenario files,
generates the JSON Schema and documents the format.

``evaluate(condition, view)`` decides a condition against a ``ConditionView`` (the scored last
reply and the session state); ``apply_effects`` applies a beat's or branch's ``Effects``. Both
live in ``simulator.scenario.runtime`` (re-exported here), so that a ``Session`` can use them
without importing the format's checking machinery (specs, the YAML loader).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.scenario.model import Condition, Pos
from simulator.scenario.runtime import (  # noqa: F401 - re-exported
    ConditionView,
    EffectResult,
    apply_effects,
    evaluate,
)
from simulator.scenario.spec import (
    INVALID,
    Bool,
    Ctx,
    Int,
    ListOf,
    MapOf,
    Num,
    Spec,
    Str,
    did_you_mean,
    names,
)
from simulator.vocab import MOVE_GROUPS, MOVES, PRINCIPLES, STAGE_FITS
from simulator.yamlpos import MAP, Node

ID_PATTERN = r"[a-z0-9][a-z0-9_-]*"
ID_DOC = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
VAR_PATTERN = r"[a-z][a-z0-9_]*"
VAR_DOC = "use lowercase letters, digits and '_', starting with a letter"
RULE_PATTERN = r"[a-z0-9][a-z0-9_.-]*"

MOVE_NAMES: tuple[str, ...] = (*MOVES, *MOVE_GROUPS)


def _fact() -> Str:
    return Str(what="fact id", pattern=ID_PATTERN, pattern_doc=ID_DOC)


def _beat() -> Str:
    return Str(what="beat id", pattern=ID_PATTERN, pattern_doc=ID_DOC)


def _var() -> Str:
    return Str(what="variable name", pattern=VAR_PATTERN, pattern_doc=VAR_DOC)


def _principle() -> Str:
    return Str(what="principle", choices=PRINCIPLES)


class ConditionSpec(Spec):
    """A ``when`` mapping: each key an operator of ``OPS``; parsed into a ``Condition``."""

    kinds = (MAP,)
    doc = "A condition: every key must hold (AND). Keys are the fixed vocabulary of OPS."

    def expects(self) -> str:
        return "a condition (a mapping such as {move: reflection})"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        if not node.value:
            ctx.error(
                node,
                f"{label}: a condition needs at least one key; a branch that "
                "should always be taken is the fallback",
                "empty-condition",
            )
            return INVALID
        parts: list[Condition] = []
        ok = True
        errors_before = len(ctx.problems.errors)
        for key, child in node.value.items():
            line, col = node.key_pos[key]
            op = OPS.get(key)
            if op is None:
                hint = (
                    did_you_mean(key, OPS) or "; see the condition keys in docs/scenario-format.md"
                )
                ctx.error(
                    (line, col), f"{label}: unknown condition '{key}'{hint}", "unknown-condition"
                )
                ok = False
                continue
            arg = op.spec.check(child, ctx, f"{label}.{key}")
            if arg is INVALID:
                ok = False
                continue
            pos = Pos(ctx.path, line, col)
            if key in ("all", "any"):
                if any(c is INVALID for c in arg):
                    ok = False
                    continue
                parts.append(Condition(key, None, tuple(arg), pos))
            elif key == "not":
                parts.append(Condition(key, None, (arg,), pos))
            else:
                parts.append(Condition(key, _normalise(arg), (), pos))
        if not ok or len(ctx.problems.errors) > errors_before:
            return INVALID
        if len(parts) == 1:
            return parts[0]
        return Condition("all", None, tuple(parts), Pos(ctx.path, node.line, node.col))

    def json_schema(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/condition"}


def _normalise(arg: Any) -> Any:
    if isinstance(arg, str):  # a single name where a list is allowed
        return (arg,)
    if isinstance(arg, list):
        return tuple(arg)
    if isinstance(arg, dict):
        return tuple(arg.items())
    return arg


@dataclass(frozen=True)
class Op:
    """One operator of the vocabulary: the spec of its argument and what it means."""

    spec: Spec
    doc: str


CONDITION = ConditionSpec()

OPS: dict[str, Op] = {
    "rule": Op(
        names(Str(what="rule id", pattern=RULE_PATTERN, pattern_doc=ID_DOC)),
        "any of these rules fired on the last reply",
    ),
    "move": Op(
        names(Str(what="move", choices=MOVE_NAMES)),
        "the last reply shows any of these moves (or groups: reflection, question)",
    ),
    "no_move": Op(
        names(Str(what="move", choices=MOVE_NAMES)), "the last reply shows none of these moves"
    ),
    "delta_at_least": Op(
        MapOf(Num(), key=_principle(), min_items=1),
        "each principle's delta on the last reply is >= n",
    ),
    "delta_below": Op(
        MapOf(Num(), key=_principle(), min_items=1),
        "each principle's delta on the last reply is < n",
    ),
    "total_at_least": Op(Num(), "the sum of the six deltas on the last reply is >= n"),
    "total_below": Op(Num(), "the sum of the six deltas on the last reply is < n"),
    "fit": Op(
        names(Str(what="stage fit", choices=STAGE_FITS)),
        "the last reply's stage fit is one of these",
    ),
    "rapport_at_least": Op(Int(), "rapport >= n (after this turn's automatic update)"),
    "rapport_below": Op(Int(), "rapport < n (after this turn's automatic update)"),
    "var_at_least": Op(MapOf(Int(), key=_var(), min_items=1), "each variable >= n"),
    "var_below": Op(MapOf(Int(), key=_var(), min_items=1), "each variable < n"),
    "var_equals": Op(MapOf(Int(), key=_var(), min_items=1), "each variable == n"),
    "revealed": Op(names(_fact()), "all of these facts are revealed"),
    "not_revealed": Op(names(_fact()), "none of these facts is revealed"),
    "real_problem_reached": Op(Bool(), "all core facts are revealed (true) or not (false)"),
    "visited": Op(names(_beat()), "all of these beats have been shown"),
    "not_visited": Op(names(_beat()), "none of these beats has been shown"),
    "turn_at_least": Op(Int(min=0), "the number of worker replies so far (this one included) >= n"),
    "turn_below": Op(Int(min=0), "the number of worker replies so far (this one included) < n"),
    "all": Op(ListOf(CONDITION, min_items=1), "all of these conditions hold"),
    "any": Op(ListOf(CONDITION, min_items=1), "at least one of these conditions holds"),
    "not": Op(CONDITION, "this condition does not hold"),
}


def condition_schema() -> dict[str, Any]:
    """The JSON Schema definition of a condition (referenced as ``#/$defs/condition``)."""
    props = {}
    for key, op in OPS.items():
        schema = op.spec.json_schema()
        schema["description"] = op.doc
        props[key] = schema
    return {
        "type": "object",
        "properties": props,
        "additionalProperties": False,
        "minProperties": 1,
        "description": ConditionSpec.doc,
    }


_SYMBOLS = {
    "delta_at_least": "≥",
    "delta_below": "<",
    "var_at_least": "≥",
    "var_below": "<",
    "var_equals": "=",
    "rapport_at_least": "≥",
    "rapport_below": "<",
    "total_at_least": "≥",
    "total_below": "<",
    "turn_at_least": "≥",
    "turn_below": "<",
}


def summarise(cond: Condition | None) -> str:
    """A short one-line reading of a condition, for graph labels (``move: reflection``)."""
    if cond is None:
        return "otherwise"
    op, arg = cond.op, cond.arg
    if op in ("all", "any"):
        joiner = " and " if op == "all" else " or "
        inner = joiner.join(summarise(c) for c in cond.children)
        return inner if op == "all" else f"({inner})"
    if op == "not":
        return f"not {summarise(cond.children[0])}"
    if op in ("delta_at_least", "delta_below", "var_at_least", "var_below", "var_equals"):
        return ", ".join(f"{k} {_SYMBOLS[op]} {_num(n)}" for k, n in arg)
    if op in ("total_at_least", "total_below"):
        return f"total {_SYMBOLS[op]} {_num(arg)}"
    if op in ("rapport_at_least", "rapport_below", "turn_at_least", "turn_below"):
        return f"{op.split('_')[0]} {_SYMBOLS[op]} {arg}"
    if op == "real_problem_reached":
        return "real problem reached" if arg else "real problem not reached"
    if isinstance(arg, tuple):
        return f"{op}: {'/'.join(arg)}"
    return f"{op}: {arg}"


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def parse_condition(node: Node, path: str, problems: Any, label: str = "when") -> Condition | None:
    """Parse a ``when`` node into a ``Condition``; problems go to ``problems`` (a ``Problems``).

    Returns:
        The condition, or None if it has errors.
    """
    value = CONDITION.check(node, Ctx(path, problems), label)
    return None if value is INVALID else value
