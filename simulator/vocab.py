"""The shared vocabulary: principles, stages, moves, roles, stage fits, risk flags.

Every other module, rulebook and scenario names things with these ids. Labels are given in
both languages; definitions of principles and roles come from the seed text
(``shared/seed/bimbingan-sosial-perseorangan.txt``, citing Ilmawan 2011 and Rustanto 2009).
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("id", "en")

PRINCIPLES: tuple[str, ...] = (
    "acceptance",
    "openness",
    "individualisation",
    "participation",
    "confidentiality",
    "self_awareness",
)

PRINCIPLE_LABELS: dict[str, dict[str, str]] = {
    "acceptance": {"id": "Penerimaan", "en": "Acceptance"},
    "openness": {"id": "Komunikasi (Keterbukaan)", "en": "Openness (Communication)"},
    "individualisation": {"id": "Individualisasi", "en": "Individualisation"},
    "participation": {"id": "Partisipasi", "en": "Participation"},
    "confidentiality": {"id": "Kerahasiaan", "en": "Confidentiality"},
    "self_awareness": {"id": "Kesadaran diri", "en": "Self-awareness"},
}

STAGES: tuple[str, ...] = (
    "engagement",
    "assessment",
    "planning",
    "intervention",
    "evaluation",
    "referral",
    "closing",
)

STAGE_LABELS: dict[str, dict[str, str]] = {
    "engagement": {"id": "Engagement–Intake–Kontrak", "en": "Engagement, intake and contract"},
    "assessment": {"id": "Asesmen", "en": "Assessment"},
    "planning": {"id": "Perencanaan", "en": "Planning"},
    "intervention": {"id": "Intervensi", "en": "Intervention"},
    "evaluation": {"id": "Evaluasi", "en": "Evaluation"},
    "referral": {"id": "Rujukan", "en": "Referral"},
    "closing": {"id": "Terminasi", "en": "Closing"},
}

ROLES: tuple[str, ...] = (
    "broker",
    "mediator",
    "public_educator",
    "advocate",
    "outreach",
    "behavioral_specialist",
    "consultant",
    "counselor",
)

ROLE_LABELS: dict[str, dict[str, str]] = {
    "broker": {"id": "Broker", "en": "Broker"},
    "mediator": {"id": "Mediator", "en": "Mediator"},
    "public_educator": {"id": "Pendidik masyarakat", "en": "Public educator"},
    "advocate": {"id": "Advokat", "en": "Advocate"},
    "outreach": {"id": "Penjangkau (outreach)", "en": "Outreach"},
    "behavioral_specialist": {"id": "Ahli perilaku", "en": "Behavioral specialist"},
    "consultant": {"id": "Konsultan", "en": "Consultant"},
    "counselor": {"id": "Konselor", "en": "Counselor"},
}

# What a thought unit of a reply does. ``reflection`` and ``question`` are groups usable in
# conditions and rulebooks: they match any move of the group.
MOVES: tuple[str, ...] = (
    "greeting",
    "introduction",
    "open_question",
    "closed_question",
    "why_question",
    "reflection_simple",
    "reflection_complex",
    "paraphrase",
    "summary",
    "affirmation",
    "encourager",
    "information",
    "advice",
    "advice_with_permission",
    "plan_proposal",
    "autonomy_support",
    "referral",
    "confidentiality_assurance",
    "confidentiality_breach",
    "reassurance",
    "self_disclosure",
    "judgement",
    "blame",
    "moralising",
    "minimising",
    "closing",
)

MOVE_GROUPS: dict[str, tuple[str, ...]] = {
    "reflection": ("reflection_simple", "reflection_complex"),
    "question": ("open_question", "closed_question", "why_question"),
}

MOVE_LABELS: dict[str, dict[str, str]] = {
    "greeting": {"id": "salam", "en": "greeting"},
    "introduction": {"id": "perkenalan", "en": "introduction"},
    "open_question": {"id": "pertanyaan terbuka", "en": "open question"},
    "closed_question": {"id": "pertanyaan tertutup", "en": "closed question"},
    "why_question": {"id": "pertanyaan 'mengapa'", "en": "'why' question"},
    "reflection_simple": {"id": "refleksi sederhana", "en": "simple reflection"},
    "reflection_complex": {"id": "refleksi kompleks", "en": "complex reflection"},
    "paraphrase": {"id": "parafrase", "en": "paraphrase"},
    "summary": {"id": "rangkuman", "en": "summary"},
    "affirmation": {"id": "afirmasi", "en": "affirmation"},
    "encourager": {"id": "dorongan minimal", "en": "minimal encourager"},
    "information": {"id": "informasi", "en": "information"},
    "advice": {"id": "saran tanpa diminta", "en": "unasked advice"},
    "advice_with_permission": {"id": "saran dengan izin", "en": "advice with permission"},
    "plan_proposal": {"id": "usulan rencana bersama", "en": "collaborative plan"},
    "autonomy_support": {"id": "dukungan otonomi", "en": "autonomy support"},
    "referral": {"id": "rujukan", "en": "referral"},
    "confidentiality_assurance": {"id": "jaminan kerahasiaan", "en": "confidentiality assurance"},
    "confidentiality_breach": {"id": "pelanggaran kerahasiaan", "en": "confidentiality breach"},
    "reassurance": {"id": "penghiburan palsu", "en": "false reassurance"},
    "self_disclosure": {"id": "pengungkapan diri", "en": "self-disclosure"},
    "judgement": {"id": "penghakiman", "en": "judgement"},
    "blame": {"id": "menyalahkan", "en": "blame"},
    "moralising": {"id": "menggurui", "en": "moralising"},
    "minimising": {"id": "mengecilkan perasaan", "en": "minimising"},
    "closing": {"id": "penutup", "en": "closing"},
}

STAGE_FITS: tuple[str, ...] = ("fits", "premature", "late", "off")

RISK_FLAGS: tuple[str, ...] = (
    "needs_referral",
    "risk_of_harm",
    "domestic_violence",
    "suicide_risk",
    "child_protection",
)

ENDING_KINDS: tuple[str, ...] = ("plan_agreed", "referral", "withdrawal", "turn_limit", "other")

CATEGORIES: tuple[str, ...] = ("income", "family", "social_environment", "other")

DIFFICULTIES: tuple[str, ...] = ("beginner", "intermediate", "advanced")

SEVERITIES: tuple[str, ...] = ("minor", "major", "critical")


def expand_move(name: str) -> tuple[str, ...]:
    """The concrete moves a move name or group stands for."""
    return MOVE_GROUPS.get(name, (name,))


def is_move_name(name: str) -> bool:
    """Whether ``name`` is a move or a move group."""
    return name in MOVES or name in MOVE_GROUPS
