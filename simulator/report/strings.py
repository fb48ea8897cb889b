"""The words of the reports, in Indonesian and English.

Labels of principles, stages, roles and moves come from ``simulator.vocab``; definitions from
``simulator.seed``. Only the report's own headings and sentences live here.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "title": {"id": "Laporan sesi", "en": "Session report"},
    "class_title": {"id": "Ringkasan kelas", "en": "Class summary"},
    "session": {"id": "Sesi", "en": "Session"},
    "scenario": {"id": "Skenario", "en": "Scenario"},
    "student": {"id": "Mahasiswa", "en": "Student"},
    "date": {"id": "Tanggal", "en": "Date"},
    "status": {"id": "Status", "en": "Status"},
    "status.finished": {"id": "selesai", "en": "finished"},
    "status.interrupted": {"id": "terputus", "en": "interrupted"},
    "mode": {"id": "Mode", "en": "Mode"},
    "mode.coach": {"id": "latihan (dengan umpan balik)", "en": "coach (with feedback)"},
    "mode.exam": {"id": "ujian", "en": "exam"},
    "seed": {"id": "Benih variasi", "en": "Variant seed"},
    "worker_turns": {"id": "Giliran pekerja sosial", "en": "Worker turns"},
    "overall": {"id": "Skor keseluruhan", "en": "Overall score"},
    "not_scored": {"id": "belum dinilai", "en": "not scored"},
    "cap.skill": {
        "id": "Skor keseluruhan dibatasi pada {value}: hanya {n} dari {total} balasan menunjukkan"
        " keterampilan ({examples}, …) tanpa pelanggaran. Setiap balasan terampil menaikkan"
        " batas ini {step} poin.",
        "en": "Overall capped at {value}: only {n} of {total} replies showed a skill"
        " ({examples}, …) without a violation. Each skilled reply raises the cap by {step}.",
    },
    "cap.conduct": {
        "id": "Skor keseluruhan dibatasi pada {value}: {n} dari {total} balasan mengandung"
        " pelanggaran berat atau kritis{principles}. Setiap balasan seperti itu menurunkan"
        " batas ini {per} poin, paling rendah sampai {floor}.",
        "en": "Overall capped at {value}: {n} of {total} replies held a major or critical"
        " violation{principles}. Each such reply lowers the cap by {per} points, to no less"
        " than {floor}.",
    },
    "cap.principle_count": {"id": "{label}: {n}", "en": "{label}: {n}"},
    "class_capped": {
        "id": "Skor keseluruhan {n} dari {total} sesi dibatasi oleh batas atas: {skill} karena"
        " terlalu sedikit balasan terampil, {conduct} karena pelanggaran prinsip.",
        "en": "A ceiling capped the overall score of {n} of {total} sessions: {skill} for too"
        " few skilled replies, {conduct} for violations.",
    },
    "principles": {"id": "Skor per prinsip", "en": "Scores per principle"},
    "principle": {"id": "Prinsip", "en": "Principle"},
    "score": {"id": "Skor", "en": "Score"},
    "engine": {"id": "Mesin", "en": "Engine"},
    "self": {"id": "Diri", "en": "Self"},
    "gap": {"id": "Selisih", "en": "Gap"},
    "reasons": {"id": "Alasan setiap poin", "en": "The reason for every point"},
    "no_reasons": {
        "id": "Tidak ada temuan yang mengubah skor prinsip ini.",
        "en": "No finding moved this principle.",
    },
    "turn_n": {"id": "Giliran {n}", "en": "Turn {n}"},
    "calibration": {"id": "Mesin vs penilaian diri", "en": "Engine vs self-assessment"},
    "calibration_note": {
        "id": "Penilaian diri 1-5 dipetakan ke 0-100 (1=0, 3=50, 5=100); selisih = diri − mesin.",
        "en": "Self ratings 1-5 are mapped to 0-100 (1=0, 3=50, 5=100); gap = self − engine.",
    },
    "stage_handling": {"id": "Penanganan tahap", "en": "Handling of the stages"},
    "mean_gap": {"id": "Selisih rata-rata", "en": "Mean gap"},
    "gap_over": {"id": "Anda menilai diri lebih tinggi.", "en": "You rated yourself higher."},
    "gap_under": {"id": "Anda menilai diri lebih rendah.", "en": "You rated yourself lower."},
    "gap_even": {"id": "Penilaian Anda sejalan dengan mesin.", "en": "Your ratings agree."},
    "no_self": {"id": "Belum ada penilaian diri.", "en": "No self-assessment yet."},
    "went_well": {"id": "Yang berjalan baik", "en": "What went well"},
    "do_differently": {"id": "Yang akan dilakukan berbeda", "en": "What I would do differently"},
    "stages": {"id": "Tahap proses pertolongan", "en": "Stages of the helping process"},
    "coverage": {"id": "Cakupan tahap", "en": "Stage coverage"},
    "stage": {"id": "Tahap", "en": "Stage"},
    "turns": {"id": "Giliran", "en": "Turns"},
    "order": {"id": "Urutan tahap", "en": "Order of the stages"},
    "turns_range": {"id": "giliran {a}-{b}", "en": "turns {a}-{b}"},
    "went_back": {"id": "kembali ke tahap sebelumnya", "en": "went back to an earlier stage"},
    "premature": {"id": "Langkah prematur", "en": "Premature moves"},
    "no_premature": {"id": "Tidak ada langkah prematur.", "en": "No premature moves."},
    "late_off": {"id": "Langkah terlambat atau tidak sesuai", "en": "Late or off-stage moves"},
    "fit.fits": {"id": "sesuai", "en": "fits"},
    "fit.premature": {"id": "prematur", "en": "premature"},
    "fit.late": {"id": "terlambat", "en": "late"},
    "fit.off": {"id": "tidak sesuai", "en": "off"},
    "ending": {"id": "Akhir sesi", "en": "Ending"},
    "no_ending": {"id": "Sesi belum berakhir.", "en": "The session has not ended."},
    "outcome.good": {"id": "baik", "en": "good"},
    "outcome.mixed": {"id": "campuran", "en": "mixed"},
    "outcome.poor": {"id": "kurang", "en": "poor"},
    "roles": {"id": "Peran yang dijalankan", "en": "Roles enacted"},
    "no_roles": {"id": "Belum ada peran yang terlihat.", "en": "No role was seen."},
    "times": {"id": "{n}×", "en": "{n}×"},
    "measures": {"id": "Ukuran wawancara", "en": "Interview measures"},
    "m.open_questions": {"id": "Pertanyaan terbuka", "en": "Open questions"},
    "m.closed_questions": {"id": "Pertanyaan tertutup", "en": "Closed questions"},
    "m.open_closed_ratio": {"id": "Rasio terbuka:tertutup", "en": "Open:closed ratio"},
    "m.reflections_per_question": {
        "id": "Refleksi per pertanyaan",
        "en": "Reflections per question",
    },
    "m.complex_reflection_share": {
        "id": "Bagian refleksi kompleks",
        "en": "Share of complex reflections",
    },
    "m.longest_closed_run": {
        "id": "Rangkaian pertanyaan tertutup terpanjang",
        "en": "Longest run of closed questions",
    },
    "m.advice_per_reply": {"id": "Saran per balasan", "en": "Advice per reply"},
    "m.real_problem_before_planning": {
        "id": "Masalah sebenarnya tergali sebelum perencanaan",
        "en": "Real problem reached before planning",
    },
    "m.plan_with_client": {
        "id": "Rencana disusun bersama klien",
        "en": "Plan made with the client",
    },
    "m.worker_turns": {"id": "Balasan pekerja sosial", "en": "Worker replies"},
    "m.why_questions": {"id": "Pertanyaan 'mengapa'", "en": "'Why' questions"},
    "m.reflections": {"id": "Refleksi", "en": "Reflections"},
    "m.unasked_advice": {"id": "Saran tanpa diminta", "en": "Unasked advice"},
    "m.premature_replies": {"id": "Balasan prematur", "en": "Premature replies"},
    "m.critical_findings": {"id": "Temuan kritis", "en": "Critical findings"},
    "m.skilled_replies": {"id": "Balasan yang terampil", "en": "Skilled replies"},
    "m.violating_replies": {
        "id": "Balasan yang melanggar prinsip",
        "en": "Replies with a violation",
    },
    "yes": {"id": "ya", "en": "yes"},
    "no": {"id": "tidak", "en": "no"},
    "strengths": {"id": "Tiga kekuatan", "en": "Three strengths"},
    "improvements": {"id": "Tiga hal untuk diperbaiki", "en": "Three things to improve"},
    "definition": {"id": "Definisi", "en": "Definition"},
    "source": {"id": "Sumber", "en": "Source"},
    "evidence": {"id": "Bukti", "en": "Evidence"},
    "no_evidence_strength": {
        "id": "Tidak ada temuan negatif untuk prinsip ini.",
        "en": "No negative finding for this principle.",
    },
    "no_evidence_improve": {
        "id": "Prinsip ini jarang tampak dalam balasan Anda; tunjukkan secara eksplisit.",
        "en": "This principle rarely showed in your replies; show it explicitly.",
    },
    "transcript": {"id": "Transkrip beranotasi", "en": "Annotated transcript"},
    "client": {"id": "Klien", "en": "Client"},
    "worker": {"id": "Pekerja sosial", "en": "Worker"},
    "moves": {"id": "Langkah", "en": "Moves"},
    "fit": {"id": "Kesesuaian tahap", "en": "Stage fit"},
    "findings": {"id": "Temuan", "en": "Findings"},
    "class_means": {"id": "Rata-rata kelas", "en": "Class means"},
    "sessions": {"id": "Sesi", "en": "Sessions"},
    "weakest_principles": {"id": "Prinsip terlemah", "en": "Weakest principles"},
    "weakest_stages": {"id": "Tahap terlemah", "en": "Weakest stages"},
    "fit_share": {"id": "bagian balasan yang sesuai", "en": "share of replies that fit"},
    "frequent_findings": {"id": "Temuan paling sering", "en": "Most frequent findings"},
    "rule": {"id": "Aturan", "en": "Rule"},
    "count": {"id": "Jumlah", "en": "Count"},
    "message": {"id": "Pesan", "en": "Message"},
    "no_sessions": {"id": "Belum ada sesi.", "en": "No sessions yet."},
    "col.id": {"id": "id", "en": "id"},
    "col.date": {"id": "tanggal", "en": "date"},
    "col.status": {"id": "status", "en": "status"},
    "col.turns": {"id": "giliran", "en": "turns"},
    "col.overall": {"id": "skor", "en": "overall"},
    "col.scenario": {"id": "skenario", "en": "scenario"},
    "progress": {
        "id": "Kemajuan per prinsip (lama → baru)",
        "en": "Progress per principle (oldest → newest)",
    },
    "generated": {"id": "Dibuat oleh casework {version}", "en": "Made by casework {version}"},
}


def t(lang: str, key: str, **values: object) -> str:
    """The report string ``key`` in ``lang`` (English if ``lang`` is unknown), filled in.

    Args:
        lang: ``id`` or ``en``.
        key: A key of ``STRINGS``.
        **values: Values for the ``{placeholders}``.
    """
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
