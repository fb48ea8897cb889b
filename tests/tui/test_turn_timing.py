"""A turn: scored and stored off the UI thread, committed before the client's answer shows,
which comes after a short pause unless --no-delay."""

from __future__ import annotations

import asyncio
import threading

from tui_doubles import posted, widget_text

from simulator.tui.messages import ClientAnswered, ReplyScored
from simulator.tui.screens import interview
from simulator.tui.screens.help import HelpScreen
from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.widgets.reply_input import ReplyInput


async def open_interview(pilot) -> None:
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, InterviewScreen)


async def test_answer_waits_for_the_pause_and_the_store(make_app, scenario, backend, monkeypatch):
    monkeypatch.setattr(interview, "natural_pause", lambda text: 1.0)
    threads: list[str] = []
    real_reply = backend.reply

    def reply(play, text):
        threads.append(threading.current_thread().name)
        return real_reply(play, text)

    monkeypatch.setattr(backend, "reply", reply)
    app = make_app(scenario, no_delay=False)
    messages: list = []
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await open_interview(pilot)
        app.screen.query_one(ReplyInput).insert("Selamat pagi, Bu Sri.")
        await pilot.press("enter")
        while "berpikir" not in widget_text(app, "#status"):
            await asyncio.sleep(0.01)
        assert posted(messages, ReplyScored)
        assert not posted(messages, ClientAnswered)
        # The turn, with the answer still unseen, is already on disk.
        session_id = app.screen.play.session_id
        stored = backend.store.get(session_id).turns
        assert [t["speaker"] for t in stored] == ["client", "worker", "client"]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [m.line.text for m in posted(messages, ClientAnswered)] == [stored[2]["text"]]
    assert threads and all(name != threading.main_thread().name for name in threads)
    assert all(name.startswith("casework-core") for name in threads)


async def test_help_opens_from_the_interview_while_typing(make_app, scenario):
    app = make_app(scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_interview(pilot)
        await pilot.press(*"Apa?")
        assert app.screen.query_one(ReplyInput).text == "Apa?"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.query_one(ReplyInput).text == "Apa?"
        assert isinstance(app.focused, ReplyInput)
