"""``jarida serve`` over real HTTP on 127.0.0.1: serving, safety, live reload, errors, recovery."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jarida.livereload import ENDPOINT
from tests.conftest import (
    NOW,
    THEME_CSS,
    Served,
    article,
    picture_bytes,
    start_preview,
    tree,
    write_site,
)

ServeSite = Callable[..., Served]

SLUG_PAGE = "/2026/03/خبر-عاجل/"
PNG = picture_bytes("PNG")  # a real one: a published image that cannot be read is an error

SITE: dict[str, str | bytes] = {
    "jarida.yaml": "title: جريدة التجربة\nlanguage: ar\n",
    "content/a.md": article("خبر عاجل", body="النص الأول للخبر."),
    "content/b.md": article("خبر آخر", "2026-02-01T10:00:00+03:00", body="نص آخر."),
    "content/draft.md": article("مسودة خبر", "2026-04-03T10:00:00+03:00", draft="true"),
    "content/future.md": article("خبر الغد", "2026-12-01T10:00:00+03:00"),
    "static/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    "static/images/photo.png": PNG,
    "static/data/feed.json": '{"a": "ب"}',
    "static/robots.txt": "User-agent: *\n",
    "static/files/blob.bin": b"\x00\x01",
}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the tests that only read: started once, to keep the suite quick."""
    base = tmp_path_factory.mktemp("shared")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
        served = start_preview(write_site(base / "site", SITE), base / "serve" / "site")
    with served.preview:
        yield served


@pytest.fixture
def served(serve_site: ServeSite) -> Served:
    """A server of its own, for the tests that edit the site."""
    return serve_site(SITE)


def raw_request(port: int, line: bytes) -> tuple[int, bytes]:
    """Send a request line byte for byte, for what http.client refuses to send (NUL, UTF-8)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(line + b"\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


# --- serving -------------------------------------------------------------------------------------


def test_pages_get_the_reload_script_but_files_on_disk_do_not(shared: Served) -> None:
    status, headers, body = shared.request("/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert int(headers["Content-Length"]) == len(body)
    page = body.decode("utf-8")
    assert page.count("data-jarida-livereload") == 1
    assert page.index("data-jarida-livereload") < page.index("</body>")
    on_disk = shared.preview.out_dir / "index.html"
    assert "livereload" not in on_disk.read_text(encoding="utf-8")


def test_percent_encoded_arabic_urls_resolve(shared: Served) -> None:
    status, _, body = shared.request(quote(SLUG_PAGE))
    assert status == 200 and "النص الأول للخبر." in body.decode("utf-8")
    # Lower-case escapes and raw UTF-8 bytes on the request line name the same page.
    assert shared.request(quote(SLUG_PAGE).lower())[0] == 200
    status, body = raw_request(shared.port, b"GET " + SLUG_PAGE.encode("utf-8") + b" HTTP/1.0")
    assert status == 200 and "النص الأول للخبر.".encode() in body


def test_a_folder_without_its_slash_redirects(shared: Served) -> None:
    status, headers, body = shared.request(quote(SLUG_PAGE.rstrip("/")) + "?x=1")
    assert status == 301 and body == b""
    assert headers["Location"] == quote(SLUG_PAGE) + "?x=1"
    assert shared.request("/tags")[1]["Location"] == "/tags/"


def test_missing_pages_get_the_sites_404_page(shared: Served) -> None:
    for path in ("/no/such/page/", "/no-such.css", quote("/2026/03/خبر-غير-موجود/")):
        status, headers, body = shared.request(path)
        assert status == 404, path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        page = body.decode("utf-8")
        assert "الصفحة غير موجودة" in page and "data-jarida-livereload" in page


def test_no_directory_listings(shared: Served) -> None:
    for path in ("/assets/", "/images/", "/2026/"):
        status, _, body = shared.request(path)
        assert status == 404, path
        assert "الصفحة غير موجودة" in body.decode("utf-8")
        assert b"Directory listing" not in body and b"logo.svg" not in body


def test_a_page_ending_in_slash_must_be_a_folder(shared: Served) -> None:
    assert shared.request("/robots.txt/")[0] == 404
    assert shared.request("/index.html")[0] == 200


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/404.html", "text/html; charset=utf-8"),
        ("/" + THEME_CSS, "text/css; charset=utf-8"),
        ("/images/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/images/photo.png", "image/png"),
        ("/data/feed.json", "application/json; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/files/blob.bin", "application/octet-stream"),
    ],
)
def test_content_types(shared: Served, path: str, kind: str) -> None:
    status, headers, _ = shared.request(path)
    assert (status, headers["Content-Type"]) == (200, kind)
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_head_sends_the_headers_of_get_without_a_body(shared: Served) -> None:
    for path in ("/", "/" + THEME_CSS, "/images/photo.png", "/nope/"):
        got = shared.request(path)
        head = shared.request(path, "HEAD")
        assert head[0] == got[0] and head[2] == b"", path
        assert head[1]["Content-Length"] == got[1]["Content-Length"], path
        assert head[1]["Content-Type"] == got[1]["Content-Type"], path
    assert shared.request("/images/photo.png")[2] == PNG


def test_other_methods_are_not_implemented(shared: Served) -> None:
    assert shared.request("/", "POST")[0] == 501
    assert shared.request("/", "PUT")[0] == 501


# --- safety --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def secret(shared: Served) -> Path:
    """A file beside the output folder, and links to it from inside the output."""
    outside = shared.preview.out_dir.parent / "secret.txt"
    outside.write_text("TOP SECRET", encoding="utf-8")
    (shared.preview.out_dir / "leak.txt").symlink_to(outside)
    (shared.preview.out_dir / "leakdir").symlink_to(outside.parent, target_is_directory=True)
    return outside


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/../secret.txt", 400),
        ("/assets/../../secret.txt", 400),
        ("/%2e%2e/secret.txt", 400),
        ("/%2E%2E/secret.txt", 400),
        ("/.%2e/secret.txt", 400),
        ("/..%2fsecret.txt", 400),
        ("/%2e%2e%2fsecret.txt", 400),
        ("/assets/..%2F..%2Fsecret.txt", 400),
        ("/..\\secret.txt", 400),
        ("/%5c..%5csecret.txt", 400),
        ("/./index.html", 400),
        ("/assets/%00", 400),
        ("/%ff%fe", 400),
        ("http://127.0.0.1/../secret.txt", 400),
        ("secret.txt", 400),
        ("//secret.txt", 404),
        ("/leak.txt", 404),
        ("/leakdir/secret.txt", 404),
        ("/leakdir/", 404),
    ],
)
def test_requests_never_leave_the_output(
    shared: Served, secret: Path, path: str, status: int
) -> None:
    got, _, body = shared.request(path)
    assert got == status
    assert b"TOP SECRET" not in body


def test_absolute_file_system_paths_stay_inside(shared: Served, secret: Path) -> None:
    for path in (secret.as_posix(), "/" + secret.as_posix(), "/etc/passwd"):
        status, _, body = shared.request(quote(path))
        assert status == 404 and b"TOP SECRET" not in body and b"root:" not in body


def test_a_raw_nul_byte_is_a_bad_request(shared: Served, secret: Path) -> None:
    assert raw_request(shared.port, b"GET /leak.txt\x00 HTTP/1.0")[0] == 400


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example", 403),
        ("evil.example:8000", 403),
        ("127.0.0.1.evil.example", 403),
        ("localhost", 200),
        ("localhost:8000", 200),
        ("news.localhost:8000", 200),
        ("127.0.0.1:8000", 200),
        ("[::1]:8000", 200),
        ("192.168.1.20", 200),
    ],
)
def test_other_sites_names_are_refused(shared: Served, host: str, status: int) -> None:
    # DNS rebinding: a page on another domain pointed at 127.0.0.1 must not read drafts.
    for path in ("/", f"{ENDPOINT}?since=-1"):
        got, _, body = shared.request(path, headers={"Host": host})
        assert got == status, (host, path)
        if status == 403:
            assert "مسودة".encode() not in body


@pytest.mark.parametrize(
    "query", ["since=²", "since=%C2%B2", "since=١", "since=" + "9" * 400, "since=1&since=2"]
)
def test_reload_endpoint_refuses_anything_but_ascii_digits(shared: Served, query: str) -> None:
    status, _, body = shared.request(f"{ENDPOINT}?{quote(query, safe='=&%')}")
    assert status == 400 and b"since=EPOCH" in body
    for raw in (query.encode("utf-8"), query.encode("latin-1", "replace")):
        status, _ = raw_request(
            shared.port, b"GET " + ENDPOINT.encode() + b"?" + raw + b" HTTP/1.0"
        )
        assert status == 400, raw


#: Pieces of request targets that the server's parsers treat specially.
PIECES = [b"/", b"..", b".", b"%2e", b"%2f", b"%5c", b"%00", b"%ff", b"%C2%B2", b"\xb2", b"1", b"-"]
PIECES += [b"?", b"&", b"=", b"#", "١".encode(), "خبر".encode(), b"index.html", b"9" * 30]


def _pieces(most: int) -> st.SearchStrategy[bytes]:
    piece = st.one_of(st.sampled_from(PIECES), st.binary(min_size=1, max_size=3))
    return (
        st.lists(piece, max_size=most)
        .map(b"".join)
        .map(lambda b: bytes(c for c in b if c not in b" \r\n"))
    )


#: Things that look like numbers to ``str.isdigit`` or ``int``, sent raw or percent-encoded.
NUMBERISH = st.builds(
    lambda text, encode: encode(text),
    st.text(st.sampled_from("019-²³¹١٢０"), min_size=1, max_size=3),
    st.sampled_from(
        [
            lambda t: t.encode("utf-8"),
            lambda t: t.encode("latin-1", "replace"),
            lambda t: quote(t).encode("ascii"),
            lambda t: quote(t.upper()).encode("ascii"),
        ]
    ),
)
#: A query of a few fields, about the server's own (``since``, ``jarida``).
QUERY = st.lists(
    st.builds(
        lambda name, value: name + b"=" + value,
        st.sampled_from([b"since", b"jarida", b"x", b""]),
        st.one_of(NUMBERISH, st.sampled_from([b"last-good", b"-1", b"0"]), _pieces(3)),
    ),
    max_size=3,
).map(lambda fields: b"?" + b"&".join(fields) if fields else b"")
#: Request targets: the reload endpoint with a query, or a path around the server's own.
TARGETS = st.one_of(
    QUERY.map(lambda query: ENDPOINT.encode() + query),
    st.builds(
        lambda path, rest, query: path + rest + query,
        st.sampled_from([b"/", ENDPOINT.encode(), b"/2026/", b"x", b"//", b"/assets/"]),
        _pieces(8),
        QUERY,
    ),
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(TARGETS, st.sampled_from([b"GET", b"HEAD"]))
def test_any_request_target_gets_an_answer(shared: Served, target: bytes, method: bytes) -> None:
    # A traceback in the handler closes the connection without a status line. A long poll
    # for the server's own epoch (1: nothing is rebuilt) would wait for its timeout: such a
    # request is sent as HEAD, which answers at once (an encoded `since=%31` only costs 2 s).
    if target.startswith(ENDPOINT.encode()) and re.search(rb"since=0*1(?![0-9])", target):
        method = b"HEAD"
    status, body = raw_request(shared.port, method + b" " + target + b" HTTP/1.0")
    assert status in (200, 301, 400, 404), target
    assert b"TOP SECRET" not in body


# --- live reload, errors, recovery ---------------------------------------------------------------


def test_reload_endpoint_answers_once_an_edit_has_built(served: Served) -> None:
    since = served.epoch()
    answer: list[int] = []
    # The poll is already waiting when the edit lands. It re-polls after each 2 s timeout as
    # the page's script does, since a loaded machine may take longer than that to rebuild.
    waiting = threading.Thread(target=lambda: answer.append(served.wait_for_build(since, 30)))
    waiting.start()
    (served.root / "content/a.md").write_text(
        article("خبر عاجل", body="نص جديد بعد التعديل."), encoding="utf-8"
    )
    waiting.join(timeout=35)
    assert answer == [since + 1]
    assert "نص جديد بعد التعديل." in served.text(SLUG_PAGE)
    # A page carries the epoch it was cut from, so it reloads only after the next build.
    assert f"const since = {since + 1};" in served.text(SLUG_PAGE)


def test_reload_endpoint_without_a_change_answers_after_its_timeout(shared: Served) -> None:
    since = shared.epoch()
    started = time.monotonic()
    assert int(shared.request(f"{ENDPOINT}?since={since}")[2]) == since
    assert time.monotonic() - started < 10
    assert shared.request(ENDPOINT)[0] == 400
    assert shared.request(f"{ENDPOINT}?since=x")[0] == 400


def test_several_quick_saves_cause_one_rebuild(serve_site: ServeSite) -> None:
    # A wider quiet window than the default 100 ms, so that a loaded machine's late sleeps
    # still fall inside it: the grouping is under test, not its width.
    served = serve_site(SITE, quiet_ms=400)
    builds = len(served.reports)
    since = served.epoch()
    for n in range(5):
        (served.root / "content/a.md").write_text(
            article("خبر عاجل", body=f"الحفظ رقم {n}."), encoding="utf-8"
        )
        time.sleep(0.02)
    served.wait_for_build(since)
    time.sleep(1.0)  # room for a second, unwanted build to show up
    assert len(served.reports) == builds + 1
    assert served.reports[-1].changes is not None
    assert served.reports[-1].changes.paths == ("content/a.md",)
    assert "الحفظ رقم 4." in served.text(SLUG_PAGE)


def test_build_error_page_then_recovery(served: Served) -> None:
    served.edit("content/a.md", "---\ntitle: خبر عاجل\ndate: <b>أمس</b>\n---\nنص\n")
    assert not served.reports[-1].ok
    for path in (quote(SLUG_PAGE), "/", "/no/such/page/"):
        status, headers, body = served.request(path)
        assert status == 500, path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        page = body.decode("utf-8")
        assert '<html lang="ar" dir="rtl">' in page
        assert "تعذّر بناء الموقع" in page and "خطأً واحدًا" in page
        assert "content/a.md:3: `date` is not a date: &#x27;&lt;b&gt;أمس&lt;/b&gt;&#x27;" in page
        assert "<b>" not in page
        assert "data-jarida-livereload" in page
    # The last good build stays available: its styles, and its pages on request.
    assert served.request("/" + THEME_CSS)[0] == 200
    status, _, body = served.request(quote(SLUG_PAGE) + "?jarida=last-good")
    assert status == 200 and "النص الأول للخبر." in body.decode("utf-8")
    served.edit("content/a.md", article("خبر عاجل", body="أُصلح الخطأ."))
    assert served.reports[-1].ok
    assert "أُصلح الخطأ." in served.text(SLUG_PAGE)


def test_the_error_page_speaks_the_sites_language(serve_site: ServeSite) -> None:
    served = serve_site(SITE | {"jarida.yaml": "title: The Daily\nlanguage: en\n"})
    served.edit("content/a.md", "---\ntitle: x\ndate: yesterday\n---\n")
    status, _, body = served.request("/")
    page = body.decode("utf-8")
    assert status == 500 and '<html lang="en" dir="ltr">' in page
    assert "The site could not be built" in page and "تعذّر" not in page


def test_a_template_error_names_the_template_line(served: Served) -> None:
    served.edit("templates/article.html", "<p>\n{{ article.nope.deeper }}\n</p>\n")
    status, _, body = served.request(quote(SLUG_PAGE))
    assert status == 500
    assert "templates/article.html:2: template failed while rendering" in body.decode("utf-8")
    served.edit("templates/article.html", '{% extends "theme/article.html" %}\n')
    assert served.request(quote(SLUG_PAGE))[0] == 200


def test_interface_strings_of_the_site_are_watched(served: Served) -> None:
    served.edit("i18n/ar.yaml", "back_to_top: إلى رأس الصفحة\n")
    assert "إلى رأس الصفحة" in served.text(SLUG_PAGE)


def test_config_changes_are_read_again(served: Served) -> None:
    served.edit("jarida.yaml", "title: عنوان جديد للموقع\nlanguage: ar\n")
    assert "عنوان جديد للموقع" in served.text("/")
    served.edit("jarida.yaml", "titel: خطأ\n")
    status, _, body = served.request("/")
    assert status == 500 and "jarida.yaml:1: unknown config key `titel`" in body.decode("utf-8")
    served.edit("jarida.yaml", "title: عاد الموقع\n")
    assert "عاد الموقع" in served.text("/")


def _mark(width: int, height: int) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"/>'


def test_a_logo_saved_at_another_size_is_measured_again(serve_site: ServeSite) -> None:
    # The logo's size is read with the config: a change of the file alone must be seen too.
    files = {"jarida.yaml": "logo: /images/mark.svg\n", "static/images/mark.svg": _mark(120, 40)}
    served = serve_site(SITE | files)
    assert 'width="120" height="40"' in served.text("/")
    served.edit("static/images/mark.svg", _mark(200, 50))
    assert 'width="200" height="50"' in served.text("/")


def test_links_point_at_the_preview_not_at_base_url(serve_site: ServeSite) -> None:
    served = serve_site(SITE | {"jarida.yaml": "base_url: https://news.example/sub/\n"})
    page = served.text("/")
    assert f'href="/{THEME_CSS}"' in page and "news.example" not in page
    assert f'href="{served.preview.url}"' in page


def test_drafts_and_future_articles_are_shown_and_marked(shared: Served) -> None:
    draft = shared.text("/2026/04/مسودة-خبر/")
    future = shared.text("/2026/12/خبر-الغد/")
    assert '<span class="badge badge-draft">مسودة</span>' in draft
    assert '<span class="badge badge-future">مجدولة للنشر</span>' in future


def test_drafts_and_future_can_be_hidden(serve_site: ServeSite) -> None:
    served = serve_site(SITE, drafts=False, future=False)
    assert served.request(quote("/2026/04/مسودة-خبر/"))[0] == 404
    assert served.request(quote("/2026/12/خبر-الغد/"))[0] == 404


def test_a_broken_site_still_starts_and_recovers(serve_site: ServeSite) -> None:
    served = serve_site({"content/a.md": "---\ntitle: خبر\n"})
    assert not served.reports[0].ok
    status, _, body = served.request("/")
    assert status == 500 and "content/a.md:1:" in body.decode("utf-8")
    assert "آخر بناء ناجح" not in body.decode("utf-8")  # there is no good build to show yet
    served.edit("content/a.md", article("خبر عاجل"))
    assert served.request(quote(SLUG_PAGE))[0] == 200


def test_serving_never_writes_into_the_site(serve_site: ServeSite) -> None:
    served = serve_site(SITE, out_dir=None)
    out_dir = served.preview.out_dir
    assert out_dir.is_dir() and not out_dir.is_relative_to(served.root)
    before = {
        p: (data, (served.root / p).stat().st_mtime_ns) for p, data in tree(served.root).items()
    }
    served.request("/")
    served.edit("content/b.md", article("خبر آخر", "2026-02-01T10:00:00+03:00", body="تعديل."))
    served.edit("content/b.md", "---\nbroken")
    after = {
        p: (data, (served.root / p).stat().st_mtime_ns) for p, data in tree(served.root).items()
    }
    del before["content/b.md"], after["content/b.md"]
    # Only the build cache in .jarida/ (git-ignored) may change: never a source, never public/.
    assert {p: v for p, v in after.items() if not p.startswith(".jarida/")} == {
        p: v for p, v in before.items() if not p.startswith(".jarida/")
    }
    assert sorted(p.name for p in served.root.iterdir()) == [
        ".jarida",
        "content",
        "jarida.yaml",
        "static",
    ]
    served.preview.close()
    assert not out_dir.exists()


def test_a_rebuild_waits_while_another_build_writes_the_preview_folder(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's rebuilds take the output's lock like any build (held here, as another would)."""
    import fcntl

    from jarida import serve
    from jarida.layout import lock_file

    told = threading.Event()
    monkeypatch.setattr(serve.log, "warning", lambda message, *args: told.set())
    reports = []
    with lock_file(served.preview.out_dir).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        rebuild = threading.Thread(target=lambda: reports.append(served.preview.rebuild(None)))
        rebuild.start()
        assert told.wait(timeout=60), "the rebuild did not wait for the lock"
        assert rebuild.is_alive() and not reports
        fcntl.flock(held, fcntl.LOCK_UN)
    rebuild.join(timeout=120)
    assert reports and reports[0].ok


def test_serving_again_writes_no_new_manifest(serve_site: ServeSite, tmp_path: Path) -> None:
    # Each preview is built into a new temporary folder: a manifest of that folder kept in the
    # site's .jarida/ would be a new file on every run, never read again.
    first = serve_site(SITE, out_dir=None)
    first.edit("content/b.md", article("خبر آخر", "2026-02-01T10:00:00+03:00", body="تعديل."))
    cache = sorted(p.name for p in (first.root / ".jarida").iterdir())
    first.preview.close()
    second = start_preview(first.root, None, quiet_ms=first.preview.options.quiet_ms)
    with second.preview:
        assert sorted(p.name for p in (first.root / ".jarida").iterdir()) == cache
    assert not [name for name in cache if name.startswith(("manifest", "reads"))]


def test_no_file_is_served_while_a_commit_is_half_applied(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every request waits for the output's journal to go (jarida.journal.settled) first."""
    from jarida import server

    seen: list[Path] = []
    monkeypatch.setattr(server, "settled", seen.append)
    assert served.request(quote(SLUG_PAGE))[0] == 200
    assert seen == [served.preview.out_dir]


def test_an_edition_is_previewed_at_its_path_with_its_own_404(serve_site: ServeSite) -> None:
    config = "title: جريدة\nlanguage: ar\nlanguages:\n  en: {title: Jarida Daily}\n"
    files = SITE | {
        "jarida.yaml": config,
        "content/en/a.md": article("Breaking story", body="The first text."),
    }
    served = serve_site(files)
    home = served.text("/en/")
    assert '<html lang="en" dir="ltr">' in home and "Breaking story" in home
    assert "data-jarida-livereload" in home
    assert "The first text." in served.text("/en/2026/03/breaking-story/")
    status, _, body = served.request("/en/no/such/page/")
    assert status == 404 and '<html lang="en" dir="ltr">' in body.decode("utf-8")
    status, _, body = served.request("/no/such/page/")
    assert status == 404 and '<html lang="ar" dir="rtl">' in body.decode("utf-8")
