"""Problems found in user input, and the errors that carry them to the command line.

A ``Problem`` is one thing wrong at one place in one file, printed yamllint-style as
``path:line:col: level: message (code)``. Loaders collect every problem of a file before
reporting, so an author sees all of them in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place. ``line`` and ``col`` are 1-based; 0 means unknown."""

    path: str
    line: int
    col: int
    level: str  # "error" | "warning"
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message} ({self.code})"


@dataclass
class Problems:
    """A collector of problems, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str, code: str) -> None:
        self.items.append(Problem(path, line, col, "error", message, code))

    def warning(self, path: str, line: int, col: int, message: str, code: str) -> None:
        self.items.append(Problem(path, line, col, "warning", message, code))

    def extend(self, other: Problems | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == "warning"]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)


class CaseworkError(Exception):
    """An error a user caused and can fix: printed as one line (or one line per problem),
    never as a traceback. Exit code 2 unless said otherwise."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def lines(self) -> list[str]:
        """The lines to print on stderr."""
        if self.problems:
            return [str(p) for p in self.problems]
        return [self.message]


class LoadError(CaseworkError):
    """A scenario, rulebook or other input file could not be loaded."""


class ReplyRejected(CaseworkError):
    """A reply the session will not take (empty, too long, binary). The session goes on."""


class UsageError(CaseworkError):
    """The command line itself is wrong."""
