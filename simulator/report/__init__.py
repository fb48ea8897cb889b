"""Reports of a session (one model, three renderings) and the class summary.

``build_report`` makes the model; ``render(report, fmt)`` gives JSON, Markdown or HTML.
"""

from __future__ import annotations

from simulator.report.model import REPORT_SCHEMA_VERSION, Report, build_report

FORMATS: tuple[str, ...] = ("md", "html", "json")


def render(report: Report, fmt: str) -> str:
    """The report as text in ``fmt`` (``md``, ``html`` or ``json``), free of control
    characters (``textsafe``)."""
    from simulator.report.textsafe import terminal_safe

    if fmt == "json":
        from simulator.report.render_json import render_json

        return render_json(report)
    if fmt == "html":
        from simulator.report.render_html import render_html

        return terminal_safe(render_html(report))
    if fmt == "md":
        from simulator.report.render_md import render_md

        return terminal_safe(render_md(report))
    raise ValueError(f"unknown report format {fmt!r}")


__all__ = ["FORMATS", "REPORT_SCHEMA_VERSION", "Report", "build_report", "render"]
