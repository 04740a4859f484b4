"""Request paths to files: decoding, redirects, and never leaving the output folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from jarida.server import (
    Target,
    binds_all_interfaces,
    content_type,
    host_allowed,
    resolve,
    split_target,
    url_host,
)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    (root / "أخبار/خبر").mkdir(parents=True)
    (root / "أخبار/خبر/index.html").write_text("x", encoding="utf-8")
    (root / "assets").mkdir()
    (root / "assets/a.css").write_text("x", encoding="utf-8")
    (root / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "secret").write_text("x", encoding="utf-8")
    (root / "link").symlink_to(tmp_path / "secret")
    return root


def test_split_target() -> None:
    assert split_target(b"/a/%D8%A8/?q=1#f") == (("a", "ب"), True, "q=1")
    assert split_target(b"//a///b") == (("a", "b"), False, "")
    assert split_target("/ب".encode()) == (("ب",), False, "")
    for bad in (b"a", b"*", b"/..", b"/%2e", b"/a%2fb", b"/a%5Cb", b"/a\\b", b"/%00", b"/%c3"):
        assert split_target(bad) is None, bad


def test_resolve(out: Path) -> None:
    page = quote("/أخبار/خبر").encode()
    assert resolve(out, page) == Target("redirect", location=quote("/أخبار/خبر/"))
    assert resolve(out, page + b"/") == Target("file", (out / "أخبار/خبر/index.html").resolve())
    assert resolve(out, b"/") == Target("file", (out / "index.html").resolve())
    assert resolve(out, b"/assets/a.css").kind == "file"
    assert resolve(out, b"/assets/a.css/").kind == "missing"
    assert resolve(out, b"/assets/").kind == "missing"
    assert resolve(out, b"/link").kind == "missing"
    assert resolve(out, b"/" + b"x" * 5000).kind == "missing"
    assert resolve(out, b"/../secret").kind == "bad"


def test_content_type() -> None:
    assert content_type("a.HTML") == "text/html; charset=utf-8"
    assert content_type("feed.xml") == "application/xml; charset=utf-8"
    assert content_type("a.woff2") == "font/woff2"
    assert content_type("noext") == "application/octet-stream"


def test_hosts() -> None:
    assert binds_all_interfaces("0.0.0.0") and binds_all_interfaces("::")
    assert not binds_all_interfaces("127.0.0.1")
    assert url_host("0.0.0.0") == "127.0.0.1"
    assert url_host("::") == "[::1]"
    assert url_host("::1") == "[::1]"
    assert url_host("localhost") == "localhost"


def test_host_allowed() -> None:
    assert host_allowed(None, "127.0.0.1")
    assert host_allowed("LOCALHOST:8000", "127.0.0.1")
    assert host_allowed("10.0.0.5:8000", "127.0.0.1")
    assert host_allowed("[::1]:8000", "::1")
    assert host_allowed("preview.lan:8000", "preview.lan")
    assert not host_allowed("evil.example", "127.0.0.1")
    assert not host_allowed("localhost.evil.example", "127.0.0.1")
    assert host_allowed("anything.example", "0.0.0.0")
