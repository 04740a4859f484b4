"""What rendering needs on workers that are not forked from the build (a Dask executor,
:mod:`jarida.executors`): the site's own templates and interface strings, and the bodies the
pages show. Workers that share the site's folder (``build.shared_path``, or a cluster on this
machine) read them there, as a forked worker does; the others receive them with the task: the
files of ``templates/`` and ``i18n/``, written once per worker process into a folder of its own
(named by their digest), and every stored body (docs/scale.md)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from jarida.cache import ParseCache, SharedBodies
from jarida.config import Config
from jarida.layout import I18N_DIR, TEMPLATES_DIR
from jarida.model import BodyStore


@dataclass(frozen=True, slots=True)
class SentBodies:
    """Bodies sent with a task, by key."""

    bodies: Mapping[str, str]

    def html(self, key: str) -> str:
        return self.bodies[key]


@dataclass(frozen=True, slots=True)
class WorkerSite:
    """Where a worker finds the site's files: its folder at ``shared``, or ``files`` (path under
    the site, bytes) to write into a folder of its own."""

    config: Config
    shared: Path | None
    files: tuple[tuple[str, bytes], ...] = ()

    def config_there(self, config: Config | None = None) -> Config:
        """``config`` (default: the site's; or an edition's, of the same folder) with ``root``
        where this worker sees the site's files."""
        config = self.config if config is None else config
        root = self.shared if self.shared is not None else self._written()
        return config if root == config.root else replace(config, root=root)

    def _written(self) -> Path:
        digest = hashlib.sha256(repr(self.files).encode()).hexdigest()[:24]
        folder = Path(tempfile.gettempdir()) / f"jarida-site-{digest}"
        if folder.is_dir():
            return folder
        staging = Path(tempfile.mkdtemp(prefix=".jarida-site-"))
        for name, data in self.files:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        try:
            staging.rename(folder)
        except OSError:  # another worker process on this machine wrote it first
            for path in sorted(staging.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            staging.rmdir()
        return folder


def _own_files(root: Path) -> tuple[tuple[str, bytes], ...]:
    """The site's own templates and interface strings (the theme's are in the package)."""
    found = []
    for folder in (TEMPLATES_DIR, I18N_DIR):
        for base, _dirs, names in os.walk(root / folder):
            for name in names:
                path = Path(base) / name
                found.append((path.relative_to(root).as_posix(), path.read_bytes()))
    return tuple(sorted(found))


def for_workers(
    config: Config, bodies: BodyStore, shared: Path | None
) -> tuple[WorkerSite, BodyStore]:
    """What workers that are not forked render with: the site's files (shared at ``shared``,
    or sent) and its bodies (read from the parse cache there, or sent)."""
    if shared is not None:
        return WorkerSite(config, shared), SharedBodies(shared)
    if isinstance(bodies, ParseCache):
        bodies = SentBodies(MappingProxyType({k: bodies.html(k) for k in bodies.entries}))
    return WorkerSite(config, None, _own_files(config.root)), bodies
