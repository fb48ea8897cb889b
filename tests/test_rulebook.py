"""Rulebook loading: problems with positions, overlays by rule id, the key spec."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from simulator.errors import LoadError
from simulator.scoring import rulebook as rb
from simulator.scoring.rulebook import RULEBOOK_SPEC, check_rulebook, load_rulebooks

BASE = """\
lang: id
version: "1"
lexicon:
  feeling: [sedih, capek]
stages:
  assessment:
    expects: [open_question, reflection]
    premature: [advice]
    hint: "Ajak klien bercerita."
rules:
  - id: t.open
    status: stable
    move: open_question
    principles: {openness: 1}
    patterns: ["bisa $addr? <cerita>"]
    message: "Pertanyaan terbuka."
    examples:
      fire: ["Bisa Ibu ceritakan?", "Bisa ceritain lagi?"]
      pass: ["Ibu sudah makan?", "Saya bercerita tadi."]
  - id: t.feel
    move: reflection
    patterns: ["$addr .. @feeling"]
    message: "Refleksi perasaan."
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shipped"
    folder.mkdir()
    write(folder, "id.yaml", BASE)
    monkeypatch.setattr(rb, "RULEBOOK_DIR", folder)
    return folder


def problems_of(path: Path) -> list[tuple[int, int, str, str]]:
    _, problems = check_rulebook(path)
    return [(p.line, p.col, p.code, p.message) for p in problems]


def test_a_good_rulebook_loads(shipped: Path) -> None:
    book, problems = check_rulebook(shipped / "id.yaml")
    assert not problems.items
    assert book is not None and book.rule_ids == ("t.open", "t.feel")
    assert book.stages["assessment"].premature == ("advice",)
    assert book.stages["assessment"].hint == "Ajak klien bercerita."
    open_rule = book.rule("t.open")
    assert open_rule is not None and open_rule.principles == (("openness", 1.0),)
    assert open_rule.pos.line == 11 and len(open_rule.examples) == 4


def test_problems_have_positions(tmp_path: Path, shipped: Path) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        """\
        lang: id
        version: "1"
        rules:
          - id: a.one
            status: stable
            move: open_questio
            principles: {acceptence: 1}
            role: brokr
            severity: huge
            applies: {stages: [asesmen], unit: question}
            patterns: ["bisa @nolist", "(a b"]
            mesage: "x"
            message: "y"
            examples:
              fire: ["one"]
          - id: a.one
            principles: {openness: 1}
            patterns: ["x"]
            message: "dup"
        """,
    )
    found = problems_of(path)
    codes = {(line, code) for line, _, code, _ in found}
    assert (4, "too-few-examples") in codes
    assert (6, "unknown-name") in codes  # move, with did-you-mean
    assert (7, "unknown-name") in codes  # principle
    assert (8, "unknown-name") in codes  # role
    assert (9, "unknown-name") in codes  # severity
    assert (10, "unknown-name") in codes  # stage
    assert (12, "unknown-key") in codes
    assert (16, "duplicate-id") in codes
    messages = " | ".join(m for *_, m in found)
    assert "did you mean 'open_question'" in messages
    assert "did you mean 'message'" in messages
    assert "did you mean 'acceptance'" in messages
    bad = [(line, col) for line, col, code, _ in found if code == "bad-pattern"]
    # the column points inside the pattern: '@nolist' at column 22, '(' at column 33
    assert bad == [(11, 22), (11, 33)]


def test_overlay_may_use_shipped_lexicon_and_replaces_by_id(tmp_path: Path, shipped: Path) -> None:
    overlay = write(
        tmp_path,
        "extra.yaml",
        """\
        lang: id
        version: "x"
        lexicon:
          feeling: [galau]
        rules:
          - id: t.open
            move: open_question
            principles: {openness: 2}
            patterns: ["coba <cerita>"]
            message: "Diganti."
          - id: t.new
            principles: {acceptance: 1}
            patterns: ["@feeling"]
            message: "Baru."
        """,
    )
    book, problems = check_rulebook(overlay)
    assert not problems.items and book is not None
    assert book.rule_ids == ("t.open", "t.new")  # only the overlay's own rules
    merged = load_rulebooks("id", [overlay])
    assert merged.rule_ids == ("t.open", "t.feel", "t.new")
    assert merged.rule("t.open").message == "Diganti."  # type: ignore[union-attr]
    assert {"galau", "sedih", "capek"} <= merged.lexicon.singles["feeling"]


def test_load_errors_carry_every_problem(tmp_path: Path, shipped: Path) -> None:
    overlay = write(tmp_path, "broken.yaml", "lang: en\nversion: '1'\nrules: [{id: x}]\n")
    with pytest.raises(LoadError) as info:
        load_rulebooks("id", [overlay])
    lines = info.value.lines()
    assert any("lang-mismatch" in line for line in lines)
    assert any("missing required key 'patterns'" in line for line in lines)
    assert all(line.startswith(str(overlay)) for line in lines)


def test_missing_and_unreadable_files(tmp_path: Path, shipped: Path) -> None:
    with pytest.raises(LoadError):
        load_rulebooks("id", [tmp_path / "nope.yaml"])
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"lang: id\n\xff\xfe")
    book, problems = check_rulebook(binary)
    assert book is None and problems.errors[0].code == "binary"
    syntax = write(tmp_path, "syntax.yaml", "lang: id\nrules: [\n")
    book, problems = check_rulebook(syntax)
    assert book is None and problems.errors[0].code == "yaml-syntax"


def test_python_tags_are_refused(tmp_path: Path, shipped: Path) -> None:
    path = write(tmp_path, "evil.yaml", "lang: id\nversion: !!python/object:os.system '1'\n")
    book, problems = check_rulebook(path)
    assert book is None and any(p.code == "bad-tag" for p in problems)


def test_spec_gives_a_json_schema() -> None:
    schema = RULEBOOK_SPEC.json_schema()
    assert schema["required"] == ["lang", "version"]
    rule = schema["properties"]["rules"]["items"]
    assert "patterns" in rule["required"] and rule["additionalProperties"] is False
    assert "open_question" in rule["properties"]["move"]["enum"]


def test_run_examples_reports_failures_and_gaps() -> None:
    from simulator.scoring.examples import run_examples
    from simulator.scoring.rulebook import rulebook_from_text

    book = rulebook_from_text(
        textwrap.dedent(
            """\
            lang: id
            version: "1"
            rules:
              - id: t.blame
                move: blame
                principles: {acceptance: -1}
                applies: {stages: [assessment, planning]}
                patterns: ["$addr .. salah"]
                message: "Menyalahkan."
                examples:
                  fire: ["Ibu yang salah.", "Bapak salah."]
                  pass: ["Tidak ada yang salah, Bu.", "Ibu yang salah."]
                  gaps: [{text: "Salahmu sendiri.", expect: fire, note: "known gap: -mu"}]
            """
        )
    )
    results = run_examples(book)
    assert [(r.expected, r.ok, r.gap) for r in results] == [
        ("fire", True, False),
        ("fire", True, False),
        ("pass", True, False),
        ("pass", False, False),  # the second pass example is wrong on purpose
        ("fire", False, True),  # a known gap: reported, not a failure
    ]
    assert [r.failed for r in results] == [False, False, False, True, False]
    assert "fired on 'Ibu yang salah'" in results[3].detail
    assert results[0].pos.line == 11 and results[4].pos.line == 13


def test_a_loaded_rulebook_leaves_no_shared_values_behind() -> None:
    """The compile's pool of shared values is emptied once the book is built: the patterns
    keep what they hold, the rest is freed (about 1 MiB for a shipped book)."""
    from simulator.scoring import patterns

    rb._load_cached.cache_clear()
    book = load_rulebooks("id")
    assert book.rule_ids and not patterns._POOL
