"""An article body's root-relative links made absolute for feed readers."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from jarida.outputs.base import absolute_links

SITE: Any = SimpleNamespace(config=SimpleNamespace(origin="https://example.org"))


def test_root_relative_links_and_srcset_candidates_become_absolute() -> None:
    html = '<p><a href="/a/">أ</a> <img src="/i.jpg" srcset="/i.64w.jpg 64w, /i.128w.jpg 128w"></p>'
    assert absolute_links(SITE, html) == (
        '<p><a href="https://example.org/a/">أ</a> <img src="https://example.org/i.jpg"'
        ' srcset="https://example.org/i.64w.jpg 64w, https://example.org/i.128w.jpg 128w"></p>'
    )


def test_a_srcset_alone_and_links_that_are_not_root_relative() -> None:
    html = '<img alt="" srcset="/a.jpg 1x, //cdn.example/b.jpg 2x"> <a href="//x.org/">x</a>'
    assert absolute_links(SITE, html) == (
        '<img alt="" srcset="https://example.org/a.jpg 1x, //cdn.example/b.jpg 2x">'
        ' <a href="//x.org/">x</a>'
    )


def test_a_srcset_whose_first_candidate_is_absolute() -> None:
    html = '<img srcset="https://cdn.example/a.jpg 1x, /b.jpg 2x">'
    assert absolute_links(SITE, html) == (
        '<img srcset="https://cdn.example/a.jpg 1x, https://example.org/b.jpg 2x">'
    )


def test_a_body_without_root_links_is_given_back_as_it_is() -> None:
    html = '<p>نص عربي طويل <a href="https://x.org/">x</a> data-x="/y"</p>'
    assert absolute_links(SITE, html) == html
