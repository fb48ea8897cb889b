"""``casework serve``: the same app in a web browser, through textual-serve (computer labs).

Each browser tab runs its own ``casework`` process on this machine. The server listens on
the loopback address unless ``--host`` says otherwise, since whoever reaches it can use the
app and the sessions stored in its database.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from simulator.errors import CaseworkError, UsageError

INSTALL_HINT = "pip install 'casework-simulator[serve]'"


def register(sub: argparse._SubParsersAction) -> None:
    """Register ``serve``."""
    p = sub.add_parser(
        "serve",
        help="run the app in a web browser (needs the 'serve' extra)",
        description="Serve the interactive app over HTTP with textual-serve; each browser "
        "tab gets its own session. Loopback only unless --host is given.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument(
        "--lang", choices=("id", "en"), default=argparse.SUPPRESS, help="language of the interface"
    )
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="session database")
    p.set_defaults(func=run_serve)


def app_command(lang: str | None, db: str | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "simulator"]
    if lang:
        argv += ["--lang", lang]
    if db:
        argv += ["--db", db]
    return shlex.join(argv)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted; exit 2 when textual-serve is missing or the port is wrong."""
    if not 1 <= args.port <= 65535:
        raise UsageError(f"casework serve: --port must be 1-65535, not {args.port}")
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CaseworkError(
            f"casework serve: textual-serve is not installed; install it with: {INSTALL_HINT}"
        ) from None
    command = app_command(getattr(args, "lang", None), getattr(args, "db", None))
    if not is_loopback(args.host):
        print(
            f"casework serve: warning: listening on {args.host}: anyone who can reach it can "
            "use the app and the sessions in its database",
            file=sys.stderr,
        )
    print(f"casework serve: http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    try:
        Server(command, host=args.host, port=args.port, title="Casework Simulator").serve()
    except OSError as exc:
        raise CaseworkError(
            f"casework serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    return 0
