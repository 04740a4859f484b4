"""What pages the site has (the render plan) and what each page's template receives.

A :class:`RenderJob` is plain data (ids, not objects), so that jobs can be fingerprinted and sent to
worker processes; :func:`render_job` turns one into bytes with a given Jinja environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from jarida.model import TAXONOMIES, Article, Site, Term
from jarida.site import url_for


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderJob:
    #: Output file under the site's output folder, e.g. ``tags/الطيران/page/2/index.html``.
    out_path: str
    template: str
    #: ``article``, ``index``, ``term``, ``terms`` or ``404``.
    kind: str
    #: The article id, ``tags/<slug>`` for a term page, or the taxonomy of a terms index.
    key: str = ""
    page: int = 1


@dataclass(frozen=True, slots=True)
class Output:
    path: str
    data: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class Pager:
    """One page of a paginated list. Page numbers are 1-based."""

    articles: tuple[Article, ...]
    number: int
    count: int
    urls: tuple[str, ...]

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def _page_dir(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def _page_count(items: int, per_page: int) -> int:
    return max(1, -(-items // per_page))


def _paginated(base: str, kind: str, key: str, items: int, per_page: int) -> list[RenderJob]:
    template = {"index": "index.html", "term": "term.html"}[kind]
    return [
        RenderJob(
            out_path=_page_dir(base, n) + "index.html",
            template=template,
            kind=kind,
            key=key,
            page=n,
        )
        for n in range(1, _page_count(items, per_page) + 1)
    ]


def plan(site: Site) -> list[RenderJob]:
    """Every page of the site, in a stable order."""
    per_page = site.config.paginate
    jobs = [
        RenderJob(
            out_path=a.out_dir + "index.html", template="article.html", kind="article", key=a.id
        )
        for a in site.articles.values()
    ]
    jobs += _paginated("", "index", "", len(site.articles), per_page)
    for kind in TAXONOMIES:
        jobs.append(
            RenderJob(out_path=f"{kind}/index.html", template="terms.html", kind="terms", key=kind)
        )
        for term in site.taxonomies[kind].values():
            jobs += _paginated(
                term.out_dir, "term", f"{kind}/{term.slug}", len(term.article_ids), per_page
            )
    jobs.append(RenderJob(out_path="404.html", template="404.html", kind="404"))
    return sorted(jobs, key=lambda job: job.out_path)


def _pager(site: Site, base: str, ids: Sequence[str], number: int) -> Pager:
    per_page = site.config.paginate
    count = _page_count(len(ids), per_page)
    chunk = ids[(number - 1) * per_page : number * per_page]
    return Pager(
        articles=tuple(site.articles[i] for i in chunk),
        number=number,
        count=count,
        urls=tuple(url_for(site.config, _page_dir(base, n)) for n in range(1, count + 1)),
    )


def _term_list(site: Site, kind: str) -> list[Term]:
    return sorted(site.taxonomies[kind].values(), key=lambda t: (-len(t.article_ids), t.name))


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    """The variables ``job``'s template receives (documented in ``docs/templates.md``)."""
    base: dict[str, Any] = {
        "site": site,
        "job": job,
        "page_url": url_for(site.config, job.out_path.removesuffix("index.html")),
        "nav_categories": _term_list(site, "categories"),
    }
    if job.kind == "article":
        article = site.articles[job.key]
        return base | {
            "article": article,
            "related": site.related_articles(article),
            **{kind: site.terms_of(article, kind) for kind in TAXONOMIES},
        }
    if job.kind == "index":
        return base | {"pager": _pager(site, "", list(site.articles), job.page)}
    if job.kind == "term":
        kind, slug = job.key.split("/", 1)
        term = site.taxonomies[kind][slug]
        return base | {
            "term": term,
            "pager": _pager(site, term.out_dir, term.article_ids, job.page),
        }
    if job.kind == "terms":
        return base | {"taxonomy": job.key, "terms": _term_list(site, job.key)}
    return base


def render_job(env: Environment, site: Site, job: RenderJob) -> Output:
    html = env.get_template(job.template).render(context(site, job))
    return Output(path=job.out_path, data=html.encode("utf-8"))
