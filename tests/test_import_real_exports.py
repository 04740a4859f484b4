"""WordPress's own theme test exports (../shared/data/wordpress, see its README) import and build.

Skipped when the shared folder is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest

from jarida.config import load_config
from jarida.importer.convert import html_to_markdown
from jarida.importer.items import Item
from jarida.importer.mapping import decode_slug
from jarida.importer.media import make_index
from jarida.importer.wordpress import ImportOptions, ImportReport, import_wordpress
from jarida.importer.wphtml import prepare
from jarida.importer.wxr import read_wxr
from jarida.model import Selection, clock_now
from jarida.site import alias_out_path
from jarida.sitecheck import check
from tests.conftest import SHARED, build_site
from tests.unit.test_convert import rendered, words_and_targets

EXPORTS = SHARED / "data" / "wordpress"
THEME_UNIT = EXPORTS / "themeunittestdata.wordpress.xml"
BLOCKS = EXPORTS / "64-block-test-data.xml"
pytestmark = pytest.mark.skipif(not THEME_UNIT.is_file(), reason="../shared is absent")


def items(export: Path) -> list[Item]:
    return [r for r in read_wxr(export) if isinstance(r, Item)]


def published_posts(export: Path) -> list[Item]:
    return [
        i
        for i in items(export)
        if i.post_type == "post" and i.status == "publish" and not i.password
    ]


@pytest.fixture(scope="module")
def theme_unit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    site = tmp_path_factory.mktemp("theme-unit")
    return site, import_wordpress(ImportOptions(export=THEME_UNIT, site=site, comments=True))


def test_theme_unit_report(theme_unit: tuple[Path, ImportReport]) -> None:
    _, report = theme_unit
    assert (report.posts, report.pages, report.attachments) == (58, 21, 37)
    assert dict(report.skipped) == {"menu item (menus are set in jarida.yaml)": 70}
    assert {d.reason for d in report.drafts} == {"draft", "scheduled", "password-protected"}
    assert report.problems == () and report.config_written


def test_every_published_post_becomes_an_article_that_builds(
    theme_unit: tuple[Path, ImportReport],
) -> None:
    site, _ = theme_unit
    result = build_site(site)
    assert not [d for d in result.warnings if d.is_error]
    articles = result.site.articles.values()
    by_slug = {a.slug: a for a in articles}
    expected = published_posts(THEME_UNIT)
    assert len(expected) == 55
    missing = [p.title for p in expected if decode_slug(p.post_name) not in by_slug]
    assert missing == []
    for post in expected:
        article = by_slug[decode_slug(post.post_name)]
        # WordPress's /2013/01/11/slug/ is not Jarida's /2013/01/slug/: each keeps its old path.
        old = post.link.removeprefix("https://wpthemetestdata.wordpress.com")
        assert article.aliases == (unquote(old),), post.title
        assert (site / "public" / article.out_dir / "index.html").is_file()
        redirect = (site / "public" / alias_out_path(unquote(old))).read_text(encoding="utf-8")
        assert f'content="0; url={article.url}"' in redirect  # the old link still works


def test_block_test_data_imports_and_builds(tmp_path: Path) -> None:
    report = import_wordpress(ImportOptions(export=BLOCKS, site=tmp_path))
    assert (report.posts, report.pages) == (61, 1)
    result = build_site(tmp_path)
    assert (len(result.site.articles), len(result.site.pages)) == (61, 1)


@pytest.mark.parametrize("export", [THEME_UNIT, BLOCKS], ids=lambda p: p.name)
def test_nothing_of_the_text_is_lost(export: Path) -> None:
    """Every word and every link or image target WordPress would show is in the rendered page."""
    index = make_index([], {})
    for item in items(export):
        if item.post_type not in ("post", "page"):
            continue
        prepared = prepare(
            item.content,
            post_id=item.post_id,
            media=index,
            footnotes=item.meta.get("footnotes", ""),
        )
        before = words_and_targets(prepared.html)
        after = words_and_targets(rendered(html_to_markdown(prepared.html).markdown))
        assert after[0] == before[0], (item.title, before[0] - after[0], after[0] - before[0])
        # Embeds gain a link to what they embedded; no target is ever lost.
        assert not before[1] - after[1], (item.title, before[1] - after[1])
        assert all(t.startswith("https://") for t in after[1] - before[1]), item.title


def test_comments_are_archived(theme_unit: tuple[Path, ImportReport]) -> None:
    site, report = theme_unit
    assert report.comments > 0
    page = (site / "public/2012/01/template-comments/index.html").read_text(encoding="utf-8")
    assert (
        page.count('<li>\n      <p class="meta"><strong dir="auto">')
        == Counter(
            c.approved
            for i in items(THEME_UNIT)
            if i.post_name == "template-comments"
            for c in i.comments
            if c.type in ("", "comment")
        )["1"]
    )


def test_the_imported_site_passes_jarida_check(theme_unit: tuple[Path, ImportReport]) -> None:
    site, _ = theme_unit
    found = check(load_config(site), Selection(now=clock_now(), drafts=True, future=True))
    errors = [d.format() for d in found if d.is_error]
    assert errors == []
