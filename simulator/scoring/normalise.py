"""Spelling tables: everyday Indonesian forms -> standard forms, English contractions.

The scorer matches rules against standard forms, so that one pattern covers ``gak``,
``nggak`` and ``tidak``. The original spelling is never lost: every token keeps the span of
the text the student typed, and register (``gue``, ``lo``, ``kamu``) is *not* normalised,
because it is itself a signal (RUBRIC §3.5 c-d).

Entries map one lower-case word to one or more standard words (``makasih`` -> ``terima
kasih``). Rule authors may append entries; keep keys lower case and without punctuation.
"""

from __future__ import annotations

# Indonesian colloquial / chat spelling -> standard (RUBRIC §3.5 c). A value with a space
# expands to several tokens that share the original span.
# fmt: off
ID_STANDARD: dict[str, str] = {
    # negation
    "nggak": "tidak", "enggak": "tidak", "engga": "tidak", "gak": "tidak", "ga": "tidak",
    "ngga": "tidak", "gk": "tidak", "tdk": "tidak", "ndak": "tidak", "nda": "tidak",
    "kagak": "tidak", "ngak": "tidak", "gag": "tidak", "tak": "tak",
    "gpp": "tidak apa-apa", "gapapa": "tidak apa-apa", "nggapapa": "tidak apa-apa",
    "ngapapa": "tidak apa-apa", "gakpapa": "tidak apa-apa", "papa": "apa-apa",
    "belom": "belum", "blm": "belum",
    # aspect, adverbs, particles with a standard form
    "udah": "sudah", "udh": "sudah", "sdh": "sudah", "dah": "sudah", "uda": "sudah",
    "aja": "saja", "aj": "saja", "ajah": "saja", "doang": "saja",
    "banget": "sekali", "bgt": "sekali", "bngt": "sekali",
    "emang": "memang", "emg": "memang", "lagi": "lagi",
    "cuma": "hanya", "cuman": "hanya", "cm": "hanya",
    "yaudah": "ya sudah", "yaudh": "ya sudah", "yodah": "ya sudah",
    # question words
    "gimana": "bagaimana", "gmn": "bagaimana", "gmana": "bagaimana", "gimna": "bagaimana",
    "bgmn": "bagaimana", "bagaimanakah": "bagaimanakah",
    "kenapa": "mengapa", "knp": "mengapa", "napa": "mengapa", "ngapain": "ngapain",
    # function words
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "krn": "karena", "karna": "karena",
    "krna": "karena", "kalo": "kalau", "klo": "kalau", "kl": "kalau", "klau": "kalau",
    "utk": "untuk", "untk": "untuk", "jg": "juga", "jga": "juga", "tp": "tapi", "tpi": "tapi",
    "sm": "sama", "ama": "sama", "dr": "dari", "jd": "jadi", "jdi": "jadi",
    "gitu": "begitu", "gt": "begitu", "gini": "begini", "kayak": "seperti", "kyk": "seperti",
    "kaya": "kaya", "nih": "ini", "tuh": "itu", "sampe": "sampai", "pake": "pakai",
    "skrg": "sekarang", "skrng": "sekarang", "kmrn": "kemarin", "bnyk": "banyak",
    "org": "orang", "bs": "bisa", "bsa": "bisa", "sy": "saya", "sya": "saya",
    "km": "kamu", "kmu": "kamu", "aq": "aku", "tau": "tahu", "tw": "tahu",
    "pengen": "ingin", "pengin": "ingin", "pingin": "ingin", "pgn": "ingin",
    "makasih": "terima kasih", "makasi": "terima kasih", "mksh": "terima kasih",
    "trims": "terima kasih", "trimakasih": "terima kasih", "terimakasih": "terima kasih",
    "mba": "mbak", "mbk": "mbak", "bpk": "bapak", "ibuk": "ibu",
    # common colloquial verbs and adjectives
    "bener": "benar", "denger": "dengar", "ngerti": "mengerti", "gede": "besar",
    "bikin": "membuat", "liat": "lihat", "ngeliat": "melihat", "ketemu": "bertemu",
    "nyari": "mencari", "ngasih": "memberi", "kasih tau": "memberi tahu",
    "kesel": "kesal", "males": "malas", "nangis": "menangis", "mikir": "berpikir",
    "nanya": "bertanya", "ngobrol": "mengobrol", "ngerasa": "merasa", "ngebantu": "membantu",
    "nulis": "menulis", "ngajak": "mengajak", "ngomong": "ngomong", "cape": "capek",
    "capai": "capai", "takut": "takut", "sedih": "sedih",
    # colloquial -in verbs whose standard form is not derivable by rule
    "dengerin": "dengarkan", "ceritain": "ceritakan", "bantuin": "bantu",
    "nyalahin": "menyalahkan", "salahin": "salahkan", "rahasiain": "rahasiakan",
    "putusin": "putuskan", "cariin": "carikan", "teleponin": "teleponkan",
    "pinjemin": "pinjamkan", "temenin": "temani", "nanyain": "menanyakan",
    "jelasin": "jelaskan", "ngejelasin": "menjelaskan", "ngomongin": "membicarakan",
    "ngobrolin": "membicarakan", "kasihtau": "memberi tahu", "lupain": "lupakan",
    "pikirin": "pikirkan", "dipikirin": "dipikirkan", "sabarin": "sabarkan",
    # appended by the Indonesian rulebook: chat spellings and colloquial verbs of risk cues
    "jgn": "jangan", "jngn": "jangan", "diem": "diam", "ngancam": "mengancam",
    "ngancem": "mengancam", "mukul": "memukul", "nampar": "menampar", "nendang": "menendang",
    "nyiksa": "menyiksa", "nyakitin": "menyakiti", "ngelukain": "melukai", "nyilet": "menyilet",
}

# Words that end in -lah / -kah / -pun but are not a stem plus a particle: stripping would
# turn ``masalah`` into ``masa`` (the disbelief particle, RUBRIC §3.4 #14).
ID_PARTICLE_EXCEPTIONS: frozenset[str] = frozenset(
    {
        "masalah", "salah", "sekolah", "kalah", "jumlah", "telah", "olah", "lelah", "istilah",
        "allah", "sebelah", "belah", "galah", "sudah", "langkah", "nikah", "berkah", "tokah",
        "kuliah", "sejarah", "ampun", "pun", "nilah", "lah", "kah", "meskipun", "walaupun",
        "sholat", "mushola", "wilayah", "bawah", "punah",
    }
)

# Words ending in -in that are not colloquial -kan/-i verbs.
ID_IN_EXCEPTIONS: frozenset[str] = frozenset(
    {
        "ingin", "main", "lain", "yakin", "mungkin", "kemarin", "dingin", "miskin", "angin",
        "mesin", "rutin", "latin", "kain", "cermin", "domain", "dermawain", "batin", "lahir",
        "pin", "poin", "vitamin", "admin", "makin", "semakin", "kawin", "ikhlasin", "insulin",
        "amin", "izin", "ijin", "kafein", "protein", "bensin", "kuatin", "jamin", "terjamin",
        "bermain", "berlain", "perlain", "ngin", "mainin",
    }
)

# English contractions. ``'s`` after a noun is a possessive and is dropped (``husband's`` ->
# ``husband``); after these words it is ``is``.
EN_CONTRACTIONS: dict[str, str] = {
    "can't": "can not", "cannot": "can not", "won't": "will not", "shan't": "shall not",
    "ain't": "is not", "let's": "let us", "i'm": "i am", "y'all": "you all",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "dunno": "do not know",
    "kinda": "kind of", "sorta": "sort of", "ok": "okay", "o.k.": "okay",
    # typed without the apostrophe (chat); only forms that are not also ordinary words
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "can not",
    "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not",
    "shouldnt": "should not", "wouldnt": "would not", "couldnt": "could not",
    "havent": "have not", "hasnt": "has not", "hadnt": "had not", "im": "i am",
    "youre": "you are", "youve": "you have", "youll": "you will", "ive": "i have",
    "theyre": "they are", "thats": "that is", "whats": "what is", "theres": "there is",
    "wont": "will not", "u": "you", "pls": "please", "plz": "please", "cuz": "because",
    "coz": "because", "idk": "i do not know", "tbh": "to be honest", "thx": "thanks",
}
EN_S_IS: frozenset[str] = frozenset(
    {"it", "that", "he", "she", "what", "there", "here", "who", "where", "how", "this", "everything",
     "nothing", "something", "someone", "everyone", "one"}
)
EN_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"),
    ("'m", "am"),
)

# fmt: on


def standard_words(word: str, lang: str) -> tuple[str, ...]:
    """The standard word(s) for one lower-case word token.

    Args:
        word: a casefolded word (letters, digits, inner hyphens or apostrophes).
        lang: ``"id"`` or ``"en"``; English contractions are expanded in both languages
            (code-switching), the Indonesian table is used for ``id`` only.

    Returns:
        One or more words; the word itself when nothing applies.
    """
    if "'" in word:
        return _english(word)
    if lang == "id":
        std = ID_STANDARD.get(word)
        if std is not None:
            return tuple(std.split())
        if "-" in word:
            parts = word.split("-")
            mapped = [ID_STANDARD.get(p, p) for p in parts]
            if all(" " not in m for m in mapped):
                return ("-".join(mapped),)
    elif word in EN_CONTRACTIONS:
        return tuple(EN_CONTRACTIONS[word].split())
    return (word,)


def _english(word: str) -> tuple[str, ...]:
    std = EN_CONTRACTIONS.get(word)
    if std is not None:
        return tuple(std.split())
    for suffix, full in EN_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            base = word[: -len(suffix)]
            if suffix == "n't":
                base = {"ca": "can", "wo": "will", "sha": "shall"}.get(base, base)
            return (base, full)
    if word.endswith("'s") and len(word) > 2:
        base = word[:-2]
        return (base, "is") if base in EN_S_IS else (base,)
    if word.endswith("s'") and len(word) > 2:
        return (word[:-1],)
    return (word.replace("'", ""),) if word.strip("'") else (word,)
