"""Engine-level judgements that single rules cannot make.

Which kind of question a unit is (open, closed, why; advice disguised as a question), and
whether a statement reflects, paraphrases or summarises the client's last words, judged
against those words (shared content roots, feeling words, tentative openers), not against a
stock list. Also absolute secrecy vs honest limits (RUBRIC §1.A RAH, §3.4 #16).
The phrases here are compiled with the ordinary pattern language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from simulator.scoring import lexicon as lx
from simulator.scoring.patterns import Lexicon, MatchEnv, Pattern, compile_pattern
from simulator.scoring.text import Unit

_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "id": {
        "advice_question": (
            "(bagaimana|mengapa) kalau",
            "mengapa (tidak|tak) ..2 (saja|aja)?",
            "sudah (pernah)? (coba|<coba>)",
            "apa (tidak|tak) (sebaiknya|lebih baik)",
            "bukankah (sebaiknya|lebih baik)",
            "(tidak|tak) (coba|<coba>) ..3 (saja)?",
        ),
        "in_session": ("<cerita>", "<jelas>", "<bicara>", "<sampai>", "<gambar>"),
        "permission": (
            "(kalau|jika|bila) $addr? (mau|berkenan|setuju|bersedia)",
            "(boleh|bolehkah) saya",
            "(apakah|apa) $addr (mau|bersedia|setuju)",
            "(keputusan|terserah|pilihan) ..3 $addr",
        ),
        "asks_advice": (
            "(saya|aku) (harus|sebaiknya|mesti) (bagaimana|apa|gimana)",
            "apa yang (harus|sebaiknya|bisa) (saya|aku) (lakukan|<laku>|perbuat)",
            "menurut $addr (saya|aku)? (harus|sebaiknya|bagaimana)",
            "(minta|ada|kasih) saran",
            "(bagaimana|gimana) (ya)? baiknya",
        ),
        "open_invite": (
            "<cerita>",
            "<jelas>",
            "<gambar>",
            "seperti apa",
            "apa saja",
            "apa yang",
        ),
        "why_invite": (),
        "closed_apa": (
            "^ apa ($addr|sudah|masih|pernah|benar|tidak|bisa|mau|ada|punya|sering|kamu|anda)",
        ),
        "absolute": (
            # "apa pun / siapa pun" is the universal "no matter what / who"; "siapa saja yang
            # Ibu percaya" is a free choice ("anyone you like"), not an absolute promise
            "(apa|siapa) pun",
            "apapun",
            "siapapun",
            "tidak akan (pernah)? ..3 (siapa|apa|orang)",
            "sampai kapan (pun)?",
            "janji",
            "rahasia kita (berdua)?",
        ),
        "limits": ("kecuali", "<batas>", "wajib", "terpaksa", "harus <lapor>", "keselamatan"),
        # an act announced for now ("lapor polisi sekarang juga") is a breach, not a limit
        "immediate": ("sekarang juga", "saat ini juga", "detik ini", "hari ini juga", "segera"),
        "values_why": ("penting", "berarti", "arti"),
        "safety": (
            "aman",
            "<selamat>",
            "<bahaya>",
            "<luka>",
            "<sakit>",
            "<bunuh>",
            "polisi",
            "darurat",
            "<lindung>",
            "<ancam>",
            "<pukul>",
        ),
        "double_sided": ("di satu sisi", "sisi lain", "sebagian dari diri"),
        # the worker evaluating the client: never a reflection of the client's words
        "evaluative": (
            "(kamu|$addr) (itu|memang|juga)? terlalu",
            "(harusnya|seharusnya|mestinya|semestinya)",
            "(kamu|$addr) (sendiri)? yang (membuat|bikin|menyebabkan|salah|memulai|memancing|cari)",
            "(gara-gara|akibat|ulah) (kamu|$addr)",
            "(salah|kesalahan) (kamu|$addr)",
        ),
        "tentative": (
            "^ (_ ','?)? (jadi|kedengarannya|sepertinya|tampaknya|rupanya|kelihatannya|seolah)",
        ),
        "embedded_question": (),
        "worker_subject": (),
    },
    "en": {
        "advice_question": (
            "why do not you",
            "why not just",
            "^ '-'? ((so|and|but|okay|ok|well|now|then|um|uh|right|alright|yeah|also|just|hmm) ','?)? "
            "((so|and|but|okay|ok|well|now|then|um|uh|right|alright|yeah|also|just|hmm) ','?)? "
            "have you (tried|thought about|considered)",
            "do not you think",
            "what about (trying|getting|going|talking)",
            "how about (you|trying|getting|going)",
            "would not it be (better|good)",
            "what if you",
            "could you not",
        ),
        # an invitation to talk in the session, or a question about past attempts
        # ("have you tried anything so far?"): not advice
        "in_session": (
            "tell* (me|us)",
            "talk about",
            "say more",
            "describe",
            "share",
            "fill (me|us) in",
            "walk (me|us) through",
            "have you (tried|thought about|considered) (anything|any|something|other|before)",
            "have you (thought about|considered) (what|how|whether|why|where|who|when|which)",
        ),
        "permission": (
            "(would|is) it (be)? (okay|ok|alright|all right) if",
            "(may|can|could) i (share|offer|suggest|tell|give|make)",
            "if you (like|want|wish|are interested)",
            "(up to|your choice|your decision|you decide|it is your)",
            "would you like (me|some|to hear)",
        ),
        "asks_advice": (
            "what (should|can|do) i (do|try)",
            "what (do|would) you (think|suggest|recommend|advise)",
            "what would you do",
            "any (advice|suggestions|ideas|tips)",
            "(tell|show) me what to do",
            "^ should i",
            "do you think i should",
        ),
        "open_invite": (
            "tell me",
            "describe",
            "say more",
            "talk about",
            "walk me through",
            "help me understand",
            "give me (an|some) example*",
            "(explain|share) ..3 (about|what|how|more)",
        ),
        "closed_apa": (),
        "why_invite": ("why do not you ..3 (tell*|fill|walk|say|describe|share|talk)",),
        "absolute": (
            "(never|not) ..2 (tell|share|say) ..3 (anyone|anybody|a soul)",
            "no matter what",
            "i promise",
            "(never|nothing) .. leave (this|the) room",
            "between (us|you and me) (forever|always)",
        ),
        "limits": (
            "unless",
            "except",
            "exception*",
            "limit*",
            "have to (act|tell|report|share)",
            "duty",
            "required to",
            "safety",
        ),
        # an act announced for now ("I have to report this ... right now") is a breach, not
        # an honest statement of the limits
        "immediate": (
            "right now",
            "right away",
            "straight away",
            "immediately",
            "at once",
            "now '.'",
            "today",
            "tonight",
        ),
        "values_why": ("important", "matter*", "mean*"),
        "safety": (
            "safe*",
            "danger*",
            "hurt*",
            "harm*",
            "kill*",
            "police",
            "emergency",
            "protect*",
            "crisis",
            "die",
            "suicid*",
            "abus*",
        ),
        "double_sided": ("on the one hand", "on the other hand", "part of you"),
        "evaluative": (
            "you (are|were|have been) (being)? too",
            "you should have",
            "(your|you) (own)? fault",
            "you (caused|provoked|provoke|brought this)",
            "you (made|make) (him|her|them|things|it|everything) (angry|mad|upset|worse|hit|leave)",
            "because of you",
        ),
        "tentative": (
            "^ (_ ','?)? (so|(it|that)? (sounds|looks|seems) like|it seems|am i (hearing|right))",
            "^ (_ ','?)? (what)? i am hearing",
        ),
        # a question inside a "so ..." unit: "So if we think back, how many times would you...?",
        # "So I mean, do you think they're good friends?": a question, not a rising reflection
        "embedded_question": (
            "(what|how|where|when|who|which|why) (many|much|often|long|kind|sort|else|important"
            "|confident|ready)? (of)? _? (do|does|did|would|will|could|can|is|are|was|were"
            "|have|has|should|might)",
            "^ (_ ','?)? (_ ','?)? (do|does|did|would|will|could|can|is|are|was|were|have|has"
            "|should) (you|he|she|they|it|that|this|there|we|your)",
            "',' (_ ','?)? (do|does|did|would|will|could|can|is|are|was|were|have|has|should)"
            " (you|he|she|they|it|that|this|there|we|your)",
        ),
        # the worker speaks of their own state or intention ("So, I guess I'm wondering if...",
        # "I want you to know...", "I hope you..."): not a guessed reflection
        "worker_subject": (
            "^ (_ ','?)? (_ ','?)? (_ ','?)? (i|we) (guess|think|mean|suppose)? (i|we)? (am|was"
            "|are|were|want|wanted|would|will|have|had|need|needed|hope|wonder|wondered|wondering"
            "|just|really|also|do not)",
        ),
    },
}
# AnnoMI's experts code "how often?", "how much?" as open; only "how old" asks for a number
_SMALL_ANSWER_WH = frozenset({"old"})
_EN_OPEN_WH = frozenset({"what", "how"})
_ID_OPEN_WH = frozenset({"bagaimana", "bagaimanakah", "apa", "seperti"})


@lru_cache(maxsize=64)
def phrases(lang: str, name: str) -> tuple[Pattern, ...]:
    """The engine's phrase patterns of one kind, compiled."""
    lang = lang if lang in _PHRASES else "en"
    return tuple(compile_pattern(p, lang, Lexicon({}, {})) for p in _PHRASES[lang][name])


# The key union of the token list looked at last: a unit's tokens are asked about several
# phrase kinds in a row, so the union is built once per list, not once per call. The list is
# held (not its id), so a new list can never be mistaken for it; token lists are not mutated.
_last_keys: list = [None, None, 0]


def _token_keys(tokens: list) -> frozenset | None:
    """The union of the tokens' match keys, or None when a token has none (no pre-check)."""
    if _last_keys[0] is tokens and _last_keys[2] == len(tokens):
        return _last_keys[1]
    keys = None
    if tokens and all(t.keys is not None for t in tokens):
        keys = frozenset().union(*(t.keys for t in tokens))
    _last_keys[:] = [tokens, keys, len(tokens)]
    return keys


def any_match(lang: str, name: str, tokens: list, env: MatchEnv) -> tuple[int, int] | None:
    """The first span where any phrase of kind ``name`` matches, or None."""
    keys = _token_keys(tokens)
    for pattern in phrases(lang, name):
        if keys is not None and not pattern.could_match(keys):
            continue
        span = pattern.search(tokens, env)
        if span is not None:
            return span
    return None


@dataclass
class UnitFacts:
    """What the engine knows about one unit beyond its tokens."""

    content: int = 0  # content words
    overlap: int = 0  # content words shared (by root) with the client's last words
    overlap_recent: int = 0  # ... with the client's last few utterances together
    feeling: bool = False  # names a feeling, not negated
    new_feeling: bool = False  # a feeling the client did not name
    uses_address: bool = False
    uses_name: bool = False  # the client's name, not only a generic "Ibu"
    opener: bool = False  # starts with a tentative reflection opener
    summary_opener: bool = False
    second_person: bool = False  # the client is the subject
    directive: bool = False  # should / harus / sebaiknya: not a reflection
    first_person: bool = False  # the worker speaks about themself


def question_move(unit: Unit, lang: str, env: MatchEnv) -> str:
    """open_question, closed_question or why_question for a question unit."""
    q = unit.qword
    toks = unit.tokens
    if q in lx.WHY_WORDS.get(lang, ()):
        if any_match(lang, "values_why", toks, env) or any_match(lang, "why_invite", toks, env):
            return "open_question"  # "mengapa hal itu penting bagi Bapak?"
        return "why_question"
    if any_match(lang, "open_invite", toks, env):
        if lang == "id" and q == "apa" and any_match(lang, "closed_apa", toks, env):
            return "closed_question"
        return "open_question"
    if lang == "en":
        if q in _EN_OPEN_WH:
            nxt = _after(toks, q)
            return "closed_question" if nxt in _SMALL_ANSWER_WH else "open_question"
        return "closed_question"
    if q in _ID_OPEN_WH:
        if q == "apa" and any_match(lang, "closed_apa", toks, env):
            return "closed_question"
        return "open_question"
    words = [t.text for t in toks if t.kind == "word"]
    if words and words[-1] == "apa":
        return "open_question"  # "langkah pertamanya apa?"
    return "closed_question"


def _after(toks: list, word: str) -> str:
    for i, t in enumerate(toks[:-1]):
        if t.text == word:
            return toks[i + 1].text
    return ""


# a prediction or possibility ("the classes are going to be really hard"), not the client's
# experience given back
_MODAL_WORDS = frozenset(
    {"will", "going", "gonna", "would", "could", "might", "may", "can", "akan", "bakal", "nanti"}
)


def is_empathic(unit: Unit, facts: UnitFacts) -> bool:
    """A short statement naming a feeling that is not the worker's own and predicts nothing
    ("Very hard.", "It's pretty exhausting work.", "Berat sekali."): an empathic reflection."""
    return (
        facts.feeling
        and facts.content <= 5
        and not facts.first_person
        and _MODAL_WORDS.isdisjoint(unit.words)
    )


def is_summary(facts: UnitFacts) -> bool:
    """A "jadi / so ..." statement taking up at least three of the client's recent words."""
    return facts.summary_opener and facts.content >= 6 and facts.overlap_recent >= 3


def reflection_move(
    unit: Unit, facts: UnitFacts, has_client: bool, rising: bool = False
) -> str | None:
    """reflection_simple, reflection_complex, paraphrase or summary; None if it is none.

    A reflection has the client as its subject (or a tentative opener) and takes up the
    client's words or names a feeling; it is complex when it adds meaning (a feeling the
    client did not name, or new content on top of theirs). A "so you..." statement is a
    reflection even without shared words (MITI: when unsure, simple). A statement that takes
    up two or more of the client's words is at least a paraphrase. ``rising``: judge a
    "Jadi ...?" / "So ...?" question with only a question mark as the reflection it is.
    """
    if (unit.kind == "question" and not rising) or facts.directive:
        return None
    echo = has_client and facts.overlap >= 2 and not facts.first_person
    # "Very hard." / "It's pretty exhausting work.": a short statement naming a feeling that
    # is not the worker's own gives the client's experience back (MITI simple/complex)
    empathic = is_empathic(unit, facts) and has_client
    if not (facts.opener or facts.second_person or facts.summary_opener or echo or empathic):
        return None
    if facts.first_person and not facts.opener:
        return None
    new = max(0, facts.content - facts.overlap)
    if has_client:
        if is_summary(facts):
            return "summary"  # ties together several things the client said
        if facts.overlap == 0 and not facts.feeling:
            if (
                facts.second_person
                and facts.overlap_recent >= 1
                and not facts.summary_opener
                and _MODAL_WORDS.isdisjoint(unit.words)
            ):
                # "You've been walking a lot." about what the client said a turn earlier
                return (
                    "reflection_complex"
                    if facts.content - facts.overlap_recent >= 3
                    else "reflection_simple"
                )
            if facts.summary_opener and facts.second_person and facts.content >= 1:
                return "reflection_complex" if facts.content >= 3 else "reflection_simple"
            return None
        if facts.new_feeling or (facts.overlap >= 1 and new >= 3):
            return "reflection_complex"
        if facts.overlap >= 2 and not facts.feeling and new <= 1 and not facts.opener:
            return "paraphrase"
        return "reflection_simple"
    if facts.feeling:
        return (
            "reflection_complex" if facts.opener and facts.content >= 3 else ("reflection_simple")
        )
    if facts.summary_opener and facts.second_person and facts.content >= 1:
        return "reflection_simple"
    if facts.opener and facts.content >= 2:
        return "reflection_simple"
    return None


# Deltas of the moves the engine itself recognises (when no rule gave the unit a move).
ENGINE_DELTAS: dict[str, dict[str, float]] = {
    "open_question": {"openness": 0.5},
    "closed_question": {},
    "why_question": {"openness": -0.5, "acceptance": -0.25},
    "reflection_simple": {"openness": 0.5, "acceptance": 0.25},
    "reflection_complex": {"openness": 1.0, "individualisation": 0.5, "acceptance": 0.25},
    "paraphrase": {"openness": 0.5},
    "summary": {"openness": 1.0, "participation": 0.5},
    "advice": {"participation": -1.0, "individualisation": -0.25},
    "advice_with_permission": {"participation": 0.25},
}

ENGINE_MESSAGES: dict[str, dict[str, str]] = {
    "id": {
        "open_question": "Pertanyaan terbuka: mengundang klien bercerita dengan kata-katanya sendiri.",
        "closed_question": "Pertanyaan tertutup: berguna untuk memastikan fakta; jangan terlalu"
        " sering, karena klien hanya menjawab ya atau tidak.",
        "why_question": "Pertanyaan 'mengapa' mudah terdengar menuntut pembenaran; coba "
        "'apa yang membuat...' atau 'bagaimana ceritanya...'.",
        "reflection_simple": "Refleksi: Anda mengembalikan apa yang klien katakan, sehingga ia "
        "merasa didengar.",
        "reflection_complex": "Refleksi kompleks: Anda menambahkan makna atau perasaan di balik "
        "kata-kata klien.",
        "paraphrase": "Parafrase: Anda mengulang isi cerita klien dengan ringkas.",
        "summary": "Rangkuman: Anda menyatukan beberapa hal yang diceritakan klien; tanyakan "
        "apakah rangkumannya sudah tepat.",
        "advice": "Saran yang dibungkus pertanyaan tetap saran: tanyakan dulu ide klien sendiri, "
        "atau minta izin sebelum memberi saran.",
        "advice_with_permission": "Saran dengan izin: klien tetap memegang keputusan.",
        "stacked": "Beberapa pertanyaan tertutup beruntun membuat wawancara terasa seperti "
        "interogasi; ajukan satu pertanyaan terbuka.",
        "absolute_risk": "Menjanjikan rahasia mutlak kepada klien yang berisiko melanggar "
        "kewajiban melindungi; jelaskan batas kerahasiaan dengan jujur.",
        "absolute": "Janji rahasia mutlak tidak dapat dipegang; jelaskan juga batas "
        "kerahasiaannya.",
        "honest_limits": "Anda menjelaskan batas kerahasiaan dengan jujur: itu bukan pelanggaran.",
        "client_words": "Anda memakai kata-kata klien sendiri: klien dipandang sebagai pribadi "
        "yang unik.",
        "name": "Anda menyapa klien dengan nama atau sapaannya.",
        "risk_ignored": "Klien menyebut tanda bahaya; tanyakan keselamatannya secara langsung "
        "sebelum hal lain.",
    },
    "en": {
        "open_question": "Open question: it invites the client to tell their story in their own "
        "words.",
        "closed_question": "Closed question: useful to check a fact; used often, it leaves the "
        "client only yes or no.",
        "why_question": "A 'why' question easily sounds like a demand for justification; try "
        "'what led to...' or 'how did it come about...'.",
        "reflection_simple": "Reflection: you gave back what the client said, so they feel heard.",
        "reflection_complex": "Complex reflection: you added the meaning or feeling behind the "
        "client's words.",
        "paraphrase": "Paraphrase: you restated the content of what the client said.",
        "summary": "Summary: you pulled together several things the client said; check that "
        "you got it right.",
        "advice": "Advice wrapped in a question is still advice: ask for the client's own ideas "
        "first, or ask permission before advising.",
        "advice_with_permission": "Advice with permission: the client keeps the decision.",
        "stacked": "Several closed questions in a row feel like an interrogation; ask one open "
        "question instead.",
        "absolute_risk": "Promising absolute secrecy to a client at risk breaks the duty to "
        "protect; explain the limits of confidentiality honestly.",
        "absolute": "A promise of absolute secrecy cannot be kept; explain the limits of "
        "confidentiality too.",
        "honest_limits": "You stated the limits of confidentiality honestly: that is not a breach.",
        "client_words": "You used the client's own words: they are treated as a unique person.",
        "name": "You addressed the client by name or their form of address.",
        "risk_ignored": "The client named a danger sign; ask about their safety directly before "
        "anything else.",
    },
}
