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

from simulator.scoring import lexicon as lx
from simulator.scoring.morph import roots
from simulator.scoring.text import Token, normalise_word

MAX_GAP = 10
MAX_PATTERN_CHARS = 2000
MAX_STATES = 3000
DEFAULT_GAP = 3


class PatternError(ValueError):
    """A pattern that does not compile; ``col`` is 1-based inside the pattern text."""

    def __init__(self, message: str, col: int) -> None:
        super().__init__(f"column {col}: {message}")
        self.message = message
        self.col = col


# ---- lexicon and match environment ------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """Named word lists, normalised: single words in sets, multi-word entries as tuples."""

    singles: Mapping[str, frozenset[str]]
    multi: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]]  # name -> first -> rests

    @classmethod
    def build(cls, lists: Mapping[str, Sequence[str]], lang: str) -> Lexicon:
        singles: dict[str, frozenset[str]] = {}
        multi: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
        for name, entries in lists.items():
            one: set[str] = set()
            many: dict[str, list[tuple[str, ...]]] = {}
            for entry in entries:
                words = normalise_phrase(str(entry), lang)
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
            for rest in rests:
                end = i + 1 + len(rest)
                if end <= len(toks) and all(w in toks[i + 1 + k].forms for k, w in enumerate(rest)):
                    out.append(1 + len(rest))
        return out


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
# atom kinds
WORD, PREFIX, ROOT, LIST, ADDR, CLIENT, ANY, LIT = range(8)


def _nullable(node: tuple) -> bool:
    kind = node[0]
    if kind in ("opt", "gap", "start"):
        return True
    if kind == "seq":
        return all(_nullable(n) for n in node[1])
    if kind == "alt":
        return any(_nullable(n) for n in node[1])
    return False


def _anchors(node: tuple) -> frozenset[tuple[str, str]] | None:
    """Keys of which a match must contain at least one, or None when nothing is certain."""
    kind = node[0]
    if kind == "word":
        return frozenset({("w", node[1])})
    if kind == "lit":
        return frozenset({("w", node[1])})
    if kind == "root":
        return frozenset({("r", node[1])})
    if kind == "list":
        return frozenset({("l", node[1])})
    if kind == "seq":
        best: frozenset[tuple[str, str]] | None = None
        for child in node[1]:
            a = _anchors(child)
            if a is not None and (best is None or _rank(a) < _rank(best)):
                best = a
        return best
    if kind == "alt":
        out: set[tuple[str, str]] = set()
        for child in node[1]:
            a = _anchors(child)
            if a is None:
                return None
            out |= a
        return frozenset(out)
    return None


def _rank(keys: frozenset[tuple[str, str]]) -> tuple[int, int]:
    lists = sum(1 for k in keys if k[0] == "l")
    return (lists, len(keys))


class Pattern:
    """A compiled pattern. ``search`` returns the token span of the first match."""

    __slots__ = (
        "source",
        "lang",
        "ops",
        "kinds",
        "args",
        "out1",
        "out2",
        "start",
        "anchors",
        "has_negator",
        "lexicon",
        "size",
    )

    def __init__(self, source: str, lang: str, ast: tuple, lexicon: Lexicon) -> None:
        self.source = source
        self.lang = lang
        self.lexicon = lexicon
        self.ops: list[int] = []
        self.kinds: list[int] = []
        self.args: list[object] = []
        self.out1: list[int] = []
        self.out2: list[int] = []
        match = self._state(_MATCH)
        self.start = self._emit(ast, match)
        self.size = len(self.ops)
        self.anchors = _anchors(ast)
        self.has_negator = _mentions_negator(ast, lang, lexicon)

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
            entries = [self._emit(child, nxt) for child in node[1]]
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
        atom_kind = {
            "word": WORD,
            "prefix": PREFIX,
            "root": ROOT,
            "list": LIST,
            "addr": ADDR,
            "client": CLIENT,
            "any": ANY,
            "lit": LIT,
        }[kind]
        arg = node[1] if len(node) > 1 else None
        return self._state(_ATOM, atom_kind, arg, o1=nxt)

    # -- matching --

    def _lengths(self, s: int, toks: Sequence[Token], i: int, env: MatchEnv) -> list[int]:
        kind = self.kinds[s]
        tok = toks[i]
        arg = self.args[s]
        if kind == ANY:
            return [1]
        if kind == WORD:
            return [1] if arg in tok.forms else []
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

    def _add(self, lst: dict[int, int], s: int, st: int, pos: int, counter: list[int]) -> None:
        stack = [s]
        ops, out1, out2 = self.ops, self.out1, self.out2
        while stack:
            s = stack.pop()
            counter[0] += 1
            if s in lst:
                continue
            op = ops[s]
            if op == _SPLIT:
                lst[s] = st
                stack.append(out2[s])
                stack.append(out1[s])
            elif op == _START:
                lst[s] = st
                if pos == 0:
                    stack.append(out1[s])
            else:
                lst[s] = st

    def search(
        self, toks: Sequence[Token], env: MatchEnv, counter: list[int] | None = None
    ) -> tuple[int, int] | None:
        """The first match in ``toks`` as ``(first, end)`` token indices, or None.

        Args:
            toks: the tokens of one thought unit.
            env: what ``$addr`` and ``$client`` refer to.
            counter: if given, ``counter[0]`` is increased by the number of automaton
                steps taken (used by tests to show that matching is linear).
        """
        counter = counter if counter is not None else [0]
        ops = self.ops
        n = len(toks)
        clist: dict[int, int] = {}
        futures: dict[int, dict[int, int]] = {}
        for i in range(n + 1):
            fut = futures.pop(i, None)
            if fut:
                for s, st in fut.items():
                    self._add(clist, s, st, i, counter)
            self._add(clist, self.start, i, i, counter)
            for s, st in clist.items():
                if ops[s] == _MATCH:
                    return (st, i)
            if i == n:
                break
            nlist: dict[int, int] = {}
            for s, st in clist.items():
                if ops[s] != _ATOM:
                    continue
                counter[0] += 1
                for length in self._lengths(s, toks, i, env):
                    if length == 1:
                        self._add(nlist, self.out1[s], st, i + 1, counter)
                    else:
                        slot = futures.setdefault(i + length, {})
                        slot.setdefault(self.out1[s], st)
            clist = nlist
        return None


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
