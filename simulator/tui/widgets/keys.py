"""Footer descriptions in the interface language.

Bindings are declared with a ``strings`` key as their description; ``localize_bindings``
replaces it with the text in the node's language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from simulator.tui.strings import STRINGS, t


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Give every binding of ``node`` whose description is a strings key its text in ``lang``.

    Args:
        node: A widget, screen or the app, after ``__init__``.
        lang: ``id`` or ``en``.
    """
    merged = type(node)._merged_bindings
    bindings = merged.copy() if merged is not None else node._bindings.copy()
    for key, items in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [
            replace(b, description=t(lang, b.description)) if b.description in STRINGS else b
            for b in items
        ]
    node._bindings = bindings
