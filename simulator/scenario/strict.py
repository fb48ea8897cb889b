"""The authoring warnings of ``casework validate --strict``.

None of these stops a scenario from playing; each points at a gap an author usually wants to
close: a stage with no beats, a principle no branch reacts to, a hidden fact no path reveals,
a beat no walkthrough visits, a client line without variants.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import CaseworkError, Problems
from simulator.scenario.load import key_where, where
from simulator.scenario.model import Scenario
from simulator.scenario.validate import _branches, _reachable, walk
from simulator.vocab import PRINCIPLES, expand_move

# Used only when no rulebook can be loaded: which principles a move is usually evidence of
# (RUBRIC.md §1.A of the design notes). With a rulebook, its rules' own deltas decide.
MOVE_EVIDENCE: dict[str, tuple[str, ...]] = {
    "greeting": ("acceptance",),
    "introduction": ("openness",),
    "open_question": ("openness", "individualisation"),
    "closed_question": ("openness",),
    "why_question": ("acceptance", "openness"),
    "reflection_simple": ("acceptance", "individualisation"),
    "reflection_complex": ("acceptance", "individualisation"),
    "paraphrase": ("individualisation",),
    "summary": ("individualisation", "participation"),
    "affirmation": ("acceptance",),
    "encourager": ("openness",),
    "information": ("openness",),
    "advice": ("participation", "self_awareness"),
    "advice_with_permission": ("participation",),
    "plan_proposal": ("participation",),
    "autonomy_support": ("participation",),
    "referral": ("self_awareness",),
    "confidentiality_assurance": ("confidentiality",),
    "confidentiality_breach": ("confidentiality",),
    "reassurance": ("acceptance", "self_awareness"),
    "self_disclosure": ("self_awareness",),
    "judgement": ("acceptance",),
    "blame": ("acceptance",),
    "moralising": ("acceptance", "self_awareness"),
    "minimising": ("acceptance", "individualisation"),
    "closing": ("participation",),
}


def strict_warnings(scenario: Scenario, problems: Problems) -> None:
    """Add the ``--strict`` warnings for ``scenario`` to ``problems``."""
    s = scenario
    path = str(s.path or "<memory>")

    def warn(at: tuple[int, int], message: str, code: str) -> None:
        problems.warning(path, at[0], at[1], message, code)

    staged = {b.stage for b in s.beats}
    for i, stage in enumerate(s.stages):
        if stage not in staged:
            warn(where(s, "stages", i), f"stages: no beat is in the stage '{stage}'", "empty-stage")

    reacted = _principles_reacted_to(s)
    ignored = [p for p in PRINCIPLES if p not in reacted]
    if ignored:
        warn(
            key_where(s, "beats"),
            "beats: no branch reacts to "
            + ", ".join(f"'{p}'" for p in ignored)
            + " (no delta_at_least or delta_below on it, and no move or rule in a condition "
            "that moves it)",
            "principle-ignored",
        )

    reachable = _reachable(s) if s.start in {b.id for b in s.beats} else set()
    revealed: set[str] = set()
    for beat in s.beats:
        if beat.id in reachable:
            revealed.update(beat.reveals)
            revealed.update(beat.effects.reveal)
            for branch in _branches(beat):
                revealed.update(branch.effects.reveal)
    for fact in s.facts:
        if fact.id not in revealed:
            warn(
                key_where(s, "facts", fact.id),
                f"facts.{fact.id}: no reachable beat or branch reveals this fact",
                "fact-never-revealed",
            )

    for beat in s.beats:
        if len(beat.lines) == 1:
            warn(
                where(s, "beats", beat.id, "lines"),
                f"beats.{beat.id}.lines: only one line; add variants so that replays differ",
                "no-variants",
            )

    if not s.walkthroughs:
        warn(
            where(s),
            "walkthroughs: none, so `casework test` checks no path of this scenario",
            "no-walkthroughs",
        )
        return
    if problems.errors:  # a scenario with errors cannot be played (dangling targets...)
        return
    visited = _walkthrough_visits(s)
    if isinstance(visited, str):
        warn(
            key_where(s, "walkthroughs"),
            f"walkthroughs: not played, so beat coverage is unchecked: {visited}",
            "walkthroughs-not-run",
        )
    elif visited is not None:
        for beat in s.beats:
            if beat.id not in visited:
                warn(
                    key_where(s, "beats", beat.id),
                    f"beats.{beat.id}: no walkthrough visits this beat",
                    "beat-not-walked",
                )


def _principles_reacted_to(s: Scenario) -> set[str]:
    """Principles named in delta conditions, or moved by a move or rule a condition names
    (according to the rulebook of the scenario's language, when it can be loaded)."""
    out: set[str] = set()
    moves: set[str] = set()
    rules: set[str] = set()
    for beat in s.beats:
        for branch in beat.branches:
            for cond in walk(branch.when):
                if cond.op in ("delta_at_least", "delta_below"):
                    out.update(p for p, _ in cond.arg)
                elif cond.op in ("move", "no_move"):
                    moves.update(m for name in cond.arg for m in expand_move(name))
                elif cond.op == "rule":
                    rules.update(cond.arg)
    rules_loaded = _rulebook_rules(s)
    if rules_loaded is None:  # no rulebook here: the usual evidence of each move
        out.update(p for m in moves for p in MOVE_EVIDENCE.get(m, ()))
        return out
    for rule in rules_loaded:
        principles = getattr(rule, "principles", None) or {}
        items = principles.items() if isinstance(principles, dict) else principles
        if getattr(rule, "move", None) in moves or getattr(rule, "id", None) in rules:
            out.update(p for p, delta in items if delta)
    return out


def _rulebook_rules(s: Scenario) -> list[Any] | None:
    try:
        from simulator.scoring.rulebook import load_rulebooks
    except ImportError:
        return None
    try:
        book = load_rulebooks(s.lang, extra=tuple(s.rules))
    except CaseworkError:
        return None  # reported by the rule-id check
    return list(getattr(book, "rules", ()))


def _walkthrough_visits(s: Scenario) -> set[str] | str:
    """Beats visited by the scenario's walkthroughs, played with the real scorer, or the
    reason (text) they could not be played here."""
    try:
        from simulator.testing import run_walkthroughs
    except ImportError as exc:
        return f"the walkthrough runner is not available ({exc})"
    scorer = _scorer(s)
    if isinstance(scorer, str):
        return scorer
    visited: set[str] = set()
    try:
        results = run_walkthroughs(s, scorer)
    except (CaseworkError, ImportError) as exc:  # a part of the engine is missing or broken
        return str(exc)
    for result in results:
        visited.update(result.visited)
    return visited


def _scorer(s: Scenario) -> Any:
    """The real scorer for the scenario's language, or the reason it cannot be made."""
    try:
        from simulator.scoring import make_scorer
    except ImportError as exc:
        return f"the scoring engine is not available ({exc})"
    try:
        return make_scorer(s.lang, extra_rules=tuple(s.rules))
    except CaseworkError as exc:
        return exc.message
