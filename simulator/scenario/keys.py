"""The scenario format, declared once: every key, its type, whether it is required, its doc.

``simulator.scenario.load`` checks files against ``SCENARIO``; ``simulator.schema`` turns it
into the JSON Schema editors use; ``docs/scenario-format.md`` explains it to authors. Names
that refer to other parts of the file (beats, endings, facts, variables) are checked for shape
here and for existence in ``simulator.scenario.validate``.
"""

from __future__ import annotations

from simulator.scenario.conditions import (
    CONDITION,
    ID_DOC,
    ID_PATTERN,
    MOVE_NAMES,
    VAR_DOC,
    VAR_PATTERN,
    names,
)
from simulator.scenario.spec import (
    Bool,
    Field,
    Int,
    ListOf,
    MapOf,
    Nullable,
    Num,
    Str,
    Struct,
)
from simulator.vocab import (
    CATEGORIES,
    DIFFICULTIES,
    ENDING_KINDS,
    LANGS,
    PRINCIPLES,
    RISK_FLAGS,
    STAGE_FITS,
    STAGES,
)

OUTCOMES: tuple[str, ...] = ("good", "mixed", "poor")
GENDERS: tuple[str, ...] = ("female", "male", "other")
SCORE_NAMES: tuple[str, ...] = ("overall", *PRINCIPLES)


def _id(what: str) -> Str:
    return Str(what=what, pattern=ID_PATTERN, pattern_doc=ID_DOC)


BEAT_ID = _id("beat id")
ENDING_ID = _id("ending id")
FACT_ID = _id("fact id")
VAR_NAME = Str(what="variable name", pattern=VAR_PATTERN, pattern_doc=VAR_DOC)
STAGE = Str(what="stage", choices=STAGES)
MOVE = Str(what="move", choices=MOVE_NAMES)
TEXT = Str()
LINES = ListOf(TEXT, min_items=1, doc="Variants; the seeded generator picks one per visit.")

EFFECTS = Struct(
    {
        "set": Field(MapOf(Int(), key=VAR_NAME), doc="Set variables (or rapport) to a value."),
        "add": Field(
            MapOf(Int(), key=VAR_NAME),
            doc="Add to variables (negative to decrement); rapport is clamped to its range.",
        ),
        "reveal": Field(ListOf(FACT_ID, unique=True), doc="Facts revealed."),
    },
    doc="Effects on the state: set, then add, then reveal.",
)

BRANCH = Struct(
    {
        "when": Field(CONDITION, required=True, doc="The condition; every key must hold."),
        "goto": Field(BEAT_ID, doc="The beat the client answers with."),
        "end": Field(ENDING_ID, doc="The ending the session ends with."),
        "effects": Field(EFFECTS, doc="Applied when this branch is taken."),
    },
    exactly_one=(("goto", "end"),),
    doc="Tried in order; the first whose `when` holds is taken.",
)

FALLBACK = Struct(
    {
        "goto": Field(BEAT_ID, doc="The beat the client answers with."),
        "end": Field(ENDING_ID, doc="The ending the session ends with."),
        "effects": Field(EFFECTS, doc="Applied when the fallback is taken."),
    },
    exactly_one=(("goto", "end"),),
    doc="Taken when no branch matches.",
)

BEAT = Struct(
    {
        "stage": Field(
            STAGE, required=True, doc="The stage of the helping process this beat is in."
        ),
        "lines": Field(LINES, required=True, doc="What the client says: variants of one line."),
        "reveals": Field(
            ListOf(FACT_ID, unique=True), doc="Facts revealed when this beat is shown."
        ),
        "effects": Field(EFFECTS, doc="Applied when this beat is shown."),
        "branches": Field(ListOf(BRANCH), doc="Tried in order; the first whose `when` holds wins."),
        "fallback": Field(FALLBACK, required=True, doc="Taken when no branch matches."),
    },
    doc="One client turn.",
)

ENDING = Struct(
    {
        "kind": Field(Str(what="ending kind", choices=ENDING_KINDS), required=True),
        "outcome": Field(
            Str(what="outcome", choices=OUTCOMES),
            required=True,
            doc="How the report names the result: good, mixed or poor.",
        ),
        "title": Field(TEXT, required=True, doc="One line naming the ending."),
        "lines": Field(LINES, required=True, doc="The client's last words."),
    },
    doc="How the interview can end.",
)

STEP = Struct(
    {
        "reply": Field(TEXT, required=True, doc="The trainee's reply."),
        "beat": Field(BEAT_ID, doc="The beat the client must answer with."),
        "stage": Field(STAGE, doc="The stage of that beat."),
        "moves": Field(names(MOVE), doc="Moves the reply must show."),
        "not_moves": Field(names(MOVE), doc="Moves the reply must not show."),
        "fit": Field(Str(what="stage fit", choices=STAGE_FITS), doc="The expected stage fit."),
        "ending": Field(ENDING_ID, doc="The session must end here with this ending."),
    },
    doc="One scripted reply and what must follow it.",
)

WALKTHROUGH = Struct(
    {
        "id": Field(_id("walkthrough id"), required=True),
        "description": Field(TEXT, doc="What this walkthrough shows."),
        "seed": Field(Int(min=0), doc="The seed of the line variants (default 1)."),
        "steps": Field(ListOf(STEP, min_items=1), required=True),
        "ending": Field(
            Nullable(ENDING_ID),
            required=True,
            doc="The ending expected after the last step (null: still running).",
        ),
        "scores": Field(
            MapOf(
                ListOf(Num(min=0, max=100), min_items=2, max_items=2),
                key=Str(what="score", choices=SCORE_NAMES),
            ),
            doc="Ranges [low, high] for overall or principle scores (0-100).",
        ),
    },
    doc="Scripted trainee replies with expectations, run by `casework test`.",
)

PERSONA = Struct(
    {
        "name": Field(TEXT, required=True),
        "age": Field(Int(min=0, max=120), required=True),
        "gender": Field(Str(what="gender", choices=GENDERS), required=True),
        "address": Field(
            ListOf(TEXT, min_items=1, unique=True),
            required=True,
            doc="How the worker should address the client, preferred first (Ibu, Bapak, Mas...).",
        ),
        "background": Field(TEXT, required=True),
    },
    doc="The client.",
)

FACT = Struct(
    {
        "text": Field(TEXT, required=True, doc="The fact, as the report states it."),
        "core": Field(Bool(), doc="Part of the real problem (all core facts = reached)."),
        "hint": Field(Str(nonempty=False), doc="For authors: what good practice reveals it."),
    },
    doc="A hidden fact, revealed by beats.",
)

SCENARIO = Struct(
    {
        "id": Field(_id("scenario id"), required=True, doc="Unique among scenarios."),
        "title": Field(TEXT, required=True),
        "lang": Field(Str(what="language", choices=LANGS), required=True),
        "difficulty": Field(Str(what="difficulty", choices=DIFFICULTIES), required=True),
        "category": Field(Str(what="category", choices=CATEGORIES), required=True),
        "minutes": Field(Int(min=1, max=240), required=True, doc="Estimated minutes."),
        "learning_goals": Field(ListOf(TEXT, min_items=1), required=True),
        "author": Field(TEXT, required=True),
        "version": Field(TEXT, required=True, doc='Quote it: "1.0".'),
        "description": Field(TEXT, doc="One paragraph shown on the home screen."),
        "rules": Field(
            ListOf(Str(what="rulebook path")),
            doc="Rulebooks laid over the shipped one for `lang`, relative to this file.",
        ),
        "persona": Field(PERSONA, required=True),
        "intake": Field(TEXT, required=True, doc="The intake sheet the worker reads first."),
        "presenting_problem": Field(TEXT, required=True, doc="The surface problem."),
        "real_problem": Field(TEXT, required=True, doc="The problem behind it."),
        "facts": Field(MapOf(FACT, key=FACT_ID), required=True, doc="Hidden facts by id."),
        "risk_flags": Field(ListOf(Str(what="risk flag", choices=RISK_FLAGS), unique=True)),
        "stages": Field(
            ListOf(STAGE, min_items=1, unique=True),
            required=True,
            doc="The stages this interview expects, in order.",
        ),
        "variables": Field(
            MapOf(Int(), key=VAR_NAME), doc="Declared counters and their start values."
        ),
        "rapport": Field(
            Struct({"start": Field(Int()), "min": Field(Int()), "max": Field(Int())}),
            doc="Rapport's start value and range (defaults 0, -5, 10).",
        ),
        "start": Field(BEAT_ID, required=True, doc="The first beat."),
        "turn_limit": Field(
            Struct(
                {
                    "turns": Field(Int(min=1, max=500), required=True),
                    "ending": Field(ENDING_ID, required=True, doc="An ending of kind turn_limit."),
                }
            ),
            required=True,
            doc="After this many replies the session ends with the named ending.",
        ),
        "beats": Field(MapOf(BEAT, key=BEAT_ID, min_items=1), required=True),
        "endings": Field(MapOf(ENDING, key=ENDING_ID, min_items=1), required=True),
        "walkthroughs": Field(ListOf(WALKTHROUGH)),
    },
    doc="A Casework Simulator scenario (docs/scenario-format.md).",
)
