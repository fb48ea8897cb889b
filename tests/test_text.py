"""The text pipeline: normalisation with original spans, units, questions, negation, quotes."""

from __future__ import annotations

import pytest

from simulator.scoring.morph import roots, word_forms
from simulator.scoring.text import analyse, tokenize


def texts(s: str, lang: str = "id") -> list[str]:
    return [t.text for t in tokenize(s, lang)]


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("gak", "tidak"),
        ("nggak", "tidak"),
        ("enggak", "tidak"),
        ("ga", "tidak"),
        ("ngga", "tidak"),
        ("gk", "tidak"),
        ("tdk", "tidak"),
        ("ndak", "tidak"),
        ("udah", "sudah"),
        ("udh", "sudah"),
        ("sdh", "sudah"),
        ("dah", "sudah"),
        ("aja", "saja"),
        ("gimana", "bagaimana"),
        ("gmn", "bagaimana"),
        ("kenapa", "mengapa"),
        ("knp", "mengapa"),
        ("yg", "yang"),
        ("sy", "saya"),
        ("bgt", "sekali"),
        ("krn", "karena"),
        ("kalo", "kalau"),
        ("gitu", "begitu"),
        ("pengen", "ingin"),
    ],
)
def test_everyday_indonesian_maps_to_standard(typed: str, standard: str) -> None:
    assert texts(typed) == [standard]


def test_multiword_expansions_share_the_original_span() -> None:
    toks = tokenize("Makasih ya", "id")
    assert [t.text for t in toks] == ["terima", "kasih", "ya"]
    assert toks[0].start == toks[1].start == 0 and toks[1].end == 7


def test_english_contractions() -> None:
    assert texts("Don't you're can't I'm it's husband's", "en") == [
        "do",
        "not",
        "you",
        "are",
        "can",
        "not",
        "i",
        "am",
        "it",
        "is",
        "husband",
    ]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Wh-what do you think?", ["what", "do", "you", "think", "?"]),
        ("Wha-wha-what made you stop?", ["what", "made", "you", "stop", "?"]),
        ("I-I see", ["i", "see"]),
        ("I-I'm not sure", ["i", "am", "not", "sure"]),
        ("it's n-not easy", ["it", "is", "not", "easy"]),
        ("How-how's the new flat?", ["how", "is", "the", "new", "flat", "?"]),
        ("you've-you've done it", ["you", "have", "done", "it"]),
        ("tell-tell me more", ["tell", "me", "more"]),
    ],
)
def test_english_stutters_read_as_the_word(typed: str, read: list[str]) -> None:
    assert texts(typed, "en") == read


@pytest.mark.parametrize(
    "word", ["one-on-one", "re-engage", "mm-hmm", "uh-huh", "x-ray", "in-laws", "pre-med"]
)
def test_english_compounds_are_not_stutters(word: str) -> None:
    assert texts(word, "en") == [word]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("It sounds- it sounds like a lot", "it sounds like a lot"),
        ("So, am I- am I right?", "so , am i right ?"),
        ("they're not giving- they're not giving you time", "they are not giving you time"),
        ("What are-- what are the options?", "what are the options ?"),
        ("I was - well, fine", "i was - well , fine"),
        ("one - two - three", "one - two - three"),
    ],
)
def test_english_self_repair_across_a_dash_is_read_once(typed: str, read: str) -> None:
    units = analyse(typed, "en").units
    assert " ".join(t.text for u in units for t in u.tokens) == read


def test_indonesian_keeps_words_around_a_dash() -> None:
    units = analyse("Ibu- Ibu sudah makan?", "id").units
    assert [t.text for u in units for t in u.tokens][:3] == ["ibu", "-", "ibu"]


def test_reduplication_with_2_and_hyphen() -> None:
    assert texts("pelan2 baik-baik ibu2") == ["pelan-pelan", "baik-baik", "ibu-ibu"]
    assert "pelan" in roots("pelan-pelan")


def test_spans_index_the_original_text_even_after_nfkc_and_casefold() -> None:
    text = "Ｉｂｕ  STRASSE straße 😊 :)"
    toks = tokenize(text, "en")
    for tok in toks:
        assert text[tok.start : tok.end]  # every span is non-empty and inside the text
    assert [text[t.start : t.end] for t in toks] == ["Ｉｂｕ", "STRASSE", "straße", "😊", ":)"]
    assert toks[0].text == "ibu" and toks[2].text == "strasse"
    assert toks[3].kind == "emoji" and toks[4].kind == "emoji"


def test_elongated_chat_spelling() -> None:
    assert texts("gaaak bangeeet") == ["tidak", "sekali"]


def test_affixes_never_merge_plain_words() -> None:
    # RUBRIC §3.4 #2: plain `salah` must not match `menyalahkan`; only <salah> does
    assert "salah" not in word_forms("menyalahkan")
    for form in ("menyalahkan", "disalahkan", "kesalahan", "bersalah", "salahnya", "nyalahin"):
        assert "salah" in roots(form), form
    assert "hakim" in roots("menghakimi") and "hakim" in roots("penghakiman")
    assert "putus" in roots("memutuskan") and "putus" in roots("keputusan")
    assert "dengar" in roots("kedengarannya")
    assert "rasa" in roots("perasaan") and "rasa" in roots("ngerasa")
    assert "cerita" in roots("ceritain") and "cerita" in roots("menceritakan")


def test_particles_strip_but_not_from_lexical_words() -> None:
    assert "ceritakan" in word_forms("ceritakanlah")
    assert "apa" in word_forms("apakah")
    assert word_forms("masalah") == frozenset({"masalah"})  # not masa + lah


def test_colloquial_in_suffix_matches_kan_form() -> None:
    assert "ceritakan" in word_forms("ceritain") or texts("ceritain") == ["ceritakan"]
    assert "tanyakan" in word_forms("tanyain")


def test_units_split_on_sentences_and_contrastives() -> None:
    a = analyse(
        "Saya tidak menghakimi Bapak ya, tapi orang tua yang benar tidak main tangan.", "id"
    )
    assert len(a.units) == 2
    assert not a.units[0].after_contrast and a.units[1].after_contrast
    a = analyse("I'm not judging. But you should leave.", "en")
    assert [u.after_contrast for u in a.units] == [False, True]


def test_negation_scope_and_idioms() -> None:
    a = analyse("Tidak ada yang salah dengan perasaan Ibu.", "id")
    salah = next(t for t in a.tokens if t.text == "salah")
    assert salah.neg
    a = analyse("Tidak apa-apa kok nangis di sini.", "id")
    assert not any(t.neg for t in a.tokens)
    a = analyse("Ibu tidak harus memutuskan sekarang.", "id")
    by = {t.text: t for t in a.tokens}
    assert by["harus"].neg and not by["memutuskan"].neg  # tidak harus = autonomy
    a = analyse("Jangan khawatir, semua baik.", "id")
    by = {t.text: t for t in a.tokens}
    assert by["jangan"].negator and by["khawatir"].neg and not by["semua"].neg
    a = analyse("Don't worry about it.", "en")
    assert next(t for t in a.tokens if t.text == "worry").neg


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("Kamu bolos bukan karena malas, tapi karena takut.", "id", "malas"),
        ("Ibu begini bukan sebab Ibu malas.", "id", "malas"),
        ("You skipped school not because you are lazy, but because you were scared.", "en", "lazy"),
    ],
)
def test_negation_reaches_through_a_following_because(text: str, lang: str, word: str) -> None:
    a = analyse(text, lang)
    assert next(t for t in a.tokens if t.text == word).neg
    after = [t for t in a.tokens if t.text in ("takut", "scared")]
    assert not any(t.neg for t in after)  # "..., tapi karena takut": outside the scope


def test_reported_speech_and_quotes() -> None:
    a = analyse("Kata suami, Ibu malas. Bagaimana Ibu menanggapinya?", "id")
    first, second = a.units
    assert next(t for t in first.tokens if t.text == "malas").reported
    assert not any(t.reported for t in second.tokens)
    a = analyse('Tadi Ibu bilang "capek lahir batin".', "id")
    assert all(t.reported for t in a.tokens if t.text in ("capek", "lahir", "batin"))
    a = analyse("When he calls you useless, how do you respond?", "en")
    by = {t.text: t for t in a.tokens}
    assert by["useless"].reported and not by["respond"].reported


@pytest.mark.parametrize(
    ("text", "lang", "word", "reported"),
    [
        ("Saya harus mengatakan bahwa keputusan Bapak keliru.", "id", "keliru", False),
        ("Saya cuma bilang kamu itu memang malas.", "id", "malas", False),
        ("Kata saya, kamu itu malas.", "id", "malas", False),
        ("Aku udah bilang kamu tuh malas.", "id", "malas", False),
        ("Dia bilang kamu malas.", "id", "malas", True),
        ("Ibu bilang tadi capek sekali.", "id", "capek", True),
        ("Kata suami, Ibu malas.", "id", "malas", True),
        ("I have to say that you are lazy.", "en", "lazy", False),
        ("Like I said, you are lazy.", "en", "lazy", False),
        ("I told you you are lazy.", "en", "lazy", False),
        ("He said you are lazy.", "en", "lazy", True),
        ("You said you are lazy.", "en", "lazy", True),
    ],
)
def test_reported_speech_needs_someone_other_than_the_worker(
    text: str, lang: str, word: str, reported: bool
) -> None:
    a = analyse(text, lang)
    assert next(t for t in a.tokens if t.text == word).reported is reported


def test_self_view_is_marked() -> None:
    a = analyse("Ibu merasa gagal sebagai ibu.", "id")
    assert next(t for t in a.tokens if t.text == "gagal").self_view


@pytest.mark.parametrize(
    ("text", "kind", "lang"),
    [
        ("Bagaimana keadaan di rumah sejak itu", "question", "id"),
        ("Apa yang Ibu rasakan", "question", "id"),
        ("Apakah Ibu aman malam ini", "question", "id"),
        ("Ibu merasa sendirian, kan", "question", "id"),
        ("Bisa Ibu ceritakan lebih jauh", "question", "id"),
        ("Ibu merasa sendirian", "statement", "id"),  # intonation only: a statement
        ("Ibu merasa sendirian?", "question", "id"),
        ("Tidak apa-apa, apa adanya saja", "statement", "id"),
        ("Pelan-pelan saja ya", "statement", "id"),
        ("Apa yang Ibu sampaikan di ruangan ini tidak akan saya bagikan", "statement", "id"),
        ("Apa yang Bapak ceritakan hanya saya catat untuk pendampingan", "statement", "id"),
        ("Apa yang Ibu rasakan itu wajar", "statement", "id"),
        ("Apa yang Ibu alami adalah kekerasan", "statement", "id"),
        ("Apa yang membuat Ibu tidak bisa tidur", "question", "id"),
        ("Apa yang akan Ibu lakukan", "question", "id"),
        ("Apa yang Ibu rasakan saat itu", "question", "id"),
        ("Apa yang Ibu sampaikan tidak akan saya bagikan?", "question", "id"),
        # a question word before "pun", or a free-choice "wh + saja", asks nothing
        ("Kapan pun Ibu siap, kita bisa lanjutkan", "statement", "id"),
        ("Siapa pun yang Ibu pilih, saya dukung", "statement", "id"),
        ("Ibu boleh berhenti kapan saja kalau merasa tidak nyaman", "statement", "id"),
        ("Kapan aja kamu siap, kabarin aku", "statement", "id"),
        ("Kapan aja kamu siap?", "question", "id"),
        ("Kapan saja jadwal posyandunya, Bu", "question", "id"),  # only a vocative after ","
        ("Apa saja yang sudah dicoba, Pak, sampai sekarang", "question", "id"),
        ("Ibu tinggal sama siapa aja di rumah", "question", "id"),
        ("What you tell me stays here", "statement", "en"),
        ("What you told me is important", "statement", "en"),
        ("Do you have the pills with you right now", "question", "en"),
        ("Could you tell me more", "question", "en"),
        ("What was that like for you", "question", "en"),
        ("What I'm hearing is that you feel stuck", "statement", "en"),
        ("You feel stuck", "statement", "en"),
    ],
)
def test_questions_without_question_marks(text: str, kind: str, lang: str) -> None:
    assert analyse(text, lang).units[0].kind == kind


def test_kan_tag_is_recorded() -> None:
    unit = analyse("Ibu setuju kan kalau ini salah suami, kan?", "id").units[0]
    assert unit.tag == "kan" and unit.kind == "question"


def test_kin_term_is_not_address() -> None:
    a = analyse("Ibu saya marah.", "id")
    assert a.tokens[0].kin
    a = analyse("Ibu marah?", "id")
    assert not a.tokens[0].kin


def test_empty_and_odd_input() -> None:
    for text in ("", "   ", "\x00\x01\x1b[31m", "😊😊", "?!?!", "\u200b\u200d"):
        a = analyse(text, "id")
        for tok in a.tokens:
            assert 0 <= tok.start < tok.end <= len(text)


def test_kah_and_kok_are_question_markers_only_where_they_ask() -> None:
    assert analyse("Bisakah Ibu datang besok", "id").units[0].kind == "question"
    for statement in (
        "Anak Ibu berhak mendapat akta walaupun orang tuanya belum menikah resmi.",
        "Ibu memikirkan nafkah anak-anak.",
        "Wajar kok, Mbak, kalau masih marah.",
    ):
        assert analyse(statement, "id").units[0].kind == "statement", statement
    assert analyse("Kok bisa sampai begitu", "id").units[0].qword == "kok"


def test_control_and_format_characters_are_not_tokens() -> None:
    toks = tokenize("\x00\x07halo \u202ebu\u200b", "id")
    assert [t.text for t in toks] == ["halo", "bu"]
