"""Related articles through a whole build: article pages list them, drafts and future never."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from jarida.cli import cli
from tests.conftest import MakeSite, article, build_site, read

FUEL = "قررت الحكومة رفع أسعار الوقود والبنزين في محطات التوزيع ابتداء من الأسبوع المقبل."
SITE = {
    "content/2026/fuel.md": article("الحكومة ترفع أسعار الوقود", "2026-03-01T10:00:00+01:00", FUEL),
    "content/2026/fuel-again.md": article(
        "زيادة في سعر البنزين",
        "2026-03-02T10:00:00+01:00",
        "زيادة جديدة في أسعار البنزين: الحكومة تقرّ تعديل سعر الوقود بمحطات البيع.",
    ),
    "content/2026/fuel-draft.md": article(
        "مسودة عن الوقود", "2026-03-03T10:00:00+01:00", FUEL, draft="true"
    ),
    "content/2026/fuel-future.md": article("الوقود غدا", "2026-12-01T10:00:00+01:00", FUEL),
    "content/2026/match.md": article(
        "الفريق يفوز بالنهائي",
        "2026-03-04T10:00:00+01:00",
        "فاز الفريق في المباراة النهائية لكرة القدم بهدفين أمام جماهير الملعب.",
    ),
    "content/2026/rain.md": article(
        "أمطار غزيرة منتظرة",
        "2026-03-06T10:00:00+01:00",
        "توقعت مصالح الرصد الجوي أمطارا غزيرة ورياحا قوية بالمناطق الشمالية.",
    ),
    "content/2026/cup.md": article(
        "تتويج الفريق بالكأس",
        "2026-03-05T10:00:00+01:00",
        "احتفلت جماهير الفريق بالتتويج بعد المباراة النهائية لكرة القدم.",
    ),
}


def related_links(root: Path, page: str) -> list[str]:
    html = read(root, page)
    if 'id="related-heading"' not in html:
        return []
    block = html.split('id="related-heading"')[1].split("</section>")[0]
    return re.findall(r'<a class="related-title" href="([^"]+)"', block)


def test_article_pages_list_the_same_story_and_never_drafts_or_future(
    make_site: MakeSite,
) -> None:
    root = make_site(SITE)
    site = build_site(root).site
    assert sorted(site.articles) == [
        "2026/cup.md",
        "2026/fuel-again.md",
        "2026/fuel.md",
        "2026/match.md",
        "2026/rain.md",
    ]

    def page(article_id: str) -> str:
        return site.articles[article_id].out_dir + "index.html"

    def url(article_id: str) -> str:
        return site.articles[article_id].url

    assert related_links(root, page("2026/fuel.md")) == [url("2026/fuel-again.md")]
    assert related_links(root, page("2026/fuel-again.md")) == [url("2026/fuel.md")]
    assert related_links(root, page("2026/cup.md")) == [url("2026/match.md")]
    assert related_links(root, page("2026/rain.md")) == []  # no filler: no related block


def test_drafts_and_future_are_listed_only_when_published(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site(SITE)
    result = build_site(root, out=tmp_path / "all", drafts=True, future=True)
    listed = {hit.id for hit in result.site.related["2026/fuel.md"]}
    assert {"2026/fuel-draft.md", "2026/fuel-future.md"} <= listed
    normal = build_site(root)
    everyone = {hit.id for hits in normal.site.related.values() for hit in hits}
    assert not everyone & {"2026/fuel-draft.md", "2026/fuel-future.md"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": "1780000000"})
    return result.exit_code, result.stdout, result.stderr


def test_cli_related_explains_scores_and_terms(make_site: MakeSite) -> None:
    root = make_site(SITE)
    code, out, err = run("related", str(root / "content/2026/fuel.md"), str(root))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "content/2026/fuel.md  «الحكومة ترفع أسعار الوقود»"
    assert lines[1] == "1 related article(s):"
    assert re.match(
        r" 1\. +\d+\.\d\d  content/2026/fuel-again\.md  «زيادة في سعر البنزين»", lines[2]
    )
    assert lines[3].strip().startswith("content: ") and "وقود" in lines[3]
    code, out, _ = run("related", "content/2026/rain.md", str(root))  # relative to the site
    assert code == 0
    assert out.splitlines()[1:] == [
        "0 related article(s):",
        "    (no article shares enough with it to reach min_score 5)",
    ]


def test_cli_related_refuses_what_is_not_a_published_article(make_site: MakeSite) -> None:
    root = make_site(SITE)
    for path, message in [
        ("content/2026/fuel-draft.md", "not a published article"),
        ("content/2026/fuel-future.md", "not a published article"),
        ("content/2026/missing.md", "no such file"),
        ("jarida.yaml", "not under content/"),
    ]:
        (root / "jarida.yaml").write_text("title: x\n", encoding="utf-8")
        code, _, err = run("related", str(root / path), str(root))
        assert code == 1, path
        assert message in err, err
