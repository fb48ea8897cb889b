"""The engine with small rulebooks written here (never the shipped ones)."""

from __future__ import annotations

import pytest

from simulator.scoring.engine import RuleScorer
from simulator.scoring.model import ScoreContext
from simulator.scoring.rulebook import rulebook_from_text

ID_BOOK = """\
lang: id
version: "t"
lexicon:
  feeling: [sedih, capek, malu, khawatir]
stages:
  assessment:
    expects: [open_question, reflection]
    premature: [advice, plan_proposal, referral, closing]
    late: [greeting]
    hint: "Gali masalahnya."
rules:
  - id: t.blame
    move: blame
    principles: {acceptance: -1}
    severity: major
    patterns: ["$addr .. salah", "salah $addr", "malas"]
    message: "Menyalahkan."
  - id: t.blame_root
    move: blame
    principles: {acceptance: -1}
    patterns: ["<salah>"]
    unless: ["(tidak|bukan) .. <salah>"]
    message: "Kata salah dalam bentuk apa pun."
  - id: t.valid
    principles: {acceptance: 1}
    patterns: ["(tidak|bukan) .. salah"]
    message: "Validasi."
  - id: t.nonjudging
    principles: {acceptance: 0.5}
    patterns: ["tidak <hakim>"]
    message: "Tidak menghakimi."
  - id: t.parent
    move: moralising
    principles: {acceptance: -1}
    patterns: ["orang tua yang benar"]
    message: "Menggurui."
  - id: t.reassure
    move: reassurance
    principles: {openness: -1}
    patterns: ["jangan @feeling"]
    message: "Penghiburan palsu."
  - id: t.feeling
    move: reflection
    principles: {openness: 1}
    patterns: ["$addr .. @feeling"]
    message: "Refleksi perasaan."
  - id: t.must
    move: advice
    principles: {participation: -1}
    patterns: ["$addr harus"]
    message: "Memerintah."
  - id: t.autonomy
    move: autonomy_support
    principles: {participation: 1}
    patterns: ["tidak harus"]
    negated: ignore
    message: "Otonomi."
  - id: t.greet
    move: greeting
    principles: {acceptance: 0.5}
    applies: {stages: [engagement]}
    patterns: ["selamat (pagi|siang|sore|malam)"]
    message: "Salam."
  - id: t.secret
    move: confidentiality_assurance
    principles: {confidentiality: 1}
    patterns: ["<rahasia>", "tidak akan .. <sampai>"]
    message: "Kerahasiaan."
  - id: t.tell_husband
    move: confidentiality_breach
    principles: {confidentiality: -1}
    patterns: ["<sampai> ke (suami|polisi|pihak)"]
    message: "Menyampaikan ke pihak lain."
  - id: t.question_only
    move: closed_question
    applies: {unit: question}
    patterns: ["sudah makan"]
    message: "Pertanyaan tertutup."
  - id: t.name
    principles: {individualisation: 1}
    applies: {context: {uses_address: true, client_overlap: 1}}
    patterns: ["_ _"]
    message: "Memakai kata klien."
  - id: t.plan
    move: plan_proposal
    principles: {participation: 0.5}
    patterns: ["kita (buat|susun) rencana"]
    message: "Rencana."
  - id: t.role
    role: broker
    patterns: ["<hubung> .. (lbh|puskesmas|kelurahan)"]
    message: "Menghubungkan dengan layanan."
"""


@pytest.fixture(scope="module")
def scorer() -> RuleScorer:
    return RuleScorer(rulebook_from_text(ID_BOOK))


def score(scorer: RuleScorer, text: str, **kw):
    ctx = ScoreContext(lang="id", **{"stage": "assessment", "turn": 3, **kw})
    return scorer.score(text, ctx)


def fired(result) -> set[str]:
    return {f.rule for f in result.findings}


def test_negation_and_contrast_weigh_the_second_clause(scorer: RuleScorer) -> None:
    r = score(
        scorer, "Saya tidak menghakimi Bapak ya, tapi orang tua yang benar tidak main tangan."
    )
    assert {"t.nonjudging", "t.parent"} <= fired(r)
    assert r.principles["acceptance"] < 0  # the disclaimer does not cancel the judgement
    [disclaimer] = [f for f in r.findings if f.rule == "t.nonjudging"]
    assert disclaimer.delta < 0.5  # discounted, still reported
    assert "moralising" in r.moves


def test_plain_word_vs_root(scorer: RuleScorer) -> None:
    r = score(scorer, "Tidak ada yang salah dengan perasaan Ibu.")
    assert "t.valid" in fired(r) and "t.blame" not in fired(r)
    assert r.principles["acceptance"] > 0
    r = score(scorer, "Ibu yang salah.")
    assert "t.blame" in fired(r) and r.principles["acceptance"] < 0
    r = score(scorer, "Jangan menyalahkan diri sendiri, Bu.")
    assert "t.blame" not in fired(r)  # plain `salah` never matches menyalahkan


def test_reported_speech_is_not_the_workers_judgement(scorer: RuleScorer) -> None:
    r = score(scorer, "Kata suami, Ibu malas. Bagaimana Ibu menanggapinya?")
    assert "t.blame" not in fired(r)
    assert "open_question" in r.moves


def test_self_view_is_not_a_judgement(scorer: RuleScorer) -> None:
    r = score(scorer, "Ibu merasa bersalah karena anak putus sekolah.")
    assert "t.blame_root" not in fired(r)


def test_negated_feeling_is_false_reassurance_not_reflection(scorer: RuleScorer) -> None:
    r = score(scorer, "Jangan khawatir, Bu.", client_last="Saya khawatir sekali.")
    assert "t.reassure" in fired(r) and "t.feeling" not in fired(r)
    r = score(scorer, "Ibu khawatir sekali.", client_last="Saya khawatir.")
    assert "t.feeling" in fired(r) and "t.reassure" not in fired(r)


def test_negated_obligation_is_autonomy(scorer: RuleScorer) -> None:
    r = score(scorer, "Ibu tidak harus memutuskan sekarang.")
    assert "t.autonomy" in fired(r) and "t.must" not in fired(r)
    r = score(scorer, "Ibu harus memutuskan sekarang.")
    assert "t.must" in fired(r) and "t.autonomy" not in fired(r)


def test_questions_without_question_marks_and_kan_tags(scorer: RuleScorer) -> None:
    assert score(scorer, "Bagaimana keadaan di rumah").moves == ("open_question",)
    assert score(scorer, "Ibu tinggal sendiri").moves == ()  # intonation only: statement
    assert score(scorer, "Ibu tinggal sendiri?").moves == ("closed_question",)
    assert score(scorer, "Ibu setuju kan").moves == ("closed_question",)
    assert score(scorer, "Mengapa Ibu tidak melapor dari dulu?").moves == ("why_question",)
    assert score(scorer, "Mengapa hal itu penting bagi Ibu?").moves == ("open_question",)


def test_advice_disguised_as_a_question(scorer: RuleScorer) -> None:
    r = score(scorer, "Gimana kalau Ibu pindah aja?")
    assert r.moves == ("advice",) and r.principles["participation"] < 0
    assert r.stage_fit == "premature"
    r = score(scorer, "Bagaimana kalau Ibu ceritakan dulu awalnya?")
    assert "advice" not in r.moves  # a communicative act in the session is not advice


def test_stacked_closed_questions(scorer: RuleScorer) -> None:
    r = score(scorer, "Umur berapa? Sudah menikah? Anak berapa? Kerja di mana?")
    assert r.moves.count("closed_question") == 4
    assert "engine.stacked" in fired(r) and r.principles["openness"] < 0
    one = score(scorer, "Sudah menikah?")
    assert "engine.stacked" not in fired(one)


def test_reflection_judged_against_the_clients_words(scorer: RuleScorer) -> None:
    client = "Suami saya sudah tiga bulan tidak kerja, saya malu sama tetangga."
    r = score(
        scorer,
        "Kedengarannya Ibu menanggung rasa malu karena suami tidak bekerja.",
        client_last=client,
    )
    assert set(r.moves) & {"reflection_simple", "reflection_complex"}
    r = score(scorer, "Kedengarannya Ibu capek dan sendirian menghadapi ini.", client_last=client)
    assert "reflection_complex" in r.moves  # adds a feeling the client did not name
    r = score(scorer, "Cuaca hari ini cerah sekali.", client_last=client)
    assert not r.moves


def test_absolute_secrecy_to_a_client_at_risk_is_a_critical_breach(scorer: RuleScorer) -> None:
    promise = "Apa pun yang Ibu ceritakan tidak akan saya sampaikan ke siapa pun, saya janji."
    r = score(scorer, promise, risk_flags=("domestic_violence",))
    assert "confidentiality_breach" in r.moves and "confidentiality_assurance" not in r.moves
    assert any(f.severity == "critical" for f in r.findings)
    assert r.principles["confidentiality"] < 0
    r = score(scorer, promise)
    assert not any(f.severity == "critical" for f in r.findings)


def test_honest_limits_are_not_a_breach(scorer: RuleScorer) -> None:
    r = score(
        scorer,
        "Kalau ada ancaman terhadap keselamatan Ibu, saya wajib menyampaikan ke "
        "polisi, kecuali kita bicarakan dulu bersama.",
        risk_flags=("domestic_violence",),
    )
    assert "confidentiality_breach" not in r.moves
    assert "confidentiality_assurance" in r.moves


def test_positives_never_cancel_a_violation(scorer: RuleScorer) -> None:
    r = score(scorer, "Ibu yang salah. Saya tidak menghakimi.")
    signs = {f.rule: f.delta for f in r.findings if f.principle == "acceptance"}
    assert signs["t.blame"] < 0 and signs["t.nonjudging"] > 0  # both reported


def test_stage_gating_and_fit(scorer: RuleScorer) -> None:
    assert "t.greet" in fired(score(scorer, "Selamat pagi, Bu.", stage="engagement"))
    r = score(scorer, "Selamat pagi, Bu.", stage="assessment")
    assert "t.greet" not in fired(r)
    plan = "Kita buat rencana sekarang."
    assert score(scorer, plan, real_problem_reached=False).stage_fit == "premature"
    assert score(scorer, plan, real_problem_reached=True).stage_fit == "fits"
    assert scorer.hint("assessment") == "Gali masalahnya."
    assert scorer.hint("planning")  # a default hint for stages the rulebook leaves out


def test_unit_kind_and_context_conditions(scorer: RuleScorer) -> None:
    assert "t.question_only" not in fired(score(scorer, "Saya sudah makan."))
    assert "t.question_only" in fired(score(scorer, "Ibu sudah makan?"))
    ctx = {
        "address": ("Bu Sri", "Ibu"),
        "client_name": "Sri Wahyuni",
        "client_last": "Warung saya sepi sekali.",
    }
    assert "t.name" in fired(score(scorer, "Bu Sri, warungnya sepi ya.", **ctx))
    assert "t.name" not in fired(score(scorer, "Bu Sri, apa kabar.", **ctx))


def test_risk_cue_overrides_the_stage(scorer: RuleScorer) -> None:
    client = "Semalam suami memukul saya lagi."
    ignored = score(
        scorer, "Kita buat rencana anggaran saja.", client_last=client, real_problem_reached=True
    )
    assert ignored.stage_fit == "off"
    assert any(
        f.rule == "engine.risk_ignored" and f.severity == "critical" for f in ignored.findings
    )
    asked = score(scorer, "Apakah Ibu aman malam ini?", client_last=client)
    assert asked.stage_fit == "fits" and "engine.stacked" not in fired(asked)


def test_roles_and_spans(scorer: RuleScorer) -> None:
    text = "Saya bisa menghubungkan Ibu dengan LBH."
    r = score(scorer, text)
    assert r.roles == ("broker",)
    [f] = [f for f in r.findings if f.rule == "t.role"]
    assert text[f.span[0] : f.span[1]] == "menghubungkan Ibu dengan LBH"


def test_findings_are_one_per_principle_and_move_only_findings_have_zero_delta(
    scorer: RuleScorer,
) -> None:
    r = score(scorer, "Ibu sudah makan?")
    [f] = [f for f in r.findings if f.rule == "t.question_only"]
    assert f.delta == 0 and f.principle is None and f.move == "closed_question"


def test_deterministic_and_json_friendly(scorer: RuleScorer) -> None:
    text = "Kedengarannya Ibu capek sekali. Bagaimana kalau Ibu istirahat? Ibu yang salah."
    a = score(scorer, text, client_last="Saya capek.")
    b = score(scorer, text, client_last="Saya capek.")
    assert a == b and a.to_dict() == b.to_dict()
    assert set(a.principles) == {
        "acceptance",
        "openness",
        "individualisation",
        "participation",
        "confidentiality",
        "self_awareness",
    }


def test_english_engine_judgements() -> None:
    scorer = RuleScorer(rulebook_from_text("lang: en\nversion: '1'\nrules: []\n"))
    ctx = ScoreContext(
        lang="en",
        stage="assessment",
        turn=2,
        client_last="I lost my job and my wife keeps shouting at me.",
    )
    assert scorer.score("Why don't you just apply somewhere else?", ctx).moves == ("advice",)
    assert scorer.score("Why didn't you tell her?", ctx).moves == ("why_question",)
    assert scorer.score("Could you tell me more about that", ctx).moves == ("open_question",)
    assert scorer.score("How old are you", ctx).moves == ("closed_question",)
    assert scorer.score("How often do you drink", ctx).moves == ("open_question",)  # AnnoMI
    assert scorer.score("Sandra, can you give me an example?", ctx).moves == ("open_question",)
    assert scorer.score("So-so what's the definition of a good mate?", ctx).moves == (
        "open_question",
    )
    r = scorer.score("It sounds like losing your job has left you feeling ashamed at home.", ctx)
    assert r.moves == ("reflection_complex",)
    r = scorer.score("Would it be okay if I shared an idea? How about trying the job centre?", ctx)
    assert "advice_with_permission" in r.moves and "advice" not in r.moves


def test_rising_reflection_vs_intonation_question() -> None:
    scorer = RuleScorer(rulebook_from_text("lang: en\nversion: '1'\nrules: []\n"))
    ctx = ScoreContext(
        lang="en",
        stage="assessment",
        turn=2,
        client_last="The dog has been with me longer than my wife, it is stressful.",
    )
    r = scorer.score("So that's a huge stress right now?", ctx)
    assert set(r.moves) & {"reflection_simple", "reflection_complex"}
    assert scorer.score("You're still living with him?", ctx).moves == ("closed_question",)
    r = scorer.score("So you want the dog to stay.", ctx)
    assert set(r.moves) & {"reflection_simple", "reflection_complex"}


def test_collaborative_gimana_kalau_is_not_advice(scorer: RuleScorer) -> None:
    book = rulebook_from_text(
        ID_BOOK + "  - id: t.together\n    move: plan_proposal\n"
        "    patterns: ['kita .. bareng']\n    message: m\n"
    )
    r = RuleScorer(book).score(
        "Gimana kalau kita pikirin bareng langkah pertamanya?",
        ScoreContext(lang="id", stage="planning", turn=5),
    )
    assert "plan_proposal" in r.moves and "advice" not in r.moves


def test_summary_ties_together_several_client_utterances() -> None:
    scorer = RuleScorer(rulebook_from_text("lang: en\nversion: '1'\nrules: []\n"))
    ctx = ScoreContext(
        lang="en",
        stage="assessment",
        turn=4,
        client_earlier=("I lost my job in March.", "My wife is angry about the money."),
        client_last="And now the landlord wants the rent.",
    )
    text = (
        "So you lost your job in March, your wife is angry about money, and now the "
        "landlord wants the rent."
    )
    assert "summary" in scorer.score(text, ctx).moves


def test_advice_after_permission_or_a_request_is_advice_with_permission() -> None:
    book = rulebook_from_text(
        "lang: en\nversion: '1'\nrules:\n  - id: t.could\n    move: advice\n"
        "    principles: {participation: -1}\n    patterns: ['you could']\n    message: m\n"
    )
    scorer = RuleScorer(book)
    ctx = ScoreContext(
        lang="en",
        stage="planning",
        turn=6,
        real_problem_reached=True,
        client_last="I don't know where to start.",
    )
    asked = scorer.score(
        "Would it be all right if I shared an idea? You could ask your neighbour to check on you.",
        ctx,
    )
    assert "advice_with_permission" in asked.moves and "advice" not in asked.moves
    assert asked.principles["participation"] > 0
    unasked = scorer.score("You could ask your neighbour. Is that okay?", ctx)
    assert "advice" in unasked.moves  # asking afterwards is not permission
    request = ScoreContext(
        lang="en",
        stage="planning",
        turn=6,
        real_problem_reached=True,
        client_last="What should I do?",
    )
    assert "advice_with_permission" in scorer.score("You could ask your neighbour.", request).moves


def test_a_reflection_that_ties_together_recent_words_is_a_summary() -> None:
    book = rulebook_from_text(
        "lang: en\nversion: '1'\nrules:\n  - id: t.so_you\n    move: reflection\n"
        "    patterns: ['^ so you']\n    message: m\n"
    )
    ctx = ScoreContext(
        lang="en",
        stage="assessment",
        turn=6,
        client_earlier=("It is the roof.", "My pills ran out."),
        client_last="The Puskesmas is far.",
    )
    r = RuleScorer(book).score(
        "So you came about the roof, your pills have run out and the Puskesmas is far.", ctx
    )
    assert r.moves == ("summary",)


ENCOURAGER_BOOK = """\
lang: {lang}
version: '1'
rules:
  - id: t.enc
    move: encourager
    principles: {{openness: 0.5}}
    patterns: ["^ (okay|hmm|mm|terus|oh)"]
    message: m
  - id: t.closed
    move: closed_question
    applies: {{unit: question}}
    patterns: ["^ _"]
    message: m
"""


@pytest.mark.parametrize(
    ("lang", "text", "moves"),
    [
        ("id", "Hmm… terus?", ("encourager", "encourager")),
        ("id", "Hmm, terus?", ("encourager",)),
        ("en", "Mm, and then?", ("encourager",)),
        ("en", "Mm, okay.", ("encourager",)),
        ("en", "Okay, this is serious.", ()),
        ("en", "Hmm, do you still live with him?", ("closed_question",)),
    ],
)
def test_an_encourager_is_the_whole_unit_or_nothing(lang: str, text: str, moves: tuple) -> None:
    """A question mark does not make a bare "terus?" a closed question, and a leading "Okay,"
    does not make a unit that says more an encourager."""
    scorer = RuleScorer(rulebook_from_text(ENCOURAGER_BOOK.format(lang=lang)))
    ctx = ScoreContext(lang=lang, stage="assessment", turn=3, client_last="Saya bingung.")
    r = scorer.score(text, ctx)
    assert r.moves == moves
    assert all(f.move in moves or f.move is None for f in r.findings)


def test_fallback_reflection_needs_evidence_and_never_offsets_a_violation(
    scorer: RuleScorer,
) -> None:
    """A statement no rule caught is a reflection only on evidence: the client's words by
    root (or a tentative opener naming a feeling), no negative finding on it, and not an
    evaluation of the client; and its positive deltas never offset a violation."""
    client = "Anak saya nakal sekali di sekolah, saya sedih."
    for blaming in ("Ibu yang membuat anak Ibu jadi begitu.", "Ibu terlalu memanjakan anak."):
        r = score(scorer, blaming, client_last=client)
        assert not r.moves and r.principles["acceptance"] == 0
    r = score(scorer, "Ibu orangnya tegar sekali.", client_last=client)  # no client word
    assert not r.moves
    r = score(scorer, "Ibu sedih karena anak Ibu dicap nakal di sekolah.", client_last=client)
    assert set(r.moves) & {"reflection_simple", "reflection_complex", "paraphrase"}
    r = score(scorer, "Kamu malas. Anak Ibu nakal sekali di sekolah.", client_last=client)
    assert "blame" in r.moves
    positives = [f for f in r.findings if f.rule.startswith("engine.") and f.delta > 0]
    assert not positives  # the violation is not offset by the fallback reflection
    en = RuleScorer(rulebook_from_text("lang: en\nversion: '1'\nrules: []\n"))
    ctx = ScoreContext(
        lang="en", stage="assessment", turn=4, client_last="Promise you won't tell anyone."
    )
    r = en.score(
        "I can't promise to tell nobody, and I won't lie to you. If you or someone else "
        "could get hurt, I have to act, but I'll decide the next steps with you",
        ctx,
    )
    assert not {"reflection_simple", "reflection_complex"} & set(r.moves)


def test_client_info_is_cached_under_the_clients_words(scorer: RuleScorer) -> None:
    said = "Saya merasa sedih sekali karena anak saya tidak mau sekolah."
    first = scorer.client_info(said)
    assert first.has_text and first.roots
    assert scorer._client_cache.get(said) is first  # the words, not one of their tokens
    assert scorer.client_info(said) is first
