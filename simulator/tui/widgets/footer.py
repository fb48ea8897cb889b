"""The footer of key bindings, rebuilt only when what it shows changes."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's ``Footer``, minus the rebuilds that would show the same keys again.

    ``Footer`` removes and remounts all its keys whenever the screen's bindings are
    refreshed (each focus change, each ``refresh_bindings``): seven times while the briefing
    and the interview open, although the keys shown change only twice. This one compares what
    it would show with what it shows and keeps its keys when they are the same.
    """

    _shown: Hashable = None
    # Set when the screen first publishes its bindings (``Screen.bindings_updated_signal``,
    # to which ``Footer`` subscribes ``bindings_changed``); until then there is nothing to
    # compare.
    _keys_published = False

    def bindings_changed(self, screen: Screen) -> None:
        """The screen's bindings were (re)computed: note it, then let ``Footer`` rebuild."""
        self._keys_published = True
        super().bindings_changed(screen)

    def _signature(self) -> Hashable:
        """Everything ``Footer.compose`` reads; None before the bindings are published."""
        if not self._keys_published:
            return None
        app = self.app
        keys = tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.show,
                binding.group,
                binding.tooltip,
                enabled,
                tooltip,
            )
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
        )
        return (
            keys,
            self.compact,
            self.show_command_palette,
            self.combine_groups,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
        )

    def compose(self) -> ComposeResult:
        """``Footer``'s keys, each created with the footer's ``compact`` already set.

        A ``FooterKey`` starts compact and is then bound to the footer's ``compact`` (False
        here): on mount its watcher would add the ``-compact`` class and the binding remove
        it again, two restylings of every key each time the keys are built. Starting each
        key with the footer's value leaves both without anything to change.
        """
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        """Rebuild the keys, unless they would be the ones already shown."""
        if not self.is_attached:
            return
        shown = self._signature()
        if shown is not None and shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
