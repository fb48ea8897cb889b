"""The text pipeline: normalised tokens with original spans, thought units, questions,
negation scope and quoted or reported speech.

``analyse(text, lang)`` turns a reply into an :class:`Analysis`. Every token keeps the
character span of the text the student typed, so that a finding can point at it. Matching
happens on the normalised forms (NFKC, casefold, ``gak`` -> ``tidak``, ``don't`` -> ``do
not``, ``pelan2`` -> ``pelan-pelan``); emoji, emoticons and register words stay tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from simulator.scoring import lexicon as lx
from simulator.scoring.morph import word_forms
from simulator.scoring.normalise import standard_words

_TOKEN_RE = re.compile(
    r"""
     (?P<num>\d+(?:[.,:/]\d+)+)
    |(?P<emo>(?<![^\s(])[:;=][-o'^]?[)\](\[dpo/\\|3*]+(?![^\s.,!?])|<3)
    |(?P<word>[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+(?:['’][^\W_]+)*)*)
    |(?P<q>[?!]+)
    |(?P<dots>\.{2,}|…)
    |(?P<pic>[\U0001F000-\U0001FAFF\u2600-\u27BF](?:[\uFE0F\u200D\U0001F3FB-\U0001F3FF\U0001F000-\U0001FAFF\u2600-\u27BF])*)
    |(?P<other>\S)
    """,
    re.VERBOSE,
)
_REDUP2 = re.compile(r"^([a-z]{3,})2$")
_RUN3 = re.compile(r"(\w)\1{2,}")


class Token:
    """One normalised token and where it came from in the original text."""

    __slots__ = (
        "text",
        "start",
        "end",
        "kind",
        "forms",
        "neg",
        "negator",
        "reported",
        "self_view",
        "nl_before",
        "kin",
        "keys",
    )

    def __init__(
        self, text: str, start: int, end: int, kind: str, forms: frozenset[str], nl: bool = False
    ):
        self.text = text  # normalised, standard spelling
        self.start = start  # span in the original reply, end exclusive
        self.end = end
        self.kind = kind  # word | num | punct | emoji
        self.forms = forms  # spellings a plain pattern word may match
        self.neg = False  # inside the scope of a negator
        self.negator = False
        self.reported = False  # inside quotes or after an attribution marker
        self.self_view = False  # the client's view of themself ("Ibu merasa gagal")
        self.nl_before = nl  # a line break comes before this token
        self.kin = False  # an address word used as a kin term ("ibu saya", "your mother")
        self.keys: frozenset[tuple[str, str]] | None = None  # set by the engine's index

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


@dataclass
class Unit:
    """A thought unit: a sentence or a clause after a contrastive."""

    index: int
    tokens: list[Token]
    span: tuple[int, int]
    kind: str = "statement"  # question | statement
    qword: str = ""  # the question word that made it a question, normalised
    tag: str = ""  # a final tag particle: kan, bukan, toh, ya, right...
    after_contrast: bool = False  # begins with tapi / namun / but / however
    question_mark: bool = False

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens if t.kind == "word"]


@dataclass
class Analysis:
    """A reply taken apart: tokens (in order) and thought units over them."""

    text: str
    lang: str
    tokens: list[Token]
    units: list[Unit] = field(default_factory=list)


@lru_cache(maxsize=32768)
def normalise_word(raw: str, lang: str) -> tuple[str, ...]:
    """The standard word(s) for one casefolded word as typed (``gaaak`` -> ``tidak``)."""
    word = raw.replace("’", "'")
    if _RUN3.search(word):
        once = _RUN3.sub(r"\1", word)
        twice = _RUN3.sub(r"\1\1", word)
        word = once if standard_words(once, lang) != (once,) else twice
    m = _REDUP2.match(word)
    if m:
        word = f"{m.group(1)}-{m.group(1)}"
    return standard_words(word, lang)


def _fold(text: str) -> tuple[str, list[int] | None]:
    """NFKC + casefold, and for non-ASCII text the original index of every folded char."""
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    omap: list[int] = []
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            out.append(ch.lower())
            omap.append(i)
            continue
        folded = unicodedata.normalize("NFKC", ch).casefold()
        out.append(folded)
        omap.extend([i] * len(folded))
    return "".join(out), omap


def _unstutter(raw: str) -> str:
    """English speech disfluency read as the word meant: "so-so what", "in-in what", "I-I",
    "you've-you've", and cut-off starts of the word: "wh-what", "wha-wha-what", "n-not",
    "how-how's" (every part before the last is the same, and the last repeats it or begins
    with it). Compounds whose parts differ ("one-on-one", "re-engage", "mm-hmm") stay one word.
    """
    parts = raw.split("-")
    if len(parts) < 2 or not parts[0]:
        return raw
    head, last = parts[0], parts[-1]
    if any(p != head for p in parts[1:-1]):
        return raw
    if last == head or (len(head) <= 4 and len(last) > len(head) and last.startswith(head)):
        return last
    return raw


@lru_cache(maxsize=65536)
def _word_tokens(raw: str, lang: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(text, kind, forms) of the token(s) one typed word becomes (cached)."""
    if lang == "en" and "-" in raw:
        raw = _unstutter(raw)
    return tuple(
        (w, "num" if w.isdigit() else "word", word_forms(w, lang))
        for w in normalise_word(raw, lang)
    )


@lru_cache(maxsize=4096)
def _other_token(raw: str, kind: str) -> tuple[str, str, frozenset[str]] | None:
    """(text, kind, forms) of a token that is not a word; None for control characters."""
    if kind == "q":
        forms = {raw} | ({"?"} if "?" in raw else set()) | ({"!"} if "!" in raw else set())
        return ("?" if "?" in raw else "!", "punct", frozenset(forms))
    if kind == "dots":
        return ("…", "punct", frozenset({"…", "...", raw}))
    if kind in ("emo", "pic"):
        return (raw, "emoji", frozenset({raw}))
    if kind == "num":
        return (raw, "num", frozenset({raw}))
    if unicodedata.category(raw[0])[0] == "C":
        return None  # control and format characters carry no meaning
    return (raw, "punct", frozenset({raw}))


# The same tokens without group names: ``findall`` gives each token's text, and a token's
# kind and normalised words depend on that text alone (cached in ``_SPECS``).
_FLAT_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN_RE.pattern), re.VERBOSE)
_SPECS: dict[str, dict[str, tuple[tuple[str, str, frozenset[str]], ...]]] = {"en": {}, "id": {}}
_SPECS_MAX = 65536


def _specs(raw: str, lang: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(text, kind, forms) of the token(s) one matched text becomes."""
    m = _TOKEN_RE.fullmatch(raw)
    kind = m.lastgroup if m is not None else "other"
    if kind == "word":
        return _word_tokens(raw, lang)
    made = _other_token(raw, kind)  # type: ignore[arg-type]
    return () if made is None else (made,)


def tokenize(text: str, lang: str) -> list[Token]:
    """Normalised tokens of ``text``; spans index the original string."""
    folded, omap = _fold(text)
    specs = _SPECS.get(lang)
    if omap is None and specs is not None and "\n" not in folded:
        # ASCII on one line: spans are the folded text's, and between two tokens there is
        # only white space, so a token begins where its text is next found
        tokens: list[Token] = []
        append = tokens.append
        find = folded.find
        pos = 0
        for raw in _FLAT_RE.findall(folded):
            start = find(raw, pos)
            pos = start + len(raw)
            made = specs.get(raw)
            if made is None:
                made = _specs(raw, lang)
                if len(specs) < _SPECS_MAX:
                    specs[raw] = made
            for w, kind, forms in made:
                append(Token(w, start, pos, kind, forms))
        return tokens
    return _tokenize_spans(folded, omap, lang)


def token_specs(text: str, lang: str) -> list[tuple[str, str, frozenset[str]]] | None:
    """The (text, kind, forms) of ``tokenize(text, lang)``'s tokens, without making tokens
    (no spans, no flags), for ASCII text on one line; None for any other text."""
    folded, omap = _fold(text)
    specs = _SPECS.get(lang)
    if omap is not None or specs is None or "\n" in folded:
        return None
    out: list[tuple[str, str, frozenset[str]]] = []
    for raw in _FLAT_RE.findall(folded):
        made = specs.get(raw)
        if made is None:
            made = _specs(raw, lang)
            if len(specs) < _SPECS_MAX:
                specs[raw] = made
        out += made
    return out


def _tokenize_spans(folded: str, omap: list[int] | None, lang: str) -> list[Token]:
    """``tokenize`` for any text: spans mapped back through ``omap``, line breaks marked."""
    tokens: list[Token] = []
    append = tokens.append
    last_end = 0
    has_nl = "\n" in folded
    nl = False
    for m in _TOKEN_RE.finditer(folded):
        s, e = m.span()
        start, end = (s, e) if omap is None else (omap[s], omap[e - 1] + 1)
        if has_nl:
            nl = "\n" in folded[last_end:s]
            last_end = e
        kind = m.lastgroup
        if kind == "word":
            for w, wkind, forms in _word_tokens(m.group(), lang):
                append(Token(w, start, end, wkind, forms, nl))
            continue
        made = _other_token(m.group(), kind)  # type: ignore[arg-type]
        if made is not None:
            append(Token(made[0], start, end, made[1], made[2], nl))
    return tokens


def analyse(text: str, lang: str) -> Analysis:
    """Tokens, thought units, questions, negation scope and reported speech of one reply.

    Args:
        text: the reply as typed (any string; control characters are ignored).
        lang: ``"id"`` or ``"en"`` (anything else is treated as ``"en"``).
    """
    lang = lang if lang in ("id", "en") else "en"
    tokens = tokenize(text, lang)
    if lang == "en" and ("-" in text or "—" in text or "–" in text):
        tokens = _drop_repairs(tokens)
    analysis = Analysis(text, lang, tokens)
    _mark_quotes(tokens)
    _mark_kin(tokens, lang)
    analysis.units = _split_units(tokens, lang)
    for unit in analysis.units:
        mark_negation(unit.tokens, lang)
        _mark_attribution(unit.tokens, lang)
        _classify_question(unit, lang)
    return analysis


_REPAIR_DASHES = frozenset({"-", "–", "—"})


def _drop_repairs(tokens: list[Token]) -> list[Token]:
    """Spoken self-repair: words cut off by a dash and said again ("it sounds- it sounds like",
    "am I- am I right") are read once, as said the second time (English; like "wh-what")."""
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "punct" and tok.text in _REPAIR_DASHES and out and out[-1].kind == "word":
            j = i
            while j < n and tokens[j].kind == "punct" and tokens[j].text in _REPAIR_DASHES:
                j += 1
            for k in (4, 3, 2, 1):
                before = out[-k:] if len(out) >= k else []
                after = tokens[j : j + k]
                if (
                    len(before) == k
                    and len(after) == k
                    and all(b.kind == "word" for b in before)
                    and [b.text for b in before] == [a.text for a in after]
                ):
                    del out[-k:]
                    i = j
                    break
            else:
                out.append(tok)
                i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _mark_kin(tokens: list[Token], lang: str) -> None:
    """``ibu saya`` / ``ibu dia``: a kin term, not the client addressed (RUBRIC §3.4 #18)."""
    if lang != "id":
        return
    terms = lx.ADDRESS_TERMS["id"]
    for tok, nxt in zip(tokens, tokens[1:], strict=False):
        if tok.text in terms and nxt.text in lx.ID_POSSESSORS and nxt.start > tok.end:
            tok.kin = True


def _split_units(tokens: list[Token], lang: str) -> list[Unit]:
    units: list[Unit] = []
    contrast = lx.CONTRASTIVES[lang]
    current: list[Token] = []
    after_contrast = False

    def flush() -> None:
        nonlocal current, after_contrast
        if any(t.kind != "punct" for t in current):
            units.append(
                Unit(
                    len(units),
                    current,
                    (current[0].start, current[-1].end),
                    after_contrast=after_contrast,
                )
            )
        elif current and units:
            units[-1].tokens.extend(current)
            units[-1].span = (units[-1].span[0], current[-1].end)
        current = []
        after_contrast = False

    for tok in tokens:
        if tok.nl_before and current:
            flush()
        if tok.kind == "word" and tok.text in contrast and current:
            flush()
            after_contrast = bool(units)
        elif tok.kind == "word" and tok.text in contrast and not current and units:
            after_contrast = True
        current.append(tok)
        if tok.kind == "punct" and tok.text in lx.SENTENCE_PUNCT:
            flush()
    if current:
        flush()
    return units


def _is_clause_break(tok: Token, lang: str) -> bool:
    if tok.kind == "punct":
        return tok.text in lx.CLAUSE_PUNCT
    return tok.kind == "word" and tok.text in lx.CLAUSE_WORDS[lang]


def mark_negation(tokens: list[Token], lang: str) -> None:
    """Mark negators and the tokens in their scope (to the clause end, at most
    ``NEG_WINDOW`` tokens, through a reason word right after it: "bukan karena malas");
    idioms ("tidak apa-apa") negate nothing, a negated modal
    ("tidak harus") only itself."""
    negators = lx.NEGATORS[lang]
    idioms = lx.NEG_IDIOMS[lang]
    modals = lx.NEG_MODALS[lang]
    n = len(tokens)
    # tokens before the first negator are skipped one by one below: start at it
    i = next((k for k, t in enumerate(tokens) if t.text in negators and t.kind == "word"), n)
    while i < n:
        tok = tokens[i]
        if tok.kind != "word" or tok.text not in negators:
            i += 1
            continue
        nxt = tokens[i + 1] if i + 1 < n else None
        if nxt is not None and nxt.text in idioms:
            i += 2  # "tidak apa-apa", "not only": no negation
            continue
        tok.negator = True
        if nxt is not None and nxt.text in modals:
            nxt.neg = True  # "tidak harus memutuskan": the decision itself is not negated
            i += 2
            continue
        j = i + 1
        if nxt is not None and nxt.text in lx.NEG_THROUGH[lang]:
            nxt.neg = True  # "bukan karena malas": the reason itself is denied
            j += 1
        while j < n and j - i <= lx.NEG_WINDOW and not _is_clause_break(tokens[j], lang):
            tokens[j].neg = True
            j += 1
        i += 1


def negators(texts: list[str], kinds: list[str], lang: str) -> list[bool]:
    """Which tokens ``mark_negation`` marks as negators, from their texts and kinds alone."""
    negator_words = lx.NEGATORS[lang]
    idioms = lx.NEG_IDIOMS[lang]
    modals = lx.NEG_MODALS[lang]
    n = len(texts)
    out = [False] * n
    i = 0
    while i < n:
        if kinds[i] != "word" or texts[i] not in negator_words:
            i += 1
            continue
        nxt = texts[i + 1] if i + 1 < n else None
        if nxt is not None and nxt in idioms:
            i += 2
            continue
        out[i] = True
        i += 2 if nxt is not None and nxt in modals else 1
    return out


def _mark_quotes(tokens: list[Token]) -> None:
    """Mark tokens between matching quote marks as reported (unmatched marks are ignored)."""
    opened: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    closing = {"“": "”", "‘": "’", "«": "»", "„": "”", "‹": "›"}
    for i, tok in enumerate(tokens):
        if tok.kind != "punct":
            continue
        ch = tok.text
        if ch in lx.QUOTES_TOGGLE:
            if ch in opened:
                pairs.append((opened.pop(ch), i))
            else:
                opened[ch] = i
        elif ch in lx.QUOTES_OPEN:
            opened[closing[ch]] = i
        elif ch in lx.QUOTES_CLOSE and ch in opened:
            pairs.append((opened.pop(ch), i))
    for a, b in pairs:
        for tok in tokens[a : b + 1]:
            tok.reported = True


_ATTRIBUTION_BY_FIRST: dict[str, dict[str, list[tuple[str, ...]]]] = {
    lang: {first: [seq for seq in seqs if seq[0] == first] for first in {seq[0] for seq in seqs}}
    for lang, seqs in lx.ATTRIBUTION.items()
}


_ATTRIBUTION_CUES: dict[str, frozenset[str]] = {
    lang: frozenset(_ATTRIBUTION_BY_FIRST.get(lang, {})) | lx.SELF_VIEW[lang]
    for lang in lx.ADDRESS_TERMS
}


def _mark_attribution(tokens: list[Token], lang: str) -> None:
    """After "kata suami," / "he calls you" the words are someone else's, up to the clause end.

    A short attribution clause ("kata suami, Ibu malas") carries on past its comma.
    After "<address> merasa" the words are the client's own view of themself.
    """
    address = lx.ADDRESS_TERMS[lang]
    self_view = lx.SELF_VIEW[lang]
    markers = _ATTRIBUTION_BY_FIRST[lang]
    texts = [t.text for t in tokens]
    cues = _ATTRIBUTION_CUES[lang]
    # only a marker's first word or a self-view word can begin anything below
    for i in [k for k, w in enumerate(texts) if w in cues]:
        tok = tokens[i]
        seqs = markers.get(texts[i])
        if seqs is not None and tok.kind == "word":
            for seq in seqs:
                if tuple(texts[i : i + len(seq)]) == seq:  # the whole marker
                    # "kata suami, Ibu malas": the speaker first, the words after the comma
                    speaker_first = seq[0] in ("kata", "menurut", "according")
                    if _worker_speaks(tokens, i, len(seq), speaker_first, lang):
                        break  # "saya harus mengatakan...", "kata saya": the worker's words
                    _mark_scope(tokens, i + len(seq), lang, "reported", speaker_first)
                    break
        if texts[i] in self_view and i > 0 and texts[i - 1] in address:
            _mark_scope(tokens, i + 1, lang, "self_view", extend_short=False)


def _worker_speaks(tokens: list[Token], i: int, n: int, speaker_first: bool, lang: str) -> bool:
    """Whether the worker is the speaker of the attribution at ``i`` (``n`` tokens long):
    "kata saya" (speaker after), or "saya (harus) bilang", "I (have to) said" (before)."""
    speakers = lx.WORKER_SPEAKERS[lang]
    if speaker_first:
        return i + n < len(tokens) and tokens[i + n].text in speakers
    if tokens[i].text in ("you", "dibilang", "dikatakan", "disebut"):
        return False  # "you said": the client; a passive has no worker subject
    aux = lx.SPEECH_AUX[lang]
    k = i - 1
    while k >= 0 and k >= i - 4 and tokens[k].kind == "word" and tokens[k].text in aux:
        k -= 1
    return k >= 0 and tokens[k].kind == "word" and tokens[k].text in speakers


def _mark_scope(tokens: list[Token], j: int, lang: str, attr: str, extend_short: bool) -> None:
    n = len(tokens)
    start = j
    while j < n:
        tok = tokens[j]
        if _is_clause_break(tok, lang) and j > start:
            if extend_short and tok.text in (",", ":") and j - start <= 2:
                extend_short = False
                setattr(tok, attr, True)
                j += 1
                continue
            break
        setattr(tok, attr, True)
        j += 1


def _first_content(unit: Unit, lang: str) -> int:
    """Index in ``unit.tokens`` of the first token that is not a filler or an address."""
    fillers = lx.LEADING_FILLERS[lang]
    address = lx.ADDRESS_TERMS[lang] if lang == "id" else frozenset()
    contrast = lx.CONTRASTIVES[lang]
    toks = unit.tokens
    askers = lx.QUESTION_WORDS[lang] | (lx.EN_AUX if lang == "en" else lx.ID_YN_OPENERS)
    for k, tok in enumerate(toks[:6]):
        if tok.kind == "punct" and tok.text not in (",",):
            continue
        if tok.text in fillers or tok.text in address or tok.text in contrast:
            continue
        if (
            k < 3
            and tok.kind == "word"
            and tok.text not in askers
            and k + 1 < len(toks)
            and toks[k + 1].text == ","
        ):
            continue  # a vocative: "Sandra, can you..." / "Bu Sri, apa..."
        return k
    return 0


def _classify_question(unit: Unit, lang: str) -> None:
    toks = unit.tokens
    words = [t for t in toks if t.kind == "word"]
    if not words:
        unit.question_mark = any("?" in t.forms for t in toks)
        unit.kind = "question" if unit.question_mark else "statement"
        return
    unit.question_mark = any("?" in t.forms for t in toks[-3:])
    last = words[-1].text
    if lang == "id":
        if last in lx.ID_TAGS:
            unit.tag = last
        elif last == "ya" and unit.question_mark:
            unit.tag = "ya"
        qword = _id_qword(unit)
    else:
        if last in ("right", "okay", "yeah") and unit.question_mark:
            unit.tag = last
        elif len(words) >= 3 and words[-2].text == "not" and words[-3].text in lx.EN_AUX:
            unit.tag = "not"
        qword = _en_qword(unit)
    unit.qword = qword
    unit.kind = (
        "question" if (unit.question_mark or qword or unit.tag in lx.ID_TAGS) else ("statement")
    )


def _id_qword(unit: Unit) -> str:
    toks = unit.tokens
    k = _first_content(unit, "id")
    qwords = lx.QUESTION_WORDS["id"]
    window = toks[k : k + 3]
    for j, tok in enumerate(window):
        text = tok.text
        nxt = toks[k + j + 1].text if k + j + 1 < len(toks) else ""
        if text in qwords:
            if text == "apa" and nxt in lx.ID_APA_NOT_QUESTION:
                continue
            if nxt == "pun" or (nxt == "saja" and _free_choice(unit, k + j)):
                continue  # "kapan pun Ibu siap, ...", "berhenti kapan saja": any time, no question
            if text == "apa" and nxt == "yang" and _relative_statement(unit, k + j + 1):
                continue
            if text == "kok" and j > 0:
                continue  # "wajar kok": emphatic, not "kok bisa...?"
            if text == "mana" and j > 0 and window[j - 1].text != "di":
                continue
            return text
        if j == 0 and text in lx.ID_YN_OPENERS and nxt in lx.ADDRESS_TERMS["id"]:
            return text
        if j == 0 and text in ("bisa", "boleh") and nxt in ("saya", "aku", "kita"):
            return text
    for tok in toks:
        t = tok.text
        # -kah marks a question only on question words and yes/no stems (not "menikah")
        if t.endswith("kah") and tok.kind == "word" and t[:-3] in lx.ID_KAH_STEMS:
            return t
    return ""


def _free_choice(unit: Unit, i: int) -> bool:
    """Whether the question word at ``i``, followed by "saja", is a free choice ("any time /
    anyone you like") rather than a question: no question mark, and "kapan saja" inside the
    sentence ("boleh berhenti kapan saja") or, heading the unit without "yang", a clause after
    a comma follows it ("Kapan saja Ibu mau, kita lanjutkan"). "Ibu tinggal sama siapa aja",
    "Siapa saja yang tinggal serumah" and "Kapan saja jadwalnya, Bu" (chat without "?") stay
    questions."""
    if unit.question_mark:
        return False
    toks = unit.tokens
    if i > _first_content(unit, "id"):
        return toks[i].text == "kapan"
    if i + 2 < len(toks) and toks[i + 2].text == "yang":
        return False  # "Apa saja yang sudah dicoba, Pak" asks
    address = lx.ADDRESS_TERMS["id"]
    for p in range(i + 3, len(toks)):
        if toks[p].text == ",":
            # a clause follows, not only a vocative ("Kapan saja jadwalnya, Bu")
            rest = [t for t in toks[p + 1 :] if t.kind == "word" and t.text not in address]
            return len(rest) >= 2
    return False


def _relative_statement(unit: Unit, yang: int) -> bool:
    """Whether "apa yang ..." (``yang`` at that index) heads a statement: no question mark,
    and after the relative clause the worker is the agent ("... tidak akan saya bagikan"),
    or a copula or an evaluation follows ("... adalah kekerasan", "... itu wajar")."""
    if unit.question_mark:
        return False
    toks = unit.tokens
    speakers = lx.WORKER_SPEAKERS["id"]
    for p in range(yang + 3, len(toks)):
        text = toks[p].text
        prev = toks[p - 1].text
        if text in speakers and prev in lx.ID_AGENT_LEAD:
            return True
        if text in lx.ID_COPULA:
            return True
        if text in lx.ID_EVALUATIVE and prev in ("itu", "ini"):
            return True
    return False


def _en_qword(unit: Unit) -> str:
    toks = unit.tokens
    k = _first_content(unit, "en")
    if k >= len(toks):
        return ""
    first = toks[k].text
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    nxt2 = toks[k + 2].text if k + 2 < len(toks) else ""
    if first in lx.QUESTION_WORDS["en"]:
        if nxt in (
            "about",
            "if",
            "else",
            "kind",
            "sort",
            "do",
            "does",
            "did",
            "are",
            "is",
            "was",
            "were",
            "can",
            "could",
            "would",
            "will",
            "have",
            "has",
            "had",
            "should",
            "might",
            "made",
            "makes",
            "happened",
            "happens",
            "brings",
            "brought",
            "helped",
            "helps",
            "led",
            "stops",
            "stopped",
            "worries",
        ):
            return first
        if nxt in lx.EN_SUBJECTS or nxt in ("i", "am"):
            return ""  # "what you said...", "how you felt makes sense"
        return first
    if first in lx.EN_AUX:
        if nxt in lx.EN_SUBJECTS or (nxt == "not" and nxt2 in lx.EN_SUBJECTS):
            return first
    return ""
