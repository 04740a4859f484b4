"""A whole site in French (`language: fr`): left to right, French strings, dates, slugs, feeds,
structured data and search, and nothing of the Arabic theme that does not follow the language."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from tests.conftest import MakeSite, article, build_site, read

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

SITE = {
    "jarida.yaml": """\
        title: "Le Quotidien"
        base_url: https://journal.example/
        language: fr-MA
        timezone: Africa/Casablanca
        hijri: true
        """,
    "content/budget.md": article(
        "L’économie marocaine : « un budget » record ?",
        "2026-03-31T10:05:00+01:00",
        "Le gouvernement a présenté le budget de l’État pour l’année prochaine.\n\n" * 30,
        tags="[Économie, Budget]",
        category="Économie",
        author="Salma Idrissi",
    ),
    "content/rabat.md": article(
        "Rabat accueille un forum",
        "2026-05-30T09:00:00+01:00",
        "Un forum international s’ouvre à Rabat.",
        tags="[Économie]",
        category="Société",
    ),
}

BUDGET = "2026/03/l-économie-marocaine-un-budget-record/index.html"


def french_site(make_site: MakeSite) -> Path:
    root = make_site(SITE)
    result = build_site(root, now=NOW)
    assert [w.format() for w in result.warnings] == []  # French misses no string
    return root


def test_a_french_site_is_left_to_right_in_french(make_site: MakeSite) -> None:
    root = french_site(make_site)
    page = read(root, BUDGET)
    assert '<html lang="fr-MA" dir="ltr">' in page
    assert '<meta property="og:locale" content="fr_MA">' in page
    assert '<h2 id="related-heading">Articles liés</h2>' in page
    assert "Lecture\u00a0: 2\u00a0min" in page or "Lecture\u00a0: 2 min" in page
    # Babel's French dates and times, and the Hijri date in French too.
    assert '<time datetime="2026-03-31T10:05:00+01:00">31 mars 2026 à 10:05</time>' in page
    assert '<span class="hijri">(12 chawwal 1447 AH)</span>' in page
    assert "noto-naskh-arabic-arabic-400" not in page  # no Arabic font preloaded
    term = read(root, "tags/budget/index.html")
    assert '<meta name="description" content="Mot-clé\u00a0: Budget"' in term
    assert not re.search("[\u0600-\u06ff]", page)  # no Arabic text or digits anywhere


def test_french_feeds_structured_data_and_search(make_site: MakeSite) -> None:
    root = french_site(make_site)
    atom = etree.fromstring((root / "public/atom.xml").read_bytes())
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr-MA"
    rss = etree.fromstring((root / "public/rss.xml").read_bytes())
    assert rss.findtext("channel/language") == "fr-ma"
    page = read(root, BUDGET)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    found = [json.loads(b) for b in blocks]
    languages = {item.get("inLanguage") for b in found for item in _items(b)}
    assert languages == {"fr-MA", None}
    search = read(root, "search/index.html")
    assert '<html lang="fr-MA" dir="ltr">' in search and "Rechercher" in search
    entry = json.loads(read(root, "pagefind/pagefind-entry.json"))
    assert list(entry["languages"]) == ["fr-ma"]  # Pagefind indexes (and stems) it as French


def _items(block: object) -> list[dict[str, object]]:
    if isinstance(block, dict):
        return [block, *[i for v in block.values() for i in _items(v)]]
    if isinstance(block, list):
        return [i for v in block for i in _items(v)]
    return []
