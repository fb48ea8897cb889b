"""Test doubles for the session tests: a tiny scenario built from the model dataclasses and a
keyword scorer. Neither is product code; the real scorer is ``simulator.scoring``."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.scenario.model import (
    Beat,
    Branch,
    Condition,
    Effects,
    Ending,
    Fact,
    Persona,
    Scenario,
    Walkthrough,
    WalkthroughStep,
)
from simulator.scoring.model import Finding, ReplyScore, ScoreContext, ScoredTurn, SessionScores
from simulator.vocab import PRINCIPLES

# word in the reply -> (move, acceptance delta, severity)
_KEYWORDS: dict[str, tuple[str, float, str]] = {
    "halo": ("greeting", 0.0, "minor"),
    "rasa": ("reflection_simple", 1.0, "minor"),
    "bersama": ("plan_proposal", 1.0, "minor"),
    "salah": ("blame", -2.0, "critical"),
    "harus": ("advice", -1.0, "minor"),
}


class KeywordTestScorer:
    """A test double for ``simulator.scoring.model.Scorer``: one keyword, one move.

    It records every ``ScoreContext`` it was given so tests can check what the session
    told the scorer.
    """

    def __init__(self, lang: str = "id") -> None:
        self.lang = lang
        self.contexts: list[ScoreContext] = []

    def score(self, text: str, ctx: ScoreContext) -> ReplyScore:
        self.contexts.append(ctx)
        moves: list[str] = []
        deltas = dict.fromkeys(PRINCIPLES, 0.0)
        findings: list[Finding] = []
        low = text.lower()
        for word, (move, delta, severity) in _KEYWORDS.items():
            at = low.find(word)
            if at >= 0:
                moves.append(move)
                deltas["acceptance"] += delta
                findings.append(
                    Finding(
                        f"test.{move}",
                        (at, at + len(word)),
                        move,
                        delta,
                        "acceptance",
                        move,
                        None,
                        severity,
                    )
                )
        if text.rstrip().endswith("?"):
            moves.append("open_question")
        fit = "premature" if "plan_proposal" in moves and not ctx.real_problem_reached else "fits"
        return ReplyScore(tuple(moves), deltas, ctx.stage or "", fit, "", (), tuple(findings))

    def summarize(self, turns: Sequence[ScoredTurn]) -> SessionScores:
        scored = [t.score for t in turns if t.score is not None]
        total = sum(sum(s.principles.values()) for s in scored)
        overall = max(0.0, min(100.0, 50.0 + 10.0 * total))
        return SessionScores(overall, dict.fromkeys(PRINCIPLES, overall), {"replies": len(scored)})

    def hint(self, stage: str) -> str:
        return f"hint for {stage}"


def cond(op: str, arg: object = None, *children: Condition) -> Condition:
    return Condition(op=op, arg=arg, children=tuple(children))


def tiny_scenario(turn_limit: int = 6, walkthroughs: tuple[Walkthrough, ...] = ()) -> Scenario:
    """Four beats, three endings, two core facts, a counter."""

    def goto(target: str, when: Condition | None = None, **effects: object) -> Branch:
        return Branch(when=when, goto=target, end=None, effects=Effects(**effects))

    def end(target: str, when: Condition | None = None) -> Branch:
        return Branch(when=when, goto=None, end=target)

    beats = (
        Beat(
            "opening",
            "engagement",
            ("Permisi, Bu.", "Selamat pagi.", "Saya disuruh Pak RT ke sini.", "Maaf mengganggu."),
            branches=(
                goto("listen", cond("move", ("greeting",))),
                end("withdrawn", cond("move", ("blame",))),
            ),
            fallback=goto("opening"),
        ),
        Beat(
            "listen",
            "assessment",
            ("Anak saya sakit.", "Saya bingung, Bu.", "Uangnya habis."),
            branches=(
                goto(
                    "opens_up",
                    cond("all", None, cond("move", ("reflection",)), cond("rapport_at_least", 1)),
                    add=(("asked", 1),),
                ),
                end("withdrawn", cond("move", ("blame",))),
            ),
            fallback=goto("listen", add=(("asked", 1),)),
            reveals=("sick_child",),
        ),
        Beat(
            "opens_up",
            "assessment",
            ("Sebenarnya saya pinjam online.", "Saya malu, Bu."),
            branches=(goto("planning", cond("revealed", ("debt",))),),
            fallback=goto("opens_up"),
            reveals=("debt",),
        ),
        Beat(
            "planning",
            "planning",
            ("Jadi saya harus bagaimana?",),
            branches=(end("plan", cond("move", ("plan_proposal",))),),
            fallback=goto("planning", set=(("asked", 9),), add=(("rapport", 20),)),
        ),
    )
    endings = (
        Ending("plan", "plan_agreed", "good", "Rencana disepakati", ("Baik, Bu. Terima kasih.",)),
        Ending("withdrawn", "withdrawal", "poor", "Klien pergi", ("Sudahlah, saya pulang.",)),
        Ending("out_of_time", "turn_limit", "mixed", "Waktu habis", ()),
    )
    return Scenario(
        id="tiny-test",
        title="Tiny",
        lang="id",
        difficulty="beginner",
        category="income",
        minutes=5,
        learning_goals=("test",),
        author="tests",
        version="1.0",
        persona=Persona("Sri Wahyuni", 42, "female", ("Bu Sri", "Ibu"), "bg"),
        intake="intake",
        presenting_problem="p",
        real_problem="r",
        facts=(
            Fact("sick_child", "Anaknya sakit.", core=True),
            Fact("debt", "Utang pinjol.", core=True),
        ),
        risk_flags=("needs_referral",),
        stages=("engagement", "assessment", "planning"),
        variables=(("asked", 0),),
        start="opening",
        turn_limit=turn_limit,
        turn_limit_ending="out_of_time",
        beats=beats,
        endings=endings,
        walkthroughs=walkthroughs,
    )


SKILLED = [
    "Halo Bu Sri, silakan duduk.",
    "Ibu rasa berat sekali ya.",
    "Ibu rasa malu.",
    "Kita susun rencana bersama?",
]


def step(reply: str, **kw: object) -> WalkthroughStep:
    return WalkthroughStep(reply=reply, **kw)  # type: ignore[arg-type]
