"""What every construct's translation uses: the source, the output, the links, and the ways a
construct is replaced (inline, as a block of its own, as a removed line, or kept untranslated)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from jarida.importer.syntax import markup
from jarida.importer.syntax.code import CodeBlocks
from jarida.importer.syntax.model import Dialect, Links, Output, quoted

#: A path whose last segment has one of these suffixes, or none, is a page; else a file.
_PAGE_SUFFIXES = ("", ".html", ".htm", ".md", ".markdown")

#: Before a construct on its line: it is inside an HTML attribute's quoted value.
_IN_ATTRIBUTE = re.compile(r"<[A-Za-z][^<>]*\s[\w:-]+\s*=\s*(?:\"[^\"<>]*|'[^'<>]*)$")
_PLAIN_RUN = re.compile(r"[^{}`<\\\n]+")
UNTRANSLATED_HINT = (
    "it is kept in an HTML comment, hidden from readers, where it was: write what it showed "
    "in Markdown or HTML, then delete the comment"
)


@dataclass(frozen=True, slots=True)
class Context:
    text: str
    dialect: Dialect
    links: Links
    out: Output
    blocks: CodeBlocks
    #: Where each end tag is (by its pattern), found once: a body of many unclosed blocks
    #: is not searched to its end for each.
    ends: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def next_end(self, pattern: str, after: int) -> tuple[int, int] | None:
        """The first match of ``pattern`` at or after ``after``, as ``(start, end)``."""
        if pattern not in self.ends:
            self.ends[pattern] = [m.span() for m in re.finditer(pattern, self.text)]
        found = self.ends[pattern]
        i = bisect_left(found, (after, 0))
        return found[i] if i < len(found) else None

    def line_start(self, at: int) -> int:
        newlines = self.out.newlines
        i = bisect_left(newlines, at)
        return newlines[i - 1] + 1 if i else 0

    def line_end(self, at: int) -> int:
        newlines = self.out.newlines
        i = bisect_left(newlines, at)
        return newlines[i] if i < len(newlines) else len(self.text)

    def starts_line(self, at: int) -> bool:
        """Whether only spaces are before ``at`` on its line."""
        while at > 0 and self.text[at - 1] in " \t":
            at -= 1
        return at == 0 or self.text[at - 1] == "\n"

    def indent(self, at: int) -> str:
        """The spaces before ``at`` when nothing else is before it on its line, else ""."""
        return self.text[self.line_start(at) : at] if self.starts_line(at) else ""

    def alone(self, start: int, end: int) -> bool:
        """Whether only spaces share the source's line(s) with ``text[start:end]``."""
        while end < len(self.text) and self.text[end] in " \t":
            end += 1
        return self.starts_line(start) and (end == len(self.text) or self.text[end] == "\n")

    def replace(self, start: int, end: int, text: str) -> int:
        """Write ``text`` for ``text[start:end]`` in the flow of its line."""
        self.out.emit(text, start)
        return end

    def place(self, start: int, end: int, markdown: str, html: str) -> int:
        """Write a translation: ``html`` inside a line of raw HTML (Markdown is not read
        there), else ``markdown``, in a paragraph of its own when the construct is alone on its
        line(s) (a captioned image is then a figure), else in the flow of its line."""
        if self.alone(start, end):
            return self.block(start, end, markdown)
        if self.blocks.in_html(start):
            return self.replace(start, end, html)
        return self.replace(start, end, markdown)

    def block(self, start: int, end: int, text: str, *, paragraph: bool = True) -> int:
        """Write ``text`` for ``text[start:end]`` on lines of its own; a ``paragraph`` with a
        blank line before and after when the construct is alone on its line(s)."""
        if self.alone(start, end):
            self.out.trim_blanks()
            after = self.text[self.line_end(end) :]
            blank_after = not after.strip() or re.match(r"\n[ \t]*(\n|$)", after) is not None
            indent = self.indent(start)
            lead = "" if self.out.at_paragraph_start() or not paragraph else "\n"
            trail = "" if blank_after or not paragraph else "\n"
            self.out.emit(lead + indent + text + trail, start)
            return self.line_end(end)
        if self.out.parts and not self.out.parts[-1].endswith("\n"):
            text = "\n" + text
        return self.replace(start, end, text + ("\n" if self.text[end : end + 1] != "\n" else ""))

    def remove(self, start: int, end: int) -> int:
        """Take ``text[start:end]`` out; its line too when nothing else is on it."""
        if self.alone(start, end):
            self.out.trim_blanks()
            line_end = self.line_end(end)
            return line_end + 1 if line_end < len(self.text) else line_end
        return end

    def untranslated(self, start: int, end: int, what: str, hint: str = "") -> int:
        """Keep ``text[start:end]`` in a hidden comment, with a note."""
        original = self.text[start:end]
        self.out.note(
            start,
            f"{what} `{quoted(original)}` was not translated",
            (hint + "; " if hint else "") + UNTRANSLATED_HINT,
        )
        comment = markup.untranslated(original)
        self.out.kept.append(comment)
        if _IN_ATTRIBUTE.search(self.text, max(self.line_start(start), start - 1000), start):
            # Inside an attribute, the comment waits for the end of the line.
            self.out.pending.append(comment)
            return self.replace(start, end, "#")
        run = _PLAIN_RUN.match(self.text, end)
        if self.starts_line(start) and run and run.group().strip():
            # A comment that starts a line would make the whole line raw HTML: the text after
            # it on its line goes first (the comment is hidden: where it is does not show).
            self.out.emit(run.group() + comment, start)
            return run.end()
        return self.replace(start, end, comment)

    def site_path(self, path: str) -> str:
        """A path on the old site (after ``site.baseurl`` or ``relative_url``) on the new one:
        a file through the importer's assets, a page's URL as it is (old URLs keep answering)."""
        bare = path.split("#")[0].split("?")[0]
        name = bare.rstrip("/").rsplit("/", 1)[-1]
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        if bare.endswith("/") or suffix in _PAGE_SUFFIXES:
            return path or "/"
        return self.links.asset(path)
