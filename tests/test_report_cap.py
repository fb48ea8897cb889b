"""The overall score's ceilings explained: the summary records which cap applied and why,
the report says it in one sentence in the report's language, every rendering escapes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_fakes import stored

from simulator.cli import main
from simulator.report import build_report, render
from simulator.report import strings as report_strings
from simulator.report.classreport import build_class_report, render_class_html, render_class_md
from simulator.scoring.model import Finding, ReplyScore, ScoredTurn, SessionScores
from simulator.scoring.summary import summarize
from simulator.store import StoredSession
from simulator.vocab import PRINCIPLES


def reply(moves: tuple[str, ...], *findings: tuple[str, float, str]) -> ReplyScore:
    """A reply with findings given as (principle, delta, severity)."""
    found = tuple(Finding("r", (0, 3), "m", d, p, severity=s) for p, d, s in findings)
    deltas = {p: sum(f.delta for f in found if f.principle == p) for p in PRINCIPLES}
    return ReplyScore(moves, deltas, "assessment", "fits", "", (), found)


def scored(*replies: ReplyScore) -> list[ScoredTurn]:
    turns: list[ScoredTurn] = []
    for r in replies:
        turns.append(ScoredTurn("client", "Saya bingung."))
        turns.append(ScoredTurn("worker", "mm, iya", "assessment", r))
    return turns


# "mm, iya" twelve times: encouragers that cost nothing and show no skill.
THIN = scored(*[reply(("encourager",), ("acceptance", 0.5, "minor")) for _ in range(12)])
GOOD = scored(
    *[
        reply(("open_question",), ("openness", 1.0, "minor")),
        reply(("reflection_complex",), ("individualisation", 1.0, "minor")),
        reply(("summary",), ("openness", 1.0, "minor")),
        reply(("affirmation",), ("acceptance", 1.0, "minor")),
        reply(("reflection_simple",), ("acceptance", 0.5, "minor")),
        reply(("plan_proposal", "autonomy_support"), ("participation", 1.5, "minor")),
    ]
)
# Skilled replies, but 2 of 5 violate: acceptance twice, participation once.
HARSH = scored(
    reply(("open_question",), ("openness", 1.0, "minor")),
    reply(("reflection_complex",), ("individualisation", 1.0, "minor")),
    reply(("summary",), ("openness", 1.0, "minor")),
    reply(("judgement",), ("acceptance", -1.0, "major")),
    reply(("advice", "judgement"), ("acceptance", -1.0, "major"), ("participation", -1.0, "major")),
)


def session_of(turns: list[ScoredTurn], scores: SessionScores, lang: str = "id") -> StoredSession:
    base = stored(lang=lang)
    records = [
        {"speaker": t.speaker, "text": t.text, "stage": t.stage}
        | ({"score": t.score.to_dict()} if t.score else {})
        for t in turns
    ]
    return StoredSession(**{**base.__dict__, "turns": tuple(records), "scores": scores.to_dict()})


def test_a_thin_session_records_the_skill_cap_and_its_inputs() -> None:
    scores = summarize(THIN)
    assert scores.overall == 40.0
    cap = scores.cap
    assert cap is not None
    assert cap["kind"] == "skill" and cap["value"] == 40.0 and cap["average"] > 40.0
    assert (cap["skilled_replies"], cap["violating_replies"], cap["worker_turns"]) == (0, 0, 12)
    assert cap["skill_ceiling"] == 40.0 and cap["conduct_ceiling"] == 100.0
    assert SessionScores.from_dict(json.loads(json.dumps(scores.to_dict()))).cap == cap


def test_a_good_session_has_no_cap_and_the_cap_never_changes_a_score() -> None:
    scores = summarize(GOOD)
    assert scores.cap is None and scores.to_dict()["cap"] is None
    for turns in (THIN, GOOD, HARSH):
        s = summarize(turns)
        assert s.cap is None or s.overall == s.cap["value"] < s.cap["average"]


def test_violations_set_the_conduct_cap_per_principle() -> None:
    cap = summarize(HARSH).cap
    assert cap is not None and cap["kind"] == "conduct"
    assert cap["value"] == 36.0  # 100 - 160 x 2/5
    assert cap["violating_replies"] == 2 and cap["worker_turns"] == 5
    assert cap["violations"] == {"acceptance": 2, "participation": 1}


def test_the_thin_report_explains_the_skill_cap_in_both_languages() -> None:
    session = session_of(THIN, summarize(THIN))
    idn = build_report(session, "id")
    en = build_report(session, "en")
    assert idn.cap is not None and en.cap is not None
    assert idn.cap.text.startswith("Skor keseluruhan dibatasi pada 40: hanya 0 dari 12 balasan")
    assert "pertanyaan terbuka" in idn.cap.text and "10 poin" in idn.cap.text
    assert en.cap.text.startswith("Overall capped at 40: only 0 of 12 replies showed a skill")
    assert "open question" in en.cap.text and "raises the cap by 10" in en.cap.text
    for report, text in ((idn, idn.cap.text), (en, en.cap.text)):
        assert text in render(report, "md")
        assert text in render(report, "html")
        data = json.loads(render(report, "json"))
        assert data["cap"]["kind"] == "skill" and data["cap"]["text"] == text
        assert data["cap"]["skilled_replies"] == 0 and data["cap"]["worker_turns"] == 12


def test_a_good_report_carries_no_cap() -> None:
    report = build_report(session_of(GOOD, summarize(GOOD)), "en")
    assert report.cap is None
    assert json.loads(render(report, "json"))["cap"] is None
    for fmt in ("md", "html"):
        assert "capped" not in render(report, fmt)
    assert "dibatasi" not in render(build_report(session_of(GOOD, summarize(GOOD))), "md")


def test_the_conduct_sentence_names_the_violated_principles() -> None:
    session = session_of(HARSH, summarize(HARSH))
    en = build_report(session, "en").cap
    assert en is not None and en.kind == "conduct"
    assert en.text.startswith("Overall capped at 36: 2 of 5 replies held a major or critical")
    assert "(Acceptance: 2, Participation: 1)" in en.text and "by 32 points" in en.text
    idn = build_report(session, "id").cap
    assert idn is not None and "(Penerimaan: 2, Partisipasi: 1)" in idn.text
    assert "menurunkan batas ini 32 poin, paling rendah sampai 20" in idn.text


def test_a_session_scored_before_the_cap_was_recorded_gets_it_from_its_measures() -> None:
    scores = summarize(HARSH).to_dict()
    del scores["cap"]
    harsh = session_of(HARSH, summarize(HARSH))
    report = build_report(StoredSession(**{**harsh.__dict__, "scores": scores}), "en")
    assert report.cap is not None and report.cap.kind == "conduct" and report.cap.average is None
    assert report.cap.violations == {"acceptance": 2, "participation": 1}
    # an overall below every ceiling was not capped
    uncapped = summarize(GOOD).to_dict()
    del uncapped["cap"]
    good = session_of(GOOD, summarize(GOOD))
    assert build_report(StoredSession(**{**good.__dict__, "scores": uncapped})).cap is None


@pytest.mark.parametrize(
    "cap",
    [
        "skill",
        [1, 2],
        {"kind": "other", "value": 40},
        {"kind": "skill", "value": float("nan"), "skilled_replies": 0},
        {"kind": "skill", "value": 40, "skilled_replies": -1, "violating_replies": 0},
        {"kind": "conduct", "value": 40, "skilled_replies": "x", "worker_turns": 3},
    ],
)
def test_a_hand_edited_cap_gives_no_sentence_and_no_crash(cap: object) -> None:
    base = session_of(THIN, summarize(THIN))
    scores = dict(base.scores) | {"cap": cap}
    report = build_report(StoredSession(**{**base.__dict__, "scores": scores}))
    assert report.cap is None
    render(report, "md"), render(report, "html"), render(report, "json")


def test_the_cap_sentence_is_escaped_in_every_rendering(monkeypatch) -> None:
    hostile = "<script>alert(1)</script> *x* | # {value}"
    monkeypatch.setitem(report_strings.STRINGS, "cap.skill", {"id": hostile, "en": hostile})
    report = build_report(session_of(THIN, summarize(THIN)))
    assert report.cap is not None and "<script>" in report.cap.text  # data, not markup
    html = render(report, "html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render(report, "md")
    assert "<script>" not in md and "\\<script\\>" in md and "\\*x\\* \\|" in md
    assert json.loads(render(report, "json"))["cap"]["text"] == report.cap.text


def test_score_transcript_prints_the_cap(tmp_path: Path, capsys) -> None:
    turns = []
    for _ in range(6):
        turns += [
            {"speaker": "client", "text": "Saya bingung, Bu. Utangnya makin banyak."},
            {"speaker": "worker", "text": "mm, iya"},
        ]
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps({"schema_version": 1, "scenario": "x", "lang": "id", "turns": turns}),
        encoding="utf-8",
    )
    assert main(["score-transcript", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cap"]["kind"] == "skill" and out["cap"]["value"] == out["overall"] == 40.0
    assert out["cap"]["skilled_replies"] == 0 and out["cap"]["worker_turns"] == 6
    assert main(["score-transcript", str(path), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "dibatasi pada 40" in md and "0 dari 6 balasan" in md


def test_score_transcript_markdown_has_no_cap_line_when_uncapped(tmp_path: Path, capsys) -> None:
    turns = [
        {"speaker": "client", "text": "Warung saya sepi, Bu."},
        {"speaker": "worker", "text": "Bagaimana ceritanya warung Ibu bisa sepi?"},
    ]
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"lang": "id", "turns": turns}), encoding="utf-8")
    assert main(["score-transcript", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert main(["score-transcript", str(path), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert (out["cap"] is None) == ("dibatasi" not in md)


def test_the_class_report_counts_the_sessions_each_ceiling_capped() -> None:
    sessions = [
        StoredSession(**{**session_of(turns, summarize(turns)).__dict__, "id": str(i)})
        for i, turns in enumerate((THIN, THIN, HARSH, GOOD))
    ]
    report = build_class_report(sessions, lang="en")
    assert report.capped == {"skill": 2, "conduct": 1}
    line = "A ceiling capped the overall score of 3 of 4 sessions: 2 for too few skilled replies"
    assert line in render_class_md(report) and line in render_class_html(report)
    idn = render_class_md(build_class_report(sessions, lang="id"))
    assert "Skor keseluruhan 3 dari 4 sesi dibatasi oleh batas atas: 2 karena" in idn
    uncapped = build_class_report(sessions[3:], lang="en")
    assert uncapped.capped == {"skill": 0, "conduct": 0}
    assert "A ceiling capped" not in render_class_md(uncapped)
