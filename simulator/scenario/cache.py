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

An entry is written atomically and owner-only, in an owner-only folder: a ``marshal`` header
(format, loader stamp, name, source bytes) and the model pickled; it is unpickled only after
the header matches, and only the model's dataclasses and paths may be named in it (any other
class makes it a miss). ``CASEWORK_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import dataclasses
import io
import marshal
import os
import pathlib
import pickle
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from simulator.fsutil import write_private
from simulator.scenario import model

FORMAT = 2
ENV_OFF = "CASEWORK_NO_CACHE"
# The largest scenario the loader accepts (``simulator.yamlpos.MAX_BYTES``, not imported
# here: it would import the YAML parser).
MAX_BYTES = 1024 * 1024

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
    from platformdirs import user_cache_dir

    from simulator.catalog import APP_NAME

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "scenarios"


def _enabled() -> bool:
    return os.environ.get(ENV_OFF, "") in ("", "0")


def _loader_stamp() -> tuple[Any, ...]:
    """What the loader's result depends on besides the file: the Python and the package
    version, and the size and modification time of each module that reads or checks a
    scenario (an edited checkout invalidates its entries)."""
    from simulator import __version__

    here = Path(__file__).resolve().parent
    files = sorted(here.glob("*.py")) + [
        here.parent / name for name in ("yamlpos.py", "vocab.py", "errors.py")
    ]
    stamps = []
    for f in files:
        try:
            info = f.stat()
        except OSError:
            stamps.append((f.name, -1, -1))
        else:
            stamps.append((f.name, info.st_size, info.st_mtime_ns))
    return (FORMAT, __version__, sys.version, tuple(stamps))


def _identity(name: str) -> tuple[str, str]:
    """The file as named (positions use this text) and where it is (rules resolve from it)."""
    return name, os.path.abspath(name)


def _entry_path(identity: tuple[str, str]) -> Path:
    key = "\0".join(identity).encode("utf-8", "surrogatepass")
    return cache_dir() / f"{zlib.crc32(key):08x}-{len(key)}.bin"


def read_source(path: str | Path) -> bytes | None:
    """The bytes of a regular file no larger than the loader accepts, else None (the loader
    reports such a file; a pipe is never opened)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_BYTES else None


def lookup(name: str, source: bytes) -> model.Scenario | None:
    """The checked scenario stored for the file ``name`` holding ``source``, or None."""
    if not _enabled():
        return None
    identity = _identity(name)
    try:
        with open(_entry_path(identity), "rb") as fh:
            head = marshal.loads(fh.read())
        fmt, stamp, stored_identity, stored_source, data = head
        if (
            fmt != FORMAT
            or stored_identity != identity
            or stored_source != source
            or stamp != _loader_stamp()
        ):
            return None
        scenario = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged or foreign entry, whatever it raises, is a miss
        return None
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
    if not _enabled():
        return
    identity = _identity(name)
    try:
        out = io.BytesIO()
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(scenario)
        data = out.getvalue()
        entry = marshal.dumps((FORMAT, _loader_stamp(), identity, source, data))
    except (pickle.PicklingError, TypeError, ValueError):
        return
    target = _entry_path(identity)
    try:
        write_private(target, entry, durable=False)
    except OSError:
        pass
