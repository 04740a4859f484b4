"""Large JSON documents written a block of entries at a time, the same text as one
``json.dumps(..., ensure_ascii=False, separators=(",", ":"), sort_keys=True)`` of the whole:
the manifest and the table of reads hold an entry per page (~135,000 at 100,000 articles), and
their text, made whole, took a few hundred MB of the main process at the end of a build."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
V = TypeVar("V")

#: The one encoder of these files: compact, sorted, non-ASCII text as it is.
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)

#: Entries encoded in one call of the encoder (its C part; a call an entry would be ~1.5
#: million calls for the table of reads at 100,000 articles).
BLOCK = 512


def blocks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` ``size`` at a time, in order."""
    found = iter(items)
    while block := list(islice(found, size)):
        yield block


def array_chunks(values: Iterable[object]) -> Iterator[str]:
    """``values`` as a JSON array, a block at a time (each made as it is taken)."""
    yield "["
    for n, block in enumerate(blocks(values, BLOCK)):
        yield ("," if n else "") + ENCODER.encode(block)[1:-1]
    yield "]"


def object_chunks(
    mapping: Mapping[str, V],
    value: Callable[[V], object] | None = None,
) -> Iterator[str]:
    """``mapping`` as a JSON object, its keys sorted, a block at a time; ``value`` makes each
    entry's value as it is written (none: the mapping's own)."""
    yield "{"
    for n, block in enumerate(blocks(sorted(mapping), BLOCK)):
        part = {k: mapping[k] if value is None else value(mapping[k]) for k in block}
        yield ("," if n else "") + ENCODER.encode(part)[1:-1]
    yield "}"


def document_chunks(
    fields: Mapping[str, object], large: Mapping[str, Iterable[str]]
) -> Iterator[str]:
    """A JSON object of ``fields`` (encoded whole) and ``large`` (given as their chunks), its
    keys sorted."""
    yield "{"
    for n, name in enumerate(sorted([*fields, *large])):
        yield ("," if n else "") + ENCODER.encode(name) + ":"
        if name in large:
            yield from large[name]
        else:
            yield ENCODER.encode(fields[name])
    yield "}"
