"""Interface strings of the theme, one YAML file per language (``theme/i18n/<lang>.yaml``).

A string is text with ``{name}`` fields, or a mapping of CLDR plural forms (``zero``, ``one``,
``two``, ``few``, ``many``, ``other``) for strings that count something: Arabic says «مقالة
واحدة», «مقالتان», «٣ مقالات», «١١ مقالة».
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from types import MappingProxyType

import yaml
from babel import Locale

from jarida.errors import BuildFailed, clip, error
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


def load_strings(language: str, site_root: Path | None = None) -> Mapping[str, Text]:
    """The theme's strings for ``language`` (``ar-EG`` → ``ar``), English for missing keys.

    A site may override any string in ``i18n/<lang>.yaml`` at its root.
    """
    theme = theme_dir() / I18N_DIR
    primary = language.replace("_", "-").split("-")[0].lower()
    strings = _read(theme / f"{FALLBACK_LANGUAGE}.yaml", f"{FALLBACK_LANGUAGE}.yaml")[0]
    for name in dict.fromkeys([primary, language]):
        if (theme / f"{name}.yaml").is_file():
            strings.update(_read(theme / f"{name}.yaml", f"{name}.yaml")[0])
    own = dict(strings)
    for name in dict.fromkeys([primary, language]):
        if site_root is not None and (site_root / I18N_DIR / f"{name}.yaml").is_file():
            path = site_root / I18N_DIR / f"{name}.yaml"
            strings.update(_site_strings(path, f"{I18N_DIR}/{name}.yaml", own))
    return MappingProxyType(strings)


@dataclass(frozen=True, slots=True)
class Translator:
    """``t(key, **values)``: a string with its values put in, in the site's digits."""

    strings: Mapping[str, Text]
    locale: Locale
    digits: str

    def __call__(self, key: str, **values: object) -> str:
        text = self.strings[key]
        if not isinstance(text, str):
            count = next((v for v in values.values() if isinstance(v, int)), 0)
            form = self.locale.plural_form(count)
            text = text.get(form) or text["other"]
        localized = {k: localize_digits(str(v), self.digits) for k, v in values.items()}
        return text.format(**localized)
