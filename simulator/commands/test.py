"""``casework test [PATH...]``: scenario walkthroughs and rulebook examples, as tests.

With no PATH: every shipped scenario and shipped rulebook. With PATHs (files or folders,
searched for ``*.yaml`` / ``*.yml``): the scenarios and rulebooks found there, told apart by
their top-level keys. Each failure is printed as ``path:line:col: what differed``; the last
line is ``N passed, N failed``. Exit 0 when nothing failed, 1 when a test failed, 2 when an
input could not be loaded (its problems are printed and the rest still run).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.errors import CaseworkError, Problems, UsageError

YAML_SUFFIXES = (".yaml", ".yml")


def register(sub: argparse._SubParsersAction) -> None:
    """Register ``test``."""
    p = sub.add_parser(
        "test",
        help="run scenario walkthroughs and rule examples",
        description="Run the walkthroughs of scenarios and the examples of rulebooks. With no "
        "PATH, every shipped scenario and rulebook. Prints each failure as path:line:col: and "
        "a last line 'N passed, N failed'. Exit 0: all passed; 1: a test failed; 2: an input "
        "could not be loaded.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="scenario or rulebook files, folders")
    p.add_argument("-v", "--verbose", action="store_true", help="also name each test that passed")
    p.set_defaults(func=run_test)


@dataclass
class TestRun:
    """What one ``casework test`` run found: counts, failure lines, load problems."""

    passed: int = 0
    failed: int = 0
    bad_input: bool = False
    out: Callable[[str], None] = field(default=print)
    verbose: bool = False

    def result(self, ok: bool, name: str, failures: Iterable[str]) -> None:
        """Count one test; print its failure lines (or its name when verbose and passed)."""
        if ok:
            self.passed += 1
            if self.verbose:
                self.out(f"ok {name}")
            return
        self.failed += 1
        lines = list(failures)
        for line in lines or [f"{name}: failed"]:
            self.out(line)

    def problems(self, lines: Iterable[str]) -> None:
        """An input that could not be loaded: print why, and exit 2 at the end."""
        self.bad_input = True
        for line in lines:
            print(line, file=sys.stderr)

    @property
    def exit_code(self) -> int:
        return 2 if self.bad_input else 1 if self.failed else 0


def run_test(args: argparse.Namespace) -> int:
    """``casework test``: run everything found and print ``N passed, N failed`` last."""
    run = TestRun(verbose=args.verbose)
    if args.paths:
        scenarios, rulebooks = _discover(args.paths, run)
    else:
        scenarios, rulebooks = _shipped()
    examples = _examples_runner()
    if rulebooks and examples is None:
        print(
            "casework test: rule examples skipped (the rule engine has no example runner)",
            file=sys.stderr,
        )
    for path in scenarios:
        test_scenario(path, run)
    if examples is not None:
        for path in rulebooks:
            test_rulebook(path, examples, run)
    print(f"{run.passed} passed, {run.failed} failed")
    return run.exit_code


def test_scenario(path: Path, run: TestRun) -> None:
    """Load a scenario and run its walkthroughs with the scorer for its language."""
    from simulator.scenario.load import load_scenario
    from simulator.scoring import make_scorer
    from simulator.testing import run_walkthroughs

    try:
        scenario = load_scenario(path)
        scorer = make_scorer(scenario.lang, extra_rules=scenario.rules)
    except CaseworkError as exc:
        run.problems(exc.lines())
        return
    for result in run_walkthroughs(scenario, scorer):
        run.result(
            result.passed, f"{scenario.id}:{result.walkthrough}", (str(f) for f in result.failures)
        )


def test_rulebook(path: Path, examples: Callable[..., Any], run: TestRun) -> None:
    """Load a rulebook and run every example of every rule."""
    from simulator.scoring.rulebook import check_rulebook

    rulebook, problems = check_rulebook(path)
    if rulebook is None:
        run.problems(str(p) for p in problems.errors or problems)
        return
    for result in examples(rulebook):
        name = f"{result.rule}: {result.expected} example {_quote(result.text)}"
        if result.gap:  # a known gap, documented in the rulebook: never a pass or a failure
            if run.verbose:
                run.out(f"gap {name}: {result.detail}")
            continue
        pos = result.pos
        run.result(
            result.ok,
            name,
            [
                f"{pos.path}:{pos.line}:{pos.col}: rule {name} "
                f"{'should fire' if result.expected == 'fire' else 'should not fire'}"
                f" but {result.detail}"
            ],
        )


def _quote(text: str, limit: int = 60) -> str:
    short = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(short)


def _examples_runner() -> Callable[..., Any] | None:
    try:
        from simulator.scoring.examples import run_examples
    except ImportError:
        return None
    return run_examples


def _shipped() -> tuple[list[Path], list[Path]]:
    """The shipped scenarios (from the catalog) and the shipped rulebooks."""
    from simulator.catalog import scenario_files, shipped_dir
    from simulator.scoring.rulebook import RULEBOOK_DIR

    scenarios = scenario_files(shipped_dir())
    rulebooks = sorted(p for p in RULEBOOK_DIR.iterdir() if p.suffix in YAML_SUFFIXES)
    return scenarios, rulebooks


def _discover(specs: list[str], run: TestRun) -> tuple[list[Path], list[Path]]:
    """Scenario and rulebook files under the given files and folders, in a stable order."""
    scenarios: list[Path] = []
    rulebooks: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not files:
                run.problems(
                    [f"{spec}: error: no scenario or rulebook files (*.yaml) here (no-files)"]
                )
        elif path.is_file():
            files = [path]
        elif path.exists():  # a FIFO, a socket, a device: never read as a scenario
            raise UsageError(f"{spec}: error: not a regular file or folder (not-a-file)")
        else:
            raise UsageError(f"{spec}: error: no such file or folder (missing)")
        for file in files:
            kind = file_kind(file, run)
            if kind == "scenario":
                scenarios.append(file)
            elif kind == "rulebook":
                rulebooks.append(file)
    return scenarios, rulebooks


def file_kind(path: Path, run: TestRun) -> str | None:
    """``scenario`` or ``rulebook`` from the file's top-level keys; None (reported) if neither.

    A scenario has ``beats``; a rulebook has ``lexicon`` or a ``rules`` list of mappings (a
    scenario's ``rules`` is a list of file names).
    """
    from simulator.yamlpos import MAP, load_yaml

    problems = Problems()
    root = load_yaml(path, problems)
    if root is None:
        run.problems(str(p) for p in problems)
        return None
    if root.kind == MAP:
        keys = root.value
        if "beats" in keys or "persona" in keys:
            return "scenario"
        rules = keys.get("rules")
        if "lexicon" in keys or (
            rules is not None and any(r.kind == MAP for r in rules.value or [])
        ):
            return "rulebook"
    run.problems(
        [
            f"{path}:{root.line}:{root.col}: error: neither a scenario (it has no "
            "'beats') nor a rulebook (no 'rules' list) (unknown-file)"
        ]
    )
    return None
