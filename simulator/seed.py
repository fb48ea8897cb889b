"""Definitions from the source text, in Indonesian and English, with their sources.

The Indonesian wording follows ``shared/seed/bimbingan-sosial-perseorangan.txt`` (which cites
Ilmawan 2011 for the principles and roles, Rustanto 2009 and Pakpahan 2011 for the method and
its components); the English is our translation. The help screen, the briefing and the report
quote these texts; nothing else in the product defines a principle.
"""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "ilmawan2011": (
        "Ilmawan, Khoirul. 2011. Metode Pekerjaan Sosial. "
        "http://pekerjasosialtuban.wordpress.com/2011/04/"
    ),
    "rustanto2009": (
        "Rustanto, Bambang. 2009. Pekerjaan Sosial dan Bimbingan Sosial Perseorangan. "
        "http://bambang-rustanto.blogspot.com/2009/12/bimbingan-sosial-perorangan.html"
    ),
    "pakpahan2011": (
        "Pakpahan, Guf. 2011. Implementasi Program Pelayanan Sosial di Panti Sosial Bina "
        "Remaja \u201cNusa Putera\u201d (Skripsi). repository.usu.ac.id"
    ),
    "siporin1975": (
        "Siporin, Max. 1975. Introduction to Social Work Practice. New York: Macmillan "
        "(the stages as taught in Indonesia; cf. UU No. 14 Tahun 2019 tentang Pekerja Sosial)"
    ),
}

METHOD_DEFINITION: dict[str, str] = {
    "id": (
        "Bimbingan sosial perseorangan adalah salah satu metode dalam rehabilitasi "
        "sosial/pekerjaan sosial yang teratur dan sistematis untuk membantu individu yang "
        "mengalami permasalahan sosial agar individu tersebut menyesuaikan diri dan "
        "melaksanakan tugas-tugas maupun fungsi sosial di lingkungan masyarakat."
    ),
    "en": (
        "Individual social casework (bimbingan sosial perseorangan) is an orderly, systematic "
        "method of social rehabilitation and social work that helps a person with social "
        "problems adjust and carry out their social tasks and functions in the community."
    ),
}
METHOD_SOURCES: tuple[str, ...] = ("rustanto2009", "pakpahan2011", "ilmawan2011")

PRINCIPLE_DEFINITIONS: dict[str, dict[str, str]] = {
    "acceptance": {
        "id": (
            "Pendamping sosial menerima, menghormati, dan menghargai klien dengan segala "
            "permasalahan dan kondisinya tanpa syarat, dan tidak melakukan penilaian negatif "
            "yang mengganggu jalannya bimbingan."
        ),
        "en": (
            "The worker accepts, respects and values the client with all their problems and "
            "circumstances, unconditionally, and makes no negative judgements that would "
            "disturb the helping process."
        ),
    },
    "openness": {
        "id": (
            "Suasana komunikasi yang terbuka: pendamping dan klien saling memberi informasi "
            "secara jujur dan menerima informasi dengan terbuka dan lapang dada."
        ),
        "en": (
            "Open communication: worker and client give each other information honestly and "
            "receive it openly and with an open heart."
        ),
    },
    "individualisation": {
        "id": (
            "Pendamping memahami dan menerima klien sebagai pribadi yang unik, berbeda antara "
            "individu yang satu dengan individu yang lainnya."
        ),
        "en": (
            "The worker understands and accepts the client as a unique person, different from "
            "every other individual."
        ),
    },
    "participation": {
        "id": (
            "Pendamping ikut serta secara langsung membantu mengatasi permasalahan klien, dan "
            "klien sendiri melakukan kegiatan untuk mencapai tujuan bimbingan."
        ),
        "en": (
            "The worker takes part directly in helping to solve the client's problem, and the "
            "client acts towards the goals of the help themself."
        ),
    },
    "confidentiality": {
        "id": (
            "Pendamping mampu merahasiakan segala data dan informasi yang diberikan oleh klien."
        ),
        "en": "The worker keeps confidential all the data and information the client gives.",
    },
    "self_awareness": {
        "id": (
            "Pendamping menyadari respons klien, menjaga relasi bantuan yang profesional, dan "
            "mampu memotivasi klien untuk berubah menjadi lebih baik."
        ),
        "en": (
            "The worker is aware of the client's responses, keeps the helping relationship "
            "professional, and motivates the client to change for the better."
        ),
    },
}
PRINCIPLE_SOURCES: dict[str, str] = {p: "ilmawan2011" for p in PRINCIPLE_DEFINITIONS}

ROLE_DEFINITIONS: dict[str, dict[str, str]] = {
    "broker": {
        "id": "Membantu memberikan pelayanan sosial kepada klien.",
        "en": "Helps provide social services to the client.",
    },
    "mediator": {
        "id": "Menghubungkan klien kepada sumber-sumber pelayanan sosial.",
        "en": "Connects the client with sources of social services.",
    },
    "public_educator": {
        "id": "Memberikan dan menyebarluaskan informasi mengenai masalah dan pelayanan sosial.",
        "en": "Gives and spreads information about social problems and services.",
    },
    "advocate": {
        "id": (
            "Membela klien memperjuangkan haknya memperoleh pelayanan, atau menjadi penyambung "
            "lidah klien agar lembaga merespons kebutuhannya."
        ),
        "en": (
            "Stands up for the client's right to services, or speaks for the client so that "
            "institutions respond to their needs."
        ),
    },
    "outreach": {
        "id": "Mendatangi klien atau menjangkaukan pelayanan kepadanya.",
        "en": "Goes out to the client, or brings services within their reach.",
    },
    "behavioral_specialist": {
        "id": "Ahli yang dapat melakukan berbagai strategi atau teknik untuk mengubah perilaku.",
        "en": "An expert in strategies and techniques for changing behaviour.",
    },
    "consultant": {
        "id": "Memberikan nasihat kepada klien untuk memenuhi kebutuhan atau memecahkan masalah.",
        "en": "Gives the client advice to meet needs or solve problems.",
    },
    "counselor": {
        "id": "Mencarikan alternatif yang dapat membantu klien mengatasi masalahnya.",
        "en": "Looks for alternatives that can help the client overcome their problem.",
    },
}
ROLE_SOURCES: dict[str, str] = {r: "ilmawan2011" for r in ROLE_DEFINITIONS}

STAGE_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "engagement": {
        "id": (
            "Menyambut, memperkenalkan diri dan peran, menjelaskan kerahasiaan beserta "
            "batasnya, dan menyepakati cara bekerja bersama."
        ),
        "en": (
            "Welcome the client, introduce yourself and your role, explain confidentiality "
            "and its limits, and agree how you will work together."
        ),
    },
    "assessment": {
        "id": (
            "Mendorong klien mengungkapkan masalahnya; sering yang diungkapkan adalah masalah "
            "yang muncul, maka pendamping membantu klien memahami masalah yang sebenarnya."
        ),
        "en": (
            "Encourage the client to tell their problem; people often state the surface "
            "problem, so the worker helps them understand the real one."
        ),
    },
    "planning": {
        "id": (
            "Setelah masalahnya diketahui, pendamping bersama klien merumuskan rencana "
            "pemecahannya."
        ),
        "en": "Once the problem is known, worker and client draw up a plan together.",
    },
    "intervention": {
        "id": "Melaksanakan rencana yang disepakati; klien sendiri bertindak.",
        "en": "Carry out the agreed plan; the client acts themself.",
    },
    "evaluation": {
        "id": "Meninjau kemajuan terhadap tujuan yang disepakati, dimulai dari pandangan klien.",
        "en": "Review progress against the agreed goals, starting from the client's view.",
    },
    "referral": {
        "id": (
            "Bila pendamping tidak sanggup membantu, klien dirujuk ke pendamping lain atau ke "
            "lembaga yang mampu menangani masalahnya."
        ),
        "en": (
            "If the worker cannot help, the client is referred to another worker or to an "
            "agency able to deal with the problem."
        ),
    },
    "closing": {
        "id": "Mengakhiri layanan: meninjau hasil bersama dan menjelaskan cara kembali bila perlu.",
        "en": "End the service: review gains together and explain how to come back if needed.",
    },
}
# The seed's process section (assessment, planning, referral) sits under Rustanto's components;
# the other stages are not in the seed and follow Siporin's sequence.
STAGE_SOURCES: dict[str, str] = {
    s: ("rustanto2009" if s in ("assessment", "planning", "referral") else "siporin1975")
    for s in STAGE_DESCRIPTIONS
}


def principle_line(principle: str, lang: str) -> str:
    """The principle's name and definition on one line, in ``lang`` (``id`` or ``en``)."""
    from simulator.vocab import PRINCIPLE_LABELS

    lang = lang if lang in ("id", "en") else "en"
    return f"{PRINCIPLE_LABELS[principle][lang]}: {PRINCIPLE_DEFINITIONS[principle][lang]}"


def source_for_principle(principle: str) -> str:
    """The full citation for a principle's definition."""
    return SOURCES[PRINCIPLE_SOURCES[principle]]
