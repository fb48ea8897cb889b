"""``casework play`` without --replies and bare ``casework`` hand over to the TUI's run_app.

The TUI module is replaced by a recording stand-in so that this core test loads no textual.
"""

from __future__ import annotations

import sys
import types

import pytest

from simulator.cli import main


@pytest.fixture
def app_calls(monkeypatch):
    calls: list[tuple] = []
    fake = types.ModuleType("simulator.tui")

    def run_app(spec=None, **kw):
        calls.append((spec, kw))
        return 0

    fake.run_app = run_app
    monkeypatch.setitem(sys.modules, "simulator.tui", fake)
    return calls


def test_play_opens_the_app_with_the_command_line_choices(app_calls):
    code = main(
        [
            "--db",
            "x.db",
            "play",
            "bu-sri-warung",
            "--seed",
            "4",
            "--mode",
            "exam",
            "--lang",
            "en",
            "--no-delay",
        ]
    )
    assert code == 0
    assert app_calls == [
        (
            "bu-sri-warung",
            {
                "seed": 4,
                "mode": "exam",
                "lang": "en",
                "db": "x.db",
                "resume": None,
                "no_delay": True,
            },
        )
    ]


def test_bare_casework_opens_home(app_calls):
    assert main(["--lang", "id"]) == 0
    assert app_calls == [
        (
            None,
            {
                "seed": None,
                "mode": None,
                "lang": "id",
                "db": None,
                "resume": None,
                "no_delay": False,
            },
        )
    ]


def test_resume_goes_to_the_app(app_calls):
    assert main(["play", "--resume", "abc123"]) == 0
    assert app_calls[0][1]["resume"] == "abc123"


@pytest.mark.parametrize("flag", [["--out", "t.json"], ["--progress"], ["--rules", "r.yaml"]])
def test_headless_only_options_without_replies_are_refused(app_calls, capsys, flag):
    assert main(["play", *flag]) == 2
    assert capsys.readouterr().err.startswith("casework play: --")
    assert app_calls == []
