"""The ``casework`` command line: a thin dispatcher over the command modules.

Each module in ``simulator.commands`` registers its subcommands with ``register(sub)`` and
sets ``func(args) -> int`` on each parser. Errors a user can fix (``CaseworkError``) are
printed as one line each on stderr with exit code 2; nothing reaches the user as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from simulator import __version__
from simulator.errors import CaseworkError

# Each module owns a group of subcommands; the order is the order of ``casework --help``.
COMMAND_MODULES: tuple[str, ...] = (
    "simulator.commands.play",
    "simulator.commands.scenarios",
    "simulator.commands.test",
    "simulator.commands.score",
    "simulator.commands.store",
    "simulator.commands.authoring",
    "simulator.commands.serve",
)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and one line, never a usage dump on stdout."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CaseworkError(f"{self.prog}: {message}")


# The command that opens the app: ``casework play ...`` builds only its own parser, so the
# other commands' modules are not imported while the user waits for the interview.
FAST_COMMAND = "play"
FAST_MODULE = "simulator.commands.play"
# Top-level options that take a value (the word after them is not the command).
_VALUE_OPTIONS = ("--lang", "--db")


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, if it can be told without parsing; else None.

    Any other option before it (``-h``, ``--version``, ``--lang=id``) gives None, so the
    whole parser handles it.
    """
    words = iter(argv)
    for word in words:
        if word in _VALUE_OPTIONS:
            next(words, None)
            continue
        return None if word.startswith("-") else word
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``casework`` parser: every command's, or only ``play``'s when it is the one run."""
    import importlib

    parser = _Parser(
        prog="casework",
        description="Practise social casework interviews against a scripted client.",
    )
    parser.add_argument("--version", action="version", version=f"casework {__version__}")
    parser.add_argument("--lang", choices=("id", "en"), help="language of the interface")
    parser.add_argument("--db", metavar="PATH", help="session database (default: user data dir)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = (FAST_MODULE,) if command == FAST_COMMAND else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        parser = build_parser(command_word(words))
        args = parser.parse_args(words)
        func = getattr(args, "func", None)
        if func is None:
            from simulator.commands.play import run_home

            return run_home(args)
        return int(func(args) or 0)
    except CaseworkError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("casework: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): end quietly
        _silence_stdout()
        return 0
    except Exception as exc:  # a bug of ours: one line for the user, the trace on request
        if os.environ.get("CASEWORK_DEBUG"):
            raise
        print(
            f"casework: internal error: {type(exc).__name__}: {exc} "
            "(set CASEWORK_DEBUG=1 for details, and please report it)",
            file=sys.stderr,
        )
        return 1


def _silence_stdout() -> None:
    """Point stdout at devnull so flushing it at exit raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # a replaced stdout (tests) has no fd
        pass


if __name__ == "__main__":
    raise SystemExit(main())
