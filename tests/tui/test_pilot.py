"""Pilot tests: the whole journey, keyboard only, at a fixed size with no pause."""

from __future__ import annotations

from tui_doubles import posted

from simulator.tui.messages import (
    ClientAnswered,
    InterviewEnded,
    InterviewReady,
    ReplyScored,
    SelfAssessmentSaved,
)
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.selfassess import SelfAssessmentScreen
from simulator.tui.widgets.chat import ChatTurn
from simulator.tui.widgets.reply_input import ReplyInput

SIZE = (100, 30)


async def type_reply(pilot, text: str) -> None:
    reply = pilot.app.screen.query_one(ReplyInput)
    reply.insert(text)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_home_to_report_in_coach_mode(make_app, backend):
    app = make_app()
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.focused is app.screen.query_one(ReplyInput)
        ready = posted(messages, InterviewReady)
        assert ready and ready[0].opening.text
        await type_reply(pilot, "Selamat pagi, Bu Sri. Bisa ceritakan apa yang terjadi?")
        scored = posted(messages, ReplyScored)
        assert [f.move for f in scored[0].score.findings] == ["greeting", "open_question"]
        coach = app.screen.query_one("#coach-body")
        assert "“ceritakan”" in str(coach.render())
        await type_reply(pilot, "Kedengarannya Ibu capek sekali.")
        await type_reply(pilot, "Bagaimana kalau kita susun rencana bersama?")
        ended = posted(messages, InterviewEnded)
        assert ended[0].ending["id"] == "agreed"
        answers = [m.line.text for m in posted(messages, ClientAnswered)]
        assert answers[-1] == "Baik, Bu. Terima kasih."
        turns = [w.line.speaker for w in app.screen.query(ChatTurn)]
        assert turns == ["client", "worker", "client", "worker", "client", "worker", "client"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SelfAssessmentScreen)
        await pilot.press("right", "right", "down", "1", "tab")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        saved = posted(messages, SelfAssessmentSaved)[0].ratings
        assert saved["principles"]["acceptance"] == 5
        assert saved["principles"]["openness"] == 1
    stored = backend.store.list()
    assert len(stored) == 1 and stored[0].status == "finished"
    session = backend.store.get(stored[0].id)
    assert session.self_assessment["principles"]["acceptance"] == 5
    assert session.ending["id"] == "agreed"


async def test_report_exports_markdown_html_and_json(make_app, scenario, tmp_path):
    import json

    from simulator.tui.messages import ReportExported

    app = make_app(scenario)
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await type_reply(pilot, "Selamat pagi, Bu Sri. Bisa ceritakan?")
        await type_reply(pilot, "Kita susun rencana bersama?")
        await type_reply(pilot, "Kita susun rencana bersama?")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        for key in ("m", "h", "j"):
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
    exported = {m.fmt: m.path for m in posted(messages, ReportExported)}
    assert set(exported) == {"md", "html", "json"}
    for path in exported.values():
        assert path.parent == tmp_path and path.stat().st_mode & 0o777 == 0o600
    assert "Bu Sri dan warungnya" in exported["md"].read_text()
    assert "<html" in exported["html"].read_text().lower()
    data = json.loads(exported["json"].read_text())
    assert data["report_schema_version"] == 1 and data["ending"]["id"] == "agreed"
