"""Strings in both languages, NO_COLOR, start-up errors, leaving the briefing."""

from __future__ import annotations

import re

import pytest
from tui_doubles import FixtureBackend, screen_text

from simulator.errors import CaseworkError
from simulator.tui import build_app
from simulator.tui.screens.briefing import BriefingScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.strings import STRINGS, t

PLACEHOLDER = re.compile(r"\{(\w+)[^}]*\}")


def test_every_string_has_both_languages_with_the_same_placeholders():
    for key, entry in STRINGS.items():
        assert set(entry) == {"id", "en"}, key
        assert entry["id"].strip() and entry["en"].strip(), key
        assert set(PLACEHOLDER.findall(entry["id"])) == set(PLACEHOLDER.findall(entry["en"])), key


def test_strings_are_filled_as_plain_text():
    assert t("en", "iv.thinking", name="[b]Sri") == "[b]Sri is thinking…"
    assert t("id", "minutes", n=20) == "20 menit"


def test_screens_use_only_known_string_keys():
    from pathlib import Path

    import simulator.tui

    root = Path(simulator.tui.__file__).parent
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r'\bt\([^,()]+,\s*"([a-z_.]+)"', path.read_text()))
        used |= set(re.findall(r'Binding\([^)]*"(key\.[a-z_]+|confirm\.[a-z]+)"', path.read_text()))
    assert used, "no string keys found"
    assert used <= set(STRINGS), sorted(used - set(STRINGS))


async def test_no_color_is_respected(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(db=str(tmp_path / "c.db"), backend=FixtureBackend(str(tmp_path / "c.db")))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.no_color
        assert "Bu Sri dan warungnya" in screen_text(app)
    app.backend.close()


def test_an_unknown_scenario_fails_before_the_terminal_is_taken(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_DB", str(tmp_path / "c.db"))
    with pytest.raises(CaseworkError) as caught:
        build_app("no-such-scenario-anywhere", db=str(tmp_path / "c.db"))
    assert "no-such-scenario-anywhere" in caught.value.lines()[0]


async def test_leaving_the_briefing_opens_home_in_the_locale_language(
    make_app, scenario, monkeypatch
):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    app = make_app(scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and app.screen.lang == "id"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.lang == "en"
        assert "Recent sessions" in screen_text(app)
