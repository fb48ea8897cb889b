"""The transcript JSON that ``casework play`` writes, and the checks on reading it back.

A transcript (docs/architecture.md) is ``{"schema_version": 1, "scenario", "lang", "seed",
"mode", "turns": [...], "ending", "scores"}``. Reading one back (``casework
score-transcript``, class reports) checks its shape and says what is wrong in one line:
``path:line:col: error: ... (code)`` for broken JSON, ``path: error: turns[3].speaker ...
(code)`` for a wrong shape. Session snapshots are checked here too, so that ``session.py``
stays about the interview itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.errors import LoadError
from simulator.vocab import LANGS

SCHEMA_VERSION = 1
MAX_TRANSCRIPT_BYTES = 20_000_000
SPEAKERS = ("client", "worker")


@dataclass(frozen=True)
class Transcript:
    """A transcript read from a file; ``data`` is the checked JSON object itself."""

    path: str
    data: dict[str, Any]

    @property
    def lang(self) -> str:
        return self.data["lang"]

    @property
    def turns(self) -> list[dict[str, Any]]:
        return self.data["turns"]


def dumps(transcript: dict[str, Any]) -> str:
    """The transcript as JSON text (UTF-8 friendly, indented, ending with a newline)."""
    return json.dumps(transcript, ensure_ascii=False, indent=2) + "\n"


def read_transcript(path: str | Path) -> Transcript:
    """Read and check a transcript file.

    Only ``lang`` and the turns' ``speaker`` and ``text`` are required, so a transcript
    written by hand (or by another tool) can be scored too; every key present must have
    the right type.

    Raises:
        LoadError: The file is missing, unreadable, not UTF-8, not JSON, too large, or not
            a transcript; the message is one line naming the place.
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_TRANSCRIPT_BYTES + 1)
    except IsADirectoryError:
        raise LoadError(f"{name}: error: is a folder, not a transcript file (unreadable)") from None
    except OSError as exc:
        raise LoadError(f"{name}: error: cannot read: {exc.strerror} (unreadable)") from None
    if len(raw) > MAX_TRANSCRIPT_BYTES:
        raise LoadError(
            f"{name}: error: larger than {MAX_TRANSCRIPT_BYTES // 1_000_000} MB (too-large)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(f"{name}:{line}:{col}: error: not valid UTF-8 (encoding)") from None
    if not text.strip():
        raise LoadError(f"{name}: error: the file is empty (empty)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{name}:{exc.lineno}:{exc.colno}: error: invalid JSON: {exc.msg} (json)"
        ) from None
    except RecursionError:
        raise LoadError(f"{name}: error: JSON nested too deeply (json)") from None
    problem = transcript_problem(data)
    if problem:
        raise LoadError(f"{name}: error: {problem} (transcript-shape)")
    return Transcript(name, data)


def transcript_problem(data: Any) -> str | None:
    """What is wrong with a transcript object, or None when it is well-formed."""
    if not isinstance(data, dict):
        return f"a transcript is a JSON object, not {_kind(data)}"
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        return f"schema_version {version!r} is not supported (this program reads {SCHEMA_VERSION})"
    if "lang" not in data:
        return "missing key 'lang'"
    if data["lang"] not in LANGS:
        return f"lang must be one of {', '.join(LANGS)}, not {_short(data['lang'])}"
    for key, kinds in (("scenario", str), ("scenario_version", str), ("mode", str)):
        if key in data and data[key] is not None and not isinstance(data[key], kinds):
            return f"{key} must be a string, not {_kind(data[key])}"
    if "seed" in data and data["seed"] is not None and not _is_int(data["seed"]):
        return f"seed must be an integer, not {_kind(data['seed'])}"
    if "turns" not in data:
        return "missing key 'turns'"
    problem = turns_problem(data["turns"])
    if problem:
        return problem
    ending = data.get("ending")
    if ending is not None:
        if not isinstance(ending, dict):
            return f"ending must be an object or null, not {_kind(ending)}"
        for key in ("id", "kind", "outcome", "title"):
            if key in ending and not isinstance(ending[key], str):
                return f"ending.{key} must be a string, not {_kind(ending[key])}"
    scores = data.get("scores")
    if scores is not None and not isinstance(scores, dict):
        return f"scores must be an object, not {_kind(scores)}"
    return None


def turns_problem(turns: Any) -> str | None:
    """What is wrong with a list of transcript turns, or None."""
    if not isinstance(turns, list):
        return f"turns must be a list, not {_kind(turns)}"
    for i, turn in enumerate(turns):
        where = f"turns[{i}]"
        if not isinstance(turn, dict):
            return f"{where} must be an object, not {_kind(turn)}"
        if turn.get("speaker") not in SPEAKERS:
            if "speaker" not in turn:
                return f"{where}: missing key 'speaker'"
            return f"{where}.speaker must be 'client' or 'worker', not {_short(turn['speaker'])}"
        if not isinstance(turn.get("text"), str):
            if "text" not in turn:
                return f"{where}: missing key 'text'"
            return f"{where}.text must be a string, not {_kind(turn['text'])}"
        stage = turn.get("stage")
        if stage is not None and not isinstance(stage, str):
            return f"{where}.stage must be a string, not {_kind(stage)}"
        score = turn.get("score")
        if score is not None:
            if not isinstance(score, dict):
                return f"{where}.score must be an object, not {_kind(score)}"
            problem = _score_problem(score)
            if problem:
                return f"{where}.score.{problem}"
    return None


def _score_problem(score: dict[str, Any]) -> str | None:
    if not isinstance(score.get("moves", []), list):
        return "moves must be a list"
    principles = score.get("principles", {})
    if not isinstance(principles, dict):
        return "principles must be an object"
    for key, value in principles.items():
        if not _is_number(value):
            return f"principles.{key} must be a number, not {_kind(value)}"
    findings = score.get("findings", [])
    if not isinstance(findings, list):
        return "findings must be a list"
    for j, f in enumerate(findings):
        if not isinstance(f, dict) or not isinstance(f.get("rule"), str):
            return f"findings[{j}] must be an object with a 'rule'"
        span = f.get("span")
        if not (isinstance(span, list) and len(span) == 2 and all(_is_int(x) for x in span)):
            return f"findings[{j}].span must be two integers"
        if "delta" in f and not _is_number(f["delta"]):
            return f"findings[{j}].delta must be a number"
    return None


def check_snapshot(data: Any, scenario: Any) -> None:
    """Check that ``data`` is a ``Session.snapshot()`` of ``scenario``.

    Raises:
        LoadError: One line saying what does not fit.
    """
    problem = _snapshot_problem(data, scenario)
    if problem:
        raise LoadError(f"cannot resume the session: {problem}")


def _snapshot_problem(data: Any, scenario: Any) -> str | None:
    if not isinstance(data, dict):
        return f"a snapshot is an object, not {_kind(data)}"
    if data.get("schema_version") != SCHEMA_VERSION:
        return f"snapshot schema_version {data.get('schema_version')!r} is not supported"
    if data.get("scenario") != scenario.id:
        return f"it is a session of {data.get('scenario')!r}, not of {scenario.id!r}"
    if not _is_int(data.get("seed")):
        return "seed must be an integer"
    if data.get("mode") not in ("coach", "exam"):
        return f"mode {data.get('mode')!r} is not coach or exam"
    st = data.get("state")
    if not isinstance(st, dict):
        return "missing state"
    beats = {b.id for b in scenario.beats}
    if st.get("beat") not in beats:
        return f"beat {st.get('beat')!r} is not in the scenario (was it edited?)"
    if not _is_int(st.get("rapport")) or not _is_int(st.get("turn")) or st["turn"] < 0:
        return "rapport and turn must be integers"
    variables = st.get("variables")
    declared = {name for name, _ in scenario.variables}
    if not isinstance(variables, dict) or not all(
        k in declared and _is_int(v) for k, v in variables.items()
    ):
        return "variables must be the scenario's declared integer variables"
    facts = {f.id for f in scenario.facts}
    for key, known in (("revealed", facts), ("visited", beats)):
        value = st.get(key)
        if not isinstance(value, list) or not all(x in known for x in value):
            return f"{key} names something the scenario does not have (was it edited?)"
    ending = st.get("ending")
    if ending is not None and ending not in {e.id for e in scenario.endings}:
        return f"ending {ending!r} is not in the scenario"
    problem = turns_problem(data.get("turns"))
    if problem:
        return problem
    if not data["turns"] or data["turns"][0]["speaker"] != "client":
        return "the turns must begin with the client's opening line"
    workers = sum(1 for t in data["turns"] if t["speaker"] == "worker")
    if workers != st["turn"]:
        return f"state.turn is {st['turn']} but there are {workers} worker turns"
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
