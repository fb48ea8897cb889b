"""Rulebook YAML -> ``Rulebook``: checked with positions, patterns compiled, overlays merged.

A rulebook is one language's rules (``simulator/scoring/rulebooks/{id,en}.yaml``) plus any
overlays an instructor adds (``--rules FILE``, a scenario's ``rules:``): an overlay rule
replaces the shipped rule with the same id or adds a new one; overlay lexicon lists extend the
lists of the same name; overlay stage entries replace the shipped entry of that stage.
The format is declared in ``rulebook_spec.RULEBOOK_SPEC`` and explained in ``docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.errors import LoadError, Problems
from simulator.scenario.model import Pos
from simulator.scoring.lexicon import DEFAULT_LISTS
from simulator.scoring.patterns import (
    Lexicon,
    Pattern,
    PatternError,
    compile_pattern,
    release_pool,
)

if TYPE_CHECKING:
    from simulator.scoring.rulebook_spec import RULEBOOK_SPEC
    from simulator.yamlpos import Node

# The YAML loader and the format's spec are imported by the functions that read a rulebook
# file: a book taken from the cache of compiled rulebooks (``bookcache``) needs neither.

__all__ = [
    "RULEBOOK_SPEC",
    "Example",
    "Rule",
    "StageSpec",
    "Rulebook",
    "check_rulebook",
    "load_rulebooks",
    "shipped_path",
    "build_rulebook",
    "rulebook_from_text",
]

RULEBOOK_DIR = Path(__file__).parent / "rulebooks"


def __getattr__(name: str) -> Any:
    if name == "RULEBOOK_SPEC":  # re-exported, imported when asked for
        from simulator.scoring.rulebook_spec import RULEBOOK_SPEC

        return RULEBOOK_SPEC
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Example:
    """A reply a rule must fire on (``expect="fire"``) or not (``"pass"``), with context."""

    text: str
    expect: str  # fire | pass
    gap: bool = False  # a known gap: reported, never a failure
    client: str = ""
    stage: str | None = None
    address: tuple[str, ...] = ()
    client_name: str = ""
    risk_flags: tuple[str, ...] = ()
    real_problem_reached: bool | None = None
    first_turn: bool = False
    note: str = ""
    pos: Pos = Pos()


@dataclass(frozen=True)
class Rule:
    """One compiled rule (see ``docs/rules.md`` for each key)."""

    id: str
    message: str
    patterns: tuple[Pattern, ...]
    status: str = "draft"
    move: str | None = None
    principles: tuple[tuple[str, float], ...] = ()
    role: str | None = None
    severity: str = "minor"
    weight: float = 1.0
    stages: tuple[str, ...] | None = None  # as written; None: all stages
    unit: str = "any"
    context: Mapping[str, Any] = field(default_factory=dict)
    unless: tuple[Pattern, ...] = ()
    negated: str = "block"
    reported: str = "block"
    examples: tuple[Example, ...] = ()
    pos: Pos = Pos()


@dataclass(frozen=True)
class StageSpec:
    """What a stage expects, which moves are premature, late or off there, and a hint."""

    stage: str
    expects: tuple[str, ...] = ()
    premature: tuple[str, ...] = ()
    late: tuple[str, ...] = ()
    off: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Rulebook:
    """The rules of one language, lexicon and stage expectations, ready for the engine."""

    lang: str
    version: str
    lexicon: Lexicon
    lists: Mapping[str, tuple[str, ...]]
    stages: Mapping[str, StageSpec]
    rules: tuple[Rule, ...]
    sources: tuple[str, ...] = ()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of all rules, in order."""
        return tuple(r.id for r in self.rules)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)


# ---- parsing one file --------------------------------------------------------------------


@dataclass
class _Parsed:
    path: str
    lang: str | None
    version: str
    lists: dict[str, list[str]]
    stages: dict[str, StageSpec]
    rules: list[tuple[dict[str, Any], Node]]  # plain rule values + the rule's node
    lines: list[str]


def _parse(path: str | Path, problems: Problems) -> _Parsed | None:
    from simulator.yamlpos import read_text

    text = read_text(path, problems)
    if text is None:
        return None
    return _parse_text(text, str(path), problems)


def _parse_text(text: str, name: str, problems: Problems) -> _Parsed | None:
    from simulator.scenario.spec import Ctx
    from simulator.scoring.rulebook_spec import RULEBOOK_SPEC
    from simulator.yamlpos import MAP, SEQ, load_yaml_text

    root = load_yaml_text(text, name, problems)
    if root is None:
        return None
    ctx = Ctx(name, problems)
    values = RULEBOOK_SPEC.check(root, ctx, "")
    if not isinstance(values, dict):
        return None
    stages = {
        s: StageSpec(
            s,
            tuple(v.get("expects", ())),
            tuple(v.get("premature", ())),
            tuple(v.get("late", ())),
            tuple(v.get("off", ())),
            v.get("hint", ""),
        )
        for s, v in values.get("stages", {}).items()
    }
    rules: list[tuple[dict[str, Any], Node]] = []
    rules_node = root.value.get("rules")
    if rules_node is not None and rules_node.kind == SEQ:
        seen: dict[str, int] = {}
        for rule_node in rules_node.value:
            if rule_node.kind != MAP:
                continue
            plain = RULEBOOK_SPEC.fields["rules"].spec.item.check(
                rule_node, Ctx(name, Problems()), "rule"
            )
            if not isinstance(plain, dict) or "id" not in plain:
                continue
            rid = plain["id"]
            if rid in seen:
                id_node = rule_node.value["id"]
                problems.error(
                    name,
                    id_node.line,
                    id_node.col,
                    f"duplicate rule id '{rid}' (first at line {seen[rid]})",
                    "duplicate-id",
                )
                continue
            seen[rid] = rule_node.line
            rules.append((plain, rule_node))
    return _Parsed(
        name,
        values.get("lang"),
        str(values.get("version", "")),
        {k: list(v) for k, v in values.get("lexicon", {}).items()},
        stages,
        rules,
        text.splitlines(),
    )


def _pattern_nodes(node: Node | None) -> list[Node]:
    from simulator.yamlpos import SEQ, STR

    if node is None:
        return []
    if node.kind == STR:
        return [node]
    if node.kind == SEQ:
        return [n for n in node.value if n.kind == STR]
    return []


def _compile_all(
    parsed: _Parsed, rule_node: Node, key: str, lang: str, lexicon: Lexicon, problems: Problems
) -> tuple[Pattern, ...] | None:
    out = []
    ok = True
    for node in _pattern_nodes(rule_node.value.get(key)):
        try:
            out.append(compile_pattern(node.value, lang, lexicon))
        except PatternError as exc:
            ok = False
            line_text = parsed.lines[node.line - 1] if 0 < node.line <= len(parsed.lines) else ""
            quoted = 1 if node.col - 1 < len(line_text) and line_text[node.col - 1] in "'\"" else 0
            problems.error(
                parsed.path,
                node.line,
                node.col + quoted + exc.col - 1,
                f"rule '{rule_node.value['id'].value}': {key}: {exc.message}",
                "bad-pattern",
            )
    return tuple(out) if ok else None


def _examples(plain: dict[str, Any], rule_node: Node, path: str) -> tuple[Example, ...]:
    from simulator.yamlpos import SEQ

    out: list[Example] = []
    ex_node = rule_node.value.get("examples")
    ex_plain = plain.get("examples", {})
    for expect in ("fire", "pass", "gaps"):
        nodes = (
            ex_node.value.get(expect).value
            if ex_node is not None and expect in ex_node.value and ex_node.value[expect].kind == SEQ
            else []
        )
        for i, item in enumerate(ex_plain.get(expect, [])):
            where = nodes[i] if i < len(nodes) else rule_node
            pos = Pos(path, where.line, where.col)
            if isinstance(item, str):
                out.append(Example(item, expect, pos=pos))
                continue
            out.append(
                Example(
                    text=item["text"],
                    expect=item.get("expect", expect),
                    gap=expect == "gaps",
                    client=item.get("client", ""),
                    stage=item.get("stage"),
                    address=tuple(item.get("address", ())),
                    client_name=item.get("client_name", ""),
                    risk_flags=tuple(item.get("risk_flags", ())),
                    real_problem_reached=item.get("real_problem_reached"),
                    first_turn=bool(item.get("first_turn", False)),
                    note=item.get("note", ""),
                    pos=pos,
                )
            )
    return tuple(out)


def _build_rule(
    parsed: _Parsed,
    plain: dict[str, Any],
    node: Node,
    lang: str,
    lexicon: Lexicon,
    problems: Problems,
) -> Rule | None:
    rid = plain["id"]
    patterns = _compile_all(parsed, node, "patterns", lang, lexicon, problems)
    unless = _compile_all(parsed, node, "unless", lang, lexicon, problems)
    examples = _examples(plain, node, parsed.path)
    status = plain.get("status", "draft")
    if status == "stable":
        fires = sum(1 for e in examples if e.expect == "fire" and not e.gap)
        passes = sum(1 for e in examples if e.expect == "pass" and not e.gap)
        if fires < 2 or passes < 2:
            problems.error(
                parsed.path,
                node.line,
                node.col,
                f"rule '{rid}' is stable but has {fires} example(s) that fire and "
                f"{passes} that pass; a stable rule needs at least 2 of each",
                "too-few-examples",
            )
    if not plain.get("move") and not plain.get("principles") and not plain.get("role"):
        problems.error(
            parsed.path,
            node.line,
            node.col,
            f"rule '{rid}' signals nothing: give it a move, principles or a role",
            "empty-rule",
        )
    if patterns is None or unless is None or "message" not in plain:
        return None
    applies = plain.get("applies", {})
    stages = applies.get("stages")
    return Rule(
        id=rid,
        message=plain["message"],
        patterns=patterns,
        status=status,
        move=plain.get("move"),
        principles=tuple(plain.get("principles", {}).items()),
        role=plain.get("role"),
        severity=plain.get("severity", "minor"),
        weight=float(plain.get("weight", 1.0)),
        stages=tuple(stages) if stages else None,
        unit=applies.get("unit", "any"),
        context=dict(applies.get("context", {})),
        unless=unless,
        negated=plain.get("negated", "block"),
        reported=plain.get("reported", "block"),
        examples=examples,
        pos=Pos(parsed.path, node.line, node.col),
    )


def _merged_lists(layers: Iterable[_Parsed], lang: str) -> dict[str, tuple[str, ...]]:
    lists: dict[str, list[str]] = {k: list(v) for k, v in DEFAULT_LISTS.get(lang, {}).items()}
    for layer in layers:
        for name, entries in layer.lists.items():
            merged = lists.setdefault(name, [])
            merged.extend(e for e in entries if e not in merged)
    return {k: tuple(v) for k, v in lists.items()}


def build_rulebook(
    layers: list[_Parsed], problems: Problems, report: set[str] | None = None
) -> Rulebook | None:
    """Merge parsed layers (shipped first) into a Rulebook; problems of layers whose path is
    not in ``report`` are dropped (used when checking an overlay against the shipped book)."""
    lang = next((layer.lang for layer in layers if layer.lang), None)
    if lang is None:
        return None
    for layer in layers:
        if layer.lang and layer.lang != lang:
            problems.error(
                layer.path,
                1,
                1,
                f"rulebook language '{layer.lang}' does not match '{lang}' of {layers[0].path}",
                "lang-mismatch",
            )
    lists = _merged_lists(layers, lang)
    lexicon = Lexicon.build(lists, lang)
    stages: dict[str, StageSpec] = {}
    rules: dict[str, Rule] = {}
    for layer in layers:
        stages.update(layer.stages)
        sink = problems if report is None or layer.path in report else Problems()
        for plain, node in layer.rules:
            rule = _build_rule(layer, plain, node, lang, lexicon, sink)
            if rule is not None:
                rules[rule.id] = rule  # an overlay replaces, keeping the first position
    version = "+".join(layer.version for layer in layers if layer.version)
    return Rulebook(
        lang,
        version,
        lexicon,
        lists,
        stages,
        tuple(rules.values()),
        tuple(layer.path for layer in layers),
    )


def shipped_path(lang: str) -> Path:
    """The shipped rulebook of a language."""
    return RULEBOOK_DIR / f"{lang}.yaml"


def check_rulebook(path: str | Path) -> tuple[Rulebook | None, Problems]:
    """Check one rulebook file and build it.

    A file that is not a shipped rulebook is checked as an overlay: its patterns may use the
    lexicon lists of the shipped rulebook of its language, and the Rulebook returned holds
    only its own rules (compiled against the merged lexicon).

    Returns:
        The rulebook (None when it has errors) and every problem found, in file order.
    """
    problems = Problems()
    parsed = _parse(path, problems)
    if parsed is None or parsed.lang is None:
        return None, _sorted(problems)
    layers = [parsed]
    base_path = shipped_path(parsed.lang)
    if base_path.exists() and base_path.resolve() != Path(path).resolve():
        base = _parse(base_path, Problems())
        if base is not None and base.lang == parsed.lang:
            base.rules = []
            layers = [base, parsed]
    book = build_rulebook(layers, problems, report={parsed.path})
    if book is not None and len(layers) == 2:
        own = {plain["id"] for plain, _ in parsed.rules}
        book = Rulebook(
            book.lang,
            parsed.version,
            book.lexicon,
            book.lists,
            book.stages,
            tuple(r for r in book.rules if r.id in own),
            (parsed.path,),
        )
    problems = _sorted(problems)
    return (None if problems.errors else book), problems


def _sorted(problems: Problems) -> Problems:
    out = Problems()
    out.extend(sorted(problems.items, key=lambda p: (p.path, p.line, p.col)))
    return out


def rulebook_from_text(text: str, name: str = "<memory>") -> Rulebook:
    """A rulebook from YAML text on its own (no shipped rulebook under it); for tests and tools.

    Raises:
        LoadError: with every problem when the text has errors.
    """
    problems = Problems()
    parsed = _parse_text(text, name, problems)
    book = build_rulebook([parsed], problems) if parsed is not None else None
    errors = [p for p in _sorted(problems) if p.level == "error"]
    if errors or book is None:
        raise LoadError(f"{name}: rulebook has errors", errors)
    return book


def load_rulebooks(lang: str, extra: Iterable[str | Path] = ()) -> Rulebook:
    """The shipped rulebook of ``lang`` with the overlays ``extra`` laid over it, in order.

    Raises:
        LoadError: with every problem (``path:line:col``) when any file has an error.
    """
    paths = [shipped_path(lang), *(Path(p) for p in extra)]
    key = tuple((str(p), _mtime(p)) for p in paths)
    return _load_cached(lang, key)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


@lru_cache(maxsize=16)
def _load_cached(lang: str, key: tuple[tuple[str, float], ...]) -> Rulebook:
    problems = Problems()
    if key[0][1] < 0:
        raise LoadError(f"no shipped rulebook for language '{lang}' ({key[0][0]})")
    from simulator.scoring import bookcache

    paths = tuple(path for path, _ in key)
    sources = bookcache.read_sources(list(paths))
    if sources is not None:
        cached = bookcache.lookup(lang, paths, sources)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
    layers = []
    for path, _ in key:
        parsed = _parse(path, problems)
        if parsed is not None:
            if parsed.lang is not None and parsed.lang != lang:
                problems.error(
                    path,
                    1,
                    1,
                    f"rulebook language '{parsed.lang}' does not match"
                    f" the session language '{lang}'",
                    "lang-mismatch",
                )
            layers.append(parsed)
    book = build_rulebook(layers, problems) if layers else None
    release_pool()
    errors = [p for p in _sorted(problems) if p.level == "error"]
    if errors or book is None:
        raise LoadError(f"rulebook for '{lang}' has errors", errors)
    if sources is not None and bookcache.read_sources(list(paths)) == sources:
        bookcache.store(lang, paths, sources, book)  # before anything is scored with it
    return book
