"""A scenario's beats and branches as a graph: Mermaid (``flowchart``) or Graphviz DOT.

Stages are groups (Mermaid subgraphs, DOT clusters) in the order of the scenario's
``stages``; endings are rounded "stadium" nodes coloured by outcome; fallbacks are dashed
edges labelled ``otherwise``; branch edges carry a one-line summary of their condition. Beats
that cannot be reached or that have no way out are marked, so an author sees them at a glance.

All text from the scenario is escaped for the target language: node ids are generated
(``b1``, ``e1``...), never taken from the file, and labels go through ``_mermaid_text`` /
``_dot_text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.conditions import summarise
from simulator.scenario.model import Scenario
from simulator.scenario.validate import _branches, _can_end, _reachable
from simulator.vocab import STAGE_LABELS

FORMATS: tuple[str, ...] = ("mermaid", "dot")
MAX_LABEL = 60
OUTCOME_COLOURS = {"good": "#2e7d32", "mixed": "#ef6c00", "poor": "#c62828"}


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    label: str
    fallback: bool
    effects: bool


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


class _Graph:
    """The scenario's nodes and edges with generated ids, shared by both renderers."""

    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.beat_ids = {b.id: f"b{i}" for i, b in enumerate(s.beats, start=1)}
        self.ending_ids = {e.id: f"e{i}" for i, e in enumerate(s.endings, start=1)}
        known = set(self.beat_ids)
        self.reachable = _reachable(s) if s.start in known else set()
        self.can_end = _can_end(s)
        self.edges: list[_Edge] = []
        for beat in s.beats:
            for branch in _branches(beat):
                is_fallback = branch is beat.fallback
                target = self.beat_ids.get(branch.goto or "") or self.ending_ids.get(
                    branch.end or ""
                )
                if target is None:
                    target = "missing"
                label = "otherwise" if is_fallback else summarise(branch.when)
                has_effects = bool(
                    branch.effects.set or branch.effects.add or branch.effects.reveal
                )
                self.edges.append(
                    _Edge(self.beat_ids[beat.id], target, _short(label), is_fallback, has_effects)
                )
        self.missing = any(e.target == "missing" for e in self.edges)

    def stages(self) -> list[tuple[str, list[str]]]:
        """(stage, beat ids) in the scenario's stage order, then any stage not listed."""
        order = list(self.s.stages) + sorted({b.stage for b in self.s.beats} - set(self.s.stages))
        return [(st, [b.id for b in self.s.beats if b.stage == st]) for st in order]

    def beat_label(self, beat_id: str) -> str:
        label = beat_id
        if beat_id == self.s.start:
            label = f"▶ {label}"
        if beat_id not in self.reachable:
            label += " (unreachable)"
        if beat_id not in self.can_end:
            label += " (no way out)"
        return label

    def stage_title(self, stage: str) -> str:
        return STAGE_LABELS.get(stage, {}).get(self.s.lang or "en", stage) or stage


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: every ASCII sign outside a small safe set
    (quotes, brackets, pipes, ``<``, ``;``, ``#``...) becomes a numeric entity code such as
    ``#34;``, so no scenario text can end the label or inject syntax or HTML."""
    out = []
    for ch in " ".join(text.split()):
        if ch.isalnum() or ch in " .,:!?'-_()+*/=" or (ord(ch) > 127 and ch.isprintable()):
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def to_mermaid(s: Scenario) -> str:
    """The scenario as a Mermaid flowchart (the text begins with ``flowchart``)."""
    g = _Graph(s)
    lines = ["flowchart TD", '  start(("start"))']
    for n, (stage, beats) in enumerate(g.stages(), start=1):
        if not beats:
            continue
        lines.append(f'  subgraph s{n}["{_mermaid_text(g.stage_title(stage))}"]')
        for beat_id in beats:
            lines.append(f'    {g.beat_ids[beat_id]}["{_mermaid_text(g.beat_label(beat_id))}"]')
        lines.append("  end")
    for e in s.endings:
        title = f"{e.id}: {e.title}" if e.title else e.id
        if e.id == s.turn_limit_ending:
            title += f" (after {s.turn_limit} replies)"
        lines.append(f'  {g.ending_ids[e.id]}(["{_mermaid_text(_short(title))}"])')
    if g.missing:
        lines.append('  missing{{"missing target"}}')
    if s.start in g.beat_ids:
        lines.append(f"  start --> {g.beat_ids[s.start]}")
    for edge in g.edges:
        arrow = "-.->" if edge.fallback else "-->"
        label = edge.label + (" +effects" if edge.effects else "")
        lines.append(f'  {edge.source} {arrow}|"{_mermaid_text(label)}"| {edge.target}')
    for outcome, colour in OUTCOME_COLOURS.items():
        ids = [g.ending_ids[e.id] for e in s.endings if e.outcome == outcome]
        if ids:
            lines.append(f"  classDef {outcome} stroke:{colour},stroke-width:3px")
            lines.append(f"  class {','.join(ids)} {outcome}")
    problems = [
        g.beat_ids[b.id] for b in s.beats if b.id not in g.reachable or b.id not in g.can_end
    ]
    if problems or g.missing:
        lines.append("  classDef problem fill:#ffebee,stroke:#c62828,stroke-dasharray:4 2")
        lines.append(f"  class {','.join(problems + (['missing'] if g.missing else []))} problem")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    """Text safe inside a double-quoted DOT string."""
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(s: Scenario) -> str:
    """The scenario as a Graphviz ``digraph``."""
    g = _Graph(s)
    lines = [
        f'digraph "{_dot_text(s.id or "scenario")}" {{',
        "  rankdir=TB;",
        '  node [shape=box, style="rounded"];',
        '  start [shape=circle, label="start"];',
    ]
    for n, (stage, beats) in enumerate(g.stages(), start=1):
        if not beats:
            continue
        lines.append(f"  subgraph cluster_{n} {{")
        lines.append(f'    label="{_dot_text(g.stage_title(stage))}";')
        for beat_id in beats:
            bad = beat_id not in g.reachable or beat_id not in g.can_end
            style = ', style="rounded,dashed,filled", fillcolor="#ffebee", color="#c62828"'
            lines.append(
                f'    {g.beat_ids[beat_id]} [label="{_dot_text(g.beat_label(beat_id))}"'
                f"{style if bad else ''}];"
            )
        lines.append("  }")
    for e in s.endings:
        title = f"{e.id}: {e.title}" if e.title else e.id
        if e.id == s.turn_limit_ending:
            title += f" (after {s.turn_limit} replies)"
        colour = OUTCOME_COLOURS.get(e.outcome, "#555555")
        lines.append(
            f'  {g.ending_ids[e.id]} [shape=doubleoctagon, color="{colour}", penwidth=2, '
            f'label="{_dot_text(_short(title))}"];'
        )
    if g.missing:
        lines.append('  missing [shape=diamond, color="#c62828", label="missing target"];')
    if s.start in g.beat_ids:
        lines.append(f"  start -> {g.beat_ids[s.start]};")
    for edge in g.edges:
        label = edge.label + (" +effects" if edge.effects else "")
        style = ", style=dashed" if edge.fallback else ""
        lines.append(f'  {edge.source} -> {edge.target} [label="{_dot_text(label)}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(s: Scenario, fmt: str = "mermaid") -> str:
    """The graph of ``s`` in ``fmt`` (``mermaid`` or ``dot``)."""
    return to_dot(s) if fmt == "dot" else to_mermaid(s)
