"""The compact columns of a clean build's table of reads (:mod:`jarida.readcolumns`): the
strings they stand for, the same JSON as plain columns, and the memory they spare."""

from __future__ import annotations

import hashlib
import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida import jsonblocks, readtable
from jarida.fingerprint import Rendered
from jarida.outputs.jobs import Output
from jarida.readcolumns import DigestColumn, Entries, HexByPath
from jarida.readtable import Reads, Recorded


def _digest(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()[:16]


def test_a_digest_column_gives_back_each_digest_and_keeps_any_other_text_as_it_is() -> None:
    digests = [_digest(n) for n in range(50)]
    column = DigestColumn(digests)
    assert list(column) == digests and len(column) == 50
    assert (column[0], column[-1], column[3:6]) == (digests[0], digests[-1], digests[3:6])
    with pytest.raises(IndexError):
        column[50]
    assert column == digests and column == tuple(digests) and digests == column
    assert column != digests[:-1] and column != "".join(digests)
    # Not a lower-case 16-hex-digit digest: kept as written, the earlier ones too.
    for text in ("ABCDEF0123456789", "00 11 22 33 44 5", "v1", "", "é" * 16):
        mixed = DigestColumn(digests[:3])
        mixed.append(text)
        mixed.append(digests[3])
        assert list(mixed) == [*digests[:3], text, digests[3]]
        assert mixed[3] == text and mixed == [*digests[:3], text, digests[3]]


def test_a_digest_column_holds_a_digest_in_a_tenth_of_a_strings_memory() -> None:
    digests = [_digest(n) for n in range(20_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        column = DigestColumn(digests)
        packed = tracemalloc.get_traced_memory()[0] - before
        texts = [d[:8] + d[8:] for d in digests]  # new strings, as unpickled from a worker
        plain = tracemalloc.get_traced_memory()[0] - before - packed
    finally:
        tracemalloc.stop()
    assert len(column) == len(texts)
    assert packed < 12 * len(digests) and packed * 6 < plain


def test_entries_are_the_pages_numbers_in_hexadecimal_in_the_order_of_their_paths() -> None:
    entries = Entries({"z.html": [3, 17], "a.html": (255, 0, 3), "e.html": []})
    assert list(entries) == ["a.html", "e.html", "z.html"]  # the paths in order
    expected = {"a.html": "ff,0,3", "e.html": "", "z.html": "3,11"}
    assert dict(entries) == expected and entries == expected and expected == entries
    assert entries != {**expected, "e.html": "0"} and entries != {"a.html": "ff,0,3"}
    with pytest.raises(KeyError):
        entries["b.html"]


@settings(max_examples=60, deadline=None)
@given(
    pages=st.dictionaries(
        st.text('pq/é"\\\n', min_size=1, max_size=6),
        st.lists(st.text('ab"é\u2028', min_size=1, max_size=3), max_size=6, unique=True),
        max_size=12,
    ),
    block=st.integers(1, 5),
)
def test_the_table_is_written_a_block_at_a_time_as_the_encoder_writes_it_whole(
    pages: dict[str, list[str]], block: int
) -> None:
    """Written a block of entries at a time, never whole: the same bytes as one ``json.dumps``
    of the payload, a block boundary anywhere, for the compact columns as for plain ones."""
    values = {k: hashlib.sha256(k.encode()).hexdigest()[:16] for ks in pages.values() for k in ks}
    digests = {p: f"d{n}" for n, p in enumerate(pages)}
    recorded = Recorded.of(pages, values, digests)
    compact = Recorded(
        recorded.table, DigestColumn(recorded.values), recorded.pages, recorded.digests
    )
    fast = readtable._afresh(compact, digests)
    merged = readtable._merged(Reads(), [], {}, recorded, digests)
    assert fast == merged and isinstance(fast.pages, Entries)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonblocks, "BLOCK", block)
        written = fast.to_json(key='k\u00e9"'), merged.to_json(key='k\u00e9"')
    whole = json.dumps(
        {
            "format": readtable.READS_FORMAT,
            "version": readtable.__version__,
            "key": 'k\u00e9"',
            "keys": list(merged.keys),
            "values": list(merged.values),
            "pages": dict(merged.pages),
            "digests": dict(merged.digests),
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    assert written == (whole, whole)
    assert Reads.from_json(whole, key='k\u00e9"').to_json(key='k\u00e9"') == whole


def test_the_noted_values_are_packed_as_the_writer_takes_the_pages() -> None:
    reads = [(f'[["doc","{n}.md"],"attr","title"]', _digest(n)) for n in range(3)]
    rendered = Rendered(["a", "b"], ["pa", "pb"])
    outputs = [Output("a", b"", tuple(reads[:2])), Output("b", b"", tuple(reads[1:]))]
    assert list(rendered.note(outputs)) == outputs
    recorded = rendered.recorded()
    assert isinstance(recorded.values, DigestColumn)
    assert list(recorded.values) == [v for _, v in reads]
    table = readtable.next_reads(Reads(), [], {}, recorded)
    assert table.keys_of("b") == [k for k, _ in reads[1:]]
    assert [table.values[table.keys.index(k)] for k, _ in reads] == [v for _, v in reads]


_TEXTS = st.one_of(
    st.binary(min_size=16, max_size=16).map(bytes.hex),  # a digest
    st.text(alphabet="0123456789abcdefABCDEF é,", max_size=34),  # often one that looks like it
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), _TEXTS), max_size=30))
def test_hex_by_path_is_the_dict_of_what_was_noted(noted: list[tuple[int, str]]) -> None:
    """Digests kept as bytes, any other text as it is, a path noted again holds its last text;
    in the order of the paths' places, whatever the order they were noted in."""
    paths = [f"p{n}/index.html" for n in range(8)]
    column, expected = HexByPath({p: n for n, p in enumerate(paths)}, 32), {}
    for n, text in noted:
        column.note(paths[n], text)
        expected[paths[n]] = text
    assert dict(column) == expected and len(column) == len(expected)
    assert list(column) == [p for p in paths if p in expected]
    for path in set(paths) - set(expected):
        assert path not in column
        with pytest.raises(KeyError):
            column[path]


def test_hex_by_path_takes_a_quarter_of_a_dict_of_digests() -> None:
    paths = [f"{n}/index.html" for n in range(20_000)]
    places = {p: n for n, p in enumerate(paths)}
    digests = [hashlib.sha256(p.encode()).hexdigest() for p in paths]
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        column = HexByPath(places, 64)
        for path, text in zip(paths, digests, strict=True):
            column.note(path, text.encode().decode())  # a copy, as a rendering process sends
        packed = tracemalloc.get_traced_memory()[0] - start
        start = tracemalloc.get_traced_memory()[0]
        plain = {p: t.encode().decode() for p, t in zip(paths, digests, strict=True)}
        as_dict = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    assert dict(column) == plain
    assert packed * 4 < as_dict, (packed, as_dict)  # 33 bytes a page, not ~134
