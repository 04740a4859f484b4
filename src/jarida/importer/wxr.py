"""Stream a WordPress export (WXR 1.0–1.2, ``http`` or ``https`` namespace) as records.

``read_wxr`` yields one :class:`Channel` (the site, its authors) before the first item, one
:class:`Item` per ``<item>``, and a :class:`Diagnostic` for each problem it recovered from. Items
are built and dropped one at a time (``XMLPullParser`` fed line-aligned chunks, each finished
element removed from the tree), so memory does not grow with the size of the export.

Recovery: characters XML 1.0 forbids are repaired before parsing (:mod:`.xmlclean`); after any
other XML error the reader names the line, drops the item it was in and resumes at the next
``<item>``; a truncated file keeps every complete item before the cut.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from jarida.errors import Diagnostic, error, warning
from jarida.importer.items import WP_NS, Author, Channel, Item, build_item, local_name, texts
from jarida.importer.xmlclean import CleanText

#: The taxonomy of Polylang's groups of translations.
TRANSLATION_GROUPS = "post_translations"
KNOWN_VERSIONS = frozenset({"1.0", "1.1", "1.2"})
#: After this many XML errors the file is not worth reading on.
MAX_ERRORS = 100
_ITEM_START = re.compile(r"<item>")
Record = Channel | Item | Diagnostic
if TYPE_CHECKING:
    _Parser = ET.XMLPullParser[ET.Element | tuple[str, str] | None]


def _describe(elem: ET.Element | None) -> str:
    """The title and id of a partly read item, as far as they were read."""
    if elem is None:
        return ""
    fields = texts(elem)
    title, post_id = fields.get("title", "").strip(), fields.get("wp:post_id", "").strip()
    parts = [f"«{title}»" if title else "", f"id {post_id}" if post_id else ""]
    named = " ".join(p for p in parts if p)
    return f" ({named})" if named else ""


class _Unreadable(Exception):  # noqa: N818 (reads as: raise _Unreadable)
    """The file cannot be read as a WordPress export at all."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


class _Reader:
    """One pass over one export. Holds only the header and the item being read."""

    def __init__(self, text: CleanText, shown: str) -> None:
        self.text = text
        self.shown = shown
        self.namespaces: list[tuple[str, str]] = []
        self.header: dict[str, str] = {}
        self.authors: dict[str, Author] = {}
        self.groups: dict[str, str] = {}
        self.channel_sent = False
        self.items = 0
        self.errors = 0
        self.depth = 0
        self.channel: ET.Element | None = None
        self.item: ET.Element | None = None
        self.line_offset = 0

    def parser(self, resume_line: int) -> _Parser:
        parser: _Parser = ET.XMLPullParser(events=("start", "end", "start-ns"))
        if resume_line:
            declared = " ".join(
                f'xmlns:{prefix}="{uri}"' if prefix else f'xmlns="{uri}"'
                for prefix, uri in self.namespaces
            )
            parser.feed(f"<rss {declared}><channel>")
            self.depth, self.line_offset, self.item = 0, resume_line - 1, None
        return parser

    def records(self) -> Iterator[Record]:
        try:
            yield from self.read()
        except _Unreadable as exc:
            yield error(self.shown, str(exc), line=exc.line)

    def read(self) -> Iterator[Record]:
        parser: _Parser | None = self.parser(0)
        for chunk in self.text:
            first_line = self.text.line - chunk.count("\n")
            start = 0
            if parser is None:  # after an error: look for the next item
                start, parser = self.resume(chunk, first_line, 0)
            while parser is not None:
                try:
                    parser.feed(chunk[start:])
                    yield from self.events(parser)
                    break
                except ET.ParseError as exc:
                    line, col, offset = self.locate(exc, chunk, first_line)
                    yield self.broken(exc, line, col)
                    self.errors += 1
                    start, parser = self.resume(chunk, first_line, offset + 1)
        yield from self.finish(parser)

    def locate(self, exc: ET.ParseError, chunk: str, first_line: int) -> tuple[int, int, int]:
        """An XML error's line in the file, 1-based column (0: unknown), and offset in ``chunk``.

        Expat counts columns in characters, from 0.
        """
        parser_line, column = exc.position
        line = parser_line + self.line_offset
        start = _offset_of_line(chunk, line - first_line) if line >= first_line else -1
        if start < 0 or (parser_line == 1 and self.line_offset):
            return line, 0, max(start, 0)  # a line read before, or the one resumed mid-way
        return line, column + 1, start + column

    def resume(self, chunk: str, first_line: int, offset: int) -> tuple[int, _Parser | None]:
        """A parser from the first ``<item>`` of ``chunk`` after ``offset``, if there is one."""
        found = _ITEM_START.search(chunk, offset)
        if found is None:
            return 0, None
        return found.start(), self.parser(first_line + chunk.count("\n", 0, found.start()))

    def broken(self, exc: ET.ParseError, line: int, col: int) -> Diagnostic:
        if not self.namespaces:
            raise _Unreadable(f"this is not a readable XML file: {_reason(exc)}", line)
        if self.errors >= MAX_ERRORS:
            raise _Unreadable(f"more than {MAX_ERRORS} XML errors; reading stopped here", line)
        return warning(
            self.shown,
            f"XML error: {_reason(exc)}; the item{_describe(self.item)} read at that point was "
            f"skipped and reading went on at the next <item> ({self.items} items read so far)",
            line=line,
            col=col,
            hint="fix the export at this line and import again to get the skipped item",
        )

    def events(self, parser: _Parser) -> Iterator[Record]:
        for event_value in parser.read_events():
            if len(event_value) != 2:
                continue
            event, value = event_value
            if isinstance(value, tuple):
                if self.depth == 0 and value not in self.namespaces:
                    self.namespaces.append(value)
            elif value is None:
                continue
            elif event == "start":
                yield from self.start(value)
            else:
                yield from self.end(value)

    def start(self, elem: ET.Element) -> Iterator[Record]:
        self.depth += 1
        name = local_name(elem.tag)
        if self.depth == 1 and name != "rss":
            raise _Unreadable(f"this is not a WordPress export: its root is <{name}>, not <rss>")
        if self.depth == 2 and name == "channel":
            self.channel = elem
        elif self.depth == 3 and name == "item":
            if not any(WP_NS.match(uri) for _, uri in self.namespaces):
                raise _Unreadable("this RSS file is not a WordPress export: no wp: namespace")
            self.item = elem
            if not self.channel_sent:
                yield self.make_channel()

    def end(self, elem: ET.Element) -> Iterator[Record]:
        if self.depth == 3:
            name = local_name(elem.tag)
            if name == "item":
                self.items += 1
                self.item = None
                yield build_item(elem)
            elif name == "wp:author":
                fields = texts(elem)
                login = fields.get("wp:author_login", "").strip()
                shown = fields.get("wp:author_display_name", "").strip() or login
                self.authors[login] = Author(login=login, display_name=shown)
            elif name == "wp:term":
                fields = texts(elem)
                if fields.get("wp:term_taxonomy", "").strip() == TRANSLATION_GROUPS:
                    slug = fields.get("wp:term_slug", "").strip()
                    self.groups.setdefault(slug, fields.get("wp:term_description", ""))
            elif len(elem) == 0:
                self.header.setdefault(name, (elem.text or "").strip())
            if self.channel is not None:
                self.channel.remove(elem)
        self.depth -= 1

    def make_channel(self) -> Record:
        self.channel_sent = True
        h = self.header.get
        return Channel(
            title=h("title", ""),
            link=h("link", ""),
            description=h("description", ""),
            language=h("language", ""),
            wxr_version=h("wp:wxr_version", ""),
            base_blog_url=h("wp:base_blog_url", "") or h("link", ""),
            pub_date=h("pubDate", ""),
            authors=MappingProxyType(dict(self.authors)),
            translation_groups=MappingProxyType(dict(self.groups)),
        )

    def finish(self, parser: _Parser | None) -> Iterator[Record]:
        try:
            if parser is not None:
                parser.close()
                yield from self.events(parser)
        except ET.ParseError as exc:
            if not self.namespaces:
                raise _Unreadable(f"this is not a readable XML file: {_reason(exc)}") from None
            yield self.truncated(exc)
        if not self.channel_sent and (self.namespaces or self.header):
            yield self.make_channel()
        version = self.header.get("wp:wxr_version", "")
        if version and version not in KNOWN_VERSIONS:
            yield warning(self.shown, f"WXR version {version} is newer than 1.2; read as 1.2")
        for repair in self.text.repairs():
            yield warning(
                self.shown,
                f"{repair.describe()}; the rest of the text was kept",
                line=repair.lines[0],
            )

    def truncated(self, exc: ET.ParseError) -> Diagnostic:
        line = exc.position[0] + self.line_offset
        if self.item is not None:
            lost = f"the unfinished item{_describe(self.item)} at its end was not imported"
        else:
            lost = "no item was cut"
        return warning(
            self.shown,
            f"the file ends before the export does ({_reason(exc)}): it looks truncated. "
            f"{self.items} complete items were read; {lost}",
            line=line,
            hint="export again from WordPress, or import this file as it is",
        )


def _reason(exc: ET.ParseError) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(exc))


def _offset_of_line(chunk: str, index: int) -> int:
    """The offset of the ``index``-th line (0-based) of ``chunk``; -1 when it has fewer lines."""
    offset = 0
    for _ in range(index):
        offset = chunk.find("\n", offset) + 1
        if offset == 0:
            return -1
    return offset


def read_wxr(path: Path, shown: str | None = None) -> Iterator[Record]:
    """Every record of the export at ``path``; problems name ``shown`` (default: the path)."""
    with path.open("rb") as stream:
        yield from _Reader(CleanText(stream), shown or path.as_posix()).records()
