"""A 1-5 rating, set with the arrow keys or the digits."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class RatingRow(Widget, can_focus=True):
    """``Label        1  2 [3] 4  5`` — focus it and press ←/→ or 1-5."""

    BINDINGS = [
        Binding("left", "change(-1)", show=False),
        Binding("right", "change(1)", show=False),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
        *[Binding(str(n), f"set({n})", show=False) for n in range(1, 6)],
    ]

    value: reactive[int] = reactive(3)

    def __init__(self, key: str, label: str, value: int = 3, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.key = key
        self.label = label
        self.value = value

    def render(self) -> Content:
        marks: list[str | tuple[str, str]] = []
        for n in range(1, 6):
            if n == self.value:
                marks.append((f"[{n}]", "bold reverse" if self.has_focus else "bold"))
            else:
                marks.append(f" {n} ")
        return Content.assemble((self.label[:30].ljust(31), "bold"), *marks)

    def action_change(self, step: int) -> None:
        self.value = max(1, min(5, self.value + step))

    def action_set(self, n: int) -> None:
        self.value = n

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
