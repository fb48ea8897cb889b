"""The rulebook format, declared once with the same spec types as the scenario format.

``simulator.scoring.rulebook`` checks files against ``RULEBOOK_SPEC``; the JSON-Schema
generator can call ``RULEBOOK_SPEC.json_schema()``; ``docs/rules.md`` explains it to authors.
"""

from __future__ import annotations

from simulator.scenario.spec import Bool, Field, Int, ListOf, MapOf, Num, OneOf, Str, Struct
from simulator.vocab import LANGS, MOVE_GROUPS, MOVES, PRINCIPLES, ROLES, SEVERITIES, STAGES

RULE_ID_PATTERN = r"[a-z0-9][a-z0-9_.-]*"
RULE_ID_DOC = "use lowercase letters, digits, '.', '-' and '_', starting with a letter or digit"
LIST_NAME_PATTERN = r"[a-z][a-z0-9_]*"
MOVE_NAMES: tuple[str, ...] = (*MOVES, *MOVE_GROUPS)
UNIT_KINDS: tuple[str, ...] = ("question", "statement", "any")
NEGATED: tuple[str, ...] = ("block", "require", "ignore")
REPORTED: tuple[str, ...] = ("block", "ignore")
STATUSES: tuple[str, ...] = ("draft", "stable")

STAGE = Str(what="stage", choices=STAGES)
MOVE = Str(what="move", choices=MOVE_NAMES)
TEXT = Str()
PATTERNS = OneOf(
    (Str(), ListOf(Str(), min_items=1)),
    doc="Patterns in the pattern language (docs/rules.md); any of them may match.",
)

CONTEXT = Struct(
    {
        "client_overlap": Field(
            Int(min=1, max=20),
            doc="The unit shares at least n content words (by root) with "
            "the client's last utterance.",
        ),
        "client_feeling": Field(Bool(), doc="The unit names a feeling (lexicon `feeling`)."),
        "uses_address": Field(Bool(), doc="The unit uses the client's name or form of address."),
        "risk": Field(
            Bool(),
            doc="The scenario has a risk flag or the client's last words "
            "carry a risk cue (lexicon `risk_cue`).",
        ),
        "real_problem_reached": Field(Bool(), doc="The real problem has been reached."),
        "first_turn": Field(Bool(), doc="This is the worker's first reply."),
    },
    doc="Conditions on the reply's context; all must hold.",
)

APPLIES = Struct(
    {
        "stages": Field(ListOf(STAGE, min_items=1, unique=True), doc="Default: all stages."),
        "unit": Field(
            Str(what="unit kind", choices=UNIT_KINDS),
            doc="question, statement or any (default any).",
        ),
        "context": Field(CONTEXT),
    },
    doc="Where the rule applies.",
)

EXAMPLE_MAP = Struct(
    {
        "text": Field(TEXT, required=True, doc="The worker's reply."),
        "client": Field(Str(nonempty=False), doc="The client's last utterance, for context."),
        "stage": Field(STAGE, doc="The stage to judge in (default: the rule's first stage)."),
        "address": Field(ListOf(TEXT), doc="The client's forms of address (Ibu, Bu Sri...)."),
        "client_name": Field(TEXT, doc="The client's name."),
        "risk_flags": Field(ListOf(Str(what="risk flag")), doc="Scenario risk flags."),
        "real_problem_reached": Field(Bool(), doc="Whether the real problem is reached."),
        "first_turn": Field(Bool(), doc="Judge the reply as the worker's first."),
        "note": Field(Str(nonempty=False), doc="Why this example is here."),
    },
    doc="An example with context.",
)
EXAMPLE = OneOf((TEXT, EXAMPLE_MAP), doc="A reply, or a mapping with the reply and its context.")
GAP = Struct(
    {
        **EXAMPLE_MAP.fields,
        "expect": Field(
            Str(what="expectation", choices=("fire", "pass")),
            required=True,
            doc="What the rule should do but does not yet.",
        ),
        "note": Field(TEXT, required=True, doc="known gap: why the rule misses it"),
    },
    doc="A known gap: reported by `casework test`, not a failure.",
)
EXAMPLES = Struct(
    {
        "fire": Field(ListOf(EXAMPLE), doc="Replies on which the rule must fire."),
        "pass": Field(ListOf(EXAMPLE), doc="Replies on which it must not fire."),
        "gaps": Field(ListOf(GAP), doc="Known gaps."),
    },
    doc="Examples run by `casework test`; a stable rule needs >= 2 fire and >= 2 pass.",
)

RULE = Struct(
    {
        "id": Field(
            Str(what="rule id", pattern=RULE_ID_PATTERN, pattern_doc=RULE_ID_DOC),
            required=True,
            doc="Unique; an overlay replaces a rule with the same id.",
        ),
        "status": Field(Str(what="status", choices=STATUSES), doc="draft (default) or stable."),
        "move": Field(MOVE, doc="The move this rule detects (a group lets the engine choose)."),
        "principles": Field(
            MapOf(Num(min=-5, max=5), key=Str(what="principle", choices=PRINCIPLES)),
            doc="Signed deltas per principle.",
        ),
        "role": Field(Str(what="role", choices=ROLES), doc="The worker role it shows."),
        "severity": Field(
            Str(what="severity", choices=SEVERITIES), doc="minor (default), major or critical."
        ),
        "weight": Field(Num(min=0, max=10), doc="Multiplies the deltas (default 1)."),
        "applies": Field(APPLIES),
        "patterns": Field(PATTERNS, required=True),
        "unless": Field(PATTERNS, doc="No fire if any of these matches in the same unit."),
        "negated": Field(
            Str(what="negation mode", choices=NEGATED),
            doc="block (default): no fire inside a negation; require: only inside one; ignore.",
        ),
        "reported": Field(
            Str(what="reported-speech mode", choices=REPORTED),
            doc="block (default): no fire inside quoted or reported speech.",
        ),
        "message": Field(
            TEXT, required=True, doc="Feedback a student can act on, in the rulebook's language."
        ),
        "examples": Field(EXAMPLES),
    },
    doc="One rule.",
)

STAGE_SPEC = Struct(
    {
        "expects": Field(ListOf(MOVE, unique=True), doc="Moves that fit this stage."),
        "premature": Field(
            ListOf(MOVE, unique=True),
            doc="Moves that are premature before the real problem is reached.",
        ),
        "late": Field(ListOf(MOVE, unique=True), doc="Moves that come too late here."),
        "off": Field(ListOf(MOVE, unique=True), doc="Moves that do not belong here at all."),
        "hint": Field(TEXT, doc="What the stage calls for, shown to the student."),
    },
    doc="What a stage expects.",
)

RULEBOOK_SPEC = Struct(
    {
        "lang": Field(Str(what="language", choices=LANGS), required=True),
        "version": Field(TEXT, required=True, doc='Quote it: "1".'),
        "description": Field(TEXT, doc="What this rulebook is for."),
        "lexicon": Field(
            MapOf(
                ListOf(Str(), min_items=1),
                key=Str(
                    what="list name",
                    pattern=LIST_NAME_PATTERN,
                    pattern_doc="lowercase letters, digits and '_'",
                ),
            ),
            doc="Named word lists, used in patterns as @name; an overlay's lists "
            "extend the lists of the same name.",
        ),
        "stages": Field(MapOf(STAGE_SPEC, key=STAGE), doc="What each stage expects."),
        "rules": Field(ListOf(RULE), doc="The rules."),
    },
    doc="A Casework Simulator rulebook (docs/rules.md).",
)
