"""The app asks Textual for ``FRAME_RATE`` frames a second unless the user chose a rate."""

from __future__ import annotations

import os
import subprocess
import sys

from simulator.tui import FRAME_RATE

PROBE = "import simulator.tui.app, textual.constants as c; print(c.MAX_FPS)"


def max_fps(env_fps: str | None) -> int:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    if env_fps is not None:
        env["TEXTUAL_FPS"] = env_fps
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip())


def test_the_app_raises_textuals_frame_cap():
    assert FRAME_RATE > 60
    assert max_fps(None) == FRAME_RATE


def test_a_rate_the_user_set_is_kept():
    assert max_fps("30") == 30
