"""Interface strings of the theme, one YAML file per language (``theme/i18n/<lang>.yaml``).

A string is text with ``{name}`` fields, or a mapping of CLDR plural forms (``zero``, ``one``,
``two``, ``few``, ``many``, ``other``) for strings that count something: Arabic says «مقالة
واحدة», «مقالتان», «٣ مقالات», «١١ مقالة».
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from types import MappingProxyType

import yaml
from babel import Locale

from jarida.errors import BuildFailed, Diagnostic, clip, error, warning
from jarida.errors import shown as shown_value
from jarida.i18n.arabic import localize_digits
from jarida.layout import I18N_DIR, theme_dir
from jarida.yamlpos import KeyLines, error_position, load_yaml_with_lines

FALLBACK_LANGUAGE = "en"

Text = str | Mapping[str, str]


def _text(value: object) -> Text | None:
    """A string (text, or a number written bare), or a mapping of plural forms to strings."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict) and all(isinstance(s, str | int | float) for s in value.values()):
        return MappingProxyType({str(f): str(s) for f, s in value.items()})
    return None


def _fields(text: Text) -> set[str] | None:
    """The ``{name}`` fields of a string (of all its plural forms), or None if one is not a
    valid format string (``{oops``)."""
    forms = [text] if isinstance(text, str) else list(text.values())
    try:
        return {name for form in forms for _, name, _, _ in Formatter().parse(form) if name}
    except ValueError:
        return None


def _field_problem(key: str, text: Text, theme: Mapping[str, Text]) -> str | None:
    """Why a site's string for ``key`` cannot be filled in, or None: a broken ``{field}``, or
    a field the theme does not give that string."""
    fields = _fields(text)
    if fields is None:
        return f"`{clip(key)}` is not a valid string: a `{{` or `}}` is not closed"
    given = _fields(theme[key]) if key in theme else None
    if given is not None and not fields <= given:
        unknown = ", ".join(f"{{{f}}}" for f in sorted(fields - given))
        offered = ", ".join(f"{{{f}}}" for f in sorted(given)) or "no field"
        return f"`{clip(key)}` uses {unknown}, but this string is given {offered}"
    return None


def _site_strings(path: Path, shown: str, theme: Mapping[str, Text]) -> dict[str, Text]:
    """A site's override of the theme's strings, each checked against the theme's."""
    strings, lines = _read(path, shown)
    for key, text in strings.items():
        if (problem := _field_problem(key, text, theme)) is not None:
            hint = "write `{{` for a literal brace; the fields are the ones the theme's string uses"
            raise BuildFailed([error(shown, problem, line=lines.get(key, 1), hint=hint)])
    return strings


def _read(path: Path, shown: str) -> tuple[dict[str, Text], KeyLines]:
    """The strings of one file and their lines; a file that is not YAML, or not a mapping of
    names to strings (or to plural forms), is an error at its line."""
    text = path.read_text(encoding="utf-8")
    try:
        data, lines = load_yaml_with_lines(text, line_offset=0)
    except yaml.MarkedYAMLError as exc:
        line = error_position(exc, text)[0] + 1
        raise BuildFailed([error(shown, f"invalid YAML: {exc.problem}", line=line)]) from None
    if data is None:
        return {}, lines
    hint = "write `name: text`, or `name: {one: …, other: …}` for a string that counts"
    if not isinstance(data, dict):
        raise BuildFailed([error(shown, "the file must map names to strings", line=1, hint=hint)])
    strings: dict[str, Text] = {}
    for key, value in data.items():
        found = _text(value)
        if found is None:
            message = (
                f"`{clip(str(key))}` must be a string or plural forms, not {shown_value(value)}"
            )
            raise BuildFailed([error(shown, message, line=lines.get(str(key), 1), hint=hint)])
        strings[str(key)] = found
    return strings, lines


def _names(language: str) -> list[str]:
    """The files a language's strings are read from, the general one first: ``ar``, ``ar-EG``."""
    return list(dict.fromkeys([primary_language(language), language]))


def primary_language(language: str) -> str:
    """``ar-EG`` → ``ar``."""
    return language.replace("_", "-").split("-")[0].lower()


def _own_strings(
    language: str, site_root: Path | None, under: Mapping[str, Text]
) -> dict[str, Text]:
    """The strings a language itself has: the theme's, then the site's own ``i18n/<lang>.yaml``
    (checked against the theme's and ``under``, what they override)."""
    theme = theme_dir() / I18N_DIR
    strings: dict[str, Text] = {}
    for name in _names(language):
        if (theme / f"{name}.yaml").is_file():
            strings.update(_read(theme / f"{name}.yaml", f"{name}.yaml")[0])
    given = {**under, **strings}
    for name in _names(language):
        if site_root is not None and (site_root / I18N_DIR / f"{name}.yaml").is_file():
            path = site_root / I18N_DIR / f"{name}.yaml"
            strings.update(_site_strings(path, f"{I18N_DIR}/{name}.yaml", given))
    return strings


@dataclass(frozen=True, slots=True)
class Catalog:
    """A language's strings, each one it lacks filled in from English, then from the site's
    default language; ``missing``: one warning for each string filled in."""

    strings: Mapping[str, Text]
    missing: tuple[Diagnostic, ...]


def load_catalog(language: str, site_root: Path | None, *, default: str) -> Catalog:
    """The strings of ``language`` (``ar-EG``: ``ar``'s, then ``ar-EG``'s), from the theme's
    ``i18n/<lang>.yaml`` and the site's own; a key it lacks falls back to English, then to the
    ``default`` language (a key only the site's strings of that language have)."""
    english = _own_strings(FALLBACK_LANGUAGE, site_root, {})
    fallback = {**english}
    if primary_language(default) != FALLBACK_LANGUAGE:
        fallback = {**_own_strings(default, site_root, english), **english}
    own = _own_strings(language, site_root, fallback)
    shown = f"{I18N_DIR}/{primary_language(language)}.yaml"
    if not own:  # no strings at all in this language: one warning, not one per string
        none = warning(
            shown,
            f"neither the theme nor the site has interface strings in `{clip(language)}`: "
            f"the English ones are used ({len(fallback)} strings)",
            hint=f"add {shown} with the site's own strings of `{clip(language)}` "
            "(the keys of the theme's i18n/en.yaml)",
        )
        return Catalog(MappingProxyType(fallback), (none,))
    missing = tuple(
        warning(
            shown,
            f"the `{clip(language)}` strings have no `{clip(key)}`: "
            + ("the English one is used" if key in english else f"the `{default}` one is used"),
            hint=f"add `{clip(key)}: …` to {shown} (the site's own strings of `{clip(language)}`)",
        )
        for key in sorted(fallback)
        if key not in own
    )
    return Catalog(MappingProxyType({**fallback, **own}), missing)


def load_strings(
    language: str, site_root: Path | None = None, *, default: str | None = None
) -> Mapping[str, Text]:
    """The strings of ``language``, with English's (then ``default``'s) for missing keys.

    A site may override any string in ``i18n/<lang>.yaml`` at its root.
    """
    return load_catalog(language, site_root, default=default or language).strings


def missing_strings(languages: Iterable[str], site_root: Path) -> list[Diagnostic]:
    """One warning for each string a language of the site lacks (once for the whole build); the
    first of ``languages`` is the default one, that the others fall back on after English."""
    given = tuple(dict.fromkeys(languages))
    return [
        problem
        for language in given
        for problem in load_catalog(language, site_root, default=given[0]).missing
    ]


#: Texts a :class:`Translator` keeps (then it starts again): a site's pages ask for the same
#: few hundred strings and numbers thousands of times.
TRANSLATIONS_KEPT = 4096
#: The values a kept text may have been made with: ones whose text is all they are.
_KEPT_VALUES = frozenset({str, int})


@dataclass(frozen=True, slots=True)
class Translator:
    """``t(key, **values)``: a string with its values put in, in the site's digits."""

    strings: Mapping[str, Text]
    locale: Locale
    digits: str
    #: The texts made so far, by key and values (only plain texts and integers).
    made: dict[object, str] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def __call__(self, key: str, **values: object) -> str:
        kept = self.made
        if values:
            if not _KEPT_VALUES.issuperset(map(type, values.values())):
                return self._made(key, values)
            known: object = (key, *values.items())
        else:
            known = key  # a text: no tuple of values is one
        found = kept.get(known)
        if found is None:
            if len(kept) >= TRANSLATIONS_KEPT:
                kept.clear()
            found = kept[known] = self._made(key, values)
        return found

    def _made(self, key: str, values: Mapping[str, object]) -> str:
        text = self.strings[key]
        if not isinstance(text, str):
            count = next((v for v in values.values() if isinstance(v, int)), 0)
            form = self.locale.plural_form(count)
            text = text.get(form) or text["other"]
        localized = {k: localize_digits(str(v), self.digits) for k, v in values.items()}
        return text.format(**localized)
