"""Scenario YAML -> the frozen ``Scenario`` model, every problem collected with its position.

``check_scenario(path)`` loads a file safely (``simulator.yamlpos``), checks its shape against
the declaration in ``simulator.scenario.keys`` (types, required and unknown keys with
did-you-mean, allowed values), builds the model, then runs the cross-checks of
``simulator.scenario.validate`` (references, reachability, rulebook ids). It returns the
scenario only when there is no error, and all problems either way. ``load_scenario(path)``
raises ``LoadError`` carrying them all.

The position of every value is kept in ``scenario.extra["positions"]`` (path tuple ->
(line, col)) so later checks can point at the exact place; see ``where``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.errors import LoadError, Problem, Problems
from simulator.scenario.keys import SCENARIO
from simulator.scenario.model import (
    Beat,
    Branch,
    Effects,
    Ending,
    Fact,
    Persona,
    Pos,
    Scenario,
    Walkthrough,
    WalkthroughStep,
)
from simulator.scenario.spec import INVALID, Ctx
from simulator.yamlpos import MAP, SEQ, Node, load_yaml

DEFAULT_RAPPORT = (0, -5, 10)

PathKey = tuple[Any, ...]


def check_scenario(
    path: str | Path, *, rulebooks: bool = True, strict: bool = False, keep_partial: bool = False
) -> tuple[Scenario | None, Problems]:
    """Load and check a scenario file, collecting every problem.

    Args:
        path: the YAML file; its name is used as given in problems.
        rulebooks: also check rule ids against the rulebook for the scenario's language.
        strict: add the warnings of ``casework validate --strict``.
        keep_partial: return the scenario even when it has errors (for ``casework graph``,
            which draws dead ends); never give such a scenario to a ``Session``.

    Returns:
        The scenario (None if there is any error, unless ``keep_partial``) and the problems,
        sorted by position.
    """
    problems = Problems()
    name = str(path)
    node = load_yaml(path, problems)
    scenario = build_scenario(node, name, problems, base=Path(path).parent) if node else None
    if scenario is not None:
        from simulator.scenario.validate import validate_scenario

        validate_scenario(scenario, problems, rulebooks=rulebooks, strict=strict)
    problems.items.sort(key=_order)
    if problems.errors and not keep_partial:
        return None, problems
    return scenario, problems


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario that has no errors.

    Raises:
        LoadError: carrying every problem of the file, if any is an error.
    """
    scenario, problems = check_scenario(path)
    if scenario is None:
        raise LoadError(f"{path}: the scenario has errors", problems.errors)
    return scenario


def _order(p: Problem) -> tuple[str, int, int]:
    return (p.path, p.line, p.col)


def where(scenario: Scenario, *path: Any) -> tuple[int, int]:
    """The (line, col) of the value at ``path`` (e.g. ``"beats", "opening", "stage"``), or of
    its nearest written ancestor; (0, 0) if the scenario was not loaded from a file."""
    positions: dict[PathKey, tuple[int, int]] = scenario.extra.get("positions", {})
    key = tuple(path)
    while key:
        if key in positions:
            return positions[key]
        key = key[:-1]
    return positions.get((), (0, 0))


def key_where(scenario: Scenario, *path: Any) -> tuple[int, int]:
    """The (line, col) of the key that names ``path`` (``beats.opening`` -> ``opening:``)."""
    keys: dict[PathKey, tuple[int, int]] = scenario.extra.get("key_positions", {})
    return keys.get(tuple(path)) or where(scenario, *path)


def _index(node: Node, prefix: PathKey, values: dict, keys: dict) -> None:
    values[prefix] = (node.line, node.col)
    if node.kind == MAP:
        for k, child in node.value.items():
            keys[(*prefix, k)] = node.key_pos[k]
            _index(child, (*prefix, k), values, keys)
    elif node.kind == SEQ:
        for i, child in enumerate(node.value):
            _index(child, (*prefix, i), values, keys)


def build_scenario(node: Node, name: str, problems: Problems, *, base: Path) -> Scenario | None:
    """Check ``node`` against the scenario declaration and build the model.

    Parts with errors are left out or given neutral values, so that the cross-checks can still
    run on the rest; the caller discards the scenario if ``problems`` holds an error.

    Returns:
        The scenario, or None if the file is not even a mapping.
    """
    d = SCENARIO.check(node, Ctx(name, problems), "")
    if d is INVALID:
        return None
    values: dict[PathKey, tuple[int, int]] = {}
    keys: dict[PathKey, tuple[int, int]] = {}
    _index(node, (), values, keys)
    b = _Builder(name, values, keys)
    persona = d.get("persona", {})
    limit = d.get("turn_limit", {})
    rapport = d.get("rapport", {})
    rules = []
    for i, rule_path in enumerate(d.get("rules", [])):
        resolved = (base / rule_path).resolve()
        if not resolved.is_file():
            line, col = values.get(("rules", i), (0, 0))
            problems.error(
                name, line, col, f"rules: rulebook file '{rule_path}' not found", "not-found"
            )
        rules.append(resolved)
    return Scenario(
        id=d.get("id", ""),
        title=d.get("title", ""),
        lang=d.get("lang", ""),
        difficulty=d.get("difficulty", ""),
        category=d.get("category", ""),
        minutes=d.get("minutes", 0),
        learning_goals=tuple(d.get("learning_goals", ())),
        author=d.get("author", ""),
        version=d.get("version", ""),
        persona=Persona(
            name=persona.get("name", ""),
            age=persona.get("age", 0),
            gender=persona.get("gender", ""),
            address=tuple(persona.get("address", ())),
            background=persona.get("background", ""),
        ),
        intake=d.get("intake", ""),
        presenting_problem=d.get("presenting_problem", ""),
        real_problem=d.get("real_problem", ""),
        facts=tuple(
            Fact(
                fid, f.get("text", ""), f.get("core", False), f.get("hint", ""), b.pos("facts", fid)
            )
            for fid, f in d.get("facts", {}).items()
        ),
        risk_flags=tuple(d.get("risk_flags", ())),
        stages=tuple(d.get("stages", ())),
        variables=tuple(d.get("variables", {}).items()),
        start=d.get("start", ""),
        turn_limit=limit.get("turns", 0),
        turn_limit_ending=limit.get("ending", ""),
        beats=tuple(b.beat(bid, beat) for bid, beat in d.get("beats", {}).items()),
        endings=tuple(
            Ending(
                eid,
                e.get("kind", ""),
                e.get("outcome", ""),
                e.get("title", ""),
                tuple(e.get("lines", ())),
                b.pos("endings", eid),
            )
            for eid, e in d.get("endings", {}).items()
        ),
        walkthroughs=tuple(b.walkthrough(i, w) for i, w in enumerate(d.get("walkthroughs", []))),
        rules=tuple(rules),
        description=d.get("description", ""),
        rapport=(
            rapport.get("start", DEFAULT_RAPPORT[0]),
            rapport.get("min", DEFAULT_RAPPORT[1]),
            rapport.get("max", DEFAULT_RAPPORT[2]),
        ),
        path=Path(name),
        extra={"positions": values, "key_positions": keys},
    )


class _Builder:
    """Builds the nested model objects from checked plain values."""

    def __init__(self, name: str, values: dict, keys: dict) -> None:
        self.name = name
        self.values = values
        self.keys = keys

    def pos(self, *path: Any) -> Pos:
        line, col = self.keys.get(tuple(path), (0, 0))
        return Pos(self.name, line, col)

    def at(self, *path: Any) -> Pos:
        line, col = self.values.get(tuple(path), (0, 0))
        return Pos(self.name, line, col)

    def beat(self, bid: str, d: dict[str, Any]) -> Beat:
        branches = tuple(
            self.branch(br, self.at("beats", bid, "branches", i))
            for i, br in enumerate(d.get("branches", ()))
        )
        return Beat(
            id=bid,
            stage=d.get("stage", ""),
            lines=tuple(d.get("lines", ())),
            branches=branches,
            fallback=self.branch(d.get("fallback", {}), self.pos("beats", bid, "fallback")),
            reveals=tuple(d.get("reveals", ())),
            effects=effects(d.get("effects", {})),
            pos=self.pos("beats", bid),
        )

    def branch(self, d: dict[str, Any], pos: Pos) -> Branch:
        when = d.get("when")
        return Branch(
            when=when,
            goto=d.get("goto"),
            end=d.get("end"),
            effects=effects(d.get("effects", {})),
            pos=pos,
        )

    def walkthrough(self, i: int, d: dict[str, Any]) -> Walkthrough:
        def at(*path: Any) -> Pos:
            return self.at("walkthroughs", i, *path)

        steps = tuple(
            WalkthroughStep(
                reply=s.get("reply", ""),
                beat=s.get("beat"),
                stage=s.get("stage"),
                moves=_names(s.get("moves", ())),
                not_moves=_names(s.get("not_moves", ())),
                fit=s.get("fit"),
                ending=s.get("ending"),
                pos=at("steps", j),
            )
            for j, s in enumerate(d.get("steps", ()))
        )
        scores = tuple(
            (name, float(r[0]), float(r[1]))
            for name, r in d.get("scores", {}).items()
            if len(r) == 2
        )
        return Walkthrough(
            id=d.get("id", ""),
            description=d.get("description", ""),
            seed=d.get("seed", 1),
            steps=steps,
            ending=d.get("ending"),
            scores=scores,
            pos=at(),
        )


def _names(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def effects(d: dict[str, Any]) -> Effects:
    """``Effects`` from a checked ``effects:`` mapping."""
    return Effects(
        set=tuple(d.get("set", {}).items()),
        add=tuple(d.get("add", {}).items()),
        reveal=tuple(d.get("reveal", ())),
    )
