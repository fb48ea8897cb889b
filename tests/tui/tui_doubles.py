"""Test doubles for the TUI tests, used only while the real catalog and scorer are missing.

``fixture_scenario`` is a small interview built from the scenario model; ``PhraseScorer``
judges a reply by a few phrases, with real spans; ``FixtureBackend`` is the product's
``CoreBackend`` with only the catalog and the scorer replaced: Session, store (a temporary
SQLite file) and self-assessment are the real ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.scenario.model import Beat, Branch, Condition, Effects, Ending, Persona, Scenario
from simulator.scoring.model import Finding, ReplyScore, ScoreContext, ScoredTurn, SessionScores
from simulator.tui.backend import ScenarioEntry
from simulator.tui.core import CoreBackend
from simulator.vocab import PRINCIPLES

# phrase -> (move, principle, delta, why)
PHRASES: dict[str, tuple[str, str, float, str]] = {
    "selamat pagi": ("greeting", "acceptance", 0.5, "Salam membuka suasana."),
    "ceritakan": ("open_question", "openness", 1.0, "Pertanyaan terbuka mengundang cerita."),
    "kedengarannya": (
        "reflection_simple",
        "acceptance",
        1.0,
        "Refleksi menunjukkan Anda mendengar.",
    ),
    "bersama": ("plan_proposal", "participation", 1.0, "Rencana disusun bersama klien."),
    "salah ibu": ("blame", "acceptance", -2.0, "Menyalahkan klien merusak penerimaan."),
    "harus": ("advice", "participation", -1.0, "Saran tanpa diminta mengurangi partisipasi."),
}


class PhraseScorer:
    """A deterministic stand-in for ``simulator.scoring.make_scorer``."""

    def __init__(self, lang: str = "id") -> None:
        self.lang = lang

    def score(self, text: str, ctx: ScoreContext) -> ReplyScore:
        low = text.lower()
        deltas = dict.fromkeys(PRINCIPLES, 0.0)
        moves: list[str] = []
        findings: list[Finding] = []
        for phrase, (move, principle, delta, why) in PHRASES.items():
            at = low.find(phrase)
            if at < 0:
                continue
            moves.append(move)
            deltas[principle] += delta
            findings.append(
                Finding(f"test.{move}", (at, at + len(phrase)), why, delta, principle, move)
            )
        fit = "premature" if "plan_proposal" in moves and ctx.stage == "engagement" else "fits"
        return ReplyScore(
            tuple(moves), deltas, ctx.stage or "engagement", fit, "", (), tuple(findings)
        )

    def summarize(self, turns: Sequence[ScoredTurn]) -> SessionScores:
        scored = [t for t in turns if t.score is not None]
        per = {
            p: max(0.0, min(100.0, 50 + 20 * sum(t.score.principles[p] for t in scored)))
            for p in PRINCIPLES
        }
        coverage: dict[str, int] = {}
        for t in scored:
            coverage[t.stage or ""] = coverage.get(t.stage or "", 0) + 1
        return SessionScores(sum(per.values()) / len(per), per, {}, coverage, {"counselor": 1})

    def hint(self, stage: str) -> str:
        return f"Tahap {stage}: dengarkan dan refleksikan."


def _cond(op: str, arg: object = None) -> Condition:
    return Condition(op=op, arg=arg)


def fixture_scenario(
    *, title: str = "Bu Sri dan warungnya", client_line: str | None = None, lang: str = "id"
) -> Scenario:
    """Three beats and two endings; any reply moves the interview on, blame ends it."""

    def goto(target: str, when: Condition | None = None) -> Branch:
        return Branch(when=when, goto=target, end=None, effects=Effects())

    def end(target: str, when: Condition | None = None) -> Branch:
        return Branch(when=when, goto=None, end=target)

    blame = end("left", _cond("move", ("blame",)))
    beats = (
        Beat(
            "opening",
            "engagement",
            (
                client_line or "Permisi, Bu. Saya disuruh Pak RT ke sini.",
                client_line or "Selamat pagi, Bu. Saya Sri.",
            ),
            branches=(blame,),
            fallback=goto("story"),
        ),
        Beat(
            "story",
            "assessment",
            ("Warung saya sepi, utang menumpuk.",),
            branches=(blame,),
            fallback=goto("plan"),
        ),
        Beat(
            "plan",
            "planning",
            ("Jadi saya harus mulai dari mana, Bu?",),
            branches=(blame, end("agreed", _cond("move", ("plan_proposal",)))),
            fallback=goto("plan"),
        ),
    )
    endings = (
        Ending("agreed", "plan_agreed", "good", "Rencana disepakati", ("Baik, Bu. Terima kasih.",)),
        Ending("left", "withdrawal", "poor", "Klien pergi", ("Sudahlah, saya pulang saja.",)),
        Ending("out_of_time", "turn_limit", "mixed", "Waktu habis", ("Saya harus pulang.",)),
    )
    return Scenario(
        id="fixture-warung",
        title=title,
        lang=lang,
        difficulty="beginner",
        category="income",
        minutes=15,
        learning_goals=("Membangun relasi", "Menggali masalah sebenarnya"),
        author="tests",
        version="1.0",
        persona=Persona("Sri Wahyuni", 42, "female", ("Bu Sri", "Ibu"), "Pemilik warung kecil."),
        intake="Ibu Sri datang atas saran Pak RT. Warungnya sepi.",
        presenting_problem="warung sepi",
        real_problem="utang",
        facts=(),
        risk_flags=(),
        stages=("engagement", "assessment", "planning", "closing"),
        variables=(),
        start="opening",
        turn_limit=8,
        turn_limit_ending="out_of_time",
        beats=beats,
        endings=endings,
    )


class FixtureBackend(CoreBackend):
    """``CoreBackend`` with the fixture scenarios and ``PhraseScorer``."""

    def __init__(self, db: str, scenarios: Sequence[Scenario] | None = None) -> None:
        super().__init__(db)
        self.catalog = {s.id: s for s in (scenarios or [fixture_scenario()])}

    def scenarios(self) -> list[ScenarioEntry]:
        return [
            ScenarioEntry(
                spec=s.id,
                id=s.id,
                title=s.title,
                lang=s.lang,
                difficulty=s.difficulty,
                category=s.category,
                minutes=s.minutes,
                is_default=i == 0,
            )
            for i, s in enumerate(self.catalog.values())
        ]

    def load(self, spec: str) -> Any:
        return self.catalog[spec]

    def _scorer(self, scenario: Any) -> Any:
        return PhraseScorer(scenario.lang)

    def _scenario_of(self, stored: Any) -> Any:
        return self.catalog[stored.scenario]


def screen_text(app: Any) -> str:
    """The screen as plain text, as a user would read it (for asserting on what is shown)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def widget_text(app: Any, selector: str) -> str:
    """The plain text a widget shows (whole, before wrapping)."""
    rendered = app.screen.query_one(selector).render()
    return getattr(rendered, "plain", str(rendered))


def posted(messages: list[Any], kind: type) -> list[Any]:
    """Messages of ``kind`` from a ``message_hook`` list, each once (bubbling repeats them)."""
    seen: dict[int, Any] = {}
    for m in messages:
        if isinstance(m, kind):
            seen.setdefault(id(m), m)
    return list(seen.values())
