"""Text from sessions and exports is untrusted: no control character reaches a terminal.

An export can be hand-edited, so a student's name, a reply or a message may carry escape
sequences (``\\x1b]0;...\\x07`` retitles a terminal, ``\\x1b[2J`` clears it; C1 ``\\x9b``
does the same on some terminals). Every text rendering of reports, class reports and the
history passes through ``terminal_safe``; JSON output through ``json_safe``.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# C0 controls except tab and newline, DEL and C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# json.dumps escapes C0 itself; DEL and C1 pass through with ensure_ascii=False.
_JSON_RAW = re.compile("[\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with each control character (other than tab and newline) shown as U+FFFD."""
    return _CONTROL.sub(REPLACEMENT, text)


def json_safe(text: str) -> str:
    """JSON text with DEL and C1 controls written as ``\\u`` escapes: the same data, inert.

    Only valid for the output of ``json.dumps``, where such characters occur only inside
    strings.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
