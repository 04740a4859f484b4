"""A progress bar on the terminal (rich) for builds that take over a second.

It refreshes only when the build reports progress, from the main thread: no refresh thread runs
while worker processes are forked.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported when a bar is shown: a quick build does not load it
    from rich.progress import Progress, TaskID

DELAY = 1.0
LABELS = MappingProxyType({"parse": "Parsing", "render": "Rendering"})


class Reporter:
    """Callable as ``report(stage, done, total)``; shows a bar once the build passed ``DELAY``."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < DELAY:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                auto_refresh=False,
                transient=True,
            )
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(LABELS.get(stage, stage), total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total, refresh=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextmanager
def progress_reporter(*, enabled: bool) -> Iterator[Reporter]:
    reporter = Reporter(enabled)
    try:
        yield reporter
    finally:
        reporter.stop()
