"""What every screen shares: its language, localized footer keys, the typed app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import Screen

from simulator.tui.widgets.keys import localize_bindings

if TYPE_CHECKING:
    from simulator.tui.app import CaseworkApp

R = TypeVar("R")


class CaseworkScreen(Screen[R], Generic[R]):
    """A screen shown in one interface language."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        localize_bindings(self, lang)

    @property
    def casework(self) -> CaseworkApp:
        """The app, typed."""
        from simulator.tui.app import CaseworkApp

        return cast(CaseworkApp, self.app)
