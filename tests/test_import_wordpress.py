"""`jarida import wordpress` end to end: the files it writes, its report, the site that builds."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jarida.cli import cli
from jarida.config import load_config
from jarida.importer.wordpress import (
    MANIFEST,
    REPORT,
    ImportFailed,
    ImportOptions,
    ImportReport,
    import_wordpress,
)
from jarida.model import Selection, clock_now
from jarida.sitecheck import check
from tests.conftest import MakeSite, build_site, picture_bytes
from tests.wxrexports import POLYLANG, WPML, Export, Post

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wordpress"
ALWADI = FIXTURES / "alwadi-1.2-https.xml"
LEVANT = FIXTURES / "levant-1.1-http.xml"
SITE_CONFIG = """\
title: صحيفة الوادي
base_url: https://alwadi.example/
timezone: Asia/Beirut
"""
MATAR = "content/2024/المطر-يعود-إلى-الوادي.md"


def front(site: Path, path: str) -> dict[str, object]:
    text = (site / path).read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def body(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8").split("---\n", 2)[2]


def run(site: Path, export: Path = ALWADI, **options: object) -> ImportReport:
    return import_wordpress(ImportOptions(export=export, site=site, **options))  # type: ignore[arg-type]


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site({"jarida.yaml": SITE_CONFIG})


def test_posts_pages_drafts_and_skipped_items(site: Path) -> None:
    report = run(site)
    assert (report.posts, report.pages, report.items, report.attachments) == (6, 2, 14, 2)
    assert {d.path: d.reason for d in report.drafts} == {
        "content/2024/مسودة-موسم-الزيتون.md": "draft",
        "content/2024/mahdar.md": "private",
        "content/2024/natayij.md": "password-protected",
        "content/2030/mahrajan.md": "scheduled",
    }
    assert dict(report.skipped) == {
        "in the trash": 1,
        "menu item (menus are set in jarida.yaml)": 1,
        "post type `product`": 1,
        "reusable block (inlined where a post uses it)": 1,
    }
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md")) == sorted(
        [
            MATAR,
            "content/2024/sadd-yamtali.md",
            "content/2024/مسودة-موسم-الزيتون.md",
            "content/2024/mahdar.md",
            "content/2024/natayij.md",
            "content/2030/mahrajan.md",
            "content/pages/من-نحن.md",
            "content/pages/اتصل-بنا.md",
        ]
    )
    assert not report.config_written and report.problems == ()
    for draft in report.drafts:
        assert front(site, draft.path)["draft"] is True


def test_an_article_front_matter(site: Path) -> None:
    run(site, comments=True)
    data = front(site, MATAR)
    assert list(data) == [
        "title",
        "date",
        "updated",
        "slug",
        "author",
        "categories",
        "tags",
        "summary",
        "image",
        "image_alt",
        "comments",
    ]
    assert data["title"] == "\u200fالمطر يعود إلى الوادي بعد غياب"
    assert str(data["date"]) == "2024-03-16 09:30:00+02:00"
    assert str(data["updated"]) == "2024-03-17 10:00:00+02:00"
    assert data["slug"] == "المطر-يعود-إلى-الوادي"
    assert data["author"] == "سميرة الحداد"
    assert (data["categories"], data["tags"]) == (["محليات"], ["طقس", "مطر"])
    assert data["summary"] == "أمطار غزيرة على الوادي بعد أشهر من الجفاف."
    assert data["image"] == "https://alwadi.example/wp-content/uploads/2024/03/matar.jpg"
    assert data["image_alt"] == "مطر فوق الحقول"
    assert data["comments"] == [
        {
            "author": "أبو سليم",
            "date": data["comments"][0]["date"],
            "text": "الحمد لله على المطر.\n\nأخيرًا!",
        }  # type: ignore[index]
    ]
    # The old path is the new URL here (same permalink), so there is nothing to redirect.
    assert "aliases" not in data
    text = (site / MATAR).read_text(encoding="utf-8")
    assert "title: ‏المطر يعود" in text and "\\u" not in text  # Arabic written as Arabic


def test_an_article_body(site: Path) -> None:
    run(site)
    text = body(site, MATAR)
    assert text.startswith("\nهطلت أمطار غزيرة على الوادي صباح السبت، للمرة الأولى منذ أشهر.\\\n")
    assert "*المطر فوق حقول الزيتون*" in text and "<!-- more -->" in text
    assert "<https://www.youtube.com/watch?v=w4d1_matar>" in text
    assert "> «لم نرَ مطرًا كهذا منذ عشر سنين» — أحد سكان القرية" in text
    assert '\\[contact-form-7 id\\="5" title\\="راسلنا"\\]' in text
    gutenberg = body(site, "content/2024/sadd-yamtali.md")
    assert "wp:" not in gutenberg and "## أرقام السد" in gutenberg
    assert "| السبت | ٤٠٪ |" in gutenberg and "> مدير السد" in gutenberg
    assert '<iframe height="300" src="https://maps.example/embed?q=sadd"' in gutenberg
    assert "الطريق السفلي مغلق حتى إشعار آخر." in gutenberg  # the reusable block, inlined
    assert "![](https://alwadi.example/wp-content/uploads/2024/03/sadd.png)" in gutenberg


def test_aliases_hold_the_old_paths_percent_decoded(make_site: MakeSite) -> None:
    site = make_site({"jarida.yaml": 'permalink: "/news/{slug}/"\n'})
    run(site)
    assert front(site, MATAR)["aliases"] == ["/2024/03/المطر-يعود-إلى-الوادي/"]
    assert front(site, "content/pages/اتصل-بنا.md")["aliases"] == ["/من-نحن/اتصل-بنا/"]
    assert "aliases" not in front(site, "content/pages/من-نحن.md")  # already at /من-نحن/
    assert "aliases" not in front(site, "content/2024/مسودة-موسم-الزيتون.md")  # was /?p=12


def test_pages_have_title_date_slug_and_type(site: Path) -> None:
    run(site)
    assert front(site, "content/pages/اتصل-بنا.md") == {
        "title": "اتصل بنا",
        "date": front(site, "content/pages/اتصل-بنا.md")["date"],
        "slug": "اتصل-بنا",
        "type": "page",
        "aliases": ["/من-نحن/اتصل-بنا/"],
    }
    assert "tags" not in front(site, "content/pages/من-نحن.md")


def test_the_imported_site_builds(site: Path) -> None:
    run(site, comments=True)
    result = build_site(site)
    published = {a.id for a in result.site.articles.values()}
    assert {MATAR.removeprefix("content/"), "2024/sadd-yamtali.md"} <= published
    assert not any("mahdar" in a or "natayij" in a for a in published)
    page = (site / "public/2024/03/المطر-يعود-إلى-الوادي/index.html").read_text(encoding="utf-8")
    assert "comments-archive" in page and "الحمد لله على المطر." in page
    assert "buy now" not in page  # not approved
    with_drafts = build_site(site, drafts=True, future=True)
    assert len(with_drafts.site.articles) + len(with_drafts.site.pages) == 8


def test_levantine_dates_and_a_missing_config(tmp_path: Path) -> None:
    site = tmp_path / "jabal"
    report = run(site, export=LEVANT)
    assert report.config_written
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config == {
        "title": "نشرة الجبل",
        "base_url": "http://jabal.example/akhbar/",
        "language": "ar-LB",
    }
    # No timezone in jarida.yaml yet: UTC. The draft's local date is read in that zone.
    assert (
        str(front(site, "content/2023/انقطاع-الكهرباء.md")["date"]) == "2023-07-10 06:00:00+00:00"
    )
    assert str(front(site, "content/2024/مسودة-عن-موسم-التفاح.md")["date"]) == (
        "2024-01-20 14:00:00+00:00"
    )
    # base_url keeps the old /akhbar/ folder: the old URLs are the new ones, no alias needed.
    assert "aliases" not in front(site, "content/2024/asifa.md")
    (site / "jarida.yaml").write_text("timezone: Asia/Beirut\n", encoding="utf-8")
    run(site, export=LEVANT, force=True)
    assert front(site, "content/2024/asifa.md")["aliases"] == ["/akhbar/2024/01/asifa/"]
    assert (
        str(front(site, "content/2023/انقطاع-الكهرباء.md")["date"]) == "2023-07-10 09:00:00+03:00"
    )
    assert str(front(site, "content/2024/saa.md")["date"]) == "2024-03-31 01:30:00+03:00"
    assert str(front(site, "content/2024/asifa.md")["date"]) == "2024-01-15 08:00:00+02:00"
    build_site(site)


def test_existing_files_are_left_alone_unless_force(site: Path) -> None:
    run(site)
    edited = "---\ntitle: عدّله المحرر\ndate: 2024-03-16\n---\nنص جديد\n"
    (site / MATAR).write_text(edited, encoding="utf-8")
    again = run(site)
    assert (again.posts, again.pages) == (0, 0)
    assert len(again.existing) == 8 and MATAR in again.existing
    assert (site / MATAR).read_text(encoding="utf-8") == edited
    forced = run(site, force=True)
    assert (forced.posts, forced.pages, forced.existing) == (6, 2, ())
    assert front(site, MATAR)["title"] == "\u200fالمطر يعود إلى الوادي بعد غياب"


def test_a_later_export_adds_only_the_new_posts(site: Path, tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.xml"
    text = ALWADI.read_text(encoding="utf-8")
    start = text.index("\t<item>\n\t\t<title><![CDATA[السد يمتلئ")
    end = text.index("</item>", start) + len("</item>\n")
    earlier.write_text(text[:start] + text[end:], encoding="utf-8")
    first = run(site, export=earlier)
    assert first.posts == 5 and not (site / "content/2024/sadd-yamtali.md").exists()
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md"))
    (site / MATAR).write_text("---\ntitle: محرر\ndate: 2024-03-16\n---\n", encoding="utf-8")
    later = run(site)
    assert (later.posts, later.pages) == (1, 0)
    assert (site / "content/2024/sadd-yamtali.md").exists()
    assert front(site, MATAR)["title"] == "محرر"
    assert sorted(later.existing) == written


def test_uploads_are_copied_and_links_made_local(site: Path, tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    march = uploads / "2024" / "03"
    march.mkdir(parents=True)
    photos = ("matar.jpg", "matar-300x200.jpg", "وادي.jpg", "unused.jpg")
    for seed, name in enumerate(photos):  # real pictures: the build decodes the ones it shows
        (march / name).write_bytes(picture_bytes(seed=seed))
    report = run(site, uploads=uploads)
    assert dict(report.media) == {"copied": 3, "missing": 1}
    static = site / "static/wp-content/uploads/2024/03"
    assert sorted(p.name for p in static.iterdir()) == [
        "matar-300x200.jpg",
        "matar.jpg",
        "وادي.jpg",
    ]
    data = front(site, MATAR)
    assert data["image"] == "/wp-content/uploads/2024/03/matar.jpg"
    text = body(site, MATAR)
    assert "(/wp-content/uploads/2024/03/matar-300x200.jpg)" in text
    assert "(/wp-content/uploads/2024/03/%D9%88%D8%A7%D8%AF%D9%8A.jpg)" in text
    # Not in the uploads folder: the link stays absolute and the manifest says so.
    assert "https://alwadi.example/wp-content/uploads/2024/03/sadd.png" in body(
        site, "content/2024/sadd-yamtali.md"
    )
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    statuses = {entry["url"].rsplit("/", 1)[1]: entry["status"] for entry in manifest["referenced"]}
    assert statuses["sadd.png"] == "missing" and statuses["matar.jpg"] == "copied"
    assert [a["local"] for a in manifest["attachments"]] == [
        "static/wp-content/uploads/2024/03/matar.jpg",
        None,
    ]
    result = build_site(site)
    assert (site / "public/wp-content/uploads/2024/03/matar.jpg").read_bytes() == picture_bytes()
    assert result.pages > 0
    (static / "matar.jpg").write_bytes(b"edited")
    again = run(site, uploads=uploads, force=True)
    assert (static / "matar.jpg").read_bytes() == picture_bytes() and again.media["copied"] == 3


def test_report_and_manifest_files(site: Path) -> None:
    report = run(site)
    saved = json.loads((site / REPORT).read_text(encoding="utf-8"))
    assert saved["posts"] == report.posts and saved["skipped"] == dict(report.skipped)
    assert {d["reason"] for d in saved["drafts"]} == {
        "draft",
        "private",
        "password-protected",
        "scheduled",
    }
    lines = report.summary()
    assert lines[0].startswith("Imported 6 posts and 2 pages (4 as drafts) from 14 items")
    assert "  content/2024/natayij.md (password-protected)" in lines
    assert any("latest-posts" in line for line in lines)


def test_broken_exports_import_what_they_can(site: Path) -> None:
    truncated = run(site, export=FIXTURES / "truncated.xml")
    assert truncated.posts == 2 and "looks truncated" in truncated.problems[0].message
    forbidden = run(site, export=FIXTURES / "forbidden-characters.xml")
    assert forbidden.posts == 3 and len(forbidden.problems) == 6
    assert front(site, "content/2024/bayan.md")["title"] == "بيان عاجل"
    malformed = run(site, export=FIXTURES / "malformed-item.xml")
    assert malformed.posts == 2 and malformed.problems[0].line == 23
    build_site(site)


def check_errors(site: Path) -> list[str]:
    found = check(load_config(site), Selection(now=clock_now(), drafts=True, future=True))
    return [d.format() for d in found if d.is_error]


def test_an_item_with_nested_cdata_is_imported_with_a_warning(site: Path) -> None:
    report = run(site, export=FIXTURES / "nested-cdata.xml")
    assert (report.posts, report.items) == (3, 3)
    (problem,) = report.problems
    assert not problem.is_error and problem.line == 23 and "nested" in problem.message
    # The title is shown as text, as WordPress shows it: the markers read as a tag, dropped.
    assert front(site, "content/2024/cdata.md")["title"] == "شرح للمطورين"
    assert "نص" in body(site, "content/2024/cdata.md")
    assert check_errors(site) == []


def test_old_urls_become_aliases_the_build_accepts(site: Path) -> None:
    report = run(site, export=FIXTURES / "hostile-links.xml")
    assert report.posts == 10
    aliases = {
        path.stem: front(site, f"content/2024/{path.name}").get("aliases")
        for path in (site / "content/2024").iterdir()
    }
    assert aliases == {
        "yasad": None,  # /../../etc/x/ climbs out of the site
        "nul": None,
        "nuqta": None,  # /./ is the home page
        "souq": ["/2024/05/سوق/"],  # empty and `.` parts dropped, as a browser does
        "muzdawaj": ["/2024/%252e%252e/x/"],  # a folder named %2e%2e, read back as such
        "istifham": None,
        "aks": None,
        "tawil": None,  # a part of 260 bytes: no file system takes it
        "bayt": None,
        "tahakkum": None,
    }
    dropped = [n for n in report.notes if "no alias" in n]
    assert len(dropped) == 8
    assert any("/../../etc/x/" in n and "`..`" in n for n in dropped)
    assert check_errors(site) == []
    build_site(site)
    assert (site / "public/2024/%2e%2e/x/index.html").is_file()
    assert (site / "public/2024/05/سوق/index.html").is_file()
    assert not (site / "public/etc").exists()


def test_unreadable_exports_fail_before_writing(site: Path, tmp_path: Path) -> None:
    not_wxr = tmp_path / "feed.xml"
    not_wxr.write_text("<html><body>no</body></html>", encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a WordPress export"):
        run(site, export=not_wxr)
    with pytest.raises(ImportFailed, match="no such file"):
        run(site, export=tmp_path / "missing.xml")
    assert not (site / "content").exists()


def test_cli(site: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "wordpress", str(ALWADI), str(site), "--comments"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 6 posts and 2 pages (4 as drafts)")
    assert "Comments archived (approved ones only): 1." in result.stdout
    again = runner.invoke(cli, ["import", "wordpress", str(ALWADI), str(site)])
    assert "Left as they are (they exist; --force overwrites) 8 files:" in again.stdout
    broken = runner.invoke(cli, ["import", "wordpress", str(FIXTURES / "truncated.xml"), str(site)])
    assert broken.exit_code == 0 and "truncated.xml:39: warning:" in broken.stderr
    bad = tmp_path / "bad.xml"
    bad.write_text("<html/>", encoding="utf-8")
    failed = runner.invoke(cli, ["import", "wordpress", str(bad), str(site)])
    assert failed.exit_code == 1 and "Import failed" in failed.stderr
    (site / "jarida.yaml").write_text("timezone: Mars/Olympus\n", encoding="utf-8")
    config = runner.invoke(cli, ["import", "wordpress", str(LEVANT), str(site)])
    assert config.exit_code == 1 and "jarida.yaml:1: error: unknown timezone" in config.stderr


def test_polylang_languages_become_editions(tmp_path: Path) -> None:
    site = tmp_path / "wadi"
    report = run(site, export=POLYLANG.write(tmp_path / "polylang.xml"))
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config["language"] == "ar"
    assert config["languages"] == {"en": {"title": "جريدة الوادي"}, "fr": {"title": "جريدة الوادي"}}
    ar, en, fr = (
        front(site, "content/2024/الميزانية.md"),
        front(site, "content/en/2024/the-budget.md"),
        front(site, "content/fr/2024/le-budget.md"),  # its group from the term's PHP map
    )
    assert ar["translation_key"] == en["translation_key"] == fr["translation_key"] == "pll_5f3a2b"
    alone = front(site, "content/en/2024/only.md")
    assert "translation_key" not in alone and alone["title"] == "Only in English"
    # One slug per language: the pages do not clash.
    assert front(site, "content/pages/about.md")["title"] == "من نحن"
    assert front(site, "content/en/pages/about.md")["title"] == "About us"
    # /en/2024/03/the-budget/ is the new URL within the edition: no alias needed.
    assert "aliases" not in en and "aliases" not in fr
    assert dict(report.languages) == {"ar": 2, "en": 3, "fr": 1}
    assert any("Languages: ar (default) 2, en 3, fr 1" in line for line in report.summary())
    # The whole site builds, each edition at its prefix, the translations linked.
    build_site(site)
    budget = (site / "public/en/2024/03/the-budget/index.html").read_text(encoding="utf-8")
    assert budget.count('<link rel="alternate" hreflang=') == 4  # ar, en, fr, x-default
    assert (site / "public/fr/2024/03/le-budget/index.html").is_file()


def test_wpml_languages_become_editions(tmp_path: Path) -> None:
    site = tmp_path / "gulf"
    run(site, export=WPML.write(tmp_path / "wpml.xml"))
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert (config["language"], config["languages"]) == ("en-US", {"ar": {"title": "Gulf Daily"}})
    english, arabic = front(site, "content/2024/oil.md"), front(site, "content/ar/2024/نفط.md")
    assert english["translation_key"] == arabic["translation_key"] == "post_1"
    build_site(site)
    assert '<html lang="ar" dir="rtl">' in (site / "public/ar/index.html").read_text("utf-8")


def test_a_wpml_language_with_a_region_is_its_languages_edition(tmp_path: Path) -> None:
    # WPML's `pt-br`: Jarida's edition `pt`, `region: BR`; its old address stays an alias.
    brazil = Post(
        id=3,
        title="Preço do petróleo",
        slug="petroleo",
        path="/pt-br/2024/03/petroleo/",
        language="pt-br",
        group="post_1",
        wpml=True,
        body="<p>Texto.</p>",
    )
    export = replace(WPML, posts=(*WPML.posts, brazil))
    site = tmp_path / "gulf"
    run(site, export=export.write(tmp_path / "wpml.xml"))
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config["languages"] == {
        "ar": {"title": "Gulf Daily"},
        "pt": {"title": "Gulf Daily", "region": "BR"},
    }
    page = front(site, "content/pt/2024/petroleo.md")
    assert page["translation_key"] == "post_1" and page["aliases"] == ["/pt-br/2024/03/petroleo/"]
    build_site(site)
    assert (site / "public/pt-br/2024/03/petroleo/index.html").is_file()  # the alias
    assert '<html lang="pt-BR" dir="ltr">' in (site / "public/pt/index.html").read_text("utf-8")


def test_an_existing_config_is_left_alone_and_the_report_says_what_to_add(
    site: Path, tmp_path: Path
) -> None:
    report = run(site, export=POLYLANG.write(tmp_path / "polylang.xml"))
    assert (site / "jarida.yaml").read_text(encoding="utf-8") == SITE_CONFIG
    assert (site / "content/en/2024/the-budget.md").is_file()
    assert any("add `languages:`" in note and "en, fr" in note for note in report.notes)
    # The default language's part builds on its own.
    for code in ("en", "fr"):
        shutil.rmtree(site / "content" / code)
    built = build_site(site)
    assert len(built.site.articles) == 1 and len(built.site.pages) == 1


def test_an_export_without_languages_writes_no_editions(tmp_path: Path) -> None:
    site = tmp_path / "plain"
    plain = Export(posts=(Post(id=1, title="خبر", slug="khabar", path="/2024/03/khabar/"),))
    report = run(site, export=plain.write(tmp_path / "plain.xml"))
    assert "languages" not in yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert "translation_key" not in front(site, "content/2024/khabar.md")
    assert dict(report.languages) == {}
    assert not any(line.startswith("Languages") for line in report.summary())


def test_a_slug_longer_than_a_folder_name_may_be_is_cut_and_its_old_url_kept(
    tmp_path: Path,
) -> None:
    # WordPress allows a post_name of 200 characters; Jarida's slug is at most 180 bytes.
    long_slug = "-".join(["breaking-news-from-the-capital-today"] * 6)  # 221 characters
    post = Post(id=7, title="A long one", slug=long_slug, path=f"/2024/03/{long_slug}/")
    export = Export(language="en", link="https://long.example", title="Long", posts=(post,))
    site = tmp_path / "long"
    report = run(site, export=export.write(tmp_path / "long.xml"))
    [written] = list((site / "content").rglob("*.md"))
    data = front(site, written.relative_to(site).as_posix())
    assert isinstance(data["slug"], str) and len(data["slug"].encode()) <= 180
    assert data["aliases"] == [f"/2024/03/{long_slug}/"]
    assert any("cut" in n and "180" in n for n in report.notes), report.notes
    build_site(site)
    assert (site / "public/2024/03" / long_slug / "index.html").is_file()
