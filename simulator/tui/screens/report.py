"""Report: overall score, engine vs self per principle, calibration gap, ending, stage
coverage, roles, the turn timeline with its findings, and export.

The screen reads the report model (``simulator.report.Report``) that the exports render.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.errors import CaseworkError
from simulator.tui.messages import ReportExported
from simulator.tui.screens.base import CaseworkScreen
from simulator.tui.strings import t
from simulator.tui.widgets.coach_panel import finding_content
from simulator.tui.widgets.footer import KeyFooter
from simulator.tui.widgets.score_bars import bar
from simulator.vocab import PRINCIPLE_LABELS, ROLE_LABELS, STAGE_LABELS, STAGES


def _panel(title: str, body: Content, id: str) -> Static:
    panel = Static(body, id=id, classes="panel")
    panel.border_title = title
    return panel


class ReportScreen(CaseworkScreen[None]):
    """The session's report, exportable as Markdown, HTML or JSON."""

    BINDINGS = [
        Binding("m", "export('md')", "key.export_md", show=True),
        Binding("h", "export('html')", "key.export_html", show=True),
        Binding("j", "export('json')", "key.export_json", show=True),
        Binding("escape", "home", "key.home", show=True),
    ]

    def __init__(
        self,
        report: Any,
        lang: str,
        *,
        client_name: str | None = None,
        stages: Sequence[str] | None = None,
    ) -> None:
        super().__init__(lang)
        self.report = report
        self.client_name = client_name or t(lang, "iv.client")
        covered = report.stages.coverage
        self.stages = tuple(stages) if stages else tuple(s for s in STAGES if s in covered)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(id="report"):
            yield Static(
                Content(
                    str(self.report.session.get("scenario_title") or "")
                    + " — "
                    + t(lang, "rep.title")
                ),
                classes="section-title",
            )
            yield Static(self._headline(), id="headline")
            yield _panel(t(lang, "rep.principles"), self._principles(), "principles")
            yield _panel(t(lang, "rep.stages"), self._stages(), "coverage")
            yield _panel(t(lang, "rep.roles"), self._roles(), "roles")
            yield _panel(t(lang, "rep.timeline"), self._timeline(), "timeline")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#report").focus()

    def _headline(self) -> Content:
        r, lang = self.report, self.lang
        overall = "—" if r.overall is None else f"{r.overall:.0f}"
        parts = [Content.styled(t(lang, "rep.overall", score=overall), "bold")]
        if r.cap:
            parts.append(Content(r.cap.text))  # why a ceiling capped it, plain text
        if r.ending:
            outcome = str(r.ending.get("outcome") or "")
            outcome_text = (
                t(lang, f"outcome.{outcome}") if outcome in ("good", "mixed", "poor") else outcome
            )
            parts.append(
                Content(
                    t(
                        lang,
                        "rep.ending",
                        title=str(r.ending.get("title") or ""),
                        outcome=outcome_text,
                    )
                )
            )
        else:
            parts.append(Content(t(lang, "rep.no_ending")))
        return Content("\n").join(parts)

    def _principles(self) -> Content:
        r, lang = self.report, self.lang
        engine_word, self_word = t(lang, "rep.engine"), t(lang, "rep.self")
        rows: list[Content] = [
            Content.assemble(
                " " * 21,
                (engine_word[:16].ljust(17), "bold $primary"),
                (self_word[:16], "bold $secondary"),
            )
        ]
        for p in r.principles:
            engine, own = p.score, p.self_points
            label = PRINCIPLE_LABELS.get(p.id, {}).get(lang, p.label)
            rows.append(
                Content(label[:20].ljust(21))
                + bar(engine, 12, "$primary")
                + Content("  —  " if engine is None else f" {engine:3.0f} ")
                + bar(own, 12, "$secondary")
                + Content(" —" if own is None else f" {own:3.0f}")
            )
        cal = r.calibration
        if cal is None:
            gap = t(lang, "rep.no_self")
        else:
            gap = (
                t(lang, "rep.gap_value", gap=cal.mean_gap) + " " + t(lang, f"rep.gap_{cal.verdict}")
            )
        rows.append(Content.assemble((t(lang, "rep.gap") + ": ", "bold"), gap))
        return Content("\n").join(rows)

    def _stages(self) -> Content:
        r, lang = self.report, self.lang
        rows = []
        for stage in self.stages:
            n = int(r.stages.coverage.get(stage, 0))
            label = STAGE_LABELS.get(stage, {}).get(lang, stage)
            rows.append(
                Content(f"{label[:28].ljust(28)} ")
                + Content.styled("■" * min(n, 30), "$accent")
                + Content(" " + t(lang, "rep.turns_n", n=n))
            )
        return Content("\n").join(rows)

    def _roles(self) -> Content:
        r, lang = self.report, self.lang
        seen = [(role, n) for role, n in r.roles.items() if n]
        if not seen:
            return Content(t(lang, "rep.no_roles"))
        return Content(", ").join(
            Content(f"{ROLE_LABELS.get(role, {}).get(lang, role)} ×{n}") for role, n in seen
        )

    def _timeline(self) -> Content:
        lang = self.lang
        rows: list[Content] = []
        name = self.client_name
        for i, turn in enumerate(self.report.transcript):
            who = name if turn.speaker == "client" else t(lang, "iv.worker")
            stage = STAGE_LABELS.get(turn.stage or "", {}).get(lang, "")
            rows.append(
                Content.assemble((f"{who}", "bold"), (f"  · {stage}" if stage else "", "dim"))
            )
            rows.append(Content("  ") + Content(turn.text))
            for f in turn.findings:
                rows.append(finding_content(f, turn.text, lang, indent="  "))
            if i < len(self.report.transcript) - 1:
                rows.append(Content(""))
        return Content("\n").join(rows)

    def action_export(self, fmt: str) -> None:
        self.run_worker(self._export(fmt), group="export", exclusive=True)

    async def _export(self, fmt: str) -> None:
        app = self.casework
        try:
            path = await app.call(app.backend.export, self.report, fmt, app.export_dir)
        except (CaseworkError, OSError) as exc:
            why = exc.message if isinstance(exc, CaseworkError) else str(exc)
            self.notify(t(self.lang, "rep.export_failed", why=why), severity="error", markup=False)
            return
        self.notify(t(self.lang, "rep.exported", path=str(path)), markup=False)
        self.post_message(ReportExported(fmt, path))

    def action_home(self) -> None:
        self.casework.go_home()
