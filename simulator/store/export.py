"""Session exports (versioned JSON) and reading sessions back from files.

An export carries one whole session, so an instructor can collect them from students'
machines for ``casework class-report``. ``load_session_file`` also reads the transcript JSON
that ``casework play`` writes. Every way a file can be wrong (truncated, wrong version, not
ours) gives one clear line, ``path:line:col: ...`` where the position is known.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulator.errors import LoadError
from simulator.store import StoredSession
from simulator.store.sqlite import now

EXPORT_VERSION = 1
EXPORT_KEY = "casework_export"
TRANSCRIPT_VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024


def pseudonym(name: str, key: bytes) -> str:
    """A stable pseudonym for ``name``: the same name and key always give the same one.

    A keyed hash (HMAC-SHA256), so that without the key nobody can test guesses of names
    against the pseudonyms. Names are compared without case and surrounding space.

    Args:
        name: The student's name.
        key: The secret (``Store.pseudonym_key()``).

    Returns:
        E.g. ``student-k3vq8m``.
    """
    digest = hmac.new(key, name.strip().casefold().encode("utf-8"), hashlib.sha256).digest()
    return "student-" + base64.b32encode(digest).decode("ascii")[:6].lower()


def _name_matches(text: str, name: str) -> list[tuple[int, int]]:
    """Where ``name`` stands in ``text`` as whole words, any case."""
    if not name.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(name.strip()) + r"(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def _scrub(text: str, name: str, alias: str) -> str:
    out, last = [], 0
    for a, b in _name_matches(text, name):
        out += [text[last:a], alias]
        last = b
    return "".join(out) + text[last:]


def _moved(pos: int, matches: list[tuple[int, int]], size: int, *, end: bool) -> int:
    """Where offset ``pos`` of the original text lands once each match became ``size`` long.

    An offset inside a replaced name moves to the start of its pseudonym (a span's start)
    or to its end (a span's end), so a span touching the name covers the whole pseudonym.
    """
    shift = 0
    for a, b in matches:
        if pos <= a:
            break
        if pos < b:
            return a + shift + (size if end else 0)
        shift += size - (b - a)
    return pos + shift


def _scrub_worker_turn(turn: dict[str, Any], name: str, alias: str) -> None:
    """Replace the name in a worker turn and move its findings' spans with the words."""
    text = turn["text"]
    matches = _name_matches(text, name)
    if not matches:
        return
    turn["text"] = _scrub(text, name, alias)
    score = turn.get("score")
    if not isinstance(score, Mapping) or not isinstance(score.get("findings"), list):
        return
    findings = []
    for f in score["findings"]:
        span = f.get("span") if isinstance(f, Mapping) else None
        if (
            isinstance(span, list | tuple)
            and len(span) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        ):
            start = _moved(span[0], matches, len(alias), end=False)
            stop = _moved(span[1], matches, len(alias), end=True)
            f = {**f, "span": [start, max(start, stop)]}
        findings.append(f)
    turn["score"] = {**score, "findings": findings}


def session_to_export(
    session: StoredSession, *, anonymize_key: bytes | None = None
) -> dict[str, Any]:
    """The export JSON of a session.

    Args:
        session: The session.
        anonymize_key: When given, the student's name is replaced by its pseudonym
            everywhere (also inside replies and reflections) and the scenario path, which
            may name a home folder, is dropped.
    """
    student = session.student
    turns = [dict(t) for t in session.turns]
    sa = dict(session.self_assessment) if session.self_assessment else None
    path = session.scenario_path
    if anonymize_key is not None:
        alias = pseudonym(student, anonymize_key)
        for turn in turns:
            if turn.get("speaker") == "worker" and isinstance(turn.get("text"), str):
                _scrub_worker_turn(turn, student, alias)
        if sa:
            for k in ("went_well", "do_differently"):
                if isinstance(sa.get(k), str):
                    sa[k] = _scrub(sa[k], student, alias)
        student, path = alias, ""
    return {
        EXPORT_KEY: EXPORT_VERSION,
        "exported": now(),
        "anonymized": anonymize_key is not None,
        "session": {
            "id": session.id,
            "scenario": session.scenario,
            "scenario_version": session.scenario_version,
            "scenario_path": path,
            "scenario_title": session.scenario_title,
            "lang": session.lang,
            "seed": session.seed,
            "mode": session.mode,
            "student": student,
            "started": session.started,
            "finished": session.finished,
            "status": session.status,
            "ending": dict(session.ending) if session.ending else None,
            "scores": dict(session.scores) if session.scores else None,
            "self_assessment": sa,
            "turns": turns,
        },
    }


def _fail(path: str, message: str) -> LoadError:
    return LoadError(f"{path}: {message}")


def _turns(path: str, value: Any) -> tuple[Mapping[str, Any], ...]:
    if not isinstance(value, list):
        raise _fail(path, "'turns' must be a list")
    for i, turn in enumerate(value, 1):
        if not isinstance(turn, Mapping) or turn.get("speaker") not in ("client", "worker"):
            raise _fail(path, f"turn {i}: expected an object with speaker client or worker")
        if not isinstance(turn.get("text"), str):
            raise _fail(path, f"turn {i}: 'text' must be a string")
        if turn.get("score") is not None and not isinstance(turn.get("score"), Mapping):
            raise _fail(path, f"turn {i}: 'score' must be an object")
    return tuple(value)


def _opt_map(path: str, data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = data.get(key)
    if value is not None and not isinstance(value, Mapping):
        raise _fail(path, f"'{key}' must be an object")
    return value


def _session(path: str, data: Mapping[str, Any], *, from_export: bool) -> StoredSession:
    for key in ("scenario", "lang"):
        if not isinstance(data.get(key), str):
            raise _fail(path, f"missing or invalid '{key}'")
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise _fail(path, "'seed' must be a whole number")
    status = data.get("status")
    finished = data.get("finished") if from_export else None
    if from_export and status == "finished" and not finished:
        finished = data.get("started") or "finished"
    return StoredSession(
        id=data.get("id") if isinstance(data.get("id"), str) else None,
        scenario=data["scenario"],
        lang=data["lang"],
        seed=seed,
        mode=str(data.get("mode", "coach")),
        scenario_version=str(data.get("scenario_version") or ""),
        scenario_path=str(data.get("scenario_path") or ""),
        scenario_title=str(data.get("scenario_title") or ""),
        student=str(data.get("student") or ""),
        started=data.get("started") if isinstance(data.get("started"), str) else None,
        finished=finished if isinstance(finished, str) else None,
        turns=_turns(path, data.get("turns")),
        ending=_opt_map(path, data, "ending"),
        scores=_opt_map(path, data, "scores"),
        self_assessment=_self_assessment(path, data),
    )


def _self_assessment(path: str, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    from simulator.selfassess import SelfAssessment, SelfAssessmentError

    value = _opt_map(path, data, "self_assessment")
    if value is None:
        return None
    try:
        return SelfAssessment.from_dict(value).to_dict()
    except SelfAssessmentError as exc:
        raise _fail(path, exc.message) from None


class _NotJsonNumber(ValueError):
    """``NaN`` or ``Infinity``: Python reads them, JSON does not have them."""


def _no_constant(name: str) -> Any:
    raise _NotJsonNumber(name)


def parse_session_json(text: str, path: str) -> StoredSession:
    """A session from the text of an export or a transcript.

    Raises:
        LoadError: Malformed or truncated JSON, an unknown format or version, bad fields.
    """
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); "
            "the file may be truncated"
        ) from None
    except _NotJsonNumber as exc:
        raise _fail(path, f"not valid JSON ({exc} is not a JSON number)") from None
    if not isinstance(data, Mapping):
        raise _fail(path, "not a casework export or transcript")
    if EXPORT_KEY in data:
        version = data[EXPORT_KEY]
        if version != EXPORT_VERSION or isinstance(version, bool):
            raise _fail(
                path,
                f"export version {version!r} is not supported "
                f"(this casework reads version {EXPORT_VERSION})",
            )
        if not isinstance(data.get("session"), Mapping):
            raise _fail(path, "export without a 'session' object")
        return _session(path, data["session"], from_export=True)
    if "turns" in data and "schema_version" in data:
        version = data["schema_version"]
        if version != TRANSCRIPT_VERSION or isinstance(version, bool):
            raise _fail(
                path,
                f"transcript schema_version {version!r} is not supported "
                f"(this casework reads version {TRANSCRIPT_VERSION})",
            )
        return _session(path, data, from_export=False)
    raise _fail(path, "not a casework export or transcript")


def load_session_file(path: str | Path) -> StoredSession:
    """Read an export or a transcript file.

    Raises:
        LoadError: Unreadable, too large, or not a valid export/transcript.
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _fail(name, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(name, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(name, f"not UTF-8 text (byte {exc.start})") from None
    return parse_session_json(text, name)
