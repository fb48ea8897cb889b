"""``casework play`` builds only its own parser; everything else gets the whole one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from simulator import cli


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["play", "bu-sri-warung"], "play"),
        (["--lang", "en", "--db", "x.db", "play"], "play"),
        (["--db", "play", "list"], "list"),  # 'play' is --db's value here
        (["list", "--json"], "list"),
        ([], None),
        (["-h"], None),
        (["--version"], None),
        (["--lang=en", "play"], None),
    ],
)
def test_command_word(argv, word):
    assert cli.command_word(argv) == word


def test_play_imports_no_other_command():
    probe = (
        "import sys; from simulator import cli; cli.build_parser(cli.command_word(sys.argv[1:]))"
        ".parse_args(sys.argv[1:]);"
        " print(sorted(m for m in sys.modules if m.startswith('simulator.commands.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, "play", "x", "--seed", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "['simulator.commands.play']"


def test_the_whole_parser_still_serves_help_and_other_commands(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser(cli.command_word(["--help"])).parse_args(["--help"])
    text = capsys.readouterr().out
    for command in ("play", "list", "validate", "score", "serve", "test"):
        assert command in text
    assert cli.FAST_MODULE in cli.COMMAND_MODULES


def test_play_errors_read_as_before(capsys):
    assert cli.main(["play", "--mode", "lecture"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("casework play: argument --mode: invalid choice: 'lecture'")
