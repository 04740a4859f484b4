"""64-bit codes numbered in the order first met, in ~12 bytes a code where a dict of them takes
~110 (two int objects and an entry).

The writer numbers the keys of the pages that carry their reads as (key text, digest) pairs
(:meth:`jarida.readkeys.SentKeys.numbered`: a Dask worker's pages, which arrive in an order of
their own): at 100,000 articles ~1.5 million keys, ~165 MiB as a dict of their codes at the
main process's peak. :class:`CodeNumbers` is that dict while it is small; from
:data:`MERGE_AT` codes it keeps the codes sorted in numpy arrays with their numbers, each page's
codes looked up there at once (:func:`numpy.searchsorted`), and only the codes met since the
last merge in a dict. A small site's codes never leave the dict (numpy is not imported).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: The codes the dict of recent ones takes before they are merged into the sorted arrays: a
#: merge sorts every code (~0.1 s at 1.5 million), ~23 merges at 100,000 articles.
MERGE_AT = 1 << 16


class CodeNumbers:
    """Codes numbered 0, 1, 2, … in the order :meth:`number` first meets them."""

    __slots__ = ("_numbers", "_recent", "_sorted", "merge_at")

    def __init__(self, merge_at: int = MERGE_AT) -> None:
        self.merge_at = merge_at
        self._recent: dict[int, int] = {}
        #: The codes merged so far, ascending, and each one's number (None: none merged yet).
        self._sorted: NDArray[np.uint64] | None = None
        self._numbers: NDArray[np.uint32] | None = None

    def __len__(self) -> int:
        merged = 0 if self._sorted is None else len(self._sorted)
        return merged + len(self._recent)

    def number(self, codes: Sequence[int]) -> array[int]:
        """The number of each of ``codes``, in order; a code not met before takes the next."""
        if self._sorted is None:
            found = array("I", map(self._recent_number, codes))
        else:
            found = self._looked_up(codes)
        if len(self._recent) >= self.merge_at:
            self._merge()
        return found

    def _recent_number(self, code: int) -> int:
        n = self._recent.get(code)
        if n is None:
            n = self._recent[code] = len(self)
        return n

    def _looked_up(self, codes: Sequence[int]) -> array[int]:
        import numpy as np

        assert self._sorted is not None and self._numbers is not None
        wanted = np.array(codes, dtype=np.uint64)
        at = np.searchsorted(self._sorted, wanted)
        np.minimum(at, len(self._sorted) - 1, out=at)
        merged = self._sorted[at] == wanted
        found = array("I", np.where(merged, self._numbers[at], 0).astype(np.uint32).tobytes())
        for n in np.flatnonzero(~merged).tolist():
            found[n] = self._recent_number(codes[n])
        return found

    def _merge(self) -> None:
        import numpy as np

        count = len(self._recent)
        codes = np.fromiter(self._recent.keys(), dtype=np.uint64, count=count)
        numbers = np.fromiter(self._recent.values(), dtype=np.uint32, count=count)
        self._recent = {}
        if self._sorted is not None and self._numbers is not None:
            codes = np.concatenate((self._sorted, codes))
            numbers = np.concatenate((self._numbers, numbers))
            self._sorted = self._numbers = None  # let go before the sort's copies are made
        order = np.argsort(codes)
        self._sorted, self._numbers = codes[order], numbers[order]
