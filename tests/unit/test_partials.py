"""Cards and related cards rendered once per article and reused on every list that shows them,
with the reads they made replayed into every page that shows them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from jinja2 import Environment

from jarida import renderpool
from jarida.assets import Assets, collect_assets
from jarida.config import Config, load_config
from jarida.digests import key_text
from jarida.model import Selection, Site
from jarida.outputs import plan, render_job
from jarida.outputs.jobs import RenderJob
from jarida.render import make_environment
from jarida.sitecheck import load_site, read_only_cache
from tests.conftest import NOW, MakeSite, article


def many_lists(make_site: MakeSite) -> Site:
    """Eight articles, each on the home page, two tag pages, a category's and an author's, and
    in the related lists of the others."""
    files = {
        f"content/a{n}.md": article(
            f"خبر {n}",
            f"2026-03-{10 + n}T10:00:00+03:00",
            f"نص الخبر {n}.",
            slug=f"a{n}",
            tags=f"[t{n % 2}, u{n % 3}]",
            category=f"c{n % 2}",
            author="w1",
        )
        for n in range(8)
    }
    root = make_site({"jarida.yaml": "paginate: 5\n", **files})
    site, _ = load_site(load_config(root), Selection(now=NOW))
    return site


def counting(names: tuple[str, ...], counts: Counter[tuple[str, str]]) -> Any:
    """``make_environment`` whose templates ``names`` count their renders by article id."""

    def make(config: Config, assets: Assets) -> Environment:
        env = make_environment(config, assets)
        for name in names:
            template = env.get_template(name)
            original = template.root_render_func

            def count(context: Any, name: str = name, original: Any = original) -> Iterator[str]:
                counts[name, context["item"].id] += 1
                yield from original(context)

            template.root_render_func = count  # type: ignore[method-assign]
        return env

    return make


def render_all(site: Site, jobs: list[RenderJob]) -> dict[str, Any]:
    outputs = renderpool.render_outputs(
        site,
        jobs,
        assets=collect_assets(site.config.root),
        bodies=read_only_cache(site.config),
        workers=1,
        on_error=lambda env, exc, job: exc,
    )
    return {output.path: output for output in outputs}


def test_each_card_renders_once_per_article_however_many_lists_show_it(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = many_lists(make_site)
    names = ("partials/card.html", "partials/related-card.html")
    counts: Counter[tuple[str, str]] = Counter()
    monkeypatch.setattr(renderpool, "make_environment", counting(names, counts))
    outputs = render_all(site, plan(site))
    shown = Counter()
    for output in outputs.values():
        page = output.data.decode()
        for article_id, article_ in site.articles.items():
            shown[article_id] += page.count(f'href="{article_.url}" dir="auto"')
    cards = Counter({key: n for key, n in counts.items() if key[0] == names[0]})
    related = Counter({key: n for key, n in counts.items() if key[0] == names[1]})
    assert set(related) == {(names[1], a) for a in site.articles}  # every one is related
    # Once as a plain card, once as the lead story, once on its own category's pages.
    assert max(cards.values()) <= 3 and max(related.values()) == 1
    assert min(shown.values()) >= 8  # each title is shown on many more lists than that


def test_a_page_whose_cards_came_from_the_cache_reads_what_it_reads_rendered_alone(
    make_site: MakeSite,
) -> None:
    site = many_lists(make_site)
    jobs = plan(site)
    together = render_all(site, jobs)
    env = make_environment(site.config, collect_assets(site.config.root))
    bodies = read_only_cache(site.config)
    for job in jobs:
        alone = render_job(env, site, job, bodies=bodies)
        assert together[job.out_path].data == alone.data, job.out_path
        assert set(together[job.out_path].reads) == set(alone.reads), job.out_path


def test_a_card_read_on_a_page_is_in_its_reads_each_time(make_site: MakeSite) -> None:
    """The second list showing an article reuses its card, and still depends on its title."""
    site = many_lists(make_site)
    outputs = render_all(site, plan(site))
    first = site.articles[next(iter(site.articles))]
    title = key_text((("doc", first.id), "attr", "title"))
    pages = [
        path
        for path, output in outputs.items()
        if path.endswith("index.html") and f'href="{first.url}" dir="auto"' in output.data.decode()
    ]
    assert len(pages) >= 4
    for path in pages:
        assert title in {key for key, _ in outputs[path].reads}, path
