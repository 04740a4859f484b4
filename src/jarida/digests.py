"""Digests of encoded values: what fingerprints and recorded reads are made of
(:mod:`jarida.reads` encodes what templates see; this hashes it)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

#: One encoder for every digest (``json.dumps`` with options makes a new one at every call).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def digest(value: object) -> str:
    """The digest of an encoded value (lists and plain values: no mapping to sort)."""
    text = _JSON.encode(value)
    # surrogateescape: a template's file name may be bytes that are not UTF-8
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def json_text(value: object) -> str:
    """An encoded value as compact JSON text (the form every digest hashes)."""
    return _JSON.encode(value)


#: The length of a page's fingerprint (:func:`fingerprint_of`) and of its reads digest.
PRINT_CHARS = 64
READS_DIGEST_CHARS = 32


def reads_digest(values: Iterable[str]) -> str:
    """The digest of a page's reads: its reads' digests, in order."""
    return hashlib.sha256("".join(values).encode("ascii")).hexdigest()[:READS_DIGEST_CHARS]


def combine(plain: str, values: Iterable[str] | None) -> str:
    """A page's fingerprint: its plain digest and its reads' digests, in order (None: no
    reads recorded, a page never rendered)."""
    return fingerprint_of(plain, None if values is None else reads_digest(values))


def fingerprint_of(plain: str, reads: str | None) -> str:
    """A page's fingerprint from its plain digest and its reads digest (:func:`reads_digest`;
    None: a page never rendered, which matches nothing recorded)."""
    if reads is None:
        return digest([plain, None])
    return hashlib.sha256((plain + reads).encode("ascii")).hexdigest()


def key_text(key: tuple[Any, ...]) -> str:
    return _JSON.encode(key)
