"""Owner-only files and folders: the program practises the confidentiality it teaches.

Every file that holds a transcript (the database, exports, reports) is created readable by
its owner only (0600) in a folder only its owner can enter (0700). Files are written
atomically: a temporary file in the same folder, created 0600, filled, synced, then moved
over the target with ``os.replace``, so a reader never sees half a file and a failed write
never destroys the old one.

The process umask can only take permission bits away, never add them, so after creating a
file or folder we set its mode explicitly (``fchmod`` / ``chmod``): a umask such as 0277
would otherwise leave a file its owner cannot write.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: str | os.PathLike[str], *, tighten: bool = False) -> Path:
    """Create ``path`` (and missing parents) so that every folder created is 0700.

    Folders that already exist keep their mode unless ``tighten`` is set, in which case
    ``path`` itself (not its parents) is set to 0700: use that only for a folder the program
    owns, such as its data directory, never for a folder the user named (``/tmp``).

    Args:
        path: The folder.
        tighten: Also set an existing ``path`` to 0700.

    Returns:
        The folder as a ``Path``.
    """
    folder = Path(path)
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(created, DIR_MODE)
            os.chmod(created, DIR_MODE)
    if tighten and not missing and folder.is_dir():
        os.chmod(folder, DIR_MODE)
    return folder


def loose_mode(path: str | os.PathLike[str]) -> int | None:
    """The mode of ``path`` if the current user owns it and others have any access to it.

    Returns:
        The permission bits (e.g. ``0o644``), or None when the path is missing, someone
        else's, or already owner-only.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    owner = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    mode = stat.S_IMODE(st.st_mode)
    return mode if st.st_uid == owner and mode & 0o077 else None


def create_private_file(path: str | os.PathLike[str]) -> None:
    """Create an empty file at ``path`` with mode 0600; fail if it exists.

    Args:
        path: The new file.

    Raises:
        FileExistsError: ``path`` already exists.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def check_writable_dir(folder: str | os.PathLike[str]) -> None:
    """Make sure a file can be created in ``folder``: create a probe file there and remove it.

    A probe is more honest than ``os.access``, which says yes to root on a read-only
    filesystem or in ``/proc``.

    Raises:
        OSError: The folder is missing or no file can be created in it.
    """
    probe = Path(folder) / f".casework-probe.{os.urandom(6).hex()}.tmp"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    os.unlink(probe)


def write_private(
    path: str | os.PathLike[str], data: str | bytes, *, durable: bool = True
) -> Path:
    """Write ``data`` to ``path`` atomically, owner-only (0600).

    The folder is created (0700) if missing. The old file, if any, stays untouched until
    the new content is complete on disk.

    Args:
        path: The target file.
        data: Text (written as UTF-8) or bytes.
        durable: Sync the file and the folder, so the write survives a power cut. A cache
            entry, which is only ever a copy, skips it (still atomic, still owner-only).

    Returns:
        The target as a ``Path``.

    Raises:
        OSError: The folder cannot be created or written.
    """
    target = Path(path)
    folder = ensure_private_dir(target.parent if str(target.parent) else Path("."))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = folder / f".{target.name}.{os.urandom(6).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _sync_dir(folder)
    return target


def _sync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows opening folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
