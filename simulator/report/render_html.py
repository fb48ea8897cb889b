"""The report as one self-contained HTML page.

Inline CSS, inline SVG bar charts, no script, no external reference of any kind (no
``src=``, ``<link>``, ``@import``, ``url(``): the page opens offline and can be mailed or
printed as it is. Every piece of student or scenario text goes through ``html.escape``.
"""

from __future__ import annotations

import re
from html import escape

from simulator import __version__
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

CSS = """
:root { --ink:#1d2430; --muted:#5b6472; --engine:#2f5d8a; --self:#d08c2b; --bad:#a23b3b;
  --good:#2e7d4f; --line:#d9dee5; }
* { box-sizing:border-box; }
body { font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink);
  margin:0; background:#fff; }
main { max-width:60rem; margin:0 auto; padding:1.5rem; }
h1 { font-size:1.6rem; margin:0 0 .5rem; } h2 { font-size:1.25rem; margin-top:2rem;
  border-bottom:2px solid var(--line); padding-bottom:.2rem; } h3 { font-size:1.05rem; }
dl.meta { display:grid; grid-template-columns:max-content 1fr; gap:.1rem 1rem; margin:0; }
dl.meta dt { color:var(--muted); } dl.meta dd { margin:0; }
.overall { font-size:1.3rem; font-weight:600; margin:1rem 0; }
.cap { margin:-0.5rem 0 1rem; }
table { border-collapse:collapse; width:100%; margin:.5rem 0; }
th, td { text-align:left; padding:.3rem .5rem; border-bottom:1px solid var(--line);
  vertical-align:top; } td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.legend span { display:inline-block; margin-right:1rem; }
.swatch { display:inline-block; width:.8rem; height:.8rem; margin-right:.3rem; }
.pos { color:var(--good); font-weight:600; } .neg { color:var(--bad); font-weight:600; }
.muted { color:var(--muted); } .rule { color:var(--muted); font-family:ui-monospace,monospace;
  font-size:.8rem; }
.turn { border-left:4px solid var(--line); padding:.3rem .8rem; margin:.6rem 0;
  break-inside:avoid; page-break-inside:avoid; }
.turn.worker { border-color:var(--engine); background:#f5f8fb; }
.turn .who { font-weight:600; } .turn p { margin:.2rem 0; white-space:pre-wrap; }
.turn ul { margin:.2rem 0 .2rem 1.2rem; padding:0; }
.point { margin:.6rem 0; break-inside:avoid; page-break-inside:avoid; }
.flag { color:var(--bad); font-weight:600; }
svg { display:block; }
@page { size:A4; margin:15mm; }
@media print {
  body { font-size:11pt; } main { max-width:none; padding:0; }
  h2 { break-after:avoid; page-break-after:avoid; }
  .turn.worker { background:none; }
  * { -webkit-print-color-adjust:exact; print-color-adjust:exact; }
}
"""

BAR_WIDTH = 240
_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _citation(text: str) -> str:
    """A source citation as plain text. The scheme of a web address is left out so the page
    holds no URL at all, not even as text a viewer might turn into a link."""
    return _SCHEME.sub("", text)


def _bars(engine: float | None, own: float | None, label: str) -> str:
    """Two horizontal bars (engine, self) on a 0-100 scale as inline SVG."""
    h = 12
    parts = [
        f'<svg width="{BAR_WIDTH}" height="{2 * h + 6}" viewBox="0 0 {BAR_WIDTH} {2 * h + 6}"'
        f' role="img" aria-label="{_e(label)}">',
        f'<rect x="0" y="0" width="{BAR_WIDTH}" height="{2 * h + 6}" fill="#f0f2f5"/>',
    ]
    for row, (value, color) in enumerate(((engine, "#2f5d8a"), (own, "#d08c2b"))):
        if value is None:
            continue
        w = max(0.0, min(100.0, value)) * BAR_WIDTH / 100
        parts.append(
            f'<rect x="0" y="{2 + row * (h + 2)}" width="{w:.1f}" height="{h}" fill="{color}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _coverage_chart(coverage: dict[str, int], lang: str) -> str:
    if not coverage:
        return ""
    top = max(coverage.values()) or 1
    row_h, label_w, bar_w = 22, 220, 260
    height = row_h * len(coverage) + 4
    parts = [
        f'<svg width="{label_w + bar_w + 40}" height="{height}" role="img"'
        f' aria-label="{_e(t(lang, "coverage"))}">'
    ]
    for i, (stage, n) in enumerate(coverage.items()):
        y = 2 + i * row_h
        w = n * bar_w / top
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="13" fill="#1d2430">'
            f"{_e(stage_label(stage, lang))}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="#2f5d8a"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="13" fill="#1d2430">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _finding(f: FindingNote, lang: str) -> str:
    cls = "pos" if f.delta > 0 else "neg" if f.delta < 0 else "muted"
    quote = f" — “{_e(f.excerpt)}”" if f.excerpt else ""
    return (
        f'<li>{_e(t(lang, "turn_n", n=f.turn))}: <span class="{cls}">{_e(signed(f.delta))}'
        f'</span> {_e(f.message)}{quote} <span class="rule">{_e(f.rule)}</span></li>'
    )


def _point(p: Point, lang: str, empty_key: str) -> str:
    items = "".join(_finding(f, lang) for f in p.evidence) or f"<li>{_e(t(lang, empty_key))}</li>"
    return (
        f'<div class="point"><h3>{_e(p.label)} ({_e(score_text(p.score, lang))})</h3>'
        f"<p><strong>{_e(t(lang, 'definition'))}:</strong> {_e(p.definition)}</p>"
        f'<p class="muted">{_e(t(lang, "source"))}: {_e(_citation(p.source))}</p><ul>{items}</ul></div>'
    )


def render_html(report: Report) -> str:
    """The whole report as a self-contained HTML document."""
    lang = report.lang
    s = report.session
    title = f"{t(lang, 'title')}: {s.get('scenario_title') or s.get('scenario') or ''}"
    status = s.get("status") or "interrupted"
    mode = s.get("mode")
    meta = [
        (t(lang, "session"), s.get("id") or "—"),
        (t(lang, "scenario"), f"{s.get('scenario')} {s.get('scenario_version') or ''}".strip()),
        (t(lang, "student"), s.get("student") or "—"),
        (t(lang, "date"), s.get("started") or "—"),
        (t(lang, "status"), t(lang, f"status.{status}")),
        (t(lang, "mode"), t(lang, f"mode.{mode}") if mode in ("coach", "exam") else mode),
        (t(lang, "seed"), s.get("seed")),
        (t(lang, "worker_turns"), s.get("worker_turns")),
        (t(lang, "ending"), ending_text(report.ending, lang)),
    ]
    h: list[str] = [
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>",
        f'<h1>{_e(title)}</h1><dl class="meta">',
        "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta),
        "</dl>",
        f'<p class="overall">{_e(t(lang, "overall"))}: {_e(score_text(report.overall, lang))}</p>',
    ]
    if report.cap:
        h.append(f'<p class="cap">{_e(report.cap.text)}</p>')

    h.append(f"<h2>{_e(t(lang, 'principles'))}</h2>")
    h.append(
        '<p class="legend"><span><span class="swatch" style="background:#2f5d8a"></span>'
        f'{_e(t(lang, "engine"))}</span><span><span class="swatch" '
        f'style="background:#d08c2b"></span>{_e(t(lang, "self"))}</span></p>'
    )
    h.append(
        f'<table><tr><th>{_e(t(lang, "principle"))}</th><th class="num">{_e(t(lang, "engine"))}'
        f'</th><th class="num">{_e(t(lang, "self"))}</th><th class="num">{_e(t(lang, "gap"))}'
        "</th><th></th></tr>"
    )
    for p in report.principles:
        own = f"{p.self_rating}/5" if p.self_rating else "—"
        gap = f"{p.gap:+.0f}" if p.gap is not None else "—"
        h.append(
            f'<tr><td>{_e(p.label)}</td><td class="num">{_e(score_text(p.score, lang))}</td>'
            f'<td class="num">{_e(own)}</td><td class="num">{_e(gap)}</td>'
            f"<td>{_bars(p.score, p.self_points, p.label)}</td></tr>"
        )
    h.append("</table>")
    h.append(f"<h3>{_e(t(lang, 'reasons'))}</h3>")
    for p in report.principles:
        items = "".join(_finding(f, lang) for f in p.findings)
        items = items or f'<li class="muted">{_e(t(lang, "no_reasons"))}</li>'
        h.append(
            f'<div class="point"><strong>{_e(p.label)}</strong> — '
            f'<span class="muted">{_e(p.definition)}</span><ul>{items}</ul></div>'
        )

    h.append(f"<h2>{_e(t(lang, 'calibration'))}</h2>")
    c = report.calibration
    if c is None:
        h.append(f"<p>{_e(t(lang, 'no_self'))}</p>")
    else:
        stage_gap = f", {t(lang, 'gap')} {c.stage_gap:+.0f}" if c.stage_gap is not None else ""
        h.append(
            f'<p class="muted">{_e(t(lang, "calibration_note"))}</p><ul>'
            f"<li>{_e(t(lang, 'mean_gap'))}: {c.mean_gap:+.1f} — {_e(t(lang, 'gap_' + c.verdict))}</li>"
            f"<li>{_e(t(lang, 'stage_handling'))}: {_e(t(lang, 'engine'))} "
            f"{_e(score_text(c.stage_engine, lang))}, {_e(t(lang, 'self'))} {c.stage_self}/5"
            f"{_e(stage_gap)}{_bars(c.stage_engine, c.stage_self_points, t(lang, 'stage_handling'))}</li>"
            f"<li>{_e(t(lang, 'went_well'))}: {_e(c.went_well or '—')}</li>"
            f"<li>{_e(t(lang, 'do_differently'))}: {_e(c.do_differently or '—')}</li></ul>"
        )

    st = report.stages
    h.append(f"<h2>{_e(t(lang, 'stages'))}</h2><h3>{_e(t(lang, 'coverage'))}</h3>")
    h.append(_coverage_chart(st.coverage, lang))
    h.append(f"<h3>{_e(t(lang, 'order'))}</h3><ol>")
    for seg in st.order:
        back = f' <span class="flag">{_e(t(lang, "went_back"))}</span>' if seg.went_back else ""
        span = t(lang, "turns_range", a=seg.first_turn, b=seg.last_turn)
        h.append(f"<li>{_e(stage_label(seg.stage, lang))} ({_e(span)}){back}</li>")
    h.append(f"</ol><h3>{_e(t(lang, 'premature'))}</h3>")
    if st.premature:
        h.append("<ul>")
        for n in st.premature:
            moves = ", ".join(move_label(m, lang) for m in n.moves)
            h.append(
                f"<li>{_e(t(lang, 'turn_n', n=n.turn))} ({_e(stage_label(n.stage, lang))}; "
                f"{_e(moves)}): {_e(n.reason)}</li>"
            )
        h.append("</ul>")
    else:
        h.append(f"<p>{_e(t(lang, 'no_premature'))}</p>")
    if st.late_or_off:
        h.append(f"<h3>{_e(t(lang, 'late_off'))}</h3><ul>")
        for n in st.late_or_off:
            h.append(
                f"<li>{_e(t(lang, 'turn_n', n=n.turn))} ({_e(fit_label(n.fit, lang))}): "
                f"{_e(n.reason)}</li>"
            )
        h.append("</ul>")

    h.append(f"<h2>{_e(t(lang, 'ending'))}</h2><p>{_e(ending_text(report.ending, lang))}</p>")
    h.append(f"<h2>{_e(t(lang, 'roles'))}</h2>")
    roles = sorted(report.roles.items(), key=lambda kv: -kv[1])
    if roles:
        h.append("<ul>" + "".join(f"<li>{_e(role_label(r, lang))}: {n}×</li>" for r, n in roles))
        h.append("</ul>")
    else:
        h.append(f"<p>{_e(t(lang, 'no_roles'))}</p>")
    h.append(f"<h2>{_e(t(lang, 'measures'))}</h2><table>")
    h.extend(
        f'<tr><td>{_e(label)}</td><td class="num">{_e(value)}</td></tr>'
        for label, value in measures(report.measures, lang)
    )
    h.append("</table>")
    h.append(f"<h2>{_e(t(lang, 'strengths'))}</h2>")
    h.extend(_point(p, lang, "no_evidence_strength") for p in report.strengths)
    h.append(f"<h2>{_e(t(lang, 'improvements'))}</h2>")
    h.extend(_point(p, lang, "no_evidence_improve") for p in report.improvements)

    h.append(f"<h2>{_e(t(lang, 'transcript'))}</h2>")
    for turn in report.transcript:
        if turn.speaker == "worker":
            notes = []
            if turn.moves:
                moves = ", ".join(move_label(m, lang) for m in turn.moves)
                notes.append(f"<li>{_e(t(lang, 'moves'))}: {_e(moves)}</li>")
            if turn.fit_reason:
                notes.append(f"<li>{_e(t(lang, 'fit'))}: {_e(turn.fit_reason)}</li>")
            for f in turn.findings:
                target = PRINCIPLE_LABELS.get(f.principle or "", {}).get(lang, "")
                cls = "pos" if f.delta > 0 else "neg" if f.delta < 0 else "muted"
                label = (
                    f'<span class="{cls}">{_e(target)} {_e(signed(f.delta))}</span>: '
                    if target
                    else ""
                )
                notes.append(
                    f'<li>{label}{_e(f.message)} <span class="rule">{_e(f.rule)}</span></li>'
                )
            head = (
                f"{t(lang, 'worker')} — {t(lang, 'turn_n', n=turn.worker_turn)} "
                f"({stage_label(turn.stage, lang)}; {fit_label(turn.fit, lang)})"
            )
            h.append(
                f'<div class="turn worker"><div class="who">{_e(head)}</div>'
                f"<p>{_e(turn.text)}</p><ul>{''.join(notes)}</ul></div>"
            )
        else:
            head = f"{t(lang, 'client')} ({stage_label(turn.stage, lang)})"
            h.append(
                f'<div class="turn client"><div class="who">{_e(head)}</div>'
                f"<p>{_e(turn.text)}</p></div>"
            )
    h.append(f'<p class="muted">{_e(t(lang, "generated", version=__version__))}</p>')
    h.append("</main></body></html>\n")
    return "".join(h)
