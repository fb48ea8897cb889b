"""Checks beyond shape: references, reachability, dead ends, rulebook ids, walkthroughs.

``validate_scenario`` runs on a built ``Scenario`` (see ``simulator.scenario.load``) and adds
problems placed with the positions the loader kept. Names that do not exist get did-you-mean
suggestions. With ``strict``, it also adds the authoring warnings of ``casework validate
--strict`` (``simulator.scenario.strict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from simulator.errors import Problems
from simulator.scenario.load import key_where, where
from simulator.scenario.model import Branch, Condition, Effects, Scenario
from simulator.scenario.spec import did_you_mean


class _Checker:
    def __init__(self, scenario: Scenario, problems: Problems) -> None:
        self.s = scenario
        self.problems = problems
        self.path = str(scenario.path or "<memory>")
        self.beats = {b.id for b in scenario.beats}
        self.endings = {e.id for e in scenario.endings}
        self.facts = {f.id for f in scenario.facts}
        self.variables = {name for name, _ in scenario.variables}

    def error(self, at: tuple[int, int], message: str, code: str) -> None:
        self.problems.error(self.path, at[0], at[1], message, code)

    def warning(self, at: tuple[int, int], message: str, code: str) -> None:
        self.problems.warning(self.path, at[0], at[1], message, code)

    def ref(
        self, at: tuple[int, int], label: str, what: str, name: str | None, known: Iterable[str]
    ) -> bool:
        """Report ``name`` if it is not among ``known``; True if it is fine."""
        known = set(known)
        if not name or name in known:
            return True
        hint = did_you_mean(name, sorted(known))
        self.error(at, f"{label}: no {what} named '{name}'{hint}", f"unknown-{what.split()[0]}")
        return False

    # -- the parts ---------------------------------------------------------------------------

    def run(self) -> None:
        s = self.s
        self.ref(where(s, "start"), "start", "beat", s.start, self.beats)
        self.check_turn_limit()
        self.check_state_declarations()
        for beat in s.beats:
            here = ("beats", beat.id)
            if beat.stage and s.stages and beat.stage not in s.stages:
                self.error(
                    where(s, *here, "stage"),
                    f"beats.{beat.id}.stage: '{beat.stage}' is not one of this scenario's "
                    f"stages ({', '.join(s.stages)})",
                    "stage-not-listed",
                )
            for i, fact in enumerate(beat.reveals):
                self.ref(
                    where(s, *here, "reveals", i),
                    f"beats.{beat.id}.reveals",
                    "fact",
                    fact,
                    self.facts,
                )
            self.check_effects(beat.effects, (*here, "effects"), f"beats.{beat.id}.effects")
            for i, branch in enumerate(beat.branches):
                self.check_branch(
                    branch, (*here, "branches", i), f"beats.{beat.id}.branches[{i + 1}]"
                )
            self.check_branch(beat.fallback, (*here, "fallback"), f"beats.{beat.id}.fallback")
        self.check_graph()
        self.check_walkthroughs()
        if s.facts and not any(f.core for f in s.facts):
            self.warning(
                where(s, "facts"),
                "facts: no fact is marked core: true, so the real "
                "problem counts as reached from the first turn",
                "no-core-fact",
            )

    def check_turn_limit(self) -> None:
        s = self.s
        at = where(s, "turn_limit", "ending")
        if self.ref(at, "turn_limit.ending", "ending", s.turn_limit_ending, self.endings):
            if s.turn_limit_ending:
                kind = s.ending(s.turn_limit_ending).kind
                if kind and kind != "turn_limit":
                    self.error(
                        at,
                        f"turn_limit.ending: the ending '{s.turn_limit_ending}' has "
                        f"kind '{kind}'; the turn-limit ending must have kind 'turn_limit'",
                        "turn-limit-kind",
                    )

    def check_state_declarations(self) -> None:
        s = self.s
        if "rapport" in self.variables:
            self.error(
                key_where(s, "variables", "rapport"),
                "variables: 'rapport' is built in; "
                "set its start and range under `rapport:` instead",
                "reserved-name",
            )
        start, lo, hi = s.rapport
        if not lo <= start <= hi:
            self.error(
                where(s, "rapport"),
                f"rapport: start ({start}) must lie between min ({lo}) and max ({hi})",
                "out-of-range",
            )

    def check_effects(self, effects: Effects, here: tuple, label: str) -> None:
        for op in ("set", "add"):
            for name, _ in getattr(effects, op):
                if name != "rapport":
                    self.ref(
                        key_where(self.s, *here, op, name),
                        f"{label}.{op}",
                        "variable",
                        name,
                        self.variables | {"rapport"},
                    )
        for i, fact in enumerate(effects.reveal):
            self.ref(where(self.s, *here, "reveal", i), f"{label}.reveal", "fact", fact, self.facts)

    def check_branch(self, branch: Branch, here: tuple, label: str) -> None:
        s = self.s
        if branch.goto:
            self.ref(where(s, *here, "goto"), f"{label}.goto", "beat", branch.goto, self.beats)
        if branch.end:
            self.ref(where(s, *here, "end"), f"{label}.end", "ending", branch.end, self.endings)
        self.check_effects(branch.effects, (*here, "effects"), f"{label}.effects")
        for cond in walk(branch.when):
            at = (cond.pos.line, cond.pos.col)
            kinds = {
                "revealed": ("fact", self.facts),
                "not_revealed": ("fact", self.facts),
                "visited": ("beat", self.beats),
                "not_visited": ("beat", self.beats),
            }
            if cond.op in kinds:
                what, known = kinds[cond.op]
                for name in cond.arg:
                    self.ref(at, f"{label}.when.{cond.op}", what, name, known)
            elif cond.op.startswith("var_"):
                for name, _ in cond.arg:
                    self.ref(at, f"{label}.when.{cond.op}", "variable", name, self.variables)

    def check_graph(self) -> None:
        s = self.s
        if s.start not in self.beats:
            return
        reachable = _reachable(s)
        ended = {b.end for b in s.beats if b.id in reachable for b in _branches(b) if b.end}
        for beat in s.beats:
            if beat.id not in reachable:
                self.error(
                    key_where(s, "beats", beat.id),
                    f"beats.{beat.id}: cannot be reached from the start beat '{s.start}'",
                    "unreachable-beat",
                )
        for beat_id in sorted(self.beats - _can_end(s), key=lambda b: key_where(s, "beats", b)):
            self.error(
                key_where(s, "beats", beat_id),
                f"beats.{beat_id}: no way out: no path of "
                "branches from this beat reaches an ending (only the turn limit would end "
                "the session)",
                "dead-end",
            )
        for ending in s.endings:
            if ending.id not in ended and ending.id != s.turn_limit_ending:
                self.error(
                    key_where(s, "endings", ending.id),
                    f"endings.{ending.id}: cannot be "
                    "reached: no branch of a reachable beat ends with it",
                    "unreachable-ending",
                )

    def check_walkthroughs(self) -> None:
        s = self.s
        seen: dict[str, int] = {}
        for i, w in enumerate(s.walkthroughs):
            label = f"walkthroughs[{i + 1}]"
            if w.id in seen:
                self.error(
                    where(s, "walkthroughs", i, "id"),
                    f"{label}.id: '{w.id}' is used by walkthrough {seen[w.id] + 1} too",
                    "duplicate",
                )
            seen.setdefault(w.id, i)
            self.ref(
                where(s, "walkthroughs", i, "ending"),
                f"{label}.ending",
                "ending",
                w.ending,
                self.endings,
            )
            last = len(w.steps) - 1
            for j, step in enumerate(w.steps):
                here = ("walkthroughs", i, "steps", j)
                slabel = f"{label}.steps[{j + 1}]"
                ok = self.ref(
                    where(s, *here, "beat"), f"{slabel}.beat", "beat", step.beat, self.beats
                )
                if step.stage and s.stages and step.stage not in s.stages:
                    self.error(
                        where(s, *here, "stage"),
                        f"{slabel}.stage: '{step.stage}' is not "
                        f"one of this scenario's stages ({', '.join(s.stages)})",
                        "stage-not-listed",
                    )
                elif ok and step.beat and step.stage and s.beat(step.beat).stage != step.stage:
                    self.error(
                        where(s, *here, "stage"),
                        f"{slabel}.stage: the beat "
                        f"'{step.beat}' is in stage '{s.beat(step.beat).stage}', not "
                        f"'{step.stage}'",
                        "stage-mismatch",
                    )
                if step.ending:
                    self.ref(
                        where(s, *here, "ending"),
                        f"{slabel}.ending",
                        "ending",
                        step.ending,
                        self.endings,
                    )
                    if j != last:
                        self.error(
                            where(s, *here, "ending"),
                            f"{slabel}.ending: the session ends here, but more steps follow",
                            "steps-after-ending",
                        )
                    elif w.ending in self.endings and step.ending != w.ending:
                        self.error(
                            where(s, "walkthroughs", i, "ending"),
                            f"{label}.ending: "
                            f"'{w.ending}' contradicts the last step's ending "
                            f"'{step.ending}'",
                            "ending-mismatch",
                        )
                if step.beat and step.ending:
                    self.error(
                        where(s, *here),
                        f"{slabel}: a step names either the beat the "
                        "client answers with or the ending, not both",
                        "conflicting-keys",
                    )
            for name, lo, hi in w.scores:
                if lo > hi:
                    self.error(
                        where(s, "walkthroughs", i, "scores", name),
                        f"{label}.scores."
                        f"{name}: the low end ({lo:g}) is above the high end ({hi:g})",
                        "out-of-range",
                    )

    def check_rule_ids(self) -> None:
        """Rule ids named in conditions must exist in the rulebook for the scenario's language
        (plus the scenario's own ``rules:``). Skipped if the rulebooks cannot be loaded here.
        The scenario's own rulebooks are loaded (and their problems reported) even when no
        branch names a rule, since a session of this scenario would load them."""
        s = self.s
        used = [
            (f"{_branch_label(beat, i)}.when.rule", cond, rule_id)
            for beat in s.beats
            for i, branch in enumerate(_branches(beat))
            for cond in walk(branch.when)
            if cond.op == "rule"
            for rule_id in cond.arg
        ]
        if not s.lang or not (used or s.rules):
            return
        if not all(Path(p).is_file() for p in s.rules):
            return  # the loader has said which file is missing, at its place in the scenario
        rule_ids = _rule_ids(s, self.problems)
        if rule_ids is None:
            return
        for label, cond, rule_id in used:
            if rule_id not in rule_ids:
                hint = did_you_mean(rule_id, sorted(rule_ids))
                self.error(
                    (cond.pos.line, cond.pos.col),
                    f"{label}: the '{s.lang}' rulebook has no rule '{rule_id}'{hint}",
                    "unknown-rule",
                )


def _rule_ids(s: Scenario, problems: Problems) -> frozenset[str] | None:
    try:
        from simulator.scoring.rulebook import load_rulebooks
    except ImportError:
        return None
    from simulator.errors import CaseworkError

    try:
        book: Any = load_rulebooks(s.lang, extra=tuple(s.rules))
    except CaseworkError as exc:
        problems.extend(exc.problems)
        if not exc.problems:
            problems.error(str(s.path), 0, 0, exc.message, "rulebook")
        return None
    return frozenset(getattr(book, "rule_ids", ()))


def walk(cond: Condition | None) -> Iterator[Condition]:
    """Every node of a condition tree, outermost first."""
    if cond is None:
        return
    yield cond
    for child in cond.children:
        yield from walk(child)


def _branch_label(beat: Any, i: int) -> str:
    if i < len(beat.branches):
        return f"beats.{beat.id}.branches[{i + 1}]"
    return f"beats.{beat.id}.fallback"


def _branches(beat: Any) -> tuple[Branch, ...]:
    return (*beat.branches, beat.fallback)


def _reachable(s: Scenario) -> set[str]:
    """Beats reachable from the start through any branch (conditions assumed satisfiable)."""
    known = {b.id for b in s.beats}
    seen: set[str] = set()
    todo = [s.start]
    while todo:
        beat_id = todo.pop()
        if beat_id in seen or beat_id not in known:
            continue
        seen.add(beat_id)
        todo.extend(br.goto for br in _branches(s.beat(beat_id)) if br.goto)
    return seen


def _can_end(s: Scenario) -> set[str]:
    """Beats from which some path of branches ends the session with an ending."""
    endings = {e.id for e in s.endings}
    ok = {b.id for b in s.beats if any(br.end in endings for br in _branches(b))}
    changed = True
    while changed:
        changed = False
        for b in s.beats:
            if b.id not in ok and any(br.goto in ok for br in _branches(b)):
                ok.add(b.id)
                changed = True
    return ok


def validate_scenario(
    scenario: Scenario, problems: Problems, *, rulebooks: bool = True, strict: bool = False
) -> None:
    """Add the cross-check problems of ``scenario`` to ``problems``.

    Args:
        scenario: a built scenario (possibly from a file with shape errors).
        problems: the collector.
        rulebooks: check rule ids against the language's rulebook when it can be loaded.
        strict: add the authoring warnings of ``casework validate --strict``.
    """
    checker = _Checker(scenario, problems)
    checker.run()
    if rulebooks:
        checker.check_rule_ids()
    if strict:
        from simulator.scenario.strict import strict_warnings

        strict_warnings(scenario, problems)
