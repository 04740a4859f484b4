"""Compact forms of the table of reads' columns, for a clean build at archive scale
(:mod:`jarida.readtable`; at 100,000 articles the table holds ~1.5 million keys read by
~135,000 pages): the value digests packed as bytes, and the table's columns in its key order
made as they are read, not held as ~1.5 million strings each.

Each one is a read-only :class:`~collections.abc.Sequence` or
:class:`~collections.abc.Mapping` of the strings it stands for, equal to any other holding
the same strings.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

#: The length of a key's value digest (:func:`jarida.encoding.read_digest`).
DIGEST_CHARS = 16
#: The bytes a packed digest takes.
_PACKED = DIGEST_CHARS // 2


def hex_bytes(text: str, chars: int) -> bytes | None:
    """The bytes ``text`` spells when it is ``chars`` lower-case hexadecimal digits and nothing
    else (they give the same text back); None otherwise."""
    if len(text) != chars:
        return None
    try:
        packed = bytes.fromhex(text)
    except ValueError:
        return None
    return packed if packed.hex() == text else None


class TextColumn(Sequence[str]):
    """A read-only column of strings: a subclass says how long it is and what its item ``n``
    (0 ≤ n < its length) is; it is equal to any sequence of the same strings."""

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def _item(self, index: int) -> str:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        size = len(self)
        if isinstance(index, slice):
            return [self._item(n) for n in range(*index.indices(size))]
        if not -size <= index < size:
            raise IndexError(index)
        return self._item(index % size)

    def __eq__(self, other: object) -> bool:
        return same_sequence(self, other)

    __hash__ = None  # type: ignore[assignment]


class DigestColumn(TextColumn):
    """Value digests in the order appended: each 16-hex-digit one kept as its 8 bytes (~8 bytes
    a digest, not a ~65-byte string); once any other text is appended, every value is kept as
    a string from then on."""

    __slots__ = ("_packed", "_texts")

    def __init__(self, values: Sequence[str] = ()) -> None:
        self._packed = bytearray()
        self._texts: list[str] | None = None
        for value in values:
            self.append(value)

    def append(self, value: str) -> None:
        if self._texts is None:
            packed = hex_bytes(value, DIGEST_CHARS)
            if packed is not None:
                self._packed += packed
                return
            self._texts = list(self)
            self._packed = bytearray()
        self._texts.append(value)

    def __len__(self) -> int:
        if self._texts is not None:
            return len(self._texts)
        return len(self._packed) // _PACKED

    def _item(self, index: int) -> str:
        if self._texts is not None:
            return self._texts[index]
        return self._packed[index * _PACKED : (index + 1) * _PACKED].hex()

    def __iter__(self) -> Iterator[str]:
        if self._texts is not None:
            return iter(self._texts)
        packed = self._packed
        return (packed[n : n + _PACKED].hex() for n in range(0, len(packed), _PACKED))

    def packed_view(self) -> memoryview | None:
        """Every digest as the 8-byte number its bytes are, not copied (None: the values are
        not all digests); the column is not appended to while it is held."""
        return None if self._texts is not None else memoryview(self._packed).cast("Q")

    @classmethod
    def of_packed(cls, packed: bytes | array[int]) -> DigestColumn:
        """The column of the digests whose bytes are ``packed`` one after the other (an array
        of 8-byte numbers: their bytes)."""
        if memoryview(packed).nbytes % _PACKED:
            raise ValueError("not a whole number of digests")
        column = cls()
        column._packed = bytearray(packed)
        return column


class HexByPath(Mapping[str, str]):
    """Texts noted by path, each path one of those ``places`` numbers: a text of ``chars``
    lower-case hexadecimal digits (a digest) kept as its bytes at its path's place, not as a
    string and a dict entry (the writer notes a fingerprint and a reads digest for each of the
    ~135,000 pages of 100,000 articles: ~50 MB as dicts of strings); any other text as it is.
    In the order of the places."""

    __slots__ = ("_chars", "_count", "_noted", "_odd", "_packed", "_places")

    def __init__(self, places: Mapping[str, int], chars: int) -> None:
        self._places, self._chars = places, chars
        self._packed = bytearray(len(places) * (chars // 2))
        #: Per place: 0 not noted, 1 packed, 2 in ``_odd``.
        self._noted = bytearray(len(places))
        self._odd: dict[int, str] = {}
        self._count = 0

    def note(self, path: str, text: str) -> None:
        n, width = self._places[path], self._chars // 2
        packed = hex_bytes(text, self._chars)
        self._count += not self._noted[n]
        self._odd.pop(n, None)
        if packed is not None:
            self._packed[n * width : (n + 1) * width] = packed
            self._noted[n] = 1
        else:
            self._odd[n] = text
            self._noted[n] = 2

    def __getitem__(self, path: str) -> str:
        n = self._places[path]
        noted = self._noted[n]
        if noted == 1:
            width = self._chars // 2
            return self._packed[n * width : (n + 1) * width].hex()
        if noted == 2:
            return self._odd[n]
        raise KeyError(path)

    def __iter__(self) -> Iterator[str]:
        noted = self._noted
        return (path for path, n in self._places.items() if noted[n])

    def __len__(self) -> int:
        return self._count


class Entries(Mapping[str, str]):
    """Per output path, its entry of the table (the numbers of its keys, hexadecimal,
    comma-separated: :attr:`jarida.readtable.Reads.pages`), made when it is read from the
    page's numbers (``rows``), in the order of the paths."""

    __slots__ = ("_paths", "_rows")

    def __init__(self, rows: Mapping[str, Sequence[int]]) -> None:
        self._rows = rows
        self._paths = sorted(rows)

    def __getitem__(self, path: str) -> str:
        numbers = tuple(self._rows[path])
        return ("%x," * len(numbers) % numbers)[:-1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        if len(other) != len(self):
            return False
        missing = object()
        return all(other.get(path, missing) == self[path] for path in self._paths)

    __hash__ = None  # type: ignore[assignment]


def same_sequence(ours: Sequence[str], other: object) -> bool:
    """Whether ``other`` is a sequence (not a text) of the strings ``ours`` holds, in order."""
    if not isinstance(other, Sequence) or isinstance(other, str | bytes):
        return False
    return len(ours) == len(other) and all(a == b for a, b in zip(ours, other, strict=True))
