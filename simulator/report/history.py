"""Progress over sessions: the history list and per-principle sparklines (plain text)."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.report.strings import t
from simulator.report.textsafe import terminal_safe
from simulator.store import SessionSummary
from simulator.vocab import PRINCIPLE_LABELS, PRINCIPLES

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """One block character per 0-100 value: ``▁`` for 0-12.5 up to ``█`` for 87.5-100."""
    out = []
    for v in values:
        level = int(max(0.0, min(100.0, v)) * len(SPARKS) / 100.0)
        out.append(SPARKS[min(level, len(SPARKS) - 1)])
    return "".join(out)


def progress(summaries: Sequence[SessionSummary]) -> dict[str, list[float]]:
    """Each principle's scores over the finished, scored sessions, oldest first.

    Interrupted sessions are left out: their running scores cover only part of an interview.
    """
    scored = [s for s in reversed(summaries) if s.principles and s.status == "finished"]
    return {p: [float(s.principles[p]) for s in scored if p in s.principles] for p in PRINCIPLES}


def render_history(summaries: Sequence[SessionSummary], lang: str = "en") -> str:
    """The history as a plain-text table (newest first) and sparklines (oldest -> newest).

    Control characters from the database never reach the terminal (``terminal_safe``).

    Args:
        summaries: ``Store.list()`` output, newest first.
        lang: Language of the headings and principle names.
    """
    lang = lang if lang in ("id", "en") else "en"
    if not summaries:
        return t(lang, "no_sessions") + "\n"
    head = tuple(
        t(lang, f"col.{c}") for c in ("id", "date", "status", "turns", "overall", "scenario")
    )
    rows = [
        (
            s.id,
            s.started.replace("T", " ").rstrip("Z"),
            t(lang, f"status.{s.status}"),
            str(s.worker_turns),
            "—" if s.overall is None else f"{s.overall:.0f}",
            s.scenario,
        )
        for s in summaries
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    for r in rows:
        lines.append(
            "  ".join(
                c.rjust(w) if i in (3, 4) else c.ljust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            ).rstrip()
        )
    series = progress(summaries)
    overall = [
        float(s.overall)
        for s in reversed(summaries)
        if s.status == "finished" and s.overall is not None
    ]
    if any(series.values()) or overall:
        lines += ["", t(lang, "progress")]
        named = [(t(lang, "overall"), overall)]
        named += [(PRINCIPLE_LABELS[p][lang], series[p]) for p in PRINCIPLES]
        width = max(len(name) for name, _ in named)
        for name, values in named:
            if values:
                lines.append(f"  {name.ljust(width)}  {sparkline(values)}  {values[-1]:.0f}")
    return terminal_safe("\n".join(lines) + "\n")
