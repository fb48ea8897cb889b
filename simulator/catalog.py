"""Where scenarios come from: the shipped ones, the user's own, and the default.

Shipped scenarios live in the package as ``simulator/_scenarios`` when installed from a wheel
(``pyproject.toml`` force-includes the top-level ``scenarios/`` folder there) and in the
repository's ``scenarios/`` folder otherwise. User scenarios live in
``<user data dir>/casework-simulator/scenarios`` and in the files or folders listed in the
``CASEWORK_SCENARIOS`` environment variable (separated by ``os.pathsep``).

A scenario is named by its ``id`` or by a path to its file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.errors import CaseworkError, LoadError, Problems

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario

# The loader (and with it the YAML parser and the format's specs) is imported by the functions
# that load scenarios: ``casework play`` finds a scenario's file here and may then take its
# checked model from the cache (``simulator.scenario.cache``) without them.

DEFAULT_SCENARIO_ID = "bu-sri-warung"
ENV_VAR = "CASEWORK_SCENARIOS"
APP_NAME = "casework-simulator"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CatalogEntry:
    """One playable scenario as ``casework list`` shows it."""

    id: str
    title: str
    lang: str
    category: str
    difficulty: str
    minutes: int
    path: Path
    source: str  # "shipped" | "user"
    default: bool = False

    def to_dict(self) -> dict[str, object]:
        """The JSON form of ``casework list --json``."""
        return {
            "id": self.id,
            "title": self.title,
            "lang": self.lang,
            "category": self.category,
            "difficulty": self.difficulty,
            "minutes": self.minutes,
            "path": str(self.path),
            "source": self.source,
            "default": self.default,
        }


def shipped_dir() -> Path:
    """The folder of the shipped scenarios (inside the wheel, or the repository's).

    A plain path beside this module: scenarios are read as files, so a package that is not
    on the file system (zipped) has no usable shipped folder either way, and
    ``importlib.resources`` would cost every start-up its import (zipfile and more).
    """
    package = Path(__file__).resolve().parent
    packaged = package / "_scenarios"
    if packaged.is_dir():
        return packaged
    return package.parent / "scenarios"


def user_dirs() -> list[Path]:
    """The user's scenario folders and files: the data dir, then ``CASEWORK_SCENARIOS``."""
    from platformdirs import user_data_dir

    paths = [Path(user_data_dir(APP_NAME)) / "scenarios"]
    paths += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return paths


def scenario_files(root: Path) -> list[Path]:
    """The YAML files in a folder (recursively, hidden folders skipped), or the file itself."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    found = [
        p
        for p in root.rglob("*")
        if p.suffix in SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(found)


def _sources(problems: Problems | None = None) -> list[tuple[Path, str]]:
    out = [(p, "shipped") for p in scenario_files(shipped_dir())]
    for i, root in enumerate(user_dirs()):
        if i > 0 and not root.exists() and problems is not None:
            problems.warning(
                str(root),
                0,
                0,
                f"{ENV_VAR} names a file or folder that does not exist",
                "not-found",
            )
        out += [(p, "user") for p in scenario_files(root)]
    return out


def list_scenarios(problems: Problems | None = None) -> list[CatalogEntry]:
    """Every scenario that loads without errors, shipped first, sorted by language and id.

    Args:
        problems: if given, receives the problems of files that were skipped (errors, or an
            id already taken by an earlier scenario).

    Returns:
        The entries; the one with ``DEFAULT_SCENARIO_ID`` has ``default=True``.
    """
    from simulator.scenario.load import check_scenario

    entries: dict[str, CatalogEntry] = {}
    for path, source in _sources(problems):
        scenario, found = check_scenario(path, rulebooks=False)
        if scenario is None:
            if problems is not None:
                problems.extend(found.errors)
            continue
        if scenario.id in entries:
            if problems is not None:
                problems.warning(
                    str(path),
                    1,
                    1,
                    f"skipped: the id '{scenario.id}' is already used by "
                    f"{entries[scenario.id].path}",
                    "duplicate-id",
                )
            continue
        entries[scenario.id] = CatalogEntry(
            id=scenario.id,
            title=scenario.title,
            lang=scenario.lang,
            category=scenario.category,
            difficulty=scenario.difficulty,
            minutes=scenario.minutes,
            path=path,
            source=source,
            default=scenario.id == DEFAULT_SCENARIO_ID,
        )
    order = {"shipped": 0, "user": 1}
    return sorted(entries.values(), key=lambda e: (order[e.source], e.lang != "id", e.lang, e.id))


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or os.sep in spec or spec.endswith(SUFFIXES) or Path(spec).is_file()


def resolve(spec: str | None) -> Scenario:
    """The scenario named by an id or a path; None means the default scenario.

    Raises:
        LoadError: the file has errors (every problem is carried).
        CaseworkError: no scenario has this id (with a did-you-mean suggestion).
    """
    from simulator.scenario.load import check_scenario, load_scenario
    from simulator.scenario.spec import did_you_mean

    spec = spec or DEFAULT_SCENARIO_ID
    if _looks_like_path(spec):
        return load_scenario(spec)
    sources = _sources()
    # Files are named after their id by convention: try those first, without loading the rest.
    for path, _source in sources:
        if path.stem == spec:
            scenario, problems = check_scenario(path)
            if scenario is None:
                raise LoadError(f"{path}: the scenario has errors", problems.errors)
            if scenario.id == spec:
                return scenario
    entries = list_scenarios()
    for entry in entries:
        if entry.id == spec:
            return load_scenario(entry.path)
    if Path(spec).exists():  # not an id, but a folder (or other non-file) named without a slash
        return load_scenario(spec)
    hint = did_you_mean(spec, [e.id for e in entries])
    raise CaseworkError(
        f"casework: no scenario with the id '{spec}'{hint} (`casework list` shows them)"
    )
