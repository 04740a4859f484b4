"""Interface strings of the theme, one YAML file per language (``theme/i18n/<lang>.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

import yaml

FALLBACK_LANGUAGE = "en"


def _read(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def load_strings(language: str, site_root: Path | None = None) -> Mapping[str, str]:
    """The theme's strings for ``language`` (``ar-EG`` → ``ar``), English for missing keys.

    A site may override any string in ``i18n/<lang>.yaml`` at its root.
    """
    theme = Path(str(files("jarida") / "theme" / "i18n"))
    primary = language.replace("_", "-").split("-")[0].lower()
    strings = _read(theme / f"{FALLBACK_LANGUAGE}.yaml")
    for name in dict.fromkeys([primary, language]):
        if (theme / f"{name}.yaml").is_file():
            strings.update(_read(theme / f"{name}.yaml"))
        if site_root is not None and (site_root / "i18n" / f"{name}.yaml").is_file():
            strings.update(_read(site_root / "i18n" / f"{name}.yaml"))
    return MappingProxyType(strings)
