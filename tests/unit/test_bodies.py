"""Bodies are references: the frozen site holds keys, and rendering reads each body it shows
from the body store it is given (never all of them: a site's bodies are the largest thing it
has)."""

from __future__ import annotations

import pickle
from dataclasses import fields
from pathlib import Path

from jarida.assets import collect_assets
from jarida.config import Config
from jarida.model import Body, Selection
from jarida.outputs import plan, render_job
from jarida.render import make_environment
from jarida.site import assemble
from tests.conftest import NOW
from tests.unit.test_assemble import parse


class CountingStore:
    """Bodies by key, noting which were asked for."""

    def __init__(self, bodies: dict[str, str]) -> None:
        self.bodies = bodies
        self.asked: list[str] = []

    def html(self, key: str) -> str:
        self.asked.append(key)
        return self.bodies[key]


def test_a_body_is_a_plain_value_that_reads_nothing() -> None:
    body = Body("a-key")
    assert not any(callable(getattr(body, f.name)) for f in fields(body))
    assert pickle.loads(pickle.dumps(body)) == body
    assert body.html_in(CountingStore({"a-key": "<p>x</p>"})) == "<p>x</p>"
    assert Body.inline("<p>held</p>").html_in(CountingStore({})) == "<p>held</p>"


def test_rendering_reads_the_bodies_it_shows_from_the_store_it_is_given(tmp_path: Path) -> None:
    store = CountingStore({"key-a": '<p>نص أ <a href="/x/">x</a></p>', "key-b": "<p>نص ب</p>"})
    parsed = [parse("a", stored="key-a"), parse("b", stored="key-b")]
    config = Config(root=tmp_path / "site", base_url="https://example.com/sub/")
    site, _ = assemble(config, parsed, Selection(now=NOW))
    env = make_environment(config, collect_assets(config.root))
    job = next(j for j in plan(site) if j.key == "a.md")
    page = render_job(env, site, job, bodies=store).data.decode()
    assert '<p>نص أ <a href="/sub/x/">x</a></p>' in page  # root-relative links rebased
    assert store.asked == ["key-a"]


def test_a_body_puts_its_pictures_in_place_of_their_img_tags() -> None:
    """``Body.pictures``: the ``<img>`` whose ``src`` is a picture's output path (under the base
    path, percent-encoded or not, either quotes) becomes its markup with the tag's own alt;
    other images are left alone."""
    from jarida.urlpath import ALT_SLOT

    html = (
        '<p><img src="/images/%D8%A3.jpg" alt="أ &amp; ب"> <img src=\'/images/أ.jpg?v=2\'>'
        ' <img src="/other.jpg" alt="c"> <img src="https://cdn.example/ar/images/أ.jpg"></p>'
    )  # as Markdown renders it: links from the site's root, put under the base path
    body = Body(
        html,
        stored=False,
        base_path="/ar/",
        pictures=(("images/أ.jpg", f'<picture><img src=x alt="{ALT_SLOT}"></picture>'),),
    )
    assert body.html_in(CountingStore({})) == (
        '<p><picture><img src=x alt="أ &amp; ب"></picture> <picture><img src=x alt=""></picture>'
        ' <img src="/ar/other.jpg" alt="c"> <img src="https://cdn.example/ar/images/أ.jpg"></p>'
    )


def test_the_last_bodies_read_are_kept_the_least_recently_shown_let_go() -> None:
    from jarida.bodies import RecentBodies

    store = CountingStore({k: f"<p>{k}</p>" for k in "abcd"})
    recent = RecentBodies(store, size=2)
    assert [recent.html(k) for k in "abab"] == ["<p>a</p>", "<p>b</p>"] * 2
    assert store.asked == ["a", "b"]
    recent.html("c")  # b was shown last: a is let go
    assert recent.html("b") == "<p>b</p>" and store.asked == ["a", "b", "c"]
    assert recent.html("a") == "<p>a</p>" and store.asked == ["a", "b", "c", "a"]
    assert len(pickle.loads(pickle.dumps(recent))._recent) == 2  # sent to a Dask worker
