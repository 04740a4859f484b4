"""What the translator is given and gives back, and the output it builds on the way.

:class:`Output` is local to one call of ``translate``: the translated text in pieces, each
piece's place in the source (so that a problem found in the output is reported at the source's
line), and the notes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Literal, Protocol

from jarida.errors import Diagnostic, clip, warning

Dialect = Literal["jekyll", "hugo"]
#: The most characters of a construct a note quotes.
QUOTED = 60
#: The longest construct (tag, shortcode, variable) read: each is looked for this far at most,
#: so that a body of unclosed ``{{`` takes linear time.
LONGEST = 4000


class Links(Protocol):
    """The new site's addresses, as the importer knows them."""

    def post(self, name: str) -> str | None:
        """A Jekyll ``post_url`` name (``2020-01-05-name``) -> its new URL path, or None."""
        ...

    def page(self, path: str) -> str | None:
        """A source file (Jekyll ``link``, Hugo ``ref``/``relref``) -> its new URL path, or None."""
        ...

    def asset(self, path: str) -> str:
        """An image or file path as written -> its path on the new site."""
        ...


@dataclass(frozen=True, slots=True)
class Translation:
    #: Markdown/HTML the Jarida build renders.
    text: str
    #: What was not translated, or translated with a loss: each at the source's path and line.
    notes: tuple[Diagnostic, ...]


def quoted(text: str) -> str:
    """A construct as a note quotes it: one line, at most :data:`QUOTED` characters."""
    return clip(" ".join(text.split()), QUOTED)


@dataclass(slots=True)
class Output:
    """The translation being written: pieces of output, each tied to a place in the source."""

    source: str
    text: str
    first_line: int
    parts: list[str] = field(default_factory=list)
    #: (offset in the output, offset in the source) where each piece starts.
    marks: list[tuple[int, int]] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    size: int = 0
    #: Comments kept for the end of the line (their construct was inside a link or attribute).
    pending: list[str] = field(default_factory=list)
    #: The comments written for what was not translated, in order.
    kept: list[str] = field(default_factory=list)
    #: Where the source's lines end (its ``\n``), for lines found by bisection.
    newlines: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]

    def emit(self, text: str, at: int) -> None:
        """Append ``text``, which stands for the source from offset ``at``."""
        if text:
            self.marks.append((self.size, at))
            self.parts.append(text)
            self.size += len(text)

    def emit_text(self, text: str, at: int) -> None:
        """Append source text; comments kept for the end of a line go before its line end."""
        if self.pending and "\n" in text:
            cut = text.index("\n")
            self.emit(text[:cut] + "".join(self.pending), at)
            self.pending.clear()
            text, at = text[cut:], at + cut
        self.emit(text, at)

    def checkpoint(self) -> tuple[int, int, int, int]:
        return len(self.parts), self.size, len(self.kept), len(self.notes)

    def rollback(self, point: tuple[int, int, int, int]) -> list[str]:
        """Take back what was written since ``point``, and return the comments it kept."""
        parts, size, kept, _ = point
        del self.parts[parts:], self.marks[parts:]
        self.size = size
        taken = self.kept[kept:]
        del self.kept[kept:]
        return taken

    def line(self, at: int) -> int:
        """The 1-based line of the source's offset ``at`` in its file."""
        return self.first_line + bisect_left(self.newlines, at)

    def note(self, at: int, message: str, hint: str) -> None:
        self.notes.append(warning(self.source, message, line=self.line(at), hint=hint))

    def at_paragraph_start(self) -> bool:
        """Whether what comes next starts a block: nothing written yet, or after a blank line."""
        end = "".join(self.parts[-3:]).rstrip(" \t")
        return not end.strip() or end.endswith("\n\n") or re.search(r"\n[ \t]*\n$", end) is not None

    def trim_blanks(self) -> None:
        """Take the spaces and tabs that end the output away (a removed line's indent)."""
        while self.parts:
            kept = self.parts[-1].rstrip(" \t")
            self.size -= len(self.parts[-1]) - len(kept)
            if kept:
                self.parts[-1] = kept
                return
            self.parts.pop()
            self.marks.pop()

    def source_lines(self, out_lines: list[int]) -> list[int]:
        """The source's lines (1-based, in its file) of the output's 1-based ``out_lines``."""
        text = self.result()
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        found = []
        for out_line in out_lines:
            at = starts[min(max(out_line, 1), len(starts)) - 1]
            i = max(bisect_right(self.marks, (at, len(self.text) + 1)) - 1, 0)
            out_at, src_at = self.marks[i] if self.marks else (0, 0)
            found.append(self.line(src_at) + text.count("\n", out_at, at))
        return found

    def result(self) -> str:
        return "".join(self.parts) + "".join(self.pending)
