"""Fingerprinted style sheets and scripts: names carry a digest of the bytes, pages link them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jarida.assets import collect_assets, fingerprinted
from jarida.errors import BuildFailed
from tests.conftest import THEME_CSS, MakeSite, article, build_site, read, tree

SITE = {
    "content/a.md": article("خبر أول", slug="a"),
    "content/b.md": article("خبر ثان", "2026-03-30T10:00:00+03:00", slug="b"),
}


def test_fingerprinted_name() -> None:
    assert fingerprinted("assets/jarida.css", b"x") == "assets/jarida.2d711642.css"
    assert fingerprinted("js/app.min.js", b"x") == "js/app.min.2d711642.js"


def test_theme_css_has_only_its_fingerprinted_name(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root)
    files = set(tree(root / "public"))
    assert re.fullmatch(r"assets/jarida\.[0-9a-f]{8}\.css", THEME_CSS)
    assert THEME_CSS in files and "assets/jarida.css" not in files
    assert "assets/favicon.svg" in files  # not a style sheet or script: kept as it is
    page = read(root, "index.html")
    assert f'<link rel="stylesheet" href="/{THEME_CSS}">' in page
    assert 'href="/assets/favicon.svg"' in page


def test_site_static_css_and_js_keep_their_name_and_get_a_fingerprinted_one(
    make_site: MakeSite,
) -> None:
    root = make_site(
        SITE
        | {
            "static/css/site.css": "body { color: red }\n",
            "static/js/app.js": "console.log(1)\n",
            "templates/partials/footer.html": '{% include "theme/partials/footer.html" %}\n'
            '<link rel="stylesheet" href="{{ asset("css/site.css") }}">'
            '<script src="{{ asset("js/app.js") }}"></script>\n',
        }
    )
    build_site(root)
    css = fingerprinted("css/site.css", b"body { color: red }\n")
    js = fingerprinted("js/app.js", b"console.log(1)\n")
    files = set(tree(root / "public"))
    assert {"css/site.css", css, "js/app.js", js} <= files
    page = read(root, "index.html")
    assert f'href="/{css}"' in page and f'src="/{js}"' in page


def test_a_static_override_of_the_theme_css_is_linked(make_site: MakeSite) -> None:
    root = make_site(SITE | {"static/assets/jarida.css": "main { margin: 0 }\n"})
    build_site(root)
    mine = fingerprinted("assets/jarida.css", b"main { margin: 0 }\n")
    assert f'href="/{mine}"' in read(root, "index.html")
    assert THEME_CSS not in tree(root / "public")


def test_links_carry_the_base_path(make_site: MakeSite) -> None:
    root = make_site(SITE | {"jarida.yaml": "base_url: https://x.example/news/\n"})
    build_site(root)
    assert f'href="/news/{THEME_CSS}"' in read(root, "index.html")


def test_the_output_is_deterministic(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE | {"static/css/site.css": "a {}\n"})
    build_site(root, out=tmp_path / "one")
    build_site(root, out=tmp_path / "two", clean=True)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert collect_assets(root) == collect_assets(root)


def test_a_css_change_re_renders_every_page_and_an_image_change_none(
    make_site: MakeSite,
) -> None:
    root = make_site(SITE | {"static/assets/jarida.css": "a {}\n", "static/i.svg": "<svg/>"})
    first = build_site(root)
    (root / "static/assets/jarida.css").write_text("a { color: red }\n", encoding="utf-8")
    second = build_site(root)
    pages = {p for p in tree(root / "public") if p.endswith(".html")}
    assert pages and pages <= set(second.rendered_paths)
    new = fingerprinted("assets/jarida.css", b"a { color: red }\n")
    assert f'href="/{new}"' in read(root, "index.html")
    assert new in tree(root / "public") and first.pages == second.pages
    (root / "static/i.svg").write_text("<svg></svg>", encoding="utf-8")
    assert build_site(root).rendered_paths == ()


def test_an_unknown_asset_is_a_template_error(make_site: MakeSite) -> None:
    root = make_site(
        SITE
        | {
            "templates/partials/footer.html": '{% include "theme/partials/footer.html" %}\n'
            '{{ asset("nope.css") }}\n'
        }
    )
    with pytest.raises(BuildFailed) as caught:
        build_site(root)
    text = caught.value.diagnostics[0].format()
    assert "templates/partials/footer.html:2" in text and "no asset `nope.css`" in text


def test_a_template_linking_the_plain_theme_name_gets_a_warning(make_site: MakeSite) -> None:
    root = make_site(
        SITE
        | {
            "templates/base.html": '{% extends "theme/base.html" %}\n{% block head %}'
            '<link rel="stylesheet" href="/assets/jarida.css">{% endblock %}\n'
        }
    )
    result = build_site(root)
    [problem] = result.warnings
    assert problem.path == "templates/base.html" and problem.line == 2
    assert f"written as {THEME_CSS}" in problem.message
    assert 'asset("jarida.css")' in problem.hint
