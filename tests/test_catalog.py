"""The catalog: shipped and user scenarios, the default, ids and paths; `casework list`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from simulator import catalog
from simulator.cli import main
from simulator.errors import CaseworkError, LoadError, Problems

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """A user scenario folder in CASEWORK_SCENARIOS, and an empty user data dir."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    mine = tmp_path / "mine"
    mine.mkdir()
    monkeypatch.setenv(catalog.ENV_VAR, str(mine))
    return mine


def test_shipped_dir_holds_the_default_scenario():
    files = catalog.scenario_files(catalog.shipped_dir())
    assert any(p.stem == catalog.DEFAULT_SCENARIO_ID for p in files)


def test_user_dirs_include_the_data_dir_and_the_env_var(user_dir, tmp_path):
    dirs = catalog.user_dirs()
    assert dirs[0] == tmp_path / "data" / "casework-simulator" / "scenarios"
    assert dirs[1] == user_dir


def test_list_marks_the_default_and_adds_user_scenarios(user_dir):
    shutil.copy(FIXTURES / "minimal.yaml", user_dir / "minimal-pak-budi.yaml")
    entries = catalog.list_scenarios()
    by_id = {e.id: e for e in entries}
    assert by_id[catalog.DEFAULT_SCENARIO_ID].default is True
    assert [e.id for e in entries if e.default] == [catalog.DEFAULT_SCENARIO_ID]
    mine = by_id["minimal-pak-budi"]
    assert (mine.source, mine.lang, mine.minutes, mine.default) == ("user", "en", 5, False)
    assert entries[-1].id == "minimal-pak-budi"  # shipped first


def test_broken_and_duplicate_user_files_are_skipped_with_problems(user_dir):
    shutil.copy(FIXTURES / "minimal.yaml", user_dir / "a.yaml")
    shutil.copy(FIXTURES / "minimal.yaml", user_dir / "b.yaml")
    shutil.copy(FIXTURES / "broken" / "dangling-goto.yaml", user_dir / "c.yaml")
    problems = Problems()
    entries = catalog.list_scenarios(problems)
    assert [e.path.name for e in entries if e.id == "minimal-pak-budi"] == ["a.yaml"]
    lines = [str(p) for p in problems]
    assert (
        f"{user_dir / 'b.yaml'}:1:1: warning: skipped: the id 'minimal-pak-budi' is already used by {user_dir / 'a.yaml'} (duplicate-id)"
        in lines
    )
    assert any(line.startswith(f"{user_dir / 'c.yaml'}:37:15: error:") for line in lines)


def test_resolve_by_id_path_and_default(user_dir):
    shutil.copy(FIXTURES / "minimal.yaml", user_dir / "renamed.yaml")
    assert catalog.resolve("minimal-pak-budi").id == "minimal-pak-budi"
    assert catalog.resolve(str(FIXTURES / "minimal.yaml")).id == "minimal-pak-budi"
    assert catalog.resolve(None).id == catalog.DEFAULT_SCENARIO_ID


def test_resolve_unknown_id_suggests(user_dir):
    shutil.copy(FIXTURES / "minimal.yaml", user_dir / "minimal-pak-budi.yaml")
    with pytest.raises(CaseworkError) as info:
        catalog.resolve("minimal-pak-bud")
    assert info.value.lines() == [
        "casework: no scenario with the id 'minimal-pak-bud'; did you mean "
        "'minimal-pak-budi'? (`casework list` shows them)"
    ]


def test_resolve_a_broken_path_carries_every_problem(user_dir):
    with pytest.raises(LoadError) as info:
        catalog.resolve(str(FIXTURES / "broken" / "wrong-types.yaml"))
    assert len(info.value.lines()) == 4


def test_list_json(user_dir, capsys):
    shutil.copy(FIXTURES / "minimal.yaml", user_dir / "m.yaml")
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    keys = {"id", "title", "lang", "category", "difficulty", "minutes", "path", "source", "default"}
    assert all(set(d) == keys for d in data)
    assert [d["id"] for d in data if d["default"]] == [catalog.DEFAULT_SCENARIO_ID]
    assert any(
        d["id"] == "minimal-pak-budi" and d["path"] == str(user_dir / "m.yaml") for d in data
    )


def test_list_table(user_dir, capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "LANG", "CATEGORY", "DIFFICULTY", "MIN", "TITLE"]
    default_rows = [line for line in out if line.startswith("*  ")]
    assert len(default_rows) == 1 and catalog.DEFAULT_SCENARIO_ID in default_rows[0]


def test_a_missing_env_path_is_a_warning(user_dir, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    monkeypatch.setenv(catalog.ENV_VAR, f"{user_dir}{os.pathsep}{gone}")
    problems = Problems()
    catalog.list_scenarios(problems)
    assert [str(p) for p in problems] == [
        f"{gone}:0:0: warning: CASEWORK_SCENARIOS names a file or folder that does not exist (not-found)"
    ]


def test_resolve_a_folder_named_without_a_slash_says_it_is_a_folder(
    user_dir, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    with pytest.raises(LoadError) as info:
        catalog.resolve("drafts")
    assert info.value.lines()[-1] == "drafts:0:0: error: is a folder, not a file (not-a-file)"


def test_an_id_wins_over_a_folder_of_the_same_name(user_dir, tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "minimal.yaml", user_dir / "renamed.yaml")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "minimal-pak-budi").mkdir()
    assert catalog.resolve("minimal-pak-budi").id == "minimal-pak-budi"
