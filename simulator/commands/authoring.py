"""``casework new``, ``casework schema`` and ``casework graph``: the instructor's tools.

- ``new scenario PATH [--lang id|en]`` writes a commented skeleton that validates and plays;
  it never overwrites a file and writes atomically (all or nothing).
- ``schema [scenario|rulebook]`` prints the JSON Schema for editors.
- ``graph SCENARIO [--format mermaid|dot]`` prints the beats and branches as a graph; the
  problems of a scenario with errors go to stderr, the graph is still drawn (exit 1) so
  dead ends can be seen.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from simulator.errors import CaseworkError


def register(sub: argparse._SubParsersAction) -> None:
    """Register ``new``, ``schema`` and ``graph``."""
    p = sub.add_parser("new", help="write a commented skeleton to start a scenario from")
    p.add_argument("kind", choices=("scenario",), help="what to create")
    p.add_argument("path", metavar="PATH", help="the new file (must not exist)")
    p.add_argument(
        "--lang",
        choices=("id", "en"),
        default=argparse.SUPPRESS,
        help="language of the skeleton (default: id)",
    )
    p.set_defaults(func=run_new)

    p = sub.add_parser("schema", help="print the JSON Schema of scenarios or rulebooks")
    p.add_argument("kind", nargs="?", default="scenario", choices=("scenario", "rulebook"))
    p.set_defaults(func=run_schema)

    p = sub.add_parser("graph", help="print a scenario's beats and branches as a graph")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id or file")
    p.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    p.set_defaults(func=run_graph)


def _scenario_id(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-_")
    return stem or "new-scenario"


def write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, refusing to replace anything.

    The text goes to a temporary file in the same folder first, then is linked into place,
    which fails if ``path`` exists, even if it appeared meanwhile.

    Raises:
        CaseworkError: the file exists, or the folder is missing or not writable.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() or path.is_symlink():
        raise CaseworkError(f"{path}: already exists; nothing was written (choose a new name)")
    if not folder.is_dir():
        raise CaseworkError(f"{path}: the folder {folder} does not exist; nothing was written")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".casework-new-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CaseworkError(
            f"{path}: cannot write here ({exc.strerror}); nothing was written"
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise CaseworkError(
                f"{path}: already exists; nothing was written (choose a new name)"
            ) from None
        except OSError:  # a file system without hard links: the check above must do
            if path.exists():
                raise CaseworkError(f"{path}: already exists; nothing was written") from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def run_new(args: argparse.Namespace) -> int:
    """Write the skeleton scenario and say what to do next."""
    from simulator.scenario.skeleton import skeleton

    path = Path(args.path)
    if path.suffix not in (".yaml", ".yml"):
        raise CaseworkError(f"{path}: a scenario file name must end in .yaml or .yml")
    lang = getattr(args, "lang", None) or "id"
    write_new_file(path, skeleton(lang, _scenario_id(path), str(path)))
    print(f"wrote {path}")
    print(f"next: casework validate {path}  |  casework graph {path}  |  casework play {path}")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of ``args.kind``."""
    from simulator.schema import schema

    print(json.dumps(schema(args.kind), indent=2, ensure_ascii=False))
    return 0


def run_graph(args: argparse.Namespace) -> int:
    """Print the graph; a scenario with errors is drawn too, its problems on stderr (exit 1)."""
    from simulator.graph import render

    spec = args.scenario
    if "/" in spec or os.sep in spec or spec.endswith((".yaml", ".yml")) or Path(spec).is_file():
        from simulator.scenario.load import check_scenario

        scenario, problems = check_scenario(spec, keep_partial=True)
        for problem in problems:
            print(problem, file=sys.stderr)
        if scenario is None:
            return 2
        print(render(scenario, args.format), end="")
        return 1 if problems.errors else 0
    from simulator.catalog import resolve

    print(render(resolve(spec), args.format), end="")
    return 0
