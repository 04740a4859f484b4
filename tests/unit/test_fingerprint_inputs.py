"""What a page's fingerprint is made of, through the public functions of :mod:`jarida.fingerprint`:
the base every page shares, each job's plain values, and the reads its last render recorded.

The contract incremental builds rest on: ``fingerprints`` gives exactly the fingerprint
``rendered_print`` recorded for a page when nothing the page showed has changed, and another one
as soon as anything it showed did: a base input, a plain value of its context, a value it read,
a thing it read that is gone; a page never rendered matches nothing recorded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from jarida import fingerprint
from jarida.assets import collect_assets
from jarida.config import load_config
from jarida.digests import reads_digest
from jarida.fingerprint import Rendered, base_digest, fingerprints, rendered_print
from jarida.model import Selection, Site
from jarida.outputs import Output, RenderJob, plan, render_job
from jarida.readtable import Reads, Recorded, next_reads
from jarida.render import make_environment
from jarida.sitecheck import load_site, read_only_cache
from tests.conftest import NOW, MakeSite, article, write_site

ABOUT = "content/pages/about.md"
#: Reads ``b.md`` by its id: a page that shows an article it does not hold in its context.
READS_B = """{% extends "theme/page.html" %}
{% block main %}{{ super() }}{% set b = site.articles.get("b.md") %}
{% if b %}<p>{{ b.title }}</p>{% endif %}{% endblock %}
"""


def small_site() -> dict[str, str]:
    return {
        "jarida.yaml": 'title: "جريدة"\nbase_url: "https://example.org/"\n',
        "content/a.md": article("أ", slug="a", tags="[t1]", category="c1"),
        "content/b.md": article("ب", date="2026-04-01T10:00:00+03:00", slug="b", tags="[t1]"),
        ABOUT: article("عن", slug="about"),
    }


def site_at(root: Path) -> Site:
    site, _ = load_site(load_config(root), Selection(now=NOW))
    return site


def base_of(root: Path) -> str:
    return base_digest(site_at(root), collect_assets(root).paths)


@dataclass(frozen=True)
class Last:
    """A site rendered once: each page's recorded fingerprint and what its render read."""

    prints: dict[str, str]
    reads: Reads


@dataclass(frozen=True)
class Now:
    """The fingerprints of a site's pages on this build, by output path."""

    plain: dict[str, str]
    prints: dict[str, str]


def render(root: Path, site: Site, jobs: Sequence[RenderJob]) -> list[Output]:
    """``jobs`` of the site at ``root`` rendered (the one place these tests render)."""
    env = make_environment(site.config, collect_assets(root))
    bodies = read_only_cache(site.config)
    return [render_job(env, site, job, bodies=bodies) for job in jobs]


def render_all(root: Path) -> Last:
    """Render every page of the site at ``root``, as a build does, and note what it read; the
    reads go through the manifest's JSON as they do between two builds."""
    site = site_at(root)
    jobs = plan(site)
    found = fingerprints(site, jobs, base_of(root), Reads())
    prints, keys, values = {}, {}, {}
    for output, plain in zip(render(root, site, jobs), found.plain, strict=True):
        prints[output.path] = rendered_print(plain, output.reads)
        keys[output.path] = [key for key, _ in output.reads]
        values[output.path] = [value for _, value in output.reads]
    digests = {p: reads_digest(v) for p, v in values.items()}
    by_key = {k: v for p in keys for k, v in zip(keys[p], values[p], strict=True)}
    stored = next_reads(Reads(), [], {}, Recorded.of(keys, by_key, digests)).to_json(key="k")
    return Last(prints, Reads.from_json(stored, key="k"))


def now_at(root: Path, last: Reads, base: str | None = None) -> Now:
    site = site_at(root)
    jobs = plan(site)
    found = fingerprints(site, jobs, base_of(root) if base is None else base, last)
    paths = [job.out_path for job in jobs]
    return Now(
        dict(zip(paths, found.plain, strict=True)), dict(zip(paths, found.prints, strict=True))
    )


def page_of(root: Path, source: str) -> str:
    """The output path of the article or page whose source is ``source`` (under content/)."""
    site = site_at(root)
    item = site.articles.get(source) or site.pages[source]
    return next(job.out_path for job in plan(site) if job.key == item.id)


# The base digest: what every page shares.


@pytest.mark.parametrize(
    ("edit", "changes"),
    [
        ({"templates/article.html": '{% extends "theme/article.html" %}'}, True),
        ({"templates/partials/extra.html": "<p>x</p>"}, True),
        ({"i18n/ar.yaml": 'home: "البداية"\n'}, True),
        ({"jarida.yaml": 'title: "جريدة اليوم"\nbase_url: "https://example.org/"\n'}, True),
        ({"static/css/extra.css": "body { color: red }\n"}, True),  # renamed: extra.<digest>.css
        ({"static/js/extra.js": "let x = 1;\n"}, True),
        ({"static/images/photo.png": "not really a png"}, False),  # a plain copy
        ({"static/robots-extra.txt": "hello\n"}, False),
        ({"content/c.md": article("ج", slug="c")}, False),  # pages' own inputs, not the base
    ],
    ids=lambda v: next(iter(v)) if isinstance(v, dict) else str(v),
)
def test_the_base_digest_changes_with_what_every_page_shares(
    make_site: MakeSite, edit: dict[str, str], changes: bool
) -> None:
    root = make_site(small_site())
    before = base_of(root)
    write_site(root, edit)
    assert (base_of(root) != before) is changes


def test_the_base_digest_follows_the_bytes_of_a_renamed_asset(make_site: MakeSite) -> None:
    root = make_site(small_site() | {"static/css/extra.css": "a { color: red }\n"})
    before = base_of(root)
    write_site(root, {"static/css/extra.css": "a { color: blue }\n"})
    assert base_of(root) != before
    write_site(root, {"static/css/extra.css": "a { color: red }\n"})
    assert base_of(root) == before


# The plain digest: the job and its context's plain values (shared objects by reference).


def test_a_jobs_plain_digest_changes_with_its_contexts_plain_values(make_site: MakeSite) -> None:
    root = make_site(small_site())
    a, about = page_of(root, "a.md"), page_of(root, "pages/about.md")
    before = now_at(root, Reads(), base="fixed")
    # a's tags are in its page's context (as references to the terms): a plain value of it
    write_site(root, {"content/a.md": article("أ", slug="a", tags="[t1, t2]", category="c1")})
    after = now_at(root, Reads(), base="fixed")
    assert after.plain[a] != before.plain[a]
    assert after.plain[about] == before.plain[about]  # its context holds nothing of a


def test_an_edit_of_a_shared_objects_field_leaves_the_plain_digests_alone(
    make_site: MakeSite,
) -> None:
    """The title of an article is read through the article, not held in a context."""
    root = make_site(small_site())
    before = now_at(root, Reads(), base="fixed")
    write_site(root, {"content/a.md": article("أ جديد", slug="a", tags="[t1]", category="c1")})
    assert now_at(root, Reads(), base="fixed").plain == before.plain


def test_the_base_is_in_every_plain_digest(make_site: MakeSite) -> None:
    root = make_site(small_site())
    one, two = now_at(root, Reads(), base="one"), now_at(root, Reads(), base="two")
    assert all(one.plain[path] != two.plain[path] for path in one.plain)


# The fingerprint: the plain digest and the reads of the last render, replayed.


def test_nothing_changed_gives_the_fingerprints_of_the_last_render(make_site: MakeSite) -> None:
    root = make_site(small_site() | {"templates/page.html": READS_B})
    last = render_all(root)
    assert len(last.prints) > 10
    assert now_at(root, last.reads).prints == last.prints


def test_fingerprints_in_blocks_on_forked_workers_are_the_same(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Replaying the keys and the pages' plain digests fan out, a block at a time, to forked
    workers: the same fingerprints, reads and values as one process gives, in the same order."""
    root = make_site(small_site() | {"templates/page.html": READS_B})
    last = render_all(root)
    write_site(root, {"content/a.md": article("أ جديد", slug="a", tags="[t1]", category="c1")})
    site = site_at(root)
    jobs, base = plan(site), base_of(root)
    alone = fingerprints(site, jobs, base, last.reads)
    real, real_context = fingerprint.replay_all, fingerprint.context
    (noted := tmp_path / "replayed-in").mkdir()
    (made := tmp_path / "contexts-made-in").mkdir()

    def replay_noting(site: Site, texts: Sequence[str]) -> list[str]:
        (noted / str(os.getpid())).touch()  # seen from here whatever process replays
        return real(site, texts)

    def context_noting(site: Site, job: RenderJob) -> dict[str, Any]:
        (made / str(os.getpid())).touch()
        return real_context(site, job)

    monkeypatch.setattr(fingerprint, "replay_all", replay_noting)
    monkeypatch.setattr(fingerprint, "context", context_noting)
    in_process = fingerprints(site, jobs, base, last.reads, workers=2)  # too small to fork
    assert in_process == alone
    assert {int(p.name) for p in [*noted.iterdir(), *made.iterdir()]} == {os.getpid()}
    for folder in (noted, made):
        for p in folder.iterdir():
            p.unlink()
    monkeypatch.setattr(fingerprint, "FINGERPRINT_BLOCK", 3)
    monkeypatch.setattr(fingerprint, "PLAIN_BLOCK", 2)
    shared = fingerprints(site, jobs, base, last.reads, workers=2)
    assert shared == alone and len(shared.replayed) > 6 and len(jobs) > 6
    for folder in (noted, made):  # replayed, and the contexts made, in the workers, not here
        pids = {int(p.name) for p in folder.iterdir()}
        assert pids and os.getpid() not in pids, folder.name
    assert alone.prints != list(last.prints.values())  # the edit shows: not all kept


def test_a_changed_read_value_changes_the_fingerprint(make_site: MakeSite) -> None:
    root = make_site(small_site())
    last = render_all(root)
    a = page_of(root, "a.md")
    write_site(root, {"content/a.md": article("أ جديد", slug="a", tags="[t1]", category="c1")})
    now = now_at(root, last.reads)
    assert now.prints[a] != last.prints[a]  # its page shows its title
    assert now.prints["robots.txt"] == last.prints["robots.txt"]  # shows no article
    about = page_of(root, "pages/about.md")
    assert now.prints[about] == last.prints[about]  # shows no article but itself


def test_a_read_whose_target_is_gone_changes_the_fingerprint(make_site: MakeSite) -> None:
    """The about page's override looks b up by id: once b is gone the lookup finds nothing
    (the reads' MISSING), though nothing in the page's own context changed."""
    root = make_site(small_site() | {"templates/page.html": READS_B})
    about = page_of(root, "pages/about.md")
    last = render_all(root)
    before = now_at(root, last.reads)
    (root / "content/b.md").unlink()
    now = now_at(root, last.reads)
    assert now.plain[about] == before.plain[about]
    assert now.prints[about] != last.prints[about]


def test_a_page_never_rendered_matches_nothing_recorded(make_site: MakeSite) -> None:
    root = make_site(small_site())
    last = render_all(root)
    write_site(root, {"content/c.md": article("ج", slug="c")})
    c = page_of(root, "c.md")
    now = now_at(root, last.reads)
    assert c not in last.prints
    site = site_at(root)
    (rendered,) = render(root, site, [job for job in plan(site) if job.out_path == c])
    assert now.prints[c] not in (
        rendered_print(now.plain[c], rendered.reads),
        rendered_print(now.plain[c], ()),
    )
    # and with no reads recorded at all, no page matches its last render
    fresh = now_at(root, Reads())
    assert all(fresh.prints[path] != last.prints[path] for path in last.prints)


@pytest.mark.parametrize("entry", ["zz", "0,fffff", "0A", "-1", 7, None, ["0"]])
def test_a_damaged_entry_of_a_pages_reads_matches_nothing(
    make_site: MakeSite, entry: object
) -> None:
    """An entry that names no key of the table (not lower-case hexadecimal, past its end, not
    a text) renders the page again; the other pages keep their fingerprints."""
    root = make_site(small_site())
    last = render_all(root)
    a = page_of(root, "a.md")
    damaged = Reads(last.reads.keys, {**last.reads.pages, a: entry})  # type: ignore[dict-item]
    now = now_at(root, damaged)
    assert now.prints[a] != last.prints[a]
    assert all(now.prints[p] == last.prints[p] for p in last.prints if p != a)


# The reads kept between builds (jarida.readtable).


def _rendered(pages: dict[str, list[str]]) -> Recorded:
    values = {p: [f"v-{k}" for k in keys] for p, keys in pages.items()}
    digests = {p: reads_digest(v) for p, v in values.items()}
    return Recorded.of(pages, {k: f"v-{k}" for keys in pages.values() for k in keys}, digests)


def test_the_reads_entry_keeps_the_kept_pages_and_takes_the_rendered_ones() -> None:
    first = next_reads(Reads(), [], {}, _rendered({"a": ["k1", "k2"], "b": ["k2", "k3"]}))
    assert (first.keys_of("a"), first.keys_of("b")) == (["k1", "k2"], ["k2", "k3"])
    values = [f"v-{k}" for k in first.keys]
    second = next_reads(first, values, {"a": first.digests["a"]}, _rendered({"b": ["k5"]}))
    assert second.keys_of("a") == ["k1", "k2"]  # kept: its reads from the last build
    assert second.keys_of("b") == ["k5"]  # rendered: its new reads
    assert second.digests["a"] == first.digests["a"]
    assert second.keys[: len(first.keys)] == first.keys  # appended: nothing renumbered
    assert second.values == (*values, "v-k5")


def test_a_page_that_read_no_changed_key_keeps_its_reads_digest_unparsed(
    make_site: MakeSite,
) -> None:
    """Its entry is not combined again (a damaged one would show it): one lookup per page."""
    root = make_site(small_site())
    last = render_all(root)
    a, about = page_of(root, "a.md"), page_of(root, "pages/about.md")
    pages = {**last.reads.pages, about: "zz"}
    write_site(root, {"content/a.md": article("أ جديد", slug="a", tags="[t1]", category="c1")})
    now = now_at(root, replace(last.reads, pages=pages))
    assert now.prints[about] == last.prints[about]  # read nothing of a: not replayed
    assert now.prints[a] != last.prints[a]
    assert now.prints == now_at(root, last.reads).prints


def test_a_page_that_read_a_changed_key_has_its_reads_combined_again(
    make_site: MakeSite,
) -> None:
    root = make_site(small_site())
    last = render_all(root)
    a = page_of(root, "a.md")
    kept = {**last.reads.digests, a: "0" * 32}  # a wrong digest: only its entry can undo it
    write_site(root, {"content/a.md": article("أ جديد", slug="a", tags="[t1]", category="c1")})
    now = now_at(root, replace(last.reads, digests=kept))
    assert now.prints == now_at(root, last.reads).prints


def test_the_noted_reads_are_numbered_and_each_process_keys_let_go_once_recorded() -> None:
    rendered = Rendered(["a", "b"], ["pa", "pb"])
    outputs = [
        Output("a", b"", (("k1", "v1"), ("k2", "v2"))),
        Output("b", b"", (("k2", "v2"), ("k3", "v3"))),
    ]
    assert list(rendered.note(outputs)) == outputs
    recorded = rendered.recorded()
    assert (list(recorded.table), list(recorded.values)) == (["k1", "k2", "k3"], ["v1", "v2", "v3"])
    assert {p: list(r) for p, r in recorded.pages.items()} == {"a": [0, 1], "b": [1, 2]}
    assert rendered._sent == []  # ~1.5 million keys at 100,000 articles, no longer needed
    assert next_reads(Reads(), [], {}, recorded).keys_of("b") == ["k2", "k3"]


def test_a_noted_page_goes_on_with_this_process_s_own_path_not_the_copy_sent() -> None:
    """The writer keeps every page's path to the end of the build (~135,000 at 100,000
    articles): the one the plan made, not each worker's unpickled copy of it."""
    own = "أخبار/مقال/index.html"
    rendered = Rendered([own], ["pa"])
    sent = Output("".join(own), b"<p>", (("k1", "v1"),))  # an equal string, not the same one
    assert sent.path == own and sent.path is not own
    (noted,) = rendered.note([sent])
    assert noted.path is own
    assert (noted.data, noted.reads) == (sent.data, sent.reads)
