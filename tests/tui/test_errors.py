"""Bad input and failing disks never crash the interview."""

from __future__ import annotations

from tui_doubles import posted, widget_text

from simulator.store import StoreError
from simulator.tui.messages import ReplyScored
from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.widgets.reply_input import ReplyInput


async def open_interview(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, InterviewScreen)


async def send(pilot, text: str) -> None:
    pilot.app.screen.query_one(ReplyInput).insert(text)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_refused_reply_is_explained_and_kept(make_app, scenario):
    app = make_app(scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_interview(pilot)
        too_long = "kata " * 2001
        await send(pilot, too_long)
        assert "terlalu panjang" in widget_text(app, "#status")
        assert "10,000" in widget_text(app, "#status")
        assert app.screen.play.session.turn == 0
        reply = app.screen.query_one(ReplyInput)
        assert reply.text == too_long and not reply.read_only and app.focused is reply


async def test_a_turn_the_store_cannot_commit_is_not_shown(
    make_app, scenario, backend, monkeypatch
):
    app = make_app(scenario)
    messages: list = []
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await open_interview(pilot)

        def full_disk(*args, **kwargs):
            raise StoreError("casework.db: database or disk is full")

        monkeypatch.setattr(backend.store, "record_turn", full_disk)
        await send(pilot, "Selamat pagi, Bu Sri.")
        assert not posted(messages, ReplyScored)
        assert app.screen.play.session.turn == 0
        assert len(app.screen.query("ChatTurn")) == 1
        assert app.screen.query_one(ReplyInput).text == "Selamat pagi, Bu Sri."
        monkeypatch.undo()
        app.screen.query_one(ReplyInput).clear()
        await send(pilot, "Selamat pagi, Bu Sri.")
        assert app.screen.play.session.turn == 1 and posted(messages, ReplyScored)
        assert len(app.screen.query("ChatTurn")) == 3


async def test_a_broken_database_is_reported_without_a_crash(tmp_path):
    from tui_doubles import FixtureBackend

    from simulator.tui.app import CaseworkApp
    from simulator.tui.config import AppConfig

    db = tmp_path / "casework.db"
    db.write_bytes(b"this is not a database" * 100)
    backend = FixtureBackend(str(db))
    app = CaseworkApp(AppConfig(no_delay=True, seed=1, lang="en"), backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#scenarios").row_count == 1
        notes = [n.message for n in app._notifications]
        assert any(str(db) in n for n in notes)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")  # start: the store cannot record, so it says so and stays
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "BriefingScreen"
