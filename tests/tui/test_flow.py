"""Behaviour of the screens: exam mode, hint, ending early, resume, seed, languages."""

from __future__ import annotations

from dataclasses import replace

from tui_doubles import PhraseScorer, fixture_scenario, posted, screen_text, widget_text

from simulator.session import Session
from simulator.tui.config import locale_lang, ui_lang
from simulator.tui.messages import InterviewEnded, InterviewReady, ReplyScored
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.help import HelpScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.selfassess import SelfAssessmentScreen
from simulator.tui.widgets.rapport_meter import RapportMeter
from simulator.tui.widgets.reply_input import ReplyInput

SIZE = (100, 30)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def send(pilot, text: str) -> None:
    pilot.app.screen.query_one(ReplyInput).insert(text)
    await pilot.press("enter")
    await settle(pilot)


async def test_exam_mode_keeps_feedback_for_the_report(make_app, scenario):
    app = make_app(scenario, mode="exam")
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen) and app.screen.mode == "exam"
        await pilot.press("enter")
        await settle(pilot)
        await send(pilot, "Selamat pagi, Bu Sri. Bisa ceritakan?")
        assert posted(messages, ReplyScored)
        text = screen_text(app)
        assert "Mode ujian" in text and "“ceritakan”" not in text
        await send(pilot, "Kedengarannya berat.")
        await send(pilot, "Kita susun rencana bersama?")
        assert posted(messages, InterviewEnded)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert "“ceritakan”" in widget_text(app, "#timeline")


async def test_mode_key_switches_on_the_briefing(make_app, scenario):
    app = make_app(scenario)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert app.screen.mode == "exam"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.play.mode == "exam"


async def test_hint_shows_the_scorers_hint_for_the_current_stage(make_app, scenario):
    app = make_app(scenario)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert PhraseScorer().hint("engagement") in widget_text(app, "#coach-body")


async def test_empty_reply_is_not_sent(make_app, scenario):
    app = make_app(scenario)
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await send(pilot, "   ")
        assert not posted(messages, ReplyScored)
        assert app.screen.play.session.turn == 0


async def test_ctrl_j_adds_a_line_and_enter_sends_both(make_app, scenario):
    app = make_app(scenario)
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"Halo", "ctrl+j", *"Bu")
        assert app.screen.query_one(ReplyInput).text == "Halo\nBu"
        await pilot.press("enter")
        await settle(pilot)
        assert [m.reply for m in posted(messages, ReplyScored)] == ["Halo\nBu"]
        assert app.screen.query_one(ReplyInput).text == ""


async def test_end_session_asks_first_then_goes_to_self_assessment(make_app, scenario, backend):
    app = make_app(scenario)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await send(pilot, "Selamat pagi.")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.screen.play.ending is None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, SelfAssessmentScreen)
    stored = backend.store.list()[0]
    assert stored.status == "finished" and stored.worker_turns == 1


async def test_interrupted_session_resumes_with_its_chat(make_app, scenario, backend):
    app = make_app(scenario)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await send(pilot, "Selamat pagi, Bu Sri. Kedengarannya berat.")
        assert app.screen.query_one(RapportMeter).rapport == 1
    session_id = backend.store.latest_unfinished()
    assert session_id is not None
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "terputus" in screen_text(app) or "interrupted" in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.play.session.turn == 1
        assert app.screen.query_one(RapportMeter).rapport == 1
        assert "Warung saya sepi" in screen_text(app)
        await send(pilot, "Kedengarannya berat.")
        assert app.screen.play.session.turn == 2


async def test_seed_gives_the_same_first_line_as_headless_play(make_app):
    scenario = fixture_scenario()
    for seed in (1, 2, 3, 4):
        expected = Session(scenario, PhraseScorer(), seed=seed).start().text
        app = make_app(scenario, seed=seed)
        messages: list = []
        async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            ready = posted(messages, InterviewReady)
            assert ready[0].opening.text == expected
            assert expected in screen_text(app)


async def test_help_opens_with_f1_and_question_mark_in_the_ui_language(make_app):
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Principles" in shown and "Acceptance" in shown and "Penerimaan" not in shown
        panels = " ".join(w.render().plain for w in app.screen.query(".panel"))
        assert "Ilmawan" in panels and "Rustanto" in panels and "Broker" in panels
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and app.screen.lang == "en"


def test_language_choice_order():
    assert ui_lang("en", "id", {"LANG": "id_ID.UTF-8"}) == "en"
    assert ui_lang(None, "en", {"LANG": "id_ID.UTF-8"}) == "en"
    assert ui_lang(None, None, {"LANG": "id_ID.UTF-8"}) == "id"
    assert ui_lang(None, None, {"LANG": "en_US.UTF-8"}) == "en"
    assert locale_lang({"LC_ALL": "id_ID", "LANG": "en_US"}) == "id"
    assert locale_lang({}) == "en"


async def test_home_follows_the_locale_and_the_briefing_the_scenario(make_app, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Recent sessions" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen) and app.screen.lang == "id"
        assert "Lembar intake" in screen_text(app)


def add_english_scenario(backend) -> None:
    """A second, English scenario in the catalog beside the default Indonesian one."""
    backend.catalog["english-one"] = replace(
        fixture_scenario(title="Mr Tan's shop", lang="en"), id="english-one"
    )


async def test_search_and_language_filter(make_app, backend):
    add_english_scenario(backend)
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#scenarios")
        assert table.row_count == 2
        await pilot.press("ctrl+l")  # Indonesian only
        assert table.row_count == 1
        await pilot.press("ctrl+l")  # English only
        assert table.row_count == 1 and "Mr Tan" in screen_text(app)
        await pilot.press("ctrl+l", "slash", *"warung")
        assert table.row_count == 1 and "Bu Sri dan warungnya" in screen_text(app)
        await pilot.press(*"zzz")
        assert table.row_count == 0


async def test_a_finished_session_opens_its_report_from_home(make_app, scenario):
    app = make_app(scenario)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await send(pilot, "Selamat pagi, Bu Sri.")
        await send(pilot, "Kedengarannya berat.")
        await send(pilot, "Kita susun rencana bersama?")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#sessions").row_count == 1
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert "Kita susun rencana bersama?" in widget_text(app, "#timeline")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_back_from_a_briefing_keeps_the_chosen_scenario(make_app, backend):
    add_english_scenario(backend)
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#scenarios")
        start = table.cursor_row
        await pilot.press("down" if start == 0 else "up")
        chosen = table.cursor_row
        assert chosen != start
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#scenarios").cursor_row == chosen
