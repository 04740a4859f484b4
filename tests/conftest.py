"""Shared test helpers: small sites written into a temporary folder and built in-process."""

from __future__ import annotations

import http.client
import io
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from PIL import Image

from jarida.assets import collect_assets
from jarida.build import build
from jarida.config import load_config
from jarida.livereload import ENDPOINT
from jarida.model import Selection
from jarida.outcome import BuildResult
from jarida.serve import BuildReport, Preview, ServeOptions

#: The fixed "now" of every test build: 2026-06-01 12:00 UTC.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
#: The output path of the theme's style sheet, fingerprinted: ``assets/jarida.<digest>.css``.
THEME_CSS = collect_assets(REPO / "no-such-site").resolve("jarida.css")


def ended_within(pids: Sequence[int], seconds: float) -> bool:
    """Whether every process in ``pids`` ended within ``seconds``: gone, or a zombie its parent
    has not reaped yet. A SIGKILL is delivered, not waited for: a killed process can be seen
    running for a moment after the kill."""
    deadline = time.monotonic() + seconds
    while True:
        if not any(map(_running, pids)):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # the state, after the name


def picture_bytes(format: str = "JPEG", size: tuple[int, int] = (64, 36), seed: int = 0) -> bytes:
    """A small real picture (the build decodes every raster image it publishes)."""
    out = io.BytesIO()
    Image.new("RGB", size, (40 * seed % 256, 120, 200)).save(out, format)
    return out.getvalue()


JPEG = picture_bytes("JPEG")
PNG = picture_bytes("PNG")

MakeSite = Callable[[Mapping[str, str | bytes]], Path]


def article(
    title: str, date: str = "2026-03-31T10:00:00+03:00", body: str = "نص الخبر.", **front: str
) -> str:
    """A Markdown source with YAML front matter; extra keys are written as given."""
    lines = [f"title: {title!r}" if "'" not in title else f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body).strip() + "\n"


def write_site(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(
                textwrap.dedent(data) if name.endswith(".yaml") else data, encoding="utf-8"
            )
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write ``{relative path: text or bytes}`` under a fresh site folder and return it."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_site(tmp_path / "site", files)

    return make


def build_site(
    root: Path,
    *,
    out: Path | None = None,
    drafts: bool = False,
    future: bool = False,
    now: datetime = NOW,
    jobs: int = 1,
    clean: bool = False,
) -> BuildResult:
    config = load_config(root)
    return build(
        config,
        out_dir=out or root / "public",
        jobs=jobs,
        clean=clean,
        selection=Selection(now=now, drafts=drafts, future=future),
    )


def read(root: Path, path: str) -> str:
    return (root / "public" / path).read_text(encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, by POSIX relative path, the search index
    included (Jarida makes Pagefind's files the same from one run to the next)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class Served:
    """A preview server running on 127.0.0.1 for a test site, with raw HTTP helpers."""

    root: Path
    preview: Preview
    reports: list[BuildReport]

    @property
    def port(self) -> int:
        return int(self.preview.url.rsplit(":", 1)[1].strip("/"))

    def request(
        self,
        path: str,
        method: str = "GET",
        timeout: float = 10,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """Send ``path`` exactly as given (http.client does not normalise it)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, headers=dict(headers or {}))
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def text(self, path: str) -> str:
        status, _, body = self.request(quote(path))
        assert status == 200, (path, status)
        return body.decode("utf-8")

    def epoch(self) -> int:
        return int(self.request(f"{ENDPOINT}?since=-1")[2])

    def wait_for_build(self, since: int, timeout: float = 10) -> int:
        """Long-poll the reload endpoint until a build after epoch ``since`` has finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = int(self.request(f"{ENDPOINT}?since={since}", timeout=timeout)[2])
            if now != since:
                return now
        raise AssertionError(f"no build finished within {timeout} s")

    def edit(self, name: str, text: str) -> int:
        """Write a file of the site and wait for the rebuild it causes; returns the new epoch."""
        since = self.epoch()
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return self.wait_for_build(since)


def start_preview(root: Path, out_dir: Path | None, **options: Any) -> Served:
    """Start ``jarida serve`` in-process on port 0; the caller closes ``.preview``."""
    reports: list[BuildReport] = []
    settings = {"port": 0, "out_dir": out_dir, "poll_timeout": 2.0} | options
    preview = Preview(root, ServeOptions(**settings), reports.append)
    try:
        preview.start()
    except BaseException:
        preview.close()
        raise
    return Served(root, preview, reports)


@pytest.fixture
def serve_site(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Served]]:
    """Start ``jarida serve`` (in-process, port 0) on a site written from a spec."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    running: list[Served] = []

    def start(files: Mapping[str, str | bytes], **options: Any) -> Served:
        options.setdefault("out_dir", tmp_path / "serve" / "site")
        running.append(start_preview(make_site(files), **options))
        return running[-1]

    yield start
    for served in running:
        served.preview.close()
