"""Large JSON files written a block of entries at a time (:mod:`jarida.jsonblocks`): the same
text as one ``json.dumps`` of the whole, wherever the blocks fall."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida import jsonblocks
from jarida.jsonblocks import array_chunks, blocks, document_chunks, object_chunks

_TEXT = st.text('aé"\\\n\u2028\U0001f600/', max_size=4)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)


def _dumped(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@settings(max_examples=150, deadline=None)
@given(
    mapping=st.dictionaries(_TEXT, _VALUES, max_size=9),
    values=st.lists(_VALUES, max_size=9),
    fields=st.dictionaries(st.sampled_from("bdfz"), _VALUES, max_size=3),
    block=st.integers(1, 4),
)
def test_chunks_join_into_what_one_dump_of_the_whole_writes(
    mapping: dict[str, object], values: list[object], fields: dict[str, object], block: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonblocks, "BLOCK", block)
        assert "".join(array_chunks(values)) == _dumped(values)
        assert "".join(object_chunks(mapping)) == _dumped(mapping)
        assert "".join(object_chunks(mapping, lambda v: [v])) == _dumped(
            {k: [v] for k, v in mapping.items()}
        )
        large = {"c": object_chunks(mapping), "e": array_chunks(values)}
        whole = _dumped({**fields, "c": mapping, "e": values})
        assert "".join(document_chunks(fields, large)) == whole


def test_blocks_keep_the_order_and_the_last_one_is_short() -> None:
    assert list(blocks(range(10), 4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(blocks([], 4)) == []
