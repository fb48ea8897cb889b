"""Home: the scenarios (search, language filter), recent sessions, resume."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from simulator.errors import CaseworkError
from simulator.tui.backend import ScenarioEntry, SessionEntry
from simulator.tui.screens.base import CaseworkScreen
from simulator.tui.strings import t
from simulator.tui.widgets.footer import KeyFooter
from simulator.tui.widgets.score_bars import sparkline
from simulator.vocab import LANGS, PRINCIPLE_LABELS, PRINCIPLES

# The language filter cycles through these; None shows every language.
LANG_FILTERS: tuple[str | None, ...] = (None, *LANGS)
# How many sessions the progress sparklines show, oldest on the left.
SPARK_SESSIONS = 10


def matches(entry: ScenarioEntry, query: str, lang: str | None) -> bool:
    """Whether a scenario passes the search text and the language filter."""
    if lang is not None and entry.lang != lang:
        return False
    words = query.casefold().split()
    haystack = " ".join(
        (entry.id, entry.title, entry.description, entry.category, entry.difficulty)
    ).casefold()
    return all(w in haystack for w in words)


class HomeScreen(CaseworkScreen[None]):
    """The first screen of bare ``casework``."""

    BINDINGS = [
        Binding("slash", "search", "key.search", show=True),
        Binding("ctrl+l", "cycle_lang", "key.lang_filter", show=True),
        Binding("ctrl+r", "resume", "key.resume", show=True),
        Binding("escape", "focus_scenarios", "key.back", show=False),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.entries: list[ScenarioEntry] = []
        self.sessions: list[SessionEntry] = []
        self.lang_filter: str | None = None

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="home"):
            with Horizontal(id="filters"):
                yield Static(Content(t(lang, "home.scenarios")), classes="section-title")
                yield Input(placeholder=t(lang, "home.search"), id="search", compact=True)
                yield Static(id="lang-filter")
            table: DataTable[Text] = DataTable(
                id="scenarios", cursor_type="row", zebra_stripes=True
            )
            for key in ("title", "lang", "difficulty", "category", "minutes"):
                table.add_column(Text(t(lang, f"home.col.{key}")), key=key)
            yield table
            yield Static(Content(t(lang, "home.no_scenarios")), id="no-scenarios", classes="note")
            yield Static(Content(t(lang, "home.recent")), classes="section-title")
            with Horizontal(id="recent"):
                sessions: DataTable[Text] = DataTable(id="sessions", cursor_type="row")
                for key in ("when", "scenario", "overall", "status"):
                    sessions.add_column(Text(t(lang, f"home.col.{key}")), key=key)
                yield sessions
                yield Static(id="progress", classes="panel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress").border_title = t(self.lang, "home.progress")
        self.query_one("#search", Input).cursor_blink = self.casework.cursor_blink
        self._show_filter()
        self.run_worker(self._load(), group="home-load", exclusive=True)

    def on_screen_resume(self) -> None:
        # Back from a finished interview: the recent sessions changed.
        if self.entries:
            self.run_worker(self._load(), group="home-load", exclusive=True)

    async def _load(self) -> None:
        backend = self.casework.backend
        try:
            self.entries = await self.casework.call(backend.scenarios)
            self.sessions = await self.casework.call(backend.recent)
        except CaseworkError as exc:
            self.casework.report_error(exc)
        self._fill_scenarios()
        self._fill_sessions()
        self.query_one("#scenarios", DataTable).focus()

    def _show_filter(self) -> None:
        name = t(self.lang, f"lang.{self.lang_filter}" if self.lang_filter else "lang.all")
        self.query_one("#lang-filter", Static).update(
            Content(t(self.lang, "home.filter_now", lang=name))
        )

    def _fill_scenarios(self) -> None:
        table = self.query_one("#scenarios", DataTable)
        chosen = self._chosen_spec(table)
        table.clear()
        query = self.query_one("#search", Input).value
        lang = self.lang
        for entry in self.entries:
            if not matches(entry, query, self.lang_filter):
                continue
            title = Text(entry.title)
            if entry.is_default:
                title.append(f"  ({t(lang, 'home.default')})", style="dim")
            table.add_row(
                title,
                Text(t(lang, f"lang.{entry.lang}") if entry.lang in LANGS else entry.lang),
                Text(_label(lang, "difficulty", entry.difficulty)),
                Text(_label(lang, "category", entry.category)),
                Text(t(lang, "minutes", n=entry.minutes), justify="right"),
                key=entry.spec,
            )
        self.query_one("#no-scenarios").display = table.row_count == 0
        shown = [e for e in self.entries if matches(e, query, self.lang_filter)]
        # Keep the row the student was on (back from a briefing, a refill after a search),
        # else the default scenario.
        default = next((i for i, e in enumerate(shown) if e.spec == chosen), None)
        if default is None:
            default = next((i for i, e in enumerate(shown) if e.is_default), 0)
        if shown:
            table.move_cursor(row=default, animate=False)

    @staticmethod
    def _chosen_spec(table: DataTable) -> str | None:
        """The spec of the scenario row under the cursor, if there is one."""
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _fill_sessions(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear()
        lang = self.lang
        time_format = self.casework.time_format
        for s in self.sessions:
            overall = Text("—" if s.overall is None else f"{s.overall:.0f}", justify="right")
            status = t(lang, "home.status.done" if s.finished else "home.status.open")
            table.add_row(
                Text(time_format(s.started)), Text(s.title), overall, Text(status), key=s.id
            )
        if not self.sessions:
            self.query_one("#progress", Static).update(Content(t(lang, "home.no_sessions")))
            return
        # Oldest first, so each line reads left to right as progress over time.
        done = [s for s in reversed(self.sessions) if s.principles][-SPARK_SESSIONS:]
        rows = []
        for p in PRINCIPLES:
            label = PRINCIPLE_LABELS[p][lang][:13].ljust(13)
            rows.append(Content(label + " ") + sparkline([s.principles.get(p) for s in done]))
        self.query_one("#progress", Static).update(Content("\n").join(rows))

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self._fill_scenarios()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#scenarios", DataTable).focus()

    @on(DataTable.RowSelected, "#scenarios")
    def _open_scenario(self, event: DataTable.RowSelected) -> None:
        from simulator.tui.messages import ScenarioChosen

        spec = str(event.row_key.value)
        self.post_message(ScenarioChosen(spec))
        self.run_worker(self._brief(spec), group="open", exclusive=True)

    async def _brief(self, spec: str) -> None:
        from simulator.tui.screens.briefing import BriefingScreen

        try:
            scenario = await self.casework.call(self.casework.backend.load, spec)
        except CaseworkError as exc:
            self.casework.report_error(exc)
            return
        lang = self.casework.lang_for(scenario)
        self.casework.set_language(lang)
        self.casework.push_screen(BriefingScreen(scenario, lang, self.casework.config.mode))

    @on(DataTable.RowSelected, "#sessions")
    def _open_session(self, event: DataTable.RowSelected) -> None:
        chosen = next((s for s in self.sessions if s.id == event.row_key.value), None)
        if chosen is None:
            return
        if chosen.finished:
            self.run_worker(self._past_report(chosen), group="open", exclusive=True)
        else:
            self.casework.resume(chosen.id)

    async def _past_report(self, chosen: SessionEntry) -> None:
        from simulator.tui.screens.report import ReportScreen

        app = self.casework
        try:
            report = await app.call(app.backend.stored_report, chosen.id, self.lang)
        except CaseworkError as exc:
            app.report_error(exc)
            return
        app.push_screen(ReportScreen(report, self.lang))

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_scenarios(self) -> None:
        self.query_one("#scenarios", DataTable).focus()

    def action_cycle_lang(self) -> None:
        i = LANG_FILTERS.index(self.lang_filter)
        self.lang_filter = LANG_FILTERS[(i + 1) % len(LANG_FILTERS)]
        self._show_filter()
        self._fill_scenarios()

    def action_resume(self) -> None:
        self.run_worker(self._resume_latest(), group="resume-latest", exclusive=True)

    async def _resume_latest(self) -> None:
        app = self.casework
        try:
            session_id = await app.call(app.backend.latest_unfinished)
        except CaseworkError as exc:
            app.report_error(exc)
            return
        if session_id is None:
            self.notify(t(self.lang, "home.resume_none"), markup=False)
            return
        app.resume(session_id)


def _label(lang: str, kind: str, value: str) -> str:
    key = f"{kind}.{value}"
    from simulator.tui.strings import STRINGS

    return t(lang, key) if key in STRINGS else value
