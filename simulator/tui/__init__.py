"""The Textual app: the only package that imports textual or rich.

``run_app`` is what ``casework`` (home) and ``casework play SCENARIO`` (briefing) call.
"""

from __future__ import annotations

import os
import sys
from typing import Any

# The most frames a second Textual may draw, unless the user sets TEXTUAL_FPS. Textual's
# frame timer puts a frame asked for just after another 1 to 2 periods later: 17-33 ms at its
# default of 60, 8-17 ms at 120, which is most of the time from Enter to the Coach panel.
# Frames are only drawn when something changed, so an idle interview costs nothing more.
FRAME_RATE = 120


# Textual reads it when first imported, which for the app is through this package.
if "textual" not in sys.modules:
    os.environ.setdefault("TEXTUAL_FPS", str(FRAME_RATE))


def build_app(
    scenario_spec: str | None = None,
    *,
    seed: int | None = None,
    mode: str | None = None,
    lang: str | None = None,
    db: str | None = None,
    resume: str | None = None,
    no_delay: bool = False,
    backend: Any = None,
) -> Any:
    """The app, ready to run, on the real core unless a ``backend`` is given.

    A scenario that cannot be loaded raises ``CaseworkError`` here, before the terminal is
    taken over, so the user sees one clear line.
    """
    from simulator.tui.app import CaseworkApp
    from simulator.tui.config import AppConfig
    from simulator.tui.core import CoreBackend

    config = AppConfig(
        scenario_spec=scenario_spec,
        seed=seed,
        mode=mode,
        lang=lang,
        db=db,
        resume=resume,
        no_delay=no_delay,
    )
    backend = backend or CoreBackend(db)
    scenario = backend.load(scenario_spec) if scenario_spec and not resume else None
    return CaseworkApp(config, backend, scenario=scenario)


def run_app(
    scenario_spec: str | None = None,
    *,
    seed: int | None = None,
    mode: str | None = None,
    lang: str | None = None,
    db: str | None = None,
    resume: str | None = None,
    no_delay: bool = False,
) -> int:
    """Run the interview room in the terminal; returns the exit code.

    Args:
        scenario_spec: A scenario id or path: open its briefing (None: the home screen).
        seed: The variant seed (None: a fresh one per session).
        mode: ``coach`` or ``exam`` (None: coach, switchable on the briefing).
        lang: The interface language (None: the scenario's, else the locale).
        db: The session database (None: the default).
        resume: A stored session id to resume.
        no_delay: Show the client's answers without the natural pause.
    """
    app = build_app(
        scenario_spec, seed=seed, mode=mode, lang=lang, db=db, resume=resume, no_delay=no_delay
    )
    try:
        app.run()
    finally:
        close = getattr(app.backend, "close", None)
        if close is not None:
            close()
    return int(app.return_code or 0)
