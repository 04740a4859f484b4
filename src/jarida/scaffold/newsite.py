"""``jarida new site``: a folder that builds as it is, and publishes from CI.

It holds a config with every key explained (:mod:`jarida.scaffold.configfile`), two sample
articles dated at its making, an image for one of them, an empty ``templates/`` with a README on
overriding, ``.gitignore``, and the GitHub and GitLab Pages workflows. Existing files are never
overwritten: a folder that is not empty is refused unless ``force``, and then only the missing
files are written.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path

import yaml
from babel.core import get_global

from jarida.config import Config, parse_config
from jarida.configcheck import Checker
from jarida.errors import JaridaError
from jarida.i18n.arabic import make_slug
from jarida.layout import CONFIG_FILE
from jarida.scaffold.configfile import render_config
from jarida.scaffold.workflows import workflow_files
from jarida.yamlpos import load_yaml_with_lines

GITIGNORE = (
    "# The built site, the build cache, and the staging folders of atomic builds.\n"
    + "".join(f"{name}\n" for name in ("public/", ".jarida/", ".public.*"))
)
#: Sample articles (in ``scaffold/files``), newest first, and how long before "now" each is dated.
SAMPLES = (("welcome.md", timedelta(0)), ("publishing.md", timedelta(hours=1)))
SAMPLE_IMAGE = ("front-page.svg", "static/images/front-page.svg")


class SiteExists(JaridaError):  # noqa: N818 (reads as a sentence)
    """The folder is not empty and ``force`` was not given."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSite:
    folder: Path
    title: str = ""
    language: str = "ar"
    #: IANA zone; empty picks the first zone of the language's region (ar-EG → Africa/Cairo).
    timezone: str = ""
    force: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Made:
    """What ``new_site`` wrote and what it left as it was, as POSIX paths in the folder."""

    written: tuple[str, ...]
    skipped: tuple[str, ...]


def region_timezone(language: str) -> str:
    """The main time zone of a language tag's region (``ar-EG`` → ``Africa/Cairo``), or UTC."""
    parts = language.replace("_", "-").split("-")
    regions = [p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()]
    zones = get_global("territory_zones").get(regions[0], ()) if regions else ()
    return str(zones[0]) if zones else "UTC"


def _config(options: NewSite) -> tuple[str, Config]:
    values: dict[str, object] = {"language": options.language}
    values["timezone"] = options.timezone or region_timezone(options.language)
    if options.title:
        values["title"] = options.title
    text = render_config(**values)
    data, lines = load_yaml_with_lines(text, line_offset=0)
    return text, parse_config(options.folder, data, Checker(CONFIG_FILE, lines))


def _resource(name: str) -> str:
    return (files("jarida") / "scaffold" / "files" / name).read_text(encoding="utf-8")


def _samples(config: Config, now: datetime) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, before in SAMPLES:
        date = (now - before).astimezone(config.tz).replace(microsecond=0)
        text = string.Template(_resource(name)).safe_substitute(date=date.isoformat())
        title = yaml.safe_load(text.split("---")[1])["title"]
        out[f"content/{date.year:04d}/{make_slug(title, config.slugs)}.md"] = text
    return out


def site_files(options: NewSite, now: datetime) -> dict[str, str]:
    """Every file of the new site by its POSIX path; validates the chosen settings."""
    text, config = _config(options)
    return {
        CONFIG_FILE: text,
        **_samples(config, now),
        SAMPLE_IMAGE[1]: _resource(SAMPLE_IMAGE[0]),
        "templates/README.md": _resource("templates-README.md"),
        ".gitignore": GITIGNORE,
        **workflow_files(),
    }


def new_site(options: NewSite, now: datetime) -> Made:
    """Write a new site into ``options.folder`` (made if missing)."""
    folder = options.folder
    if folder.exists() and not folder.is_dir():
        raise SiteExists(f"{folder} is a file, not a folder")
    planned = site_files(options, now)
    if folder.is_dir() and any(folder.iterdir()) and not options.force:
        raise SiteExists(
            f"{folder} is not empty; nothing was written "
            "(--force adds the missing files and leaves the others as they are)"
        )
    written: list[str] = []
    skipped: list[str] = []
    for path, text in planned.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            skipped.append(path)
            continue
        written.append(path)
    return Made(written=tuple(written), skipped=tuple(skipped))
