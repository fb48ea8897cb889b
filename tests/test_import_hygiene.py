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

from simulator.cli import build_parser
build_parser()  # every command module registers its parsers

ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"imported": imported, "ending": ending, "ui": ui}))
"""


def test_the_core_imports_neither_textual_nor_rich():
    probe = _PROBE.replace("TESTS_DIR", repr(str(TESTS)))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, cwd=TESTS.parent)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ending"] == "plan"  # the headless session really ran
    assert "simulator.session" in report["imported"]
    assert "simulator.cli" in report["imported"]
    assert "simulator.commands.play" in report["imported"]
    assert report["ui"] == [], f"UI modules loaded by the core: {report['ui'][:5]}"
