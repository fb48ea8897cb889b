"""The Casework Simulator app: home -> briefing -> interview -> self-assessment -> report."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding

from simulator.errors import CaseworkError
from simulator.tui.backend import Backend, Play
from simulator.tui.config import AppConfig, ui_lang
from simulator.tui.strings import t
from simulator.tui.widgets.keys import localize_bindings

T = TypeVar("T")


def local_time(stamp: str) -> str:
    """An ISO timestamp as a short local time (``2026-11-28 09:14``); other text unchanged."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


class CaseworkApp(App[int]):
    """The interview room. All core work runs on one worker thread (``call``).

    Args:
        config: What the app was started with.
        backend: The core behind the screens.
        scenario: The scenario to brief on, already loaded (``casework play SCENARIO``).
        export_dir: Where report exports are written.
        time_format: How stored timestamps are shown (tests fix it).
        cursor_blink: Whether text cursors blink (snapshot tests turn it off).
    """

    # Every screen's styles are read once at start-up: a screen with its own CSS_PATH makes
    # Textual parse all CSS again from scratch and restyle every widget when it is first
    # pushed (about 20 ms a screen). Each screen's rules are prefixed with its class name.
    CSS_PATH = [
        "app.tcss",
        "screens/home.tcss",
        "screens/briefing.tcss",
        "screens/interview.tcss",
        "screens/confirm.tcss",
        "screens/selfassess.tcss",
        "screens/report.tcss",
        "screens/help.tcss",
    ]
    TITLE = "Casework Simulator"
    BINDINGS = [
        Binding("f1", "help", "key.help", show=True),
        Binding("question_mark", "help", "key.help", show=False),
        Binding("ctrl+q", "quit", "key.quit", show=True, priority=True),
    ]

    def __init__(
        self,
        config: AppConfig,
        backend: Backend,
        *,
        scenario: Any = None,
        export_dir: Path | None = None,
        time_format: Callable[[str], str] = local_time,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.config = config
        self.backend = backend
        self.initial_scenario = scenario
        self.export_dir = export_dir or Path.cwd()
        self.time_format = time_format
        self.cursor_blink = cursor_blink
        self.ui_language = ui_lang(config.lang, getattr(scenario, "lang", None))
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casework-core")
        localize_bindings(self, self.ui_language)
        self.title = t(self.ui_language, "app.title")

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the core thread (disk, scoring) and await its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    def set_language(self, lang: str) -> None:
        """Switch the interface language of the app-wide keys and the title."""
        if lang != self.ui_language:
            self.ui_language = lang
            localize_bindings(self, lang)
            self.title = t(lang, "app.title")
            self.refresh_bindings()

    def lang_for(self, scenario: Any) -> str:
        """The interface language while working on ``scenario``."""
        return ui_lang(self.config.lang, getattr(scenario, "lang", None))

    def on_mount(self) -> None:
        # While the first screen is built and read, the core thread opens the store and
        # loads what starting an interview needs (never awaited: ``call`` queues behind it).
        prepare = getattr(self.backend, "prepare", None)
        if prepare is not None:
            self._pool.submit(prepare)
        # Home is only built (and imported) when shown: ``casework play SCENARIO`` opens the
        # briefing alone.
        if self.config.resume:
            self.resume(self.config.resume)
        elif self.initial_scenario is not None:
            from simulator.tui.screens.briefing import BriefingScreen

            self.push_screen(
                BriefingScreen(self.initial_scenario, self.ui_language, self.config.mode)
            )
        else:
            from simulator.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen(self.ui_language))

    def go_home(self) -> None:
        """Back to the home screen, building it if the app started elsewhere."""
        from simulator.tui.screens.home import HomeScreen

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is None:
            lang = ui_lang(self.config.lang)
            self.set_language(lang)
            self.switch_screen(HomeScreen(lang))
            return
        while self.screen is not home:
            self.pop_screen()
        self.set_language(home.lang)

    def report_error(self, exc: CaseworkError) -> None:
        """Show a problem the user can act on, without leaving the app."""
        self.notify(
            "\n".join(exc.lines()),
            title=t(self.ui_language, "error.title"),
            severity="error",
            markup=False,
        )

    def resume(self, session_id: str) -> None:
        """Reopen an interrupted session on the interview screen."""
        self.run_worker(self._resume(session_id), group="resume", exclusive=True)

    async def _resume(self, session_id: str) -> None:
        from simulator.tui.screens.interview import InterviewScreen

        try:
            play: Play = await self.call(self.backend.resume, session_id)
        except CaseworkError as exc:
            self.report_error(exc)
            if len(self.screen_stack) < 2:
                self.go_home()
            return
        lang = self.lang_for(play.scenario)
        self.set_language(lang)
        self.push_screen(InterviewScreen(play, lang))

    def action_help(self) -> None:
        """Open the help screen in the interface language."""
        from simulator.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.ui_language))

    def on_unmount(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
