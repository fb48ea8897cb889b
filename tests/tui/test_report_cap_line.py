"""The report screen shows why a ceiling capped the overall score, beside it, as plain text."""

from __future__ import annotations

from test_report_cap import GOOD, THIN, session_of

from simulator.report import build_report
from simulator.report import strings as report_strings
from simulator.scoring.summary import summarize
from simulator.tui.screens.report import ReportScreen


def test_the_headline_carries_the_cap_sentence_in_the_report_language() -> None:
    session = session_of(THIN, summarize(THIN))
    for lang, start in (("id", "Skor keseluruhan dibatasi pada 40"), ("en", "Overall capped at 40")):
        report = build_report(session, lang)
        lines = ReportScreen(report, lang)._headline().plain.splitlines()
        assert report.cap is not None and lines[1] == report.cap.text
        assert lines[1].startswith(start)


def test_no_cap_no_sentence_and_markup_stays_text(monkeypatch) -> None:
    good = build_report(session_of(GOOD, summarize(GOOD)), "en")
    assert "capped" not in ReportScreen(good, "en")._headline().plain
    monkeypatch.setitem(report_strings.STRINGS, "cap.skill", {"id": "[b]x[/b]", "en": "[b]x[/b]"})
    report = build_report(session_of(THIN, summarize(THIN)), "en")
    headline = ReportScreen(report, "en")._headline()
    assert "[b]x[/b]" in headline.plain
