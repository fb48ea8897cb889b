"""``casework list`` and ``casework validate``.

``validate`` checks scenario and rulebook files (or folders of them, recursively) and prints
every problem as ``path:line:col: level: message (code)`` on stderr, then a summary line on
stdout. Exit codes: 0 clean, 1 warnings under ``--strict``, 2 any error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.errors import Problems
from simulator.yamlpos import MAP, SEQ, load_yaml


def register(sub: argparse._SubParsersAction) -> None:
    """Register ``list`` and ``validate``."""
    p = sub.add_parser("list", help="list the shipped and user scenarios")
    p.add_argument("--json", action="store_true", help="a JSON list of objects")
    p.set_defaults(func=run_list)

    p = sub.add_parser("validate", help="check scenario and rulebook files")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursively)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="also warn about authoring gaps; warnings then exit 1",
    )
    p.set_defaults(func=run_validate)


def run_list(args: argparse.Namespace) -> int:
    """Print the scenarios (a table, or JSON with ``--json``)."""
    from simulator.catalog import list_scenarios

    problems = Problems()
    entries = list_scenarios(problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return 0
    rows = [("", "ID", "LANG", "CATEGORY", "DIFFICULTY", "MIN", "TITLE")]
    for e in entries:
        rows.append(
            (
                "*" if e.default else "",
                e.id,
                e.lang,
                e.category,
                e.difficulty,
                str(e.minutes),
                e.title,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1])
    print(f"\n* default scenario. {len(entries)} scenarios.")
    return 0


def _is_rulebook(path: Path) -> bool:
    """A rulebook is a mapping with ``lang`` and a ``rules`` list of mappings (a scenario's
    ``rules`` is a list of file names)."""
    node = load_yaml(path, Problems())
    if node is None or node.kind != MAP or "lang" not in node.value:
        return False
    rules = node.value.get("rules")
    if rules is None or rules.kind != SEQ:
        return False
    return "beats" not in node.value and all(item.kind == MAP for item in rules.value)


def check_file(path: Path, *, strict: bool = False) -> Problems:
    """Every problem of one scenario or rulebook file."""
    if _is_rulebook(path):
        try:
            from simulator.scoring.rulebook import check_rulebook
        except ImportError:
            problems = Problems()
            load_yaml(path, problems)
            return problems
        _book, problems = check_rulebook(path)
        return problems
    from simulator.scenario.load import check_scenario

    _scenario, problems = check_scenario(path, strict=strict)
    return problems


def run_validate(args: argparse.Namespace) -> int:
    """Validate files and folders; see the module docstring for output and exit codes."""
    from simulator.catalog import scenario_files

    files: list[Path] = []
    problems = Problems()
    for arg in args.paths:
        path = Path(arg)
        if path.is_dir():
            found = scenario_files(path)
            if not found:
                problems.warning(arg, 0, 0, "no .yaml or .yml files in this folder", "no-files")
            files += found
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            problems.error(arg, 0, 0, "no such file or folder", "not-found")
    for path in files:
        problems.extend(check_file(path, strict=args.strict))
    for problem in problems:
        print(problem, file=sys.stderr)
    errors, warnings = len(problems.errors), len(problems.warnings)
    print(
        f"{len(files)} file{'s' if len(files) != 1 else ''} checked, "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    if errors:
        return 2
    if warnings and args.strict:
        return 1
    return 0
