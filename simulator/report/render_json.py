"""The report as versioned JSON (docs/report-schema.md)."""

from __future__ import annotations

import json

from simulator.report.model import Report
from simulator.report.textsafe import json_safe


def render_json(report: Report) -> str:
    """The report's JSON text: UTF-8 characters kept, two-space indent, newline at the end."""
    return json_safe(json.dumps(report.to_dict(), ensure_ascii=False, indent=2)) + "\n"
