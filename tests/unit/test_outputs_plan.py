"""The plan of each page family: exactly which outputs a small site built in memory gets, and of
which kind; the context table covers every kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

import pytest

from jarida.config import Config, FeedsConfig
from jarida.encoding import encode
from jarida.model import Article, Body, Site, Term
from jarida.outputs import (
    FAMILIES,
    article,
    context,
    feeds,
    home,
    notfound,
    page,
    plan,
    redirects,
    robots,
    search,
    sitemaps,
    termindex,
    termlist,
)
from jarida.outputs.jobs import Kind, RenderJob
from jarida.taxonomyconfig import BUILT_IN

NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)


def doc(
    slug: str,
    *,
    age: timedelta = timedelta(days=30),
    kind: str = "article",
    tags: Sequence[str] = (),
    aliases: Sequence[str] = (),
    expired: bool = False,
) -> Article:
    out_dir = f"{slug}/" if kind == "page" else f"2026/{slug}/"
    return Article(
        id=f"{slug}.md",
        path=f"content/{slug}.md",
        digest="0" * 64,
        title=slug,
        slug=slug,
        out_dir=out_dir,
        url="/" + out_dir,
        date=NOW - age,
        updated=None,
        draft=False,
        future=False,
        expired=expired,
        aliases=tuple(aliases),
        kind=kind,
        terms=MappingProxyType({"tags": tuple(tags)} if tags else {}),
        summary="",
        image=None,
        image_alt="",
        body=Body.inline("<p>نص</p>"),
        toc=(),
        word_count=1,
        extra=MappingProxyType({}),
    )


def tag(slug: str, ids: Sequence[str]) -> Term:
    return Term(
        kind="tags",
        slug=slug,
        name=slug,
        out_dir=f"tags/{slug}/",
        url=f"/tags/{slug}/",
        article_ids=tuple(ids),
        variants=(slug,),
    )


def make(docs: Sequence[Article], terms: Sequence[Term] = (), **config: object) -> Site:
    """A site of ``docs`` (articles and pages), paginated by 2, with the tags ``terms``."""
    settings: dict[str, object] = {"paginate": 2, "base_url": "https://news.example/"} | config
    articles = [d for d in docs if d.kind == "article"]
    taxonomies = {kind: MappingProxyType({}) for kind in BUILT_IN}
    taxonomies["tags"] = MappingProxyType({t.slug: t for t in terms})
    return Site(
        config=Config(root=Path("/nowhere"), **settings),  # type: ignore[arg-type]
        articles=MappingProxyType({a.id: a for a in articles}),
        listed=tuple(a.id for a in articles if not a.expired),
        taxonomies=MappingProxyType(taxonomies),
        related=MappingProxyType({}),
        built_at=NOW,
        pages=MappingProxyType({d.id: d for d in docs if d.kind == "page"}),
    )


def paths(jobs: Sequence[RenderJob]) -> list[tuple[str, Kind, str, int]]:
    return [(j.out_path, j.kind, j.key, j.page) for j in jobs]


def articles(count: int) -> list[Article]:
    return [doc(f"a{n}", age=timedelta(days=30 + n)) for n in range(count)]


# --- pages -----------------------------------------------------------------------------------


def test_every_article_has_its_page_an_expired_one_too() -> None:
    site = make([doc("a"), doc("old", expired=True), doc("about", kind="page")])
    assert sorted(paths(article.plan(site))) == [
        ("2026/a/index.html", Kind.ARTICLE, "a.md", 1),
        ("2026/old/index.html", Kind.ARTICLE, "old.md", 1),
    ]
    assert [j.template for j in article.plan(site)] == ["article.html"] * 2


def test_standalone_pages_have_their_own_family() -> None:
    site = make([doc("a"), doc("about", kind="page")])
    assert paths(page.plan(site)) == [("about/index.html", Kind.PAGE, "about.md", 1)]
    assert [j.template for j in page.plan(site)] == ["page.html"]


@pytest.mark.parametrize(
    ("count", "pages"),
    [
        (0, ["index.html"]),
        (1, ["index.html"]),
        (2, ["index.html"]),  # exactly one page full
        (3, ["index.html", "page/2/index.html"]),
        (4, ["index.html", "page/2/index.html"]),
        (5, ["index.html", "page/2/index.html", "page/3/index.html"]),
    ],
)
def test_the_home_pages_split_at_the_page_size(count: int, pages: list[str]) -> None:
    jobs = home.plan(make(articles(count)))
    assert paths(jobs) == [(p, Kind.INDEX, "", n) for n, p in enumerate(pages, 1)]
    assert {j.template for j in jobs} == {"index.html"}


def test_expired_articles_do_not_count_in_the_home_pages() -> None:
    site = make([*articles(2), doc("old", expired=True)])
    assert [j.out_path for j in home.plan(site)] == ["index.html"]


def test_a_term_with_no_one_or_many_pages_of_articles() -> None:
    many = articles(5)
    ids = [a.id for a in many]
    terms = [tag("none", []), tag("one", ids[:1]), tag("full", ids[:2]), tag("many", ids)]
    jobs = termlist.plan(make(many, terms))
    assert sorted(paths(jobs)) == [
        ("tags/full/index.html", Kind.TERM, "tags/full", 1),
        ("tags/many/index.html", Kind.TERM, "tags/many", 1),
        ("tags/many/page/2/index.html", Kind.TERM, "tags/many", 2),
        ("tags/many/page/3/index.html", Kind.TERM, "tags/many", 3),
        ("tags/none/index.html", Kind.TERM, "tags/none", 1),
        ("tags/one/index.html", Kind.TERM, "tags/one", 1),
    ]
    assert {j.template for j in jobs} == {"term.html"}


def test_every_taxonomy_has_its_index_of_terms_used_or_not() -> None:
    site = make(articles(1), [tag("t", ["a0.md"])])
    assert sorted(paths(termindex.plan(site))) == [
        ("authors/index.html", Kind.TERMS, "authors", 1),
        ("categories/index.html", Kind.TERMS, "categories", 1),
        ("tags/index.html", Kind.TERMS, "tags", 1),
    ]


def test_the_search_page_only_with_search_on() -> None:
    assert paths(search.plan(make([]))) == [("search/index.html", Kind.SEARCH, "", 1)]
    assert search.plan(make([], search=False)) == []


def test_the_404_page_always() -> None:
    assert paths(notfound.plan(make([]))) == [("404.html", Kind.NOT_FOUND, "", 1)]
    assert [j.template for j in notfound.plan(make([]))] == ["404.html"]


# --- syndication -----------------------------------------------------------------------------


def test_feeds_for_the_site_and_for_every_term() -> None:
    site = make(articles(1), [tag("t", ["a0.md"])])
    assert sorted(paths(feeds.plan(site))) == [
        ("atom.xml", Kind.FEED, "", 1),
        ("rss.xml", Kind.FEED, "", 1),
        ("tags/t/atom.xml", Kind.FEED, "tags/t", 1),
        ("tags/t/rss.xml", Kind.FEED, "tags/t", 1),
    ]
    only_site = make(articles(1), [tag("t", ["a0.md"])], feeds=FeedsConfig(terms=False, rss=False))
    assert paths(feeds.plan(only_site)) == [("atom.xml", Kind.FEED, "", 1)]
    assert feeds.plan(make([], feeds=FeedsConfig(atom=False, rss=False))) == []


def test_one_sitemap_lists_every_public_page() -> None:
    site = make([doc("a"), doc("old", expired=True), doc("about", kind="page")])
    assert paths(sitemaps.plan(site)) == [("sitemap.xml", Kind.SITEMAP, "0", 1)]
    locs = [e.loc for e in sitemaps.entries(site)]
    assert locs == [
        "https://news.example/2026/a/",
        "https://news.example/about/",
        "https://news.example/authors/",
        "https://news.example/categories/",
        "https://news.example/",
        "https://news.example/tags/",
    ]  # in the order of the output paths; no 404, search or expired article's page


def test_sitemaps_split_into_an_index_past_their_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemaps, "SITEMAP_LIMIT", 4)
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 1)
    recent = [doc("new1", age=timedelta(hours=1)), doc("new2", age=timedelta(hours=2))]
    site = make(recent)  # 2 articles, a home page, 3 term indexes: 6 entries
    assert paths(sitemaps.plan(site)) == [
        ("sitemap.xml", Kind.SITEMAP_INDEX, "sitemap", 1),
        ("sitemap-1.xml", Kind.SITEMAP, "0", 1),
        ("sitemap-2.xml", Kind.SITEMAP, "1", 1),
        ("news-sitemap.xml", Kind.SITEMAP_INDEX, "news-sitemap", 1),
        ("news-sitemap-1.xml", Kind.NEWS_SITEMAP, "0", 1),
        ("news-sitemap-2.xml", Kind.NEWS_SITEMAP, "1", 1),
    ]


def test_a_sitemap_part_makes_its_own_entries_and_planning_keeps_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Planning counts the entries (the site keeps a number, not ~135,000 entries at 100,000
    articles); each part's entries are its slice of them all, in the order of the paths."""
    monkeypatch.setattr(sitemaps, "SITEMAP_LIMIT", 4)
    site = make([doc("new1", age=timedelta(hours=1)), doc("new2", age=timedelta(hours=2))])
    sitemaps.plan(site)
    assert not [v for v in site._derived.values() if isinstance(v, list)]
    everything = sitemaps.entries(site)
    assert len(everything) == 6
    parts = [j for j in sitemaps.plan(site) if j.kind is Kind.SITEMAP]
    made = [e for job in parts for e in context(site, job)["entries"]]
    assert made == everything


def test_the_news_sitemap_only_with_recent_articles() -> None:
    assert [j.out_path for j in sitemaps.plan(make(articles(2)))] == ["sitemap.xml"]
    recent = make([doc("new", age=timedelta(hours=1))])
    assert paths(sitemaps.plan(recent))[1:] == [("news-sitemap.xml", Kind.NEWS_SITEMAP, "0", 1)]
    assert sitemaps.plan(make(articles(2), sitemap=False)) == []


def test_robots_txt_when_asked() -> None:
    assert paths(robots.plan(make([]))) == [("robots.txt", Kind.ROBOTS, "", 1)]
    assert robots.plan(make([], robots=False)) == []


def test_a_redirect_from_every_alias_and_their_list() -> None:
    site = make(
        [doc("a", aliases=["/old/a/", "/old/a.html"]), doc("p", kind="page", aliases=["/p/"])]
    )
    assert sorted(paths(redirects.plan(site))) == [
        ("_redirects", Kind.REDIRECTS, "", 1),
        ("old/a.html", Kind.REDIRECT, "a.md", 1),
        ("old/a/index.html", Kind.REDIRECT, "a.md", 1),
        ("p/index.html", Kind.REDIRECT, "p.md", 1),
    ]
    assert redirects.plan(make([doc("a")])) == []


# --- the whole plan --------------------------------------------------------------------------


def every_kind_site(monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 1)  # two news: a news sitemap index
    docs = [
        doc("new", age=timedelta(hours=1), tags=["t"], aliases=["/old/"]),
        doc("newer", age=timedelta(minutes=5)),
        doc("about", kind="page"),
    ]
    return make(docs, [tag("t", ["new.md"])])


def test_the_plan_is_every_family_s_plan_sorted_by_output_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = every_kind_site(monkeypatch)
    jobs = plan(site)
    assert [j.out_path for j in jobs] == sorted(j.out_path for j in jobs)
    families = dict.fromkeys(FAMILIES.values())
    assert sorted(paths(jobs)) == sorted(paths([j for f in families for j in f.plan(site)]))
    assert {j.kind for j in jobs} == set(Kind)  # the site has an output of every kind
    for family in families:
        assert {FAMILIES[j.kind] for j in family.plan(site)} <= {family}


def test_the_context_table_covers_every_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(FAMILIES) == set(Kind)
    site = every_kind_site(monkeypatch)
    for job in plan(site):
        assert {"site", "job"} <= set(context(site, job)), job


def test_a_kind_is_encoded_as_its_old_string() -> None:
    """Fingerprints hash the job: a kind's encoding is the string it was before it was a Kind."""
    job = RenderJob(out_path="404.html", template="404.html", kind=Kind.NOT_FOUND)
    assert encode(job) == ["RenderJob", ["404.html", "404.html", "404", "", 1, ""]]
    assert encode(replace(job, kind=Kind.NEWS_SITEMAP))[1][2] == "news-sitemap"


def test_a_job_pickles_to_its_equal_and_leaves_its_texts_as_they_were() -> None:
    """Jobs are pickled for a Dask worker and kept by the build's process to its end: pickling
    a text outside ASCII would leave its UTF-8 in it (CPython's cache; ``sys.getsizeof``
    counts it)."""
    import pickle
    import sys

    from jarida.outputs.jobs import Kind, RenderJob

    job = RenderJob(
        out_path="أخبار/طيران-المي-35/index.html",
        template="article.html",
        kind=Kind.ARTICLE,
        key="2020/\udcff-مقال.md",  # a file name's undecodable byte, kept by surrogateescape
        page=3,
        edition="en",
    )
    sizes = [sys.getsizeof(text) for text in (job.out_path, job.key)]
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps([job, job], protocol))
        assert again == [job, job] and again[0].kind is Kind.ARTICLE
    assert [sys.getsizeof(text) for text in (job.out_path, job.key)] == sizes
