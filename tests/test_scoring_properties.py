"""Property tests: scoring never raises on any text, and matching stays linear."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.errors import LoadError
from simulator.scoring.engine import RuleScorer
from simulator.scoring.model import ScoreContext
from simulator.scoring.patterns import Lexicon, MatchEnv, Pattern, PatternError, compile_pattern
from simulator.scoring.rulebook import load_rulebooks, rulebook_from_text
from simulator.scoring.text import analyse, tokenize
from simulator.vocab import MOVES, PRINCIPLES, STAGE_FITS

BOOK = """\
lang: {lang}
version: "p"
lexicon:
  feeling: [sedih, sad, "sakit hati", "fed up"]
rules:
  - id: p.one
    move: open_question
    principles: {{openness: 1}}
    patterns: ["(bisa|could) _? (<cerita>|tell) ..3 (lagi|more)?", "^ @feeling"]
    unless: ["(tidak|not) ..2 @feeling"]
    message: "m"
  - id: p.two
    move: judgement
    principles: {{acceptance: -1}}
    patterns: ["$addr .. (salah|wrong|<salah>)", "_ _ _ _ $client", "'?' '?'"]
    negated: require
    message: "m"
  - id: p.three
    principles: {{individualisation: 1}}
    applies: {{context: {{client_overlap: 1, uses_address: true}}}}
    patterns: ["a* ..10 b*"]
    reported: ignore
    message: "m"
"""

SCORERS = {lang: RuleScorer(rulebook_from_text(BOOK.format(lang=lang))) for lang in ("id", "en")}


def shipped(lang: str) -> RuleScorer | None:
    try:
        return RuleScorer(load_rulebooks(lang))
    except LoadError:
        return None


SHIPPED = {lang: shipped(lang) for lang in ("id", "en")}

ANY_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=300
) | st.lists(
    st.sampled_from(
        [
            "Ibu",
            "tidak",
            "salah",
            "?",
            "nggak",
            "'",
            '"',
            "kata",
            "tapi",
            "you",
            "don't",
            "pelan2",
            "😊",
            ":)",
            "\n",
            "\x00",
            "\x1b",
            ",",
            "..",
            "Bu Sri",
            "menyalahkan",
            "kan",
            "—",
            "¿",
            "ٱ",
            "ß",
            "İ",
        ]
    ),
    max_size=60,
).map(" ".join)


def check(score, text: str) -> None:
    assert set(score.principles) == set(PRINCIPLES)
    assert all(math.isfinite(v) and -5 <= v <= 5 for v in score.principles.values())
    assert all(m in MOVES for m in score.moves)
    assert score.stage_fit in STAGE_FITS and score.stage_fit_reason
    for f in score.findings:
        assert 0 <= f.span[0] <= f.span[1] <= len(text)
        assert math.isfinite(f.delta) and f.message is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=ANY_TEXT,
    client=ANY_TEXT,
    lang=st.sampled_from(["id", "en"]),
    stage=st.sampled_from([None, "engagement", "assessment", "planning", "closing"]),
)
def test_scoring_never_raises(text: str, client: str, lang: str, stage: str | None) -> None:
    ctx = ScoreContext(
        lang=lang,
        stage=stage,
        client_last=client,
        address=("Bu Sri", "Ibu"),
        client_name="Sri",
        risk_flags=("risk_of_harm",) if len(text) % 2 else (),
    )
    for scorer in (SCORERS[lang], SHIPPED[lang]):
        if scorer is not None:
            check(scorer.score(text, ctx), text)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, lang=st.sampled_from(["id", "en"]))
def test_tokens_keep_original_spans(text: str, lang: str) -> None:
    prev_start = 0
    for tok in tokenize(text, lang):
        assert 0 <= tok.start < tok.end <= len(text)
        assert tok.start >= prev_start
        prev_start = tok.start
    for unit in analyse(text, lang).units:
        assert 0 <= unit.span[0] < unit.span[1] <= len(text)


@settings(max_examples=500, deadline=None)
@given(source=st.text(alphabet="ab_.?|()<>@$'^* 0123456789xyz", max_size=40))
def test_compile_raises_only_pattern_errors(source: str) -> None:
    lexicon = Lexicon.build({"x": ["a", "b c"]}, "en")
    try:
        compile_pattern(source, "en", lexicon)
    except PatternError as exc:
        assert 1 <= exc.col <= max(1, len(source) + 1)


# A small grammar of valid patterns, to check linear matching on them.
ATOM = st.sampled_from(["a", "b", "a*", "_", "@x", "<a>", "'?'", "$client"])
PATTERN = st.recursive(
    ATOM,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(" ".join),
        st.tuples(inner, inner).map(lambda p: f"({p[0]}|{p[1]})"),
        inner.map(lambda p: f"({p})?"),
        st.tuples(inner, st.integers(1, 10), inner).map(lambda p: f"{p[0]} ..{p[1]} {p[2]}"),
    ),
    max_leaves=12,
)


def steps(pattern: Pattern, words: list[str]) -> int:
    toks = analyse(" ".join(words), "en").tokens
    counter = [0]
    pattern.search(toks, MatchEnv(client_roots=frozenset({"a"}), lang="en"), counter)
    return counter[0]


@settings(max_examples=200, deadline=None)
@given(
    source=PATTERN,
    words=st.lists(st.sampled_from(["a", "b", "c", "?", "aa"]), min_size=1, max_size=40),
)
def test_matching_is_linear_in_tokens_times_pattern_size(source: str, words: list[str]) -> None:
    lexicon = Lexicon.build({"x": ["a", "b c"]}, "en")
    try:
        pattern = compile_pattern(source, "en", lexicon)
    except PatternError:
        return  # e.g. a pattern that can match nothing
    n = len(words)
    bound = 3 * (n + 1) * (pattern.size + 1)
    assert steps(pattern, words) <= bound
    # without a match, doubling the text at most doubles the work (plus a constant)
    no_match = ["c"] * n
    assert steps(pattern, no_match * 2) <= 2 * steps(pattern, no_match) + 3 * pattern.size + 3


def test_engine_work_grows_linearly_with_reply_length(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = [0]
    original = Pattern.search

    def counted(self, toks, env, c=None):  # type: ignore[no-untyped-def]
        return original(self, toks, env, counter)

    monkeypatch.setattr(Pattern, "search", counted)
    scorer = SHIPPED["id"] or SCORERS["id"]
    sentence = (
        "Bu Sri, saya tidak menyalahkan Ibu, tapi kenapa nggak cerita dari dulu? "
        "Kedengarannya Ibu capek sekali dan malu sama tetangga "
    )
    work = []
    for k in (20, 40, 80):
        counter[0] = 0
        scorer.score(sentence * k, ScoreContext(lang="id", client_last="Saya malu."))
        work.append(counter[0])
    assert work[0] > 0
    assert work[1] <= 2.3 * work[0] and work[2] <= 2.3 * work[1]
    # one long unit without sentence punctuation stays linear too
    counter[0] = 0
    flat = ("saya tidak menyalahkan ibu kedengarannya ibu capek " * 200).strip()
    scorer.score(flat, ScoreContext(lang="id"))
    one = counter[0]
    counter[0] = 0
    scorer.score(flat + " " + flat, ScoreContext(lang="id"))
    assert counter[0] <= 2.3 * one + 1000
