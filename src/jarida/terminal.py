"""What the ``jarida`` command prints: diagnostics (and their GitHub Actions annotations), the
summary lines of a build, ``check --format json``, serve's line per build, and the one way
every command fails: the error's diagnostics or message, then exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import click

from jarida.errors import Diagnostic, JaridaError, counts
from jarida.outcome import BuildResult

if TYPE_CHECKING:
    from jarida.serve import BuildReport

CONTENT_ERROR = 1

#: The line after the diagnostics of a failed command (None: no line).
Summary = Callable[[Sequence[Diagnostic]], str] | str | None


@runtime_checkable
class Diagnosed(Protocol):
    """An error that carries its diagnostics (a failed build, a failed import)."""

    @property
    def diagnostics(self) -> Sequence[Diagnostic]: ...


def annotate(diagnostics: Iterable[Diagnostic]) -> None:
    """Under GitHub Actions, each diagnostic as an ``::error file=…,line=…::`` annotation."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for d in diagnostics:
            level = "error" if d.is_error else "warning"
            click.echo(f"::{level} file={d.path},line={d.line or 1}::{d.message}", err=True)


def emit(diagnostics: Iterable[Diagnostic], *, stream_err: bool = True) -> None:
    """Each diagnostic as ``path:line:col: error: message`` with its hint."""
    shown = list(diagnostics)
    for d in shown:
        click.echo(d.format(), err=stream_err)
    annotate(shown)


def build_failed(diagnostics: Sequence[Diagnostic]) -> str:
    errors, warnings = counts(diagnostics)
    return f"Build failed: {errors} error(s), {warnings} warning(s)."


@contextmanager
def exit_on_error(summary: Summary = build_failed) -> Iterator[None]:
    """Run the body (a ``with`` block, or a whole command as a decorator); on a
    :class:`JaridaError`, print its diagnostics and ``summary`` (by default the build's
    counts), or ``error: message`` and its hint, and exit with code 1."""
    try:
        yield
    except JaridaError as exc:
        if isinstance(exc, Diagnosed):
            emit(exc.diagnostics)
            line = summary(exc.diagnostics) if callable(summary) else summary
            if line:
                click.echo(line, err=True)
        else:
            click.echo(f"error: {exc}", err=True)
            hint = getattr(exc, "hint", "")
            if hint:
                click.echo(f"    hint: {hint}", err=True)
        sys.exit(CONTENT_ERROR)


def print_built(result: BuildResult, out_dir: Path) -> None:
    """A build's warnings, notes and summary line."""
    emit(result.warnings)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    search = {
        "indexed": f"; search index rebuilt in {result.search_seconds:.2f} s",
        "kept": "; search index unchanged",
    }.get(result.search, "")
    restored = f" ({result.restored} linked back from .jarida/)" if result.restored else ""
    click.echo(
        f"Built {result.pages} pages in {result.seconds:.2f} s: {result.rendered} rendered, "
        f"{result.unchanged} unchanged{restored}, {result.removed} removed → {out_dir}{search}"
    )


def print_check(found: Sequence[Diagnostic], output_format: str) -> None:
    """What ``jarida check`` found: as text, or as one JSON object for editors and CI."""
    errors, warnings = counts(found)
    if output_format != "json":
        emit(found, stream_err=False)
        click.echo(f"{errors} error(s), {warnings} warning(s).")
        return
    shown = [
        {
            "path": d.path,
            "line": d.line,
            "col": d.col,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
        }
        for d in found
    ]
    report = {"errors": errors, "warnings": warnings, "diagnostics": shown}
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    annotate(found)


def print_serve_build(report: BuildReport) -> None:
    """One build of ``jarida serve``: what changed, and how the build went."""
    stamp = time.strftime("%H:%M:%S")
    if report.changes is not None:
        shown = report.changes.paths[:3]
        more = len(report.changes.paths) - len(shown)
        click.echo(f"[{stamp}] changed: " + ", ".join(shown) + (f" (+{more} more)" if more else ""))
    emit(report.diagnostics)
    if report.ok:
        click.echo(f"[{stamp}] Built {report.pages} pages in {report.seconds:.2f} s")
    else:
        errors, _ = counts(report.diagnostics)
        click.echo(
            f"[{stamp}] Build failed: {errors} error(s); the browser shows them and the last "
            "good pages stay in place until a fix builds.",
            err=True,
        )
