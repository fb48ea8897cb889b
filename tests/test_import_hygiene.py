"""The core runs without the UI: importing every module outside simulator/tui/ and playing a
headless session must not load textual or rich (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

_PROBE = r"""
import importlib, json, pkgutil, sys
sys.path.insert(0, TESTS_DIR)
import simulator

imported = []
for info in pkgutil.walk_packages(simulator.__path__, "simulator."):
    name = info.name
    if name == "simulator.tui" or name.startswith("simulator.tui.") or name == "simulator.__main__":
        continue
    importlib.import_module(name)
    imported.append(name)

from session_doubles import SKILLED, KeywordTestScorer, tiny_scenario
from simulator.session import Session

session = Session(tiny_scenario(), KeywordTestScorer(), seed=1)
session.start()
for text in SKILLED:
    session.reply(text)
ending = session.transcript()["ending"]["id"]

import os, tempfile
from simulator.catalog import DEFAULT_SCENARIO_ID, resolve
from simulator.cli import main

# the real headless command line on the default scenario, with the real rule engine
skilled = [w for w in resolve(DEFAULT_SCENARIO_ID).walkthroughs if w.id == "skilled"][0]
folder = tempfile.mkdtemp()
replies = os.path.join(folder, "replies.txt")
with open(replies, "w", encoding="utf-8") as fh:
    fh.write("\n".join(step.reply for step in skilled.steps) + "\n")
out = os.path.join(folder, "t.json")
code = main(["play", "--replies", replies, "--out", out])
with open(out, encoding="utf-8") as fh:
    played = len(json.load(fh)["turns"])

ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"imported": imported, "ending": ending, "ui": ui, "code": code,
                  "played": played}))
"""


def test_the_core_imports_neither_textual_nor_rich():
    probe = _PROBE.replace("TESTS_DIR", repr(str(TESTS)))
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=TESTS.parent
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ending"] == "plan"  # the headless session really ran
    assert report["code"] == 0 and report["played"] > 2  # and so did `casework play`
    assert "simulator.session" in report["imported"]
    assert "simulator.cli" in report["imported"]
    assert "simulator.commands.play" in report["imported"]
    assert report["ui"] == [], f"UI modules loaded by the core: {report['ui'][:5]}"
