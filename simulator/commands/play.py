"""``casework play``: an interview in the TUI, or headless from a file of replies.

Headless play (``--replies FILE`` or ``--replies -`` for stdin) reads one reply a line and
hands each to the ``Session`` as soon as the line arrives, so a pipe fed slowly gets the
client's answer to each reply before the next is written (``--progress`` shows them as JSON
lines on stderr). The transcript JSON goes to stdout, or atomically (0600) to ``--out``.
Without ``--replies`` the Textual app opens; it is imported only then, so the headless path
never loads textual.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from simulator.errors import CaseworkError, ReplyRejected, UsageError
from simulator.session import MAX_REPLY_CHARS, MODES, Session, TurnResult

# A reply of more than MAX_REPLY_CHARS characters cannot fit in fewer bytes than this (UTF-8
# takes at most 4 bytes a character); longer lines are refused without being held in memory.
_LINE_BYTES = MAX_REPLY_CHARS * 4 + 2

_PLAY_EPILOG = """\
headless play:
  Each line of FILE (or of stdin with --replies -) is one reply, processed as soon as it
  arrives; blank lines are skipped. A reply the session refuses (too long, control
  characters, not UTF-8) is reported on stderr as 'FILE:LINE: reply refused: ...' and the
  session goes on. Reading stops when the session reaches an ending; replies left in a
  FILE after the ending are counted in one line on stderr.
  --progress writes one JSON object a line on stderr as the interview goes: first
  {"event": "client", "turn": 0, ...} for the opening line, then
  {"event": "turn", "turn": N, "worker": ..., "moves": [...], "stage_fit": ...,
   "client": {...} | null, "ending": {...} | null} after each accepted reply, and at the
  end {"event": "unplayed", "replies": N} (replies left after the ending) and
  {"event": "stored", "session": ID, "status": ..., "db": PATH}; a refused reply is
  {"event": "refused", "message": "FILE:LINE: reply refused: ..."}. No plain lines then.
  The transcript JSON is written to stdout, or to --out FILE (atomically, mode 0600; the
  folder must exist). The seed defaults to 1, so the same replies give the same session.
  Headless sessions are stored like the app's (--db PATH, else $CASEWORK_DB, else the
  user data folder), each turn committed before the client's answer is written;
  --no-store plays without recording. --resume SESSION --replies FILE continues a stored
  unfinished session.
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Register ``play``."""
    p = sub.add_parser(
        "play",
        help="interview a scripted client (the TUI, or headless with --replies)",
        description="Interview a scripted client. Without --replies the interactive app "
        "opens; with --replies the interview runs headless and prints the transcript JSON.",
        epilog=_PLAY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="a scenario id or a path to a scenario YAML (default: the default scenario)",
    )
    p.add_argument("--replies", metavar="FILE|-", help="play headless: one reply a line")
    p.add_argument("--seed", type=int, help="seed for the client's variant lines (headless: 1)")
    p.add_argument("--out", metavar="FILE", help="headless: write the transcript here")
    p.add_argument("--mode", choices=MODES, help="coach (feedback on each reply) or exam")
    p.add_argument(
        "--rules",
        metavar="F",
        action="append",
        default=[],
        help="a rulebook laid over the shipped one (repeatable)",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help="headless: a JSON line on stderr for each client line and turn",
    )
    p.add_argument(
        "--resume",
        metavar="ID",
        nargs="?",
        const="",
        help="continue a stored unfinished session (id or prefix; without ID the latest "
        "unfinished one); with --replies, headless",
    )
    p.add_argument(
        "--student",
        metavar="NAME",
        help="the student's name stored with the session (default: the OS user name)",
    )
    p.add_argument(
        "--no-store",
        action="store_true",
        help="headless: do not record the session in the session database",
    )
    p.add_argument(
        "--no-delay",
        action="store_true",
        help="TUI: show the client's answer without the natural pause",
    )
    p.add_argument(
        "--lang", choices=("id", "en"), default=argparse.SUPPRESS, help="language of the interface"
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="session database (default: user data dir)",
    )
    p.set_defaults(func=run_play)


def run_play(args: argparse.Namespace) -> int:
    """``casework play``: the TUI, or a headless session when ``--replies`` is given."""
    if args.replies is None:
        for flag, value in (
            ("--out", args.out),
            ("--progress", args.progress),
            ("--rules", args.rules),
        ):
            if value:
                raise UsageError(f"casework play: {flag} needs --replies (headless play)")
        return _run_tui(args.scenario, args)
    if args.resume is not None and (args.scenario or args.seed is not None or args.mode):
        raise UsageError(
            "casework play: --resume continues a stored session with its own "
            "scenario, seed and mode; drop SCENARIO, --seed and --mode"
        )
    out = _checked_out_path(args.out) if args.out else None
    progress = _progress_writer(sys.stderr) if args.progress else None
    with _open_replies(args.replies) as (name, stream):
        session, stored = _resume(args) if args.resume is not None else _begin(args)
        try:
            play_replies(
                session,
                _reply_lines(stream),
                name=name,
                progress=progress,
                warn=_refusal_event(progress) if progress else None,
            )
            _note_unplayed(session, stream, progress)
        finally:
            if stored is not None:
                stored.close(session, progress)
    text = json.dumps(session.transcript(), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the locale says
        sys.stdout.buffer.flush()
    else:
        _write_out(out, text)
    return 0


def _begin(args: argparse.Namespace) -> tuple[Session, _StoredPlay | None]:
    """A new headless session, recorded in the store only when ``--db`` is given."""
    scenario = _load_scenario(args.scenario)
    scorer = _make_scorer(scenario, args.rules)
    session = Session(
        scenario, scorer, seed=1 if args.seed is None else args.seed, mode=args.mode or "coach"
    )
    session.start()
    return session, _open_store(args, session)


def _resume(args: argparse.Namespace) -> tuple[Session, _StoredPlay]:
    """A stored, unfinished session (``--resume ID``) continued from its last turn."""
    from simulator.store import open_store
    from simulator.store.resume import resume_session

    store = open_store(getattr(args, "db", None), create=False)
    try:
        session, session_id = resume_session(
            store,
            args.resume or None,
            make_scorer=lambda scenario: _make_scorer(scenario, args.rules),
        )
    except BaseException:
        store.close()
        raise
    return session, _StoredPlay(store, session_id)


def run_home(args: argparse.Namespace) -> int:
    """Bare ``casework``: the app's home screen (scenarios and history)."""
    return _run_tui(None, args)


def play_replies(
    session: Session,
    lines: Iterator[tuple[int, str | ReplyRejected]],
    *,
    name: str = "<replies>",
    progress: Callable[[dict[str, Any]], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """Feed numbered reply lines to ``session`` one at a time until they run out or it ends.

    Blank lines are skipped. A refused reply (from the reader or the session) is reported as
    ``name:line: reply refused: ...`` through ``warn`` (default: stderr) and play goes on.
    """
    warn = warn or _stderr_line
    session.start()
    if progress:  # the client's last line: the opening, or where a resumed session stopped
        last = next(t for t in reversed(session.turns) if t["speaker"] == "client")
        progress(
            {
                "event": "client",
                "turn": session.turn,
                "text": last["text"],
                "beat": last.get("beat"),
                "stage": last["stage"],
            }
        )
    if session.ended:
        return
    for lineno, text in lines:
        if isinstance(text, str) and not text.strip():
            continue
        try:
            if isinstance(text, ReplyRejected):
                raise text
            result = session.reply(text)
        except ReplyRejected as exc:
            warn(f"{name}:{lineno}: {exc.message}")
            continue
        if progress:
            progress(_turn_event(session.turn, text, result))
        if session.ended:
            return


@dataclass
class _Replies:
    """The replies source as a context manager giving ``(name, binary stream)``."""

    spec: str

    def __enter__(self) -> tuple[str, IO[bytes]]:
        if self.spec == "-":
            self._stream = None
            if sys.stdin is None:
                raise CaseworkError("casework play: stdin is closed; give --replies FILE")
            return "<stdin>", sys.stdin.buffer
        path = Path(self.spec)
        if path.is_dir():
            raise CaseworkError(f"{self.spec}: error: is a folder, not a replies file (unreadable)")
        try:
            self._stream = open(path, "rb")  # noqa: SIM115 - closed in __exit__
        except OSError as exc:
            raise CaseworkError(
                f"{self.spec}: error: cannot read the replies file: {exc.strerror} (unreadable)"
            ) from None
        if b"\0" in self._stream.peek(8192)[:8192]:  # a binary file would be refused line by line
            self._stream.close()
            raise CaseworkError(
                f"{self.spec}: error: a binary file, not replies (one reply a "
                "line, UTF-8 text) (binary)"
            )
        return self.spec, self._stream

    def __exit__(self, *exc: object) -> None:
        if self._stream is not None:
            self._stream.close()


def _open_replies(spec: str) -> _Replies:
    return _Replies(spec)


def _reply_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | ReplyRejected]]:
    """Numbered lines of a binary stream, decoded as they arrive (never read to EOF first).

    A line too long to be a reply is skipped without holding it in memory and yielded as a
    ``ReplyRejected``; so is a line that is not UTF-8.
    """
    lineno = 0
    while True:
        raw = stream.readline(_LINE_BYTES)
        if not raw:
            return
        lineno += 1
        if not raw.endswith(b"\n") and len(raw) >= _LINE_BYTES:
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(_LINE_BYTES)
                size += len(raw)
            yield (
                lineno,
                ReplyRejected(
                    f"reply refused: a line of {size:,} bytes is longer than the limit of "
                    f"{MAX_REPLY_CHARS:,} characters"
                ),
            )
            continue
        raw = raw.rstrip(b"\n").rstrip(b"\r")
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield (
                lineno,
                ReplyRejected(
                    f"reply refused: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column "
                    f"{exc.start + 1})"
                ),
            )


def _note_unplayed(
    session: Session, stream: IO[bytes], progress: Callable[[dict[str, Any]], None] | None
) -> None:
    """Say how many replies of a replies *file* came after the ending and were not played.

    Only a regular file is read on: a pipe's writer may never close it.
    """
    import os
    import stat

    if not session.ended:
        return
    try:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return
    except (OSError, ValueError):
        return
    left = sum(1 for raw in iter(lambda: stream.readline(_LINE_BYTES), b"") if raw.strip())
    if not left:
        return
    if progress is not None:
        progress({"event": "unplayed", "replies": left})
    else:
        word = "reply" if left == 1 else "replies"
        verb = "was" if left == 1 else "were"
        _stderr_line(
            f"casework play: the session has ended; {left} {word} after the ending {verb} "
            "not played"
        )


def _turn_event(turn: int, text: str, result: TurnResult) -> dict[str, Any]:
    return {
        "event": "turn",
        "turn": turn,
        "worker": text,
        "moves": list(result.score.moves),
        "stage_fit": result.score.stage_fit,
        "client": None if result.client is None else result.client.to_dict(),
        "ending": None if result.ending is None else result.ending.to_dict(),
    }


def _refusal_event(
    progress: Callable[[dict[str, Any]], None],
) -> Callable[[str], None]:
    """With ``--progress`` a refused reply is a ``refused`` event, not a plain line."""
    return lambda message: progress({"event": "refused", "message": message})


def _progress_writer(stream: IO[str]) -> Callable[[dict[str, Any]], None]:
    def write(event: dict[str, Any]) -> None:
        stream.write(json.dumps(event) + "\n")  # ASCII: safe on any terminal encoding
        stream.flush()

    return write


def _stderr_line(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _checked_out_path(out: str) -> Path:
    """``--out`` as a path, refused before anything runs if it cannot be written."""
    path = Path(out)
    folder = path.parent
    if path.is_dir():
        raise UsageError(f"casework play: --out {out}: is a folder; name a file to write")
    if not folder.is_dir():
        raise UsageError(f"casework play: --out {out}: the folder {folder} does not exist")
    from simulator.fsutil import check_writable_dir

    try:
        check_writable_dir(folder)
    except OSError as exc:
        raise UsageError(
            f"casework play: --out {out}: cannot write into {folder}: {exc.strerror or exc}"
        ) from None
    return path


def _write_out(path: Path, text: str) -> None:
    from simulator.fsutil import write_private

    try:
        write_private(path, text)
    except OSError as exc:
        raise CaseworkError(f"casework play: cannot write {path}: {exc.strerror}") from None


def _load_scenario(spec: str | None) -> Any:
    from simulator.catalog import DEFAULT_SCENARIO_ID, resolve

    return resolve(spec or DEFAULT_SCENARIO_ID)


def _make_scorer(scenario: Any, rules: list[str]) -> Any:
    from simulator.scoring import make_scorer

    return make_scorer(scenario.lang, extra_rules=(*scenario.rules, *(Path(r) for r in rules)))


@dataclass
class _StoredPlay:
    """A headless session being recorded in the store (``--db``)."""

    store: Any
    session_id: str

    def close(
        self, session: Session, progress: Callable[[dict[str, Any]], None] | None = None
    ) -> None:
        """Mark the session finished if it ended, tell where it is (a ``stored`` event with
        ``--progress``, else a line on stderr), release the store."""
        try:
            if session.ended and session.ending is not None:
                self.store.finish(
                    self.session_id, session.ending.to_dict(), session.scores().to_dict()
                )
            state = "finished" if session.ended else "interrupted"
            if progress is not None:
                progress(
                    {
                        "event": "stored",
                        "session": self.session_id,
                        "status": state,
                        "db": str(self.store.path),
                    }
                )
            else:
                _stderr_line(
                    f"casework: session {self.session_id} ({state}) stored in {self.store.path}"
                )
        finally:
            self.store.close()


def _open_store(args: argparse.Namespace, session: Session) -> _StoredPlay | None:
    """Record a started headless session in the store, as the app does.

    The database is ``--db``, else ``$CASEWORK_DB``, else the user data folder; a session
    played headless is as safe from a crash as one played in the app. ``--no-store`` opts
    out (scripted checks that should not fill a student's history). The recorder becomes
    the session's ``on_turn`` hook: each turn is committed before the answer is written.
    """
    if getattr(args, "no_store", False):
        return None
    db = getattr(args, "db", None)
    from simulator.store import SessionMeta, TurnRecorder, default_student, open_store

    store = open_store(db)
    scenario = session.scenario
    meta = SessionMeta(
        scenario=scenario.id,
        lang=scenario.lang,
        seed=session.seed,
        mode=session.mode,
        scenario_version=scenario.version,
        scenario_path=str(scenario.path) if scenario.path else "",
        scenario_title=scenario.title,
        student=getattr(args, "student", None) or default_student(),
        turns=tuple(session.turns),
        snapshot=session.snapshot(),
    )
    try:
        session_id = store.create_session(meta)
    except BaseException:
        store.close()
        raise
    session.on_turn = TurnRecorder(store, session_id)
    return _StoredPlay(store, session_id)


def _resume_id_for_app(args: argparse.Namespace) -> str | None:
    """``--resume`` for the app: a bare ``--resume`` means the latest unfinished session."""
    resume = getattr(args, "resume", None)
    if resume != "":
        return resume
    from simulator.store import StoreError, open_store

    with open_store(getattr(args, "db", None), create=False) as store:
        latest = store.latest_unfinished()
        if latest is None:
            raise StoreError(f"{store.path}: no unfinished session to resume")
    return latest


def _run_tui(spec: str | None, args: argparse.Namespace) -> int:
    try:
        from simulator.tui import run_app
    except ImportError as exc:
        raise CaseworkError(
            f"casework: the interactive app cannot start ({exc}); "
            "use `casework play SCENARIO --replies FILE` to play headless"
        ) from None
    return int(
        run_app(
            spec,
            seed=getattr(args, "seed", None),
            mode=getattr(args, "mode", None),
            lang=getattr(args, "lang", None),
            db=getattr(args, "db", None),
            resume=_resume_id_for_app(args),
            no_delay=bool(getattr(args, "no_delay", False)),
        )
        or 0
    )
