"""Bars for scores 0-100: engine and self side by side, and one-line sparklines."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

BLOCKS = "▁▂▃▄▅▆▇█"


def bar(score: float | None, width: int, style: str) -> Content:
    """A bar of ``width`` cells filled in proportion to ``score`` (0-100)."""
    if score is None:
        return Content.styled("·" * width, "dim")
    filled = max(0, min(width, round(score / 100 * width)))
    return Content.assemble((("█" * filled), style), ("░" * (width - filled), "dim"))


def sparkline(scores: Sequence[float | None]) -> Content:
    """One block character per score (0-100); a gap for a missing one."""
    chars = []
    for s in scores:
        if s is None:
            chars.append(" ")
        else:
            chars.append(BLOCKS[max(0, min(len(BLOCKS) - 1, int(s / 100 * len(BLOCKS))))])
    return Content("".join(chars))
