"""The keys of a build's pages noted by their two parts (jarida.readkeys): made one table,
sorted by text and each once, as a plain sort of the texts makes it, whatever the processes
that sent them."""

from __future__ import annotations

import hashlib
import tracemalloc
from array import array
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida import readkeys
from jarida.readkeys import KeyParts, PageNumbers, SentKeys, one_table, split_key
from jarida.reads import ReadMemo


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_a_key_is_split_after_its_reference() -> None:
    memo = ReadMemo()
    text, _ = memo.pair(("doc", 'a]"b.md'), "attr", "title", "x")
    assert split_key(text) == ('[["doc","a]\\"b.md"],', '"attr","title"]')
    text, _ = memo.pair(("doc", "a], b.md"), "attr", "title", "x")
    assert split_key(text) == (text, "")  # its first part would not end at its first "],"
    text, _ = memo.pair(("term", "tags", "t"), "key", 7, "x")
    assert split_key(text) == ('[["term","tags","t"],', '"key",7]')
    assert split_key("not a key") == ("not a key", "")
    assert split_key('["doc"]') == ('["doc"]', "")


_REFS = st.lists(st.text('ab] ,"\\é', max_size=4), min_size=1, max_size=3).map(tuple)
_NAMES = st.one_of(st.text('ab] "é', max_size=3), st.integers(-20, 200))
_KEYS = st.one_of(
    st.tuples(_REFS, st.sampled_from(["attr", "key", "in"]), _NAMES).map(
        lambda key: ReadMemo().pair(*key, value=None)[0]
    ),
    st.text('[]ab, "', max_size=6),  # not a key: kept whole
)


@settings(max_examples=80, deadline=None)
@given(processes=st.lists(st.lists(_KEYS, max_size=12, unique=True), max_size=4))
def test_the_keys_of_every_process_are_one_table_sorted_by_text_each_once(
    processes: list[list[str]],
) -> None:
    every = sorted({key for keys in processes for key in keys})
    for numpy_from in (0, 10**9):  # made with numpy, and without
        parts = KeyParts()
        sent = [SentKeys() for _ in processes]
        for keys, mine in zip(processes, sent, strict=True):
            mine.add(parts, [(key, _digest(key)) for key in keys])
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(readkeys, "NUMPY_KEYS", numpy_from)
            table = one_table(parts, sent)
        assert not any(mine.codes for mine in sent)  # used up: let go once ranked
        assert not parts.first.numbers
        assert list(table.keys) == every and table.keys == every
        assert [table.keys[n] for n in range(len(every))] == every
        assert list(table.values) == [_digest(key) for key in every]
        for keys, places in zip(processes, table.places, strict=True):
            assert [table.keys[n] for n in places] == keys


def test_pairs_are_numbered_by_their_parts_each_key_once() -> None:
    parts, mine = KeyParts(), SentKeys()
    memo = ReadMemo()
    a, b = (memo.pair(("doc", name), "attr", "title", name) for name in ("a.md", "b.md"))
    assert list(mine.numbered(parts, [a, b])) == [0, 1]
    assert list(mine.numbered(parts, [b, a, ("x", "not-a-digest")])) == [1, 0, 2]
    assert parts.first.texts == ['[["doc","a.md"],', '[["doc","b.md"],', "x"]
    assert parts.rest.texts == ['"attr","title"]', ""]  # the read, shared by both articles
    assert mine.numbers is not None
    table = one_table(parts, [mine])
    assert mine.numbers is None  # the writer's numbering let go first
    assert list(table.keys) == [a[0], b[0], "x"]
    assert list(table.values) == [a[1], b[1], "not-a-digest"]  # any text kept as it was


def _traced(note: Callable[[list[tuple[str, str]]], object]) -> int:
    """The memory ``note`` holds on to after noting 30,000 keys (2,000 articles' 15 fields),
    each a new string, as unpickled."""
    fields = [f"field{n}" for n in range(15)]
    memo = ReadMemo()
    keys = [
        memo.pair(("doc", f"2020/{n % 12:02d}/{n}.md"), "attr", field, f"{n}{field}")
        for n in range(2000)
        for field in fields
    ]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = note([(k[:5] + k[5:], v[:3] + v[3:]) for k, v in keys])
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept is not None
    return held


def test_a_noted_key_takes_a_fraction_of_a_numbered_text() -> None:
    """At 100,000 articles ~1.5 million keys: two numbers and a packed digest each (their
    parts' texts each held once), not a text numbered in a dict with a digest's text."""

    def by_parts(pairs: list[tuple[str, str]]) -> object:
        parts, mine = KeyParts(), SentKeys()
        mine.add(parts, pairs)
        return parts, mine

    def by_texts(pairs: list[tuple[str, str]]) -> object:
        numbers: dict[str, int] = {}
        texts, values = [], []
        for text, value in pairs:
            numbers[text] = len(texts)
            texts.append(text)
            values.append(value)
        return numbers, texts, values

    assert _traced(by_parts) * 4 < _traced(by_texts)


def test_pages_numbers_are_kept_in_a_temporary_file_and_read_back_as_noted() -> None:
    pages = {f"{n}/index.html": array("I", range(n, n + 120)) for n in range(20_000)}
    paths = [*pages, "late.html", "never.html"]
    places = {path: n for n, path in enumerate(paths)}
    noted = sorted(pages.items(), key=lambda item: hash(item[0]))  # not in the places' order
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = PageNumbers(places, paths)
        for n, (path, numbers) in enumerate(noted):
            kept.add(path, n % 3, numbers)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held * 3 < sum(len(numbers) * 4 for numbers in pages.values())  # ~10 MB as arrays
    # the file's 1 MiB buffer, ~24 bytes a page in arrays, and no dict of the paths made again
    # (the writer's places are looked up: a dict of its own was ~32 bytes a path more)
    assert held < (1 << 20) + 40 * len(pages)
    assert list(kept) == [path for path, _ in noted] and len(kept) == len(pages)
    origins = {path: n % 3 for n, (path, _) in enumerate(noted)}
    for path in reversed(pages):  # read back in any order
        origin, numbers = kept[path]
        assert numbers == pages[path] and origin == origins[path]
    kept.add("late.html", 1, array("I", [7]))  # noted after a read: appended, none overwritten
    assert (
        kept["late.html"] == (1, array("I", [7]))
        and kept["0/index.html"][1] == pages["0/index.html"]
    )
    kept.add("0/index.html", 2, array("I", [9]))  # noted again: the last noting, in its place
    assert kept["0/index.html"] == (2, array("I", [9])) and len(kept) == len(pages) + 1
    assert list(kept)[-1] == "late.html" and "never.html" not in kept
    with pytest.raises(KeyError):
        kept["never.html"]


def test_pages_numbers_are_kept_in_memory_where_no_temporary_file_can_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(**_: object) -> None:
        raise PermissionError("no temporary folder")

    monkeypatch.setattr(readkeys.tempfile, "TemporaryFile", refused)
    kept = PageNumbers({"a.html": 0}, ["a.html"])
    kept.add("a.html", 0, array("I", [3, 1, 2]))
    assert kept["a.html"] == (0, array("I", [3, 1, 2]))


@settings(max_examples=60, deadline=None)
@given(
    processes=st.lists(
        st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4)), max_size=20), max_size=4
    ),
    block=st.integers(1, 8),
    bits=st.sampled_from([64, 8]),
)
def test_numpy_ranks_the_keys_as_the_plain_sort_does(
    processes: list[list[tuple[int, int]]], block: int, bits: int
) -> None:
    """Equal keys sent by several processes, gone through a few at a time: the same distinct
    keys, the same first sending of each and the same place of each one sent; keys too many
    for one number (``bits``) are made without numpy, the same."""
    first, rest = array("Q", [3, 0, 5, 1, 2, 4]), array("Q", [4, 2, 0, 3, 1])
    codes = [array("Q", (f << 32 | r for f, r in keys)) for keys in processes]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(readkeys, "_BLOCK", block)
        patch.setattr(readkeys, "_BITS", bits)
        made = readkeys._unique_numpy(list(codes), first, rest)
    assert made == readkeys._unique(codes, first, rest)


def test_numpy_ranks_with_little_more_memory_than_the_result() -> None:
    """~2.5 million keys sent at 100,000 articles: the table made with the 8 bytes a key sent
    that are sorted, and a block's worth, besides its result (an argsort and its gathers took
    ~36 bytes a key)."""
    np = pytest.importorskip("numpy")
    total = 400_000
    numbers = np.random.default_rng(1).integers(0, 50_000, total, dtype=np.uint64)
    codes = [array("Q", (numbers // 200 << 32 | numbers % 200).tobytes())]
    first, rest = array("Q", range(250)), array("Q", range(200))
    readkeys._unique_numpy(codes[:0], first, rest)  # numpy imported before measuring
    tracemalloc.start()
    try:
        unique, first_at, inverse = readkeys._unique_numpy(codes, first, rest)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    result = 8 * len(unique) + 8 * len(first_at) + 4 * len(inverse)
    assert len(unique) == len(set(numbers.tolist()))
    assert peak - result < 8 * total + 50 * readkeys._BLOCK, (peak, result)
