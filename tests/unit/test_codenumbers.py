"""Codes numbered in the order first met (jarida.codenumbers): as a dict numbers them, in a
fraction of a dict's memory once there are many."""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable

import numpy  # noqa: F401  (imported before memory is traced: its import is no number's memory)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida.codenumbers import CodeNumbers

_CODES = st.integers(0, 2**64 - 1) | st.integers(0, 40)  # few small ones: met again often


def _by_dict(pages: list[list[int]]) -> list[list[int]]:
    numbers: dict[int, int] = {}
    return [[numbers.setdefault(code, len(numbers)) for code in page] for page in pages]


@settings(max_examples=150, deadline=None)
@given(pages=st.lists(st.lists(_CODES, max_size=12), max_size=30), merge_at=st.integers(1, 9))
def test_codes_are_numbered_as_a_dict_numbers_them_merged_or_not(
    pages: list[list[int]], merge_at: int
) -> None:
    numbers = CodeNumbers(merge_at)
    assert [list(numbers.number(page)) for page in pages] == _by_dict(pages)
    assert len(numbers) == len({code for page in pages for code in page})


def test_a_small_site_s_codes_are_numbered_without_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)  # importing it fails
    numbers = CodeNumbers()
    assert list(numbers.number([5, 2**63, 5])) == [0, 1, 0]
    assert list(numbers.number(range(10, 1010))) == list(range(2, 1002))
    assert numbers._sorted is None


def _held(pages: list[list[int]], make: Callable[[], CodeNumbers | _Dict]) -> int:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        numbers = make()
        for page in pages:
            numbers.number(page)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    return held


class _Dict(dict[int, int]):
    def number(self, codes: list[int]) -> list[int]:
        return [self.setdefault(code, len(self)) for code in codes]


def test_many_codes_take_a_fraction_of_a_dict_s_memory() -> None:
    """390,000 codes as the writer meets them (a page's ~120, most met before), merged every
    4,096: the recent ones' dict aside, ~12 bytes a code against a dict's ~80 (traced)."""
    first = 1 << 32
    pages = [
        [(n + k) * first | read for k in range(4) for read in range(30)] for n in range(13_000)
    ]
    assert _held(pages, lambda: CodeNumbers(1 << 12)) * 5 < _held(pages, _Dict)
