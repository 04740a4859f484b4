"""Watch a site's sources and report bursts of changes as one :class:`ChangeSet`.

What is watched: ``content/``, ``templates/``, ``static/`` and ``i18n/`` recursively and the site
folder itself without descending (for ``jarida.yaml`` and for those folders appearing or
vanishing). The site folder is deliberately not watched recursively: it is often a repository
holding ``.git``, ``.venv``, ``public/`` and ``.jarida/``, whose thousands of folders would each
cost an inotify watch and wake the watcher on every unrelated write. Paths outside the five
sources (the output, ``.jarida/``, editors' swap and lock files) never produce a change.

Debouncing: a burst ends when no relevant event has arrived for ``quiet_ms`` (or ``max_wait_ms``
after it began, so that a continuous stream still rebuilds). Events that arrive while the consumer
is busy (rebuilding) are buffered by the watchers and come out as the next single change set, so a
run of saves during a build causes one more build, never a queue of them.

Modelled on Zola's ``ChangeKind`` (``src/fs_utils.rs``).
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import watchfiles

from jarida.layout import CONFIG_FILE, CONTENT_DIR, I18N_DIR, STATIC_DIR, TEMPLATES_DIR

log = logging.getLogger(__name__)

#: How long a burst must stay quiet before it is reported, and the longest a burst is held.
QUIET_MS = 100
MAX_WAIT_MS = 2000
#: watchfiles' own grouping step; our quiet window does the real debouncing.
STEP_MS = 25
#: How often idle watchers wake (to notice ``stop``), and how long a watcher may take to start.
IDLE_MS = 100
READY_TIMEOUT = 10.0
#: Names editors write beside the file they save (vim swap and probe files, emacs locks, JetBrains).
EDITOR_NOISE = re.compile(r"(\.sw.|~|\.tmp|___jb_\w+___)$|^(\.#|#.*#$|4913$|\.DS_Store$)")


class ChangeKind(StrEnum):
    CONTENT = "content"
    TEMPLATES = "templates"
    STATIC = "static"
    STRINGS = "strings"
    CONFIG = "config"


#: The folders whose files are sources, and the kind of change each one makes.
SOURCE_DIRS: tuple[tuple[str, ChangeKind], ...] = (
    (CONTENT_DIR, ChangeKind.CONTENT),
    (TEMPLATES_DIR, ChangeKind.TEMPLATES),
    (STATIC_DIR, ChangeKind.STATIC),
    (I18N_DIR, ChangeKind.STRINGS),
)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed in one burst: the kinds, and the paths (POSIX, relative to the site)."""

    kinds: frozenset[ChangeKind]
    paths: tuple[str, ...]

    @property
    def config_changed(self) -> bool:
        return ChangeKind.CONFIG in self.kinds


def kind_of(relative: str) -> ChangeKind | None:
    """The kind of a change at ``relative`` (POSIX, relative to the site), or None to ignore it."""
    parts = relative.split("/")
    if not parts or not parts[0] or EDITOR_NOISE.search(parts[-1]):
        return None
    if relative == CONFIG_FILE:
        return ChangeKind.CONFIG
    return next((kind for name, kind in SOURCE_DIRS if parts[0] == name), None)


def classify(root: Path, paths: Iterable[str]) -> ChangeSet | None:
    """The change set for raw absolute ``paths`` under ``root``; None when all are ignored."""
    found: dict[str, ChangeKind] = {}
    base = root.resolve()
    for raw in paths:
        path = Path(raw)
        if not path.is_relative_to(base):
            continue
        relative = path.relative_to(base).as_posix()
        kind = kind_of(relative)
        if kind is not None:
            found[relative] = kind
    if not found:
        return None
    return ChangeSet(kinds=frozenset(found.values()), paths=tuple(sorted(found)))


@dataclass(slots=True)
class _Pump:
    """One watchfiles watcher in a thread, putting each batch of raw paths on a queue."""

    paths: tuple[Path, ...]
    recursive: bool
    out: queue.SimpleQueue[set[str]]
    stop: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def start(self) -> _Pump:
        self.thread = threading.Thread(target=self._run, name="jarida-watch", daemon=True)
        self.thread.start()
        # The first (empty) batch comes once the watcher exists: from then on no edit is missed.
        self.ready.wait(timeout=READY_TIMEOUT)
        return self

    def _run(self) -> None:
        try:
            for batch in watchfiles.watch(
                *self.paths,
                step=STEP_MS,
                stop_event=self.stop,
                rust_timeout=IDLE_MS,
                yield_on_timeout=True,
                recursive=self.recursive,
                raise_interrupt=False,
                watch_filter=None,
            ):
                self.ready.set()
                if batch:
                    self.out.put({path for _, path in batch})
        except (OSError, RuntimeError) as exc:  # a watched folder vanished while starting
            log.warning("watching %s stopped: %s", ", ".join(map(str, self.paths)), exc)
        finally:
            self.ready.set()

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=READY_TIMEOUT)


def _collect(
    events: queue.SimpleQueue[set[str]], stop: threading.Event, quiet_ms: int, max_wait_ms: int
) -> set[str]:
    """Block until a burst of raw paths has come and gone quiet; empty when stopping."""
    pending: set[str] = set()
    started = 0.0
    while not stop.is_set():
        try:
            pending |= events.get(timeout=quiet_ms / 1000 if pending else IDLE_MS / 1000)
        except queue.Empty:
            if pending:
                return pending
            continue
        started = started or time.monotonic()
        if time.monotonic() - started >= max_wait_ms / 1000:
            return pending
    return set()


def _layout_changed(paths: Sequence[str]) -> bool:
    """Whether one of the source folders itself appeared, vanished or was renamed."""
    return any(path == name for path in paths for name, _ in SOURCE_DIRS)


class SiteWatcher:
    """Watches one site. :meth:`start` returns once edits can no longer be missed."""

    def __init__(
        self, root: Path, *, quiet_ms: int = QUIET_MS, max_wait_ms: int = MAX_WAIT_MS
    ) -> None:
        self.root = root.resolve()
        self.quiet_ms = quiet_ms
        self.max_wait_ms = max_wait_ms
        self._events: queue.SimpleQueue[set[str]] = queue.SimpleQueue()
        self._top: _Pump | None = None
        self._sources: _Pump | None = None

    def start(self) -> None:
        self._top = _Pump((self.root,), False, self._events).start()
        self._restart_sources()

    def _restart_sources(self) -> None:
        if self._sources is not None:
            self._sources.close()
        existing = tuple(self.root / name for name, _ in SOURCE_DIRS if (self.root / name).is_dir())
        self._sources = _Pump(existing, True, self._events).start() if existing else None

    def changes(self, stop: threading.Event) -> Iterator[ChangeSet]:
        """Yield a :class:`ChangeSet` per burst of changes until ``stop`` is set."""
        while not stop.is_set():
            raw = _collect(self._events, stop, self.quiet_ms, self.max_wait_ms)
            changes = classify(self.root, raw)
            if changes is None:
                continue
            if _layout_changed(changes.paths):
                self._restart_sources()
            yield changes

    def close(self) -> None:
        for pump in (self._top, self._sources):
            if pump is not None:
                pump.close()
        self._top = self._sources = None
