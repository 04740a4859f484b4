"""`jarida import jekyll|hugo` end to end (issue 20's "done when"): generated sites of 50+ posts
imported, built, every post there, every old URL answering, no broken link or picture, no
template syntax in any page; and the importer's safety: errors, re-imports, --force."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from jarida.cli import cli
from jarida.importer.ssgimport import ImportFailed, SsgOptions, import_site
from jarida.importer.ssgreport import ImportedSite, report_file
from tests.conftest import build_site, write_site
from tests.ssgsites import make_hugo_site, make_jekyll_site, make_multilingual_hugo_site

TAXONOMIES = {
    "locations": {"title": "الأماكن", "singular": "مكان"},
    "people": {"title": "الأشخاص", "singular": "شخص"},
}


def run(dialect: str, src: Path, site: Path, force: bool = False) -> ImportedSite:
    return import_site(SsgOptions(dialect=dialect, src=src, site=site, force=force))  # type: ignore[arg-type]


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("href", "src"):
                self.refs.append(value)
            elif value and name == "srcset":
                self.refs += [part.split()[0] for part in value.split(",") if part.strip()]


def answers(out: Path, url: str) -> Path | None:
    """The file a static server sends for ``url`` (a folder's index.html), or None."""
    path = out / unquote(urlsplit(url).path).lstrip("/")
    for candidate in (path, path / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def broken_refs(out: Path) -> list[str]:
    """Root-relative links and pictures of every page that no output file answers."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            if ref.startswith("/") and not ref.startswith("//") and answers(out, ref) is None:
                broken.append(f"{page.relative_to(out)}: {ref}")
    return broken


_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)


def template_syntax(out: Path) -> list[str]:
    """Pages showing `{{` or `{%` outside <pre> and <code>."""
    found = []
    for page in sorted(out.rglob("*.html")):
        text = _CODE.sub("", page.read_text(encoding="utf-8"))
        for marker in ("{{", "{%"):
            if marker in text:
                at = text.index(marker)
                found.append(f"{page.relative_to(out)}: {text[at - 60 : at + 60]!r}")
    return found


def check_imported(report: ImportedSite, site: Path, posts: int) -> None:
    build_site(site, drafts=True, future=True)
    out = site / "public"
    assert report.posts >= posts
    for moved in report.urls:
        assert (site / moved.path).is_file(), moved
        page = answers(out, moved.new)
        assert page is not None, moved
        old = answers(out, moved.old)
        assert old is not None, f"old URL {moved.old} does not answer ({moved.source})"
        if moved.redirect:
            assert 'http-equiv="refresh"' in old.read_text(encoding="utf-8"), moved
    assert broken_refs(out) == []
    assert template_syntax(out) == []


def test_a_jekyll_site_of_52_posts(tmp_path: Path) -> None:
    src = make_jekyll_site(tmp_path / "old")
    site = tmp_path / "site"
    report = run("jekyll", src, site)
    assert report.posts == 53 and report.pages == 3  # 52 posts and a draft; 2 pages, 1 guide
    check_imported(report, site, 52)
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config["permalink"] == "/{slug}/" and config["timezone"] == "Asia/Amman"
    assert config["taxonomies"] == TAXONOMIES
    assert answers(site / "public", "/people/سلمى/") is not None
    assert sum(u.redirect for u in report.urls) == 6  # 5 × /p/<slug>/, the guide


def test_a_hugo_site_of_54_posts(tmp_path: Path) -> None:
    src = make_hugo_site(tmp_path / "old")
    site = tmp_path / "site"
    report = run("hugo", src, site)
    assert report.posts == 54 and report.resources == 22
    check_imported(report, site, 54)
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config["permalink"] == "/posts/{slug}/" and config["taxonomies"] == TAXONOMIES
    assert config["related"] == {"weights": {"locations": 40, "people": 40}}
    assert report.terms == ("content/locations/غزة.md", "content/people/سلمى.md")
    gaza = answers(site / "public", "/locations/غزة/")
    assert gaza is not None and "مدينة على البحر" in gaza.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="needs Hugo")
def test_old_urls_are_the_ones_hugo_makes(tmp_path: Path) -> None:
    src = make_hugo_site(tmp_path / "old")
    (src / "content/posts/خبر-مكسور.md").unlink()  # Hugo stops at it
    listed = subprocess.run(
        ["hugo", "list", "all"], cwd=src, capture_output=True, text=True, check=True, timeout=120
    ).stdout.splitlines()[1:]
    hugo_urls = {
        line.split(",")[0].removeprefix("content/"): unquote(urlsplit(line.split(",")[-1]).path)
        for line in listed
    }
    report = run("hugo", src, tmp_path / "site")
    ours = {u.source.removeprefix("content/"): u.old for u in report.urls}
    assert ours == hugo_urls


def test_a_broken_front_matter_is_an_error_at_its_line_and_the_rest_is_imported(
    tmp_path: Path,
) -> None:
    src = make_jekyll_site(tmp_path / "old", posts=3)
    report = run("jekyll", src, tmp_path / "site")
    assert [d.format().split(": error:")[0] for d in report.problems] == [
        f"{src.as_posix()}/_posts/2024-02-30-تاريخ-غلط.md:2"
    ]
    assert report.posts == 4  # 3 and the draft


@pytest.mark.parametrize(
    ("fence", "line", "said"),
    [("+++", 1, "nested too deeply"), ("json", 1, "nested too deeply"), ("---", 3, "depth")],
)
def test_front_matter_nested_too_deeply_is_an_error_and_the_rest_is_imported(
    tmp_path: Path, fence: str, line: int, said: str
) -> None:
    """Python's TOML, YAML and JSON parsers recurse once per level: 3,000 levels of lists
    would end the import in a RecursionError, as the build's own front matter never does."""
    src = make_hugo_site(tmp_path / "old", posts=2)
    deep = "[" * 3000 + "]" * 3000
    text = {
        "+++": f'+++\ntitle = "x"\nv = {deep}\n+++\nنص\n',
        "---": f"---\ntitle: x\nv: {deep}\n---\nنص\n",
        "json": f'{{"title": "x", "v": {deep}}}\nنص\n',
    }[fence]
    before = run("hugo", src, tmp_path / "before").posts
    (src / "content/posts/deep.md").write_text(text, encoding="utf-8")
    report = run("hugo", src, tmp_path / "site")
    deep = [d for d in report.problems if d.path.endswith("deep.md")]
    assert [d.format().split(": error:")[0] for d in deep] == [
        f"{src.as_posix()}/content/posts/deep.md:{line}"
    ]
    assert said in deep[0].message
    assert report.posts == before


def test_names_in_nfd_symlinks_out_and_excluded_files(tmp_path: Path) -> None:
    src = make_jekyll_site(tmp_path / "old", posts=12)
    site = tmp_path / "site"
    report = run("jekyll", src, site)
    assert (site / "content/2024/آخر-الأخبار.md").is_file()  # written NFC
    assert "/آخر-الأخبار/" in {u.old for u in report.urls}
    assert any(s.startswith("link-out.md: a link out of the source folder") for s in report.skipped)
    assert not (site / "static/link-out.md").exists()
    assert not (site / "static/notes.txt").exists()  # exclude: in _config.yml
    assert (site / "static/assets/img/p1.jpg").is_file()
    assert (site / "static/robots-extra.txt").is_file()


def test_a_second_import_adds_only_what_is_new_and_force_overwrites(tmp_path: Path) -> None:
    src = make_hugo_site(tmp_path / "old", posts=6)
    site = tmp_path / "site"
    first = run("hugo", src, site)
    assert first.static == 3 and [p.name for p in (site / "static").iterdir()] == ["images"]
    bundle = (site / "content/2025/المطر-يعود-إلى-0/index.md").read_text(encoding="utf-8")
    assert "image: cover.jpg\nimage_alt: غلاف الخبر\n" in bundle
    assert (site / "content/2025/المطر-يعود-إلى-0/gallery/1.jpg").is_file()
    edited = site / first.urls[0].path
    edited.write_text(edited.read_text(encoding="utf-8") + "\nتعديل المحرر.\n", encoding="utf-8")
    (src / "content/posts/جديد.md").write_text(
        "---\ntitle: خبر جديد\ndate: 2025-05-05\n---\nنص.\n", encoding="utf-8"
    )
    second = run("hugo", src, site)
    assert second.posts == 1 and "content/2025/جديد.md" in [u.path for u in second.urls]
    assert first.urls[0].path in second.existing
    assert "تعديل المحرر" in edited.read_text(encoding="utf-8")
    forced = run("hugo", src, site, force=True)
    assert forced.posts == 7 and not forced.existing
    assert "تعديل المحرر" not in edited.read_text(encoding="utf-8")
    data = json.loads((site / report_file("hugo")).read_text(encoding="utf-8"))
    assert len(data["urls"]) == 9 and {"old", "new", "redirect"} <= set(data["urls"][0])


def test_folders_that_are_not_what_they_should_be(tmp_path: Path) -> None:
    hugo = make_hugo_site(tmp_path / "old", posts=1)
    with pytest.raises(ImportFailed, match="no such folder"):
        run("hugo", tmp_path / "missing", tmp_path / "site")
    with pytest.raises(ImportFailed, match=r"not a Jekyll site: no _config.yml .*Hugo"):
        run("jekyll", hugo, tmp_path / "site")
    with pytest.raises(ImportFailed, match="inside the old one"):
        run("hugo", hugo, hugo / "new")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("x", encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a Jarida site"):
        run("hugo", hugo, theirs)
    assert not (tmp_path / "site").exists() and sorted(p.name for p in theirs.iterdir()) == [
        "thesis.tex"
    ]


def test_cli(tmp_path: Path) -> None:
    src = make_jekyll_site(tmp_path / "old", posts=2)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "jekyll", str(src), str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 3 posts, 3 pages and 0 term pages (1 as drafts)")
    assert "2024-02-30-تاريخ-غلط.md:2: error: the front matter does not parse" in result.stderr
    again = runner.invoke(cli, ["import", "jekyll", str(src), str(tmp_path / "site")])
    assert "Left as they are (they exist; --force overwrites) 6 files" in again.stdout
    wrong = runner.invoke(cli, ["import", "hugo", str(src), str(tmp_path / "site")])
    assert wrong.exit_code == 1 and "not a Hugo site" in wrong.stderr
    assert "Traceback" not in wrong.output


def test_jekyll_defaults_apply_and_layout_page_makes_a_page(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "old",
        {
            "_config.yml": (
                "permalink: pretty\ndefaults:\n"
                "  - scope: {path: '_posts/opinion', type: posts}\n"
                "    values: {permalink: '/ra2y/:title/', author: كاتب}\n"
            ),
            "_posts/opinion/2024-01-02-maqal.md": "---\ntitle: مقال\n---\nرأي.\n",
            "_posts/2024-01-03-khabar.md": "---\ntitle: خبر\ncategories: محليات\n---\nنص.\n",
            "_posts/2024-01-04-about-us.md": "---\ntitle: عنا\nlayout: page\n---\nنحن.\n",
        },
    )
    site = tmp_path / "site"
    report = run("jekyll", src, site)
    urls = {u.source: (u.old, u.new, u.path) for u in report.urls}
    assert urls["_posts/opinion/2024-01-02-maqal.md"][0] == "/ra2y/maqal/"
    assert urls["_posts/2024-01-03-khabar.md"][0] == "/محليات/2024/01/03/khabar/"
    assert urls["_posts/2024-01-04-about-us.md"][1:] == ("/about-us/", "content/pages/about-us.md")
    assert report.posts == 2 and report.pages == 1
    front = (site / urls["_posts/opinion/2024-01-02-maqal.md"][2]).read_text(encoding="utf-8")
    assert "authors:\n- كاتب" in front
    build_site(site)
    assert (site / "public/ra2y/maqal/index.html").is_file()


def test_hostile_front_matter_imports_and_builds(tmp_path: Path) -> None:
    hostile = (
        "---\ntitle: [قائمة, لا عنوان]\nimage: 'javascript:alert(1)'\ndate: ليس تاريخا\n"
        "tags: {a: b}\nslug: ../../etc\naliases: ['/../../x/', 5, '/قديم/']\n"
        "description: '<script>alert(1)</script> {{ page.x }}'\ncategories: [<b>عاجل</b>]\n"
        "type: blog\nfeatured: image.jpg\nweird key: 1\nnested: {a: [1, {b: 2}]}\n---\nنص.\n"
    )
    src = write_site(
        tmp_path / "old",
        {"_config.yml": "title: <i>x</i>\n", "_posts/2024-05-06-سيئ.md": hostile},
    )
    site = tmp_path / "site"
    report = run("jekyll", src, site)
    (moved,) = report.urls
    assert moved.path == "content/2024/سيئ.md"
    assert moved.old == "/<b>عاجل</b>/2024/05/06/-/-etc.html"  # Jekyll's own sanitizing
    text = (site / moved.path).read_text(encoding="utf-8")
    assert "javascript" not in text and "{{" not in text and "nested" not in text
    assert "type" not in text and "featured" not in text
    assert any("keys left out" in n and "type: blog" in n for n in report.notes)
    assert any("`date`" in n for n in report.notes)
    build_site(site)
    page = (site / "public/2024/05/etc/index.html").read_text(encoding="utf-8")
    assert "<b>عاجل</b>" not in page and "<script>alert" not in page
    assert answers(site / "public", "/قديم/") is not None
    assert answers(site / "public", moved.old) is not None


def test_hugo_front_matter_in_toml_yaml_and_json_errors_at_their_lines(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "old",
        {
            "config.yaml": "title: موقع\ntimeZone: Africa/Cairo\n",
            "content/posts/toml.md": '+++\ntitle = "ت"\ndate = 2025-01-02\n+++\nنص.\n',
            "content/posts/json.md": '{\n "title": "ج",\n "date": "2025-01-03"\n}\nنص.\n',
            "content/posts/bad-toml.md": '+++\ntitle = "ت"\ndate = = 2\n+++\nنص.\n',
            "content/posts/bad-json.md": '{\n "title": "ج",\n}\nنص.\n',
            "content/posts/unclosed.md": "---\ntitle: x\n",
        },
    )
    report = run("hugo", src, tmp_path / "site")
    assert sorted(u.source for u in report.urls) == [
        "content/posts/json.md",
        "content/posts/toml.md",
    ]
    where = sorted(
        d.format().split(": error:")[0].removeprefix(src.as_posix()) for d in report.problems
    )
    assert where == [
        "/content/posts/bad-json.md:3",
        "/content/posts/bad-toml.md:3",
        "/content/posts/unclosed.md:1",
    ]
    toml = (tmp_path / "site/content/2025/toml.md").read_text(encoding="utf-8")
    assert "date: 2025-01-02\n" in toml


@pytest.mark.parametrize("by_folder", [False, True], ids=["file-suffix", "content-dir"])
def test_hugo_languages_become_editions(tmp_path: Path, by_folder: bool) -> None:
    src = make_multilingual_hugo_site(tmp_path / "old", by_folder=by_folder)
    site = tmp_path / "site"
    report = run("hugo", src, site)
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config["language"] == "ar"
    assert config["languages"] == {
        "en": {"title": "Jarida Daily", "description": "News in English"},
        "fr": {"title": "Jarida"},
    }
    assert list(config["languages"]) == ["en", "fr"]  # by weight; de is disabled

    def front(path: str) -> dict[str, object]:
        data = yaml.safe_load((site / path).read_text(encoding="utf-8").split("---\n")[1])
        assert isinstance(data, dict), path
        return data

    ar, en = front("content/2024/budget.md"), front("content/en/2024/budget.md")
    assert (ar["title"], en["title"]) == ("الميزانية", "The budget")
    assert ar["translation_key"] == en["translation_key"] == "posts/budget"
    # The bundle's picture is shared by its translations in one folder (Hugo's way); the French
    # bundle of its own folder has none, and is a plain file.
    fr_forum = "content/fr/2024/" + ("forum.md" if by_folder else "forum/index.md")
    forum_ar, forum_fr = front("content/2024/forum/index.md"), front(fr_forum)
    assert forum_ar["translation_key"] == forum_fr["translation_key"] == "posts/forum"
    assert (site / "content/2024/forum/photo.png").is_file()
    assert (site / "content/fr/2024/forum/photo.png").is_file() != by_folder
    linked = front("content/en/2024/keyed.md"), front("content/2024/other-name.md")
    assert [f["translation_key"] for f in linked] == ["k1", "k1"]
    assert all("translationKey" not in f for f in linked)
    assert "translation_key" not in front("content/en/2024/only.md")
    assert front("content/en/pages/about.md")["translation_key"] == "about"
    assert not list(site.rglob("*Haushalt*")) and not (site / "content/de").exists()
    assert any("de" in s and "disabled" in s for s in report.skipped)
    # Old URLs: Hugo's, within each language's prefix; the same URL under Jarida: no alias.
    olds = {u.path: (u.old, u.redirect) for u in report.urls}
    assert olds["content/en/2024/budget.md"] == ("/en/posts/budget/", False)
    assert olds["content/2024/budget.md"] == ("/posts/budget/", False)
    assert olds["content/en/pages/about.md"] == ("/en/about/", False)
    assert "aliases" not in en
    assert dict(report.languages) == {"ar": 4, "en": 4, "fr": 1}
    assert any("Languages: ar (default) 4, en 4, fr 1" in line for line in report.summary())
    # The whole site builds, every edition, every old URL answers, and translations link.
    built = build_site(site)
    assert len(built.site.articles) == 3 and len(built.site.pages) == 1
    assert sorted(built.site.editions) == ["en", "fr"]
    for url in report.urls:
        assert (site / "public" / unquote(url.old).strip("/") / "index.html").is_file(), url
    budget = (site / "public/en/posts/budget/index.html").read_text(encoding="utf-8")
    assert 'hreflang="ar" href="https://hugo.example/posts/budget/">' in budget


def test_hugo_default_language_in_its_subfolder_keeps_its_old_urls(tmp_path: Path) -> None:
    # defaultContentLanguageInSubdir: Hugo served the default language at /ar/ too; Jarida
    # serves it at /, and the old addresses answer as redirects.
    src = make_multilingual_hugo_site(tmp_path / "old")
    config = src / "hugo.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text("defaultContentLanguageInSubdir = true\n" + text, encoding="utf-8")
    site = tmp_path / "site"
    report = run("hugo", src, site)
    olds = {u.path: (u.old, u.redirect) for u in report.urls}
    assert olds["content/2024/budget.md"] == ("/ar/posts/budget/", True)
    assert olds["content/en/2024/budget.md"] == ("/en/posts/budget/", False)
    build_site(site)
    for url in report.urls:
        assert answers(site / "public", url.old) is not None, url
    assert any("/ar/" in n and "home" in n for n in report.notes)  # what is not kept


def test_hugo_languages_with_a_region_become_editions_by_their_language(tmp_path: Path) -> None:
    # Hugo's `en-us` is Jarida's edition `en` with `region: US` (its old /en-us/ addresses kept
    # as aliases); `en-gb`, a second English, cannot be another `en`: skipped, and said so.
    src = write_site(
        tmp_path / "old",
        {
            "hugo.toml": 'baseURL = "https://hugo.example/"\ntitle = "جريدة"\n'
            'defaultContentLanguage = "ar"\n[languages.ar]\nweight = 1\n'
            '[languages.en-us]\nweight = 2\ntitle = "Daily"\n'
            "[languages.en-gb]\nweight = 3\n[languages.pt-br]\nweight = 4\n",
            "content/posts/a.md": '---\ntitle: "خبر"\ndate: 2024-01-01\n---\nنص.\n',
            "content/posts/a.en-us.md": '---\ntitle: "News"\ndate: 2024-01-01\n---\nText.\n',
            "content/posts/a.en-gb.md": '---\ntitle: "Newz"\ndate: 2024-01-01\n---\nText.\n',
            "content/posts/a.pt-br.md": '---\ntitle: "Notícia"\ndate: 2024-01-01\n---\nT.\n',
        },
    )
    site = tmp_path / "site"
    report = run("hugo", src, site)
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config["languages"] == {
        "en": {"title": "Daily", "region": "US"},
        "pt": {"title": "جريدة", "region": "BR"},
    }
    olds = {u.path: (u.old, u.redirect) for u in report.urls}
    assert olds["content/en/2024/a.md"] == ("/en-us/posts/a/", True)
    assert olds["content/pt/2024/a.md"] == ("/pt-br/posts/a/", True)
    assert any("a.en-gb.md" in s and "`en`" in s for s in report.skipped), report.skipped
    built = build_site(site)
    assert sorted(built.site.editions) == ["en", "pt"]
    for url in report.urls:
        assert answers(site / "public", url.old) is not None, url


def test_a_hugo_site_without_languages_writes_no_editions(tmp_path: Path) -> None:
    src = make_hugo_site(tmp_path / "old", posts=3)
    report = run("hugo", src, tmp_path / "site")
    assert "languages" not in yaml.safe_load((tmp_path / "site/jarida.yaml").read_text("utf-8"))
    assert dict(report.languages) == {}


def test_jekyll_polyglot_languages_become_editions(tmp_path: Path) -> None:
    def post(title: str, lang: str, **front: str) -> str:
        more = "".join(f"{k}: {v}\n" for k, v in front.items())
        return f'---\ntitle: "{title}"\nlang: {lang}\n{more}---\n{title}.\n'

    src = write_site(
        tmp_path / "old",
        {
            "_config.yml": "title: جريدة\nlanguages: [ar, en, fr]\ndefault_lang: ar\n"
            "permalink: /:year/:month/:title/\n",
            "_posts/2024-03-05-budget.md": post("الميزانية", "ar"),
            "_posts/2024-03-05-budget-en.md": post(
                "The budget", "en", permalink="/2024/03/budget/"
            ),
            "_posts/2024-03-06-only.md": post("Only in English", "en"),
            "about.md": post("من نحن", "ar", permalink="/about/"),
            "about-fr.md": post("À propos", "fr", permalink="/about/"),
        },
    )
    site = tmp_path / "site"
    report = run("jekyll", src, site)
    config = yaml.safe_load((site / "jarida.yaml").read_text(encoding="utf-8"))
    assert config["language"] == "ar"
    assert config["languages"] == {"en": {"title": "جريدة"}, "fr": {"title": "جريدة"}}

    def front(path: str) -> dict[str, object]:
        data = yaml.safe_load((site / path).read_text(encoding="utf-8").split("---\n")[1])
        assert isinstance(data, dict), path
        return data

    ar, en = front("content/2024/budget.md"), front("content/en/2024/budget-en.md")
    assert ar["translation_key"] == en["translation_key"] == "2024/03/budget"
    assert "lang" not in en and "translation_key" not in front("content/en/2024/only.md")
    assert front("content/fr/pages/about.md")["translation_key"] == "about"
    olds = {u.path: (u.old, u.redirect) for u in report.urls}
    assert olds["content/en/2024/budget-en.md"][0] == "/en/2024/03/budget/"
    assert olds["content/fr/pages/about.md"] == ("/fr/about/", False)
    assert dict(report.languages) == {"ar": 2, "en": 2, "fr": 1}
    build_site(site)
    for url in report.urls:
        assert (site / "public" / unquote(url.old).strip("/") / "index.html").is_file(), url
