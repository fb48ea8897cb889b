"""The instructor's tools: `casework new`, `casework schema`, `casework graph`, `--strict`."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from simulator import graph
from simulator.cli import main
from simulator.scenario import strict
from simulator.scenario.keys import SCENARIO
from simulator.scenario.load import check_scenario
from simulator.scenario.skeleton import skeleton
from simulator.scoring.model import ReplyScore, ScoreContext, ScoredTurn, SessionScores
from simulator.testing import run_walkthroughs
from simulator.vocab import PRINCIPLES

FIXTURES = Path(__file__).parent / "fixtures"

# What a sound scorer says of each walkthrough reply in the skeletons (the real engine is
# tested against these in the scoring tests; here only the skeleton's branching is at stake).
SCRIPTED_MOVES: dict[str, tuple[str, ...]] = {
    "Good morning, Ibu Sari. What brings you here today?": ("greeting", "open_question"),
    "It sounds like things at home have become difficult for you.": ("reflection_simple",),
    "That is a lot to carry on your own, Ibu.": ("reflection_complex",),
    "Shall we make a plan together? We could ask the school about a fee waiver, and you decide "
    "what comes first.": ("closed_question", "plan_proposal"),
    "You should have paid the fees on time. You must manage your money better.": (
        "judgement",
        "advice",
    ),
    "You should just borrow from your family.": ("advice",),
    "Good morning, Ibu. How can I help?": ("greeting", "open_question"),
    "Is your son in junior high school?": ("closed_question",),
    "You have done well to come here and ask for help.": ("affirmation",),
    "Selamat pagi, Bu Sari. Ada yang bisa saya bantu? Silakan ceritakan.": (
        "greeting",
        "open_question",
    ),
    "Kedengarannya keadaan di rumah sedang berat buat Ibu.": ("reflection_simple",),
    "Berat sekali ya, Bu, menanggung ini sendirian.": ("reflection_complex",),
    "Bagaimana kalau kita cari jalan keluarnya bersama, misalnya keringanan SPP dari sekolah? "
    "Menurut Ibu bagaimana?": ("plan_proposal",),
    "Ibu harusnya bayar SPP tepat waktu. Ibu harus lebih pintar mengatur uang.": (
        "judgement",
        "advice",
    ),
    "Ibu pinjam saja ke keluarga.": ("advice",),
    "Selamat pagi, Bu. Ada yang bisa saya bantu?": ("greeting", "open_question"),
    "Anaknya sudah SMP, Bu?": ("closed_question",),
    "Ibu sudah berani datang ke sini untuk minta bantuan, itu langkah yang baik.": ("affirmation",),
}


class ScriptedScorer:
    """A test double for the Scorer protocol: the moves of each reply are looked up."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def score(self, text: str, ctx: ScoreContext) -> ReplyScore:
        moves = SCRIPTED_MOVES[text]
        bad = {"judgement", "blame", "advice"}
        acceptance = -1.0 if bad & set(moves) else 0.5
        principles = dict.fromkeys(PRINCIPLES, 0.0) | {"acceptance": acceptance}
        return ReplyScore(moves, principles, ctx.stage or "", "fits", "", (), ())

    def summarize(self, turns: Sequence[ScoredTurn]) -> SessionScores:
        return SessionScores(50.0, dict.fromkeys(PRINCIPLES, 50.0), {})

    def hint(self, stage: str) -> str:
        return stage


# -- casework new ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_new_scenario_validates_strictly_and_plays(tmp_path, capsys, lang, monkeypatch):
    path = tmp_path / "my-case.yaml"
    assert main(["new", "scenario", str(path), "--lang", lang]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {path}\n")
    monkeypatch.setattr(strict, "_walkthrough_visits", lambda s: None)  # covered below
    scenario, problems = check_scenario(path, strict=True)
    assert [str(p) for p in problems] == []
    assert scenario.id == "my-case" and scenario.lang == lang
    results = run_walkthroughs(scenario, ScriptedScorer(lang))
    assert [str(f) for r in results for f in r.failures] == []
    visited = set().union(*(r.visited for r in results))
    assert visited == {b.id for b in scenario.beats}
    assert {r.ending for r in results} == {
        scenario.walkthroughs[0].ending,
        scenario.walkthroughs[1].ending,
        None,
    }


def test_new_defaults_to_indonesian_and_also_takes_the_global_lang(tmp_path, capsys):
    assert main(["new", "scenario", str(tmp_path / "a.yaml")]) == 0
    assert "lang: id " in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert main(["--lang", "en", "new", "scenario", str(tmp_path / "b.yaml")]) == 0
    assert "lang: en " in (tmp_path / "b.yaml").read_text(encoding="utf-8")


def test_new_refuses_to_overwrite_and_leaves_nothing_behind(tmp_path, capsys):
    path = tmp_path / "exists.yaml"
    path.write_text("mine\n", encoding="utf-8")
    assert main(["new", "scenario", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"{path}: already exists; nothing was written (choose a new name)\n"
    )
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.yaml"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/x.yaml", "{p}: the folder {d} does not exist; nothing was written"),
        ("x.txt", "{p}: a scenario file name must end in .yaml or .yml"),
    ],
)
def test_new_bad_paths(tmp_path, capsys, name, message):
    path = tmp_path / name
    assert main(["new", "scenario", str(path)]) == 2
    assert capsys.readouterr().err == message.format(p=path, d=path.parent) + "\n"
    assert not path.exists()


def test_skeleton_ids_come_from_the_file_name():
    text = skeleton("en", "bu-sari", "cases/Bu Sari.yaml")
    assert "\nid: bu-sari " in text
    assert "casework validate cases/Bu Sari.yaml" in text


# -- casework schema ------------------------------------------------------------------------


def test_schema_scenario(capsys):
    assert main(["schema"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(data["properties"]) == set(SCENARIO.fields)
    assert set(data["required"]) == {k for k, f in SCENARIO.fields.items() if f.required}
    assert data["additionalProperties"] is False
    assert "condition" in data["$defs"]
    beat = data["properties"]["beats"]["additionalProperties"]
    when = beat["properties"]["branches"]["items"]["properties"]["when"]
    assert when["$ref"] == "#/$defs/condition"


def test_schema_rulebook(capsys):
    assert main(["schema", "rulebook"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Casework Simulator rulebook"
    assert {"lang", "rules"} <= set(data["properties"])


def test_schema_agrees_with_the_validator_on_shape(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(good)) == []
    for name in ("wrong-types", "unknown-key", "unknown-move", "bad-stage"):
        bad = yaml.safe_load((FIXTURES / "broken" / f"{name}.yaml").read_text(encoding="utf-8"))
        assert list(validator.iter_errors(bad)), name


# -- casework graph -------------------------------------------------------------------------


def test_graph_mermaid(capsys):
    assert main(["graph", str(FIXTURES / "minimal.yaml")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    assert '  subgraph s1["Engagement, intake and contract"]' in lines
    assert '    b1["▶ opening"]' in lines
    assert '  e1(["plan: A plan made together"])' in lines
    assert '  b1 -->|"move: open_question/reflection"| b3' in lines
    assert '  b1 -.->|"otherwise"| b2' in lines
    assert "  class e1 good" in lines


def test_graph_marks_dead_ends_and_exits_1(capsys):
    path = FIXTURES / "broken" / "dead-end-beat.yaml"
    assert main(["graph", str(path), "--format", "dot"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith('digraph "minimal-pak-budi" {')
    assert 'b2 [label="closed_up (no way out)"' in out
    assert err.startswith(f"{path}:42:3: error: beats.closed_up: no way out")


def test_graph_of_an_unloadable_file_exits_2(capsys):
    assert main(["graph", str(FIXTURES / "broken" / "malformed.yaml")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "(yaml-syntax)" in err


def test_graph_by_id(capsys):
    assert main(["graph", "bu-sri-warung"]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD\n")


HOSTILE = 'x"]) --> evil; click b1 "javascript:alert(1)" |<b>|\\n#1;'


def test_graph_labels_are_escaped(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace('title: "A plan made together"', f"title: {json.dumps(HOSTILE)}")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = check_scenario(path)
    assert scenario is not None, [str(p) for p in problems]
    mermaid = graph.to_mermaid(scenario)
    (line,) = [ln for ln in mermaid.splitlines() if ln.startswith("  e1(")]
    inner = line[len('  e1(["') : -len('"])')]
    bare = re.sub(r"#\d+;", "", inner)
    assert not set(bare) & set('"[]|<>;#{}'), line
    assert "javascript" in bare  # the text is kept, only made inert
    dot = graph.to_dot(scenario)
    (line,) = [ln for ln in dot.splitlines() if ln.startswith("  e1 [")]
    label = line.split('label="', 1)[1].rsplit('"];', 1)[0]
    assert re.fullmatch(r'(\\.|[^"\\])*', label), line


# -- casework validate --strict --------------------------------------------------------------


def test_strict_warnings_on_the_minimal_scenario(capsys, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    monkeypatch.setattr(strict, "_walkthrough_visits", lambda s: {"opening", "tells"})
    code = main(["validate", "--strict", "minimal.yaml"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == "1 file checked, 0 errors, 5 warnings\n"
    assert err.splitlines() == [
        "minimal.yaml:24:34: warning: stages: no beat is in the stage 'planning' (empty-stage)",
        "minimal.yaml:29:1: warning: beats: no branch reacts to 'confidentiality' (no "
        "delta_at_least or delta_below on it, and no move or rule in a condition that moves "
        "it) (principle-ignored)",
        "minimal.yaml:42:3: warning: beats.closed_up: no walkthrough visits this beat "
        "(beat-not-walked)",
        "minimal.yaml:44:12: warning: beats.closed_up.lines: only one line; add variants so "
        "that replays differ (no-variants)",
        "minimal.yaml:52:12: warning: beats.tells.lines: only one line; add variants so that "
        "replays differ (no-variants)",
    ]
    assert main(["validate", "minimal.yaml"]) == 0  # warnings only count with --strict


def test_strict_fact_never_revealed(tmp_path, monkeypatch):
    monkeypatch.setattr(strict, "_walkthrough_visits", lambda s: None)
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    reveals: [lost_spot]\n", "")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_scenario(path, strict=True)
    assert (
        f"{path}:22:3: warning: facts.lost_spot: no reachable beat or branch reveals this fact (fact-never-revealed)"
        in [str(p) for p in problems]
    )


def test_strict_walkthrough_coverage_uses_the_runner(tmp_path, monkeypatch):
    monkeypatch.setattr(strict, "_scorer", lambda s: ScriptedScorer(s.lang))
    path = tmp_path / "case.yaml"
    path.write_text(skeleton("en", "case", "case.yaml"), encoding="utf-8")
    _, problems = check_scenario(path, strict=True)
    assert [str(p) for p in problems] == []
    text = path.read_text(encoding="utf-8")
    cut = text.index("  - id: hesitant")
    path.write_text(text[:cut], encoding="utf-8")
    _, problems = check_scenario(path, strict=True)
    assert [p.message for p in problems] == ["beats.hesitant: no walkthrough visits this beat"]


@pytest.mark.parametrize("kind", ["scenario", "rulebook"])
def test_the_committed_schemas_are_current(kind, capsys):
    """Shipped files point their editors at docs/schema/*.schema.json; regenerate with
    `casework schema KIND > docs/schema/KIND.schema.json` after changing a key declaration."""
    assert main(["schema", kind]) == 0
    committed = Path(__file__).parent.parent / "docs" / "schema" / f"{kind}.schema.json"
    assert committed.read_text(encoding="utf-8") == capsys.readouterr().out


@pytest.mark.parametrize(
    ("lang", "name", "typos"),
    [
        (
            "id",
            "kasus-saya.yaml",
            [
                ("    fallback: {goto: ragu}", "    fallback: {goto: ragu_ragu}"),
                ("  ragu:\n    stage: assessment", "  ragu:\n    stage: asesmen"),
            ],
        ),
        (
            "en",
            "my-case.yaml",
            [
                ("    fallback: {goto: hesitant}", "    fallback: {goto: hesitnt}"),
                ("  hesitant:\n    stage: assessment", "  hesitant:\n    stage: assesment"),
            ],
        ),
    ],
)
def test_the_tutorial_shows_real_output(tmp_path, capsys, monkeypatch, lang, name, typos):
    """docs/authoring.md quotes `casework validate` on the skeleton with two typos."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "scenario", name, "--lang", lang]) == 0
    text = Path(name).read_text(encoding="utf-8")
    for old, new in typos:
        text = text.replace(old, new, 1)
    Path(name).write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", name]) == 2
    out, err = capsys.readouterr()
    doc = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    shown = f"$ casework validate {name}\n{err}{out}```"
    assert shown in doc


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_skeleton_walkthroughs_pass_with_the_real_engine(tmp_path, lang):
    from simulator.scoring import make_scorer
    from simulator.scoring.rulebook import shipped_path

    if not shipped_path(lang).is_file():
        pytest.skip(f"no shipped rulebook for '{lang}' yet")
    path = tmp_path / "case.yaml"
    path.write_text(skeleton(lang, "case", "case.yaml"), encoding="utf-8")
    scenario, problems = check_scenario(path, strict=True)
    assert [str(p) for p in problems] == []
    results = run_walkthroughs(scenario, make_scorer(lang))
    assert [str(f) for r in results for f in r.failures] == []


def test_strict_says_when_walkthroughs_cannot_be_played_or_are_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(strict, "_scorer", lambda s: "no shipped rulebook for language 'en'")
    path = tmp_path / "case.yaml"
    text = skeleton("en", "case", "case.yaml")
    path.write_text(text, encoding="utf-8")
    _, problems = check_scenario(path, strict=True)
    assert [(p.line, p.message, p.code) for p in problems] == [
        (
            142,
            "walkthroughs: not played, so beat coverage is unchecked: no shipped rulebook "
            "for language 'en'",
            "walkthroughs-not-run",
        )
    ]
    path.write_text(text[: text.index("walkthroughs:")], encoding="utf-8")
    _, problems = check_scenario(path, strict=True)
    assert [(p.line, p.message) for p in problems] == [
        (9, "walkthroughs: none, so `casework test` checks no path of this scenario")
    ]
