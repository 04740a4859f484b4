"""The ``jarida.yaml`` of a new site, written from :class:`Config`'s own fields and defaults.

Every key is there with its default value (or the value chosen for the new site) and a comment in
Arabic and English from :mod:`jarida.scaffold.notes`; the choices of a ``Literal`` key are listed
from its type. ``deploy`` is empty, followed by a commented example target.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from jarida.config import Config, DeployTarget
from jarida.scaffold.notes import CONFIG_NOTES

HEADER = (
    "# jarida.yaml: إعدادات الموقع · the site's settings",
    "# كل مفتاح هنا بقيمته الافتراضية (ما لم تُختر له قيمة عند إنشاء الموقع)، ويمكن حذفه.",
    "# Every key shows its default (unless a value was chosen when the site was made); any key",
    "# may be deleted.",
)
#: Commented examples shown under keys whose default is empty.
EXAMPLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "home.sections": (
            "sections:",
            "  - {category: اقتصاد, count: 4}",
            "  - {category: رياضة, count: 3}",
        ),
        "language": (
            "languages:  # طبعات بلغات أخرى · editions in other languages (docs/languages.md)",
            "  en: {title: Jarida Daily, region: GB}  # content/en/ → /en/",
            "  fr: {title: Jarida, region: MA}  # content/fr/ → /fr/",
        ),
        "menus": (
            "menus:",
            "  main:",
            "    - {title: سياسة, url: /categories/سياسة/}",
            "    - {title: اقتصاد, url: /categories/اقتصاد/}",
            "  footer:",
            "    - {title: من نحن, url: /من-نحن/}",
        ),
    }
)
#: The example deploy target shown under ``deploy:``.
EXAMPLE_TARGET = DeployTarget(type="git", remote="git@github.com:ORG/SITE.git")


def scalar(value: object) -> str:
    """A YAML scalar: JSON strings and numbers are valid YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _notes(key: str, hint: Any, pad: str) -> list[str]:
    if key not in CONFIG_NOTES:
        raise KeyError(f"no note for the config key `{key}` in jarida.scaffold.notes")
    arabic, english = CONFIG_NOTES[key]
    if typing.get_origin(hint) is Literal:
        choices = [str(c) for c in typing.get_args(hint)]
        arabic += " (القيم: " + "، ".join(choices) + ")"
        english += " (one of: " + ", ".join(choices) + ")"
    return [f"{pad}# {arabic}", f"{pad}# {english}"]


def _mapping(name: str, value: Mapping[str, object], pad: str) -> list[str]:
    if not value:
        return [f"{pad}{name}: {{}}"]
    return [f"{pad}{name}:"] + [f"{pad}  {k}: {scalar(v)}" for k, v in value.items()]


def _fields(record: Any, prefix: str, depth: int) -> list[str]:
    """The keys of a config dataclass, each with its notes; a blank line between top-level keys."""
    pad = "  " * depth
    hints = typing.get_type_hints(type(record))
    lines: list[str] = []
    for spec in dataclasses.fields(record):
        if spec.metadata.get("derived"):
            continue
        key, value = f"{prefix}{spec.name}", getattr(record, spec.name)
        lines += _notes(key, hints[spec.name], pad)
        if dataclasses.is_dataclass(value):
            lines += [f"{pad}{spec.name}:", *_fields(value, key + ".", depth + 1)]
        elif key == "deploy":
            lines += [f"{pad}deploy: {{}}", *_deploy_example()]
        elif isinstance(value, Mapping):
            lines += _mapping(spec.name, value, pad)
        else:
            lines.append(f"{pad}{spec.name}: {scalar(value)}")
        if key in EXAMPLES:
            lines += [f"{pad}# مثال · example:"]
            lines += [f"{pad}# {line}" for line in EXAMPLES[key]]
        if depth == 0:
            lines.append("")
    return lines


def _deploy_example() -> list[str]:
    body = _fields(EXAMPLE_TARGET, "deploy.", 2)
    example = ["مثال · example:", "deploy:", "  pages:", *body]
    return [f"# {line}".rstrip() for line in example]


def render_config(**values: object) -> str:
    """The commented config of a new site; ``values`` replace defaults (``title=...``)."""
    config = dataclasses.replace(Config(root=Path()), **values)  # type: ignore[arg-type]
    return "\n".join([*HEADER, "", *_fields(config, "", 0)]).rstrip() + "\n"
