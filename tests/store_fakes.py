"""Small sessions built from real ``ReplyScore`` / ``SessionScores`` objects, for the store,
report, history and class-report tests (no scenario or scoring engine needed)."""

from __future__ import annotations

from typing import Any

from simulator.scoring.model import Finding, ReplyScore, SessionScores
from simulator.store import SessionMeta, Store, StoredSession
from simulator.vocab import PRINCIPLES

OPENING = {
    "speaker": "client",
    "text": "Permisi, Bu. Saya Sri.",
    "stage": "engagement",
    "beat": "opening",
}

# (reply, stage, fit, moves, findings as (rule, principle, delta, start, end, message))
SCRIPT: list[tuple[str, str, str, tuple[str, ...], tuple[tuple, ...]]] = [
    (
        "Selamat pagi, Bu Sri. Saya Rina, pekerja sosial di sini.",
        "engagement",
        "fits",
        ("greeting", "introduction"),
        (("id.greet.salam", "acceptance", 0.5, 0, 20, "Salam yang hangat."),),
    ),
    (
        "Bisa Ibu ceritakan apa yang membuat Ibu datang hari ini?",
        "engagement",
        "fits",
        ("open_question",),
        (("id.open.ceritakan", "openness", 1.0, 0, 26, "Pertanyaan terbuka mengundang cerita."),),
    ),
    (
        "Apakah Ibu punya utang?",
        "assessment",
        "fits",
        ("closed_question",),
        (("id.closed.apakah", "openness", -0.5, 0, 6, "Pertanyaan tertutup membatasi jawaban."),),
    ),
    (
        "Kenapa Ibu tidak bilang ke suami? <b>Ibu</b> harus langsung lapor | polisi.",
        "assessment",
        "premature",
        ("why_question", "advice"),
        (
            (
                "id.why.kenapa",
                "acceptance",
                -1.0,
                0,
                33,
                "Pertanyaan 'kenapa' terdengar menyalahkan.",
            ),
            (
                "id.advice.harus",
                "participation",
                -1.0,
                34,
                74,
                "Saran tanpa diminta mengambil alih.",
            ),
        ),
    ),
    (
        "Kedengarannya Ibu malu dan takut ketahuan.",
        "assessment",
        "fits",
        ("reflection_complex",),
        (
            ("id.reflect.feeling", "individualisation", 1.0, 0, 42, "Refleksi perasaan klien."),
            ("id.reflect.feeling", "self_awareness", 0.5, 0, 42, "Peka pada respons klien."),
        ),
    ),
    (
        "Apa yang menurut Ibu bisa kita lakukan bersama?",
        "engagement",
        "late",
        ("open_question", "plan_proposal"),
        (("id.plan.bersama", "participation", 1.0, 0, 47, "Rencana disusun bersama."),),
    ),
]


def reply_score(
    stage: str, fit: str, moves: tuple[str, ...], findings: tuple[tuple, ...]
) -> ReplyScore:
    found = tuple(
        Finding(
            rule=r,
            span=(a, b),
            message=m,
            delta=d,
            principle=p,
            role="counselor" if d > 0 else None,
        )
        for r, p, d, a, b, m in findings
    )
    deltas = {p: 0.0 for p in PRINCIPLES}
    for f in found:
        deltas[f.principle] += f.delta
    return ReplyScore(
        moves=moves,
        principles=deltas,
        stage=stage,
        stage_fit=fit,
        stage_fit_reason="" if fit == "fits" else f"Langkah {fit} untuk tahap {stage}.",
        roles=("counselor",) if any(f.delta > 0 for f in found) else (),
        findings=found,
    )


def turns(n: int | None = None) -> list[dict[str, Any]]:
    """The opening and ``n`` worker/client exchanges (cycling through SCRIPT)."""
    out: list[dict[str, Any]] = [dict(OPENING)]
    count = len(SCRIPT) if n is None else n
    for i in range(count):
        text, stage, fit, moves, findings = SCRIPT[i % len(SCRIPT)]
        score = reply_score(stage, fit, moves, findings)
        out.append({"speaker": "worker", "text": text, "stage": stage, "score": score.to_dict()})
        out.append(
            {
                "speaker": "client",
                "text": f"Jawaban klien {i + 1}.",
                "stage": stage,
                "beat": f"b{i}",
            }
        )
    return out


def session_scores(offset: float = 0.0) -> SessionScores:
    base = {
        "acceptance": 62.0,
        "openness": 55.0,
        "individualisation": 70.0,
        "participation": 40.0,
        "confidentiality": 30.0,
        "self_awareness": 58.0,
    }
    principles = {p: max(0.0, min(100.0, v + offset)) for p, v in base.items()}
    return SessionScores(
        overall=round(sum(principles.values()) / 6, 1),
        principles=principles,
        measures={
            "open_questions": 2,
            "closed_questions": 1,
            "longest_closed_run": 1,
            "plan_with_client": True,
        },
        stage_coverage={"engagement": 3, "assessment": 3},
        roles={"counselor": 4},
    )


ENDING = {
    "id": "plan_agreed",
    "kind": "plan_agreed",
    "outcome": "good",
    "title": "Rencana disepakati",
}


def stored(
    n: int | None = None,
    *,
    lang: str = "id",
    student: str = "Rina",
    finished: bool = True,
    self_assessment: dict | None = None,
    offset: float = 0.0,
) -> StoredSession:
    return StoredSession(
        id="abcd2345",
        scenario="utang-pinjol-bu-sri",
        scenario_title="Utang Pinjol Bu Sri",
        scenario_version="1.0",
        lang=lang,
        seed=3,
        mode="coach",
        student=student,
        started="2026-11-28T00:00:00Z",
        finished="2026-11-28T00:20:00Z" if finished else None,
        turns=tuple(turns(n)),
        ending=ENDING if finished else None,
        scores=session_scores(offset).to_dict(),
        self_assessment=self_assessment,
    )


def self_assessment(rating: int = 4) -> dict:
    return {
        "principles": {p: rating for p in PRINCIPLES},
        "stages": 3,
        "went_well": "Saya Rina, refleksi perasaan berjalan baik.",
        "do_differently": "Tidak buru-buru memberi saran.",
    }


def put(
    store: Store, n: int = 6, *, finished: bool = True, student: str = "Rina", offset: float = 0.0
) -> str:
    """Record a session in ``store`` turn by turn, as the recorder does; returns its id."""
    all_turns = turns(n)
    sid = store.create_session(
        SessionMeta(
            scenario="utang-pinjol-bu-sri",
            scenario_title="Utang Pinjol Bu Sri",
            scenario_version="1.0",
            lang="id",
            seed=3,
            mode="coach",
            student=student,
            turns=(all_turns[0],),
            snapshot={"turn": 0},
        )
    )
    for i in range(n):
        store.record_turn(
            sid,
            {
                "worker": all_turns[1 + 2 * i],
                "client": all_turns[2 + 2 * i],
                "ending": None,
                "snapshot": {"turn": i + 1},
            },
        )
    if finished:
        store.finish(sid, ENDING, session_scores(offset).to_dict())
    return sid
