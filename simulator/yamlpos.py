"""Safe YAML loading that keeps the line and column of every node.

Scenario and rulebook files are written by hand, so every problem must point at a place in
the file. PyYAML's composer gives nodes with ``start_mark``; this module turns them into a tree
of ``Node`` objects (plain values plus a 1-based position) without ever constructing Python
objects from tags.

What is refused, each as a ``Problem`` (never an exception):

- a path that is missing, unreadable, a folder or not a regular file (a pipe, a device);
  an empty file; a file over ``MAX_BYTES``;
- binary content: NUL bytes, invalid UTF-8, control characters YAML does not allow, and
  control characters written as escapes in quoted text (``"\\x1b"``, ``"\\e"``): file text is
  shown in the terminal, so it may not carry control sequences (newline and tab are fine);
- YAML syntax errors (placed with PyYAML's ``problem_mark``);
- any tag outside the plain-data core (``!!python/...``, ``!custom``, ``!!binary``, ``!!set``...);
- duplicate keys in a mapping, keys that are not plain scalars, merge keys (``<<``);
- alias bombs: aliases are allowed (an author may reuse a condition with ``&name`` and
  ``*name``), but the tree they expand to may hold at most ``MAX_NODES`` nodes, and an alias
  may not contain itself; nesting deeper than ``MAX_DEPTH`` is refused too.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from simulator.errors import Problems

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

# Kinds of node, also the words used in type-error messages.
MAP, SEQ, STR, INT, FLOAT, BOOL, NULL = "map", "seq", "str", "int", "float", "bool", "null"


@dataclass
class Node:
    """A YAML value with its 1-based position.

    ``value`` is ``dict[str, Node]`` for a mapping, ``list[Node]`` for a sequence, else a
    ``str``, ``int``, ``float``, ``bool`` or ``None``. ``key_pos`` holds, for a mapping, the
    (line, col) of each key, so that an unknown key can be pointed at.
    """

    kind: str
    value: Any
    line: int
    col: int
    key_pos: dict[str, tuple[int, int]] = field(default_factory=dict)
    text: str = ""  # the scalar as written (to explain ``yes`` -> true and the like)
    refused: bool = False  # a refused tag: already reported, checks skip it

    def plain(self) -> Any:
        """The value as plain Python data, positions dropped."""
        if self.kind == MAP:
            return {k: v.plain() for k, v in self.value.items()}
        if self.kind == SEQ:
            return [v.plain() for v in self.value]
        return self.value


@dataclass
class _AliasRef:
    """What the composer returns for ``*name``: the anchored node and where the alias is."""

    target: Any
    mark: Any


class _Composer(yaml.SafeLoader):
    """SafeLoader's composer, except that aliases stay visible as ``_AliasRef``."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.get_event()
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            return _AliasRef(self.anchors[event.anchor], event.start_mark)
        return super().compose_node(parent, index)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def read_text(path: str | Path, problems: Problems, *, max_bytes: int = MAX_BYTES) -> str | None:
    """Read a UTF-8 text file for YAML loading, or record why it cannot be read.

    Args:
        path: the file.
        problems: where problems are recorded (position 0:0 when there is none).
        max_bytes: the largest file accepted.

    Returns:
        The text (a leading byte-order mark removed), or None if a problem was recorded.
    """
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            problems.error(name, 0, 0, "is a folder, not a file", "not-a-file")
            return None
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):  # opening a pipe with no writer blocks for ever
            problems.error(
                name,
                0,
                0,
                "not a regular file (a pipe, socket or device); give a YAML file",
                "not-a-file",
            )
            return None
        size = info.st_size
        if size > max_bytes:
            problems.error(
                name,
                0,
                0,
                f"file is too large ({size} bytes); the limit is {max_bytes} bytes (1 MB)",
                "too-large",
            )
            return None
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        problems.error(name, 0, 0, "no such file", "not-found")
        return None
    except PermissionError:
        problems.error(name, 0, 0, "permission denied: the file cannot be read", "unreadable")
        return None
    except OSError as exc:
        problems.error(name, 0, 0, f"cannot be read: {exc.strerror or exc}", "unreadable")
        return None
    if len(data) > max_bytes:  # grew while we looked
        problems.error(
            name, 0, 0, f"file is too large; the limit is {max_bytes} bytes (1 MB)", "too-large"
        )
        return None
    nul = data.find(b"\0")
    if nul >= 0:
        line, col = _line_col(data[:nul].decode("utf-8", "replace"), nul)
        problems.error(name, line, col, "binary file: contains a NUL byte", "binary")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"), exc.start)
        problems.error(
            name,
            line,
            col,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
            "binary",
        )
        return None
    return text.removeprefix("\ufeff")


def load_yaml(
    path: str | Path, problems: Problems, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES
) -> Node | None:
    """Load one YAML document from a file as a positioned ``Node`` tree.

    Args:
        path: the file to read.
        problems: every problem found is added here.
        max_bytes: files larger than this are refused.
        max_nodes: the most nodes the document may expand to (aliases included).

    Returns:
        The root node, or None if the file could not be loaded (problems say why).
    """
    text = read_text(path, problems, max_bytes=max_bytes)
    if text is None:
        return None
    return load_yaml_text(text, str(path), problems, max_nodes=max_nodes)


def load_yaml_text(
    text: str, name: str, problems: Problems, *, max_nodes: int = MAX_NODES
) -> Node | None:
    """Load one YAML document from text; see ``load_yaml``. ``name`` is used in problems.

    A clean document is composed by libyaml when PyYAML has it (ten times faster); any
    document with a problem is composed again by the pure-Python composer, whose messages
    and alias positions are the ones documented and tested, so output never depends on how
    PyYAML was built.
    """
    if getattr(yaml, "__with_libyaml__", False):
        trial = Problems()
        node, used_aliases = _load(text, name, trial, max_nodes, yaml.CSafeLoader)
        if not trial.items and not used_aliases:  # libyaml does not say where an alias is
            return node
    return _load(text, name, problems, max_nodes, _Composer)[0]


def _load(
    text: str, name: str, problems: Problems, max_nodes: int, loader_class: Any
) -> tuple[Node | None, bool]:
    """Compose with ``loader_class`` and build the tree; also say whether aliases were used."""
    loader = None
    try:
        loader = loader_class(text)
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        problems.error(
            name,
            line,
            col,
            f"binary or control character #x{exc.character:04x} is not allowed in YAML"
            if isinstance(exc.character, int)
            else "unreadable character",
            "binary",
        )
        return None, False
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context_mark:
            message = f"{exc.problem} ({exc.context} at line {exc.context_mark.line + 1})"
        problems.error(name, line, col, f"YAML syntax error: {message}", "yaml-syntax")
        return None, False
    except RecursionError:
        problems.error(
            name, 0, 0, f"nesting is too deep (the limit is {MAX_DEPTH} levels)", "too-deep"
        )
        return None, False
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML errors are all marked above
        problems.error(name, 0, 0, f"YAML error: {exc}", "yaml-syntax")
        return None, False
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        problems.error(name, 1, 1, "file is empty: no YAML document in it", "empty")
        return None, False
    builder = _Builder(name, problems, max_nodes)
    try:
        node = builder.build(root, 0)
    except _TooMany as exc:
        if exc.via_alias:
            message = (
                f"the document expands to more than {max_nodes} values through aliases "
                "(an alias bomb?); write the values out or use fewer aliases"
            )
        else:
            message = f"the document holds more than {max_nodes} values; split it up"
        problems.error(
            name, exc.line, exc.col, message, "alias-bomb" if exc.via_alias else "too-large"
        )
        return None, True
    return node, builder.used_aliases


class _TooMany(Exception):
    def __init__(self, line: int, col: int, via_alias: bool) -> None:
        self.line, self.col, self.via_alias = line, col, via_alias


class _Builder:
    """Turns composed PyYAML nodes into ``Node`` objects, counting and checking as it goes."""

    def __init__(self, name: str, problems: Problems, max_nodes: int) -> None:
        self.name = name
        self.problems = problems
        self.max_nodes = max_nodes
        self.count = 0
        self.active: set[int] = set()  # ids of anchored nodes being expanded (cycle check)
        self.aliases: list[Any] = []  # marks of the aliases being expanded, outermost first
        self.seen: set[int] = set()  # ids of the composed nodes built so far
        self.used_aliases = False  # a node was reached twice: libyaml's form of an alias
        self.constructor = yaml.SafeLoader("")

    def error(self, mark: Any, message: str, code: str) -> None:
        self.problems.error(self.name, mark.line + 1, mark.column + 1, message, code)

    def control_error(self, raw: ScalarNode) -> None:
        code = ord(_control_char(raw.value) or "\0")
        self.error(
            raw.start_mark,
            f"control character U+{code:04X} in text (written as an escape); "
            "it would reach the terminal as a control sequence",
            "control-char",
        )

    def build(self, raw: Any, depth: int, alias_mark: Any = None) -> Node:
        if isinstance(raw, _AliasRef):
            if id(raw.target) in self.active:
                self.error(raw.mark, "an alias refers to a node that contains it", "alias-cycle")
                return Node(NULL, None, raw.mark.line + 1, raw.mark.column + 1, refused=True)
            self.aliases.append(raw.mark)
            self.used_aliases = True
            try:
                return self.build(raw.target, depth, raw.mark)
            finally:
                self.aliases.pop()
        mark = alias_mark or raw.start_mark
        if id(raw) in self.seen:
            self.used_aliases = True
        self.seen.add(id(raw))
        self.count += 1
        if self.count > self.max_nodes:
            where = self.aliases[0] if self.aliases else mark
            raise _TooMany(where.line + 1, where.column + 1, self.used_aliases)
        line, col = mark.line + 1, mark.column + 1
        if depth > MAX_DEPTH:
            self.error(mark, f"nesting is too deep (the limit is {MAX_DEPTH} levels)", "too-deep")
            return Node(NULL, None, line, col, refused=True)
        if isinstance(raw, ScalarNode):
            return self.scalar(raw, line, col)
        if raw.tag not in (_TAG + "map", _TAG + "seq"):
            self.error(raw.start_mark, _tag_message(raw.tag), "bad-tag")
            return Node(NULL, None, line, col, refused=True)
        if id(raw) in self.active:  # libyaml: an alias is the anchored node itself
            self.error(raw.start_mark, "an alias refers to a node that contains it", "alias-cycle")
            return Node(NULL, None, line, col, refused=True)
        self.active.add(id(raw))
        try:
            if isinstance(raw, SequenceNode):
                return Node(SEQ, [self.build(item, depth + 1) for item in raw.value], line, col)
            return self.mapping(raw, depth, line, col)
        finally:
            self.active.discard(id(raw))

    def scalar(self, raw: ScalarNode, line: int, col: int) -> Node:
        tag = raw.tag
        if tag not in _SCALAR_TAGS:
            if tag == _TAG + "merge":
                self.error(
                    raw.start_mark,
                    "merge keys (<<) are not supported; write the keys out",
                    "bad-tag",
                )
            else:
                self.error(raw.start_mark, _tag_message(tag), "bad-tag")
            return Node(NULL, None, line, col, text=raw.value, refused=True)
        if tag in (_TAG + "str", _TAG + "timestamp"):
            if _control_char(raw.value) is not None:
                self.control_error(raw)
                return Node(NULL, None, line, col, text=raw.value, refused=True)
            return Node(STR, raw.value, line, col, text=raw.value)
        try:
            value = self.constructor.construct_object(raw, deep=True)
        except (yaml.constructor.ConstructorError, ValueError):
            self.error(
                raw.start_mark, f"{raw.value!r} is not a valid {tag[len(_TAG) :]}", "bad-value"
            )
            return Node(NULL, None, line, col, text=raw.value, refused=True)
        kind = {bool: BOOL, int: INT, float: FLOAT, type(None): NULL}.get(type(value), STR)
        return Node(kind, value, line, col, text=raw.value)

    def mapping(self, raw: MappingNode, depth: int, line: int, col: int) -> Node:
        out: dict[str, Node] = {}
        key_pos: dict[str, tuple[int, int]] = {}
        for key_raw, value_raw in raw.value:
            if isinstance(key_raw, _AliasRef):
                key_raw = key_raw.target
            if not isinstance(key_raw, ScalarNode):
                self.error(
                    key_raw.start_mark, "a key must be plain text, not a list or mapping", "bad-key"
                )
                continue
            if key_raw.tag == _TAG + "merge":
                self.error(
                    key_raw.start_mark,
                    "merge keys (<<) are not supported; write the keys out",
                    "bad-tag",
                )
                continue
            key = key_raw.value
            if _control_char(key) is not None:
                self.control_error(key_raw)
                self.build(value_raw, depth + 1)  # still counted and checked
                continue
            kline, kcol = key_raw.start_mark.line + 1, key_raw.start_mark.column + 1
            if key in out:
                first = key_pos[key][0]
                self.error(
                    key_raw.start_mark,
                    f"duplicate key '{key}' (first written at line {first})",
                    "duplicate-key",
                )
                self.build(value_raw, depth + 1)  # still counted and checked
                continue
            key_pos[key] = (kline, kcol)
            out[key] = self.build(value_raw, depth + 1)
        return Node(MAP, out, line, col, key_pos=key_pos)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _control_char(text: str) -> str | None:
    """The first control character in ``text`` other than newline and tab, or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    if "python" in tag:
        return f"the tag {shown} is refused: files are loaded as plain data, never as code"
    return f"the tag {shown} is not allowed: use plain YAML values (text, numbers, lists, mappings)"


def describe(node: Node) -> str:
    """A short human name for the kind of a node, for type-error messages."""
    return {
        MAP: "a mapping",
        SEQ: "a list",
        STR: "text",
        INT: "a whole number",
        FLOAT: "a number",
        BOOL: "true/false",
        NULL: "nothing (null)",
    }[node.kind]
