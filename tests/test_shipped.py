"""The shipped library as CI sees it: every scenario validates strictly, every walkthrough
and every rule example passes, and the library has what issue 6 asks of it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def casework(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def test_every_shipped_scenario_validates_strictly():
    done = casework("validate", "--strict", "scenarios", "simulator/scoring/rulebooks")
    assert done.returncode == 0, done.stderr


def test_every_walkthrough_and_rule_example_passes():
    done = casework("test")
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout + done.stderr
    passed, failed = (int(part.split()[0]) for part in last.split(", "))
    assert failed == 0 and passed > 500, last


def test_the_library_has_five_indonesian_and_three_english_scenarios_and_one_default():
    done = casework("list", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    scenarios = data["scenarios"] if isinstance(data, dict) else data
    langs = [s["lang"] for s in scenarios]
    assert langs.count("id") >= 5 and langs.count("en") >= 3
    assert [s["id"] for s in scenarios if s.get("default")] == ["bu-sri-warung"]
