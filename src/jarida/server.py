"""The preview HTTP server: a stdlib ``ThreadingHTTPServer`` over one build output folder.

Every request resolves its path again against the output folder as it is now (each build swaps the
folder in by rename, so nothing holds on to an old one). Paths are decoded strictly: each segment
is percent-decoded to UTF-8 on its own, and a segment that decodes to ``.``, ``..``, or anything
holding ``/``, ``\\`` or NUL is a bad request; the resolved file, symlinks followed, must lie inside
the output. Folders redirect to their slash form and serve their ``index.html``, never a listing.
HTML responses get the live reload script; while the last build is broken they get the error page.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import shutil
import socket
import socketserver
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO
from urllib.parse import quote, unquote_to_bytes

from jarida import __version__
from jarida.errors import JaridaError
from jarida.journal import settled
from jarida.languages import CODE
from jarida.livereload import (
    ENDPOINT,
    LAST_GOOD_QUERY,
    ReloadState,
    error_page,
    inject,
    parse_since,
)

log = logging.getLogger(__name__)

#: How long a live reload request waits for a new build before answering "no change".
POLL_TIMEOUT = 30.0
NOT_FOUND_PAGE = "404.html"
ALL_INTERFACES = frozenset({"", "0.0.0.0", "::", "[::]"})

CONTENT_TYPES = MappingProxyType(
    {
        ".html": "text/html",
        ".htm": "text/html",
        ".css": "text/css",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".map": "application/json",
        ".webmanifest": "application/manifest+json",
        ".xml": "application/xml",
        ".rss": "application/rss+xml",
        ".atom": "application/atom+xml",
        ".xsl": "application/xslt+xml",
        ".txt": "text/plain",
        ".md": "text/markdown",
        ".csv": "text/csv",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".webp": "image/webp",
        ".avif": "image/avif",
        ".ico": "image/x-icon",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".pdf": "application/pdf",
        ".mp3": "audio/mpeg",
        ".mp4": "video/mp4",
        ".webm": "video/webm",
        ".wasm": "application/wasm",
    }
)
#: Types that are text, though not ``text/*``: they are sent with ``charset=utf-8`` too.
TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/manifest+json",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/xslt+xml",
        "image/svg+xml",
    }
)


class ServeError(JaridaError):
    """The server cannot start: the port is taken, the host unknown, or permission refused."""


def content_type(name: str) -> str:
    """The ``Content-Type`` for a file name; text types carry ``charset=utf-8``."""
    kind = CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in TEXT_TYPES else kind


def binds_all_interfaces(host: str) -> bool:
    return host in ALL_INTERFACES


def url_host(host: str) -> str:
    """The host to put in a URL for a server bound to ``host``."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host in ("::", "[::]"):
        return "[::1]"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def host_allowed(header: str | None, bound: str) -> bool:
    """Whether a request's ``Host`` header may be answered (DNS rebinding protection).

    A page on some other site can point its own domain name at 127.0.0.1 and then read the
    preview, unpublished drafts included, as if same-origin. Such a request carries that domain
    in ``Host``; so only IP literals, ``localhost`` names and the name given with ``--host`` are
    answered. Bound to all interfaces, the server cannot know its names and answers all.
    """
    if header is None or binds_all_interfaces(bound):
        return True
    name = header.strip().lower()
    name = name[1 : name.find("]")] if name.startswith("[") else name.rsplit(":", 1)[0]
    if name in ("localhost", bound.strip("[]").lower()) or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Target:
    """What a request path names: ``file`` (``path``), ``redirect`` (``location``),
    ``missing`` or ``bad``."""

    kind: str
    path: Path | None = None
    location: str = ""


def split_target(raw: bytes) -> tuple[tuple[str, ...], bool, str] | None:
    """The decoded segments of a request target, whether it ends in ``/``, and its query.

    None for anything that is not a plain path: another form of target, bad percent-encoding or
    UTF-8, dot segments, and segments holding ``/``, ``\\`` or NUL once decoded.
    """
    path, _, query = raw.partition(b"#")[0].partition(b"?")
    if not path.startswith(b"/"):
        return None
    segments: list[str] = []
    for part in path.split(b"/")[1:]:
        try:
            segment = unquote_to_bytes(part).decode("utf-8")
        except UnicodeDecodeError:
            return None
        if segment in (".", "..") or any(c in segment for c in "/\\\x00"):
            return None
        if segment:
            segments.append(segment)
    try:
        return tuple(segments), path.endswith(b"/"), query.decode("ascii")
    except UnicodeDecodeError:
        return None


def resolve(root: Path, raw: bytes) -> Target:
    """The file a raw request target names inside ``root`` (read from disk as it is now)."""
    split = split_target(raw)
    if split is None:
        return Target("bad")
    try:
        return _find(root, *split)
    except OSError:  # a name too long for the file system, a loop of links
        return Target("missing")


def _find(root: Path, segments: tuple[str, ...], trailing: bool, query: str) -> Target:
    base = root.resolve()
    real = base.joinpath(*segments).resolve()
    if not real.is_relative_to(base):
        return Target("missing")
    if real.is_dir():
        if segments and not trailing:
            location = quote("/" + "/".join(segments) + "/")
            return Target("redirect", location=location + (f"?{query}" if query else ""))
        index = (real / "index.html").resolve()
        if index.is_relative_to(base) and index.is_file():
            return Target("file", index)
        return Target("missing")
    if real.is_file() and not trailing:
        return Target("file", real)
    return Target("missing")


class PreviewServer(ThreadingHTTPServer):
    """Serves ``out_dir`` with live reload from ``state``."""

    daemon_threads = True

    def __init__(
        self, host: str, port: int, *, out_dir: Path, state: ReloadState, poll_timeout: float
    ) -> None:
        self.host = host
        self.out_dir = out_dir
        self.state = state
        self.poll_timeout = poll_timeout
        self.address_family = _family(host.strip("[]"), port)
        super().__init__((host.strip("[]"), port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can hang without DNS.
        host = str(self.server_address[0])
        if self.address_family == socket.AF_INET6 and binds_all_interfaces(host):
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.port

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            log.debug("client %s went away: %s", client_address, exc)
        else:
            log.exception("error while answering %s", client_address)


def _family(host: str, port: int) -> socket.AddressFamily:
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}: {exc.strerror}") from None
    return infos[0][0]


def bind(
    host: str, port: int, *, out_dir: Path, state: ReloadState, poll_timeout: float = POLL_TIMEOUT
) -> PreviewServer:
    """A server listening on ``host:port`` (0 picks a free port); :class:`ServeError` if not."""
    try:
        return PreviewServer(host, port, out_dir=out_dir, state=state, poll_timeout=poll_timeout)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            message = (
                f"port {port} on {host} is already in use (another `jarida serve`?); stop that "
                "server or choose another port with --port (--port 0 picks a free one)"
            )
        elif exc.errno == errno.EACCES:
            message = f"no permission to listen on port {port}; use a port above 1023"
        else:
            message = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        raise ServeError(message) from None


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = f"jarida/{__version__}"
    sys_version = ""
    #: Seconds a client may stay silent before its connection is dropped.
    timeout = 60

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _answer(self, *, head: bool) -> None:
        if not host_allowed(self.headers.get("Host"), self.server.host):
            message = "403 Forbidden: this preview answers only to localhost and IP addresses\n"
            self._send_text(HTTPStatus.FORBIDDEN, message, head=head)
            return
        raw = self.path.encode("latin-1", "replace")
        if raw.partition(b"?")[0] == ENDPOINT.encode():
            self._livereload(raw.partition(b"?")[2].decode("latin-1"), head=head)
            return
        # The epoch is read before any file: a page is never older than the epoch it carries.
        snapshot = self.server.state.snapshot()
        settled(self.server.out_dir)  # no file read while a commit is half-applied
        target = resolve(self.server.out_dir, raw)
        if target.kind == "bad":
            self._send_text(HTTPStatus.BAD_REQUEST, "400 Bad Request\n", head=head)
            return
        if target.kind == "redirect":
            self._send(HTTPStatus.MOVED_PERMANENTLY, "", b"", head, [("Location", target.location)])
            return
        html = target.path is None or target.path.suffix.lower() in (".html", ".htm")
        last_good = LAST_GOOD_QUERY in raw.partition(b"?")[2].decode("latin-1").split("&")
        if snapshot.failure is not None and html and not last_good:
            page = error_page(
                snapshot.failure,
                snapshot.epoch,
                last_good=self.server.out_dir.is_dir(),
                text=snapshot.text,
            )
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page, head)
        elif target.path is None or not self._send_file(target.path, snapshot.epoch, head):
            self._not_found(snapshot.epoch, head, raw)

    def _livereload(self, query: str, *, head: bool) -> None:
        since = parse_since(query)
        if since is None:
            message = "400 Bad Request: one since=EPOCH (ASCII digits) is required\n"
            self._send_text(HTTPStatus.BAD_REQUEST, message, head=head)
            return
        state = self.server.state
        epoch = state.snapshot().epoch if head else state.wait(since, self.server.poll_timeout)
        self._send_text(HTTPStatus.OK, f"{epoch}\n", head=head)

    def _not_found(self, epoch: int, head: bool, raw: bytes = b"/") -> None:
        """The site's 404 page; under an edition's path (``/en/...``), the edition's."""
        first = raw.partition(b"?")[0].lstrip(b"/").partition(b"/")[0].decode("latin-1")
        page = self.server.out_dir / first / NOT_FOUND_PAGE
        if not (CODE.match(first) and page.is_file()):
            page = self.server.out_dir / NOT_FOUND_PAGE
        if not self._send_file(page, epoch, head, status=HTTPStatus.NOT_FOUND):
            self._send_text(HTTPStatus.NOT_FOUND, "404 Not Found\n", head=head)

    def _send_file(
        self, path: Path, epoch: int, head: bool, status: HTTPStatus = HTTPStatus.OK
    ) -> bool:
        """Send one file (False if it vanished meanwhile); HTML gets the reload script."""
        kind = content_type(path.name)
        try:
            stream = path.open("rb")
        except OSError:
            return False
        with stream:
            if kind.startswith("text/html"):
                self._send(status, kind, inject(stream.read(), epoch), head)
            else:
                self._send_stream(status, kind, stream, head)
        return True

    def _send_stream(self, status: HTTPStatus, kind: str, stream: BinaryIO, head: bool) -> None:
        self._headers(status, kind, os.fstat(stream.fileno()).st_size, ())
        if not head:
            shutil.copyfileobj(stream, self.wfile)

    def _send_text(self, status: HTTPStatus, text: str, *, head: bool) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode("utf-8"), head)

    def _send(
        self,
        status: HTTPStatus,
        kind: str,
        body: bytes,
        head: bool,
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        self._headers(status, kind, len(body), extra)
        if not head:
            self.wfile.write(body)

    def _headers(
        self, status: HTTPStatus, kind: str, length: int, extra: Sequence[tuple[str, str]]
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        # A preview is never cached: after a reload, pages, styles and images are all current.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
