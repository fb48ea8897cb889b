"""`casework validate`: each broken fixture gives exactly its recorded messages and exit 2.

Every ``tests/fixtures/broken/NAME.yaml`` has a sibling ``NAME.expected`` holding the exact
stderr lines (paths relative to ``tests/fixtures``). The file over 1 MB is generated here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.errors import LoadError
from simulator.scenario.load import check_scenario, load_scenario

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def validate(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


def test_every_broken_fixture_has_its_expected_messages():
    assert len(BROKEN) >= 18
    for path in BROKEN:
        assert path.with_suffix(".expected").is_file(), path.name


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture(path, capsys, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    code, err, out = validate(capsys, f"broken/{path.name}")
    assert err == expected
    assert code == 2
    assert (
        out
        == f"1 file checked, {len(expected)} error{'s' if len(expected) > 1 else ''}, 0 warnings\n"
    )
    assert "Traceback" not in "\n".join(err)


def test_the_minimal_scenario_is_clean(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    code, err, out = validate(capsys, "minimal.yaml")
    assert (code, err, out) == (0, [], "1 file checked, 0 errors, 0 warnings\n")
    scenario = load_scenario("minimal.yaml")
    assert scenario.id == "minimal-pak-budi"
    assert [b.id for b in scenario.beats] == ["opening", "closed_up", "tells"]
    assert scenario.beat("opening").branches[1].effects.add == (("pushed", 1),)
    assert scenario.beat("tells").fallback.end == "left"
    assert scenario.turn_limit == 6 and scenario.turn_limit_ending == "out_of_time"
    assert scenario.rapport == (0, -5, 10)
    assert scenario.walkthroughs[0].steps[1].ending == "plan"


def test_a_file_over_1_mb_is_refused(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    big.write_text(text + "# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    size = big.stat().st_size
    code, err, _ = validate(capsys, str(big))
    assert code == 2
    assert err == [
        f"{big}:0:0: error: file is too large ({size} bytes); the limit is "
        "1048576 bytes (1 MB) (too-large)"
    ]


def test_missing_path_and_folder(tmp_path, capsys):
    code, err, out = validate(capsys, str(tmp_path / "nope.yaml"))
    assert code == 2
    assert err == [f"{tmp_path / 'nope.yaml'}:0:0: error: no such file or folder (not-found)"]
    assert out == "0 files checked, 1 error, 0 warnings\n"


def test_folders_are_searched_recursively(tmp_path, capsys):
    (tmp_path / "a" / "b").mkdir(parents=True)
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "a" / "one.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.yml").write_text(
        text.replace("minimal-pak-budi", "two"), encoding="utf-8"
    )
    (tmp_path / "a" / "notes.txt").write_text("not yaml", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("broken: [", encoding="utf-8")
    code, err, out = validate(capsys, str(tmp_path))
    assert (code, err, out) == (0, [], "2 files checked, 0 errors, 0 warnings\n")


def test_many_files_collect_every_problem(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    code, err, out = validate(
        capsys, "broken/dangling-goto.yaml", "minimal.yaml", "broken/empty.yaml"
    )
    assert code == 2
    assert len(err) == 2
    assert out == "3 files checked, 2 errors, 0 warnings\n"


def test_load_scenario_raises_with_every_problem(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    with pytest.raises(LoadError) as info:
        load_scenario("broken/wrong-types.yaml")
    assert len(info.value.lines()) == 4
    scenario, problems = check_scenario("broken/wrong-types.yaml")
    assert scenario is None and len(problems.errors) == 4


def test_rule_ids_are_checked_against_the_rulebook(tmp_path, monkeypatch):
    import simulator.scoring.rulebook as rulebook

    class Book:
        rule_ids = ("en.open.tell_me", "en.reflect.feeling")

    seen = []
    monkeypatch.setattr(
        rulebook, "load_rulebooks", lambda lang, extra=(): seen.append((lang, extra)) or Book()
    )
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("{move: advice}", "{rule: [en.open.tell_me, en.open.tel_me]}")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = check_scenario(path)
    assert [str(p) for p in problems] == [
        f"{path}:38:16: error: beats.opening.branches[2].when.rule: the 'en' rulebook has no rule 'en.open.tel_me'; "
        "did you mean 'en.open.tell_me'? (unknown-rule)"
    ]
    assert seen == [("en", ())]
    _, problems = check_scenario(path, rulebooks=False)
    assert list(problems) == []


def test_a_rulebook_file_is_checked_by_the_rulebook_checker(tmp_path, capsys):
    path = tmp_path / "extra-rules.yaml"
    path.write_text(
        'lang: en\nversion: "1"\nrules:\n  - {id: x.y, move: greting}\n', encoding="utf-8"
    )
    code, err, out = validate(capsys, str(path))
    assert code == 2
    assert err and all(line.startswith(f"{path}:") for line in err)
    assert any("greting" in line for line in err)
    assert out.startswith("1 file checked, ")


def test_the_shipped_scenarios_and_rulebooks_validate(capsys):
    root = Path(__file__).parent.parent
    code, err, out = validate(
        capsys, str(root / "scenarios"), str(root / "simulator" / "scoring" / "rulebooks")
    )
    assert err == []
    assert code == 0
    assert out.endswith(", 0 errors, 0 warnings\n")


def test_a_scenarios_own_broken_rulebook_is_reported_by_validate(tmp_path, capsys):
    """The scenario's ``rules:`` files are loaded even when no branch names a rule id."""
    (tmp_path / "extra.yaml").write_text("lang: en\nrules: [\n", encoding="utf-8")
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert "rule:" not in text
    text = text.replace('version: "1.0"\n', 'version: "1.0"\nrules: [extra.yaml]\n')
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    code, err, out = validate(capsys, str(tmp_path / "s.yaml"))
    assert code == 2
    assert err == [
        f"{tmp_path / 'extra.yaml'}:3:1: error: YAML syntax error: expected the node content, "
        "but found '<stream end>' (while parsing a flow node at line 3) (yaml-syntax)"
    ]
    assert out == "1 file checked, 1 error, 0 warnings\n"


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_strict_on_a_broken_fixture_gives_its_errors_and_no_crash(path, capsys, monkeypatch):
    """--strict adds warnings only: the errors are those of a plain run, and exit is 2."""
    monkeypatch.chdir(FIXTURES)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    code, err, _ = validate(capsys, "--strict", f"broken/{path.name}")
    assert code == 2
    assert "internal error" not in "\n".join(err)
    assert [line for line in err if ": error: " in line] == [
        line for line in expected if ": error: " in line
    ]
