"""After Enter the screen is held (not redrawn) until the reply is scored, for at most
``HOLD_FRAME`` seconds, so that the emptied box and the Coach panel are drawn in one frame."""

from __future__ import annotations

import asyncio
import threading

from simulator.errors import ReplyRejected
from simulator.tui.screens import interview
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


async def test_a_slow_reply_holds_the_screen_no_longer_than_the_limit(
    make_app, scenario, backend, monkeypatch
):
    gate = threading.Event()
    real_reply = backend.reply

    def reply(play, text):
        gate.wait(5)
        return real_reply(play, text)

    monkeypatch.setattr(backend, "reply", reply)
    app = make_app(scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_interview(pilot)
        box = app.screen.query_one(ReplyInput)
        box.insert("Selamat pagi, Bu Sri.")
        app.screen.post_message(ReplyInput.Submitted(box, box.text))
        while box.text:
            await asyncio.sleep(0.001)
        assert app._batch_count == 1  # held while the reply is scored
        await asyncio.sleep(interview.HOLD_FRAME + 0.2)
        assert app._batch_count == 0  # the reply is still being scored: drawn without it
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._batch_count == 0
        assert "Selamat pagi, Bu Sri." in [x.text for x in app.screen.play.lines]


async def test_a_rejected_reply_releases_the_hold_at_once(make_app, scenario, backend, monkeypatch):
    monkeypatch.setattr(interview, "HOLD_FRAME", 30.0)  # only the turn itself can release it

    def reply(play, text):
        raise ReplyRejected("not taken")

    monkeypatch.setattr(backend, "reply", reply)
    app = make_app(scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_interview(pilot)
        box = app.screen.query_one(ReplyInput)
        box.insert("Halo")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._batch_count == 0
        assert box.text == "Halo"  # given back
