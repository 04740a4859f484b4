"""A multilingual Hugo site's languages and where each page's language is written.

Hugo's ``languages`` config gives each language its ``title``, ``params``, ``contentDir``,
``languageName``, ``weight`` and ``disabled``; ``defaultContentLanguage`` is the one at ``/``,
the others are at ``/<code>/``. A page's language is its ``contentDir`` when the language has
its own, else the suffix of its file name (``budget.en.md``, ``index.fr.md`` in a bundle), else
the default. Translations share ``translationKey``, or else their path under their content
folder without the suffix (``posts/budget``), which becomes Jarida's ``translation_key``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from jarida.i18n import primary_language
from jarida.importer.wplanguages import code_region

#: What a language code may be to become a folder and a URL prefix.
_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}")


@dataclass(frozen=True, slots=True, kw_only=True)
class HugoLanguage:
    code: str
    title: str = ""
    description: str = ""
    #: Its own content folder (``content/en``), "" when it shares the site's.
    content_dir: str = ""
    name: str = ""
    weight: int = 0
    disabled: bool = False
    #: Its Jarida edition: the language alone (``en`` of ``en-us``), "" for the default.
    edition: str = ""
    #: The region its code gives (``US`` of ``en-us``), written as the edition's ``region``.
    region: str = ""
    #: The earlier language whose edition it would share (``en-us`` for ``en-gb``): it is
    #: not imported.
    clashes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Located:
    """A file of a content folder: its path under that folder, the language suffix taken out
    of its name, and its language ("" for the default)."""

    path: str
    language: str
    #: The content folder it is in (``content/``, ``content/en/``).
    folder: str


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def read_languages(data: Mapping[str, Any]) -> tuple[HugoLanguage, ...]:
    """The ``languages`` table of a Hugo config (keys lowercased), by weight then code; codes
    that cannot be a folder and a URL prefix are left out."""
    table = data.get("languages")
    found: list[HugoLanguage] = []
    for code, settings in table.items() if isinstance(table, dict) else []:
        lowered = str(code).strip().lower()
        if not _CODE.fullmatch(lowered) or not isinstance(settings, dict):
            continue
        params = settings.get("params")
        params = params if isinstance(params, dict) else {}
        weight = settings.get("weight")
        found.append(
            HugoLanguage(
                code=lowered,
                title=_text(settings.get("title") or params.get("title")),
                description=_text(settings.get("description") or params.get("description")),
                content_dir=_text(settings.get("contentdir")).strip("/"),
                name=_text(settings.get("languagename")),
                weight=weight if isinstance(weight, int) and not isinstance(weight, bool) else 0,
                disabled=settings.get("disabled") is True,
            )
        )
    return tuple(sorted(found, key=lambda lang: (lang.weight, lang.code)))


def polyglot_languages(data: Mapping[str, Any]) -> tuple[tuple[HugoLanguage, ...], str]:
    """jekyll-polyglot's ``languages`` (a list of codes) and ``default_lang`` (else the first)."""
    listed = data.get("languages")
    codes = [_text(c).lower() for c in listed] if isinstance(listed, list) else []
    codes = list(dict.fromkeys(c for c in codes if _CODE.fullmatch(c)))
    if not codes:
        return (), ""
    stated = _text(data.get("default_lang")).lower()
    return tuple(HugoLanguage(code=c) for c in codes), stated if stated in codes else codes[0]


def with_editions(languages: Iterable[HugoLanguage], default: str) -> tuple[HugoLanguage, ...]:
    """Each language with its Jarida edition and region (``en-us``: ``en``, ``US``). A Jarida
    edition is a language, not a language and a region: a language whose edition the default
    or an earlier one (by weight) has already, ``en-gb`` after ``en-us``, is marked."""
    taken = {primary_language(default): default}
    out = []
    for lang in languages:
        region = code_region(lang.code)
        edition = "" if lang.code == default else primary_language(lang.code)
        clashes = "" if lang.disabled or not edition else taken.get(edition, "")
        if edition and not lang.disabled:
            taken.setdefault(edition, lang.code)
        out.append(replace(lang, edition=edition, region=region, clashes=clashes))
    return tuple(out)


def default_code(data: Mapping[str, Any], languages: Iterable[HugoLanguage]) -> str:
    """``defaultContentLanguage`` (Hugo's default: ``en``) when it is one of the languages."""
    stated = _text(data.get("defaultcontentlanguage")).lower() or "en"
    codes = [lang.code for lang in languages]
    return stated if stated in codes or not codes else codes[0]


def stated_language(data: Mapping[str, Any], codes: Iterable[str], default: str) -> str:
    """jekyll-polyglot: a page's ``lang`` when it is one of the site's languages, else the
    default."""
    lowered = {str(k).lower(): v for k, v in data.items()}
    stated = _text(lowered.get("lang")).lower()
    return stated if stated in set(codes) else default


class Locator:
    """Which content folder and language each file of a Hugo site belongs to."""

    def __init__(self, main_dir: str, languages: Iterable[HugoLanguage], default: str) -> None:
        self.default = default
        self.codes = frozenset(lang.code for lang in languages)
        self.disabled = frozenset(lang.code for lang in languages if lang.disabled)
        #: A language whose Jarida edition an earlier one has: by code, that one.
        self.clashing = {lang.code: lang.clashes for lang in languages if lang.clashes}
        own = [(lang.content_dir + "/", lang.code) for lang in languages if lang.content_dir]
        self.folders = sorted([*own, (main_dir + "/", "")], key=lambda f: -len(f[0]))

    def locate(self, rel: str) -> Located | None:
        """Where ``rel`` (a path under the Hugo site) is, or None outside every content folder."""
        for folder, code in self.folders:
            if rel.startswith(folder):
                path = rel[len(folder) :]
                name = PurePosixPath(path)
                stem, _, suffix = name.stem.rpartition(".")
                if stem and suffix.lower() in self.codes and name.suffix:
                    path = str(name.with_name(stem + name.suffix))
                    code = code or suffix.lower()
                return Located(path=path, language=code or self.default, folder=folder)
        return None

    def edition(self, code: str) -> str:
        """The Jarida edition of a language: "" for the default."""
        return "" if code in ("", self.default) else code


def translation_keys(docs: Iterable[tuple[str, str, str]]) -> dict[int, str]:
    """For ``(language, own translationKey, path without suffix)`` per document, the key of each
    one that has a translation (by position)."""
    keys: dict[int, str] = {}
    languages: dict[str, set[str]] = {}
    for n, (language, own, path) in enumerate(docs):
        if not language:  # a site in one language
            continue
        key = own or posixpath.splitext(path)[0].removesuffix("/index")
        keys[n] = key
        languages.setdefault(key, set()).add(language)
    return {n: key for n, key in keys.items() if len(languages[key]) > 1}
