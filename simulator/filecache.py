"""The mechanics shared by the caches of checked scenarios (``simulator.scenario.cache``) and
of compiled rulebooks (``simulator.scoring.bookcache``).

An entry is one file in an owner-only folder of the user's cache folder, written atomically
and owner-only (``fsutil.write_private``, without the fsync a mere copy does not need): a
``marshal`` header ``(format, key, stamp, data)`` with ``data`` the object pickled. It is
unpickled only when the format, the key (what the object was built from: names and exact
file bytes) and the stamp (the code that built it) all match, and then only by the caller's
restricted unpickler. Anything else, or any error reading, is a miss; any error writing only
means no entry. ``CASEWORK_NO_CACHE=1`` turns every cache off.
"""

from __future__ import annotations

import io
import marshal
import os
import pickle
import stat
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from simulator.fsutil import write_private

ENV_OFF = "CASEWORK_NO_CACHE"
# The largest file the loaders accept (``simulator.yamlpos.MAX_BYTES``, not imported here:
# it would import the YAML parser).
MAX_BYTES = 1024 * 1024


def enabled() -> bool:
    """Whether caching is on (``CASEWORK_NO_CACHE`` unset, empty or 0)."""
    return os.environ.get(ENV_OFF, "") in ("", "0")


def cache_dir(kind: str) -> Path:
    """The folder of one cache (``kind``) in the user's cache folder."""
    from platformdirs import user_cache_dir

    from simulator.catalog import APP_NAME

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / kind


def entry_path(kind: str, prefix: str, names: Iterable[str]) -> Path:
    """The entry file of the object built from the files ``names``."""
    key = "\0".join(names).encode("utf-8", "surrogatepass")
    return cache_dir(kind) / f"{prefix}{zlib.crc32(key):08x}-{len(key)}.bin"


def code_stamp(files: Iterable[Path]) -> tuple[Any, ...]:
    """The Python, the package version, and the size and modification time of each of
    ``files`` (an edited checkout invalidates the entries its code built)."""
    from simulator import __version__

    stamps = []
    for f in files:
        try:
            info = f.stat()
        except OSError:
            stamps.append((f.name, -1, -1))
        else:
            stamps.append((f.name, info.st_size, info.st_mtime_ns))
    return (__version__, sys.version, tuple(stamps))


def read_source(path: str | Path) -> bytes | None:
    """The bytes of a regular file no larger than the loaders accept, else None (the loader
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


def load(
    path: Path,
    fmt: int,
    key: tuple[Any, ...],
    stamp: Callable[[], tuple[Any, ...]],
    unpickler: type[pickle.Unpickler],
) -> Any:
    """The object stored in ``path`` under ``(fmt, key, stamp())``, or None.

    ``stamp`` is only called when the format and key match (it reads the code's files).
    """
    if not enabled():
        return None
    try:
        with open(path, "rb") as fh:
            stored_fmt, stored_key, stored_stamp, data = marshal.loads(fh.read())
        if stored_fmt != fmt or stored_key != key or stored_stamp != stamp():
            return None
        return unpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged or foreign entry, whatever it raises, is a miss
        return None


def store(
    path: Path,
    fmt: int,
    key: tuple[Any, ...],
    stamp: tuple[Any, ...],
    obj: Any,
    pickler: type[pickle.Pickler],
) -> None:
    """Keep ``obj`` in ``path`` under ``(fmt, key, stamp)``; any problem means no entry."""
    if not enabled():
        return
    try:
        out = io.BytesIO()
        pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
        entry = marshal.dumps((fmt, key, stamp, out.getvalue()))
    except (pickle.PicklingError, TypeError, ValueError, AttributeError):
        return
    try:
        write_private(path, entry, durable=False)
    except OSError:
        pass
