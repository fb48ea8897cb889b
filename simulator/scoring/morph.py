"""Affix-aware root finding for the ``<root>`` pattern atom, and plain-word variants.

No dictionary: :func:`roots` returns every candidate root an affix analysis allows, so that
``<salah>`` finds ``menyalahkan``, ``kesalahan``, ``bersalah``, ``salahnya`` and
``nyalahin``. Over-generation is harmless because a candidate only matters when a rule author
wrote it inside ``<...>``. Plain words never go through this: ``salah`` does not match
``menyalahkan`` (RUBRIC §3.4 #2); :func:`word_forms` only adds particle-free and colloquial
variants that keep the same word.
"""

from __future__ import annotations

from functools import lru_cache

from simulator.scoring.normalise import ID_IN_EXCEPTIONS, ID_PARTICLE_EXCEPTIONS

_VOWELS = frozenset("aeiou")
_MIN_ROOT = 3


def men_form(root: str) -> str:
    """The standard ``meN-`` form of a root (``salah`` -> ``menyalah``, ``pukul`` -> ``memukul``)."""
    if not root:
        return root
    c = root[0]
    if root.startswith(("ng", "ny")) or c in "lmnrwy":
        return "me" + root
    if c in "bfv":
        return "mem" + root
    if c == "p":
        return "mem" + root[1:]
    if c == "t":
        return "men" + root[1:]
    if c in "dcjz":
        return "men" + root
    if c == "s":
        return "meny" + root[1:]
    if c == "k":
        return "meng" + root[1:]
    return "meng" + root  # g, h, vowels


def _strip_particles(word: str) -> set[str]:
    out = {word}
    if word in ID_PARTICLE_EXCEPTIONS:
        return out
    for p in ("lah", "kah", "pun", "tah"):
        if word.endswith(p) and len(word) - len(p) >= _MIN_ROOT:
            out.add(word[: -len(p)])
    return out


def _strip_possessive(word: str) -> set[str]:
    out = {word}
    for p in ("nya", "ku", "mu"):
        if word.endswith(p) and len(word) - len(p) >= _MIN_ROOT:
            out.add(word[: -len(p)])
    return out


def _strip_suffix(word: str) -> set[str]:
    out = {word}
    for s in ("kan", "an", "i", "in"):
        if word.endswith(s) and len(word) - len(s) >= _MIN_ROOT:
            if s == "in" and word in ID_IN_EXCEPTIONS:
                continue
            out.add(word[: -len(s)])
    return out


def _nasal_restore(rest: str, prefix: str) -> set[str]:
    """Roots hidden behind a nasal prefix: ``meny-alah`` -> ``salah``, ``mem-ukul`` -> ``pukul``."""
    out: set[str] = set()
    if prefix.endswith("ny") and rest[:1] in _VOWELS:
        out.add("s" + rest)
        out.add("c" + rest)
    elif prefix.endswith("ng"):
        out.add(rest)
        if rest[:1] in _VOWELS:
            out.add("k" + rest)
    elif prefix.endswith("m"):
        out.add(rest)
        if rest[:1] in _VOWELS:
            out.add("p" + rest)
    elif prefix.endswith("n"):
        out.add(rest)
        if rest[:1] in _VOWELS:
            out.add("t" + rest)
    else:
        out.add(rest)
    return out


_ID_PREFIXES: tuple[str, ...] = (
    "meny",
    "meng",
    "mem",
    "men",
    "me",
    "peny",
    "peng",
    "pem",
    "pen",
    "per",
    "pe",
    "ber",
    "bel",
    "be",
    "ter",
    "te",
    "di",
    "ke",
    "ku",
    "kau",
    "se",
)
_COLLOQUIAL_NASAL: tuple[str, ...] = ("nge", "ny", "ng", "m", "n")


def _strip_prefix(word: str) -> set[str]:
    out = {word}
    for p in _ID_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= _MIN_ROOT:
            rest = word[len(p) :]
            if p in ("meny", "meng", "mem", "men", "peny", "peng", "pem", "pen"):
                out |= _nasal_restore(rest, p)
            elif p in ("me", "pe", "be", "te") and rest[:1] in _VOWELS:
                continue  # me-/pe- only stand alone before l m n r w y ny ng
            else:
                out.add(rest)
    for p in _COLLOQUIAL_NASAL:
        if word.startswith(p) and len(word) - len(p) >= _MIN_ROOT:
            rest = word[len(p) :]
            if p == "nge":
                out.add(rest)
            elif rest[:1] in _VOWELS:
                out |= _nasal_restore(rest, p)
    return out


@lru_cache(maxsize=65536)
def roots(word: str, lang: str = "id") -> frozenset[str]:
    """Every candidate root of ``word`` (the word itself included).

    Args:
        word: one normalised (casefolded, standard-spelling) token.
        lang: ``"id"`` strips Indonesian affixes, ``"en"`` English inflections.

    Returns:
        The candidate roots; ``frozenset({word})`` for words that carry no affix.
    """
    if not word or not word.isalpha() and "-" not in word:
        return frozenset({word})
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        out: set[str] = {word}
        if len(parts) == 2:
            # reduplication (cerita-cerita, berjalan-jalan): both halves give roots
            out |= roots(parts[0], lang) | roots(parts[1], lang)
        return frozenset(out)
    if lang == "en":
        return _english_roots(word)
    found: set[str] = set()
    for a in _strip_particles(word):
        for b in _strip_possessive(a):
            for c in _strip_suffix(b):
                found.add(c)
                for d in _strip_prefix(c):
                    found.add(d)
                    if d != c:
                        # two prefix layers: mem-per-, di-per-, ber-ke-
                        for e in _strip_prefix(d):
                            found.add(e)
                    # ke-...-an, pe(N)-...-an, per-...-an circumfixes
                    for s in _strip_suffix(d):
                        found.add(s)
    return frozenset(r for r in found if len(r) >= _MIN_ROOT or r == word)


def _english_roots(word: str) -> frozenset[str]:
    out = {word}
    for suffix in ("ing", "ed", "es", "s", "ly", "er", "est", "ness", "ful"):
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ROOT:
            base = word[: -len(suffix)]
            out.add(base)
            out.add(base + "e")  # hoping -> hope, used -> use
            if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in "ls":
                out.add(base[:-1])  # stopped -> stop
            if base.endswith("i"):
                out.add(base[:-1] + "y")  # worried -> worry
    if word.endswith("ies") and len(word) > 4:
        out.add(word[:-3] + "y")
    irregular = _EN_IRREGULAR.get(word)
    if irregular:
        out.add(irregular)
    return frozenset(out)


_EN_IRREGULAR: dict[str, str] = {
    "felt": "feel",
    "said": "say",
    "told": "tell",
    "thought": "think",
    "went": "go",
    "gone": "go",
    "did": "do",
    "done": "do",
    "does": "do",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "been": "be",
    "had": "have",
    "has": "have",
    "made": "make",
    "got": "get",
    "gave": "give",
    "took": "take",
    "left": "leave",
    "lost": "lose",
    "heard": "hear",
    "knew": "know",
    "known": "know",
    "saw": "see",
    "seen": "see",
    "came": "come",
    "kept": "keep",
    "meant": "mean",
    "tried": "try",
    "children": "child",
    "kids": "kid",
    "women": "woman",
    "men": "man",
    "people": "person",
}


@lru_cache(maxsize=65536)
def word_forms(word: str, lang: str = "id") -> frozenset[str]:
    """The spellings a plain pattern word may match for this token.

    The word itself; for Indonesian also the word without a ``-lah/-kah/-pun`` particle,
    the standard ``-kan``/``-i`` form of a colloquial ``-in`` verb, and the ``meN-`` form of
    a colloquial ``nge-`` verb. Never a different root.
    """
    out = {word}
    if lang != "id" or not word.isalpha():
        return frozenset(out)
    out |= _strip_particles(word)
    for w in list(out):
        if w.endswith("in") and len(w) >= 5 and w not in ID_IN_EXCEPTIONS:
            stem = w[:-2]
            out.add(stem + "kan")
            out.add(stem + "i")
            if stem.startswith("nge") and len(stem) > 5:
                out.add(men_form(stem[3:]) + "kan")
                out.add(men_form(stem[3:]) + "i")
        if w.startswith("nge") and len(w) >= 6 and w[3] not in _VOWELS:
            out.add(men_form(w[3:]))
    return frozenset(out)
