"""``casework score`` (JSON Lines of replies in, judgements out) and ``casework
score-transcript`` (a whole interview in, session scores out).

``score`` reads one JSON object a line: ``{"id", "text", "lang"?, "stage"?, "context"?:
{"client", "client_name"?, "address"?}}`` and writes one JSON object a line, in the same
order. A bad line gets ``{"id", "error"}`` and the run goes on; the exit code is 2 only
when the input itself cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import IO, Any

from simulator.errors import CaseworkError, LoadError
from simulator.scoring.model import ReplyScore, ScoreContext, Scorer
from simulator.vocab import LANGS, PRINCIPLE_LABELS, PRINCIPLES, STAGES

MAX_LINE_BYTES = 1_000_000


def register(sub: argparse._SubParsersAction) -> None:
    """Register ``score`` and ``score-transcript``."""
    p = sub.add_parser("score", help="score replies given as JSON Lines")
    p.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="JSON Lines file ('-' or nothing: standard input)",
    )
    p.add_argument(
        "--lang",
        choices=LANGS,
        default=argparse.SUPPRESS,
        help="language of lines that do not say (default id)",
    )
    p.add_argument("--stage", choices=STAGES, help="stage of lines that do not say")
    p.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="a rulebook laid over the shipped one (repeatable)",
    )
    p.set_defaults(func=run_score)

    p = sub.add_parser("score-transcript", help="score a whole transcript")
    p.add_argument("file", metavar="FILE", help="a transcript JSON file")
    p.add_argument("--format", choices=("json", "md"), default="json")
    p.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="a rulebook laid over the shipped one (repeatable)",
    )
    p.set_defaults(func=run_score_transcript)


class _Scorers:
    """One scorer per language, made on first use; a language whose rulebooks do not load
    gives an error line for each reply in it."""

    def __init__(self, rules: list[str]) -> None:
        self.rules = [Path(r) for r in rules]
        self.made: dict[str, Scorer | LoadError] = {}

    def get(self, lang: str) -> Scorer:
        if lang not in self.made:
            from simulator.scoring import make_scorer

            try:
                self.made[lang] = make_scorer(lang, self.rules)
            except LoadError as exc:
                self.made[lang] = exc
        found = self.made[lang]
        if isinstance(found, LoadError):
            raise found
        return found


def run_score(args: argparse.Namespace) -> int:
    """Score each JSON line; write one JSON line per input line."""
    default_lang = getattr(args, "lang", None) or "id"
    scorers = _Scorers(args.rules)
    scorers.get(default_lang)  # a broken --rules file is a usage problem: fail before reading
    if args.file == "-" and sys.stdin is None:
        raise CaseworkError("casework score: stdin is closed; give a FILE or pipe JSON lines in")
    try:
        stream: IO[bytes] = (
            sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
        )
    except IsADirectoryError:
        raise CaseworkError(f"{args.file}: is a folder, not a JSON Lines file") from None
    except OSError as exc:
        raise CaseworkError(f"{args.file}: cannot read: {exc.strerror}") from None
    out = sys.stdout
    # a program feeding standard input may wait for each answer before it writes the next
    # line, so each answer is flushed at once; a file's answers go out through the buffer
    each = args.file == "-"
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    try:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            result = _score_line(number, raw, scorers, default_lang, args.stage)
            out.write(dumps(result) + "\n")
            if each:
                out.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): cli.main ends quietly
    except OSError as exc:
        raise CaseworkError(f"{args.file}: reading failed: {exc.strerror}") from None
    finally:
        if args.file != "-":
            stream.close()
    out.flush()
    return 0


def _score_line(
    number: int, raw: bytes, scorers: _Scorers, default_lang: str, default_stage: str | None
) -> dict[str, Any]:
    if len(raw) > MAX_LINE_BYTES:
        return {"id": None, "error": f"line {number}: longer than {MAX_LINE_BYTES} bytes"}
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return {"id": None, "error": f"line {number}: not valid UTF-8 (byte {exc.start + 1})"}
    try:
        item = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return {"id": None, "error": f"line {number}: invalid JSON: {msg}"}
    if not isinstance(item, dict):
        return {"id": None, "error": f"line {number}: expected a JSON object"}
    rid = item.get("id")
    problem, ctx = _context(item, default_lang, default_stage)
    if problem:
        return {"id": rid, "error": f"line {number}: {problem}"}
    assert ctx is not None
    try:
        score = scorers.get(ctx.lang).score(item["text"], ctx)
    except CaseworkError as exc:
        return {"id": rid, "error": f"line {number}: {exc.message}"}
    return {"id": rid, **reply_json(score)}


def _context(
    item: dict[str, Any], default_lang: str, default_stage: str | None
) -> tuple[str | None, ScoreContext | None]:
    text = item.get("text")
    if not isinstance(text, str):
        return "'text' must be a string" if "text" in item else "missing 'text'", None
    # fast path: all printable and not all spaces means a visible character is there
    visible = bool(text) and text.isprintable() and not text.isspace()
    if not visible and not any(ch.isprintable() and not ch.isspace() for ch in text):
        return "'text' is empty (no visible characters); nothing to score", None
    lang = item.get("lang", default_lang)
    if lang not in LANGS:
        return f"'lang' must be one of {', '.join(LANGS)}", None
    stage = item.get("stage", default_stage)
    if stage is not None and stage not in STAGES:
        return f"unknown stage {stage!r}; one of {', '.join(STAGES)}", None
    context = item.get("context") or {}
    if not isinstance(context, dict):
        return "'context' must be an object", None
    client = context.get("client", "")
    name = context.get("client_name", "")
    address = context.get("address", ())
    if isinstance(address, str):
        address = (address,)
    if not isinstance(client, str) or not isinstance(name, str):
        return "'context.client' and 'context.client_name' must be strings", None
    if not isinstance(address, list | tuple) or not all(isinstance(a, str) for a in address):
        return "'context.address' must be a string or a list of strings", None
    return None, ScoreContext(
        lang=lang,
        stage=stage,
        client_last=client,
        client_name=name,
        address=tuple(address),
        turn=1 if client else 0,
    )


def reply_json(score: ReplyScore) -> dict[str, Any]:
    """The ``casework score`` output object of one reply (without its id)."""
    return {
        "moves": list(score.moves),
        "principles": {p: score.principles.get(p, 0.0) for p in PRINCIPLES},
        "stage": score.stage,
        "stage_fit": score.stage_fit,
        "stage_fit_reason": score.stage_fit_reason,
        "roles": list(score.roles),
        "findings": [f.to_dict() for f in score.findings],
    }


def run_score_transcript(args: argparse.Namespace) -> int:
    """Score a transcript; print JSON or Markdown."""
    from simulator.scoring.summary import score_turns
    from simulator.transcript import read_transcript

    transcript = read_transcript(args.file)
    lang = transcript.lang
    scorer = _Scorers(args.rules).get(lang)
    turns = [
        {**t, "stage": t.get("stage") if t.get("stage") in STAGES else None}
        for t in transcript.turns
    ]
    scored = score_turns(scorer, lang, turns)
    session = scorer.summarize(scored)
    result: dict[str, Any] = {
        "lang": lang,
        "overall": session.overall,
        "principles": {p: session.principles.get(p, 0.0) for p in PRINCIPLES},
        "measures": session.measures,
        "stage_coverage": session.stage_coverage,
        "roles": session.roles,
        "cap": session.cap,
        "turns": [],
    }
    for turn in scored:
        entry: dict[str, Any] = {"speaker": turn.speaker, "text": turn.text}
        if turn.stage:
            entry["stage"] = turn.stage
        if turn.score is not None:
            entry["score"] = reply_json(turn.score)
        result["turns"].append(entry)
    if args.format == "md":
        sys.stdout.write(transcript_markdown(result))
    else:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


def _md(text: str) -> str:
    """Text made safe inside a Markdown table cell or line (never markup)."""
    out = "".join(  # control characters never reach the reader's terminal
        " " if ch in "\n\t\r" else "\ufffd" if unicodedata.category(ch) == "Cc" else ch
        for ch in text
    )
    out = out.replace("\\", "\\\\").replace("|", "\\|")
    for ch in "*_`[]<>#&":
        out = out.replace(ch, "\\" + ch)
    return out


def transcript_markdown(result: dict[str, Any]) -> str:
    """A Markdown report of a scored transcript."""
    lang = result["lang"] if result["lang"] in ("id", "en") else "en"
    words = {
        "id": (
            "Skor keseluruhan",
            "Prinsip",
            "Skor",
            "Ukuran",
            "Giliran",
            "Klien",
            "Pekerja",
            "kesesuaian tahap",
        ),
        "en": (
            "Overall score",
            "Principle",
            "Score",
            "Measures",
            "Turns",
            "Client",
            "Worker",
            "stage fit",
        ),
    }[lang]
    lines = [f"# {words[0]}: {result['overall']:g}", ""]
    if isinstance(result.get("cap"), dict):
        from simulator.report.caps import overall_cap

        cap = overall_cap(lang, {"cap": result["cap"]}, [])
        if cap is not None:
            lines += [_md(cap.text), ""]
    lines += [
        f"| {words[1]} | {words[2]} |",
        "|---|---|",
    ]
    for p in PRINCIPLES:
        lines.append(f"| {PRINCIPLE_LABELS[p][lang]} | {result['principles'][p]:g} |")
    lines += ["", f"## {words[3]}", ""]
    for key, value in result["measures"].items():
        lines.append(f"- {key}: {value}")
    lines += ["", f"## {words[4]}", ""]
    for turn in result["turns"]:
        who = words[5] if turn["speaker"] == "client" else words[6]
        lines.append(f"**{who}**: {_md(turn['text'])}")
        score = turn.get("score")
        if score:
            moves = ", ".join(score["moves"]) or "-"
            lines.append(
                f"  - {moves}; {words[7]}: {score['stage_fit']} ({_md(score['stage_fit_reason'])})"
            )
            for f in score["findings"]:
                what = f.get("principle") or f.get("move") or ""
                lines.append(f"  - `{f['rule']}` {what} {f['delta']:+g}: {_md(f['message'])}")
        lines.append("")
    return "\n".join(lines) + "\n"
