"""The cache of compiled rulebooks (``simulator.scoring.bookcache``): a book compiled without
errors is taken from the cache while its files are unchanged; anything else is compiled (and
its problems reported) as before; scoring with a cached book gives the same results."""

from __future__ import annotations

import marshal
import pickle
from pathlib import Path

import pytest

from simulator.errors import LoadError
from simulator.scoring import bookcache
from simulator.scoring import rulebook as rb
from simulator.scoring.engine import RuleScorer
from simulator.scoring.model import ScoreContext
from simulator.scoring.rulebook import load_rulebooks

OVERLAY = """\
lang: id
version: "1"
rules:
  - id: t.extra
    move: reflection
    patterns: ["kedengarannya .. berat"]
    message: "Refleksi."
"""


def entries() -> list[Path]:
    folder = bookcache.cache_dir()
    return sorted(folder.glob("*.bin")) if folder.is_dir() else []


def fresh(lang: str = "id", extra: tuple[Path, ...] = ()) -> rb.Rulebook:
    rb._load_cached.cache_clear()
    return load_rulebooks(lang, extra)


def results(book: rb.Rulebook, texts: list[str]) -> list[dict]:
    scorer = RuleScorer(book)
    return [
        scorer.score(t, ScoreContext(lang=book.lang, stage="assessment")).to_dict() for t in texts
    ]


def test_a_compiled_book_is_stored_and_scores_the_same(tmp_path):
    compiled = fresh()
    assert len(entries()) == 1
    cached = fresh()
    assert cached is not compiled
    assert cached.rule_ids == compiled.rule_ids and cached.version == compiled.version
    texts = [e.text for r in compiled.rules for e in r.examples][:200]
    assert texts and results(cached, texts) == results(compiled, texts)


def test_an_edited_overlay_is_compiled_again_and_its_errors_reported(tmp_path):
    overlay = tmp_path / "extra.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    book = fresh(extra=(overlay,))
    assert "t.extra" in book.rule_ids
    assert fresh(extra=(overlay,)).rule_ids == book.rule_ids  # from the cache
    overlay.write_text(OVERLAY.replace('"kedengarannya .. berat"', '"(kedengarannya"'))
    with pytest.raises(LoadError) as info:
        fresh(extra=(overlay,))
    assert info.value.lines() and all(line.startswith(f"{overlay}:") for line in info.value.lines())


def test_a_damaged_or_foreign_entry_is_a_miss(tmp_path):
    compiled = fresh()
    (entry,) = entries()
    entry.write_bytes(entry.read_bytes()[:-100])
    paths = (str(rb.shipped_path("id")),)
    sources = bookcache.read_sources(list(paths))
    assert bookcache.lookup("id", paths, sources) is None
    assert fresh().rule_ids == compiled.rule_ids  # compiled again, and stored again
    assert bookcache.lookup("id", paths, sources) is not None
    head = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((*head[:5], pickle.dumps(eval))))
    assert bookcache.lookup("id", paths, sources) is None


def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(bookcache.ENV_OFF, "1")
    fresh()
    assert entries() == []
