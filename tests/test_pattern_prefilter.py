"""The compiled matcher: the set automaton that rules out most searches never changes a
result, and a compiled pattern stays small until it is first searched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scoring.engine import RuleScorer
from simulator.scoring.patterns import MatchEnv, Pattern, PatternError, compile_pattern
from simulator.scoring.rulebook import rulebook_from_text
from simulator.scoring.text import analyse

BOOK = """\
lang: en
version: "p"
lexicon:
  x: [a, "b c", "d b b", "a b a"]
rules:
  - id: p.one
    move: open_question
    patterns: ["a b"]
    message: "m"
"""
SCORER = RuleScorer(rulebook_from_text(BOOK))
ENV = MatchEnv(client_roots=frozenset({"c"}), lang="en")

ATOM = st.sampled_from(["a", "b", "c", "a*", "_", "@x", "<a>", "'?'", "$client", "^ a"])
PATTERN = st.recursive(
    ATOM,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(" ".join),
        st.tuples(inner, inner).map(lambda p: f"({p[0]}|{p[1]})"),
        inner.map(lambda p: f"({p})?"),
        st.tuples(inner, st.integers(1, 4), inner).map(lambda p: f"{p[0]} ..{p[1]} {p[2]}"),
    ),
    max_leaves=10,
)
WORDS = st.lists(st.sampled_from(["a", "b", "c", "d", "?", "aa", "ba"]), max_size=25)


def threads_only(pattern: Pattern) -> Pattern:
    """The same pattern searched by the thread simulation alone (no set automaton)."""
    twin = compile_pattern(pattern.source, pattern.lang, pattern.lexicon)
    twin._run = twin._build()[:4] + (None,)
    return twin


@settings(max_examples=400, deadline=None)
@given(source=PATTERN, words=WORDS, indexed=st.booleans())
def test_set_automaton_never_changes_a_result(source: str, words: list[str], indexed: bool) -> None:
    try:
        pattern = compile_pattern(source, "en", SCORER.lexicon)
    except PatternError:
        return
    reference = threads_only(pattern)
    for unit in analyse(" ".join(words), "en").units:
        if indexed:
            SCORER.candidates(unit)  # gives each token its keys, as the engine does
        toks = unit.tokens
        assert pattern.search(toks, ENV) == reference.search(toks, ENV)
        assert pattern.search(toks[1:], ENV) == reference.search(toks[1:], ENV)


def test_known_spans_with_and_without_the_set_automaton() -> None:
    cases = [
        ("@x d", "z b c d", (1, 4)),  # "b c" only as a whole entry
        ("@x d", "b d", None),
        ("@x", "d b b", (0, 3)),
        ("@x d", "a b a d", (2, 4)),  # the one-word "a" at 2 goes on before "a b a"
        ("^ a ..2 c", "a d d c", (0, 4)),
        ("^ a ..2 c", "d a c", None),
        ("b (c|d) '?'", "a b d?", (1, 4)),
    ]
    for source, text, span in cases:
        pattern = compile_pattern(source, "en", SCORER.lexicon)
        unit = analyse(text, "en").units[0]
        assert pattern.search(unit.tokens, ENV) == span, source  # tokens without keys
        SCORER.candidates(unit)
        assert pattern.search(unit.tokens, ENV) == span, source
        assert threads_only(pattern).search(unit.tokens, ENV) == span, source


def test_a_pattern_is_built_on_its_first_search() -> None:
    pattern = compile_pattern("(you|your) .. (choice|decision)", "en", SCORER.lexicon)
    assert pattern._run is None  # compiled: only what gates it
    assert pattern.first_keys == frozenset({("w", "you"), ("w", "your")})
    toks = analyse("It is your own decision.", "en").tokens
    assert pattern.search(toks, ENV) == (2, 5)
    assert pattern._run is not None
