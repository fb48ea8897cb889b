"""A cache of checked scenarios, so that ``casework play`` does not check an unchanged file
again on every start.

``check_scenario(path, rulebooks=False)`` reads, parses and checks a scenario on every start
of the app (tens of milliseconds, and the YAML parser and the format's specs imported for it).
A scenario that passed is stored here, in the user's cache folder, together with the exact
bytes it was read from; the next start that finds the same bytes under the same name, read by
the same loader code, takes the checked model from the cache instead. Anything else (a changed
or new file, another loader, a missing rulebook file, an unreadable or damaged cache entry)
is a miss, and the file is checked in full as before: a broken scenario is always reported by
the loader itself, with its ``path:line:col`` problems. Only scenarios without errors are
stored; the rule ids are checked later from the model either way (``CoreBackend.warm``).

Entries are kept as ``simulator.filecache`` keeps them (atomic, owner-only, a ``marshal``
header checked before anything is unpickled); the key is the file's name, where it is and its
bytes, the stamp the loader's code, and only the model's dataclasses and paths may be named in
an entry (any other class makes it a miss). ``CASEWORK_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import pickle
from pathlib import Path
from typing import Any

from simulator import filecache
from simulator.scenario import model

FORMAT = 3
ENV_OFF = filecache.ENV_OFF
read_source = filecache.read_source

# The only classes an entry may name: the model's dataclasses and paths.
_ALLOWED = {
    ("simulator.scenario.model", cls.__name__): cls
    for cls in (
        model.Pos,
        model.Persona,
        model.Fact,
        model.Condition,
        model.Effects,
        model.Branch,
        model.Beat,
        model.Ending,
        model.WalkthroughStep,
        model.Walkthrough,
        model.Scenario,
    )
}
_ALLOWED.update(
    {("pathlib", name): getattr(pathlib, name) for name in ("Path", "PosixPath", "WindowsPath")}
)


# The model's dataclasses and the fields their constructor takes.
_INIT_FIELDS = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if f.init)
    for (module, _), cls in _ALLOWED.items()
    if module == "simulator.scenario.model"
}


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        """The model's dataclasses are rebuilt by calling them with their fields, as the
        loader builds them: an object whose ``__dict__`` pickle filled in afterwards is read
        through the interpreter's slow attribute path."""
        names = _INIT_FIELDS.get(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple(getattr(obj, name) for name in names)


class _Unpickler(pickle.Unpickler):
    """Builds only the model's dataclasses, paths and plain values (tuples, dicts, text,
    numbers): any other class named in an entry makes it a miss."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed") from None


def cache_dir() -> Path:
    """Where entries are kept: ``scenarios`` in the user's cache folder."""
    return filecache.cache_dir("scenarios")


def _loader_stamp() -> tuple[Any, ...]:
    """What the loader's result depends on besides the file: the Python and the package
    version, and the size and modification time of each module that reads or checks a
    scenario (an edited checkout invalidates its entries)."""
    here = Path(__file__).resolve().parent
    return filecache.code_stamp(
        sorted(here.glob("*.py"))
        + [here.parent / name for name in ("filecache.py", "yamlpos.py", "vocab.py", "errors.py")]
    )


def _identity(name: str) -> tuple[str, str]:
    """The file as named (positions use this text) and where it is (rules resolve from it)."""
    return name, os.path.abspath(name)


def _entry_path(identity: tuple[str, str]) -> Path:
    return filecache.entry_path("scenarios", "", identity)


def lookup(name: str, source: bytes) -> model.Scenario | None:
    """The checked scenario stored for the file ``name`` holding ``source``, or None."""
    identity = _identity(name)
    scenario = filecache.load(
        _entry_path(identity), FORMAT, (identity, source), _loader_stamp, _Unpickler
    )
    if type(scenario) is not model.Scenario:
        return None
    # The loader checks that the extra rulebooks exist: a hit must not hide a removed one.
    if not all(Path(p).is_file() for p in scenario.rules):
        return None
    return scenario


def store(name: str, source: bytes, scenario: model.Scenario) -> None:
    """Keep ``scenario``, checked without errors from ``source`` (the bytes of ``name``).

    Any problem writing (a read-only home, a full disk) only means no entry.
    """
    identity = _identity(name)
    filecache.store(
        _entry_path(identity), FORMAT, (identity, source), _loader_stamp(), scenario, _Pickler
    )
