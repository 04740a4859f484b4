"""How each source was when a build last read it, so that the next build can take its digest
without reading it again: its size, mtime, ctime and inode, and the digest of its bytes, kept
in the parse cache (:class:`jarida.cache.ParseCache`).

As git does with its index, a record is trusted only when the file had not been modified for a
while when it was read (:data:`SETTLED_NS`): a file written again within the file system's
time granularity of that read could keep its size and times, never one written later.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

#: How long before it was read a file must have been last modified for its record to be
#: trusted (two seconds: FAT keeps times to two seconds; the others are finer).
SETTLED_NS = 2_000_000_000

#: A file's size, mtime and ctime (ns) and inode: what changes when it is written or replaced.
Stat = tuple[int, int, int, int]


def read_begins() -> int:
    """Now, in ns since the epoch: when a read begins (the clock only judges mtimes here; it
    never reaches the output)."""
    return time.time_ns()


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@dataclass(frozen=True, slots=True)
class Seen:
    """A source as it was read: its stat then, the SHA-256 of its bytes, and when the read
    began (ns since the epoch)."""

    stat: Stat
    digest: str
    read_ns: int

    def vouches(self, stat: Stat) -> bool:
        """Whether a file whose stat is now ``stat`` holds the bytes this record hashed."""
        return stat == self.stat and stat[1] < self.read_ns - SETTLED_NS
