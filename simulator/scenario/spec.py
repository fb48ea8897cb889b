"""Declarations of what a YAML file may hold, checked against a positioned ``Node`` tree.

A spec is declared once (key -> type, required, allowed values, doc) and used twice: to check
a loaded file, collecting every problem with its position and did-you-mean suggestions, and to
generate the JSON Schema editors use (``casework schema``). Checking returns plain Python
values; a value that is wrong is reported and left out (``INVALID``), so that one mistake does
not hide the others.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import Problems
from simulator.yamlpos import BOOL, FLOAT, INT, MAP, NULL, SEQ, STR, Node, describe

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest candidate, or ``""`` if none is close."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass
class Ctx:
    """Where checking reports: the file name and the problem collector."""

    path: str
    problems: Problems

    def error(self, node: Node | tuple[int, int], message: str, code: str) -> None:
        line, col = (node.line, node.col) if isinstance(node, Node) else node
        self.problems.error(self.path, line, col, message, code)

    def warning(self, node: Node | tuple[int, int], message: str, code: str) -> None:
        line, col = (node.line, node.col) if isinstance(node, Node) else node
        self.problems.warning(self.path, line, col, message, code)


def _prefix(label: str) -> str:
    return f"{label}: " if label else ""


class Spec:
    """The base of all specs. ``kinds`` are the node kinds a spec accepts."""

    kinds: tuple[str, ...] = ()
    doc: str = ""

    def expects(self) -> str:
        """What the value should be, in words (``"text"``, ``"a list of text"``)."""
        raise NotImplementedError

    def check(self, node: Node, ctx: Ctx, label: str) -> Any:
        """Check ``node``; report problems in ``ctx``; return the plain value or ``INVALID``."""
        if node.refused:
            return INVALID
        if node.kind not in self.kinds:
            ctx.error(
                node,
                f"{_prefix(label)}expected {self.expects()}, got {describe(node)}"
                f"{_type_hint(node, self)}",
                "wrong-type",
            )
            return INVALID
        return self.convert(node, ctx, label)

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """This spec as JSON Schema (draft 2020-12)."""
        raise NotImplementedError

    def _described(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.doc:
            schema["description"] = self.doc
        return schema


def _type_hint(node: Node, spec: Spec) -> str:
    if STR in spec.kinds and node.kind == BOOL:
        return f" ('{node.text}' is true/false in YAML: put it in quotes to make it text)"
    if STR in spec.kinds and node.kind in (INT, FLOAT):
        return f' (put it in quotes to make it text: "{node.text}")'
    if STR in spec.kinds and node.kind == NULL and node.text == "":
        return " (the value is missing)"
    if STR in spec.kinds and node.kind == MAP and len(node.value) == 1:
        (child,) = node.value.values()
        if child.line == node.line:
            return " (': ' inside unquoted text starts a mapping: put the text in quotes)"
    return ""


@dataclass
class Str(Spec):
    """Text. ``choices``: the allowed values, named ``what`` in messages; ``pattern``: a
    regular expression the whole text must match, explained by ``pattern_doc``."""

    doc: str = ""
    choices: tuple[str, ...] = ()
    what: str = "value"
    pattern: str = ""
    pattern_doc: str = ""
    nonempty: bool = True
    kinds: tuple[str, ...] = (STR,)

    def expects(self) -> str:
        if self.choices and len(self.choices) <= 8:
            return "one of: " + ", ".join(self.choices)
        return f"a {self.what}" if self.choices or self.pattern else "text"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        return self.check_text(node.value, node, ctx, label)

    def check_text(self, value: str, where: Node | tuple[int, int], ctx: Ctx, label: str) -> Any:
        """Check a text value (also used for mapping keys, which have no node of their own)."""
        if self.nonempty and not value.strip():
            ctx.error(where, f"{_prefix(label)}must not be empty", "empty-value")
            return INVALID
        if self.choices and value not in self.choices:
            hint = did_you_mean(value, self.choices)
            if not hint and len(self.choices) <= 12:
                hint = "; expected one of: " + ", ".join(self.choices)
            ctx.error(where, f"{_prefix(label)}unknown {self.what} '{value}'{hint}", "unknown-name")
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            ctx.error(
                where,
                f"{_prefix(label)}'{value}' is not a valid {self.what}: {self.pattern_doc}",
                "bad-id",
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string"}
        if self.choices:
            schema["enum"] = list(self.choices)
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        elif self.nonempty and not self.choices:
            schema["minLength"] = 1
        return self._described(schema)


@dataclass
class Int(Spec):
    """A whole number between ``min`` and ``max`` (inclusive, None: unbounded)."""

    doc: str = ""
    min: int | None = None
    max: int | None = None
    kinds: tuple[str, ...] = (INT,)

    def expects(self) -> str:
        return "a whole number"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        return _in_range(node, self.min, self.max, ctx, label)

    def json_schema(self) -> dict[str, Any]:
        return self._described(_range_schema({"type": "integer"}, self.min, self.max))


@dataclass
class Num(Spec):
    """A number (whole or decimal) between ``min`` and ``max``."""

    doc: str = ""
    min: float | None = None
    max: float | None = None
    kinds: tuple[str, ...] = (INT, FLOAT)

    def expects(self) -> str:
        return "a number"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        value = _in_range(node, self.min, self.max, ctx, label)
        if value is not INVALID and value != value:  # NaN
            ctx.error(node, f"{_prefix(label)}must be a number, not .nan", "out-of-range")
            return INVALID
        return value if value is INVALID else float(value)

    def json_schema(self) -> dict[str, Any]:
        return self._described(_range_schema({"type": "number"}, self.min, self.max))


def _in_range(node: Node, lo: float | None, hi: float | None, ctx: Ctx, label: str) -> Any:
    if lo is not None and node.value < lo:
        ctx.error(node, f"{_prefix(label)}must be at least {lo}, got {node.text}", "out-of-range")
        return INVALID
    if hi is not None and node.value > hi:
        ctx.error(node, f"{_prefix(label)}must be at most {hi}, got {node.text}", "out-of-range")
        return INVALID
    return node.value


def _range_schema(schema: dict[str, Any], lo: float | None, hi: float | None) -> dict[str, Any]:
    if lo is not None:
        schema["minimum"] = lo
    if hi is not None:
        schema["maximum"] = hi
    return schema


@dataclass
class Bool(Spec):
    """true or false."""

    doc: str = ""
    kinds: tuple[str, ...] = (BOOL,)

    def expects(self) -> str:
        return "true or false"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        return node.value

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "boolean"})


@dataclass
class Nullable(Spec):
    """``inner`` or null (``~``, ``null`` or nothing)."""

    inner: Spec = field(default_factory=Str)
    doc: str = ""

    def __post_init__(self) -> None:
        self.kinds = (*self.inner.kinds, NULL)
        self.doc = self.doc or self.inner.doc

    def expects(self) -> str:
        return f"{self.inner.expects()} or null"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        return None if node.kind == NULL else self.inner.check(node, ctx, label)

    def json_schema(self) -> dict[str, Any]:
        inner = self.inner.json_schema()
        inner.pop("description", None)
        return self._described({"anyOf": [inner, {"type": "null"}]})


@dataclass
class ListOf(Spec):
    """A list of ``item``; at least ``min_items``; ``unique``: no value twice."""

    item: Spec = field(default_factory=Str)
    doc: str = ""
    min_items: int = 0
    max_items: int | None = None
    unique: bool = False
    kinds: tuple[str, ...] = (SEQ,)

    def expects(self) -> str:
        return f"a list of {_plural(self.item.expects())}"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        if len(node.value) < self.min_items:
            ctx.error(
                node,
                f"{_prefix(label)}needs at least {self.min_items} "
                f"item{'s' if self.min_items > 1 else ''}",
                "too-few",
            )
        if self.max_items is not None and len(node.value) > self.max_items:
            ctx.error(
                node,
                f"{_prefix(label)}has {len(node.value)} items; at most {self.max_items} allowed",
                "too-many",
            )
            return INVALID
        out = []
        seen: set[Any] = set()
        for i, item in enumerate(node.value):
            value = self.item.check(item, ctx, f"{label}[{i + 1}]")
            if value is INVALID:
                continue
            if self.unique and isinstance(value, str):
                if value in seen:
                    ctx.error(item, f"{_prefix(label)}'{value}' is listed twice", "duplicate")
                    continue
                seen.add(value)
            out.append(value)
        return out

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        if self.unique:
            schema["uniqueItems"] = True
        return self._described(schema)


def _plural(words: str) -> str:
    for one, many in (
        ("a whole number", "whole numbers"),
        ("a number", "numbers"),
        ("a mapping", "mappings"),
        ("a condition", "conditions"),
    ):
        if words == one:
            return many
    if words.startswith("a ") and " " not in words[2:]:
        return words[2:] + "s"
    if words.startswith("one of:"):
        return "values " + words
    return words


@dataclass
class MapOf(Spec):
    """A mapping from author-chosen names (``key``, e.g. beat ids) to ``value``."""

    value: Spec = field(default_factory=Str)
    key: Str = field(default_factory=Str)
    doc: str = ""
    min_items: int = 0
    kinds: tuple[str, ...] = (MAP,)

    def expects(self) -> str:
        return "a mapping"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        if len(node.value) < self.min_items:
            ctx.error(
                node,
                f"{_prefix(label)}needs at least {self.min_items} "
                f"entr{'ies' if self.min_items > 1 else 'y'}",
                "too-few",
            )
        out = {}
        for name, child in node.value.items():
            if self.key.check_text(name, node.key_pos[name], ctx, label) is INVALID:
                continue
            value = self.value.check(child, ctx, f"{label}.{name}" if label else name)
            if value is not INVALID:
                out[name] = value
        return out

    def json_schema(self) -> dict[str, Any]:
        key = self.key.json_schema()
        key.pop("description", None)
        key.pop("type", None)
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": self.value.json_schema(),
        }
        if key:
            schema["propertyNames"] = key
        if self.min_items:
            schema["minProperties"] = self.min_items
        return self._described(schema)


@dataclass
class Field:
    """One key of a ``Struct``."""

    spec: Spec
    required: bool = False
    doc: str = ""


@dataclass
class Struct(Spec):
    """A mapping with a fixed set of keys; unknown keys are errors with did-you-mean.

    ``exactly_one``: groups of keys of which exactly one must be given (``goto`` / ``end``).
    """

    fields: dict[str, Field] = field(default_factory=dict)
    doc: str = ""
    exactly_one: tuple[tuple[str, ...], ...] = ()
    kinds: tuple[str, ...] = (MAP,)

    def expects(self) -> str:
        return "a mapping"

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        out: dict[str, Any] = {}
        where = f"{label}: " if label else ""
        missing = {k for k, f in self.fields.items() if f.required and k not in node.value}
        explained: set[str] = set()  # missing keys a misspelt key already points at
        for key, child in node.value.items():
            spec = self.fields.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, list(self.fields), n=1, cutoff=0.6)
                if close and close[0] in missing and close[0] not in explained:
                    explained.add(close[0])
                    hint = f"; did you mean '{close[0]}'? (it is required)"
                else:
                    hint = did_you_mean(key, self.fields) or (
                        "; allowed keys: " + ", ".join(self.fields)
                    )
                ctx.error(node.key_pos[key], f"{where}unknown key '{key}'{hint}", "unknown-key")
                continue
            value = spec.spec.check(child, ctx, f"{label}.{key}" if label else key)
            if value is not INVALID:
                out[key] = value
        for key in self.fields:
            if key in missing and key not in explained:
                ctx.error(node, f"{where}missing required key '{key}'", "missing-key")
        for group in self.exactly_one:
            given = [k for k in group if k in node.value]
            if len(given) != 1:
                names = " or ".join(f"'{k}'" for k in group)
                ctx.error(
                    node,
                    f"{where}needs exactly one of {names}"
                    + (f", not {len(given)}" if given else ""),
                    "missing-key" if not given else "conflicting-keys",
                )
        return out

    def json_schema(self) -> dict[str, Any]:
        props = {}
        for key, f in self.fields.items():
            s = f.spec.json_schema()
            if f.doc:
                s["description"] = f.doc
            props[key] = s
        schema: dict[str, Any] = {
            "type": "object",
            "properties": props,
            "additionalProperties": False,
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            schema["required"] = required
        if self.exactly_one:
            schema["allOf"] = [{"oneOf": [{"required": [k]} for k in g]} for g in self.exactly_one]
        return self._described(schema)


@dataclass
class OneOf(Spec):
    """One of several specs, chosen by the kind of node written (text or a list, say)."""

    options: tuple[Spec, ...] = ()
    doc: str = ""

    def __post_init__(self) -> None:
        self.kinds = tuple(k for o in self.options for k in o.kinds)

    def expects(self) -> str:
        return " or ".join(o.expects() for o in self.options)

    def convert(self, node: Node, ctx: Ctx, label: str) -> Any:
        for option in self.options:
            if node.kind in option.kinds:
                return option.check(node, ctx, label)
        return INVALID  # pragma: no cover - kinds are checked first

    def json_schema(self) -> dict[str, Any]:
        return self._described({"anyOf": [o.json_schema() for o in self.options]})


def names(spec: Str, doc: str = "") -> OneOf:
    """A name or a list of names, both checked by ``spec``."""
    return OneOf((spec, ListOf(spec, min_items=1)), doc=doc)
