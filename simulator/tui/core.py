"""``CoreBackend``: the real catalog, scorer, Session, store, self-assessment and reports.

All methods run on the app's core thread (``CaseworkApp.call``); the store is opened there
on first use, so one SQLite connection serves one thread.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from simulator.errors import CaseworkError
from simulator.tui.backend import (
    Line,
    Play,
    ScenarioEntry,
    SessionEntry,
    TurnView,
    fresh_seed,
    turn_view,
)


def _rule_ids_known(scenario: Any) -> bool:
    """Whether every rule id the scenario's conditions name is in its rulebook, which loads
    without error. ``load`` has run every other check of the scenario (the rulebook-free
    ones), so the full check (``validate_scenario`` with rulebooks) would then find nothing:
    it is skipped, and with it the import of the format's specs and YAML loader. False
    (an unknown id, a rulebook that does not load, anything unusual) sends the scenario
    through the full check, which reports the problem in its own words and places."""
    from simulator.scoring.rulebook import load_rulebooks

    if not scenario.lang:
        return False
    used: set[str] = set()
    stack = [b.when for beat in scenario.beats for b in (*beat.branches, beat.fallback)]
    while stack:
        cond = stack.pop()
        if cond is None:
            continue
        if cond.op == "rule":
            used.update(cond.arg)
        stack.extend(cond.children)
    if not used and not scenario.rules:
        return True  # the full check has nothing to look up either
    try:
        book = load_rulebooks(scenario.lang, extra=tuple(scenario.rules))
    except CaseworkError:
        return False
    return used <= set(book.rule_ids)


class LazyScorer:
    """The scorer, compiled on first use instead of before the interview opens.

    Compiling a rulebook takes longer than opening the interview; the interview screen asks
    the core thread to ``ready()`` it straight after it is shown, long before a student can
    type a reply. Only the core thread calls it, so no lock is needed.
    """

    def __init__(self, lang: str, build: Callable[[], Any]) -> None:
        self.lang = lang
        self._build = build
        self._scorer: Any = None

    def ready(self) -> Any:
        """The real scorer, compiled now if it was not yet."""
        if self._scorer is None:
            self._scorer = self._build()
        return self._scorer

    def score(self, text: str, ctx: Any) -> Any:
        return self.ready().score(text, ctx)

    def summarize(self, turns: Any) -> Any:
        return self.ready().summarize(turns)

    def hint(self, stage: str) -> str:
        return self.ready().hint(stage)


class CoreBackend:
    """The product's backend.

    Args:
        db: The session database (``--db``); None: the store's default.
    """

    def __init__(self, db: str | None = None) -> None:
        self.db = db
        self._store: Any = None
        self._scorers: dict[tuple[str, tuple[str, ...]], Any] = {}

    @property
    def store(self) -> Any:
        """The session store, opened on first use."""
        if self._store is None:
            from simulator.store import open_store

            self._store = open_store(self.db)
        return self._store

    def prepare(self) -> None:
        """Get ready for ``begin`` while the first screen is read (the core thread calls it
        when the app opens): load the session and store modules and open the store. A
        problem is left for the call that needs the store to report."""
        import simulator.session  # noqa: F401
        import simulator.store  # noqa: F401

        try:
            self.store  # noqa: B018
        except CaseworkError:
            pass

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- scenarios ---------------------------------------------------------------------

    def scenarios(self) -> list[ScenarioEntry]:
        from simulator.catalog import list_scenarios

        return [
            ScenarioEntry(
                spec=str(entry.path),
                id=entry.id,
                title=entry.title,
                lang=entry.lang,
                difficulty=entry.difficulty,
                category=entry.category,
                minutes=entry.minutes,
                is_default=entry.default,
            )
            for entry in list_scenarios()
        ]

    def load(self, spec: str) -> Any:
        """The scenario ``spec`` names (an id or a path), as ``catalog.resolve`` finds it.

        The scenario is loaded and checked except for the rule ids its conditions name:
        that check compiles the whole rulebook, so it is left to ``warm``, which runs in
        the background once the interview is on screen (and reports any problem there). A
        file unchanged since it last passed that check is taken from the cache of checked
        scenarios (``simulator.scenario.cache``).
        """
        from simulator.catalog import resolve

        path = self._scenario_path(spec)
        if path is None:
            return resolve(spec)  # not found by name: resolve says why, or finds it by id
        scenario = self._checked(path)
        if not (Path(spec).is_file() or scenario.id == spec):
            return resolve(spec)
        return scenario

    def _checked(self, path: Path) -> Any:
        """The scenario in ``path``, checked as ``load`` says: from the cache of checked
        scenarios when the file is unchanged since it last passed, else checked in full
        (and then cached if it has no error). Raises ``LoadError`` with every problem."""
        from simulator.errors import LoadError
        from simulator.scenario import cache

        source = cache.read_source(path)
        if source is not None:
            scenario = cache.lookup(str(path), source)
            if scenario is not None:
                return scenario
        from simulator.scenario.load import check_scenario

        scenario, problems = check_scenario(path, rulebooks=False)
        if scenario is None:
            raise LoadError(f"{path}: the scenario has errors", problems.errors)
        if source is not None and cache.read_source(path) == source:  # not changed meanwhile
            cache.store(str(path), source, scenario)
        return scenario

    def _scenario_path(self, spec: str) -> Path | None:
        """The file for ``spec``: a path as given, else a catalog file named after the id."""
        from simulator.catalog import SUFFIXES, scenario_files, shipped_dir, user_dirs

        if "/" in spec or spec.endswith(SUFFIXES) or Path(spec).is_file():
            return Path(spec) if Path(spec).is_file() else None
        for root in (shipped_dir(), *user_dirs()):
            for path in scenario_files(root):
                if path.stem == spec:
                    return path
        return None

    def check(self, scenario: Any) -> None:
        """The rule-id check ``load`` left out; raises ``LoadError`` on a problem.

        The scenario in memory is checked, with the positions its loader kept; they serve
        only to place problems, so they are dropped afterwards (a scenario checked again,
        without them, is checked from its file, as ``casework validate`` would). When every
        rule id it names is in its rulebook, the full check is skipped (``_rule_ids_known``).
        """
        from simulator.errors import LoadError, Problems

        if scenario.path is None:
            return
        if "positions" not in scenario.extra:
            from simulator.scenario.load import check_scenario

            checked, problems = check_scenario(scenario.path)
            if checked is None:
                raise LoadError(f"{scenario.path}: the scenario has errors", problems.errors)
            return
        problems = Problems()
        if not _rule_ids_known(scenario):
            from simulator.scenario.validate import validate_scenario

            validate_scenario(scenario, problems, rulebooks=True)
        errors = sorted(problems.errors, key=lambda p: (p.path, p.line, p.col))
        if errors:
            raise LoadError(f"{scenario.path}: the scenario has errors", errors)
        scenario.extra.pop("positions", None)
        scenario.extra.pop("key_positions", None)

    # -- sessions ----------------------------------------------------------------------

    def recent(self, limit: int = 8) -> list[SessionEntry]:
        return [
            SessionEntry(
                id=s.id,
                scenario_id=s.scenario,
                title=s.scenario_title or s.scenario,
                started=s.started,
                finished=s.status == "finished",
                overall=s.overall,
                principles=dict(s.principles),
            )
            for s in self.store.list(limit)
        ]

    def latest_unfinished(self) -> str | None:
        return self.store.latest_unfinished()

    def _scorer(self, scenario: Any) -> Any:
        """A lazily compiled scorer for the scenario; compiled ones are kept for reuse."""
        key = (scenario.lang, tuple(str(r) for r in scenario.rules))

        def build() -> Any:
            if key not in self._scorers:
                from simulator.scoring import make_scorer

                self._scorers[key] = make_scorer(scenario.lang, extra_rules=scenario.rules)
            return self._scorers[key]

        return LazyScorer(scenario.lang, build)

    def warm(self, play: Play) -> None:
        """Check the scenario's rule ids and compile the session's scorer now (called once
        the interview is on screen)."""
        self.check(play.scenario)
        ready = getattr(play.scorer, "ready", None)
        if ready is not None:
            ready()
        # The compiled rulebook is many long-lived objects: after one collection, keep what
        # is alive out of the collector's full passes, which would otherwise pause the
        # interface now and then during the interview.
        gc.collect()
        gc.freeze()

    def hint(self, play: Play, stage: str) -> str:
        """What ``stage`` calls for, from the scorer's rulebook."""
        return play.scorer.hint(stage)

    def begin(self, scenario: Any, *, seed: int | None, mode: str) -> Play:
        from simulator.session import Session
        from simulator.store import SessionMeta, TurnRecorder, default_student

        scorer = self._scorer(scenario)
        seed = fresh_seed() if seed is None else seed
        session = Session(scenario, scorer, seed=seed, mode=mode)
        opening = session.start()
        session_id = self.store.create_session(
            SessionMeta(
                scenario=scenario.id,
                lang=scenario.lang,
                seed=seed,
                mode=mode,
                scenario_version=scenario.version,
                scenario_path=str(scenario.path or ""),
                scenario_title=scenario.title,
                student=default_student(),
                turns=tuple(session.turns),
                snapshot=session.snapshot(),
            )
        )
        session.on_turn = TurnRecorder(self.store, session_id)
        return Play(
            scenario=scenario,
            session=session,
            scorer=scorer,
            mode=mode,
            seed=seed,
            session_id=session_id,
            lines=[Line("client", opening.text, opening.stage)],
        )

    def resume(self, session_id: str) -> Play:
        from simulator.store.resume import resume_session

        session, sid = resume_session(
            self.store, session_id, self._scorer, load_scenario=self._scenario_of
        )
        lines = [
            Line(str(t.get("speaker")), str(t.get("text", "")), t.get("stage"))
            for t in session.turns
        ]
        ending = None if session.ending is None else session.ending.to_dict()
        if ending is not None:
            # Killed between its last turn and being marked finished: finish it now.
            self.store.finish(sid, ending, session.scores().to_dict())
        return Play(
            scenario=session.scenario,
            session=session,
            scorer=session.scorer,
            mode=session.mode,
            seed=session.seed,
            session_id=sid,
            lines=lines,
            ending=ending,
        )

    def _scenario_of(self, stored: Any) -> Any:
        from simulator.store.resume import load_stored_scenario

        return load_stored_scenario(stored)

    def reply(self, play: Play, text: str) -> TurnView:
        result = play.session.reply(text)
        view = turn_view(result)
        play.lines.append(Line("worker", text, view.score.stage))
        if view.client is not None:
            play.lines.append(view.client)
        if view.ending is not None:
            play.ending = view.ending
            if play.session_id is not None:
                scores = play.session.scores().to_dict()
                self.store.finish(play.session_id, view.ending, scores)
        return view

    def stop(self, play: Play, title: str) -> None:
        play.ending = {"id": "stopped", "kind": "other", "outcome": "poor", "title": title}
        if play.session_id is not None:
            scores = play.session.scores().to_dict()
            self.store.finish(play.session_id, play.ending, scores)

    # -- after the interview -------------------------------------------------------------

    def save_self_assessment(self, play: Play, ratings: Mapping[str, Any]) -> None:
        from simulator.selfassess import SelfAssessment

        assessment = SelfAssessment.from_dict(ratings)
        if play.session_id is not None:
            self.store.save_self_assessment(play.session_id, assessment)
        play.self_assessment = assessment

    def report(self, play: Play, lang: str) -> Any:
        """The report model (``simulator.report.Report``) of the session being played."""
        return self.stored_report(play.session_id, lang)

    def stored_report(self, session_id: str, lang: str) -> Any:
        """The report model of any stored session."""
        from simulator.report import build_report

        return build_report(self.store.get(session_id), lang)

    def export(self, report: Any, fmt: str, directory: Path) -> Path:
        """Write ``report`` as ``fmt`` (md, html, json) into ``directory``, owner-only."""
        from simulator.fsutil import write_private
        from simulator.report import FORMATS, render

        if fmt not in FORMATS:
            raise CaseworkError(f"unknown report format {fmt!r}")
        name = f"casework-{report.session.get('scenario')}-{report.session.get('id')}.{fmt}"
        return write_private(Path(directory) / name, render(report, fmt))
