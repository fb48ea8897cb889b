"""The shipped default scenario played through the app, with the real catalog, scorer,
Session, store and reports: each walkthrough reaches its ending, in Coach and Exam mode."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from tui_doubles import posted, screen_text

from simulator.catalog import DEFAULT_SCENARIO_ID, resolve
from simulator.tui import build_app
from simulator.tui.messages import InterviewEnded, InterviewReady, ReplyScored
from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.selfassess import SelfAssessmentScreen
from simulator.tui.widgets.reply_input import ReplyInput

SCENARIO = resolve(DEFAULT_SCENARIO_ID)
WALKTHROUGHS = {w.id: w for w in SCENARIO.walkthroughs}


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def play(tmp_path, walkthrough_id: str, mode: str):
    walk = WALKTHROUGHS[walkthrough_id]
    app = build_app(
        DEFAULT_SCENARIO_ID, seed=walk.seed, mode=mode, db=str(tmp_path / "c.db"), no_delay=True
    )
    messages: list = []
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        for step in walk.steps:
            app.screen.query_one(ReplyInput).insert(step.reply)
            await pilot.press("enter")
            await settle(pilot)
        ended = posted(messages, InterviewEnded)
        assert [e.ending["id"] for e in ended] == [walk.ending]
        coach = app.screen.query_one("#coach-body").render().plain
        findings = [f for m in posted(messages, ReplyScored) for f in m.score.findings]
        assert findings
        if mode == "exam":
            assert all(f.message not in coach for f in findings if f.message)
        else:
            assert any(f.message in coach for f in findings if f.message)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SelfAssessmentScreen)
        await pilot.press("4", "down", "2", "ctrl+s")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        report = app.screen.report
        assert report.ending["id"] == walk.ending
        assert report.calibration is not None
        assert walk.steps[0].reply in app.screen.query_one("#timeline").render().plain
        opening = posted(messages, InterviewReady)[0].opening.text
    app.backend.close()
    return opening


@pytest.mark.parametrize("mode", ["coach", "exam"])
async def test_skilled_walkthrough_reaches_the_plan(tmp_path, mode):
    await play(tmp_path, "skilled", mode)


async def test_poor_walkthrough_ends_with_the_client_leaving(tmp_path):
    await play(tmp_path, "poor", "coach")


async def test_seeded_first_line_matches_headless_play(tmp_path):
    walk = WALKTHROUGHS["skilled"]
    headless = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "play",
            DEFAULT_SCENARIO_ID,
            "--seed",
            "1",
            "--replies",
            "-",
        ],
        input=walk.steps[0].reply + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    first = json.loads(headless.stdout)["turns"][0]
    assert first["speaker"] == "client"
    app = build_app(DEFAULT_SCENARIO_ID, seed=1, db=str(tmp_path / "c.db"), no_delay=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        chat = app.screen.query_one("#chat ChatTurn").line
        assert chat.text == first["text"]
        assert first["text"].split()[0] in screen_text(app)
    app.backend.close()
