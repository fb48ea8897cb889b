"""Word lists the text pipeline and the engine need for every rulebook, per language.

These are grammar words (question words, negators, contrastives, attribution markers,
address terms, stop words), not judgements: what counts as a feeling, a risk cue or a
reflection opener comes from the rulebook's ``lexicon`` section, which may extend the
defaults at the end of this file (RUBRIC §3.5).
"""

from __future__ import annotations

# fmt: off
NEGATORS: dict[str, frozenset[str]] = {
    "id": frozenset({"tidak", "bukan", "jangan", "belum", "tak", "tanpa", "bukannya", "tiada"}),
    "en": frozenset({"not", "never", "no", "without", "nothing", "nobody", "none", "nor"}),
}
# negator + one of these is an idiom, not negation: "tidak apa-apa", "not only"
NEG_IDIOMS: dict[str, frozenset[str]] = {
    "id": frozenset({"apa-apa", "apa", "mengapa", "mengapa-mengapa", "masalah", "hanya", "saja"}),
    "en": frozenset({"only", "problem", "worries", "matter", "doubt"}),
}
# negator + one of these modals: only the modal is negated ("tidak harus memutuskan sekarang")
NEG_MODALS: dict[str, frozenset[str]] = {
    "id": frozenset({"harus", "perlu", "wajib", "mesti", "musti"}),
    "en": frozenset({"have", "need", "must", "necessarily", "required"}),
}
NEG_WINDOW = 6
# clause words a negator can reach through: "bukan karena malas" / "not because you're lazy"
NEG_THROUGH: dict[str, frozenset[str]] = {
    "id": frozenset({"karena", "sebab", "gara-gara", "akibat"}),
    "en": frozenset({"because", "since"}),
}

CONTRASTIVES: dict[str, frozenset[str]] = {
    "id": frozenset({"tapi", "tetapi", "namun", "padahal"}),
    "en": frozenset({"but", "however", "yet"}),
}
CLAUSE_WORDS: dict[str, frozenset[str]] = {
    "id": frozenset({"dan", "tapi", "tetapi", "namun", "padahal", "karena", "kalau", "jika",
                     "sehingga", "agar", "supaya", "lalu", "sedangkan", "atau"}),
    "en": frozenset({"and", "but", "however", "because", "if", "so", "then", "although",
                     "while", "or", "yet", "since", "unless"}),
}
CLAUSE_PUNCT = frozenset({",", ";", ":", ".", "!", "?", "…", "-", "–", "—", "(", ")"})
SENTENCE_PUNCT = frozenset({".", "!", "?", "…", ";"})

QUESTION_WORDS: dict[str, frozenset[str]] = {
    "id": frozenset({"apa", "apakah", "bagaimana", "bagaimanakah", "siapa", "siapakah", "kapan",
                     "kapankah", "berapa", "berapakah", "mana", "manakah", "dimana", "mengapa",
                     "mengapakah", "ngapain", "kok", "bisakah", "bolehkah", "maukah", "adakah",
                     "sudahkah", "benarkah", "masa", "seberapa"}),
    "en": frozenset({"what", "how", "why", "who", "when", "where", "which", "whose", "whom"}),
}
WHY_WORDS: dict[str, frozenset[str]] = {
    "id": frozenset({"mengapa", "mengapakah", "ngapain", "kok"}),
    "en": frozenset({"why"}),
}
# "apa" followed by these is not a question ("apa adanya", "apa pun")
ID_APA_NOT_QUESTION = frozenset({"adanya", "pun", "lagi-lagi"})
# "Apa yang Ibu sampaikan tidak akan saya bagikan": "apa yang" heads a statement when, after
# the relative clause, the worker is the agent ("tidak akan saya bagikan", "hanya saya catat"),
# or a copula or an evaluation follows ("adalah", "itu wajar")
ID_AGENT_LEAD = frozenset({"tidak", "tak", "akan", "hanya", "cuma", "tetap", "pasti", "juga"})
ID_COPULA = frozenset({"adalah", "merupakan", "ialah"})
ID_EVALUATIVE = frozenset({"wajar", "penting", "normal", "benar", "sah", "manusiawi", "berat",
                           "rahasia", "berharga", "berarti", "luar", "bukan"})
ID_KAH_STEMS = frozenset({"apa", "siapa", "bagaimana", "mana", "kapan", "berapa", "bisa",
                          "boleh", "mau", "sudah", "benar", "betul", "ada", "dapat", "perlu",
                          "harus", "pernah", "masih", "akan", "tidak", "bukan", "mengapa",
                          "sanggup", "yakin", "siap", "ingin", "maukah", "perlukah"})
ID_TAGS = frozenset({"kan", "bukan", "toh"})
ID_YN_OPENERS = frozenset({"bisa", "boleh", "mau", "apa", "sudah", "pernah", "ada"})
EN_AUX = frozenset({"do", "does", "did", "are", "is", "was", "were", "can", "could", "would",
                    "will", "have", "has", "had", "should", "may", "might", "shall", "am"})
EN_SUBJECTS = frozenset({"you", "i", "we", "he", "she", "they", "it", "there", "your", "this",
                         "that", "anyone", "anything", "anybody", "someone", "something",
                         "things", "people", "yourself"})
LEADING_FILLERS: dict[str, frozenset[str]] = {
    "id": frozenset({"jadi", "lalu", "terus", "nah", "oke", "okay", "baik", "baiklah", "ya",
                     "iya", "hmm", "hm", "oh", "o", "maaf", "sebelumnya", "kemudian", "trus",
                     "eh", "wah", ","}),
    "en": frozenset({"so", "and", "okay", "ok", "well", "now", "um", "uh", "alright", "then",
                     "also", "oh", "hmm", "hm", "right", "yeah", "yes", "sure", ","}),
}

# Words an encourager unit may hold besides what the encourager rule matched ("Hmm, terus?",
# "Mm, I see", "Silakan lanjut, saya dengarkan"); two or more other words say more
BACKCHANNEL: dict[str, frozenset[str]] = {
    "id": LEADING_FILLERS["id"] | frozenset({"lanjut", "lanjutkan", "teruskan", "begitu", "gitu",
                                             "oke", "sip", "mm", "he-eh", "saya", "aku",
                                             "dengarkan", "mendengarkan", "masih", "di", "sini",
                                             "kok", "silakan", "ayo", "lalu", "kemudian"}),
    "en": LEADING_FILLERS["en"] | frozenset({"i", "see", "go", "on", "got", "it", "mm", "mhm",
                                             "mm-hm", "mm-hmm", "uh-huh", "ah", "carry", "keep",
                                             "going", "gotcha", "then", "after", "that"}),
}

ATTRIBUTION: dict[str, tuple[tuple[str, ...], ...]] = {
    "id": (("kata",), ("katanya",), ("bilang",), ("dibilang",), ("dicap",), ("menyebut",),
           ("disebut",), ("menyebutnya",), ("mengatakan",), ("dikatakan",), ("menurut", "dia"),
           ("menurut", "suami"), ("menurut", "istri"), ("menurut", "mereka")),
    "en": (("you", "said"), ("you", "say"), ("said",), ("says",), ("calls", "you"),
           ("called", "you"), ("call", "you"), ("in", "your", "words"), ("told", "you"),
           ("tells", "you"), ("you", "mentioned"), ("you", "called"), ("accused", "you"),
           ("according", "to")),
}
# The worker as the speaker ("saya harus mengatakan...", "kata saya", "like I said"): their own
# words, not reported speech; the words allowed between the worker and the speech verb
WORKER_SPEAKERS: dict[str, frozenset[str]] = {
    "id": frozenset({"saya", "aku", "gue", "gua", "kami"}),
    "en": frozenset({"i", "we"}),
}
SPEECH_AUX: dict[str, frozenset[str]] = {
    "id": frozenset({"harus", "perlu", "mau", "ingin", "terpaksa", "akan", "sudah", "telah",
                     "tadi", "cuma", "hanya", "juga", "pernah", "sempat", "mesti", "bakal",
                     "sih", "kan", "memang", "justru", "dari", "dulu", "sering", "selalu"}),
    "en": frozenset({"have", "has", "to", "must", "want", "need", "just", "already", "will",
                     "would", "should", "had", "always", "only", "also", "do", "did", "never"}),
}
# <address> + one of these: what follows is the client's own view of themself (RUBRIC §3.4 #6)
SELF_VIEW: dict[str, frozenset[str]] = {
    "id": frozenset({"merasa", "menganggap", "mengira", "memandang", "melihat"}),
    "en": frozenset({"feel", "feeling", "felt", "think", "believe", "see", "consider", "call"}),
}
QUOTES_TOGGLE = frozenset({'"', "'", "`"})
QUOTES_OPEN = frozenset({"“", "‘", "«", "„", "‹"})
QUOTES_CLOSE = frozenset({"”", "’", "»", "›"})

# Second-person address: the words by which a worker speaks *to* the client.
ADDRESS_TERMS: dict[str, frozenset[str]] = {
    "id": frozenset({"ibu", "bu", "bapak", "pak", "mas", "mbak", "kak", "kakak", "adik", "dek",
                     "anda", "kamu", "saudara", "saudari", "engkau", "kau", "lo", "lu", "nak",
                     "om", "tante", "bang", "abang", "teteh", "neng", "akang"}),
    "en": frozenset({"you", "your", "yourself", "you're"}),
}
# Indonesian lexicon lists of nouns: an entry also matches with the possessive/definite -nya
# ("suaminya", "puskesmasnya"). Lists of feelings, labels, verbs and address words do not: there
# -nya changes the meaning ("ibunya" is a mother, not the client; "takutnya" hedges; "rasanya")
ID_NYA_LISTS = frozenset({"third_party", "service", "diagnosis", "jargon"})
# after an address term these make it a kin term or a possessive ("ibu saya", "ibu dia")
ID_POSSESSORS = frozenset({"saya", "aku", "kamu", "dia", "mereka", "kami", "kita", "anda",
                           "bapak", "ibu", "mas", "mbak", "beliau", "klien"})

STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset("""
        yang dan di ke dari ini itu dengan untuk pada adalah ada tidak bukan jangan belum tak
        saya aku kamu anda dia mereka kami kita ibu bu bapak pak mas mbak kak dek sudah akan
        sedang masih juga saja hanya lagi sangat sekali lebih bisa dapat mau ingin harus perlu
        boleh apa apakah bagaimana siapa kapan mana berapa mengapa karena kalau jika agar
        supaya tapi tetapi namun padahal atau lalu terus jadi seperti begitu begini ya iya kok
        sih dong deh kan lah pun nah tuh nih oh wah hmm hm oke baik memang punya para oleh
        sebagai sama tentang dalam atas bawah antara setelah sebelum sambil bahwa maka pula
        telah baru pernah selalu sering kadang semua setiap banyak sedikit tadi nanti sekarang
        ini-itu begitulah seperti-nya nya ku mu si sang tersebut hal cara orang merasa rasa
    """.split()),
    "en": frozenset("""
        a an the and or but if so then of to in on at by for with from about as into than
        that this these those it its is are was were be been being am do does did have has
        had will would can could should may might must shall not no never i me my mine you
        your yours he him his she her they them their we us our what how why who when where
        which there here just also very really too more most much many some any all each
        okay ok yeah yes well um uh mm hmm like get got go going know think feel felt sounds
        sound seems seem kind sort lot thing things something anything right now then again
    """.split()),
}

# Defaults for the engine's lexicon lists; a rulebook's lists of the same name extend them.
DEFAULT_LISTS: dict[str, dict[str, tuple[str, ...]]] = {
    "id": {
        "feeling": ("sedih", "marah", "kecewa", "takut", "malu", "bingung", "capek", "cemas",
                    "khawatir", "kesal", "sakit hati", "putus asa", "sendirian", "kesepian",
                    "tertekan", "stres", "lelah", "terbebani", "bersalah", "gagal", "senang",
                    "lega", "bangga", "berat", "hancur", "frustrasi", "panik", "gelisah", "terluka",
                    "dikhianati", "diabaikan", "dihakimi", "tersinggung", "terpaksa", "galau"),
        "reflection_opener": ("kedengarannya", "sepertinya", "tampaknya", "rupanya",
                              "kelihatannya", "jadi ibu", "jadi bapak", "seolah", "rasanya ibu",
                              "kalau saya tidak salah tangkap", "saya menangkap", "saya dengar"),
        "summary_opener": ("jadi", "kalau saya rangkum", "saya rangkum", "singkatnya",
                           "dari yang ibu ceritakan", "dari yang bapak ceritakan",
                           "dari semua yang", "intinya"),
        "risk_cue": ("bunuh diri", "mengakhiri hidup", "mati saja", "ingin mati", "dipukul",
                     "memukul", "kekerasan", "ditampar", "diancam", "mengancam", "menyakiti",
                     "melukai", "pisau", "racun", "tidak aman", "lebam", "dianiaya", "diperkosa",
                     "pelecehan", "disiksa", "tidak mau hidup"),
    },
    "en": {
        "feeling": ("sad", "angry", "upset", "afraid", "scared", "ashamed", "embarrassed",
                    "confused", "tired", "exhausted", "anxious", "worried", "frustrated", "hurt",
                    "lonely", "alone", "stressed", "overwhelmed", "guilty", "hopeless", "stuck",
                    "relieved", "proud", "happy", "nervous", "annoyed", "disappointed",
                    "betrayed", "ignored", "judged", "torn", "afraid", "fear", "frightened",
                    "depressed", "down", "concerned", "uncomfortable", "helpless"),
        "reflection_opener": ("it sounds like", "sounds like", "it seems", "seems like",
                              "it sounds as if", "so you", "you feel", "you are feeling",
                              "you are", "you have been", "what i am hearing",
                              "what i hear", "i hear", "it is like", "you want", "you would like",
                              "you do not", "you are not", "part of you"),
        "summary_opener": ("so", "let me see if i have got this", "to sum up", "in summary",
                           "let me summarize", "let me summarise", "let me pull",
                           "so far you have", "what i have heard"),
        "risk_cue": ("kill myself", "suicide", "end my life", "want to die", "hurt myself",
                     "hit me", "hits me", "beat me", "beats me", "abuse", "abused", "violence",
                     "not safe", "unsafe", "threatened", "threatens", "knife", "gun", "overdose",
                     "took all the pills", "took all my pills", "take all the pills",
                     "take all my pills", "taking all the pills", "taking all my pills",
                     "swallowed the pills", "bottle of pills",
                     "bruise", "bruises", "self-harm", "cut myself"),
    },
}
CONFIRMATION: dict[str, tuple[str, ...]] = {
    "id": ("iya betul", "ya betul", "betul sekali", "benar sekali", "tepat sekali", "itu intinya",
           "memang itu", "persis", "iya benar", "betul bu", "betul pak", "betul mbak", "betul mas"),
    "en": ("exactly", "that is right", "that is it", "you got it", "spot on", "yes exactly",
           "that is exactly", "right exactly"),
}
DIRECTIVES: dict[str, frozenset[str]] = {
    "id": frozenset({"harus", "sebaiknya", "mesti", "wajib", "mending", "lebih baik", "coba",
                     "jangan"}),
    "en": frozenset({"should", "must", "need", "ought", "try", "better"}),
}
# fmt: on
