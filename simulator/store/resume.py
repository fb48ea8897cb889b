"""Continue a session cut off in any way (kill -9, a closed terminal, a crash).

Each turn's snapshot is committed with the turn itself, so the stored snapshot is always the
last turn the student saw answered. ``resume_session`` loads the scenario again, restores the
``Session`` from that snapshot and hooks a ``TurnRecorder`` on it, so the turns that follow
are recorded in the same stored session. Headless ``casework play --resume`` and the TUI both
use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.errors import CaseworkError
from simulator.store import Store, StoredSession, StoreError, TurnRecorder


def load_stored_scenario(stored: StoredSession) -> Any:
    """The scenario a stored session was played with: from its path if that file is still
    there, else by id from the catalog.

    Raises:
        StoreError: The scenario's version is not the one the session started with.
        LoadError: The scenario cannot be found or loaded.
    """
    from simulator.catalog import resolve

    path = Path(stored.scenario_path) if stored.scenario_path else None
    scenario = resolve(str(path) if path is not None and path.is_file() else stored.scenario)
    if scenario.id != stored.scenario:
        raise StoreError(
            f"session {stored.id}: {stored.scenario_path} now holds scenario {scenario.id!r}, "
            f"not {stored.scenario!r}"
        )
    if stored.scenario_version and scenario.version != stored.scenario_version:
        raise StoreError(
            f"session {stored.id}: scenario {stored.scenario!r} changed since the session "
            f"started (version {stored.scenario_version} -> {scenario.version}); it cannot "
            "be resumed"
        )
    return scenario


def resume_session(
    store: Store,
    session_id: str | None,
    make_scorer: Callable[[Any], Any],
    load_scenario: Callable[[StoredSession], Any] | None = None,
) -> tuple[Any, str]:
    """Restore a stored, unfinished session with the store's recorder as its ``on_turn``.

    Args:
        store: The store holding the session.
        session_id: Its id or a unique prefix; None for the newest unfinished session.
        make_scorer: Builds the scorer for the loaded scenario.
        load_scenario: Loads the scenario of the stored session (default:
            ``load_stored_scenario``).

    Returns:
        ``(session, full session id)``. The session may already have ended (killed between
        its last turn and being marked finished); the caller then just finishes it.

    Raises:
        StoreError: No such session, nothing to resume, already finished, no snapshot, or
            another live process holds it.
    """
    from simulator.session import Session

    sid = store.resolve_id(session_id) if session_id else store.latest_unfinished()
    if sid is None:
        raise StoreError(f"{store.path}: no unfinished session to resume")
    store.claim(sid)  # refused while another live process records into it
    stored = store.get(sid)
    if stored.status == "finished":
        raise StoreError(f"{store.path}: session {sid} is already finished; nothing to resume")
    if not stored.snapshot:
        raise StoreError(f"{store.path}: session {sid} has no saved state to resume from")
    scenario = (load_scenario or load_stored_scenario)(stored)
    scorer = make_scorer(scenario)
    try:
        session = Session.restore(
            dict(stored.snapshot), scenario, scorer, on_turn=TurnRecorder(store, sid)
        )
    except CaseworkError as exc:
        raise StoreError(f"session {sid}: cannot resume: {exc.message}") from None
    return session, sid
