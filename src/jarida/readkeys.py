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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

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
    numbers: dict[int, int] | None = None

    def add(self, parts: KeyParts, pairs: Iterable[tuple[str, str]]) -> None:
        for text, value in pairs:
            self.codes.append(parts.code(text))
            self.values.append(value)

    def numbered(self, parts: KeyParts, pairs: Iterable[tuple[str, str]]) -> array[int]:
        """The numbers of the keys of a page's ``pairs``, new ones added."""
        if self.numbers is None:
            self.numbers = {}
        numbers, codes, found = self.numbers, self.codes, array("I")
        for text, value in pairs:
            code = parts.code(text)
            n = numbers.get(code)
            if n is None:
                n = numbers[code] = len(codes)
                codes.append(code)
                self.values.append(value)
            found.append(n)
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
    places: list[array[int]]


#: From this many keys sent, the table is made with numpy (its import, ~0.1 s, is nothing next
#: to such a build; a small site's few keys are made one table quicker without it).
NUMPY_KEYS = 100_000

#: Each sent key's place among them all sorted, each once: (the distinct ones ascending, where
#: each is first sent, the place of each sent one).
Unique = tuple["array[int]", "array[int]", "array[int]"]


def one_table(parts: KeyParts, sent: Sequence[SentKeys]) -> OneTable:
    """The table of the keys ``sent`` by every process (their parts numbered in ``parts``)."""
    first, first_ranks = parts.first.sorted()
    rest, rest_ranks = parts.rest.sorted()
    codes = [s.codes for s in sent]
    if sum(map(len, codes)) >= NUMPY_KEYS:
        unique, first_at, inverse = _unique_numpy(codes, first_ranks, rest_ranks)
    else:
        unique, first_at, inverse = _unique(codes, first_ranks, rest_ranks)
    del first_ranks, rest_ranks
    if "" in parts.rest.numbers:  # a text kept whole: its parts' order may not be the texts'
        unique, first_at, inverse = _by_text(KeyTexts(unique, first, rest), first_at, inverse)
    places, start = [], 0
    for s in sent:
        end = start + len(s.codes)
        places.append(inverse[start:end])
        start = end
    del inverse
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


def _unique_numpy(codes: Sequence[array[int]], first: array[int], rest: array[int]) -> Unique:
    """:func:`_unique` in numpy: arrays sorted, not a list of numbers; one process's keys
    ranked at a time, and each array let go once used (at 100,000 articles this is the main
    process's peak: ~2.5 million keys sent, ~25 bytes each at once, not ~60 as ``np.unique``
    takes)."""
    import numpy as np

    ranked = np.empty(sum(map(len, codes)), dtype=np.uint64)
    first_ranks, rest_ranks = np.frombuffer(first, np.uint64), np.frombuffer(rest, np.uint64)
    start = 0
    for sent in codes:
        part, end = np.frombuffer(sent, np.uint64), start + len(sent)
        np.left_shift(
            first_ranks[part >> np.uint64(_HALF)], np.uint64(_HALF), out=ranked[start:end]
        )
        ranked[start:end] |= rest_ranks[part & np.uint64(_LOW)]
        start = end
    order = np.argsort(ranked, kind="stable")  # equal keys: the first sent first
    ranked = ranked[order]
    new = np.ones(len(ranked), dtype=bool)
    np.not_equal(ranked[1:], ranked[:-1], out=new[1:])
    unique = array("Q", ranked[new].tobytes())
    del ranked
    first_at = array("Q", order[new].astype(np.uint64).tobytes())
    place = np.cumsum(new, dtype=np.uint32)
    del new
    place -= np.uint32(1)
    inverse = np.empty(len(order), dtype=np.uint32)
    inverse[order] = place
    del order, place
    return unique, first_at, array("I", inverse.tobytes())


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
    """The digests of the keys ``at`` (numbers across every process's keys, in order)."""
    packed = [s.values.packed for s in sent]
    if all(p is not None for p in packed):
        every = memoryview(b"".join(p for p in packed if p is not None)).cast("Q")
        return DigestColumn.of_packed(array("Q", map(every.__getitem__, at)).tobytes())
    values = [v for s in sent for v in s.values]
    return DigestColumn(list(map(values.__getitem__, at)))


class Placed(Mapping[str, Sequence[int]]):
    """Per output path, the table's numbers of its keys: the numbers its process gave them
    (``pages``: that process's index and its numbers) through that process's ``places``."""

    __slots__ = ("_pages", "_places")

    def __init__(
        self, pages: Mapping[str, tuple[int, Sequence[int]]], places: Sequence[array[int]]
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
    is written; in memory where no such file can be made."""

    __slots__ = ("__weakref__", "_count", "_file", "_origin", "_size", "_start", "_where")

    def __init__(self) -> None:
        self._file = _scratch()
        weakref.finalize(self, self._file.close)
        self._where: dict[str, int] = {}
        self._start, self._count, self._origin = array("Q"), array("I"), array("I")
        self._size = 0

    def add(self, path: str, origin: int, numbers: array[int]) -> None:
        if numbers.typecode != "I":
            numbers = array("I", numbers)
        self._where[path] = len(self._start)
        self._start.append(self._size)
        self._count.append(len(numbers))
        self._origin.append(origin)
        self._file.seek(self._size)
        self._size += self._file.write(numbers.tobytes())

    def __getitem__(self, path: str) -> tuple[int, array[int]]:
        n = self._where[path]
        self._file.seek(self._start[n])
        numbers = array("I")
        numbers.frombytes(self._file.read(self._count[n] * numbers.itemsize))
        return self._origin[n], numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def _scratch() -> IO[bytes]:
    """An unnamed temporary file (gone once closed, or when the process ends); a buffer in
    memory where none can be made."""
    try:
        return tempfile.TemporaryFile(buffering=1 << 20)
    except OSError:
        return io.BytesIO()
