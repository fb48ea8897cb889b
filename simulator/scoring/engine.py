"""``RuleScorer``: the rule engine behind the ``Scorer`` protocol.

For each thought unit of a reply the engine applies the rules whose patterns can match (rules
are indexed by their anchor words, roots and lists), checks where each applies (stage, unit
kind, context), blocks matches inside negation or reported speech as the rule asks, and turns
what fired into findings (one per principle delta), moves and roles. It then makes the
judgements no single rule can (``simulator.scoring.moves``): question type, reflection vs
paraphrase vs summary against the client's last words, advice disguised as a question,
stacked closed questions, absolute secrecy vs honest limits, use of the client's own words,
risk cues left unanswered; and the stage fit (``simulator.scoring.stagefit``).
Positives never cancel a violation: both are reported. Pure and deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from simulator.errors import CaseworkError
from simulator.scoring import lexicon as lx
from simulator.scoring import moves as mv
from simulator.scoring.model import Finding, ReplyScore, ScoreContext, ScoredTurn, SessionScores
from simulator.scoring.morph import roots
from simulator.scoring.patterns import MatchEnv, Pattern, normalise_phrase
from simulator.scoring.rulebook import Rule, Rulebook
from simulator.scoring.stagefit import stage_hint
from simulator.scoring.text import (
    Token,
    Unit,
    analyse,
    mark_negation,
    negators,
    token_specs,
    tokenize,
)
from simulator.vocab import PRINCIPLES

MAX_REPLY_CHARS = 200_000
_JUDGEMENTAL = frozenset({"judgement", "blame", "moralising", "minimising"})
_RETRIES = 3


@dataclass(frozen=True)
class ClientInfo:
    """What the engine takes from the client's last words."""

    roots: frozenset[str]
    feelings: frozenset[str]
    risk: bool
    risk_roots: frozenset[str]
    has_text: bool
    asks_advice: bool = False  # "saya harus bagaimana?": permission to advise (MITI)


class RuleScorer:
    """Scores replies with a ``Rulebook`` (implements ``simulator.scoring.model.Scorer``)."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.lang = rulebook.lang
        self.rules: tuple[Rule, ...] = rulebook.rules
        self.lexicon = rulebook.lexicon
        self._stop = lx.STOPWORDS.get(self.lang, frozenset())
        self._by_word: dict[str, set[int]] = {}
        self._by_root: dict[str, set[int]] = {}
        self._by_list: dict[str, set[int]] = {}
        always: set[int] = set()
        # patterns are indexed one by one (id = position in self._owner): a unit runs only
        # the patterns whose rarest required key it offers
        self._owner: list[tuple[int, Pattern]] = []
        for ri, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                pid = len(self._owner)
                self._owner.append((ri, pattern))
                if pattern.anchors is None:
                    always.add(pid)
                    continue
                for kind, key in pattern.anchors:
                    table = {"w": self._by_word, "r": self._by_root, "l": self._by_list}[kind]
                    table.setdefault(key, set()).add(pid)
        self._always = frozenset(always)
        # per pattern id, what could_match tests, split into single keys and sets of keys;
        # the anchor set is left out, as a pattern is only found through a key of it
        self._gates: list[
            tuple[
                int,
                Pattern,
                frozenset[tuple[str, str]] | None,
                tuple[tuple[str, str], ...],
                tuple[frozenset[tuple[str, str]], ...],
            ]
        ] = []
        for ri, p in self._owner:
            rest = [r for r in p.required if r != p.anchors]
            self._gates.append(
                (
                    ri,
                    p,
                    p.first_keys,
                    tuple(next(iter(r)) for r in rest if len(r) == 1),
                    tuple(r for r in rest if len(r) != 1),
                )
            )
        # the gates as bit masks: each distinct key set a gate needs one key of (its first
        # keys, a single required key, a required set) is a clause with a bit; a key's mask has
        # the bits of the clauses it is in, a pattern's the bits of the clauses it needs
        clause_bit: dict[frozenset[tuple[str, str]], int] = {}
        self._key_mask: dict[tuple[str, str], int] = {}
        self._gate_mask: list[int] = []
        for _, _, first, needs_one, needs_any in self._gates:
            clauses = [first] if first is not None else []
            clauses += [frozenset({key}) for key in needs_one]
            clauses += list(needs_any)
            mask = 0
            for clause in clauses:
                bit = clause_bit.get(clause)
                if bit is None:
                    bit = clause_bit[clause] = 1 << len(clause_bit)
                    for key in clause:
                        self._key_mask[key] = self._key_mask.get(key, 0) | bit
                mask |= bit
            self._gate_mask.append(mask)
        # per pattern id: its gate mask, rule index and pattern (what ``candidates`` reads)
        self._pid_gate: list[tuple[int, int, Pattern]] = [
            (mask, ri, p) for mask, (ri, p) in zip(self._gate_mask, self._owner, strict=True)
        ]
        needed: set[tuple[str, str]] = set()
        for rule in self.rules:
            for pattern in (*rule.patterns, *rule.unless):
                for req in pattern.required:
                    needed |= req
                if pattern.first_keys:
                    needed |= pattern.first_keys
        self._needed = frozenset(needed)
        self._word_lists: dict[str, set[str]] = {}
        for name, words in self.lexicon.singles.items():
            for w in words:
                self._word_lists.setdefault(w, set()).add(name)
        for name, firsts in self.lexicon.multi.items():
            for w in firsts:
                self._word_lists.setdefault(w, set()).add(name)
        self._cand_cache: dict[
            str | frozenset[str],  # a word's text, or another token's forms
            tuple[frozenset[int], frozenset[tuple[str, str]], frozenset[tuple[str, str]], int],
        ] = {}
        self._client_cache: dict[str, ClientInfo] = {}
        self._content_words: dict[str, frozenset[str] | None] = {}
        self._address_terms = lx.ADDRESS_TERMS.get(self.lang, frozenset())
        self._list_words: dict[str, frozenset[str]] = {}
        self._confirm = tuple(
            " " + " ".join(normalise_phrase(p, self.lang)) + " " for p in lx.CONFIRMATION[self.lang]
        )
        self._confirm_cache: dict[str, bool] = {}

    # ---- the Scorer protocol ----------------------------------------------------------------

    def score(self, text: str, ctx: ScoreContext) -> ReplyScore:
        """Judge one reply in its context. Deterministic; never raises on a str.

        Raises:
            CaseworkError: only for a reply longer than ``MAX_REPLY_CHARS`` characters.
        """
        if len(text) > MAX_REPLY_CHARS:
            raise CaseworkError(
                f"reply too long to score: {len(text)} characters (the limit is {MAX_REPLY_CHARS})"
            )
        judgement = _JUDGEMENT or _judgement_class()
        analysis = analyse(text, self.lang)
        client = self.client_info(ctx.client_last)
        if client.has_text and not client.roots:
            # a back-channel ("Mm.", "Yeah.", "iya"): the reply still answers what the client
            # said before it, so reflections are judged against that (risk stays the last's)
            for earlier in reversed(ctx.client_earlier[-2:]):
                before = self.client_info(earlier)
                if before.roots:
                    client = replace(client, roots=before.roots, feelings=before.feelings)
                    break
        env = MatchEnv(self._addresses(ctx), client.roots, self.lang, self._stop)
        return judgement(self, analysis, ctx, client, env).run()

    def summarize(self, turns: Sequence[ScoredTurn]) -> SessionScores:
        """Session scores (``docs/scoring.md``)."""
        from simulator.scoring.summary import summarize

        return summarize(turns)

    def hint(self, stage: str) -> str:
        """What the stage calls for, from the rulebook (or the defaults), in its language."""
        spec = self.rulebook.stages.get(stage)
        if spec is not None and spec.hint:
            return spec.hint
        return stage_hint(stage, self.lang)

    # ---- helpers used by the judgement ------------------------------------------------------

    def candidates(self, unit: Unit) -> tuple[dict[int, list[Pattern]], set[tuple[str, str]]]:
        """The patterns that can match in ``unit`` (their required keys are all there), as
        rule index -> patterns (rules in rulebook order), and the keys its tokens offer."""
        found = set(self._always)
        keys: set[tuple[str, str]] = set()
        offered = 0  # the gate clauses some token of the unit satisfies
        cache = self._cand_cache
        for tok in unit.tokens:
            # a word's entry depends on its text, another token's on its forms
            hit = cache.get(tok.text if tok.kind == "word" else tok.forms)  # type: ignore[call-overload]
            if hit is None:
                hit = self._token_index(tok)
            pids, tok.keys, needed, mask = hit
            found |= pids
            keys |= needed
            offered |= mask
        by_rule: dict[int, list[Pattern]] = {}
        pid_gate = self._pid_gate
        for pid in sorted(found):
            # Pattern.could_match as bits: every clause the pattern needs is offered
            mask, ri, pattern = pid_gate[pid]
            if mask & offered != mask:
                continue
            patterns = by_rule.get(ri)
            if patterns is None:
                by_rule[ri] = [pattern]
            else:
                patterns.append(pattern)
        return by_rule, keys

    def _token_index(
        self, tok: Token
    ) -> tuple[frozenset[int], frozenset[tuple[str, str]], frozenset[tuple[str, str]], int]:
        """For a token: the patterns anchored on it, all its keys, the keys some rule
        pattern requires (the only ones worth collecting per unit) and the mask of the gate
        clauses it satisfies. Cached by token text."""
        key = tok.text if tok.kind == "word" else tok.forms
        hit = self._cand_cache.get(key)  # type: ignore[call-overload]
        if hit is not None:
            return hit
        keys: set[tuple[str, str]] = {("w", f) for f in tok.forms}
        lists: set[str] = set()
        for form in tok.forms:
            lists |= self._word_lists.get(form, set())
        if tok.kind == "word":
            keys |= {("r", r) for r in roots(tok.text, self.lang)}
        keys |= {("l", name) for name in lists}
        out: set[int] = set()
        for k in keys:
            table = (
                self._by_word if k[0] == "w" else self._by_root if k[0] == "r" else (self._by_list)
            )
            out |= table.get(k[1], set())
        full = frozenset(keys)
        mask = 0
        key_mask = self._key_mask
        for k in full:
            mask |= key_mask.get(k, 0)
        result = (frozenset(out), full, full & self._needed, mask)
        if len(self._cand_cache) < 200_000:
            self._cand_cache[key] = result
        return result

    def rule_span(
        self,
        rule: Rule,
        toks: list[Token],
        env: MatchEnv,
        keys: set[tuple[str, str]],
        patterns: list[Pattern] | None = None,
    ) -> tuple[int, int] | None:
        """The token span where ``rule`` fires in a unit, honouring negation and reported
        speech; ``keys`` are the unit's keys (a pattern needing a key not there is skipped),
        ``patterns`` the patterns to try, already known possible (default: all the rule's)."""
        if patterns is None:
            patterns = [p for p in rule.patterns if p.could_match(keys)]
        head_keys = toks[0].keys if toks else None
        for pattern in patterns:
            first_keys = pattern.first_keys
            if (
                pattern.anchored
                and head_keys is not None
                and first_keys is not None
                and first_keys.isdisjoint(head_keys)
            ):
                continue  # an anchored pattern begins at the first token or not at all
            offset = 0
            for _ in range(_RETRIES):
                span = pattern.search(toks[offset:] if offset else toks, env)
                if span is None:
                    break
                s, e = span[0] + offset, span[1] + offset
                if not self._blocked(rule, pattern, toks, s, e):
                    return s, e
                offset = s + 1
                if offset >= len(toks):
                    break
        return None

    def _blocked(self, rule: Rule, pattern: Pattern, toks: list[Token], s: int, e: int) -> bool:
        seg = toks[s:e]
        if rule.negated != "ignore":
            negated = seg[0].neg if pattern.has_negator else any(t.neg for t in seg)
            if negated != (rule.negated == "require"):
                return True
        if rule.reported == "block":
            if any(t.reported for t in seg):
                return True
            if self.judgemental(rule):
                content = [t for t in seg if t.kind == "word" and t.text not in self._stop]
                if content and all(t.self_view for t in content):
                    return True  # "Ibu merasa gagal": the client's view, not the worker's
        return False

    @staticmethod
    def judgemental(rule: Rule) -> bool:
        """Rules that judge the client: blocked inside the client's view of themself."""
        return rule.move in _JUDGEMENTAL or any(
            p == "acceptance" and d < 0 for p, d in rule.principles
        )

    def list_words(self, name: str) -> frozenset[str]:
        """The single words and first words of multi-word entries of a lexicon list."""
        hit = self._list_words.get(name)
        if hit is None:
            hit = self.lexicon.singles.get(name, frozenset()) | frozenset(
                self.lexicon.multi.get(name, {})
            )
            self._list_words[name] = hit
        return hit

    def client_info(self, text: str) -> ClientInfo:
        """Content roots, feelings and risk cues of the client's last words (cached)."""
        return _client_info(self, text)

    def content_of(self, word: str) -> frozenset[str] | None:
        """The content roots of a word token's text, or None when it is no content word
        (``is_content`` without the negator test, which depends on the token); cached."""
        hit = self._content_words.get(word, _UNKNOWN)
        if hit is _UNKNOWN:
            if len(word) >= 3 and word not in self._stop and word not in self._address_terms:
                hit = _content_roots(word, self.lang)
            else:
                hit = None
            if len(self._content_words) < 200_000:
                self._content_words[word] = hit
        return hit  # type: ignore[return-value]

    def content_roots(self, tok: Token) -> frozenset[str]:
        """The roots by which a content word is compared with the client's words."""
        return _content_roots(tok.text, self.lang)

    def is_content(self, tok: Token) -> bool:
        return (
            tok.kind == "word"
            and len(tok.text) >= 3
            and tok.text not in self._stop
            and tok.text not in lx.ADDRESS_TERMS.get(self.lang, ())
            and not tok.negator
        )

    def confirmed(self, utterances: Sequence[str]) -> bool:
        """Whether any of the client's utterances confirms the problem ("iya, betul")."""
        for text in utterances:
            hit = self._confirm_cache.get(text)
            if hit is None:
                hit = self._remember_confirm(text, normalise_phrase(text[:5000], self.lang))
            if hit:
                return True
        return False

    def _remember_confirm(self, text: str, words: tuple[str, ...]) -> bool:
        """Whether the words of ``text`` (its first 5,000 characters) confirm; cached."""
        joined = " " + " ".join(words) + " "
        hit = any(phrase in joined for phrase in self._confirm)
        if len(self._confirm_cache) > 8192:
            self._confirm_cache.clear()
        self._confirm_cache[text] = hit
        return hit

    def _addresses(self, ctx: ScoreContext) -> tuple[tuple[str, ...], ...]:
        return _addresses(self.lang, ctx.address, ctx.client_name)


@lru_cache(maxsize=4096)
def _addresses(lang: str, address: tuple[str, ...], name: str) -> tuple[tuple[str, ...], ...]:
    forms: list[tuple[str, ...]] = []
    swap = {"bu": "ibu", "ibu": "bu", "pak": "bapak", "bapak": "pak", "mbak": "mba"}
    for a in (*address, name):
        words = normalise_phrase(a, lang)
        if not words:
            continue
        forms.append(words)
        if words[0] in swap:
            forms.append((swap[words[0]], *words[1:]))
    if name:
        forms.extend((w,) for w in normalise_phrase(name, lang) if len(w) >= 3)
    if not forms and lang == "id":
        forms = [(w,) for w in sorted(lx.ADDRESS_TERMS["id"])]
    seen: dict[tuple[str, ...], None] = {}
    for f in sorted(forms, key=len, reverse=True):
        seen.setdefault(f, None)
    return tuple(seen)


_JUDGEMENT: type | None = None
_UNKNOWN = object()


def _judgement_class() -> type:
    """``judge.Judgement``, imported on first use (judge imports this module)."""
    global _JUDGEMENT
    from simulator.scoring.judge import Judgement

    _JUDGEMENT = Judgement
    return Judgement


def _client_info(scorer: RuleScorer, text: str) -> ClientInfo:
    cache = scorer._client_cache
    hit = cache.get(text)
    if hit is not None:
        return hit
    specs = token_specs(text[:20_000], scorer.lang)
    info = None if specs is None else _client_words(scorer, text, specs)
    if info is None:
        info = _client_tokens(scorer, text)
    if len(cache) > 4096:
        cache.clear()
    cache[text] = info
    return info


def _client_words(
    scorer: RuleScorer, text: str, specs: list[tuple[str, str, frozenset[str]]]
) -> ClientInfo | None:
    """``_client_tokens`` from the tokens' texts, kinds and forms alone (no Token made), or
    None when the words need the tokens: a feeling word (its negation scope decides) or a
    request for advice that may match."""
    lang = scorer.lang
    feeling_words = scorer.list_words("feeling")
    cand_cache = scorer._cand_cache
    texts: list[str] = []
    kinds: list[str] = []
    forms_of: list[frozenset[str]] = []
    keys: list[frozenset[tuple[str, str]]] = []
    for word, kind, forms in specs:
        if kind == "word":
            if not forms.isdisjoint(feeling_words):
                return None
            hit = cand_cache.get(word)
        else:
            hit = cand_cache.get(forms)  # type: ignore[call-overload]
        if hit is None:
            hit = scorer._token_index(Token(word, 0, 0, kind, forms))
        texts.append(word)
        kinds.append(kind)
        forms_of.append(forms)
        keys.append(hit[1])
    offered = frozenset().union(*keys)
    if any(p.could_match(offered) for p in mv.phrases(lang, "asks_advice")):
        return None
    if len(text) <= 5000 and text not in scorer._confirm_cache:
        scorer._remember_confirm(
            text, tuple([w for w, k in zip(texts, kinds, strict=True) if k in ("word", "num")])
        )
    negator = negators(texts, kinds, lang)
    content_of = scorer.content_of
    risk_words = scorer.list_words("risk_cue")
    content: set[str] = set()
    risk_roots: set[str] = set()
    risk = False
    cue_words: set[str] = set()
    for i, word in enumerate(texts):
        if kinds[i] != "word":
            continue
        word_roots = content_of(word)
        if word_roots is not None and not negator[i]:
            content |= word_roots
        if forms_of[i].isdisjoint(risk_words):
            continue
        lengths = scorer.lexicon.match_forms("risk_cue", texts, forms_of, i)
        if lengths:
            risk = True
            cue_words.update(texts[i : i + max(lengths)])
            for j in range(i, min(len(texts), i + max(lengths))):
                cue_roots = content_of(texts[j])
                if kinds[j] == "word" and cue_roots is not None and not negator[j]:
                    risk_roots |= cue_roots
    if (
        risk
        and lang == "id"
        and _past_resolved([w for w, k in zip(texts, kinds, strict=True) if k == "word"], cue_words)
    ):
        risk = False
    return ClientInfo(
        frozenset(content),
        frozenset(),
        risk,
        frozenset(risk_roots),
        bool(text.strip()),
        False,
    )


def _client_tokens(scorer: RuleScorer, text: str) -> ClientInfo:
    """Content roots, feelings, risk cues and a request for advice in the client's words."""
    toks = tokenize(text[:20_000], scorer.lang)
    if len(text) <= 5000 and text not in scorer._confirm_cache:
        # the words ``confirmed`` reads are these tokens' (no second tokenizing)
        scorer._remember_confirm(text, tuple([t.text for t in toks if t.kind in ("word", "num")]))
    mark_negation(toks, scorer.lang)
    index = scorer._token_index
    cand_cache = scorer._cand_cache
    content: set[str] = set()
    feelings: set[str] = set()
    risk_roots: set[str] = set()
    risk = False
    cue_words: set[str] = set()
    lexicon = scorer.lexicon
    feeling_words = scorer.list_words("feeling")
    risk_words = scorer.list_words("risk_cue")
    content_of = scorer.content_of
    for i, tok in enumerate(toks):
        # with its keys known, a phrase that cannot match is skipped
        if tok.kind != "word":
            tok.keys = (cand_cache.get(tok.forms) or index(tok))[1]  # type: ignore[call-overload]
            continue
        word = tok.text
        tok.keys = (cand_cache.get(word) or index(tok))[1]
        # scorer.is_content and scorer.content_roots, cached per word
        word_roots = content_of(word)
        if word_roots is not None and not tok.negator:
            content |= word_roots
        forms = tok.forms
        if not tok.neg and not forms.isdisjoint(feeling_words):
            if lexicon.match_at("feeling", toks, i):
                feelings.add(tok.text)
        if forms.isdisjoint(risk_words):
            continue
        lengths = lexicon.match_at("risk_cue", toks, i)
        if lengths:
            risk = True
            cue_words.update(t.text for t in toks[i : i + max(lengths)])
            for t in toks[i : i + max(lengths)]:
                if scorer.is_content(t):
                    risk_roots |= scorer.content_roots(t)
    if (
        risk
        and scorer.lang == "id"
        and _past_resolved([t.text for t in toks if t.kind == "word"], cue_words)
    ):
        risk = False
    asks = mv.any_match(scorer.lang, "asks_advice", toks, MatchEnv(lang=scorer.lang))
    info = ClientInfo(
        frozenset(content),
        frozenset(feelings),
        risk,
        frozenset(risk_roots),
        bool(text.strip()),
        asks is not None,
    )
    return info


@lru_cache(maxsize=65536)
def _content_roots(word: str, lang: str) -> frozenset[str]:
    return frozenset(r for r in roots(word, lang) if len(r) >= 4 or r == word)


def could_match(pattern: Pattern, keys: set[tuple[str, str]]) -> bool:
    """False when the unit lacks a key the pattern needs (so it cannot match)."""
    return pattern.could_match(keys)


def principle_totals(findings: Sequence[Finding]) -> dict[str, float]:
    """The sum of finding deltas per principle, clamped to [-5, 5], rounded."""
    totals = dict.fromkeys(PRINCIPLES, 0.0)
    for f in findings:
        if f.principle in totals:
            totals[f.principle] += f.delta
    return {p: round(max(-5.0, min(5.0, v)), 3) + 0.0 if v else 0.0 for p, v in totals.items()}


# A violence cue in a past, one-off event the client says is over ("Dulu, sekali itu, mantan
# suami pernah menampar saya; sekarang kami sudah bercerai"): no serious, foreseeable, imminent
# harm, so it does not override the stage (RUBRIC §2.1 #3). A present or ongoing sign, a threat,
# fear, or any self-harm cue keeps the risk.
_ID_PAST = frozenset({"dulu", "dahulu", "dulunya", "pernah", "silam", "sewaktu", "semasa"})
_ID_PAST_PAIRS = frozenset({("waktu", "itu"), ("tahun", "lalu"), ("sudah", "lama"),
                            ("waktu", "kecil"), ("bertahun-tahun", "lalu"), ("saat", "itu")})  # fmt: skip
_ID_RESOLVED_PAIRS = frozenset(
    ("sudah", w)
    for w in ("cerai", "bercerai", "pisah", "berpisah", "selesai", "aman", "lewat", "berlalu",
              "ditangani", "dipenjara", "ditahan", "dihukum", "meninggal", "damai", "berdamai",
              "sembuh", "pulih", "pindah", "dilaporkan", "diproses", "beres", "tuntas")
) | frozenset({("sekali", "itu"), ("cuma", "sekali"), ("hanya", "sekali"), ("sekali", "saja"),
               ("tidak", "pernah")})  # fmt: skip
_ID_ONGOING = frozenset({"masih", "semalam", "kemarin", "tadi", "barusan", "belakangan",
                         "akhir-akhir", "sering", "selalu", "tiap", "setiap", "terus", "takut",
                         "akan", "bakal", "ancam", "mengancam", "diancam", "ngancam", "ngancem",
                         "lagi", "sekarang-sekarang"})  # fmt: skip
_ID_SELF_HARM = frozenset({"mati", "hidup", "diri", "racun", "menyilet", "nyilet", "gantung",
                           "nyamuk", "bunuh"})  # fmt: skip
_ID_NOT = frozenset({"tidak", "tak", "bukan", "belum"})


def _past_resolved(words: list[str], cue_words: set[str]) -> bool:
    """Whether the client's risk cue lies in a past event they say is over: a past marker and a
    resolution marker, no present or ongoing sign (not negated), no self-harm cue."""
    if not cue_words.isdisjoint(_ID_SELF_HARM):
        return False
    pairs = set(zip(words, words[1:], strict=False))
    if _ID_PAST.isdisjoint(words) and _ID_PAST_PAIRS.isdisjoint(pairs):
        return False
    if _ID_RESOLVED_PAIRS.isdisjoint(pairs):
        return False
    for i, w in enumerate(words):
        if w in _ID_ONGOING and not any(v in _ID_NOT for v in words[max(0, i - 3) : i]):
            return False
    return True
