"""The settings of a Jekyll or Hugo site that a Jarida site keeps: its name, address, language,
time zone, page size, URL rules and taxonomies.

Jekyll's is ``_config.yml`` (or ``_config.yaml``, ``_config.toml``). Hugo's is ``hugo.*`` or
``config.*`` (TOML, YAML or JSON) at the top, merged with ``config/_default/*`` (each file there
named for its key: ``params.toml`` holds ``params``). Hugo's keys are case-insensitive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from jarida import taxonomyconfig
from jarida.errors import Diagnostic, error
from jarida.importer.hugolanguages import (
    HugoLanguage,
    default_code,
    polyglot_languages,
    read_languages,
    with_editions,
)
from jarida.importer.ssgfiles import SourceFile, load_data

Dialect = Literal["jekyll", "hugo"]
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_CONFIGS = tuple(
    f"{n}.{e}" for n in ("hugo", "config") for e in ("toml", "yaml", "yml", "json")
)
#: Taxonomies every Jarida site has, by Hugo's plural name.
BUILT_IN = frozenset(taxonomyconfig.BUILT_IN)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceConfig:
    dialect: Dialect
    title: str = ""
    description: str = ""
    base_url: str = ""
    language: str = ""
    timezone: str = ""
    paginate: int = 0
    #: Jekyll: the site's ``permalink``; Hugo: by section (``posts``), from ``permalinks``.
    permalink: str = ""
    permalinks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Custom taxonomies (not tags, categories, authors): plural name → singular.
    taxonomies: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Jekyll: collection label → its settings (``output``, ``permalink``).
    collections: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: Hugo: the sections whose pages are posts (``params.mainSections``), lowercased.
    main_sections: tuple[str, ...] = ()
    ugly_urls: bool = False
    #: Jekyll: ``exclude`` patterns of the config.
    exclude: tuple[str, ...] = ()
    #: Jekyll: the front-matter defaults (``defaults:``) as (path prefix, type, values).
    defaults: tuple[tuple[str, str, Mapping[str, Any]], ...] = ()
    #: Hugo: the content folder (``contentDir``).
    content_dir: str = "content"
    #: Hugo: ``languages`` (by weight; none for a site in one language), and the default.
    languages: tuple[HugoLanguage, ...] = ()
    default_language: str = ""
    #: Hugo's ``defaultContentLanguageInSubdir``: the default language was at ``/<code>/`` too.
    default_in_subdir: bool = False

    def edition_of(self, code: str) -> str:
        """The Jarida edition of the old site's language ``code`` ("" for the default's)."""
        return next((lang.edition for lang in self.languages if lang.code == code), "")


def _lower(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k).lower(): _lower(v) for k, v in data.items()}
    return data


def _merge(into: dict[str, Any], more: Mapping[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into.setdefault(key, value)


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _read(src: Path, name: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    file = SourceFile(rel=name, path=src / name)
    try:
        data = load_data(file)
    except ValueError as exc:
        return {}, [
            error(name, f"the config does not parse: {exc}", hint="fix it and import again")
        ]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [error(name, "the config is not a mapping of keys to values")]
    return data, []


def find_dialect(src: Path) -> Dialect | None:
    """``jekyll`` or ``hugo`` by the config file at the top of ``src``, or None."""
    if any((src / name).is_file() for name in JEKYLL_CONFIGS):
        return "jekyll"
    if any((src / name).is_file() for name in HUGO_CONFIGS):
        return "hugo"
    return "hugo" if (src / "config" / "_default").is_dir() else None


def _names(value: Any) -> Mapping[str, str]:
    """Taxonomies as plural → singular, from Hugo's ``{singular: plural}`` or a list."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        pairs = [(_text(v), _text(k)) for k, v in value.items()]
    elif isinstance(value, list):
        pairs = [(_text(v), _text(v)) for v in value]
    else:
        pairs = []
    for plural, singular in pairs:
        if taxonomyconfig.NAME.match(plural) and plural not in BUILT_IN:
            found[plural] = singular or plural
    return MappingProxyType(dict(sorted(found.items())))


def read_jekyll(src: Path) -> tuple[SourceConfig, list[Diagnostic]]:
    name = next(n for n in JEKYLL_CONFIGS if (src / n).is_file())
    data, problems = _read(src, name)
    url = _text(data.get("url")).rstrip("/")
    base = _text(data.get("baseurl")).strip("/")
    collections = data.get("collections")
    if isinstance(collections, list):
        collections = {str(c): {} for c in collections}
    defaults = []
    for entry in data.get("defaults") or []:
        if isinstance(entry, dict) and isinstance(entry.get("values"), dict):
            scope = _table(entry.get("scope"))
            defaults.append((_text(scope.get("path")), _text(scope.get("type")), entry["values"]))
    excluded = data.get("exclude")
    languages, default = polyglot_languages(data)
    languages = with_editions(languages, default)
    return SourceConfig(
        dialect="jekyll",
        languages=languages,
        default_language=default,
        title=_text(data.get("title")),
        description=_text(data.get("description")),
        base_url=f"{url}/{base}/" if url and base else (url + "/" if url else ""),
        language=default or _text(data.get("lang") or data.get("locale") or data.get("language")),
        timezone=_text(data.get("timezone")),
        paginate=_int(data.get("paginate")),
        permalink=_text(data.get("permalink")) or "date",
        taxonomies=_names(data.get("taxonomies")),
        collections=MappingProxyType(
            {str(k): v if isinstance(v, dict) else {} for k, v in (collections or {}).items()}
            if isinstance(collections, dict)
            else {}
        ),
        exclude=tuple(str(e) for e in excluded) if isinstance(excluded, list) else (),
        defaults=tuple(defaults),
    ), problems


def _hugo_data(src: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    merged: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for name in HUGO_CONFIGS:
        if (src / name).is_file():
            data, found = _read(src, name)
            problems += found
            _merge(merged, _lower(data))
            break
    folder = src / "config" / "_default"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in (".toml", ".yaml", ".yml", ".json") or not path.is_file():
                continue
            data, found = _read(src, path.relative_to(src).as_posix())
            problems += found
            key = path.stem.lower()
            _merge(merged, _lower(data) if key in ("hugo", "config") else {key: _lower(data)})
    return merged, problems


def read_hugo(src: Path) -> tuple[SourceConfig, list[Diagnostic]]:
    data, problems = _hugo_data(src)
    params, pagination = _table(data.get("params")), _table(data.get("pagination"))
    permalinks = _table(data.get("permalinks"))
    if isinstance(permalinks.get("page"), dict):  # Hugo 0.112+: permalinks.page.<section>
        permalinks = _table(permalinks["page"])
    taxonomies = data.get("taxonomies")
    main = params.get("mainsections") or data.get("mainsections") or []
    languages = read_languages(data)
    default = default_code(data, languages)
    languages = with_editions(languages, default)
    language = _text(data.get("languagecode") or data.get("defaultcontentlanguage"))
    own = _table(_table(data.get("languages")).get(default))
    if languages:
        language = _text(own.get("languagecode") or own.get("locale")) or default
    return SourceConfig(
        dialect="hugo",
        title=_text(own.get("title")) or _text(data.get("title")),
        description=_text(params.get("description") or data.get("description")),
        base_url=_text(data.get("baseurl")),
        language=language,
        timezone=_text(data.get("timezone")),
        paginate=_int(data.get("paginate")) or _int(pagination.get("pagersize")),
        permalinks=MappingProxyType(
            {str(k).lower(): _text(v) for k, v in permalinks.items() if _text(v)}
        ),
        taxonomies=_names(taxonomies) if taxonomies is not None else MappingProxyType({}),
        main_sections=tuple(str(s).lower() for s in main if isinstance(s, str))
        if isinstance(main, list)
        else (),
        ugly_urls=data.get("uglyurls") is True,
        content_dir=_text(data.get("contentdir")).strip("/") or "content",
        languages=languages,
        default_language=default if languages else "",
        default_in_subdir=bool(languages) and data.get("defaultcontentlanguageinsubdir") is True,
    ), problems
