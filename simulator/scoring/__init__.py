"""Scoring: the rule engine that judges each reply, and the session scores built on it.

``make_scorer(lang, extra_rules)`` is the one entry point the rest of the program uses: it
loads the shipped rulebook of ``lang`` with any overlays and returns a ``Scorer``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from simulator.scoring.model import Scorer


def make_scorer(lang: str, extra_rules: Iterable[str | Path] = ()) -> Scorer:
    """A scorer for ``lang`` with the shipped rulebook and the overlays ``extra_rules``.

    Raises:
        LoadError: when a rulebook is missing or has errors (every problem with its place).
    """
    from simulator.scoring.engine import RuleScorer
    from simulator.scoring.rulebook import load_rulebooks

    return RuleScorer(load_rulebooks(lang, tuple(extra_rules)))
