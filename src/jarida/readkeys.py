"""The keys the pages of a build read, noted by the writer without a string or a dict entry per
key (:class:`jarida.fingerprint.Rendered`): at 100,000 articles ~135,000 pages read ~1.5
million keys, ~260 MB as key texts numbered by a dict, at the main process's peak.

A key's text (:class:`jarida.reads.ReadMemo`) is its reference's text and the read:
``[["doc","2020/a.md"],"attr","title"]`` is ``[["doc","2020/a.md"],`` then
``"attr","title"]``. A site has few of either: one reference per article or term, and one read
per field or mapping key, shared by every article. Each part is numbered once for the build
(:class:`KeyParts`), so that a key is two numbers.

The processes that render pages number their keys themselves (:mod:`jarida.readnumbers`): the
writer keeps each process's keys as it sent them (:class:`SentKeys`: two numbers and a packed
digest a key), and only once every page is noted are the keys of all the processes made one
table (:func:`one_table`), sorted by their texts and each once: an array sorted (with numpy
from :data:`NUMPY_KEYS` keys), not a dict of every key filled.

A key's first part ends at its first ``],``, which a ``"`` must follow (a reference is a flat
JSON list of texts, and the read's name is a JSON text), so no key's first part is the
beginning of another's, and the keys sorted by their two parts' places are the keys sorted by
their texts. A text that does not split so (a reference with ``],`` in one of its texts) is
kept whole, as its own first part; the table is then sorted by the texts themselves.
"""

from __future__ import annotations

import io
import tempfile
import weakref
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

from jarida.codenumbers import CodeNumbers
from jarida.readcolumns import DigestColumn, TextColumn

#: The parts' numbers are packed in one 64-bit code: the first part's number in the high half.
_HALF = 32
_LOW = (1 << _HALF) - 1


def split_key(text: str) -> tuple[str, str]:
    """The two parts of a key's text: ``[`` and its reference's text and ``,`` (up to its first
    ``],``, which a ``"`` follows), then the rest; the whole text and "" when it is not one."""
    end = text.find("],", 1)
    if end < 0 or text[0] != "[" or text[-1] != "]" or text[end + 2 : end + 3] != '"':
        return text, ""
    return text[: end + 2], text[end + 2 :]


@dataclass(slots=True)
class _Numbered:
    """Texts numbered in the order first met."""

    numbers: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)

    def number(self, text: str) -> int:
        found = self.numbers.get(text)
        if found is None:
            found = self.numbers[text] = len(self.texts)
            self.texts.append(text)
        return found

    def sorted(self) -> tuple[list[str], array[int]]:
        """The texts sorted, and each one's place among them (by its number)."""
        order = sorted(range(len(self.texts)), key=self.texts.__getitem__)
        return [self.texts[n] for n in order], _places(order, "Q")


def _places(order: Sequence[int], typecode: str) -> array[int]:
    """Where each number stands in ``order`` (a permutation of ``range(len(order))``):
    ``places[order[n]] == n``."""
    places = array(typecode, bytes(array(typecode).itemsize * len(order)))
    for n, at in enumerate(order):
        places[at] = n
    return places


@dataclass(slots=True)
class KeyParts:
    """The two parts of the keys of one build, each numbered once."""

    first: _Numbered = field(default_factory=_Numbered)
    rest: _Numbered = field(default_factory=_Numbered)

    def code(self, text: str) -> int:
        """The key ``text`` as one number: its parts' numbers."""
        first, rest = split_key(text)
        return self.first.number(first) << _HALF | self.rest.number(rest)


@dataclass(slots=True)
class SentKeys:
    """The keys one rendering process sent, in the order it numbered them: each as its code
    (:meth:`KeyParts.code`) and the digest of its value."""

    codes: array[int] = field(default_factory=lambda: array("Q"))
    values: DigestColumn = field(default_factory=DigestColumn)
    #: The number of each code (a process that sends pairs, not numbers, is numbered here).
    numbers: CodeNumbers | None = None

    def add(self, parts: KeyParts, pairs: Iterable[tuple[str, str]]) -> None:
        for text, value in pairs:
            self.codes.append(parts.code(text))
            self.values.append(value)

    def numbered(self, parts: KeyParts, pairs: Sequence[tuple[str, str]]) -> array[int]:
        """The numbers of the keys of a page's ``pairs``, new ones added."""
        if self.numbers is None:
            self.numbers = CodeNumbers()
        codes = [parts.code(text) for text, _ in pairs]
        found = self.numbers.number(codes)
        for (_, value), code, n in zip(pairs, codes, found, strict=True):
            if n == len(self.codes):  # new: numbered in the order first met
                self.codes.append(code)
                self.values.append(value)
        return found


class KeyTexts(TextColumn):
    """The table's keys, sorted: made from their parts as they are read."""

    __slots__ = ("_first", "_rest", "codes")

    def __init__(self, codes: array[int], first: Sequence[str], rest: Sequence[str]) -> None:
        #: Each key as its parts' places among them sorted (``first``, ``rest``).
        self.codes = codes
        self._first, self._rest = first, rest

    def __len__(self) -> int:
        return len(self.codes)

    def _item(self, index: int) -> str:
        code = self.codes[index]
        return self._first[code >> _HALF] + self._rest[code & _LOW]

    def __iter__(self) -> Iterator[str]:
        first, rest = self._first, self._rest
        return (first[code >> _HALF] + rest[code & _LOW] for code in self.codes)


@dataclass(frozen=True, slots=True)
class OneTable:
    """The keys of every process, sorted by text, each once, with their values' digests; and
    for each process, the table's number of each of its numbers."""

    keys: KeyTexts
    values: DigestColumn
    places: list[memoryview]


#: From this many keys sent, the table is made with numpy (its import, ~0.1 s, is nothing next
#: to such a build; a small site's few keys are made one table quicker without it).
NUMPY_KEYS = 100_000

#: Each sent key's place among them all sorted, each once: (the distinct ones ascending, where
#: each is first sent, the place of each sent one).
Unique = tuple["array[int]", "array[int]", "array[int]"]


def one_table(parts: KeyParts, sent: Sequence[SentKeys]) -> OneTable:
    """The table of the keys ``sent`` by every process (their parts numbered in ``parts``).
    It uses them up: each process's numbering of its keys is let go at once (the writer's
    :class:`~jarida.codenumbers.CodeNumbers`, ~25 MiB at 100,000 articles), its codes once
    ranked (~20 MB), and the numbers of the keys' first parts once sorted (~10 MiB): none is
    numbered again."""
    for s in sent:
        s.numbers = None
    first, first_ranks = parts.first.sorted()
    parts.first.numbers = {}
    rest, rest_ranks = parts.rest.sorted()
    codes, sizes = [s.codes for s in sent], [len(s.codes) for s in sent]
    for s in sent:
        s.codes = array("Q")
    if sum(sizes) >= NUMPY_KEYS:
        unique, first_at, inverse = _unique_numpy(codes, first_ranks, rest_ranks)
    else:
        unique, first_at, inverse = _unique(codes, first_ranks, rest_ranks)
    del first_ranks, rest_ranks
    if "" in parts.rest.numbers:  # a text kept whole: its parts' order may not be the texts'
        unique, first_at, inverse = _by_text(KeyTexts(unique, first, rest), first_at, inverse)
    places, start, each = [], 0, memoryview(inverse)  # no copy of each process's part
    for size in sizes:
        places.append(each[start : start + size])
        start += size
    return OneTable(KeyTexts(unique, first, rest), _values(sent, first_at), places)


def _unique(codes: Sequence[array[int]], first: array[int], rest: array[int]) -> Unique:
    """:data:`Unique` of the keys ``codes`` (by their parts' numbers), each key put as its
    parts' places (``first``, ``rest``: by number): in the order of its text."""
    ranked = array("Q", (first[c >> _HALF] << _HALF | rest[c & _LOW] for cs in codes for c in cs))
    unique, first_at, inverse = array("Q"), array("Q"), array("I", bytes(4 * len(ranked)))
    for n in sorted(range(len(ranked)), key=ranked.__getitem__):  # stable: the first sent first
        if not unique or unique[-1] != ranked[n]:
            unique.append(ranked[n])
            first_at.append(n)
        inverse[n] = len(unique) - 1
    return unique, first_at, inverse


#: The keys :func:`_unique_numpy` goes through at a time once they are sorted.
_BLOCK = 1 << 16
#: The bits of the number it sorts: a key's place among every key's and where it was sent.
_BITS = 64


def _unique_numpy(codes: list[array[int]], first: array[int], rest: array[int]) -> Unique:
    """:func:`_unique` in numpy, in little more memory than its result: each key sent made
    one number, its parts' places and then where it was sent, so that one sort in place
    (every number distinct: equal keys the first sent first) orders them, then gone through a
    block at a time. At 100,000 articles (~2.5 million keys sent) this was the main process's
    peak: ~90 MB for an argsort and its gathers, now the 8 bytes a key sent that are sorted
    and a block's worth besides the result.
    Keys too many for one number (never on a real site) are made without numpy. ``codes``
    is emptied."""
    import numpy as np

    u64, total, kinds = np.uint64, sum(map(len, codes)), max(len(rest), 1)
    shift = total.bit_length()  # the bits of where a key was sent
    if (max(len(first), 1) * kinds).bit_length() + shift > _BITS:
        return _unique(codes, first, rest)
    keyed = np.empty(total, dtype=u64)
    first_ranks, rest_ranks = np.frombuffer(first, u64), np.frombuffer(rest, u64)
    start = 0
    for sent in codes:
        for begin in range(0, len(sent), _BLOCK):
            part = np.frombuffer(sent, u64)[begin : begin + _BLOCK]
            end = start + len(part)
            out = keyed[start:end]
            np.multiply(first_ranks[part >> u64(_HALF)], u64(kinds), out=out)
            out += rest_ranks[part & u64(_LOW)]
            out <<= u64(shift)
            out |= np.arange(start, end, dtype=u64)
            start = end
    codes.clear()  # the caller's list: each process's codes let go once keyed
    keyed.sort()
    unique, first_at, inverse = array("Q"), array("Q"), array("I", [0]) * total
    places, mask, count, last = np.frombuffer(inverse, np.uint32), u64((1 << shift) - 1), 0, -1
    for start in range(0, total, _BLOCK):
        block = keyed[start : start + _BLOCK]
        ranks, at = block >> u64(shift), block & mask
        new = np.empty(len(block), dtype=bool)
        new[0] = int(ranks[0]) != last
        np.not_equal(ranks[1:], ranks[:-1], out=new[1:])
        places[at] = np.cumsum(new, dtype=np.int64) + (count - 1)
        ranks = ranks[new]
        unique.frombytes((ranks // u64(kinds) << u64(_HALF) | ranks % u64(kinds)).tobytes())
        first_at.frombytes(at[new].tobytes())
        count, last = count + int(new.sum()), int(block[-1] >> u64(shift))
    return unique, first_at, inverse


def _by_text(keys: KeyTexts, first_at: array[int], inverse: array[int]) -> Unique:
    """:data:`Unique` put in the order of the keys' texts."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    place = _places(order, "I")
    return (
        array("Q", map(keys.codes.__getitem__, order)),
        array("Q", map(first_at.__getitem__, order)),
        array("I", map(place.__getitem__, inverse)),
    )


def _values(sent: Sequence[SentKeys], at: array[int]) -> DigestColumn:
    """The digests of the keys ``at`` (numbers across every process's keys, in order): read
    where each process's are packed, not from a copy of them all."""
    views = [v for s in sent if (v := s.values.packed_view()) is not None]
    if len(views) < len(sent):
        values = [v for s in sent for v in s.values]
        return DigestColumn(list(map(values.__getitem__, at)))
    starts, start = array("Q"), 0
    for s in sent:
        starts.append(start)
        start += len(s.values)
    packed = array("Q", _gathered(views, starts, at))
    return DigestColumn.of_packed(packed)


def _gathered(views: Sequence[memoryview], starts: array[int], at: Iterable[int]) -> Iterator[int]:
    """Items ``at`` of the sequences ``views`` taken one after the other (``starts``: where
    each begins)."""
    if len(views) == 1:
        yield from map(views[0].__getitem__, at)
        return
    for n in at:
        which = bisect_right(starts, n) - 1
        yield views[which][n - starts[which]]


class Placed(Mapping[str, Sequence[int]]):
    """Per output path, the table's numbers of its keys: the numbers its process gave them
    (``pages``: that process's index and its numbers) through that process's ``places``."""

    __slots__ = ("_pages", "_places")

    def __init__(
        self, pages: Mapping[str, tuple[int, Sequence[int]]], places: Sequence[Sequence[int]]
    ) -> None:
        self._pages, self._places = pages, places

    def __getitem__(self, path: str) -> tuple[int, ...]:
        at, numbers = self._pages[path]
        return tuple(map(self._places[at].__getitem__, numbers))

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


class PageNumbers(Mapping[str, tuple[int, "array[int]"]]):
    """Per output path, which process's keys its numbers are of (an index) and the numbers of
    its keys in the order read: written to an unnamed file in the system's temporary folder
    (``TMPDIR``) as the pages are noted (at 100,000 articles ~135,000 pages of ~120 numbers,
    ~120 MB held to the end of the build otherwise), read back a page at a time when the table
    is written; in memory where no such file can be made. Every path is one of ``paths``,
    found by its place in ``places`` (the writer's, shared by its columns: a dict of its own
    was ~8 MB at 100,000 articles); in the order noted."""

    __slots__ = (
        "__weakref__",
        "_count",
        "_file",
        "_order",
        "_origin",
        "_paths",
        "_places",
        "_size",
        "_slot",
        "_start",
    )

    def __init__(self, places: Mapping[str, int], paths: Sequence[str]) -> None:
        self._file = _scratch()
        weakref.finalize(self, self._file.close)
        self._places, self._paths = places, paths
        #: Per place: the index of its page's last noting (-1: not noted); the places in the
        #: order first noted.
        self._slot, self._order = array("i", [-1]) * len(paths), array("I")
        self._start, self._count, self._origin = array("Q"), array("I"), array("I")
        self._size = 0

    def add(self, path: str, origin: int, numbers: array[int]) -> None:
        if numbers.typecode != "I":
            numbers = array("I", numbers)
        place = self._places[path]
        if self._slot[place] < 0:
            self._order.append(place)
        self._slot[place] = len(self._start)
        self._start.append(self._size)
        self._count.append(len(numbers))
        self._origin.append(origin)
        self._file.seek(self._size)
        self._size += self._file.write(numbers.tobytes())

    def __getitem__(self, path: str) -> tuple[int, array[int]]:
        n = self._slot[self._places[path]]
        if n < 0:
            raise KeyError(path)
        self._file.seek(self._start[n])
        numbers = array("I")
        numbers.frombytes(self._file.read(self._count[n] * numbers.itemsize))
        return self._origin[n], numbers

    def __iter__(self) -> Iterator[str]:
        return map(self._paths.__getitem__, self._order)

    def __len__(self) -> int:
        return len(self._order)


def _scratch() -> IO[bytes]:
    """An unnamed temporary file (gone once closed, or when the process ends); a buffer in
    memory where none can be made."""
    try:
        return tempfile.TemporaryFile(buffering=1 << 20)
    except OSError:
        return io.BytesIO()
