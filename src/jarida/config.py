"""The site configuration: ``jarida.yaml`` parsed and validated into a frozen :class:`Config`.

Unknown keys are errors with a suggestion (Zola's ``deny_unknown_fields``). A site with no config
file builds with the defaults below.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from babel import Locale, UnknownLocaleError

from jarida.errors import BuildFailed, Diagnostic, error
from jarida.yamlpos import KeyLines, load_yaml_with_lines

CONFIG_FILE = "jarida.yaml"
PERMALINK_FIELDS = frozenset({"year", "month", "day", "slug"})
DATE_FORMATS = ("short", "medium", "long", "full")


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedConfig:
    """``related:`` in ``jarida.yaml``; see docs/related.md for how the score is made."""

    count: int = 5
    #: The lowest score an article needs to be listed; nothing below it is shown as filler.
    #: With the default weights, 5 is a content similarity of 0.05: most unrelated pairs of
    #: news articles fall below it (docs/related.md).
    min_score: float = 5.0
    include_newer: bool = True
    #: Terms on more than this share of articles are ignored (Hugo's ``cardinalityThreshold``).
    cardinality_threshold: float = 0.5
    #: Optional preference for stories close in time: a candidate this many days away from the
    #: article keeps half its score. ``None``: no preference.
    recency_days: float | None = None
    #: Points per shared tag, category or author; ``content`` multiplies the cosine similarity
    #: (0-1) of the articles' Arabic-normalized, stemmed terms.
    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"tags": 100.0, "categories": 50.0, "authors": 20.0, "content": 100.0}
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkdownConfig:
    html: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    root: Path
    title: str = "جريدة"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "ar"
    timezone: str = "UTC"
    paginate: int = 10
    permalink: str = "/{year}/{month}/{slug}/"
    slugs: str = "unicode"
    date_format: str = "long"
    digits: str = "auto"
    hijri: bool = False
    words_per_minute: int = 200
    related: RelatedConfig = field(default_factory=RelatedConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``, always ending in ``/`` (``/`` or ``/site/``)."""
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", self.base_url, flags=re.IGNORECASE)
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def origin(self) -> str:
        match = re.match(r"^[a-z][a-z0-9+.-]*://[^/]*", self.base_url, flags=re.IGNORECASE)
        return match.group() if match else ""

    def with_base_url(self, base_url: str) -> Config:
        return replace(self, base_url=base_url if base_url.endswith("/") else base_url + "/")


def _suggest(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(sorted(known))


@dataclass(frozen=True, slots=True)
class _Checker:
    path: str
    lines: KeyLines

    def unknown(self, prefix: str, data: Mapping[str, Any], known: list[str]) -> list[Diagnostic]:
        return [
            error(
                self.path,
                f"unknown config key `{prefix}{key}`",
                line=self.lines.get(prefix + str(key), 0),
                hint=_suggest(str(key), known),
            )
            for key in data
            if key not in known
        ]

    def typed(self, key: str, value: object, kind: type | tuple[type, ...]) -> list[Diagnostic]:
        kinds = kind if isinstance(kind, tuple) else (kind,)
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if ok:
            return []
        want = " or ".join(k.__name__ for k in kinds)
        return [
            error(
                self.path,
                f"`{key}` must be a {want}, not {type(value).__name__} ({value!r})",
                line=self.lines.get(key, 0),
            )
        ]

    def fail(self, key: str, message: str, hint: str = "") -> Diagnostic:
        return error(self.path, message, line=self.lines.get(key, 0), hint=hint)


_TYPES: Mapping[str, type | tuple[type, ...]] = MappingProxyType(
    {
        "title": str,
        "description": str,
        "base_url": str,
        "language": str,
        "timezone": str,
        "paginate": int,
        "permalink": str,
        "slugs": str,
        "date_format": str,
        "digits": str,
        "hijri": bool,
        "words_per_minute": int,
        "related": dict,
        "markdown": dict,
        "extra": dict,
    }
)
_RELATED_TYPES: Mapping[str, type | tuple[type, ...]] = MappingProxyType(
    {
        "count": int,
        "min_score": (int, float),
        "include_newer": bool,
        "cardinality_threshold": (int, float),
        "recency_days": (int, float, type(None)),
        "weights": dict,
    }
)


def _check_values(c: _Checker, data: Mapping[str, Any]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if "language" in data:
        try:
            Locale.parse(str(data["language"]).replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            out.append(
                c.fail(
                    "language",
                    f"unknown language `{data['language']}`",
                    "use a BCP 47 tag such as `ar`, `ar-EG` or `en`",
                )
            )
    if "timezone" in data:
        try:
            ZoneInfo(str(data["timezone"]))
        except (ZoneInfoNotFoundError, ValueError):
            out.append(
                c.fail(
                    "timezone",
                    f"unknown timezone `{data['timezone']}`",
                    "use an IANA name such as `Asia/Riyadh` or `Africa/Cairo`",
                )
            )
    if "permalink" in data:
        names = set(re.findall(r"{(\w*)}", str(data["permalink"])))
        if "slug" not in names or not names <= PERMALINK_FIELDS:
            out.append(
                c.fail(
                    "permalink",
                    f"bad permalink `{data['permalink']}`",
                    "use {year}, {month}, {day} and {slug}; {slug} is required",
                )
            )
    if "paginate" in data and isinstance(data["paginate"], int) and data["paginate"] < 1:
        out.append(c.fail("paginate", "`paginate` must be at least 1"))
    if data.get("slugs", "unicode") not in ("unicode", "ascii"):
        out.append(c.fail("slugs", f"`slugs` must be `unicode` or `ascii`, not `{data['slugs']}`"))
    if data.get("digits", "auto") not in ("auto", "latn", "arab", "arabext"):
        out.append(c.fail("digits", "`digits` must be one of auto, latn, arab, arabext"))
    return out


def _related_ranges(c: _Checker, data: Mapping[str, Any]) -> list[Diagnostic]:
    """Values of the right type but out of range (types were checked before)."""
    wrong = {
        "count": "`related.count` must be at least 1",
        "min_score": "`related.min_score` must not be negative",
        "cardinality_threshold": "`related.cardinality_threshold` must be above 0 and at most 1",
        "recency_days": "`related.recency_days` must be a positive number of days, or null",
    }
    ok = {
        "count": data.get("count", 1) >= 1,
        "min_score": data.get("min_score", 0) >= 0,
        "cardinality_threshold": 0 < data.get("cardinality_threshold", 1) <= 1,
        "recency_days": data.get("recency_days") is None or data["recency_days"] > 0,
    }
    return [c.fail(f"related.{key}", message) for key, message in wrong.items() if not ok[key]]


def _related_weights(
    c: _Checker, data: Mapping[str, Any]
) -> tuple[dict[str, float], list[Diagnostic]]:
    weights = dict(RelatedConfig().weights)
    diagnostics: list[Diagnostic] = []
    for key, value in data.items():
        if key not in weights:
            diagnostics += c.unknown("related.weights.", {key: value}, list(weights))
        elif not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            diagnostics.append(
                c.fail(f"related.weights.{key}", "a weight must be a number, 0 or more")
            )
        else:
            weights[key] = float(value)
    return weights, diagnostics


def _related(c: _Checker, data: Mapping[str, Any]) -> tuple[RelatedConfig, list[Diagnostic]]:
    diagnostics = c.unknown("related.", data, list(_RELATED_TYPES))
    for key, kind in _RELATED_TYPES.items():
        if key in data:
            diagnostics += c.typed(f"related.{key}", data[key], kind)
    if diagnostics:
        return RelatedConfig(), diagnostics
    weights, diagnostics = _related_weights(c, data.get("weights", {}))
    diagnostics += _related_ranges(c, data)
    if diagnostics:
        return RelatedConfig(), diagnostics
    values = {k: v for k, v in data.items() if k != "weights"}
    return RelatedConfig(**values, weights=MappingProxyType(weights)), diagnostics


def parse_config(root: Path, data: Mapping[str, Any], path: str, lines: KeyLines) -> Config:
    """Validate a mapping read from ``jarida.yaml``; raise :class:`BuildFailed` on any problem."""
    c = _Checker(path, lines)
    known = [f.name for f in fields(Config) if f.name != "root"]
    diagnostics = c.unknown("", data, known)
    for key, kind in _TYPES.items():
        if key in data:
            diagnostics += c.typed(key, data[key], kind)
    if diagnostics:
        raise BuildFailed(diagnostics)
    diagnostics += _check_values(c, data)
    related, related_problems = _related(c, data.get("related", {}))
    markdown = data.get("markdown", {})
    diagnostics += related_problems + c.unknown("markdown.", markdown, ["html"])
    if "html" in markdown:
        diagnostics += c.typed("markdown.html", markdown["html"], bool)
    if diagnostics:
        raise BuildFailed(diagnostics)
    plain = {k: v for k, v in data.items() if k not in ("related", "markdown", "extra")}
    config = Config(
        root=root,
        **plain,
        related=related,
        markdown=MarkdownConfig(**markdown),
        extra=MappingProxyType(dict(data.get("extra", {}))),
    )
    return config.with_base_url(config.base_url)


def load_config(root: Path) -> Config:
    """Read ``root/jarida.yaml``; a missing file gives the defaults."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config(root=root)
    text = path.read_text(encoding="utf-8-sig")
    try:
        data, lines = load_yaml_with_lines(text, line_offset=0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        raise BuildFailed(
            [
                error(
                    CONFIG_FILE,
                    f"invalid YAML: {exc.problem}",
                    line=line,
                    hint="check the indentation and quoting on this line",
                )
            ]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildFailed([error(CONFIG_FILE, "the config must be a mapping of keys to values")])
    return parse_config(root, data, CONFIG_FILE, lines)
