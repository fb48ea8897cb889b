"""Every string the interface shows, in Indonesian (``id``) and English (``en``).

Screens never hard-code text in one language: they call ``t(lang, key, **values)``. Values are
filled with ``str.format`` and the result is plain text, never markup. A test checks that both
languages have the same keys and the same ``{placeholders}``.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # app-wide
    "app.title": {"id": "Simulator Bimbingan Sosial Perseorangan", "en": "Casework Simulator"},
    "key.help": {"id": "Bantuan", "en": "Help"},
    "key.quit": {"id": "Keluar", "en": "Quit"},
    "key.back": {"id": "Kembali", "en": "Back"},
    "key.close": {"id": "Tutup", "en": "Close"},
    "error.title": {"id": "Ada masalah", "en": "Something went wrong"},
    "lang.id": {"id": "Indonesia", "en": "Indonesian"},
    "lang.en": {"id": "Inggris", "en": "English"},
    "lang.all": {"id": "Semua bahasa", "en": "All languages"},
    "difficulty.beginner": {"id": "pemula", "en": "beginner"},
    "difficulty.intermediate": {"id": "menengah", "en": "intermediate"},
    "difficulty.advanced": {"id": "lanjut", "en": "advanced"},
    "category.income": {"id": "pendapatan", "en": "income"},
    "category.family": {"id": "relasi keluarga", "en": "family relations"},
    "category.social_environment": {"id": "lingkungan sosial", "en": "social environment"},
    "category.other": {"id": "lainnya", "en": "other"},
    "minutes": {"id": "{n} menit", "en": "{n} min"},
    "mode.coach": {"id": "Pelatih", "en": "Coach"},
    "mode.exam": {"id": "Ujian", "en": "Exam"},
    "mode.coach.about": {
        "id": "umpan balik setelah setiap jawaban",
        "en": "feedback after every reply",
    },
    "mode.exam.about": {
        "id": "tanpa umpan balik sampai akhir",
        "en": "no feedback until the end",
    },
    # home
    "home.scenarios": {"id": "Skenario", "en": "Scenarios"},
    "home.search": {"id": "Cari skenario…", "en": "Search scenarios…"},
    "home.col.title": {"id": "Judul", "en": "Title"},
    "home.col.lang": {"id": "Bahasa", "en": "Language"},
    "home.col.difficulty": {"id": "Tingkat", "en": "Difficulty"},
    "home.col.category": {"id": "Kategori", "en": "Category"},
    "home.col.minutes": {"id": "Waktu", "en": "Time"},
    "home.recent": {"id": "Sesi terakhir", "en": "Recent sessions"},
    "home.col.when": {"id": "Kapan", "en": "When"},
    "home.col.scenario": {"id": "Skenario", "en": "Scenario"},
    "home.col.overall": {"id": "Skor", "en": "Score"},
    "home.col.status": {"id": "Status", "en": "Status"},
    "home.status.done": {"id": "selesai", "en": "finished"},
    "home.status.open": {"id": "terputus", "en": "interrupted"},
    "home.no_sessions": {"id": "Belum ada sesi.", "en": "No sessions yet."},
    "home.no_scenarios": {"id": "Tidak ada skenario yang cocok.", "en": "No matching scenarios."},
    "home.default": {"id": "bawaan", "en": "default"},
    "home.progress": {"id": "Kemajuan per prinsip", "en": "Progress per principle"},
    "key.open": {"id": "Buka", "en": "Open"},
    "key.search": {"id": "Cari", "en": "Search"},
    "key.lang_filter": {"id": "Filter bahasa", "en": "Language filter"},
    "key.resume": {"id": "Lanjutkan sesi", "en": "Resume session"},
    "key.recent": {"id": "Sesi", "en": "Sessions"},
    "home.resume_none": {
        "id": "Tidak ada sesi terputus untuk dilanjutkan.",
        "en": "There is no interrupted session to resume.",
    },
    "home.filter_now": {"id": "Filter: {lang}", "en": "Filter: {lang}"},
    # briefing
    "brief.intake": {"id": "Lembar intake", "en": "Intake sheet"},
    "brief.client": {"id": "Klien", "en": "Client"},
    "brief.age": {"id": "{n} tahun", "en": "{n} years"},
    "brief.goals": {"id": "Tujuan belajar", "en": "Learning goals"},
    "brief.principles": {"id": "Enam prinsip", "en": "The six principles"},
    "brief.mode": {"id": "Mode", "en": "Mode"},
    "brief.start_hint": {
        "id": "Tekan Enter untuk mulai wawancara.",
        "en": "Press Enter to start the interview.",
    },
    "key.start": {"id": "Mulai", "en": "Start"},
    "key.mode": {"id": "Ganti mode", "en": "Switch mode"},
    # interview
    "iv.client": {"id": "Klien", "en": "Client"},
    "iv.worker": {"id": "Anda", "en": "You"},
    "iv.persona": {"id": "Klien", "en": "Client"},
    "iv.stages": {"id": "Tahap", "en": "Stages"},
    "iv.rapport": {"id": "Kedekatan", "en": "Rapport"},
    "iv.coach": {"id": "Pelatih", "en": "Coach"},
    "iv.coach.empty": {
        "id": "Umpan balik untuk jawaban terakhir Anda muncul di sini.",
        "en": "Feedback on your last reply appears here.",
    },
    "iv.coach.none": {
        "id": "Tidak ada temuan untuk jawaban ini.",
        "en": "No findings for this reply.",
    },
    "iv.coach.exam": {
        "id": "Mode ujian: umpan balik ditampilkan di laporan.",
        "en": "Exam mode: feedback is shown in the report.",
    },
    "iv.fit": {"id": "Kesesuaian tahap: {fit}", "en": "Stage fit: {fit}"},
    "fit.fits": {"id": "sesuai", "en": "fits"},
    "fit.premature": {"id": "terlalu cepat", "en": "premature"},
    "fit.late": {"id": "terlambat", "en": "late"},
    "fit.off": {"id": "tidak sesuai", "en": "off"},
    "iv.move": {"id": "gerak", "en": "move"},
    "iv.placeholder": {
        "id": "Tulis jawaban Anda… (Enter kirim, Ctrl+J baris baru)",
        "en": "Type your reply… (Enter sends, Ctrl+J new line)",
    },
    "iv.thinking": {"id": "{name} sedang berpikir…", "en": "{name} is thinking…"},
    "iv.turns": {"id": "Giliran {n}/{limit}", "en": "Turn {n}/{limit}"},
    "iv.hint": {"id": "Petunjuk ({stage})", "en": "Hint ({stage})"},
    "iv.ended": {"id": "Sesi berakhir: {title}", "en": "Session ended: {title}"},
    "iv.ended_next": {
        "id": "Tekan Enter untuk menilai diri sendiri.",
        "en": "Press Enter to assess yourself.",
    },
    "iv.rejected": {"id": "Jawaban tidak diterima: {why}", "en": "Reply not accepted: {why}"},
    "iv.too_long": {
        "id": "Jawaban terlalu panjang: {n} karakter, batasnya {limit}.",
        "en": "The reply is too long: {n} characters, the limit is {limit}.",
    },
    "iv.confirm_end": {
        "id": "Akhiri sesi sekarang? Wawancara belum selesai.",
        "en": "End the session now? The interview is not finished.",
    },
    "iv.stopped": {"id": "dihentikan oleh pekerja sosial", "en": "stopped by the worker"},
    "key.send": {"id": "Kirim", "en": "Send"},
    "key.newline": {"id": "Baris baru", "en": "New line"},
    "key.hint": {"id": "Petunjuk", "en": "Hint"},
    "key.end": {"id": "Akhiri sesi", "en": "End session"},
    "key.coach": {"id": "Panel pelatih", "en": "Coach panel"},
    "key.next": {"id": "Lanjut", "en": "Next"},
    "confirm.yes": {"id": "Ya", "en": "Yes"},
    "confirm.no": {"id": "Tidak", "en": "No"},
    # self-assessment
    "sa.title": {"id": "Penilaian diri", "en": "Self-assessment"},
    "sa.intro": {
        "id": "Nilai diri Anda 1–5 (1 = sangat kurang, 5 = sangat baik). ←/→ mengubah nilai.",
        "en": "Rate yourself 1–5 (1 = very poor, 5 = very good). ←/→ change a rating.",
    },
    "sa.stages": {"id": "Menangani tahap-tahap", "en": "Handling the stages"},
    "sa.went_well": {"id": "Apa yang berjalan baik?", "en": "What went well?"},
    "sa.differently": {
        "id": "Apa yang akan Anda lakukan berbeda?",
        "en": "What would you do differently?",
    },
    "key.submit": {"id": "Simpan & lihat laporan", "en": "Save & see report"},
    # report
    "rep.title": {"id": "Laporan sesi", "en": "Session report"},
    "rep.overall": {"id": "Skor keseluruhan: {score}", "en": "Overall score: {score}"},
    "rep.principles": {"id": "Prinsip: mesin vs diri", "en": "Principles: engine vs self"},
    "rep.engine": {"id": "mesin", "en": "engine"},
    "rep.self": {"id": "diri", "en": "self"},
    "rep.gap": {"id": "Selisih kalibrasi", "en": "Calibration gap"},
    "rep.gap_value": {
        "id": "{gap:+.0f} poin rata-rata (diri − mesin)",
        "en": "{gap:+.0f} points on average (self − engine)",
    },
    "rep.gap_over": {"id": "Anda menilai diri lebih tinggi.", "en": "You rated yourself higher."},
    "rep.gap_under": {"id": "Anda menilai diri lebih rendah.", "en": "You rated yourself lower."},
    "rep.gap_even": {"id": "Penilaian Anda sejalan.", "en": "Your ratings agree."},
    "rep.no_self": {"id": "Belum ada penilaian diri.", "en": "No self-assessment yet."},
    "rep.ending": {"id": "Akhir: {title} ({outcome})", "en": "Ending: {title} ({outcome})"},
    "rep.no_ending": {"id": "Sesi belum berakhir.", "en": "The session has not ended."},
    "outcome.good": {"id": "baik", "en": "good"},
    "outcome.mixed": {"id": "campuran", "en": "mixed"},
    "outcome.poor": {"id": "kurang", "en": "poor"},
    "rep.stages": {"id": "Cakupan tahap", "en": "Stage coverage"},
    "rep.turns_n": {"id": "{n} giliran", "en": "{n} turns"},
    "rep.roles": {"id": "Peran yang dijalankan", "en": "Roles enacted"},
    "rep.no_roles": {"id": "Belum ada peran yang terlihat.", "en": "No role seen yet."},
    "rep.timeline": {"id": "Lini masa giliran", "en": "Turn timeline"},
    "rep.exported": {"id": "Disimpan: {path}", "en": "Saved: {path}"},
    "rep.export_failed": {"id": "Gagal menyimpan: {why}", "en": "Could not save: {why}"},
    "key.export_md": {"id": "Ekspor MD", "en": "Export MD"},
    "key.export_html": {"id": "Ekspor HTML", "en": "Export HTML"},
    "key.export_json": {"id": "Ekspor JSON", "en": "Export JSON"},
    "key.home": {"id": "Beranda", "en": "Home"},
    # help
    "help.title": {"id": "Bantuan", "en": "Help"},
    "help.principles": {"id": "Prinsip", "en": "Principles"},
    "help.stages": {"id": "Tahap proses pertolongan", "en": "Stages of the helping process"},
    "help.roles": {"id": "Peran pekerja sosial", "en": "Roles of the worker"},
    "help.sources": {"id": "Sumber", "en": "Sources"},
    "help.source_ref": {"id": "Sumber: {src}", "en": "Source: {src}"},
    "help.keys": {
        "id": "Semua dapat dilakukan dengan papan ketik: tombol tertera di bagian bawah layar.",
        "en": "Everything works from the keyboard: the keys are shown at the bottom of the screen.",
    },
}


def t(lang: str, key: str, /, **values: object) -> str:
    """The string ``key`` in ``lang`` (falling back to English), with ``values`` filled in.

    Args:
        lang: ``id`` or ``en``.
        key: A key of ``STRINGS``.
        **values: Values for the ``{placeholders}`` of the string.

    Returns:
        Plain text (never markup).
    """
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
