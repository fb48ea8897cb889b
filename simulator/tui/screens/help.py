"""Help (? and F1): the principles, stages and roles from the seed text, with sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator import seed
from simulator.tui.screens.base import CaseworkScreen
from simulator.tui.strings import t
from simulator.tui.widgets.footer import KeyFooter
from simulator.vocab import PRINCIPLE_LABELS, PRINCIPLES, ROLE_LABELS, ROLES, STAGE_LABELS, STAGES


def _entries(lang: str, ids: tuple[str, ...], labels: dict, texts: dict, sources: dict) -> Content:
    rows: list[Content] = []
    for i in ids:
        if i not in texts:
            continue
        rows.append(Content.styled(labels[i][lang], "bold"))
        rows.append(Content(texts[i][lang]))
        src = sources.get(i)
        if src:
            rows.append(Content.styled(t(lang, "help.source_ref", src=src), "dim italic"))
    return Content("\n").join(rows)


class HelpScreen(CaseworkScreen[None]):
    """The reference a student needs while practising."""

    BINDINGS = [
        Binding("escape", "close", "key.close", show=True),
        Binding("f1", "close", "key.close", show=False),
        Binding("question_mark", "close", "key.close", show=False),
    ]

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(id="help"):
            yield Static(Content(t(lang, "help.title")), classes="section-title")
            yield Static(Content(seed.METHOD_DEFINITION[lang]), classes="note")
            yield Static(Content(t(lang, "help.keys")), classes="note")
            for key, body in (
                (
                    "help.principles",
                    _entries(
                        lang,
                        PRINCIPLES,
                        PRINCIPLE_LABELS,
                        seed.PRINCIPLE_DEFINITIONS,
                        seed.PRINCIPLE_SOURCES,
                    ),
                ),
                (
                    "help.stages",
                    _entries(
                        lang, STAGES, STAGE_LABELS, seed.STAGE_DESCRIPTIONS, seed.STAGE_SOURCES
                    ),
                ),
                (
                    "help.roles",
                    _entries(lang, ROLES, ROLE_LABELS, seed.ROLE_DEFINITIONS, seed.ROLE_SOURCES),
                ),
            ):
                panel = Static(body, classes="panel")
                panel.border_title = t(lang, key)
                yield panel
            sources = Static(
                Content("\n").join(Content(f"{k}: {v}") for k, v in seed.SOURCES.items()),
                classes="panel",
            )
            sources.border_title = t(lang, "help.sources")
            yield sources
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss()
