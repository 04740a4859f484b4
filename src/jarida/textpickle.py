"""Records pickled with their texts as UTF-8 bytes.

Once the pickler has asked a text outside ASCII for its UTF-8, CPython keeps that UTF-8 in the
text for as long as the text lives. The build's process keeps the records it sends to Dask
workers (the render jobs, the sources to parse) to the end of the build, so every Arabic path,
key and id it sent carried a second copy from then on: ~33 MiB of the render jobs alone at
100,000 articles. :meth:`str.encode` keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def texts_pickled_as_utf8(cls: type[T]) -> type[T]:
    """Give the dataclass ``cls`` a ``__reduce__`` that sends each of its exactly-``str``
    fields as UTF-8 bytes (a file name's undecodable bytes too: ``surrogatepass``) and makes
    it again with its constructor."""
    found = fields(cls)  # type: ignore[arg-type]
    if any(not f.init for f in found):
        raise TypeError(f"{cls.__name__}: a field its constructor does not take cannot be sent")
    names = tuple(f.name for f in found)

    def reduce(self: T) -> tuple[Callable[..., T], tuple[Any, ...]]:
        values = [getattr(self, name) for name in names]
        texts = tuple(n for n, value in enumerate(values) if type(value) is str)
        for n in texts:
            values[n] = values[n].encode("utf-8", "surrogatepass")
        return _made_again, (cls, names, tuple(values), texts)

    cls.__reduce__ = reduce  # type: ignore[assignment, method-assign]
    return cls


def _made_again(
    cls: type[T], names: tuple[str, ...], values: tuple[Any, ...], texts: tuple[int, ...]
) -> T:
    given = list(values)
    for n in texts:
        given[n] = given[n].decode("utf-8", "surrogatepass")
    return cls(**dict(zip(names, given, strict=True)))
