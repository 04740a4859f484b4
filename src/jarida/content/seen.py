"""How each source was when a build last read it, so that the next build can take its digest
without reading it again: its size, mtime, ctime and inode, and the digest of its bytes, kept
in the parse cache (:class:`jarida.cache.ParseCache`), trusted by the rule of
:mod:`jarida.filestat` (as git does with its index).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from jarida.filestat import Stat, settled


def read_begins() -> int:
    """Now, in ns since the epoch: when a read begins (the clock only judges mtimes here; it
    never reaches the output)."""
    return time.time_ns()


@dataclass(frozen=True, slots=True)
class Seen:
    """A source as it was read: its stat then, the SHA-256 of its bytes, and when the read
    began (ns since the epoch)."""

    stat: Stat
    digest: str
    read_ns: int

    def vouches(self, stat: Stat) -> bool:
        """Whether a file whose stat is now ``stat`` holds the bytes this record hashed."""
        return stat == self.stat and settled(stat, self.read_ns)
