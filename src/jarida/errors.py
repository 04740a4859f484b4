"""Diagnostics: every problem Jarida reports carries ``path:line:col``.

Stages collect :class:`Diagnostic` values instead of raising on the first problem, so that a
writer sees every broken file at once. A stage that cannot go on raises :class:`BuildFailed`
with all of them.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

#: The most characters of a value a message quotes.
SHOWN_CHARS = 80


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """One problem in one file. ``line`` and ``col`` are 1-based; 0 means unknown."""

    path: str
    message: str
    line: int = 0
    col: int = 0
    severity: Severity = Severity.ERROR
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.message)

    def location(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def format(self) -> str:
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def counts(diagnostics: Sequence[Diagnostic]) -> tuple[int, int]:
    """How many errors and how many warnings."""
    errors = sum(1 for d in diagnostics if d.is_error)
    return errors, len(diagnostics) - errors


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters and "…": a value is never echoed whole."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """The ``repr`` of a value as a message quotes it: at most ``limit`` characters, made without
    ever building the whole ``repr`` (a front-matter value can be megabytes)."""
    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother, short.maxlong = 3, limit, limit, limit
    short.maxlist = short.maxtuple = short.maxdict = short.maxset = 8
    return clip(short.repr(value), limit)


def error(path: str, message: str, *, line: int = 0, col: int = 0, hint: str = "") -> Diagnostic:
    return Diagnostic(path=path, message=message, line=line, col=col, hint=hint)


def warning(path: str, message: str, *, line: int = 0, col: int = 0, hint: str = "") -> Diagnostic:
    return Diagnostic(
        path=path, message=message, line=line, col=col, hint=hint, severity=Severity.WARNING
    )


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(set(diagnostics), key=Diagnostic.sort_key))


class JaridaError(Exception):
    """Base of every error Jarida raises on purpose; the CLI prints it without a traceback."""


class BuildFailed(JaridaError):  # noqa: N818 (reads as a sentence: raise BuildFailed)
    """The build cannot go on; ``diagnostics`` holds every problem found (errors and warnings)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted_diagnostics(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error]
        super().__init__(f"{len(errors)} error(s)")

    def __reduce__(self) -> tuple[type[BuildFailed], tuple[tuple[Diagnostic, ...]]]:
        return (BuildFailed, (self.diagnostics,))  # travels back from worker processes

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def raise_if_errors(diagnostics: Iterable[Diagnostic]) -> None:
    collected = tuple(diagnostics)
    if any(d.is_error for d in collected):
        raise BuildFailed(collected)
