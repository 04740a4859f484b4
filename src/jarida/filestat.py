"""A file's stat as the records of what a build read keep it (the parse cache's sources, the
image cache's originals), and Git's "racy" rule for trusting one: a record stands for a file
only when its stat is the same and the file had not been modified for a while when it was read
(:data:`SETTLED_NS`). A write within the file system's time granularity of that read could keep
the size and times; a later one changes them (the ctime even when the mtime is put back).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

#: How long before it was read a file must have been last modified for its record to be
#: trusted (two seconds: FAT keeps times to two seconds; the others are finer).
SETTLED_NS = 2_000_000_000

#: A file's size, mtime and ctime (ns) and inode: what changes when it is written or replaced.
Stat = tuple[int, int, int, int]


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def settled(stat: Sequence[int], read_ns: int) -> bool:
    """Whether a file of ``stat`` (:data:`Stat`) read at ``read_ns`` (ns since the epoch) had
    been last modified long enough before for a later write to show in its stat."""
    return read_ns - stat[1] >= SETTLED_NS
