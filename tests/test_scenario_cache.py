"""The cache of checked scenarios (``simulator.scenario.cache``) and its use by ``casework
play`` (``CoreBackend.load``): an unchanged file that passed is taken from the cache; anything
else is checked in full, so a broken or edited scenario is reported exactly as before."""

from __future__ import annotations

import marshal
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.errors import LoadError
from simulator.scenario import cache
from simulator.scenario.load import check_scenario
from simulator.tui.core import CoreBackend

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = Path(__file__).parent.parent / "scenarios" / "id" / "bu-sri-warung.yaml"


def copy(tmp_path: Path, source: Path = FIXTURES / "minimal.yaml") -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def entry_of(path: Path) -> Path:
    return cache._entry_path(cache._identity(str(path)))


def test_a_checked_scenario_is_stored_and_read_back_equal(tmp_path):
    path = copy(tmp_path, SHIPPED)
    checked, problems = check_scenario(path, rulebooks=False)
    assert checked is not None and not problems.errors
    source = cache.read_source(path)
    assert cache.lookup(str(path), source) is None  # nothing stored yet
    cache.store(str(path), source, checked)
    again = cache.lookup(str(path), source)
    assert again == checked and again is not checked
    assert again.extra == checked.extra  # the positions too, for the rule-id check
    assert again.beat(again.start) == checked.beat(checked.start)
    assert entry_of(path).stat().st_mode & 0o077 == 0


def test_the_backend_loads_from_the_cache_only_what_is_unchanged(tmp_path):
    path = copy(tmp_path)
    backend = CoreBackend(str(tmp_path / "c.db"))
    first = backend.load(str(path))
    assert entry_of(path).is_file()
    assert backend.load(str(path)) == first
    # Edited so that the rule id is unknown: still fine for load (rule ids are checked by
    # ``check``), and the edit is seen.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{move: advice}", "{rule: [no.such.rule]}"), encoding="utf-8")
    edited = backend.load(str(path))
    assert edited != first
    with pytest.raises(LoadError) as info:
        backend.check(edited)
    assert info.value.lines()[0].startswith(f"{path}:")


def test_a_broken_edit_is_reported_with_its_position_not_taken_from_the_cache(tmp_path):
    path = copy(tmp_path)
    backend = CoreBackend(str(tmp_path / "c.db"))
    backend.load(str(path))  # cached
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("stage:", "stgae:", 1), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        backend.load(str(path))
    _, problems = check_scenario(path, rulebooks=False)
    assert info.value.lines() == [str(p) for p in problems.errors]
    assert all(line.startswith(f"{path}:") for line in info.value.lines())
    with pytest.raises(LoadError):  # never cached, so reported again
        backend.load(str(path))


def test_a_damaged_or_foreign_entry_is_a_miss(tmp_path):
    path = copy(tmp_path)
    backend = CoreBackend(str(tmp_path / "c.db"))
    first = backend.load(str(path))
    source = cache.read_source(path)
    entry = entry_of(path)
    entry.write_bytes(entry.read_bytes()[:-50])
    assert cache.lookup(str(path), source) is None
    assert backend.load(str(path)) == first  # checked again, and stored again
    assert cache.lookup(str(path), source) == first
    # An entry naming any other class (here a builtin function) is not unpickled.
    head = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((*head[:4], pickle.dumps(eval))))
    assert cache.lookup(str(path), source) is None


def test_a_missing_rulebook_file_is_a_miss(tmp_path):
    path = copy(tmp_path)
    book = tmp_path / "extra.yaml"
    book.write_text("rules: {}\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    path.write_text(f"rules: [extra.yaml]\n{text}", encoding="utf-8")
    checked, problems = check_scenario(path, rulebooks=False)
    assert checked is not None, problems.errors
    source = cache.read_source(path)
    cache.store(str(path), source, checked)
    assert cache.lookup(str(path), source) == checked
    book.unlink()
    assert cache.lookup(str(path), source) is None


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_OFF, "1")
    path = copy(tmp_path)
    CoreBackend(str(tmp_path / "c.db")).load(str(path))
    assert not entry_of(path).exists()


def test_a_cached_load_imports_neither_yaml_nor_the_specs(tmp_path):
    path = copy(tmp_path, SHIPPED)
    CoreBackend(str(tmp_path / "c.db")).load(str(path))  # stored
    probe = (
        "import sys; from simulator.tui.core import CoreBackend;"
        f" CoreBackend(None).load({str(path)!r}); import simulator.session;"
        " print(sorted(m for m in ('yaml', 'simulator.scenario.spec', 'simulator.yamlpos')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
