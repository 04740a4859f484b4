"""Interface strings of the theme, one YAML file per language (``theme/i18n/<lang>.yaml``).

A string is text with ``{name}`` fields, or a mapping of CLDR plural forms (``zero``, ``one``,
``two``, ``few``, ``many``, ``other``) for strings that count something: Arabic says «مقالة
واحدة», «مقالتان», «٣ مقالات», «١١ مقالة».
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml
from babel import Locale

from jarida.i18n.arabic import localize_digits
from jarida.layout import I18N_DIR, theme_dir

FALLBACK_LANGUAGE = "en"

Text = str | Mapping[str, str]


def _read(path: Path) -> dict[str, Text]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(k): MappingProxyType({str(f): str(s) for f, s in v.items()})
        if isinstance(v, dict)
        else str(v)
        for k, v in data.items()
    }


def load_strings(language: str, site_root: Path | None = None) -> Mapping[str, Text]:
    """The theme's strings for ``language`` (``ar-EG`` → ``ar``), English for missing keys.

    A site may override any string in ``i18n/<lang>.yaml`` at its root.
    """
    theme = theme_dir() / I18N_DIR
    primary = language.replace("_", "-").split("-")[0].lower()
    strings = _read(theme / f"{FALLBACK_LANGUAGE}.yaml")
    for name in dict.fromkeys([primary, language]):
        if (theme / f"{name}.yaml").is_file():
            strings.update(_read(theme / f"{name}.yaml"))
        if site_root is not None and (site_root / I18N_DIR / f"{name}.yaml").is_file():
            strings.update(_read(site_root / I18N_DIR / f"{name}.yaml"))
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
