"""The report as Markdown, in the session's language.

Text from the student or the scenario is escaped (backslash before Markdown punctuation,
line breaks folded), so a reply such as ``<script>`` or ``| x |`` stays plain text in any
Markdown viewer and cannot break a table.
"""

from __future__ import annotations

import re

from simulator.report.labels import (
    ending_text,
    fit_label,
    measures,
    move_label,
    role_label,
    score_text,
    signed,
    stage_label,
)
from simulator.report.model import FindingNote, Point, Report
from simulator.report.strings import t
from simulator.vocab import PRINCIPLE_LABELS

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def md_escape(text: str) -> str:
    """``text`` as inert Markdown on one line."""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def _code(text: str) -> str:
    """Text for an inline code span (no backticks or line breaks can end it early)."""
    return " ".join(str(text).replace("`", "'").split())


def _finding(f: FindingNote, lang: str) -> str:
    where = t(lang, "turn_n", n=f.turn)
    quote = f" — “{md_escape(f.excerpt)}”" if f.excerpt else ""
    return f"{where}: **{signed(f.delta)}** {md_escape(f.message)}{quote} (`{_code(f.rule)}`)"


def _point(p: Point, lang: str, empty_key: str) -> list[str]:
    lines = [
        f"- **{md_escape(p.label)}** ({score_text(p.score, lang)})",
        f"  - {t(lang, 'definition')}: {md_escape(p.definition)}",
        f"  - {t(lang, 'source')}: {md_escape(p.source)}",
    ]
    if p.evidence:
        lines += [f"  - {_finding(f, lang)}" for f in p.evidence]
    else:
        lines.append(f"  - {t(lang, empty_key)}")
    return lines


def render_md(report: Report) -> str:
    """The whole report as Markdown text."""
    lang = report.lang
    s = report.session
    title = s.get("scenario_title") or s.get("scenario") or ""
    out = [f"# {t(lang, 'title')}: {md_escape(title)}", ""]
    status = s.get("status") or "interrupted"
    rows = [
        (t(lang, "session"), s.get("id") or "—"),
        (t(lang, "scenario"), f"{s.get('scenario')} {s.get('scenario_version') or ''}".strip()),
        (t(lang, "student"), s.get("student") or "—"),
        (t(lang, "date"), s.get("started") or "—"),
        (t(lang, "status"), t(lang, f"status.{status}")),
        (
            t(lang, "mode"),
            t(lang, f"mode.{s.get('mode')}")
            if s.get("mode") in ("coach", "exam")
            else s.get("mode"),
        ),
        (t(lang, "seed"), s.get("seed")),
        (t(lang, "worker_turns"), s.get("worker_turns")),
        (t(lang, "ending"), ending_text(report.ending, lang)),
    ]
    out += [f"- {k}: {md_escape(str(v))}" for k, v in rows]
    out += ["", f"**{t(lang, 'overall')}: {score_text(report.overall, lang)}**", ""]
    if report.cap:
        out += [md_escape(report.cap.text), ""]

    out += [f"## {t(lang, 'principles')}", ""]
    out += [
        f"| {t(lang, 'principle')} | {t(lang, 'engine')} | {t(lang, 'self')} | {t(lang, 'gap')} |",
        "|---|---:|---:|---:|",
    ]
    for p in report.principles:
        own = f"{p.self_rating}/5 ({p.self_points:.0f})" if p.self_rating else "—"
        gap = f"{p.gap:+.0f}" if p.gap is not None else "—"
        out.append(f"| {md_escape(p.label)} | {score_text(p.score, lang)} | {own} | {gap} |")
    out.append("")
    out += [f"### {t(lang, 'reasons')}", ""]
    for p in report.principles:
        out.append(f"**{md_escape(p.label)}** — {md_escape(p.definition)}")
        out.append("")
        out += [f"- {_finding(f, lang)}" for f in p.findings] or [f"- {t(lang, 'no_reasons')}"]
        out.append("")

    out += [f"## {t(lang, 'calibration')}", ""]
    c = report.calibration
    if c is None:
        out += [t(lang, "no_self"), ""]
    else:
        out += [
            t(lang, "calibration_note"),
            "",
            f"- {t(lang, 'mean_gap')}: {c.mean_gap:+.1f} — {t(lang, 'gap_' + c.verdict)}",
            f"- {t(lang, 'stage_handling')}: {t(lang, 'engine')} "
            f"{score_text(c.stage_engine, lang)}, {t(lang, 'self')} {c.stage_self}/5 "
            f"({c.stage_self_points:.0f})"
            + (f", {t(lang, 'gap')} {c.stage_gap:+.0f}" if c.stage_gap is not None else ""),
            f"- {t(lang, 'went_well')}: {md_escape(c.went_well) or '—'}",
            f"- {t(lang, 'do_differently')}: {md_escape(c.do_differently) or '—'}",
            "",
        ]

    st = report.stages
    out += [f"## {t(lang, 'stages')}", "", f"### {t(lang, 'coverage')}", ""]
    out += [f"| {t(lang, 'stage')} | {t(lang, 'turns')} |", "|---|---:|"]
    out += [f"| {stage_label(k, lang)} | {v} |" for k, v in st.coverage.items()]
    out += ["", f"### {t(lang, 'order')}", ""]
    for seg in st.order:
        back = f" — **{t(lang, 'went_back')}**" if seg.went_back else ""
        span = t(lang, "turns_range", a=seg.first_turn, b=seg.last_turn)
        out.append(f"1. {stage_label(seg.stage, lang)} ({span}){back}")
    out += ["", f"### {t(lang, 'premature')}", ""]
    for n in st.premature:
        moves = ", ".join(move_label(m, lang) for m in n.moves)
        out.append(
            f"- {t(lang, 'turn_n', n=n.turn)} ({stage_label(n.stage, lang)}; {moves}): "
            f"{md_escape(n.reason)}"
        )
    if not st.premature:
        out.append(t(lang, "no_premature"))
    if st.late_or_off:
        out += ["", f"### {t(lang, 'late_off')}", ""]
        for n in st.late_or_off:
            out.append(
                f"- {t(lang, 'turn_n', n=n.turn)} ({fit_label(n.fit, lang)}): {md_escape(n.reason)}"
            )
    out.append("")

    out += [f"## {t(lang, 'roles')}", ""]
    roles = sorted(report.roles.items(), key=lambda kv: -kv[1])
    out += [f"- {role_label(r, lang)}: {n}×" for r, n in roles] or [t(lang, "no_roles")]
    out += ["", f"## {t(lang, 'measures')}", ""]
    out += [f"- {label}: {value}" for label, value in measures(report.measures, lang)]
    out += ["", f"## {t(lang, 'strengths')}", ""]
    for p in report.strengths:
        out += _point(p, lang, "no_evidence_strength")
    out += ["", f"## {t(lang, 'improvements')}", ""]
    for p in report.improvements:
        out += _point(p, lang, "no_evidence_improve")

    out += ["", f"## {t(lang, 'transcript')}", ""]
    for turn in report.transcript:
        if turn.speaker == "worker":
            out.append(
                f"**{t(lang, 'worker')} — {t(lang, 'turn_n', n=turn.worker_turn)}** "
                f"({stage_label(turn.stage, lang)}; {fit_label(turn.fit, lang)})"
            )
            out.append(f"> {md_escape(turn.text)}")
            out.append("")
            if turn.moves:
                moves = ", ".join(move_label(m, lang) for m in turn.moves)
                out.append(f"- {t(lang, 'moves')}: {moves}")
            if turn.fit_reason:
                out.append(f"- {t(lang, 'fit')}: {md_escape(turn.fit_reason)}")
            for f in turn.findings:
                target = (
                    PRINCIPLE_LABELS[f.principle][lang] if f.principle in PRINCIPLE_LABELS else ""
                )
                label = f"{target} {signed(f.delta)}: " if target else ""
                out.append(f"- {label}{md_escape(f.message)} (`{_code(f.rule)}`)")
        else:
            out.append(f"**{t(lang, 'client')}** ({stage_label(turn.stage, lang)})")
            out.append(f"> {md_escape(turn.text)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
