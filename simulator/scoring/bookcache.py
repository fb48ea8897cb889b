"""A cache of compiled rulebooks, so that a scorer is not compiled from YAML again for
rulebook files that have not changed.

Compiling a shipped rulebook parses about 170 KB of YAML with positions, checks it and
compiles every pattern: some 80 ms of CPU, and a few MiB of memory at its peak, in every
process that scores (the app does it in the background while the student reads the opening
line). A book compiled without errors is stored here, in the user's cache folder, with the
exact bytes of every file it was built from (the shipped book and any overlays, in order);
a later load that finds the same bytes, read by the same code, takes the compiled book from
the cache. Anything else (a changed file, another version of the scoring modules, an
unreadable or damaged entry) is a miss, and the book is compiled as before, with its
problems reported by the loader. The book is stored before anything is scored with it, so
no pattern's automata (built on first use) are in it.

Entries are kept as ``simulator.filecache`` keeps them (atomic, owner-only, a ``marshal``
header checked before anything is unpickled); the key is the language, the paths and their
bytes, the stamp the scoring code, and only the rulebook's own classes may be named in an
entry (any other class makes it a miss). ``CASEWORK_NO_CACHE=1`` turns it off, as for the
scenario cache.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any

from simulator import filecache

FORMAT = 4
ENV_OFF = filecache.ENV_OFF

# The classes a compiled rulebook is made of, by (module, name).
_ALLOWED = {
    ("simulator.scoring.rulebook", "Rulebook"),
    ("simulator.scoring.rulebook", "Rule"),
    ("simulator.scoring.rulebook", "StageSpec"),
    ("simulator.scoring.rulebook", "Example"),
    ("simulator.scoring.patterns", "Pattern"),
    ("simulator.scoring.patterns", "Lexicon"),
    ("simulator.scenario.model", "Pos"),
}


# Short names (the key kinds "w", "r", "l", language codes...) are stored by reference and
# interned when loaded: the scorer compares them with its own constants, which Python
# interns, and an equal string that is the same object compares in one step. Strings
# unpickled otherwise are new objects (about 1 % more instructions per reply).
_TAG_MAX = 2


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is str and len(obj) <= _TAG_MAX and obj.isidentifier():
            return obj
        return None

    def reducer_override(self, obj: Any) -> Any:
        """The rulebook's dataclasses are rebuilt by calling them with their fields, as the
        compiler builds them: an object whose ``__dict__`` pickle filled in afterwards is
        read through the interpreter's slow attribute path (about 1 % more instructions per
        reply)."""
        names = _init_fields().get(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple(getattr(obj, name) for name in names)


def _init_fields() -> dict[type, tuple[str, ...]]:
    """The dataclasses of a compiled rulebook and the fields their constructor takes."""
    import dataclasses

    from simulator.scenario.model import Pos
    from simulator.scoring.patterns import Lexicon
    from simulator.scoring.rulebook import Example, Rule, Rulebook, StageSpec

    return {
        cls: tuple(f.name for f in dataclasses.fields(cls) if f.init)
        for cls in (Rulebook, Rule, StageSpec, Example, Lexicon, Pos)
    }


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed")
        return super().find_class(module, name)

    def persistent_load(self, pid: Any) -> Any:
        if type(pid) is not str or len(pid) > _TAG_MAX:
            raise pickle.UnpicklingError("unexpected reference")
        return sys.intern(pid)


def cache_dir() -> Path:
    """Where entries are kept: ``rulebooks`` in the user's cache folder."""
    return filecache.cache_dir("rulebooks")


def _code_stamp() -> tuple[Any, ...]:
    """What a compiled book depends on besides its files: the Python, the package version,
    and the size and modification time of every module that reads or compiles a rulebook."""
    package = Path(__file__).resolve().parent.parent
    return filecache.code_stamp(
        sorted((package / "scoring").glob("*.py"))
        + [
            package / name
            for name in (
                "filecache.py",
                "yamlpos.py",
                "vocab.py",
                "errors.py",
                "scenario/spec.py",
                "scenario/model.py",
            )
        ]
    )


def read_sources(paths: list[str]) -> tuple[bytes, ...] | None:
    """The bytes of each file, or None if any is not a regular file the loader would read."""
    out = []
    for path in paths:
        data = filecache.read_source(path)
        if data is None:
            return None
        out.append(data)
    return tuple(out)


def _entry_path(lang: str, paths: tuple[str, ...]) -> Path:
    return filecache.entry_path("rulebooks", f"{lang}-", (lang, *paths))


def lookup(lang: str, paths: tuple[str, ...], sources: tuple[bytes, ...]) -> Any:
    """The book stored for ``lang`` built from ``paths`` holding ``sources``, or None."""
    book = filecache.load(
        _entry_path(lang, paths), FORMAT, (lang, paths, sources), _code_stamp, _Unpickler
    )
    if book is None:
        return None
    from simulator.scoring.rulebook import Rulebook

    return book if type(book) is Rulebook and book.lang == lang else None


def store(lang: str, paths: tuple[str, ...], sources: tuple[bytes, ...], book: Any) -> None:
    """Keep ``book``, compiled without errors from ``sources`` (the bytes of ``paths``).

    Any problem writing (a read-only home, a full disk) only means no entry.
    """
    filecache.store(
        _entry_path(lang, paths), FORMAT, (lang, paths, sources), _code_stamp(), book, _Pickler
    )
