"""Records the build's process sends to Dask workers and keeps (jarida.textpickle): pickled to
their equals, their texts left as they were (CPython would keep the UTF-8 the pickler asked a
non-ASCII text for: ``sys.getsizeof`` counts it)."""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass, field

import pytest

from jarida.model import SourceFile
from jarida.textpickle import texts_pickled_as_utf8


@pytest.mark.parametrize("text", [None, "نص المقال Mi-35B"])
def test_a_source_pickles_to_its_equal_and_leaves_its_texts_as_they_were(text: str | None) -> None:
    source = SourceFile(
        id="2020/أخبار/\udcff-مقال",  # a file name's undecodable byte, kept by surrogateescape
        path="content/2020/أخبار/مقال-طويل.md",
        text=text,
        digest="0f" * 8,
    )
    sizes = [sys.getsizeof(value) for value in (source.id, source.path, source.text)]
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps([source, source], protocol)) == [source, source]
    assert [sys.getsizeof(value) for value in (source.id, source.path, source.text)] == sizes


def test_a_record_whose_constructor_cannot_make_it_again_is_refused_when_decorated() -> None:
    """Made again by its constructor: a field it does not take would fail only when a worker
    unpickles it, far from the cause."""

    @dataclass(frozen=True)
    class Derived:
        text: str
        size: int = field(init=False, default=0)

    with pytest.raises(TypeError, match="Derived"):
        texts_pickled_as_utf8(Derived)
