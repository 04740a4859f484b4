"""Real validators on real output: the Nu Html Checker (vnu.jar, from npm, run with Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, build_site
from tests.test_french_site import NOW as FRENCH_NOW
from tests.test_french_site import SITE as FRENCH_SITE
from tests.test_syndication import NOW, SITE
from tests.test_taxonomies import SITE as TAXONOMY_SITE

VNU = REPO / ".ci" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.skipif(
    not VNU.is_file() or shutil.which("java") is None,
    reason="needs Java and vnu.jar from npm `vnu-jar` (installed by .ci/run)",
)


def vnu_errors(folder: Path) -> list[str]:
    """The errors of every page of ``folder`` and of every fragment (``fragments/*.htm``, small
    documents of their own)."""
    messages = _vnu([*folder.rglob("*.html"), *folder.rglob("*.htm")])
    return [f"{m.get('url', '')}:{m.get('lastLine', 0)}: {m['message']}" for m in messages]


def _vnu(paths: list[Path]) -> list[dict[str, object]]:
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages: list[dict[str, object]] = json.loads(
        done.stderr or done.stdout or '{"messages": []}'
    )["messages"]
    return messages


def test_every_page_of_the_example_site_is_valid_html(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build_site(REPO, out=out)
    assert len(list(out.rglob("*.html"))) > 30
    assert vnu_errors(out) == []


def test_feature_site_with_redirects_and_hostile_titles_is_valid_html(make_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(SITE)
    build_site(root, now=NOW, future=True, drafts=True)
    assert vnu_errors(root / "public") == []


def test_a_french_site_is_valid_html(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(FRENCH_SITE)
    build_site(root, now=FRENCH_NOW)
    assert len(list((root / "public").rglob("*.html"))) > 10
    assert vnu_errors(root / "public") == []


def test_the_checker_reports_an_invalid_page(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="ar"><head><title>x</title></head>'
        "<body><span><div>x</div></span></body></html>",
        encoding="utf-8",
    )
    assert len(vnu_errors(tmp_path)) == 1


def test_custom_taxonomies_and_a_term_page_with_hostile_text_are_valid_html(
    make_site,  # type: ignore[no-untyped-def]
) -> None:
    hostile = (
        '---\ntitle: "غزة </h1><script>alert(1)</script>"\n'
        "description: 'وصف \"مقتبس\" <b>و</b> & رموز'\nimage: /images/gaza.png\n"
        "image_alt: '\"><img src=x>'\nimage_caption: <i>تعليق</i>\n---\n"
        "نص **غامق** و<span>HTML</span>.\n\n| أ | ب |\n|---|---|\n| 1 | 2 |\n"
    )
    root = make_site({**TAXONOMY_SITE, "content/locations/غزة.md": hostile})
    build_site(root)
    page = (root / "public/locations/غزة/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'class="term-text"' in page and "<picture>" in page
    assert vnu_errors(root / "public") == []
