"""TUI timings and memory against the targets of issue 4 (a benchmark, not a timed test).

    .venv/bin/python benchmarks/bench_tui.py [--runs N] [--replies N] [--scenario SPEC]

Measures, in the same run:

1. start-up: from process start to the interview screen ready for input (the scenario's
   briefing opened as ``casework play SCENARIO`` does, Enter pressed, the reply box
   focused), against a bare Textual app with one Input, from process start to that Input
   focused. Each is a fresh process, run headless; medians over N runs, interleaved.
   Target: app <= 1.5x bare.
2. Enter to the scored reply and Coach panel shown (no pause: ``--no-delay``): the time
   from pressing Enter to the ``ReplyScored`` message the interview screen posts right after
   updating the Coach panel, and to the first screen refresh after it (the panel drawn);
   median and p95 over N replies replayed from the scenario's walkthroughs (the rulebook is
   compiled before the first one, as it is while a student reads). Target: p95 of "drawn"
   <= 50 ms. Each reply is put in the box and Enter pressed at once, so the box's own frame
   is drawn just before Enter and the next frame may only come 17-33 ms later (Textual's
   60 fps timer); a second line times the same with Enter 0.1 s after the reply is drawn,
   as when a person types (not used for the verdict).
3. peak memory (max RSS) of the start-up processes, the app's after its first reply (so
   with the rulebook compiled and a turn stored): app against bare. Target: <= 1.3x.

The real catalog, scorer, Session and a temporary SQLite store are used. The children keep
compiled bytecode in the run's temporary folder (as an installed package has it), even when
PYTHONDONTWRITEBYTECODE is set. Exit 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_START_RATIO = 1.5
TARGET_REPLY_MS = 50.0
TARGET_MEMORY_RATIO = 1.3
# Seconds between the reply drawn in the box and Enter, for the second, typed-pace timing.
TYPING_PAUSE = 0.1


# -- child processes ------------------------------------------------------------------------


async def painted(app, condition) -> None:
    """Wait (1 ms steps, no pilot idle waits) until ``condition()`` holds and the screen has
    been refreshed after it."""
    while not condition():
        await asyncio.sleep(0.001)
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await done.wait()


def child_bare(started: float) -> dict:
    """A bare Textual app with one Input: time to the Input focused and drawn, peak RSS."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    result: dict = {}

    async def run(pilot) -> None:
        app = pilot.app
        await painted(app, lambda: isinstance(app.focused, Input))
        result["ready"] = time.time() - started
        result["cpu"] = time.process_time()
        app.exit()

    Bare().run(headless=True, size=(100, 30), auto_pilot=run)
    result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def child_app(started: float, scenario: str, db: str) -> dict:
    """``casework play SCENARIO``, Enter as soon as the briefing is drawn: time to the
    interview drawn with the reply box focused; then one reply for the memory peak."""
    from textual import events

    from simulator.tui import build_app
    from simulator.tui.screens.briefing import BriefingScreen
    from simulator.tui.screens.interview import InterviewScreen
    from simulator.tui.widgets.reply_input import ReplyInput

    app = build_app(scenario, seed=1, db=db, no_delay=True)
    result: dict = {}

    async def run(pilot) -> None:
        await painted(app, lambda: isinstance(app.screen, BriefingScreen))
        app.post_message(events.Key("enter", "\r"))
        await painted(
            app,
            lambda: isinstance(app.screen, InterviewScreen) and isinstance(app.focused, ReplyInput),
        )
        result["ready"] = time.time() - started
        result["cpu"] = time.process_time()
        result["rss_ready_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # Then one reply, so the peak includes the compiled rulebook and a stored turn.
        walk = app.initial_scenario.walkthroughs
        app.focused.insert(walk[0].steps[0].reply if walk else "Selamat pagi.")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.exit()

    app.run(headless=True, size=(100, 30), auto_pilot=run)
    app.backend.close()
    result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def child_env(pycache: str) -> dict[str, str]:
    """The children's environment: no animations, and compiled bytecode cached in
    ``pycache`` (as an installed package has it), even where the shell sets
    PYTHONDONTWRITEBYTECODE, which would make every run compile the app's modules again."""
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none", "PYTHONPYCACHEPREFIX": pycache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def spawn(kind: str, scenario: str, db: str, env: dict[str, str]) -> dict:
    """Run one child; the clock starts just before the process is created."""
    started = time.time()
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--started",
            repr(started),
            "--scenario",
            scenario,
            "--db",
            db,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- in-process reply timing ----------------------------------------------------------------


async def reply_times(
    scenario_spec: str, db: str, n: int, typing_pause: float = 0.0
) -> tuple[list[float], list[float]]:
    """(ms to ReplyScored, ms to the first screen refresh after it) for ``n`` replies, each
    put in the box at once and sent at once, or ``typing_pause`` seconds after it is drawn."""
    from simulator.tui import build_app
    from simulator.tui.messages import ReplyScored
    from simulator.tui.screens.interview import InterviewScreen
    from simulator.tui.widgets.reply_input import ReplyInput

    to_scored: list[float] = []
    to_shown: list[float] = []
    while len(to_scored) < n:
        app = build_app(scenario_spec, seed=1, db=db, no_delay=True)
        replies = [s.reply for w in app.initial_scenario.walkthroughs for s in w.steps]
        if not replies:
            raise SystemExit(f"{scenario_spec}: no walkthrough replies to replay")
        scored_at: list[float] = []
        shown_at: list[float] = []

        def hook(message, scored_at=scored_at, shown_at=shown_at, app=app) -> None:
            if isinstance(message, ReplyScored) and not scored_at:
                scored_at.append(time.perf_counter())
                app.call_after_refresh(lambda: shown_at.append(time.perf_counter()))

        async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause(1.5)  # past the background compile of the rulebook
            await app.workers.wait_for_complete()
            for reply in replies:
                screen = app.screen
                if not isinstance(screen, InterviewScreen) or screen.play.ending is not None:
                    break
                screen.query_one(ReplyInput).insert(reply)
                if typing_pause:
                    # The reply drawn, then a moment before Enter, as when a person types it.
                    await painted(app, lambda: True)
                    await asyncio.sleep(typing_pause)
                scored_at.clear()
                shown_at.clear()
                t0 = time.perf_counter()
                await pilot.press("enter")
                while not shown_at:
                    await asyncio.sleep(0.0005)
                to_scored.append((scored_at[0] - t0) * 1000)
                to_shown.append((shown_at[0] - t0) * 1000)
                await app.workers.wait_for_complete()
                await pilot.pause()
                if len(to_scored) >= n:
                    break
        app.backend.close()
    return to_scored, to_shown


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each app")
    parser.add_argument("--replies", type=int, default=40, help="replies to time")
    parser.add_argument("--scenario", default=None, help="scenario id or path (default: default)")
    parser.add_argument("--child", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        if args.child == "bare":
            result = child_bare(args.started)
        else:
            result = child_app(args.started, args.scenario, args.db)
        print(json.dumps(result))
        return 0

    from simulator.catalog import DEFAULT_SCENARIO_ID

    scenario = args.scenario or DEFAULT_SCENARIO_ID
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        env = child_env(str(Path(tmp) / "pycache"))
        spawn("app", scenario, db, env)  # warm the OS file cache and .pyc files for both
        spawn("bare", scenario, db, env)
        apps, bares = [], []
        for _ in range(args.runs):
            apps.append(spawn("app", scenario, db, env))
            bares.append(spawn("bare", scenario, db, env))
        to_scored, to_shown = asyncio.run(reply_times(scenario, db, args.replies))
        _, typed_shown = asyncio.run(reply_times(scenario, db, args.replies, TYPING_PAUSE))

    app_start = statistics.median(r["ready"] for r in apps) * 1000
    bare_start = statistics.median(r["ready"] for r in bares) * 1000
    app_min = min(r["ready"] for r in apps) * 1000
    bare_min = min(r["ready"] for r in bares) * 1000
    app_cpu = statistics.median(r["cpu"] for r in apps) * 1000
    bare_cpu = statistics.median(r["cpu"] for r in bares) * 1000
    app_rss = max(r["rss_kb"] for r in apps) / 1024
    app_rss_ready = max(r["rss_ready_kb"] for r in apps) / 1024
    bare_rss = max(r["rss_kb"] for r in bares) / 1024
    start_ratio = app_start / bare_start
    memory_ratio = app_rss / bare_rss
    reply_p50, reply_p95 = statistics.median(to_scored), p95(to_scored)
    shown_p50, shown_p95 = statistics.median(to_shown), p95(to_shown)

    ok_start = start_ratio <= TARGET_START_RATIO
    ok_reply = shown_p95 <= TARGET_REPLY_MS
    ok_memory = memory_ratio <= TARGET_MEMORY_RATIO
    mark = {True: "ok", False: "MISSED"}
    load = os.getloadavg()[0]
    print(
        f"scenario: {scenario}; {args.runs} start-up runs each; {len(to_scored)} replies;"
        f" load average {load:.2f} on {os.cpu_count()} CPUs"
    )
    print(
        f"start-up to interview ready: {app_start:.0f} ms vs bare Input app {bare_start:.0f} ms"
        f" = {start_ratio:.2f}x (target <= {TARGET_START_RATIO}x) {mark[ok_start]};"
        f" fastest runs {app_min:.0f} vs {bare_min:.0f} ms = {app_min / bare_min:.2f}x;"
        f" CPU time (after interpreter start) {app_cpu:.0f} vs {bare_cpu:.0f} ms"
        f" = {app_cpu / bare_cpu:.2f}x"
    )
    print(
        f"Enter to scored reply: median {reply_p50:.1f} ms, p95 {reply_p95:.1f} ms;"
        f" to the Coach panel drawn: median {shown_p50:.1f} ms, p95 {shown_p95:.1f} ms"
        f" (target <= {TARGET_REPLY_MS:.0f} ms) {mark[ok_reply]}"
    )
    print(
        f"  the same with Enter {TYPING_PAUSE:.1f} s after the reply is drawn (typed pace):"
        f" to the Coach panel drawn: median {statistics.median(typed_shown):.1f} ms,"
        f" p95 {p95(typed_shown):.1f} ms"
    )
    print(
        f"peak memory: {app_rss:.1f} MiB vs bare {bare_rss:.1f} MiB = {memory_ratio:.2f}x"
        f" (target <= {TARGET_MEMORY_RATIO}x) {mark[ok_memory]};"
        f" at interview ready {app_rss_ready:.1f} MiB"
    )
    return 0 if ok_start and ok_reply and ok_memory else 1


if __name__ == "__main__":
    raise SystemExit(main())
