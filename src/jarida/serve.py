"""``jarida serve``: build the site, serve it, and rebuild and reload browsers on every change.

The preview is built into a private temporary folder, never into the site's ``public/``, so drafts
and scheduled articles shown in preview cannot leak into what gets published; the folder is
removed when the server stops. Each burst of changes runs one full ``build()`` (reloading
``jarida.yaml`` first when it changed, as Zola's serve does); ``base_url`` is replaced by the
server's own URL so that every link stays on the preview. Because the build swaps its output in
atomically, a failed build leaves the last good pages in place while browsers show the errors.
"""

from __future__ import annotations

import functools
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from jarida.build import build
from jarida.config import Config, load_config
from jarida.errors import BuildFailed, Diagnostic, error
from jarida.livereload import PageText, ReloadState, page_text
from jarida.model import Selection, clock_now
from jarida.server import POLL_TIMEOUT, PreviewServer, bind, url_host
from jarida.watch import QUIET_MS, ChangeKind, ChangeSet, SiteWatcher

log = logging.getLogger(__name__)

#: How long closing waits for a build in progress to finish.
CLOSE_TIMEOUT = 60.0
#: How often the HTTP loop checks whether it should stop, in seconds.
SHUTDOWN_POLL = 0.1


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """One finished build of the preview, good or bad."""

    ok: bool
    seconds: float
    pages: int
    #: Warnings of a good build; every diagnostic of a failed one.
    diagnostics: tuple[Diagnostic, ...]
    #: What triggered the build; None for the first one.
    changes: ChangeSet | None
    epoch: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = True
    future: bool = True
    #: Where the preview is built; None for a folder in the preview's temporary folder (which
    #: also holds the output's manifest, and is removed on close).
    out_dir: Path | None = None
    quiet_ms: int = QUIET_MS
    poll_timeout: float = POLL_TIMEOUT


def _page_text(config: Config, last: PageText | None) -> PageText | None:
    """The error page's language for ``config``; ``last`` when the site's strings are unreadable
    (the build then reports them)."""
    try:
        return page_text(config.language, config.digits, config.root)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return last


class Preview:
    """A running preview of the site in ``root``: :meth:`start`, then :meth:`wait`, then
    :meth:`close` (or use it as a context manager)."""

    def __init__(
        self,
        root: Path,
        options: ServeOptions,
        report: Callable[[BuildReport], None] = lambda _: None,
    ) -> None:
        self.root = root
        self.options = options
        self.report = report
        self.state = ReloadState()
        self._stop = threading.Event()
        self._config: Config | None = None
        #: The language of the error page: the last config read (Arabic before any).
        self._text: PageText | None = None
        self._temp: Path | None = None
        self._server: PreviewServer | None = None
        self._watcher = SiteWatcher(root, quiet_ms=options.quiet_ms)
        self._threads: list[threading.Thread] = []

    @property
    def work_dir(self) -> Path:
        """This preview's temporary folder: its output (unless given) and that output's
        manifest, which would otherwise be a new file in the site's ``.jarida/`` on every run."""
        if self._temp is None:
            self._temp = Path(tempfile.mkdtemp(prefix="jarida-serve-"))
        return self._temp

    @property
    def out_dir(self) -> Path:
        if self.options.out_dir is not None:
            return self.options.out_dir
        return self.work_dir / "site"

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the preview has not started")
        return f"http://{url_host(self.options.host)}:{self._server.port}/"

    def start(self) -> BuildReport:
        """Listen (:class:`~jarida.server.ServeError` if the port is taken), watch, build once,
        and serve. Returns the first build's report."""
        self._server = bind(
            self.options.host,
            self.options.port,
            out_dir=self.out_dir,
            state=self.state,
            poll_timeout=self.options.poll_timeout,
        )
        self._watcher.start()  # before the first build: an edit during it is not missed
        first = self.rebuild(None)
        self._spawn(functools.partial(self._server.serve_forever, SHUTDOWN_POLL), "jarida-http")
        self._spawn(self._watch_and_rebuild, "jarida-rebuild")
        return first

    def _spawn(self, target: Callable[[], object], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch_and_rebuild(self) -> None:
        for changes in self._watcher.changes(self._stop):
            try:
                self.rebuild(changes)
            except Exception:  # e.g. the report could not be printed: keep watching
                log.exception("rebuild after changes to %s failed", ", ".join(changes.paths))

    def rebuild(self, changes: ChangeSet | None) -> BuildReport:
        """Build once, publish the outcome to the browsers, and report it."""
        started = time.perf_counter()
        pages, ok = 0, True
        diagnostics: tuple[Diagnostic, ...] = ()
        try:
            config = self._load_config(changes)
            self._text = _page_text(config, self._text)
            result = build(
                config,
                out_dir=self.out_dir,
                selection=self._select(),
                waiting=log.warning,
                manifest_dir=self.work_dir,
            )
            pages, diagnostics = result.pages, result.warnings
        except BuildFailed as exc:
            ok, diagnostics = False, exc.diagnostics
        except Exception as exc:  # a bug must not take the server down: show it and go on
            log.exception("the build crashed")
            ok, diagnostics = False, (error("jarida", f"internal error: {exc!r}"),)
        epoch = self.state.publish(None if ok else diagnostics, self._text)
        report = BuildReport(
            ok=ok,
            seconds=time.perf_counter() - started,
            pages=pages,
            diagnostics=tuple(diagnostics),
            changes=changes,
            epoch=epoch,
        )
        self.report(report)
        return report

    def _load_config(self, changes: ChangeSet | None) -> Config:
        # The logo's size is read with the config: a change in static/ may be a new logo.
        logo = self._config is not None and bool(self._config.logo_size)
        if (
            self._config is None
            or changes is None
            or changes.config_changed
            or (logo and ChangeKind.STATIC in changes.kinds)
        ):
            self._config = None  # a config that fails to load is read again next time
            self._config = load_config(self.root).with_base_url(self.url)
        return self._config

    def _select(self) -> Selection:
        return Selection(now=clock_now(), drafts=self.options.drafts, future=self.options.future)

    def wait(self) -> None:
        """Block until :meth:`close` is called from another thread (or Ctrl-C interrupts)."""
        while not self._stop.wait(0.5):
            pass

    def close(self) -> None:
        """Stop serving, watching and building; remove the temporary output. Idempotent."""
        self._stop.set()
        self.state.close()
        if self._server is not None:
            if any(t.name == "jarida-http" for t in self._threads):
                self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=CLOSE_TIMEOUT)
        self._threads.clear()
        self._watcher.close()
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None

    def __enter__(self) -> Preview:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
