"""Text from YAML and from replies is data: markup and actions in it show literally."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tui_doubles import fixture_scenario, screen_text

from simulator.scenario.model import Persona
from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.widgets.reply_input import ReplyInput

HOSTILE = ["[b]tebal[/b]", "[@click=app.quit]keluar[/]", "[/", "kurung [buka"]
LINE = " ".join(HOSTILE)


def hostile_scenario():
    base = fixture_scenario(title="Judul [b]x[/b] [/", client_line="Saya " + LINE)
    return replace(
        base,
        persona=Persona("Sri [@click=app.quit]", 42, "female", ("Bu [b]Sri",), LINE),
        intake="Intake " + LINE,
        learning_goals=("Tujuan " + LINE,),
    )


def test_hostile_texts_are_really_markup():
    """Guard: each of these would be read as markup (or fail to parse) if not escaped."""
    from textual.content import Content
    from textual.markup import MarkupError

    for text in HOSTILE[:2]:
        assert Content.from_markup(text).plain != text
    for text in HOSTILE[2:3]:
        with pytest.raises(MarkupError):
            Content.from_markup(text)


async def test_scenario_and_reply_text_shows_literally(make_app, backend):
    scenario = hostile_scenario()
    backend.catalog = {scenario.id: scenario}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Judul [b]x[/b] [/" in screen_text(app)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert "Sri [@click=app.quit]" in shown and "Bu [b]Sri" in shown
        assert "Intake " + LINE in shown and "Tujuan " + LINE in shown
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert "Saya " + LINE in screen_text(app)
        reply = "Bisa ceritakan [b]x[/b] [@click=app.quit]q[/] [/ dan [buka?"
        app.screen.query_one(ReplyInput).insert(reply)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        shown = screen_text(app)
        assert "[b]x[/b] [@click=app.quit]q[/] [/ dan [buka?" in shown
        await pilot.click(offset=(10, 5))  # even a click on the text runs no action
        await pilot.pause()
        assert app.is_running
        app.screen.action_end_session()
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        timeline = app.screen.query_one("#timeline").render().plain
        assert reply in timeline and "Saya " + LINE in timeline
        assert app.is_running
