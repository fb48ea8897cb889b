"""Coach mode's feedback on the last reply: one line per finding, and the stage fit."""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.tui.strings import t
from simulator.vocab import MOVE_LABELS, PRINCIPLE_LABELS


def finding_content(finding: Any, reply: str, lang: str, indent: str = "") -> Content:
    """``+ Acceptance “the words” — why`` for one finding of ``reply``.

    The triggering words are the finding's span of the reply (or the report's excerpt of
    it); all text is shown literally.
    """
    words = getattr(finding, "excerpt", None)
    if words is None:
        start, end = finding.span
        words = reply[start:end].strip()
    if finding.principle:
        label = PRINCIPLE_LABELS.get(finding.principle, {}).get(lang, finding.principle)
        sign, style = ("+", "bold $success") if finding.delta >= 0 else ("−", "bold $error")
        if finding.delta == 0:
            sign, style = ("·", "bold")
    else:
        label = MOVE_LABELS.get(finding.move or "", {}).get(lang, finding.move or finding.rule)
        sign, style = "·", "bold"
    parts: list[str | tuple[str, str]] = [indent, (f"{sign} ", style), (label, "bold")]
    if words:
        parts.append(f" “{words}”")
    if finding.message:
        parts.append(("\n" + indent + "  " + finding.message, "dim"))
    return Content.assemble(*parts)


def score_content(score: Any, reply: str, lang: str) -> Content:
    """All findings of one reply, then the stage fit and its reason."""
    rows = [finding_content(f, reply, lang) for f in score.findings]
    if not rows:
        rows.append(Content(t(lang, "iv.coach.none")))
    fit = t(lang, f"fit.{score.stage_fit}") if score.stage_fit else ""
    fit_line = Content.styled(t(lang, "iv.fit", fit=fit), "italic")
    if score.stage_fit_reason:
        fit_line += Content(" — " + score.stage_fit_reason)
    rows.append(fit_line)
    return Content("\n").join(rows)


class CoachPanel(VerticalScroll):
    """The findings of the last reply (Coach mode) or a note that they wait (Exam mode)."""

    can_focus = False

    def __init__(
        self, lang: str, mode: str, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self.mode = mode
        self.border_title = t(lang, "iv.coach")

    def compose(self):
        note = "iv.coach.exam" if self.mode == "exam" else "iv.coach.empty"
        yield Static(Content(t(self.lang, note)), id="coach-body")

    def show_score(self, score: Any, reply: str) -> None:
        """Show the findings of ``reply`` (ignored in Exam mode)."""
        if self.mode == "exam":
            return
        self.query_one("#coach-body", Static).update(score_content(score, reply, self.lang))
        self.scroll_home(animate=False)

    def show_hint(self, stage_label: str, hint: str) -> None:
        """Show what the current stage calls for."""
        body = Content.assemble(
            (t(self.lang, "iv.hint", stage=stage_label), "bold $accent"), "\n", hint
        )
        self.query_one("#coach-body", Static).update(body)
        self.scroll_home(animate=False)
