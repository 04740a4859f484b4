"""``jarida new site`` and ``jarida new article``."""

from __future__ import annotations

import dataclasses
import re
import typing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from click.testing import CliRunner

from jarida.cli import cli
from jarida.config import Config, DeployTarget, load_config
from jarida.errors import BuildFailed
from jarida.scaffold.configfile import render_config
from jarida.scaffold.newarticle import ArticleExists, NewArticle, new_article
from jarida.scaffold.newsite import NewSite, SiteExists, new_site, region_timezone
from jarida.scaffold.notes import CONFIG_NOTES
from tests.conftest import NOW, build_site, read, tree

EPOCH = str(int(NOW.timestamp()))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH})
    return result.exit_code, result.stdout, result.stderr


def config_keys(cls: type, prefix: str = "") -> list[str]:
    """Every key of ``jarida.yaml``: the fields of Config, its sections and a deploy target."""
    hints = typing.get_type_hints(cls)
    keys: list[str] = []
    for spec in dataclasses.fields(cls):
        if spec.metadata.get("derived"):
            continue
        key = prefix + spec.name
        keys.append(key)
        if dataclasses.is_dataclass(hints[spec.name]):
            keys += config_keys(hints[spec.name], key + ".")
        if key == "deploy":
            keys += config_keys(DeployTarget, "deploy.")
    return keys


def test_every_config_key_is_in_the_new_config_with_both_notes() -> None:
    text = render_config()
    keys = config_keys(Config)
    assert set(keys) == set(CONFIG_NOTES)  # no key without a note, no note without a key
    for key in keys:
        name = key.rpartition(".")[2]
        arabic, english = CONFIG_NOTES[key]
        assert re.search(rf"^[# ]*{name}:", text, re.MULTILINE), key
        assert f"# {arabic}" in text and f"# {english}" in text, key
    assert "(one of: unicode, ascii)" in text and "(القيم: unicode، ascii)" in text


def test_the_new_config_is_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "jarida.yaml").write_text(render_config(), encoding="utf-8")
    assert load_config(tmp_path) == Config(root=tmp_path)
    example: dict[str, object] = {}
    for block in render_config().split("# مثال · example:\n")[1:]:
        lines = []
        for line in block.splitlines():
            if not line.lstrip().startswith("# ") or line.lstrip().startswith("# #"):
                break
            lines.append(line.replace("# ", "", 1))
        indent = len(lines[0]) - len(lines[0].lstrip())
        found = yaml.safe_load("\n".join(line[indent:] for line in lines))
        example |= {"home": found} if "sections" in found else found
    (tmp_path / "jarida.yaml").write_text(yaml.safe_dump(example), encoding="utf-8")
    config = load_config(tmp_path)  # the examples work uncommented
    assert config.deploy["pages"].type == "git"
    assert [item.title for item in config.menus["main"]] == ["سياسة", "اقتصاد"]
    assert [section.count for section in config.home.sections] == [4, 3]
    assert config.languages["en"]["language"] == "en-GB" and list(config.languages) == ["en", "fr"]


def test_a_new_site_builds_with_no_warnings(tmp_path: Path) -> None:
    root = tmp_path / "site"
    made = new_site(NewSite(folder=root, language="ar-EG", title="أخبار"), NOW - timedelta(hours=2))
    assert set(made.written) == set(tree(root)) and made.skipped == ()
    assert {
        "jarida.yaml",
        ".gitignore",
        "templates/README.md",
        "static/images/front-page.svg",
        ".github/workflows/deploy.yml",
        ".gitlab-ci.yml",
    } <= set(made.written)
    articles = sorted(p for p in made.written if p.startswith("content/"))
    assert articles == [
        "content/2026/أهلا-بكم-في-موقعكم-الجديد.md",
        "content/2026/كيف-ينتقل-الخبر-من-الحاسوب-إلى-القراء.md",
    ]
    config = load_config(root)
    assert (config.title, config.language, config.timezone) == ("أخبار", "ar-EG", "Africa/Cairo")
    result = build_site(root)
    assert result.warnings == ()
    assert len(result.site.articles) == 2
    page = read(root, "2026/06/أهلا-بكم-في-موقعكم-الجديد/index.html")
    assert "أهلًا بكم في موقعكم الجديد" in page and 'src="/images/front-page.svg"' in page
    assert ".jarida/" in (root / ".gitignore").read_text(encoding="utf-8")


def test_a_folder_that_is_not_empty_is_refused_and_files_are_never_overwritten(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "jarida.yaml").write_text("title: قديم\n", encoding="utf-8")
    with pytest.raises(SiteExists, match="not empty; nothing was written"):
        new_site(NewSite(folder=root), NOW)
    assert tree(root) == {"jarida.yaml": "title: قديم\n".encode()}
    made = new_site(NewSite(folder=root, force=True), NOW)
    assert made.skipped == ("jarida.yaml",) and "jarida.yaml" not in made.written
    assert (root / "jarida.yaml").read_text(encoding="utf-8") == "title: قديم\n"


def test_bad_settings_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as caught:
        new_site(NewSite(folder=tmp_path / "s", language="xx-Nope"), NOW)
    assert "unknown language `xx-Nope`" in caught.value.diagnostics[0].message
    assert not (tmp_path / "s").exists()


def test_the_timezone_follows_the_region() -> None:
    assert region_timezone("ar-SA") == "Asia/Riyadh" and region_timezone("ar-MA") == (
        "Africa/Casablanca"
    )
    assert region_timezone("ar") == "UTC" and region_timezone("ar-Arab-SY") == "Asia/Damascus"


def test_new_site_command(tmp_path: Path) -> None:
    code, out, err = run("new", "site", str(tmp_path / "s"), "--timezone", "Asia/Dubai")
    assert code == 0, err
    assert f"created {tmp_path / 's' / 'jarida.yaml'}" in out
    assert load_config(tmp_path / "s").timezone == "Asia/Dubai"
    code, _, err = run("new", "site", str(tmp_path / "s"))
    assert code == 1 and "is not empty" in err


def site_with(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "jarida.yaml").write_text(config, encoding="utf-8")
    return root


def test_new_article_slug_date_and_front_matter(tmp_path: Path) -> None:
    root = site_with(tmp_path, "timezone: Asia/Riyadh\n")
    late = datetime(2025, 12, 31, 22, 30, 5, 123, tzinfo=UTC)  # already 2026 in Riyadh
    options = NewArticle(
        site=root, title="الاقتصادُ المصريّ:  نمو 5%", category="اقتصاد", tags="نمو، مصر,اقتصاد"
    )
    path = new_article(options, late)
    assert path == root / "content/2026/الاقتصاد-المصري-نمو-5.md"
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        'title: "الاقتصادُ المصريّ: نمو 5%"\n'
        "date: 2026-01-01T01:30:05+03:00\n"
        'category: "اقتصاد"\n'
        'tags: ["نمو", "مصر", "اقتصاد"]\n'
        "---\n\n"
    )
    built = build_site(root, now=late + timedelta(minutes=1))
    [article] = built.site.articles.values()
    assert article.url == "/2026/01/" + quote("الاقتصاد-المصري-نمو-5") + "/"


def test_new_article_follows_the_sites_slug_rule(tmp_path: Path) -> None:
    root = site_with(tmp_path, "slugs: ascii\n")
    path = new_article(NewArticle(site=root, title="الاقتصاد المصري"), NOW)
    assert path.name == "al-aqtsad-al-msri.md"


def test_new_article_never_overwrites(tmp_path: Path) -> None:
    root = site_with(tmp_path, "title: x\n")
    code, out, err = run("new", "article", "خبر عاجل", str(root), "--tags", "أ, ب")
    assert code == 0, err
    path = Path(out.strip())
    assert path == root / "content/2026/خبر-عاجل.md"
    path.write_text(path.read_text(encoding="utf-8") + "نص كتبه المحرر.\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run("new", "article", "خبر عاجل", str(root))
    assert code == 1 and out == ""
    assert f"{path} exists; nothing was written" in err and "--slug" in err
    assert path.read_bytes() == before
    code, out, _ = run("new", "article", "خبر عاجل", str(root), "--slug", "khabar-2", "--draft")
    assert code == 0 and out.strip().endswith("content/2026/khabar-2.md")
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert 'slug: "khabar-2"' in text and "draft: true" in text
    with pytest.raises(ArticleExists):
        new_article(NewArticle(site=root, title="أي عنوان", slug="khabar-2"), NOW)


def test_new_article_refuses_a_slug_that_leaves_the_folder(tmp_path: Path) -> None:
    root = site_with(tmp_path, "title: x\n")
    code, _, err = run("new", "article", "خبر", str(root), "--slug", "../../evil")
    assert code == 1 and "cannot be a slug" in err
    assert not list(tmp_path.rglob("evil*"))


def test_new_article_with_a_long_headline_gets_a_file_name_that_fits(tmp_path: Path) -> None:
    from tests.unit.test_arabic import LONG_TITLE

    root = site_with(tmp_path, "title: x\n")
    path = new_article(NewArticle(site=root, title=LONG_TITLE), NOW)
    assert path.name == "-".join(LONG_TITLE.split()[:14]) + ".md"
    built = build_site(root, now=NOW + timedelta(minutes=1))
    [article] = built.site.articles.values()
    assert article.slug == path.stem
    code, _, err = run("new", "article", "خبر", str(root), "--slug", "ب" * 91)
    assert code == 1 and "182 bytes" in err and "Traceback" not in err


def test_new_article_in_an_edition_goes_under_its_folder(tmp_path: Path) -> None:
    root = site_with(tmp_path, "timezone: Asia/Riyadh\nlanguages:\n  en: {region: GB}\n")
    code, out, err = run("new", "article", "Oil output rises", str(root), "--lang", "en")
    assert code == 0, err
    path = Path(out.strip())
    assert path == root / "content/en/2026/oil-output-rises.md"
    assert build_site(root, now=NOW + timedelta(days=1)).site.editions["en"].articles
    code, out, err = run("new", "article", "خبر", str(root), "--lang", "ar")
    assert code == 0 and Path(out.strip()).parent == root / "content/2026", err
    code, out, err = run("new", "article", "Nachricht", str(root), "--lang", "de")
    assert code == 1 and out == "" and "no edition in `de`" in err and "languages:" in err
