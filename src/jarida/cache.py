"""The persistent build cache in ``.jarida/``: parsed articles by content hash, and the manifest of
the last output (each file's fingerprint, size and mtime).

JSON only, never pickle. A cache written by another Jarida version or with other settings that
affect parsing is ignored as a whole; a corrupt or foreign one is discarded with a note. Nothing
here can make a page wrong: at worst, work is done again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jarida import __version__
from jarida.model import (
    ArticleSource,
    Heading,
    RelatedHit,
    RelatedReason,
    RenderedBody,
    SourceFile,
)

CACHE_DIR = ".jarida"
FORMAT = 3


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a cache file held (empty when it was missing or unusable) and why it was dropped."""

    entries: Mapping[str, Any]
    note: str = ""


def digest_of(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _read(path: Path, key: str) -> Loaded:
    if not path.is_file():
        return Loaded(MappingProxyType({}))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Loaded(MappingProxyType({}), f"{path.name} was unreadable; it will be rebuilt")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        return Loaded(MappingProxyType({}), f"{path.name} is not a Jarida cache; replaced")
    if (data.get("format"), data.get("version"), data.get("key")) != (FORMAT, __version__, key):
        return Loaded(
            MappingProxyType({}), f"{path.name} is from another Jarida version or settings; rebuilt"
        )
    return Loaded(MappingProxyType(data["entries"]))


def _write(path: Path, key: str, entries: Mapping[str, Any]) -> str:
    """Write atomically; a cache that cannot be written only costs speed next time."""
    payload = {"format": FORMAT, "version": __version__, "key": key, "entries": entries}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        Path(name).replace(path)
    except OSError as exc:
        return f"could not write the cache {path}: {exc.strerror}"
    return ""


@dataclass(frozen=True, slots=True)
class CacheFiles:
    root: Path

    @property
    def parse_file(self) -> Path:
        return self.root / CACHE_DIR / "parsed.json"

    def manifest_file(self, out_dir: Path) -> Path:
        tag = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:12]
        return self.root / CACHE_DIR / f"manifest-{tag}.json"

    def load_parsed(self, key: str) -> Loaded:
        return _read(self.parse_file, key)

    def save_parsed(self, key: str, entries: Mapping[str, Any]) -> str:
        return _write(self.parse_file, key, entries)

    @property
    def related_file(self) -> Path:
        return self.root / CACHE_DIR / "related.json"

    def load_related(self, key: str) -> Loaded:
        return _read(self.related_file, key)

    def save_related(self, key: str, entries: Mapping[str, Any]) -> str:
        return _write(self.related_file, key, entries)

    def load_manifest(self, out_dir: Path) -> Loaded:
        return _read(self.manifest_file(out_dir), str(out_dir.resolve()))

    def save_manifest(self, out_dir: Path, entries: Mapping[str, Any]) -> str:
        return _write(self.manifest_file(out_dir), str(out_dir.resolve()), entries)


# Parsed articles as JSON: dates tagged, everything else as plain values.


def _encode_value(value: object) -> object:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, Mapping):
        return {"$map": {str(k): _encode_value(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [_encode_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(type(value).__name__)


def _decode_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    if isinstance(value, dict):
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$time" in value:
            return time.fromisoformat(value["$time"])
        return {k: _decode_value(v) for k, v in value["$map"].items()}
    return value


def encode_related(lists: Mapping[str, tuple[RelatedHit, ...]]) -> dict[str, Any]:
    return {
        article: [
            [hit.id, hit.score, [[r.kind, list(r.keys), r.score] for r in hit.reasons]]
            for hit in hits
        ]
        for article, hits in lists.items()
    }


def decode_related(entries: Mapping[str, Any]) -> Mapping[str, tuple[RelatedHit, ...]]:
    return MappingProxyType(
        {
            article: tuple(
                RelatedHit(
                    id=hit_id,
                    score=score,
                    reasons=tuple(
                        RelatedReason(kind=kind, keys=tuple(keys), score=part)
                        for kind, keys, part in reasons
                    ),
                )
                for hit_id, score, reasons in hits
            )
            for article, hits in entries.items()
        }
    )


def encode_parsed(source: ArticleSource, body: RenderedBody) -> dict[str, Any] | None:
    """A cache entry, or None when a front-matter value cannot be stored as JSON."""
    try:
        fields = {
            name: _encode_value(getattr(source, name))
            for name in ArticleSource.__slots__
            if name not in ("id", "path", "digest")
        }
    except TypeError:
        return None
    return {
        "source": fields,
        "html": body.html,
        "summary": body.summary_text,
        "toc": [[h.level, h.id, h.text] for h in body.toc],
        "words": body.word_count,
        "text": body.text,
        "links": [list(link) for link in body.links],
        "terms": list(body.terms),
        "counts": list(body.term_counts),
    }


def decode_parsed(entry: Mapping[str, Any], file: SourceFile) -> tuple[ArticleSource, RenderedBody]:
    fields = {name: _decode_value(value) for name, value in entry["source"].items()}
    fields["terms"] = MappingProxyType({k: tuple(v) for k, v in fields["terms"].items()})
    fields["extra"] = MappingProxyType(fields["extra"])
    fields["aliases"] = tuple(fields["aliases"])
    source = ArticleSource(id=file.id, path=file.path, digest=file.digest, **fields)
    body = RenderedBody(
        html=entry["html"],
        summary_text=entry["summary"],
        toc=tuple(Heading(*h) for h in entry["toc"]),
        word_count=entry["words"],
        text=entry["text"],
        links=tuple((url, line) for url, line in entry["links"]),
        terms=tuple(sys.intern(term) for term in entry["terms"]),
        term_counts=tuple(entry["counts"]),
    )
    return source, body
