"""The reload script's injection, the epoch shared between threads, and the error page."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jarida.errors import error, warning
from jarida.livereload import (
    ENDPOINT,
    ReloadState,
    Snapshot,
    error_page,
    inject,
    page_text,
    parse_since,
)


def test_inject_goes_before_the_last_body_end() -> None:
    page = b"<html><body><p>x</p><!-- </body> --></BODY></html>"
    out = inject(page, 7)
    assert out.index(b"data-jarida-livereload") < out.index(b"</BODY>")
    assert out.index(b"data-jarida-livereload") > out.index(b"<!-- </body> -->")
    assert b"const since = 7;" in out and ENDPOINT.encode() in out
    assert inject(b"<p>fragment</p>", 1).startswith(b"<p>fragment</p><script")


def test_publish_wakes_a_waiting_request() -> None:
    state = ReloadState()
    assert state.snapshot().epoch == 0
    got: list[int] = []
    waiter = threading.Thread(target=lambda: got.append(state.wait(0, timeout=10)))
    waiter.start()
    time.sleep(0.05)
    state.publish([error("a.md", "bad")])
    waiter.join(timeout=10)
    assert got == [1]
    assert state.snapshot().failure == (error("a.md", "bad"),)
    state.publish(None)
    assert state.snapshot() == Snapshot(2, None)


def test_wait_answers_at_once_for_an_old_or_unknown_epoch_and_on_close() -> None:
    state = ReloadState()
    state.publish(None)
    assert state.wait(0, timeout=10) == 1
    assert state.wait(99, timeout=10) == 1  # a page from a server that has since restarted
    assert state.wait(1, timeout=0.01) == 1
    state.close()
    assert state.wait(1, timeout=10) == 1


def test_error_page_is_arabic_escaped_and_reloads() -> None:
    diagnostics = [
        warning("content/b.md", "tags: spellings differ", line=2),
        error("content/a.md", "bad <script>alert(1)</script> & more", line=3, hint="fix <it>"),
    ]
    page = error_page(diagnostics, 4, last_good=True).decode("utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "خطأً واحدًا" in page and "تحذير" in page
    assert "content/a.md:3: bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "<script>alert" not in page and "hint: fix &lt;it&gt;" in page
    assert page.index("content/a.md:3") < page.index("content/b.md:2")  # errors first
    assert "const since = 4;" in page and "?jarida=last-good" in page
    assert "?jarida=last-good" not in error_page(diagnostics, 4, last_good=False).decode()


def test_error_page_counts_in_arabic() -> None:
    def page(n: int) -> str:
        return error_page([error(f"{i}.md", "x") for i in range(n)], 1, last_good=False).decode()

    assert "خطأين" in page(2)
    assert "3 أخطاء" in page(3)
    assert "11 خطأً" in page(11)
    assert "100 خطأ." in page(100)


def test_error_page_speaks_the_sites_language(tmp_path: Path) -> None:
    diagnostics = [error("content/a.md", "bad date", line=3), warning("content/b.md", "w")]
    english = error_page(diagnostics, 2, last_good=True, text=page_text("en-GB", "auto"))
    page = english.decode("utf-8")
    assert '<html lang="en-GB" dir="ltr">' in page
    assert "<title>The site could not be built</title>" in page
    assert "The build found one error." in page and "reloads by itself" in page
    assert ">error</span>" in page and ">warning</span>" in page
    assert "last successful build" in page
    assert not any("\u0600" <= c <= "\u06ff" for c in page)  # not a word of Arabic
    assert "content/a.md:3: bad date" in page  # diagnostics stay as they are
    two = error_page(diagnostics * 2, 2, last_good=False, text=page_text("en", "auto"))
    assert "The build found 2 errors." in two.decode()
    # A site's own i18n/<lang>.yaml overrides the page's strings too.
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "en.yaml").write_text('build_failed: "Oops"\n', encoding="utf-8")
    own = error_page(diagnostics, 2, last_good=False, text=page_text("en", "auto", tmp_path))
    assert "<h1>Oops</h1>" in own.decode()
    # Arabic in the site's digits.
    eastern = error_page(diagnostics * 3, 2, last_good=False, text=page_text("ar-EG", "arab"))
    assert "٣ أخطاء" in eastern.decode()


def test_since_is_parsed_strictly() -> None:
    assert parse_since("since=0") == 0
    assert parse_since("since=42") == 42
    assert parse_since("since=-1") == -1  # any epoch that differs from the server's
    assert parse_since("since=7&_=1") == 7
    for bad in (
        "",
        "since=",
        "since=²",  # str.isdigit() says yes, int() says no
        "since=%C2%B2",
        "since=١٢",  # Arabic-Indic digits
        "since=１",  # fullwidth
        "since=+1",
        "since= 1",
        "since=1.0",
        "since=--1",
        "since=1&since=2",
        "since=" + "9" * 40,
        "since=1&" + "x=1&" * 100,
    ):
        assert parse_since(bad) is None, bad


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_since_never_raises(query: str) -> None:
    since = parse_since(query)
    assert since is None or isinstance(since, int)
