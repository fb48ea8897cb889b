"""Stage fit: does a reply's set of moves suit the stage of the helping process?

What each stage expects comes from the rulebook's ``stages:`` section; the defaults below
follow RUBRIC §2.3 and are used for stages a rulebook does not describe. Risk cues in the
client's last words override the stage (RUBRIC §2.1 #3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from simulator.scoring.rulebook import StageSpec
from simulator.vocab import MOVE_LABELS, STAGE_LABELS, expand_move

_EXPLORE = ("open_question", "reflection", "paraphrase", "summary", "affirmation", "encourager")

DEFAULT_STAGES: dict[str, StageSpec] = {
    "engagement": StageSpec(
        "engagement",
        expects=("greeting", "introduction", "confidentiality_assurance", *_EXPLORE),
        premature=("advice", "plan_proposal", "referral"),
        off=("closing",),
    ),
    "assessment": StageSpec(
        "assessment",
        expects=_EXPLORE,
        premature=("advice", "plan_proposal", "referral", "closing"),
        late=("greeting", "introduction"),
    ),
    "planning": StageSpec(
        "planning",
        expects=(
            "plan_proposal",
            "autonomy_support",
            "advice_with_permission",
            "information",
            *_EXPLORE,
        ),
        late=("greeting", "introduction"),
    ),
    "intervention": StageSpec(
        "intervention",
        expects=(
            "plan_proposal",
            "information",
            "advice_with_permission",
            "referral",
            "autonomy_support",
            *_EXPLORE,
        ),
        late=("greeting", "introduction"),
    ),
    "evaluation": StageSpec(
        "evaluation",
        expects=("summary", "plan_proposal", *_EXPLORE),
        late=("greeting", "introduction"),
    ),
    "referral": StageSpec(
        "referral",
        expects=(
            "referral",
            "information",
            "confidentiality_assurance",
            "autonomy_support",
            *_EXPLORE,
        ),
        late=("greeting", "introduction"),
    ),
    "closing": StageSpec(
        "closing",
        expects=("summary", "closing", "affirmation", "information", "referral", *_EXPLORE),
        late=("greeting", "introduction"),
    ),
}

_REASONS = {
    "id": {
        "risk_fits": "Klien menyebut tanda bahaya dan balasan ini menanggapi keselamatannya: "
        "itu didahulukan di tahap mana pun.",
        "risk_off": "Klien menyebut tanda bahaya tetapi balasan ini tidak menanggapinya; "
        "keselamatan harus didahulukan.",
        "premature": "Terlalu dini: {move} sebelum masalah yang sebenarnya tergali pada tahap {stage}.",
        "closing_no_summary": "Terlalu dini: menutup pembicaraan tanpa merangkum dan tanpa "
        "masalah yang tergali.",
        "off": "Tidak cocok untuk tahap {stage}: {move}.",
        "late": "Terlambat: {move} sudah lewat waktunya pada tahap {stage}.",
        "fits": "Sesuai dengan tahap {stage}: {move}.",
        "neutral": "Tidak ada langkah yang bertentangan dengan tahap {stage}.",
    },
    "en": {
        "risk_fits": "The client named a danger sign and this reply responds to their safety: "
        "that comes first at any stage.",
        "risk_off": "The client named a danger sign and this reply does not respond to it; "
        "safety comes first.",
        "premature": "Premature: {move} before the real problem has been explored, in the "
        "{stage} stage.",
        "closing_no_summary": "Premature: closing without a summary, before the problem has been "
        "explored.",
        "off": "Does not belong in the {stage} stage: {move}.",
        "late": "Late: {move} is past its time in the {stage} stage.",
        "fits": "Fits the {stage} stage: {move}.",
        "neutral": "Nothing in this reply works against the {stage} stage.",
    },
}


def stage_spec(stages: Mapping[str, StageSpec], stage: str) -> StageSpec:
    """The rulebook's expectations of ``stage``, or the defaults."""
    return stages.get(stage) or DEFAULT_STAGES.get(stage) or StageSpec(stage)


def _has(moves: Sequence[str], names: Sequence[str]) -> str | None:
    for name in names:
        for concrete in expand_move(name):
            if concrete in moves:
                return concrete
    return None


def judge_fit(
    moves: Sequence[str],
    stage: str,
    spec: StageSpec,
    *,
    lang: str,
    reached: bool,
    risk_cue: bool,
    addresses_risk: bool,
) -> tuple[str, str]:
    """The stage fit (vocab.STAGE_FITS) of a reply's moves and the reason, in ``lang``.

    Args:
        moves: the reply's concrete moves.
        stage: the stage the reply is judged against.
        spec: what that stage expects.
        lang: the language of the reason.
        reached: whether the real problem has been reached (the planning gate).
        risk_cue: the client's last words carry a risk cue.
        addresses_risk: the reply responds to that risk.
    """
    texts = _REASONS.get(lang, _REASONS["en"])
    lang_key = lang if lang in ("id", "en") else "en"
    stage_name = STAGE_LABELS.get(stage, {}).get(lang_key, stage)

    def label(move: str) -> str:
        return MOVE_LABELS.get(move, {}).get(lang_key, move)

    if risk_cue:
        return ("fits", texts["risk_fits"]) if addresses_risk else ("off", texts["risk_off"])
    if not reached:
        early = _has(moves, spec.premature)
        if early == "closing" and "summary" not in moves:
            return "premature", texts["closing_no_summary"]
        if early and early != "closing":
            return "premature", texts["premature"].format(move=label(early), stage=stage_name)
    off = _has(moves, spec.off)
    if off:
        return "off", texts["off"].format(move=label(off), stage=stage_name)
    late = _has(moves, spec.late)
    if late and not _has(moves, spec.expects):
        return "late", texts["late"].format(move=label(late), stage=stage_name)
    fit = _has(moves, spec.expects)
    if fit:
        return "fits", texts["fits"].format(move=label(fit), stage=stage_name)
    return "fits", texts["neutral"].format(stage=stage_name)


_HINTS: dict[str, dict[str, str]] = {
    "id": {
        "engagement": "Sapa klien, perkenalkan diri dan peran Anda, jelaskan kerahasiaan beserta "
        "batasnya, lalu undang klien bercerita.",
        "assessment": "Ajak klien menceritakan masalah yang sebenarnya: pertanyaan terbuka, "
        "refleksi, rangkuman yang dicek ke klien.",
        "planning": "Tanyakan tujuan dan prioritas klien; susun langkah bersama: siapa, apa, kapan.",
        "intervention": "Dukung langkah yang sudah disepakati; hubungkan dengan layanan atas "
        "persetujuan klien.",
        "evaluation": "Tanyakan penilaian klien sendiri atas kemajuan; ubah rencana bersama bila "
        "perlu.",
        "referral": "Jelaskan alasan rujukan, sebut layanannya, minta persetujuan, bantu "
        "menghubungi.",
        "closing": "Rangkum kemajuan dari sudut pandang klien dan jelaskan cara menghubungi "
        "lembaga lagi.",
    },
    "en": {
        "engagement": "Greet the client, introduce yourself and your role, explain "
        "confidentiality and its limits, then invite their story.",
        "assessment": "Help the client tell the real problem: open questions, reflections, a "
        "summary checked with them.",
        "planning": "Ask the client's goals and priorities; agree steps together: who, what, when.",
        "intervention": "Support the agreed steps; link to services with the client's consent.",
        "evaluation": "Ask the client's own view of progress; revise the plan together if needed.",
        "referral": "Explain why you refer, name the service, ask consent, help make contact.",
        "closing": "Review gains from the client's view and explain how to contact the agency "
        "again.",
    },
}


def stage_hint(stage: str, lang: str) -> str:
    """The default hint for a stage, in ``lang``."""
    return _HINTS.get(lang, _HINTS["en"]).get(stage, "")
