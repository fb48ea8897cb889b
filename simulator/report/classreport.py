"""The class summary: many students' exported sessions in one table.

``build_class_report(sessions)`` gives a student x principle table (each student's mean over
their scored sessions), the class means, the weakest principles (lowest class means), the
weakest stages (lowest share of replies that fit the stage) and the most frequent findings.
Renderings: CSV (the table), Markdown and HTML (everything).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from simulator.report.caps import KINDS, overall_cap
from simulator.report.labels import score_text, stage_label
from simulator.report.model import json_map, json_number
from simulator.report.render_md import md_escape
from simulator.report.strings import t
from simulator.report.textsafe import terminal_safe
from simulator.store import StoredSession
from simulator.vocab import PRINCIPLE_LABELS, PRINCIPLES

WEAKEST = 3
FREQUENT = 10


@dataclass(frozen=True)
class StudentRow:
    """One student's means over their scored sessions."""

    student: str
    sessions: int
    overall: float | None
    principles: dict[str, float | None]


@dataclass(frozen=True)
class FrequentFinding:
    """A rule that fired often across the class."""

    rule: str
    count: int
    principle: str | None
    mean_delta: float
    message: str


@dataclass(frozen=True)
class ClassReport:
    """Everything the class summary shows."""

    lang: str
    rows: tuple[StudentRow, ...]
    means: dict[str, float | None]
    overall: float | None
    weakest_principles: tuple[str, ...]
    weakest_stages: tuple[tuple[str, float, int], ...]  # stage, fit share 0-1, replies judged
    frequent: tuple[FrequentFinding, ...]
    sessions: int
    capped: dict[str, int] = field(default_factory=dict)  # cap kind -> sessions it capped


def _distinct(sessions: Sequence[StoredSession]) -> list[StoredSession]:
    """The sessions with the same session exported twice counted once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s in sessions:
        if s.id is not None:
            key = (s.id, s.started or "")
            if key in seen:
                continue
            seen.add(key)
        out.append(s)
    return out


def _numbers(values: Iterable[Any]) -> list[float]:
    return [n for n in map(json_number, values) if n is not None]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def build_class_report(
    sessions: Sequence[StoredSession],
    *,
    lang: str = "en",
    name_of: Callable[[StoredSession], str] | None = None,
) -> ClassReport:
    """Summarise many sessions.

    Args:
        sessions: The sessions (from exports or transcripts); a session given twice (same
            id and start time) counts once.
        lang: The language of the summary.
        name_of: How to name a session's student (default: its ``student`` field, else
            "?"); the command passes a pseudonym function for ``--anonymize``.
    """
    name_of = name_of or (lambda s: s.student or "?")
    sessions = _distinct(sessions)
    by_student: dict[str, list[StoredSession]] = defaultdict(list)
    for s in sessions:
        by_student[name_of(s)].append(s)
    rows = []
    for student in sorted(by_student, key=str.casefold):
        scored = [s.scores for s in by_student[student] if isinstance(s.scores, Mapping)]
        principles = {
            p: _mean(_numbers(json_map(sc.get("principles")).get(p) for sc in scored))
            for p in PRINCIPLES
        }
        overall = _mean(_numbers(sc.get("overall") for sc in scored))
        rows.append(StudentRow(student, len(by_student[student]), overall, principles))
    means = {
        p: _mean([r.principles[p] for r in rows if r.principles[p] is not None]) for p in PRINCIPLES
    }
    overall = _mean([r.overall for r in rows if r.overall is not None])
    ranked = sorted((p for p in PRINCIPLES if means[p] is not None), key=lambda p: means[p])

    fits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    counts: Counter[str] = Counter()
    deltas: dict[str, list[float]] = defaultdict(list)
    first: dict[str, tuple[str | None, str]] = {}
    for s in sessions:
        for turn in s.turns:
            score = turn.get("score")
            if turn.get("speaker") != "worker" or not isinstance(score, Mapping):
                continue
            stage, fit = score.get("stage") or turn.get("stage"), score.get("stage_fit")
            if isinstance(stage, str) and stage and fit:
                fits[stage][1] += 1
                fits[stage][0] += fit == "fits"
            findings = score.get("findings")
            for f in findings if isinstance(findings, list) else ():
                if not isinstance(f, Mapping) or not f.get("rule"):
                    continue
                rule = str(f["rule"])
                counts[rule] += 1
                deltas[rule].append(json_number(f.get("delta")) or 0.0)
                principle = f.get("principle")
                first.setdefault(
                    rule,
                    (principle if isinstance(principle, str) else None, str(f.get("message", ""))),
                )
    stages = sorted(
        ((st, ok / n, n) for st, (ok, n) in fits.items() if n),
        key=lambda x: (x[1], -x[2]),
    )
    frequent = tuple(
        FrequentFinding(rule, n, first[rule][0], round(sum(deltas[rule]) / n, 2), first[rule][1])
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FREQUENT]
    )
    capped = dict.fromkeys(KINDS, 0)
    for s in sessions:
        cap = overall_cap(lang, s.scores, ()) if isinstance(s.scores, Mapping) else None
        if cap:
            capped[cap.kind] += 1
    return ClassReport(
        lang=lang,
        rows=tuple(rows),
        means=means,
        overall=overall,
        weakest_principles=tuple(ranked[:WEAKEST]),
        weakest_stages=tuple(stages[:WEAKEST]),
        frequent=frequent,
        sessions=len(sessions),
        capped=capped,
    )


def capped_text(report: ClassReport) -> str:
    """How many sessions a ceiling capped, and which (empty when none was)."""
    n = sum(report.capped.values())
    if not n:
        return ""
    return t(
        report.lang,
        "class_capped",
        n=n,
        total=report.sessions,
        skill=report.capped.get("skill", 0),
        conduct=report.capped.get("conduct", 0),
    )


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def render_csv(report: ClassReport) -> str:
    """The student x principle table as CSV (principle ids as headers; a class-mean row)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "sessions", *PRINCIPLES, "overall"])
    for r in report.rows:
        # A leading = + - @ would make a spreadsheet run the cell as a formula.
        name = "'" + r.student if r.student[:1] in ("=", "+", "-", "@") else r.student
        w.writerow(
            [name, r.sessions, *(_num(r.principles[p]) for p in PRINCIPLES), _num(r.overall)]
        )
    w.writerow(
        [
            "class mean",
            report.sessions,
            *(_num(report.means[p]) for p in PRINCIPLES),
            _num(report.overall),
        ]
    )
    return terminal_safe(buf.getvalue())


def render_class_md(report: ClassReport) -> str:
    """The whole class summary as Markdown."""
    lang = report.lang
    labels = [PRINCIPLE_LABELS[p][lang] for p in PRINCIPLES]
    out = [f"# {t(lang, 'class_title')}", "", f"{t(lang, 'sessions')}: {report.sessions}", ""]
    out.append(
        f"| {t(lang, 'student')} | {t(lang, 'sessions')} | "
        + " | ".join(labels)
        + f" | {t(lang, 'overall')} |"
    )
    out.append("|---|---:|" + "---:|" * (len(PRINCIPLES) + 1))
    for r in report.rows:
        cells = " | ".join(score_text(r.principles[p], lang) for p in PRINCIPLES)
        out.append(
            f"| {md_escape(r.student)} | {r.sessions} | {cells} | {score_text(r.overall, lang)} |"
        )
    cells = " | ".join(score_text(report.means[p], lang) for p in PRINCIPLES)
    out.append(
        f"| **{t(lang, 'class_means')}** | {report.sessions} | {cells} | {score_text(report.overall, lang)} |"
    )
    if capped_text(report):
        out += ["", md_escape(capped_text(report))]
    out += ["", f"## {t(lang, 'weakest_principles')}", ""]
    out += [
        f"1. {PRINCIPLE_LABELS[p][lang]}: {score_text(report.means[p], lang)}"
        for p in report.weakest_principles
    ]
    out += ["", f"## {t(lang, 'weakest_stages')}", ""]
    out += [
        f"1. {stage_label(st, lang)}: {share * 100:.0f}% {t(lang, 'fit_share')} ({n})"
        for st, share, n in report.weakest_stages
    ]
    out += ["", f"## {t(lang, 'frequent_findings')}", ""]
    out += [
        f"| {t(lang, 'rule')} | {t(lang, 'count')} | {t(lang, 'principle')} | Δ | {t(lang, 'message')} |"
    ]
    out.append("|---|---:|---|---:|---|")
    for f in report.frequent:
        principle = PRINCIPLE_LABELS.get(f.principle or "", {}).get(lang, "—")
        out.append(
            f"| {md_escape(f.rule)} | {f.count} | {principle} | {f.mean_delta:+g} | {md_escape(f.message)} |"
        )
    return terminal_safe("\n".join(out) + "\n")


def render_class_html(report: ClassReport) -> str:
    """The whole class summary as one self-contained HTML page."""
    from simulator.report.render_html import CSS

    lang = report.lang
    e = escape
    title = t(lang, "class_title")
    h = [
        f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{CSS}</style></head><body><main><h1>{e(title)}</h1>",
        f"<p>{e(t(lang, 'sessions'))}: {report.sessions}</p><table><tr><th>{e(t(lang, 'student'))}</th>"
        f'<th class="num">{e(t(lang, "sessions"))}</th>',
    ]
    h += [f'<th class="num">{e(PRINCIPLE_LABELS[p][lang])}</th>' for p in PRINCIPLES]
    h.append(f'<th class="num">{e(t(lang, "overall"))}</th></tr>')
    rows = [(r.student, r.sessions, r.principles, r.overall) for r in report.rows]
    rows.append((t(lang, "class_means"), report.sessions, report.means, report.overall))
    for name, n, principles, overall in rows:
        cells = "".join(
            f'<td class="num">{e(score_text(principles[p], lang))}</td>' for p in PRINCIPLES
        )
        h.append(
            f'<tr><td>{e(name)}</td><td class="num">{n}</td>{cells}'
            f'<td class="num">{e(score_text(overall, lang))}</td></tr>'
        )
    h.append("</table>")
    if capped_text(report):
        h.append(f'<p class="cap">{e(capped_text(report))}</p>')
    h.append(f"<h2>{e(t(lang, 'weakest_principles'))}</h2><ol>")
    h += [
        f"<li>{e(PRINCIPLE_LABELS[p][lang])}: {e(score_text(report.means[p], lang))}</li>"
        for p in report.weakest_principles
    ]
    h.append(f"</ol><h2>{e(t(lang, 'weakest_stages'))}</h2><ol>")
    h += [
        f"<li>{e(stage_label(st, lang))}: {share * 100:.0f}% {e(t(lang, 'fit_share'))} ({n})</li>"
        for st, share, n in report.weakest_stages
    ]
    h.append(
        f"</ol><h2>{e(t(lang, 'frequent_findings'))}</h2><table><tr><th>{e(t(lang, 'rule'))}</th>"
        f'<th class="num">{e(t(lang, "count"))}</th><th>{e(t(lang, "principle"))}</th>'
        f'<th class="num">Δ</th><th>{e(t(lang, "message"))}</th></tr>'
    )
    for f in report.frequent:
        principle = PRINCIPLE_LABELS.get(f.principle or "", {}).get(lang, "—")
        h.append(
            f'<tr><td class="rule">{e(f.rule)}</td><td class="num">{f.count}</td>'
            f'<td>{e(principle)}</td><td class="num">{f.mean_delta:+g}</td><td>{e(f.message)}</td></tr>'
        )
    h.append("</table></main></body></html>\n")
    return terminal_safe("".join(h))
