"""A page's reads sent back from the process that rendered it as numbers, not key texts.

Each page reads ~140 keys (:mod:`jarida.reads`), most of them read by other pages too (the
site's menus, the cards of the latest articles). Sent as (key text, value digest) pairs, every
page's key texts are pickled, sent and unpickled again, and the process that notes them
(:class:`jarida.fingerprint.Rendered`) looks each new string up in one dict, in the one process
every page passes through: ~2 s of its main thread at 10,000 articles, ~1 s numbered.

A rendering process instead numbers the keys it has sent (:class:`Numbering`: its own numbers,
from 0) and sends a page's reads as those numbers (:class:`NumberedReads`), with the text and
value digest of a key only on the first page it sends it with. The noting process keeps one
list per rendering process (its ``origin``) from that process's numbers to the table's and
translates a page's numbers through it: an index, not a string compared.

That works only when the noting process takes each rendering process's pages in the order they
were numbered, which holds for one process rendering in order and for the process pool (a
worker renders its chunks one after the other, in the order the pool hands them out, and the
pool's results are taken in that order). A Dask worker runs tasks on several threads, in an
order of its own: its pages keep their pairs.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from jarida.digests import reads_digest
from jarida.reads import Pair


@dataclass(frozen=True, slots=True)
class NumberedReads:
    """A page's reads as its rendering process numbered them."""

    #: Which rendering process numbered them (its numbers mean nothing to another).
    origin: str
    #: The process's number of each read key, in the order read.
    numbers: array[int]
    #: The (key text, value digest) of each key that process sends for the first time, in the
    #: order it numbered them (its next numbers).
    new: tuple[Pair, ...]
    #: The digest of the page's reads (:func:`jarida.digests.reads_digest` of their values).
    digest: str


class Numbering:
    """A rendering process's numbers of the keys it has sent (one per process: made where the
    process renders, never inherited, so that a forked worker's numbers are its own)."""

    __slots__ = ("_numbers", "_pid", "origin")

    def __init__(self) -> None:
        self.origin = os.urandom(8).hex()  # never in an output: it tells processes apart
        self._pid = os.getpid()
        self._numbers: dict[str, int] = {}

    def here(self) -> bool:
        """Whether this is the process that made it (not a process forked from it since)."""
        return self._pid == os.getpid()

    def numbered(self, reads: Sequence[Pair]) -> NumberedReads:
        numbers, row, new = self._numbers, array("I"), []
        for key, value in reads:
            n = numbers.get(key)  # the memo's own string: found by identity
            if n is None:
                n = numbers[key] = len(numbers)
                new.append((key, value))
            row.append(n)
        return NumberedReads(self.origin, row, tuple(new), reads_digest(v for _, v in reads))
