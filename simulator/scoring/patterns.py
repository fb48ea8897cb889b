"""The rule pattern language: parse, compile to a Thompson automaton over tokens, match.

The syntax is the table in ``docs/architecture.md`` (author's guide: ``docs/rules.md``).
A pattern is compiled once; matching runs the automaton by set simulation, one step per
token, so time is O(tokens x pattern size) whatever the pattern: no pattern can hang.
Gaps are bounded (``..N``, N <= 10) and expand to at most ten optional states.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import TypeVar

from simulator.scoring import lexicon as lx
from simulator.scoring.morph import roots
from simulator.scoring.text import Token, normalise_word

MAX_GAP = 10
MAX_PATTERN_CHARS = 2000
MAX_STATES = 3000
DEFAULT_GAP = 3
_T = TypeVar("_T")
_KEYS = attrgetter("keys")


class PatternError(ValueError):
    """A pattern that does not compile; ``col`` is 1-based inside the pattern text."""

    def __init__(self, message: str, col: int) -> None:
        super().__init__(f"column {col}: {message}")
        self.message = message
        self.col = col


# ---- lexicon and match environment ------------------------------------------------------


def _nya_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``suami`` -> ``suaminya``, ``wali kelas`` -> ``wali kelasnya`` (also ``wali kelas-nya``):
    the possessive or definite -nya of a noun entry, which keeps its meaning (RUBRIC §3.5a);
    an entry that already ends in a possessive (``-nya, -mu, -ku``) gets none."""
    last = words[-1]
    if last.endswith(("nya", "mu", "ku")) or not last.isalpha():
        return []
    return [(*words[:-1], last + "nya"), (*words[:-1], last + "-nya")]


@dataclass(frozen=True)
class Lexicon:
    """Named word lists, normalised: single words in sets, multi-word entries as tuples."""

    singles: Mapping[str, frozenset[str]]
    multi: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]]  # name -> first -> rests
    # name -> first -> the second words of its entries (a quick test before the entries)
    seconds: Mapping[str, Mapping[str, frozenset[str]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        seconds = {
            name: {
                first: frozenset(rest[0] for rest in rests)
                for first, rests in firsts.items()
                if all(rests)  # an empty rest (a one-word entry) always matches
            }
            for name, firsts in self.multi.items()
        }
        object.__setattr__(self, "seconds", seconds)

    @classmethod
    def build(cls, lists: Mapping[str, Sequence[str]], lang: str) -> Lexicon:
        singles: dict[str, frozenset[str]] = {}
        multi: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
        for name, entries in lists.items():
            one: set[str] = set()
            many: dict[str, list[tuple[str, ...]]] = {}
            nya = lang == "id" and name in lx.ID_NYA_LISTS
            for entry in entries:
                words = normalise_phrase(str(entry), lang)
                variants = [words]
                if nya and words:
                    variants += _nya_forms(words)
                for words in variants:
                    if len(words) == 1:
                        one.add(words[0])
                    elif words:
                        many.setdefault(words[0], []).append(words[1:])
            singles[name] = frozenset(one)
            multi[name] = {k: tuple(v) for k, v in many.items()}
        return cls(singles, multi)

    def names(self) -> frozenset[str]:
        return frozenset(self.singles)

    def has(self, name: str, word: str) -> bool:
        """Whether the single word ``word`` is an entry of list ``name``."""
        return word in self.singles.get(name, frozenset())

    def match_at(self, name: str, toks: Sequence[Token], i: int) -> list[int]:
        """Lengths (in tokens) of the entries of ``name`` that match at ``toks[i]``."""
        tok = toks[i]
        out = [1] if not tok.forms.isdisjoint(self.singles.get(name, ())) else []
        rests = self.multi.get(name, {}).get(tok.text)
        if rests:
            n = len(toks)
            second = self.seconds[name].get(tok.text)
            if second is not None and (i + 1 >= n or toks[i + 1].forms.isdisjoint(second)):
                return out  # no entry's second word follows
            for rest in rests:
                if i + 1 + len(rest) > n:
                    continue
                j = i + 1
                for w in rest:  # every further word of the entry, in order
                    if w not in toks[j].forms:
                        break
                    j += 1
                else:
                    out.append(1 + len(rest))
        return out

    def match_forms(
        self, name: str, texts: Sequence[str], forms: Sequence[frozenset[str]], i: int
    ) -> list[int]:
        """``match_at`` over tokens given as their texts and forms (parallel sequences)."""
        out = [1] if not forms[i].isdisjoint(self.singles.get(name, ())) else []
        text = texts[i]
        rests = self.multi.get(name, {}).get(text)
        if rests:
            n = len(forms)
            second = self.seconds[name].get(text)
            if second is not None and (i + 1 >= n or forms[i + 1].isdisjoint(second)):
                return out  # no entry's second word follows
            for rest in rests:
                if i + 1 + len(rest) > n:
                    continue
                j = i + 1
                for w in rest:  # every further word of the entry, in order
                    if w not in forms[j]:
                        break
                    j += 1
                else:
                    out.append(1 + len(rest))
        return out


@lru_cache(maxsize=8192)
def normalise_phrase(text: str, lang: str) -> tuple[str, ...]:
    """A phrase as the sequence of normalised word tokens the pipeline would produce."""
    from simulator.scoring.text import tokenize

    return tuple(t.text for t in tokenize(text, lang) if t.kind in ("word", "num"))


@dataclass
class MatchEnv:
    """What ``$addr`` and ``$client`` refer to for one reply."""

    addresses: tuple[tuple[str, ...], ...] = ()
    client_roots: frozenset[str] = frozenset()
    lang: str = "id"
    stopwords: frozenset[str] = field(default_factory=frozenset)


# ---- parsing -----------------------------------------------------------------------------

_LEX = re.compile(
    r"""
     (?P<ws>\s+)
    |(?P<lparen>\()
    |(?P<rparen>\))
    |(?P<bar>\|)
    |(?P<opt>\?)
    |(?P<gap>\.\.(?P<gapn>\d+)?)
    |(?P<start>\^)
    |(?P<list>@(?P<listname>[^\W\d][\w-]*))
    |(?P<var>\$(?P<varname>\w+))
    |(?P<root><(?P<rootword>[^\W_][\w'’-]*)>)
    |(?P<lit>'(?P<littext>[^']*)')
    |(?P<any>_(?![\w]))
    |(?P<word>[^\W_][\w'’-]*(?P<star>\*)?)
    """,
    re.VERBOSE,
)


def _lex(src: str) -> list[tuple[str, re.Match[str], int]]:
    out = []
    pos = 0
    while pos < len(src):
        m = _LEX.match(src, pos)
        if m is None:
            ch = src[pos]
            hint = ""
            if ch == "'":
                hint = " (a literal needs a closing ')"
            elif ch == "<":
                hint = " (write <root> with a word inside)"
            elif ch == "*":
                hint = " ('*' must follow a word directly, as in cerita*)"
            elif not ch.isspace():
                hint = f"; write punctuation as a quoted literal: '{ch}'"
            raise PatternError(f"unexpected {ch!r}{hint}", pos + 1)
        kind = m.lastgroup or ""
        if kind in ("gapn", "listname", "varname", "rootword", "littext", "star"):
            kind = next(k for k in ("gap", "list", "var", "root", "lit", "word") if m.group(k))
        if kind != "ws":
            out.append((kind, m, pos + 1))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, src: str, lang: str, lexicon: Lexicon) -> None:
        self.src = src
        self.lang = lang
        self.lexicon = lexicon
        self.toks = _lex(src)
        self.i = 0

    def peek(self) -> str:
        return self.toks[self.i][0] if self.i < len(self.toks) else ""

    def parse(self) -> tuple:
        node = self.alternatives(top=True)
        if self.i < len(self.toks):
            kind, _, col = self.toks[self.i]
            raise PatternError("unmatched ')'" if kind == "rparen" else f"unexpected {kind}", col)
        return node

    def alternatives(self, top: bool, open_col: int = 1) -> tuple:
        branches = [self.sequence(open_col)]
        while self.peek() == "bar":
            bar_col = self.toks[self.i][2]
            self.i += 1
            branches.append(self.sequence(bar_col))
        if not top and self.peek() != "rparen":
            raise PatternError("'(' is never closed", open_col)
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self, col: int) -> tuple:
        items: list[tuple] = []
        cols: list[int] = []
        while self.peek() not in ("", "bar", "rparen"):
            item_col = self.toks[self.i][2]
            items.append(self.item())
            cols.append(item_col)
        if not items:
            raise PatternError("empty alternative", col)
        for k in range(1, len(items)):
            if items[k][0] == "gap" and items[k - 1][0] == "gap":
                raise PatternError("two gaps in a row", cols[k])
        return items[0] if len(items) == 1 else ("seq", items)

    def item(self) -> tuple:
        kind, m, col = self.toks[self.i]
        self.i += 1
        node = self.atom(kind, m, col)
        if self.peek() == "opt":
            if node[0] in ("gap", "start"):
                raise PatternError(
                    f"'?' cannot follow {'a gap' if node[0] == 'gap' else '^'}",
                    self.toks[self.i][2],
                )
            self.i += 1
            node = ("opt", node)
        return node

    def atom(self, kind: str, m: re.Match[str], col: int) -> tuple:
        if kind == "lparen":
            if self.peek() == "rparen":
                raise PatternError("empty group '()'", col)
            node = self.alternatives(top=False, open_col=col)
            self.i += 1  # the ')'
            return node
        if kind == "rparen":
            raise PatternError("unmatched ')'", col)
        if kind == "bar":
            raise PatternError("'|' needs an alternative on both sides", col)
        if kind == "opt":
            raise PatternError(
                "'?' must follow an element; for a question mark write '?' in quotes: '?'", col
            )
        if kind == "gap":
            n = int(m.group("gapn")) if m.group("gapn") else DEFAULT_GAP
            if n > MAX_GAP:
                raise PatternError(f"a gap is at most ..{MAX_GAP} words, not ..{n}", col)
            if n == 0:
                raise PatternError("..0 is an empty gap; leave it out", col)
            return ("gap", n)
        if kind == "start":
            return ("start",)
        if kind == "any":
            return ("any",)
        if kind == "list":
            name = m.group("listname").casefold()
            if name not in self.lexicon.singles:
                known = ", ".join(sorted(self.lexicon.singles)) or "none"
                raise PatternError(f"unknown lexicon list @{name} (known: {known})", col)
            return ("list", name)
        if kind == "var":
            name = m.group("varname")
            if name == "addr":
                return ("addr",)
            if name == "client":
                return ("client",)
            raise PatternError(f"unknown ${name}; use $addr or $client", col)
        if kind == "root":
            raw = m.group("rootword").casefold()
            words = normalise_word(raw, self.lang)
            return ("root", words[0] if len(words) == 1 else raw)
        if kind == "lit":
            text = m.group("littext").casefold()
            if not text.strip():
                raise PatternError("empty literal ''", col)
            return ("lit", text.strip())
        # a word, maybe with a trailing *
        raw = m.group("word")
        if raw.endswith("*"):
            return ("prefix", raw[:-1].casefold().replace("’", "'"))
        words = normalise_word(raw.casefold(), self.lang)
        if len(words) == 1:
            return ("word", words[0])
        return ("seq", [("word", w) for w in words])


# ---- compilation ---------------------------------------------------------------------------

# state ops
_ATOM, _SPLIT, _START, _MATCH, _JUMP = range(5)
_MATCH_STATE = 0
# atom kinds
# WORDS: one of a set of words; TEXT: a token whose text is the word (only in _SetDFA)
WORD, PREFIX, ROOT, LIST, ADDR, CLIENT, ANY, LIT, WORDS, TEXT = range(10)


_POOL: dict[object, object] = {}
_POOL_MAX = 200_000


def _shared(value: _T) -> _T:
    """One object for equal immutable values (closures, keys, key sets): many patterns
    hold the same ones, and a compiled rulebook holds thousands."""
    if len(_POOL) >= _POOL_MAX:
        return value
    return _POOL.setdefault(value, value)  # type: ignore[return-value]


def release_pool() -> None:
    """Forget the shared values once a rulebook is compiled: the patterns keep the ones they
    hold, and the pool would otherwise keep alive every value the compile shared (about
    1 MiB for a shipped rulebook, with the pool's own table) for the rest of the process."""
    _POOL.clear()


def _nullable(node: tuple) -> bool:
    kind = node[0]
    if kind in ("opt", "gap", "start"):
        return True
    if kind == "seq":
        return all(_nullable(n) for n in node[1])
    if kind == "alt":
        return any(_nullable(n) for n in node[1])
    return False


def _required(node: tuple, stop: frozenset[str]) -> list[frozenset[tuple[str, str]]]:
    """Key sets a match must each touch (a conjunction of disjunctions).

    Keys are ``("w", word)``, ``("r", root)`` and ``("l", list)``. A unit whose tokens
    offer no key of one of these sets cannot match, so the pattern is not run on it.
    """
    kind = node[0]
    if kind in ("word", "lit", "root", "list"):
        key = _shared(("w" if kind in ("word", "lit") else kind[0], node[1]))
        return [_shared(frozenset({key}))]
    if kind == "seq":
        out: list[frozenset[tuple[str, str]]] = []
        for child in node[1]:
            out.extend(_required(child, stop))
        return out
    if kind == "alt":
        union: set[tuple[str, str]] = set()
        for child in node[1]:
            sets = _required(child, stop)
            if not sets:
                return []
            union |= min(sets, key=lambda k: _rank(k, stop))
        return [_shared(frozenset(union))]
    return []


def _rank(keys: frozenset[tuple[str, str]], stop: frozenset[str]) -> tuple[int, int, int]:
    """Lower is rarer: a set of content words beats lists, which beat function words."""
    common = sum(1 for k in keys if k[0] == "w" and k[1] in stop)
    lists = sum(1 for k in keys if k[0] == "l")
    return (common, lists, len(keys))


class _Automaton:
    """The Thompson automaton of one pattern's syntax tree, as parallel lists of states."""

    def __init__(self, ast: tuple, spell_out: Lexicon | None = None) -> None:
        """With ``spell_out``, a list atom becomes its entries spelt out word by word, so
        that every atom matches exactly one token (used by ``_SetDFA``)."""
        self.ops: list[int] = []
        self.kinds: list[int] = []
        self.args: list[object] = []
        self.out1: list[int] = []
        self.out2: list[int] = []
        self.spell_out = spell_out
        match = self._state(_MATCH)  # state 0: _MATCH_STATE
        self.start = self._emit(ast, match)

    def close(self, s: int, at_start: bool) -> tuple[int, ...]:
        """The atom and match states reachable from ``s`` without consuming a token."""
        seen: set[int] = set()
        out: list[int] = []
        stack = [s]
        ops, out1, out2 = self.ops, self.out1, self.out2
        while stack:
            s = stack.pop()
            if s in seen:
                continue
            seen.add(s)
            op = ops[s]
            if op == _SPLIT:
                stack.append(out2[s])
                stack.append(out1[s])
            elif op == _START:
                if at_start:
                    stack.append(out1[s])
            else:
                out.append(s)
        return _shared(tuple(out))

    def _state(
        self, op: int, kind: int = -1, arg: object = None, o1: int = -1, o2: int = -1
    ) -> int:
        self.ops.append(op)
        self.kinds.append(kind)
        self.args.append(arg)
        self.out1.append(o1)
        self.out2.append(o2)
        return len(self.ops) - 1

    def _emit(self, node: tuple, nxt: int) -> int:
        """Emit states for ``node`` that continue to ``nxt``; return the entry state."""
        kind = node[0]
        if kind == "seq":
            for child in reversed(node[1]):
                nxt = self._emit(child, nxt)
            return nxt
        if kind == "alt":
            # adjacent single-word alternatives become one state testing a set of words
            entries: list[int] = []
            words: list[str] = []
            for child in (*node[1], ("end",)):
                if child[0] == "word":
                    words.append(child[1])
                    continue
                if len(words) == 1:
                    entries.append(self._state(_ATOM, WORD, words[0], o1=nxt))
                elif words:
                    group = _shared(frozenset(words))
                    entries.append(self._state(_ATOM, WORDS, group, o1=nxt))
                words = []
                if child[0] != "end":
                    entries.append(self._emit(child, nxt))
            entry = entries[-1]
            for e in reversed(entries[:-1]):
                entry = self._state(_SPLIT, o1=e, o2=entry)
            return entry
        if kind == "opt":
            body = self._emit(node[1], nxt)
            return self._state(_SPLIT, o1=body, o2=nxt)
        if kind == "gap":
            for _ in range(node[1]):
                tok = self._state(_ATOM, ANY, None, o1=nxt)
                nxt = self._state(_SPLIT, o1=tok, o2=nxt)
            return nxt
        if kind == "start":
            return self._state(_START, o1=nxt)
        if kind == "list" and self.spell_out is not None:
            return self._spell_list(node[1], nxt)
        arg = node[1] if len(node) > 1 else None
        return self._state(_ATOM, _ATOM_KINDS[kind], arg, o1=nxt)

    def _spell_list(self, name: str, nxt: int) -> int:
        """A list atom as Lexicon.match_at reads it: a single word by its forms, or an
        entry's first word by its text and every further word by its forms."""
        lexicon = self.spell_out
        assert lexicon is not None
        entries = [self._state(_ATOM, WORDS, lexicon.singles.get(name, frozenset()), o1=nxt)]
        for first, rests in lexicon.multi.get(name, {}).items():
            branches = []
            for rest in rests:
                entry = nxt
                for w in reversed(rest):
                    entry = self._state(_ATOM, WORD, w, o1=entry)
                branches.append(entry)
            after = branches[-1]
            for e in reversed(branches[:-1]):
                after = self._state(_SPLIT, o1=e, o2=after)
            entries.append(self._state(_ATOM, TEXT, first, o1=after))
        entry = entries[-1]
        for e in reversed(entries[:-1]):
            entry = self._state(_SPLIT, o1=e, o2=entry)
        return entry


_ATOM_KINDS = {
    "word": WORD,
    "prefix": PREFIX,
    "root": ROOT,
    "list": LIST,
    "addr": ADDR,
    "client": CLIENT,
    "any": ANY,
    "lit": LIT,
}
_KEYED = {WORD: "w", LIT: "w", ROOT: "r", LIST: "l"}


def _first_keys(auto: _Automaton, first: tuple[int, ...]) -> frozenset[tuple[str, str]] | None:
    """The keys a token needs to begin a match, when every first atom has keys (a word,
    literal, root or list); None when some first atom is tested otherwise."""
    keys: set[tuple[str, str]] = set()
    for s in first:
        kind, arg = auto.kinds[s], auto.args[s]
        if kind == WORDS:
            keys.update(_shared(("w", w)) for w in arg)  # type: ignore[attr-defined]
        elif kind in _KEYED:
            keys.add(_shared((_KEYED[kind], arg)))  # type: ignore[arg-type]
        else:
            return None
    return _shared(frozenset(keys))


class Pattern:
    """A compiled pattern. ``search`` returns the token span of the first match.

    Compiling keeps only what decides whether the pattern can match at all (its required
    keys, what a match can begin with, whether it is anchored): a compiled rulebook stays
    small and quick to build. The automata are built the first time the pattern is searched
    and kept: a set automaton (``_SetDFA``) that tells cheaply that most units hold no
    match, and the thread simulation that gives the span of a match.
    """

    __slots__ = (
        "source",
        "lang",
        "lexicon",
        "size",
        "required",
        "anchors",
        "has_negator",
        "first",
        "first_keys",
        "anchored",
        "start_closure",
        "start_closure0",
        "_run",
    )

    def __init__(self, source: str, lang: str, ast: tuple, lexicon: Lexicon) -> None:
        self.source = source
        self.lang = lang
        self.lexicon = lexicon
        auto = _Automaton(ast)
        self.size = len(auto.ops)
        stop = lx.STOPWORDS.get(lang, frozenset())
        required = _required(ast, stop)
        self.required = _shared(tuple(dict.fromkeys(required)))
        self.anchors = min(required, key=lambda k: _rank(k, stop)) if required else None
        self.has_negator = _mentions_negator(ast, lang, lexicon)
        # the start's epsilon closures: at position 0 (^ passes) and elsewhere
        self.start_closure0 = auto.close(auto.start, True)
        self.start_closure = auto.close(auto.start, False)
        self.first = _shared(tuple(s for s in self.start_closure0 if auto.ops[s] == _ATOM))
        # when every first atom is a word, literal, root or list, a token's keys tell
        # whether a match can start there without running the atoms
        self.first_keys: frozenset[tuple[str, str]] | None = _first_keys(auto, self.first)
        # no atom (nor the match) reachable from the start except through ^
        self.anchored = not self.start_closure
        self._run: tuple | None = None

    def could_match(self, keys: frozenset[tuple[str, str]] | set[tuple[str, str]]) -> bool:
        """False when ``keys`` (what a unit's tokens offer) lack a key this pattern needs."""
        first = self.first_keys
        if first is not None and first.isdisjoint(keys):
            return False
        for req in self.required:
            if req.isdisjoint(keys):
                return False
        return True

    def _build(self) -> tuple:
        """The automaton for matching: per state its atom kind, argument and the states
        after it (its target's epsilon closure), and a LIST atom's words."""
        ast = _Parser(self.source, self.lang, self.lexicon).parse()
        auto = _Automaton(ast)
        kinds = auto.kinds
        nxt: list[tuple[int, ...] | None] = [None] * len(kinds)
        lists: list[tuple[frozenset[str], Mapping[str, object]] | None] = [None] * len(kinds)
        singles, multi = self.lexicon.singles, self.lexicon.multi
        for s, op in enumerate(auto.ops):
            if op != _ATOM:
                continue
            nxt[s] = auto.close(auto.out1[s], False)
            if kinds[s] == LIST:
                name = auto.args[s]
                lists[s] = (  # type: ignore[call-overload]
                    singles.get(name, frozenset()),
                    multi.get(name, {}),
                    self.lexicon.seconds.get(name, {}),
                )
        run = (tuple(kinds), tuple(auto.args), tuple(nxt), tuple(lists), _SetDFA.make(self, ast))
        self._run = run
        return run

    # -- matching --

    def _lengths(self, s: int, toks: Sequence[Token], i: int, env: MatchEnv) -> list[int]:
        """Lengths (in tokens) with which atom state ``s`` matches at ``toks[i]``."""
        run = self._run or self._build()
        kind = run[0][s]
        tok = toks[i]
        arg = run[1][s]
        if kind == ANY:
            return [1]
        if kind == WORD:
            return [1] if arg in tok.forms else []
        if kind == WORDS:
            return [] if tok.forms.isdisjoint(arg) else [1]  # type: ignore[arg-type]
        if kind == LIT:
            return [1] if (arg in tok.forms or tok.text == arg) else []
        if kind == PREFIX:
            return [1] if any(f.startswith(arg) for f in tok.forms) else []  # type: ignore[arg-type]
        if kind == ROOT:
            if tok.kind != "word":
                return []
            return [1] if arg in roots(tok.text, self.lang) else []
        if kind == LIST:
            return self.lexicon.match_at(arg, toks, i)  # type: ignore[arg-type]
        if kind == CLIENT:
            if tok.kind != "word" or tok.text in env.stopwords or len(tok.text) < 3:
                return []
            return [1] if not roots(tok.text, self.lang).isdisjoint(env.client_roots) else []
        if kind == ADDR:
            if tok.kin:
                return []
            out = []
            for seq in env.addresses:
                end = i + len(seq)
                if end <= len(toks) and all(w in toks[i + k].forms for k, w in enumerate(seq)):
                    out.append(len(seq))
            return out
        return []

    def search(
        self, toks: Sequence[Token], env: MatchEnv, counter: list[int] | None = None
    ) -> tuple[int, int] | None:
        """The first match in ``toks`` as ``(first, end)`` token indices, or None.

        Set simulation of the automaton: at most one thread per state, so each token costs
        at most the pattern's size. Where no thread is alive the search skips ahead to the
        next token that can begin a match (an anchored pattern only tries the first).

        Args:
            toks: the tokens of one thought unit.
            env: what ``$addr`` and ``$client`` refer to.
            counter: if given, ``counter[0]`` is increased by the number of automaton
                steps taken (used by tests to show that matching is linear).
        """
        run = self._run or self._build()
        kinds, args, nxt, lists, dfa = run
        if dfa is not None:
            end = dfa.match_end(self, toks, counter)
            if end < 0:
                return None
            if self.anchored:
                return (0, end)  # every thread of an anchored pattern began at the first token
        first_keys = self.first_keys
        anchored = self.anchored
        n = len(toks)
        steps = 0
        i = 0
        result = None
        clist: dict[int, int] = {}
        futures: dict[int, dict[int, int]] = {}
        disjoint: list[bool] | None = None
        while i <= n:
            if not clist and not futures:
                # no thread alive: skip to a token that can begin a match
                if i >= n or (anchored and i > 0):
                    break
                if first_keys is not None:
                    if anchored:
                        tok_keys = toks[0].keys
                        if tok_keys is not None and first_keys.isdisjoint(tok_keys):
                            i = n
                    else:
                        if disjoint is None:  # per token: no key a match can begin with
                            try:
                                disjoint = list(map(first_keys.isdisjoint, map(_KEYS, toks)))
                            except TypeError:  # a token not indexed: it may begin a match
                                disjoint = [
                                    t.keys is not None and first_keys.isdisjoint(t.keys)
                                    for t in toks
                                ]
                        try:
                            j = disjoint.index(False, i)
                        except ValueError:
                            j = n
                        steps += j - i
                        i = j
                else:
                    first, lengths = self.first, self._lengths
                    while i < n and not any(lengths(s, toks, i, env) for s in first):
                        steps += len(first)
                        i = n if anchored else i + 1
                if i >= n:
                    break
                # it can begin here: the start's threads
                for s in self.start_closure0 if i == 0 else self.start_closure:
                    if s not in clist:
                        clist[s] = i
            else:
                if futures:
                    fut = futures.pop(i, None)
                    if fut:
                        for s0, st in fut.items():
                            for s in nxt[s0]:  # type: ignore[union-attr]
                                if s not in clist:
                                    clist[s] = st
                if i < n:
                    tok_keys = toks[i].keys
                    if (
                        first_keys is None
                        or tok_keys is None
                        or not first_keys.isdisjoint(tok_keys)
                    ):
                        for s in self.start_closure0 if i == 0 else self.start_closure:
                            if s not in clist:
                                clist[s] = i
            steps += len(clist)
            if _MATCH_STATE in clist:
                result = (clist[_MATCH_STATE], i)
                break
            if i == n:
                break
            nlist: dict[int, int] = {}
            tok = toks[i]
            forms = tok.forms
            text = tok.text
            for s, st in clist.items():
                kind = kinds[s]
                # the common atoms are tested inline, as _lengths would
                if kind == WORD:
                    if args[s] not in forms:
                        continue
                elif kind == WORDS:
                    if forms.isdisjoint(args[s]):  # type: ignore[arg-type]
                        continue
                elif kind == LIT:
                    if args[s] not in forms and text != args[s]:
                        continue
                elif kind == ROOT:
                    if tok.kind != "word" or args[s] not in roots(text, self.lang):
                        continue
                elif kind == PREFIX:
                    prefix = args[s]
                    for form in forms:
                        if form.startswith(prefix):  # type: ignore[arg-type]
                            break
                    else:
                        continue
                elif kind == LIST and (
                    text not in lists[s][1]  # type: ignore[index]
                    or (
                        text in lists[s][2]  # type: ignore[index]
                        and (i + 1 == n or toks[i + 1].forms.isdisjoint(lists[s][2][text]))  # type: ignore[index]
                    )
                ):
                    # a single word, or no multi-word entry's second word follows
                    if forms.isdisjoint(lists[s][0]):  # type: ignore[index]
                        continue
                elif kind != ANY:
                    found = self._lengths(s, toks, i, env)
                    if not found:
                        continue
                    if found != [1]:
                        for length in found:
                            if length > 1:
                                futures.setdefault(i + length, {}).setdefault(s, st)
                        if 1 not in found:
                            continue
                for t in nxt[s]:  # type: ignore[union-attr]
                    if t not in nlist:
                        nlist[t] = st
            steps += len(nlist)
            clist = nlist
            i += 1
        if counter is not None:
            counter[0] += steps
        return result


class _SetDFA:
    """Whether a pattern matches at all, by a deterministic automaton built as it runs.

    Its states are sets of states of the pattern's automaton (lists spelt out word by
    word), its transitions are cached per token (text, kind and forms): most searches find
    nothing, and this tells so in a dictionary look-up per token. When it finds a match,
    ``Pattern.search`` runs the thread simulation for the span (an anchored pattern's span
    is known at once: every thread began at the first token).
    Patterns with ``$addr`` or ``$client`` (which depend on the reply) have none.
    """

    __slots__ = (
        "lang",
        "auto",
        "kinds",
        "args",
        "nxt",
        "start",
        "start0",
        "sets",
        "ids",
        "trans",
        "final",
        "words",
        "texts",
        "word_roots",
    )
    MAX_SETS = 256
    MAX_TRANSITIONS = 512  # per set

    @classmethod
    def make(cls, pattern: Pattern, ast: tuple) -> _SetDFA | None:
        """The set automaton of ``pattern`` (parsed as ``ast``), or None."""
        if _mentions_env(ast):
            return None
        auto = _Automaton(ast, spell_out=pattern.lexicon)
        return cls(auto, pattern.lang)

    def __init__(self, auto: _Automaton, lang: str) -> None:
        self.lang = lang
        self.auto = auto
        self.kinds = auto.kinds
        self.args = auto.args
        # per atom state, the states after it: computed when the atom first matches
        self.nxt: list[tuple[int, ...] | None] = [None] * len(auto.ops)
        self.start = auto.close(auto.start, False)
        self.start0 = auto.close(auto.start, True)
        # A token none of whose forms is an atom's word, whose text no atom names and none
        # of whose roots is an atom's fails every atom but _: all such tokens step alike and
        # share one cached transition. Not with a prefix atom (words None): no set tells it.
        words: set[str] | None = set()
        texts: set[str] = set()
        word_roots: set[str] = set()
        for kind, arg in zip(self.kinds, self.args, strict=True):
            if kind in (WORD, LIT, TEXT):
                words.add(arg)  # type: ignore[union-attr, arg-type]
                texts.add(arg)  # type: ignore[arg-type]
            elif kind == WORDS:
                words.update(arg)  # type: ignore[union-attr, call-overload]
            elif kind == ROOT:
                word_roots.add(arg)  # type: ignore[arg-type]
            elif kind == PREFIX:
                words = None
                break
        self.words = frozenset(words) if words is not None else None
        self.texts = frozenset(texts)
        self.word_roots = frozenset(word_roots)
        self._reset()

    def _reset(self) -> None:
        self.sets: list[frozenset[int]] = [frozenset()]
        self.ids: dict[frozenset[int], int] = {frozenset(): 0}
        # per set: token key -> next set; -1 / -2: the set with the start's threads added
        # (elsewhere / at the first token)
        self.trans: list[dict[object, int]] = [{}]
        self.final: list[bool] = [False]  # per set: it holds the match state

    def _id(self, states: frozenset[int]) -> int:
        sid = self.ids.get(states)
        if sid is None:
            sid = self.ids[states] = len(self.sets)
            self.sets.append(states)
            self.trans.append({})
            self.final.append(_MATCH_STATE in states)
        return sid

    def _begin(self, sid: int, first: bool) -> int:
        key = -2 if first else -1
        nsid = self.trans[sid].get(key)
        if nsid is None:
            added = self.start0 if first else self.start
            nsid = self.trans[sid][key] = self._id(self.sets[sid].union(added))
        return nsid

    def _step(self, sid: int, tok: Token, key: object) -> int:
        out: set[int] = set()
        kinds, args, nxt = self.kinds, self.args, self.nxt
        forms, text = tok.forms, tok.text
        for s in self.sets[sid]:
            kind, arg = kinds[s], args[s]
            if s == _MATCH_STATE:
                continue
            if kind == WORD:
                ok = arg in forms
            elif kind == WORDS:
                ok = not forms.isdisjoint(arg)  # type: ignore[arg-type]
            elif kind == TEXT:
                ok = text == arg
            elif kind == LIT:
                ok = arg in forms or text == arg
            elif kind == ROOT:
                ok = tok.kind == "word" and arg in roots(text, self.lang)
            elif kind == PREFIX:
                ok = any(f.startswith(arg) for f in forms)  # type: ignore[arg-type]
            else:
                ok = kind == ANY
            if ok:
                after = nxt[s]
                if after is None:
                    after = nxt[s] = self.auto.close(self.auto.out1[s], False)
                out.update(after)
        nsid = self._id(frozenset(out))
        if len(self.trans[sid]) < self.MAX_TRANSITIONS:  # a bound on memory
            self.trans[sid][key] = nsid
        return nsid

    def match_end(self, pattern: Pattern, toks: Sequence[Token], counter: list[int] | None) -> int:
        """Where the first match of ``pattern`` in ``toks`` ends (a token index), or -1.

        Mirrors ``Pattern.search``: a match begins only where a token has a first key, an
        anchored pattern only at the first token; each token is one look-up (or, the first
        time, one step of every state in the set).
        """
        if len(self.sets) > self.MAX_SETS:
            self._reset()  # a bound on memory; the sets are built again as needed
        first_keys, anchored = pattern.first_keys, pattern.anchored
        trans, final, texts = self.trans, self.final, self.texts
        words, word_roots = self.words, self.word_roots
        n = len(toks)
        sid = 0
        i = 0
        steps = 0
        disjoint: list[bool] | None = None
        found = -1
        while True:
            if sid == 0:  # nothing alive: skip to a token that can begin a match
                if i >= n or (anchored and i > 0):
                    break
                if first_keys is not None:
                    if anchored:
                        tok_keys = toks[0].keys
                        if tok_keys is not None and first_keys.isdisjoint(tok_keys):
                            break
                    else:
                        if disjoint is None:
                            try:
                                disjoint = list(map(first_keys.isdisjoint, map(_KEYS, toks)))
                            except TypeError:  # a token not indexed: it may begin a match
                                disjoint = [
                                    t.keys is not None and first_keys.isdisjoint(t.keys)
                                    for t in toks
                                ]
                        try:
                            j = disjoint.index(False, i)
                        except ValueError:
                            break
                        steps += j - i
                        i = j
                sid = trans[sid].get(-2 if i == 0 else -1) or self._begin(sid, i == 0)
            elif i < n and not anchored and (disjoint is None or not disjoint[i]):
                # here i > 0 (an anchored pattern adds nothing there); with first keys,
                # ``disjoint`` was made at the first token
                sid = trans[sid].get(-1) or self._begin(sid, False)
            steps += 1
            if final[sid]:
                found = i
                break
            if i == n:
                break
            tok = toks[i]
            text = tok.text
            if (
                words is not None
                and text not in texts
                and tok.forms.isdisjoint(words)
                and (
                    not word_roots
                    or tok.kind != "word"
                    or roots(text, self.lang).isdisjoint(word_roots)
                )
            ):
                key: object = None  # a token no atom but _ matches
            else:
                key = (text, tok.kind, tok.forms)
            nsid = trans[sid].get(key)
            if nsid is None:
                steps += len(self.sets[sid])
                nsid = self._step(sid, tok, key)
            sid = nsid
            i += 1
        if counter is not None:
            counter[0] += steps
        return found


def _mentions_env(node: tuple) -> bool:
    """Whether the pattern uses ``$addr`` or ``$client`` (which depend on the reply)."""
    kind = node[0]
    if kind in ("addr", "client"):
        return True
    if kind in ("seq", "alt"):
        return any(_mentions_env(c) for c in node[1])
    return kind == "opt" and _mentions_env(node[1])


def _mentions_negator(node: tuple, lang: str, lexicon: Lexicon) -> bool:
    negators = lx.NEGATORS.get(lang, frozenset())
    kind = node[0]
    if kind in ("word", "lit"):
        return node[1] in negators
    if kind == "list":
        name = node[1]
        if not lexicon.singles.get(name, frozenset()).isdisjoint(negators):
            return True
        return any(w in negators for w in lexicon.multi.get(name, {}))
    if kind in ("seq", "alt"):
        return any(_mentions_negator(c, lang, lexicon) for c in node[1])
    if kind == "opt":
        return _mentions_negator(node[1], lang, lexicon)
    return False


def compile_pattern(source: str, lang: str, lexicon: Lexicon | None = None) -> Pattern:
    """Compile one pattern.

    Args:
        source: the pattern text (see ``docs/rules.md``).
        lang: the rulebook's language; words are normalised as replies are.
        lexicon: the named lists ``@name`` may refer to.

    Raises:
        PatternError: with the 1-based column inside ``source``.
    """
    if not isinstance(source, str):
        raise PatternError("a pattern must be a string", 1)
    if len(source) > MAX_PATTERN_CHARS:
        raise PatternError(f"pattern longer than {MAX_PATTERN_CHARS} characters", 1)
    if not source.strip():
        raise PatternError("empty pattern", 1)
    lexicon = lexicon or Lexicon({}, {})
    ast = _Parser(source, lang, lexicon).parse()
    if _nullable(ast):
        raise PatternError(
            "this pattern can match no words at all, so it would fire on"
            " every unit; make at least one element required",
            1,
        )
    pattern = Pattern(source, lang, ast, lexicon)
    if pattern.size > MAX_STATES:
        raise PatternError(f"pattern too large ({pattern.size} states, at most {MAX_STATES})", 1)
    return pattern
