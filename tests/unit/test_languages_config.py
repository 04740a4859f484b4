"""``languages:`` in jarida.yaml (jarida.languages): the editions and their problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jarida.config import Config, load_config
from jarida.errors import BuildFailed
from jarida.languages import edition_codes, edition_config, language_of, local_id


def config_of(tmp_path: Path, text: str) -> Config:
    (tmp_path / "jarida.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def failure(tmp_path: Path, text: str) -> list[str]:
    try:
        config_of(tmp_path, text)
    except BuildFailed as exc:
        return [d.format() for d in exc.diagnostics]
    raise AssertionError("no error")


SITE = """\
title: جريدة
language: ar-EG
base_url: https://news.example/
menus:
  main: [{title: سياسة, url: /categories/سياسة/}]
languages:
  en:
    title: Jarida Daily
    region: GB
    digits: latn
    menus:
      main: [{title: Politics, url: /categories/politics/}]
  fr: {title: Jarida, region: MA}
"""


def test_editions_inherit_what_they_do_not_give(tmp_path: Path) -> None:
    config = config_of(tmp_path, SITE)
    assert edition_codes(config) == ("en", "fr")
    en = edition_config(config, "en")
    assert (en.title, en.language, en.edition, en.base_path) == (
        "Jarida Daily",
        "en-GB",
        "en",
        "/en/",
    )
    assert en.menus["main"][0].title == "Politics"
    assert en.timezone == config.timezone and en.paginate == config.paginate
    fr = edition_config(config, "fr")
    assert (fr.language, fr.title, fr.site_path) == ("fr-MA", "Jarida", "/")
    assert edition_config(config, "ar") is config and config.base_path == "/"


def test_an_edition_never_takes_the_default_languages_menus_home_or_digits(
    tmp_path: Path,
) -> None:
    # They name the default language's categories and pages, in its script: an edition that
    # gives none has its own categories for a menu, no home sections, and its language's digits.
    text = SITE.replace(
        "base_url: https://news.example/\n",
        "base_url: https://news.example/\ndigits: arab\nhijri: true\n"
        "home: {sections: [{category: سياسة}]}\n",
    )
    config = config_of(tmp_path, text)
    fr = edition_config(config, "fr")
    assert (fr.menus, fr.home.sections, fr.digits) == ({}, (), "auto")
    assert fr.hijri is True  # a calendar is not bound to a language: the site's
    en = edition_config(config, "en")
    assert (en.digits, en.home.sections) == ("latn", ())


def test_the_default_may_be_listed_with_its_own_values(tmp_path: Path) -> None:
    config = config_of(tmp_path, "language: ar-EG\nlanguages:\n  ar: {title: الجريدة}\n  en: {}\n")
    assert (config.title, config.language, edition_codes(config)) == ("الجريدة", "ar-EG", ("en",))


def test_the_default_listed_with_another_region_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = "language: ar-EG\nlanguages:\n  ar:\n    region: SA\n"
    [problem] = failure(tmp_path, text)
    assert "jarida.yaml:4" in problem and "clashes with `language: ar-EG`" in problem


def test_problems_are_errors_at_their_lines(tmp_path: Path) -> None:
    text = (
        "languages:\n"
        "  EN-gb: {title: x}\n"  # 2: not a code's shape
        "  en:\n"
        "    paginate: 3\n"  # 4: not per language
        "    titel: x\n"  # 5: unknown, with a suggestion
        "    digits: roman\n"  # 6: a bad value
        "    region: england\n"  # 7: not a region
        "  zz: {}\n"  # 8: no such language
    )
    problems = failure(tmp_path, text)
    assert len(problems) == 6, problems
    by_line = {p.split(":")[1]: p for p in problems}
    assert "is not a language code" in by_line["2"]
    assert "`paginate` is not per language" in by_line["4"]
    assert "did you mean `title`" in by_line["5"]
    assert "`languages.en.digits` must be one of" in by_line["6"]
    assert "is not a region" in by_line["7"]
    assert "unknown language `zz`" in by_line["8"]


def test_sources_belong_to_the_edition_of_their_folder_or_lang(tmp_path: Path) -> None:
    config = config_of(tmp_path, SITE)
    assert language_of(config, "en/2026/x.md", "") == "en"
    assert language_of(config, "ar/2026/x.md", "") == "ar"
    assert language_of(config, "de/2026/x.md", "") == "ar"
    assert language_of(config, "2026/x.md", "fr") == "fr"
    assert local_id(config, "en/pages/about.md") == "pages/about.md"
    assert local_id(config, "de/x.md") == "de/x.md"


def test_a_site_without_languages_is_as_before(tmp_path: Path) -> None:
    config = config_of(tmp_path, "base_url: https://news.example/sub/\n")
    assert (config.languages, config.edition, config.base_path) == ({}, "", "/sub/")
    assert edition_codes(config) == ()
    # content/ar/ is a folder like any other: content/ar/pages/x.md is no standalone page
    assert local_id(config, "ar/pages/x.md") == "ar/pages/x.md"
    assert language_of(config, "ar/pages/x.md", "") == "ar"


TAXONOMIES = """\
title: جريدة
language: ar
taxonomies:
  locations: {title: الأماكن, singular: مكان, feed: false}
  people: {title: الناس}
languages:
  en:
    taxonomies:
      locations: {title: Places}
  fr:
    taxonomies:
      people: {title: Personnes, singular: Personne}
"""


def test_an_edition_names_the_sites_taxonomies_in_its_language(tmp_path: Path) -> None:
    config = config_of(tmp_path, TAXONOMIES)
    locations, people = (config.taxonomies[n] for n in ("locations", "people"))
    assert (locations.title, locations.singular, people.singular) == ("الأماكن", "مكان", "الناس")
    en, fr = edition_config(config, "en"), edition_config(config, "fr")
    assert list(en.taxonomies) == list(fr.taxonomies) == ["locations", "people"]
    # Its title, and its singular from it when not given; the feed stays the site's.
    assert (en.taxonomies["locations"].title, en.taxonomies["locations"].singular) == (
        "Places",
        "Places",
    )
    assert en.taxonomies["locations"].feed is False and en.taxonomies["people"] == people
    assert fr.taxonomies["people"].singular == "Personne"
    assert fr.taxonomies["locations"] == locations


def test_an_edition_cannot_declare_a_taxonomy(tmp_path: Path) -> None:
    text = TAXONOMIES.replace("people: {title: Personnes", "sujets: {title: Sujets")
    [problem] = failure(tmp_path, text)
    assert problem.startswith("jarida.yaml:12: error:") and "`sujets`" in problem
    assert "taxonomies:" in problem  # the hint: declare it at the top


def test_an_edition_cannot_turn_a_taxonomys_feed_on_or_off(tmp_path: Path) -> None:
    text = TAXONOMIES.replace("people: {title: Personnes", "people: {feed: true, title: Personnes")
    [problem] = failure(tmp_path, text)
    assert problem.startswith("jarida.yaml:12: error:") and "feed" in problem
    assert "under `taxonomies:` at the top" in problem


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)", " data:text/html,x"],
)
def test_a_menu_link_that_runs_script_is_an_error_at_its_line(tmp_path: Path, url: str) -> None:
    text = (
        "title: جريدة\nlanguage: ar\nmenus:\n  main:\n    - {title: أ, url: /a/}\n"
        f"    - {{title: ب, url: {json.dumps(url)}}}\n"
        "languages:\n  en:\n    menus:\n      footer:\n"
        f"        - {{title: B, url: {json.dumps(url)}}}\n"
    )
    found = failure(tmp_path, text)
    assert len(found) == 2, found
    assert found[0].startswith("jarida.yaml:6: error:") and "menus.main[1].url" in found[0]
    assert found[1].startswith("jarida.yaml:11: error:") and "languages.en.menus" in found[1]
    assert "mailto:" in found[0]  # the hint says what a link may be


def test_menu_links_to_paths_web_mail_and_phone_are_kept(tmp_path: Path) -> None:
    links = ["/about/", "https://x.example/", "//cdn.example/a", "mailto:a@b.example", "tel:+20"]
    items = "".join(f"    - {{title: x, url: {json.dumps(u)}}}\n" for u in links)
    config = config_of(tmp_path, f"title: جريدة\nmenus:\n  main:\n{items}")
    assert [m.url for m in config.menus["main"]] == links
