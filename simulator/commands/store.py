"""``casework report``, ``history``, ``export`` and ``class-report``: sessions after the fact.

Reports and exports are written atomically and owner-only (0600) with ``--out``, or to
stdout. Bad input (a foreign or newer database, a truncated or wrong-version export, an
unknown session id) is one line on stderr and exit 2; nothing is written then.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from simulator.errors import CaseworkError, LoadError
from simulator.store import Store, StoredSession, open_store, resolve_db_path


def _common(p: argparse.ArgumentParser, *, lang: bool = True) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="session database (default: $CASEWORK_DB or the user data dir)",
    )
    if lang:
        p.add_argument(
            "--lang",
            choices=("id", "en"),
            default=argparse.SUPPRESS,
            help="language of the output (default: the session's)",
        )


def register(sub: argparse._SubParsersAction) -> None:
    """Register ``report``, ``history``, ``export`` and ``class-report``."""
    p = sub.add_parser(
        "report",
        help="a session's report as Markdown, HTML or JSON",
        description="The report of a stored session (by id or unique id prefix) or of a "
        "transcript/export JSON file, in the session's language.",
    )
    p.add_argument("source", metavar="ID|FILE", help="a session id, or a transcript/export file")
    p.add_argument("--format", choices=("md", "html", "json"), default="md")
    p.add_argument("--out", metavar="F", help="write here (mode 0600) instead of stdout")
    _common(p)
    p.set_defaults(func=run_report)

    p = sub.add_parser(
        "history",
        help="your sessions, newest first, with progress per principle",
        description="Stored sessions, newest first: id, date, status, worker turns, overall "
        "score, scenario; then each principle's progress as a sparkline.",
    )
    p.add_argument("--json", action="store_true", help="a JSON list instead of the table")
    _common(p)
    p.set_defaults(func=run_history)

    p = sub.add_parser(
        "export",
        help="a stored session as versioned JSON (for class-report)",
        description="Write a stored session as JSON (mode 0600 with --out). --anonymize "
        "replaces the student's name by a stable pseudonym, also inside replies.",
    )
    p.add_argument("id", metavar="ID", help="a session id or unique prefix")
    p.add_argument("--out", metavar="F", help="write here (mode 0600) instead of stdout")
    p.add_argument("--anonymize", action="store_true", help="replace the name by a pseudonym")
    _common(p, lang=False)
    p.set_defaults(func=run_export)

    p = sub.add_parser(
        "class-report",
        help="a class summary from many exports",
        description="Student x principle table, class means, weakest principles and stages, "
        "most frequent findings, from exported sessions (or transcripts).",
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="exports or transcripts")
    p.add_argument("--format", choices=("csv", "md", "html"), default="md")
    p.add_argument("--out", metavar="F", help="write here (mode 0600) instead of stdout")
    p.add_argument(
        "--anonymize",
        action="store_true",
        help="replace student names by stable pseudonyms (keyed by your database's secret)",
    )
    _common(p)
    p.set_defaults(func=run_class_report)


def _existing_store(args: argparse.Namespace) -> Store:
    """The store, which must already exist (reading never creates a database)."""
    return open_store(getattr(args, "db", None), create=False)


def _emit(text: str, out: str | None) -> None:
    if out is None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a replaced stdout (tests): text only
            sys.stdout.write(text)
        else:  # UTF-8 whatever the locale says, as the files are
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return
    from simulator.fsutil import write_private

    target = Path(out)
    if target.is_dir():
        raise CaseworkError(f"{out}: is a folder; name a file to write")
    if not target.parent.is_dir():  # as `play --out`: a typo never creates folders
        raise CaseworkError(f"{out}: the folder {target.parent} does not exist")
    try:
        write_private(out, text)
    except OSError as exc:
        raise CaseworkError(f"{out}: cannot write: {exc.strerror or exc}") from None


def _looks_like_path(spec: str) -> bool:
    return os.sep in spec or "/" in spec or spec.endswith(".json")


def load_source(spec: str, args: argparse.Namespace) -> StoredSession:
    """A session from a file (transcript or export) or from the store by id."""
    from simulator.store.export import load_session_file

    path = Path(spec)
    if path.is_file():
        return load_session_file(path)
    if path.is_dir():
        raise LoadError(f"{spec}: is a folder, not a session or a file")
    if _looks_like_path(spec):
        raise LoadError(f"{spec}: no such file")
    store = _existing_store(args)
    try:
        return store.get(spec)
    finally:
        store.close()


def run_report(args: argparse.Namespace) -> int:
    """``casework report ID|FILE``."""
    from simulator.report import build_report, render

    session = load_source(args.source, args)
    report = build_report(session, lang=getattr(args, "lang", None))
    _emit(render(report, args.format), args.out)
    return 0


def _ui_lang(args: argparse.Namespace) -> str:
    lang = getattr(args, "lang", None)
    if lang:
        return lang
    env = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "id" if env.lower().startswith("id") else "en"


def run_history(args: argparse.Namespace) -> int:
    """``casework history``."""
    from simulator.report.history import render_history

    path, _default = resolve_db_path(getattr(args, "db", None))
    if path.exists():
        store = open_store(path, create=False)
        try:
            summaries = store.list()
        finally:
            store.close()
    else:
        summaries = []
    if args.json:
        from simulator.report.textsafe import json_safe

        text = json.dumps([s.to_dict() for s in summaries], ensure_ascii=False, indent=2)
        _emit(json_safe(text) + "\n", None)
    else:
        _emit(render_history(summaries, _ui_lang(args)), None)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``casework export ID``."""
    from simulator.report.textsafe import json_safe
    from simulator.store.export import session_to_export

    store = _existing_store(args)
    try:
        session = store.get(args.id)
        key = store.pseudonym_key() if args.anonymize else None
    finally:
        store.close()
    data = session_to_export(session, anonymize_key=key)
    _emit(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n", args.out)
    return 0


def run_class_report(args: argparse.Namespace) -> int:
    """``casework class-report FILES...``."""
    from simulator.report.classreport import (
        build_class_report,
        render_class_html,
        render_class_md,
        render_csv,
    )
    from simulator.store.export import load_session_file, pseudonym

    sessions = [load_session_file(f) for f in args.files]
    files = {id(s): f for f, s in zip(args.files, sessions, strict=True)}

    def name_of(s: StoredSession) -> str:
        """The student's name; a session without one is its own row, named by its id."""
        return s.student or f"? ({s.id or Path(files[id(s)]).name})"

    if args.anonymize:
        store = open_store(getattr(args, "db", None))
        try:
            key = store.pseudonym_key()
        finally:
            store.close()
        plain = name_of

        def name_of(s: StoredSession) -> str:
            return pseudonym(plain(s), key)

    lang = getattr(args, "lang", None) or (sessions[0].lang if sessions else "en")
    report = build_class_report(sessions, lang=lang, name_of=name_of)
    render = {"csv": render_csv, "md": render_class_md, "html": render_class_html}[args.format]
    _emit(render(report), args.out)
    return 0
