"""Every screen works at 80x24 and grows with the terminal."""

from __future__ import annotations

from textual.widgets import Footer
from tui_doubles import screen_text

from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.widgets.reply_input import ReplyInput


def visible(app, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    region = widget.region
    return region.width > 0 and region.height > 0 and app.screen.region.contains_region(region)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_interview_fits_80x24_and_grows(make_app, scenario):
    app = make_app(scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        for selector in ("#chat", "#reply", "#persona", "#stages", "#rapport", "#coach", "Footer"):
            assert visible(app, selector), selector
        assert app.screen.query_one("#reply").region.width >= 40
        app.screen.query_one(ReplyInput).insert("Selamat pagi, Bu Sri. Bisa ceritakan?")
        await pilot.press("enter")
        await settle(pilot)
        assert "Warung saya sepi" in screen_text(app)
        narrow = app.screen.query_one("#chat").region.width
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert app.screen.query_one("#chat").region.width > narrow
        assert app.screen.query_one("#chat").region.height > 20


async def test_every_screen_keeps_its_footer_at_80x24(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = []
        for keys in ([], ["enter"], ["enter"], ["escape", "y"], ["ctrl+s"], ["f1"]):
            await pilot.press(*keys)
            await settle(pilot)
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            assert footer.region.y == 23 and footer.region.width == 80
            seen.append(type(app.screen).__name__)
        assert seen == [
            "HomeScreen",
            "BriefingScreen",
            "InterviewScreen",
            "SelfAssessmentScreen",
            "ReportScreen",
            "HelpScreen",
        ]
