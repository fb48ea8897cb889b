"""The pattern language: syntax, matching, compile errors with columns."""

from __future__ import annotations

import pytest

from simulator.scoring.patterns import Lexicon, MatchEnv, PatternError, compile_pattern
from simulator.scoring.text import analyse

LEX = Lexicon.build(
    {"feeling": ["sedih", "sakit hati", "capek"], "negator": ["tidak", "jangan"]}, "id"
)
ENV = MatchEnv(
    addresses=(("bu", "sri"), ("ibu",)), client_roots=frozenset({"utang", "malu"}), lang="id"
)


def match(pattern: str, text: str, lang: str = "id") -> str | None:
    """The matched text of the first unit where the pattern matches, or None."""
    pat = compile_pattern(pattern, lang, LEX)
    a = analyse(text, lang)
    for unit in a.units:
        span = pat.search(unit.tokens, ENV)
        if span is not None:
            s, e = span
            return text[unit.tokens[s].start : unit.tokens[e - 1].end]
    return None


@pytest.mark.parametrize(
    ("pattern", "text", "matched"),
    [
        ("ceritakan", "Ceritakanlah pelan-pelan", "Ceritakanlah"),  # -lah attached
        ("gak usah", "Nggak usah sedih", "Nggak usah"),  # normalised on both sides
        ("cerita*", "Ceritanya panjang", "Ceritanya"),
        ("<salah>", "Jangan menyalahkan diri", "menyalahkan"),
        ("salah", "Jangan menyalahkan diri", None),  # plain word: no affix merging
        ("<cerita>", "Bisa ceritain?", "ceritain"),
        ("<cerita>", "cerita2 Ibu", "cerita2"),
        ("(gimana|bagaimana) kalau", "Gimana kalau pindah", "Gimana kalau"),
        ("bisa $addr? <cerita>", "Bisa Ibu ceritakan?", "Bisa Ibu ceritakan"),
        ("bisa $addr? <cerita>", "Bisa ceritakan?", "Bisa ceritakan"),
        ("$addr .. capek", "Bu Sri capek sekali", "Bu Sri capek"),
        ("_ capek", "Saya capek", "Saya capek"),
        ("@feeling", "Ibu pasti sakit hati", "sakit hati"),  # multi-word entry
        ("^ kok", "Kok bisa sih?", "Kok"),
        ("^ bisa", "Ibu bisa", None),
        ("$client", "Ibu merasa malu ya", "malu"),
        ("'?'", "Ibu capek?", "?"),
        ("'?'", "Ibu capek.", None),
        ("saya ..1 paham", "saya sangat paham", "saya sangat paham"),
        ("saya ..1 paham", "saya sangat sangat paham", None),  # the gap is bounded
        ("why do not you", "Why don't you leave?", "Why don't you"),
    ],
)
def test_matching(pattern: str, text: str, matched: str | None) -> None:
    lang = "en" if pattern.startswith("why") else "id"
    assert match(pattern, text, lang) == matched


def test_nya_on_noun_lists_only() -> None:
    """-nya keeps a noun's meaning ("suaminya", "wali kelasnya") but not an address word's
    ("ibunya" is a mother) or a feeling's ("takutnya" hedges): only noun lists take it."""
    lists = {
        "third_party": ["suami", "wali kelas"],
        "you": ["ibu"],
        "feeling": ["takut"],
    }
    lex = Lexicon.build(lists, "id")
    assert "suaminya" in lex.singles["third_party"]
    assert ("kelasnya",) in lex.multi["third_party"]["wali"]
    assert "ibunya" not in lex.singles["you"]
    assert "takutnya" not in lex.singles["feeling"]
    assert (
        "husbandnya" not in Lexicon.build({"third_party": ["husband"]}, "en").singles["third_party"]
    )
    pat = compile_pattern("ke @third_party", "id", lex)
    for text, hit in (("Saya bilang ke suaminya.", True), ("Saya bilang ke wali kelasnya.", True),
                      ("Saya bilang ke ibunya.", False)):  # fmt: skip
        unit = analyse(text, "id").units[0]
        assert (pat.search(unit.tokens, ENV) is not None) is hit, text


def test_kin_term_is_not_addr() -> None:
    assert match("$addr marah", "Ibu saya marah") is None
    assert match("$addr marah", "Ibu marah?") == "Ibu marah"


@pytest.mark.parametrize(
    ("pattern", "col", "fragment"),
    [
        ("(a b", 1, "never closed"),
        ("a | ", 3, "empty alternative"),
        ("a ..11", 3, "at most ..10"),
        ("x?", 1, "no words at all"),
        ("@nope x", 1, "unknown lexicon list @nope"),
        ("ibu $foo", 5, "unknown $foo"),
        ("'abc", 1, "closing '"),
        ("a ) b", 3, "unmatched ')'"),
        ("?", 1, "must follow an element"),
        ("a ()", 3, "empty group"),
        ("ibu, bapak", 4, "write punctuation as a quoted literal"),
        ("a .. .. b", 6, "two gaps in a row"),
        ("a ..? b", 5, "cannot follow a gap"),
        ("", 1, "empty pattern"),
    ],
)
def test_compile_errors_have_columns(pattern: str, col: int, fragment: str) -> None:
    with pytest.raises(PatternError) as info:
        compile_pattern(pattern, "id", LEX)
    assert info.value.col == col
    assert fragment in info.value.message


def test_anchors_index_the_pattern() -> None:
    pat = compile_pattern("bisa $addr? <cerita>", "id", LEX)
    assert pat.anchors == frozenset({("r", "cerita")})  # the rarer key, not the stop word
    assert pat.required == (frozenset({("w", "bisa")}), frozenset({("r", "cerita")}))
    assert compile_pattern("(a|b) x", "id", LEX).anchors == frozenset({("w", "x")})
    [needed] = compile_pattern("(a|b c) y?", "id", LEX).required
    assert ("w", "a") in needed and len(needed) == 2  # a, or one word of "b c"
    assert compile_pattern("_ $client", "id", LEX).anchors is None
    assert compile_pattern("^ kok", "id", LEX).anchored


def test_negator_awareness() -> None:
    assert compile_pattern("jangan khawatir", "id", LEX).has_negator
    assert compile_pattern("@negator khawatir", "id", LEX).has_negator
    assert not compile_pattern("khawatir", "id", LEX).has_negator


def test_pathological_pattern_is_linear() -> None:
    """Nested optional gaps that would make a backtracking matcher explode."""
    pat = compile_pattern("(a? a? a? a? a?) .. (a? a?) ..10 b", "en", LEX)
    toks = analyse(" ".join(["a"] * 2000), "en").tokens
    counter = [0]
    assert pat.search(toks, ENV, counter) is None
    assert counter[0] < 2000 * pat.size * 4
