"""Safe, positioned YAML loading: every refusal is a Problem with a place, never a crash."""

from __future__ import annotations

import os

import pytest
import yaml

from simulator.errors import Problems
from simulator.yamlpos import MAX_BYTES, MAX_NODES, load_yaml, load_yaml_text


def load(text: str):
    problems = Problems()
    node = load_yaml_text(text, "f.yaml", problems)
    return node, [str(p) for p in problems]


def test_positions_are_one_based_on_every_node():
    node, problems = load("a: 1\nb:\n  - x\n  - {c: true}\n")
    assert problems == []
    assert (node.line, node.col) == (1, 1)
    assert node.key_pos["b"] == (2, 1)
    items = node.value["b"].value
    assert (items[0].line, items[0].col) == (3, 5)
    assert (items[1].value["c"].line, items[1].value["c"].col) == (4, 9)
    assert node.plain() == {"a": 1, "b": ["x", {"c": True}]}


def test_dates_stay_text_and_numbers_are_numbers():
    node, _ = load("d: 2024-01-01\nn: 0x10\nf: 1.5\nz: ~\n")
    assert node.plain() == {"d": "2024-01-01", "n": 16, "f": 1.5, "z": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: !!python/object/apply:os.system ['echo hi']\n",
            "f.yaml:1:4: error: the tag !!python/object/apply:os.system is refused: files are "
            "loaded as plain data, never as code (bad-tag)",
        ),
        (
            "a: !custom 3\n",
            "f.yaml:1:4: error: the tag !custom is not allowed: use plain YAML values (text, "
            "numbers, lists, mappings) (bad-tag)",
        ),
        (
            "a: 1\nb: 2\na: 3\n",
            "f.yaml:3:1: error: duplicate key 'a' (first written at line 1) (duplicate-key)",
        ),
        (
            "a: [1, 2\n",
            "f.yaml:2:1: error: YAML syntax error: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence at line 1) (yaml-syntax)",
        ),
        ("", "f.yaml:1:1: error: file is empty: no YAML document in it (empty)"),
        ("# just a comment\n", "f.yaml:1:1: error: file is empty: no YAML document in it (empty)"),
        (
            "a: &x [*x]\n",
            "f.yaml:1:8: error: an alias refers to a node that contains it (alias-cycle)",
        ),
        (
            "<<: {a: 1}\n",
            "f.yaml:1:1: error: merge keys (<<) are not supported; write the keys out (bad-tag)",
        ),
        (
            "a: b\x07\n",
            "f.yaml:1:5: error: binary or control character #x0007 is not allowed in YAML (binary)",
        ),
        (
            "? [a, b]\n: 1\n",
            "f.yaml:1:3: error: a key must be plain text, not a list or mapping (bad-key)",
        ),
    ],
)
def test_refusals_are_placed(text, expected):
    _, problems = load(text)
    assert problems == [expected]


def test_alias_bomb_is_refused_at_the_outer_alias():
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for prev, name in zip("abcde", "bcdef", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    node, problems = load("\n".join(lines) + "\n")
    assert node is None
    assert len(problems) == 1
    assert problems[0].startswith("f.yaml:5:36: error: the document expands to more than 100000")
    assert "(alias-bomb)" in problems[0]


def test_modest_aliases_are_allowed_and_placed_where_used():
    node, problems = load("base: &c {move: reflection}\nuse: *c\n")
    assert problems == []
    assert node.plain()["use"] == {"move": "reflection"}
    assert (node.value["use"].line, node.value["use"].col) == (2, 6)


def test_a_document_with_too_many_values_is_refused():
    problems = Problems()
    node = load_yaml_text("[" + ", ".join(["1"] * 20) + "]", "f.yaml", problems, max_nodes=10)
    assert node is None
    assert [str(p) for p in problems] == [
        "f.yaml:1:29: error: the document holds more than 10 values; split it up (too-large)"
    ]


def test_deep_nesting_is_refused_without_crashing():
    _, problems = load("[" * 5000)
    assert problems == [
        "f.yaml:0:0: error: nesting is too deep (the limit is 64 levels) (too-deep)"
    ]


def test_nesting_beyond_the_limit_is_refused():
    text = "a: " + "[" * 70 + "]" * 70 + "\n"
    _, problems = load(text)
    assert problems == [
        "f.yaml:1:68: error: nesting is too deep (the limit is 64 levels) (too-deep)"
    ]


def test_files(tmp_path):
    problems = Problems()
    assert load_yaml(tmp_path / "missing.yaml", problems) is None
    assert load_yaml(tmp_path, problems) is None
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert load_yaml(big, problems) is None
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"a: 1\nb: x\x00y\n")
    assert load_yaml(nul, problems) is None
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    assert load_yaml(latin, problems) is None
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffa: 1\n".encode())
    assert load_yaml(bom, problems).plain() == {"a": 1}
    lines = [str(p) for p in problems]
    assert lines == [
        f"{tmp_path / 'missing.yaml'}:0:0: error: no such file (not-found)",
        f"{tmp_path}:0:0: error: is a folder, not a file (not-a-file)",
        f"{big}:0:0: error: file is too large ({MAX_BYTES + 4} bytes); the limit is "
        f"{MAX_BYTES} bytes (1 MB) (too-large)",
        f"{nul}:2:5: error: binary file: contains a NUL byte (binary)",
        f"{latin}:2:7: error: not UTF-8 text: byte 0xe9 cannot be decoded (binary)",
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path):
    f = tmp_path / "secret.yaml"
    f.write_text("a: 1\n")
    f.chmod(0)
    problems = Problems()
    assert load_yaml(f, problems) is None
    assert [str(p) for p in problems] == [
        f"{f}:0:0: error: permission denied: the file cannot be read (unreadable)"
    ]


def _flatten(node, out):
    out.append(
        (node.kind, node.line, node.col, None if node.kind in ("map", "seq") else node.value)
    )
    children = (
        node.value.values() if node.kind == "map" else node.value if node.kind == "seq" else ()
    )
    for child in children:
        _flatten(child, out)
    return out


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
def test_libyaml_and_python_composers_give_the_same_tree():
    from pathlib import Path

    from simulator import yamlpos

    root = Path(__file__).parent.parent
    files = sorted(root.glob("scenarios/*/*.yaml")) + [root / "tests/fixtures/minimal.yaml"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, _ = yamlpos._load(text, "f", Problems(), MAX_NODES, yaml.CSafeLoader)
        slow, _ = yamlpos._load(text, "f", Problems(), MAX_NODES, yamlpos._Composer)
        assert _flatten(fast, []) == _flatten(slow, []), path.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title: "Pak\\x1b[31m Budi"\n',
            "f.yaml:1:8: error: control character U+001B in text (written as an escape); "
            "it would reach the terminal as a control sequence (control-char)",
        ),
        (
            'a: ok\nline: "ring \\a bell"\n',
            "f.yaml:2:7: error: control character U+0007 in text (written as an escape); "
            "it would reach the terminal as a control sequence (control-char)",
        ),
        (
            '"k\\e]0;x": 1\n',
            "f.yaml:1:1: error: control character U+001B in text (written as an escape); "
            "it would reach the terminal as a control sequence (control-char)",
        ),
        (
            'c1: "a\\x9bb"\n',
            "f.yaml:1:5: error: control character U+009B in text (written as an escape); "
            "it would reach the terminal as a control sequence (control-char)",
        ),
    ],
)
def test_escaped_control_characters_are_refused(text, expected):
    node, problems = load(text)
    assert problems == [expected]


def test_escaped_newline_and_tab_stay_allowed():
    node, problems = load('a: "one\\ntwo\\tthree"\n')
    assert problems == []
    assert node.plain() == {"a": "one\ntwo\tthree"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_or_device_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # no writer: opening it would block for ever
    problems = Problems()
    assert load_yaml(fifo, problems) is None
    assert load_yaml("/dev/zero", problems) is None
    assert [str(p) for p in problems] == [
        f"{fifo}:0:0: error: not a regular file (a pipe, socket or device); "
        "give a YAML file (not-a-file)",
        "/dev/zero:0:0: error: not a regular file (a pipe, socket or device); "
        "give a YAML file (not-a-file)",
    ]
