"""``languages:`` in ``jarida.yaml``: the site's editions in other languages (docs/languages.md).

The site's ``language`` is the default edition, served at the site's root; each other code of
``languages`` is an edition served at ``/<code>/``, its content under ``content/<code>/``. An
edition gives the keys that are per language (:data:`PER_LANGUAGE`, plus ``region``); what it
does not give is the top level's. The default language may be listed too, to give its own values.
Every problem is an error at the key's line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from jarida.configcheck import Checker, suggest, validate
from jarida.errors import BuildFailed, Diagnostic, clip, shown
from jarida.i18n import primary_language
from jarida.i18n.dates import PATTERN_HINT, pattern_problems

if TYPE_CHECKING:
    from jarida.config import Config
    from jarida.taxonomyconfig import TaxonomyConfig

#: The keys an edition may give: what it shows in its language (the rest is the site's).
PER_LANGUAGE = (
    "title",
    "description",
    "digits",
    "hijri",
    "menus",
    "date_format",
    "time_format",
    "home",
    "logo",
    "image",
    "twitter",
    "taxonomies",
)
#: The per-language keys an edition never takes from the default language: its menus and home
#: sections name the default edition's categories and pages, and its digits are its script's.
#: An edition that does not give them has the defaults (its own categories in the menu).
OWN_ONLY = ("menus", "home", "digits")
#: ``region``: the edition's country (``GB``): its dates and numbers are that region's.
REGION = "region"
#: What a language code looks like: a primary subtag, lowercase (``en``, ``fr``, ``ckb``).
CODE = re.compile(r"^[a-z]{2,3}$")
_REGION = re.compile(r"^(?:[A-Z]{2}|[0-9]{3})$")

#: The editions of a site: each code's values (``language`` the full tag, with its region).
Languages = Mapping[str, Mapping[str, object]]


#: ``ar-EG`` → ``ar``: the code an edition is known by.
primary = primary_language


def _region_of(language: str) -> str:
    parts = language.replace("_", "-").split("-")
    return parts[1].upper() if len(parts) > 1 else ""


def _known_locale(tag: str) -> bool:
    try:
        Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _code_problem(c: Checker, code: object) -> Diagnostic | None:
    key = f"languages.{code}"
    if not isinstance(code, str) or not CODE.match(code):
        return c.fail(
            key,
            f"{shown(code)} is not a language code",
            "use a lowercase ISO 639 code such as `en` or `fr`; give the country as `region: GB`",
        )
    if not _known_locale(code):
        return c.fail(key, f"unknown language `{code}`", "use a code such as `en`, `fr` or `ur`")
    return None


def _site_keys(cls: type[Config]) -> frozenset[str]:
    """The keys of ``jarida.yaml`` (the fields of ``cls`` that are no derived values)."""
    return frozenset(f.name for f in fields(cls) if not f.metadata.get("derived"))


def _entry_problems(
    c: Checker, cls: type[Config], code: str, entry: Mapping[str, object]
) -> list[Diagnostic]:
    """Keys an edition may not give: site-wide ones, and unknown ones."""
    site_keys = _site_keys(cls)
    out = []
    for key in entry:
        name = f"languages.{code}.{key}"
        if key in PER_LANGUAGE or key == REGION:
            continue
        if key in site_keys:
            hint = "per language: " + ", ".join((*PER_LANGUAGE, REGION))
            out.append(c.fail(name, f"`{key}` is not per language; set it once at the top", hint))
        else:
            out.append(c.unknown(name, [*PER_LANGUAGE, REGION]))
    return out


def _values(
    c: Checker, cls: type[Config], code: str, entry: Mapping[str, object], language: str
) -> tuple[dict[str, object], list[Diagnostic]]:
    """An edition's own values, checked by the types of :class:`~jarida.config.Config`."""
    default = primary(language)
    given = {k: v for k, v in entry.items() if k in PER_LANGUAGE}
    others = frozenset(f.name for f in fields(cls)) - set(PER_LANGUAGE)
    values, problems = validate(cls, given, c, prefix=f"languages.{code}.", skip=others)
    region = entry.get(REGION, "")
    key = f"languages.{code}.{REGION}"
    if not isinstance(region, str) or (region and not _REGION.match(region)):
        hint = "an ISO 3166 country code in capitals such as `GB`, `MA` or `EG`"
        return values, [*problems, c.fail(key, f"{shown(region)} is not a region", hint)]
    if code == default and region and _region_of(language) not in ("", region):
        message = f"`{key}` {region} clashes with `language: {language}`"
        hint = f"give the default edition's region once: `language: {code}-{region}`"
        problems.append(c.fail(key, message, hint))
    tag = f"{code}-{region}" if region else (language if code == default else code)
    if region and not _known_locale(tag):
        problems.append(c.fail(key, f"unknown language and region `{tag}`"))
    values["language"] = tag
    for name, problem in pattern_problems(
        str(values.get("date_format", "long")), str(values.get("time_format", "short"))
    ):
        if name in given:
            problems.append(c.fail(f"languages.{code}.{name}", problem, PATTERN_HINT))
    return values, problems


def parse_languages(
    c: Checker, cls: type[Config], raw: object, language: str
) -> tuple[Languages, list[Diagnostic]]:
    """``languages:`` checked against the fields of ``cls``: each code's values (the
    default's among them when listed)."""
    if raw is None:
        return MappingProxyType({}), []
    if not isinstance(raw, dict):
        hint = "write `languages: {en: {title: ...}}`"
        return MappingProxyType({}), [c.fail("languages", "`languages` must be a mapping", hint)]
    found: dict[str, Mapping[str, object]] = {}
    problems: list[Diagnostic] = []
    for code, entry in raw.items():
        if (problem := _code_problem(c, code)) is not None:
            problems.append(problem)
            continue
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            hint = "write the edition's own values, such as `{title: ...}`, or `{}`"
            problems.append(
                c.fail(f"languages.{code}", f"`languages.{code}` must be a mapping", hint)
            )
            continue
        problems += _entry_problems(c, cls, code, entry)
        values, found_here = _values(c, cls, code, entry, language)
        problems += found_here
        found[code] = MappingProxyType(values)
    return MappingProxyType(dict(sorted(found.items()))), problems


def with_languages(c: Checker, config: Config, raw: object) -> Config:
    """``config`` with its editions (``raw``, the ``languages:`` read) and the default language's
    own values when it is listed; :class:`BuildFailed` for any problem."""
    languages, problems = parse_languages(c, type(config), raw, config.language)
    problems += [
        c.fail(
            f"languages.{code}.taxonomies.{name}",
            f"the site declares no taxonomy `{clip(str(name))}`",
            "declare it under `taxonomies:` at the top; an edition gives its title and singular",
        )
        for code, values in languages.items()
        for name in _given_taxonomies(values)
        if name not in config.taxonomies
    ]
    problems += [
        c.fail(
            f"languages.{code}.taxonomies.{name}.feed",
            "an edition cannot turn a taxonomy's feed on or off",
            "set `feed` under `taxonomies:` at the top; an edition gives `title` and `singular`",
        )
        for code, name in _feeds_given(raw)
    ]
    if problems:
        raise BuildFailed(problems)
    own = dict(languages.get(primary(config.language), {}))
    own.pop("language", None)  # the default's tag is `language:` (a clash is an error)
    return replace(config, **_overlaid(config, own), languages=languages)  # type: ignore[arg-type]


def _given_taxonomies(values: Mapping[str, object]) -> Mapping[str, TaxonomyConfig]:
    given = values.get("taxonomies", {})
    return given if isinstance(given, Mapping) else {}


def _feeds_given(raw: object) -> list[tuple[str, str]]:
    """The (edition, taxonomy) pairs whose ``languages:`` entry gives ``feed``."""
    found = []
    for code, entry in raw.items() if isinstance(raw, Mapping) else ():
        given = entry.get("taxonomies") if isinstance(entry, Mapping) else None
        for name, values in given.items() if isinstance(given, Mapping) else ():
            if isinstance(values, Mapping) and "feed" in values:
                found.append((str(code), str(name)))
    return found


def _overlaid(config: Config, values: Mapping[str, object]) -> dict[str, object]:
    """An edition's ``values`` with its ``taxonomies`` laid over the site's: a taxonomy's title
    and singular in the edition's language (its singular the title it gives, when it gives no
    singular); the set of taxonomies and their feeds stay the site's."""
    given = _given_taxonomies(values)
    if not given:
        return dict(values)
    taxonomies = {}
    for name, site in config.taxonomies.items():
        own = given.get(name)
        if own is None:
            taxonomies[name] = site
            continue
        title = own.title.strip() or site.title
        singular = own.singular.strip() or (own.title.strip() or site.singular)
        taxonomies[name] = replace(site, title=title, singular=singular)
    return {**values, "taxonomies": MappingProxyType(taxonomies)}


def edition_codes(config: Config) -> tuple[str, ...]:
    """The codes of the editions besides the default, sorted (each served at ``/<code>/``)."""
    default = primary(config.language)
    return tuple(code for code in config.languages if code != default)


def edition_config(config: Config, code: str) -> Config:
    """The config of the edition ``code``: its own values over the site's; the default's for
    the default code (or "")."""
    if not code or code == primary(config.language):
        return config
    defaults = type(config)(root=config.root)
    fresh = {name: getattr(defaults, name) for name in OWN_ONLY}
    own = _overlaid(config, {**fresh, **config.languages[code]})
    return replace(config, **own, edition=code)  # type: ignore[arg-type]


def language_of(config: Config, source_id: str, given: str) -> str:
    """The edition a source belongs to: its front matter's ``lang:`` (``given``), else its
    folder's (``content/<code>/``), else the default; a code, never "" ."""
    if given:
        return given
    folder = source_id.partition("/")[0]
    if config.languages and (folder in config.languages or folder == primary(config.language)):
        return folder
    return primary(config.language)


def local_id(config: Config, source_id: str) -> str:
    """``en/2026/x.md`` → ``2026/x.md``: a source's path under its edition's content root."""
    folder, _, rest = source_id.partition("/")
    if not (rest and config.languages):  # a site of one language: content/ar/ is any folder
        return source_id
    return rest if folder in config.languages or folder == primary(config.language) else source_id


def suggest_code(code: str, config: Config) -> str:
    """A hint for a ``lang:`` no edition has."""
    known = [primary(config.language), *edition_codes(config)]
    close = suggest(code, known)
    listed = close if close.startswith("did you") else "the editions: " + ", ".join(known)
    return f"{listed}; or add the language under `languages:` in jarida.yaml"
