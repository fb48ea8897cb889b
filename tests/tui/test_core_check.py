"""The background check of a scenario's rule ids (``CoreBackend.check``, run by ``warm``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import LoadError
from simulator.scenario.load import check_scenario
from simulator.tui.core import CoreBackend

FIXTURES = Path(__file__).parent.parent / "fixtures"


def bad_rule_scenario(tmp_path: Path) -> Path:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert "{move: advice}" in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("{move: advice}", "{rule: [no.such.rule]}"), encoding="utf-8")
    return path


def test_an_unknown_rule_id_is_reported_where_validate_reports_it(tmp_path):
    path = bad_rule_scenario(tmp_path)
    backend = CoreBackend(str(tmp_path / "c.db"))
    scenario = backend.load(str(path))  # rule ids are not checked yet
    with pytest.raises(LoadError) as info:
        backend.check(scenario)
    _, problems = check_scenario(path)
    expected = [str(p) for p in problems.errors]
    assert expected and all(line.startswith(f"{path}:38:") for line in expected)
    assert info.value.lines() == expected


def test_a_checked_scenario_drops_its_positions_and_checks_again_from_its_file(tmp_path):
    backend = CoreBackend(str(tmp_path / "c.db"))
    path = tmp_path / "s.yaml"
    path.write_text((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    scenario = backend.load(str(path))
    assert "positions" in scenario.extra
    backend.check(scenario)
    assert "positions" not in scenario.extra and "key_positions" not in scenario.extra
    # Checked again (a second session of the same scenario): from the file, which now
    # names a rule that does not exist.
    assert bad_rule_scenario(tmp_path) == path  # rewrites s.yaml
    with pytest.raises(LoadError) as info:
        backend.check(scenario)
    assert info.value.lines()[0].startswith(f"{path}:38:")


def test_known_rule_ids_are_checked_without_the_full_check(tmp_path, monkeypatch):
    """Every rule id of the default scenario is in its rulebook: ``check`` then skips the full
    check (``load`` ran all the others), so warm imports neither the specs nor YAML."""
    import simulator.scenario.validate as validate

    backend = CoreBackend(str(tmp_path / "c.db"))
    scenario = backend.load("bu-sri-warung")
    assert any("op='rule'" in repr(b.when) for beat in scenario.beats for b in beat.branches)

    def no_full_check(*args, **kwargs):
        raise AssertionError("the full check ran")

    monkeypatch.setattr(validate, "validate_scenario", no_full_check)
    backend.check(scenario)
    assert "positions" not in scenario.extra
