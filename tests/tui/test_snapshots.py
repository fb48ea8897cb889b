"""Snapshot tests of every screen at 100x30: fixed seed, fixed time strings, a temporary
database, no pause, no cursor blink, no animation. The SVGs are in ``__snapshots__``; a new
one is accepted (``--snapshot-update``) only after looking at it."""

from __future__ import annotations

import pytest
from tui_doubles import FixtureBackend

from simulator.tui.app import CaseworkApp
from simulator.tui.config import AppConfig
from simulator.tui.widgets.reply_input import ReplyInput

SIZE = (100, 30)


@pytest.fixture
def snap_app(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    backends = []

    def make(**config) -> CaseworkApp:
        config.setdefault("no_delay", True)
        config.setdefault("seed", 1)
        backend = FixtureBackend(str(tmp_path / "casework.db"))
        backends.append(backend)
        app = CaseworkApp(
            AppConfig(**config),
            backend,
            export_dir=tmp_path,
            time_format=lambda stamp: "2026-11-28 09:00",
            cursor_blink=False,
        )
        app.animation_level = "none"
        return app

    yield make
    for backend in backends:
        backend.close()


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def send(pilot, text: str) -> None:
    pilot.app.screen.query_one(ReplyInput).insert(text)
    await pilot.press("enter")
    await settle(pilot)


async def to_interview(pilot, *keys: str) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press(*keys, "enter")
    await settle(pilot)


async def to_report(pilot) -> None:
    await to_interview(pilot)
    await send(pilot, "Selamat pagi, Bu Sri. Bisa ceritakan apa yang terjadi?")
    await send(pilot, "Kedengarannya Ibu capek. Ibu harus semangat.")
    await send(pilot, "Bagaimana kalau kita susun rencana bersama?")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("right", "right", "down", "4", "down", "2")
    await pilot.press("ctrl+s")
    await settle(pilot)


class TestScreens:
    def test_home_with_a_finished_session(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_report(pilot)
            await pilot.press("escape")
            await settle(pilot)

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_briefing(self, snap_app, snap_compare):
        async def run_before(pilot):
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_interview_coach_panel(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_interview(pilot)
            await send(pilot, "Selamat pagi, Bu Sri. Bisa ceritakan apa yang terjadi?")
            await send(pilot, "Kedengarannya Ibu capek. Ibu harus semangat.")

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_interview_exam_mode(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_interview(pilot, "m")
            await send(pilot, "Selamat pagi, Bu Sri. Bisa ceritakan apa yang terjadi?")

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_interview_hint(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_interview(pilot)
            await pilot.press("ctrl+t")

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_end_session_confirm(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_interview(pilot)
            await pilot.press("escape")

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_interview_ended(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_interview(pilot)
            await send(pilot, "Selamat pagi, Bu Sri.")
            await send(pilot, "Kedengarannya berat.")
            await send(pilot, "Kita susun rencana bersama?")

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_self_assessment(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_interview(pilot)
            await send(pilot, "Selamat pagi, Bu Sri.")
            await send(pilot, "Kedengarannya berat.")
            await send(pilot, "Kita susun rencana bersama?")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("right", "down", "5")

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_report(self, snap_app, snap_compare):
        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=to_report)

    def test_report_timeline(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_report(pilot)
            await pilot.press("end")

        assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)

    def test_help_english(self, snap_app, snap_compare):
        assert snap_compare(snap_app(), terminal_size=SIZE, press=["f1"])

    def test_help_indonesian(self, snap_app, snap_compare):
        assert snap_compare(snap_app(lang="id"), terminal_size=SIZE, press=["f1"])

    def test_home_80x24(self, snap_app, snap_compare):
        async def run_before(pilot):
            await settle(pilot)

        assert snap_compare(snap_app(), terminal_size=(80, 24), run_before=run_before)

    def test_interview_80x24(self, snap_app, snap_compare):
        async def run_before(pilot):
            await to_interview(pilot)
            await send(pilot, "Selamat pagi, Bu Sri. Bisa ceritakan apa yang terjadi?")

        assert snap_compare(snap_app(), terminal_size=(80, 24), run_before=run_before)
