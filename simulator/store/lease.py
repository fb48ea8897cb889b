"""Who is writing a session: an OS lock held for as long as a process records into it.

Two processes recording one session would interleave two branches of the interview. So a
store *claims* a session before it writes to it (``create_session``, resume, the first
``record_turn``): an exclusive, non-blocking ``flock`` on a small lock file next to the
database, ``<db>-<session id>.lock`` (0600, holding the owner's pid for people). The kernel
drops the lock when its process ends in any way, kill -9 included, so a dead owner never
blocks a resume; a live one makes the claim fail with one clear line. The owner removes the
file when it lets go; a file left by a killed process is simply locked again by the next
owner.

Within one process a session may be claimed by several stores (the app's stores share it):
claims are counted per lock file.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_held: dict[str, list[int]] = {}  # lock file -> [fd, number of claims in this process]
_guard = threading.Lock()


class SessionBusy(Exception):
    """Another live process holds the session; ``owner`` is its pid when known."""

    def __init__(self, owner: int | None) -> None:
        super().__init__(owner)
        self.owner = owner


def lock_path(db_path: str | os.PathLike[str], session_id: str) -> Path:
    """The lock file of ``session_id`` in the database at ``db_path``."""
    return Path(f"{os.fspath(db_path)}-{session_id}.lock")


def acquire(db_path: str | os.PathLike[str], session_id: str) -> str:
    """Claim a session for this process.

    Returns:
        A key for ``release``.

    Raises:
        SessionBusy: Another live process holds the session.
        OSError: The lock file cannot be created (e.g. a read-only folder).
    """
    key = os.path.abspath(lock_path(db_path, session_id))
    with _guard:
        if key in _held:
            _held[key][1] += 1
            return key
        fd = _lock(key)
        _held[key] = [fd, 1]
    return key


def release(key: str) -> None:
    """Give up one claim; the last one removes the lock file and drops the lock."""
    with _guard:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _held[key]
        with contextlib.suppress(OSError):  # while still locked: no one can be mid-claim on it
            os.unlink(key)
        os.close(entry[0])


def _lock(path: str) -> int:
    """Open and lock ``path``, making sure the locked file is still the one at ``path``."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            owner = _owner(fd)
            os.close(fd)
            if isinstance(exc, BlockingIOError) or fcntl is None:
                raise SessionBusy(owner) from None
            raise
        try:
            current = os.stat(path)
            mine = os.fstat(fd)
            same = (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino)
        except FileNotFoundError:
            same = False
        if not same:  # the previous owner removed it between our open and our lock
            os.close(fd)
            continue
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        return fd


def _owner(fd: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(os.pread(fd, 32, 0).decode().strip())
    return None
