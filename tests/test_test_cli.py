"""``casework test``: walkthroughs and rule examples through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Branches depend only on the turn count, so the expectations below hold whatever the rule
# engine makes of the replies; what is tested is the walkthrough runner and the command.
SCENARIO = """\
id: turn-counter
title: "Turn counter"
lang: en
difficulty: beginner
category: other
minutes: 5
learning_goals: ["Test the walkthrough runner."]
author: tests
version: "1.0"
persona: {name: Sri, age: 40, gender: female, address: [Bu Sri, Ibu], background: "-"}
intake: "-"
presenting_problem: "-"
real_problem: "-"
facts:
  told: {text: "Dia bercerita.", core: true}
stages: [engagement, assessment]
start: opening
turn_limit: {turns: 10, ending: out_of_time}
beats:
  opening:
    stage: engagement
    lines: ["Permisi, Bu."]
    fallback: {goto: middle}
  middle:
    stage: assessment
    lines: ["Begini, Bu...", "Jadi begini."]
    reveals: [told]
    branches:
      - when: {turn_at_least: 3}
        end: done
    fallback: {goto: middle}
endings:
  done: {kind: plan_agreed, outcome: good, title: "Selesai", lines: ["Terima kasih."]}
  out_of_time: {kind: turn_limit, outcome: mixed, title: "Waktu habis", lines: ["Permisi."]}
walkthroughs:
  - id: three_turns
    steps:
      - reply: "Selamat pagi, Bu Sri."
        beat: middle
        stage: assessment
      - reply: "Bisa Ibu ceritakan?"
        beat: middle
      - reply: "Baik, Bu."
        ending: done
    ending: done
"""


def casework(*args: str, cwd: Path = ROOT):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ},
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_passing_walkthrough_counts_one_passed(tmp_path):
    path = write(tmp_path, "s.yaml", SCENARIO)
    done = casework("test", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "1 passed, 0 failed"


def test_failures_are_printed_at_their_step_and_the_exit_is_1(tmp_path):
    broken = SCENARIO.replace(
        '      - reply: "Bisa Ibu ceritakan?"\n        beat: middle',
        '      - reply: "Bisa Ibu ceritakan?"\n        beat: opening',
    )
    broken = broken.replace("\n        ending: done", "").replace(
        "\n    ending: done\n", "\n    ending: null\n"
    )
    ok = write(tmp_path, "ok.yaml", SCENARIO.replace("id: turn-counter", "id: turn-counter-ok"))
    bad = write(tmp_path, "bad.yaml", broken)
    done = casework("test", str(tmp_path))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    step_line = broken.splitlines().index('      - reply: "Bisa Ibu ceritakan?"') + 1
    walk_line = broken.splitlines().index("  - id: three_turns") + 1
    assert lines[0] == (
        f"{bad}:{step_line}:9: walkthrough 'three_turns', step 2: expected the "
        "client to answer with beat 'opening', got beat 'middle'"
    )
    assert lines[1] == (
        f"{bad}:{walk_line}:5: walkthrough 'three_turns': expected no ending "
        "(still running) after the last step, got ending 'done'"
    )
    assert lines[-1] == "1 passed, 1 failed"
    assert str(ok) not in done.stdout


def test_a_file_that_does_not_load_exits_2_after_running_the_rest(tmp_path):
    write(tmp_path, "a.yaml", SCENARIO)
    bad = write(tmp_path, "b.yaml", SCENARIO.replace("stage: engagement", "stage: engagment", 1))
    write(tmp_path, "c.yaml", "just: [a, list]\n")
    done = casework("test", str(tmp_path))
    assert done.returncode == 2
    assert done.stdout.splitlines()[-1] == "1 passed, 0 failed"
    errors = done.stderr.splitlines()
    assert any(e.startswith(f"{bad}:") and "engagement" in e for e in errors)
    assert (
        f"{tmp_path / 'c.yaml'}:1:1: error: neither a scenario (it has no 'beats') nor a "
        "rulebook (no 'rules' list) (unknown-file)" in errors
    )
    assert "Traceback" not in done.stderr


def test_a_missing_path_is_bad_input():
    done = casework("test", "no/such/place.yaml")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "no/such/place.yaml: error: no such file or folder (missing)"
    ]


def test_a_fifo_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = casework("test", str(fifo))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"{fifo}: error: not a regular file or folder (not-a-file)"]


OVERLAY = """\
lang: en
version: "1"
rules:
  - id: test.overlay.thanks
    status: draft
    move: affirmation
    principles: {acceptance: 1}
    patterns: ["thank you .. (coming|telling)"]
    message: "Thanking the client for coming."
    examples:
      fire:
        - "Thank you for coming today."
        - "Thanks so much."
      pass:
        - "Thank goodness."
      gaps:
        - {text: "Cheers for coming in.", expect: fire, note: "known gap: 'cheers'"}
"""


def test_rule_examples_run_and_a_failing_example_is_printed_at_its_line(tmp_path):
    path = write(tmp_path, "overlay.yaml", OVERLAY)
    done = casework("test", str(path))
    assert done.returncode == 1, done.stderr
    line = OVERLAY.splitlines().index('        - "Thanks so much."') + 1
    failure, last = done.stdout.splitlines()
    assert failure.startswith(
        f"{path}:{line}:11: rule test.overlay.thanks: fire example "
        "'Thanks so much.' should fire but did not fire"
    )
    assert last == "2 passed, 1 failed"  # the known gap counts neither way


def test_without_paths_every_shipped_scenario_and_rulebook_is_run():
    from simulator.catalog import scenario_files, shipped_dir
    from simulator.scenario.load import load_scenario
    from simulator.scoring.rulebook import RULEBOOK_DIR, check_rulebook

    walkthroughs = sum(len(load_scenario(p).walkthroughs) for p in scenario_files(shipped_dir()))
    examples = 0
    for path in sorted(RULEBOOK_DIR.glob("*.yaml")):
        book, _ = check_rulebook(path)
        examples += sum(1 for rule in book.rules for ex in rule.examples if not ex.gap)
    done = casework("test")
    assert done.returncode in (0, 1), done.stderr
    passed, failed = (
        int(n) for n in done.stdout.splitlines()[-1].replace(" passed,", "").split()[:2]
    )
    assert done.stdout.splitlines()[-1] == f"{passed} passed, {failed} failed"
    assert passed + failed == walkthroughs + examples
    assert walkthroughs >= 3 and examples > 100
    assert (done.returncode == 1) == (failed > 0)
