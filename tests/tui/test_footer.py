"""The footer rebuilds its keys only when the keys it would show change."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from tui_doubles import screen_text

from simulator.tui.screens.interview import InterviewScreen
from simulator.tui.widgets.footer import KeyFooter


async def test_footer_keeps_its_keys_until_they_change(make_app, scenario, monkeypatch):
    composed: list[str] = []
    compose = Footer.compose

    def counted(self):
        composed.append(type(self.screen).__name__)
        return compose(self)

    monkeypatch.setattr(Footer, "compose", counted)
    app = make_app(scenario, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        footer = screen.query_one(KeyFooter)
        keys = list(footer.query(FooterKey))
        assert keys and "End session" in screen_text(app)
        before = len(composed)
        # Bindings refreshed with the same keys: the footer keeps the very same widgets.
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(composed) == before
        assert list(footer.query(FooterKey)) == keys
        # The session ends: the keys change ("Next" instead of "End session"), so it rebuilds.
        screen.play.ending = {"id": "agreed", "title": "Agreed"}
        screen._show_ended(screen.play.ending)
        await pilot.pause()
        await pilot.pause()
        assert len(composed) > before
        text = screen_text(app)
        assert "Next" in text and "End session" not in text
