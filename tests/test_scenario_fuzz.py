"""Property tests: no input makes loading or checking a scenario raise; problems are placed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.errors import Problems
from simulator.scenario.load import check_scenario
from simulator.yamlpos import load_yaml_text

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
LINES = MINIMAL.splitlines(keepends=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_loads_or_gives_problems(text):
    problems = Problems()
    node = load_yaml_text(text, "f.yaml", problems)
    if node is None:  # nothing loaded: there must be a reason
        assert problems.errors
    assert all(p.line >= 0 and p.col >= 0 for p in problems)


@st.composite
def mutated(draw):
    """The minimal scenario with lines dropped, duplicated or changed by a few characters."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "edit", "indent"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = "  " + lines[i]
        else:
            line = lines[i]
            at = draw(st.integers(0, max(0, len(line) - 1)))
            junk = draw(st.text(alphabet=" :-[]{}&*!|>'\"#,abc019\t", max_size=3))
            lines[i] = line[:at] + junk + line[at + draw(st.integers(0, 2)) :]
        if not lines:
            break
    return "".join(lines)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated())
def test_mutated_scenarios_never_crash(tmp_path, text):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = check_scenario(path, rulebooks=False, strict=False)
    assert (scenario is None) == bool(problems.errors)
    n_lines = text.count("\n") + 1
    for p in problems:
        assert p.path == str(path)
        assert 0 <= p.line <= n_lines + 1, str(p)
        assert p.level in ("error", "warning")
