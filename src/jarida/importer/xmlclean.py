"""Read an XML file as text in line-aligned chunks, repairing what XML 1.0 forbids on the way.

WordPress exports often carry characters that no XML 1.0 parser accepts: control characters
pasted from word processors, references such as ``&#xD800;`` (half of a surrogate pair), bytes
that are not UTF-8. Each is removed (or, for bad bytes, replaced by U+FFFD) before the parser
sees it, and counted with the line it was on. Memory stays bounded: one chunk at a time.

Nested CDATA sections (``<x><![CDATA[ a <![CDATA[ b ]]> c ]]></x>``) are read as WordPress's own
importer reads them when XML fails it: its regex parser takes the element's whole text, less the
outer markers. Expat would end the section at the first ``]]>`` and fail on the second, losing the
item; so the inner ``]]>`` is written ``]]]]><![CDATA[>`` (WordPress's escape of ``]]>`` in
CDATA), which expat reads as the same text. Only an element whose opening tag and end tag are in
the same chunk is repaired (any element shorter than the chunk, 1 MiB).
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

CHUNK_BYTES = 1 << 20
#: A "line" longer than this is handed on in pieces (a repair may then miss a split reference).
MAX_CARRY = 16 * CHUNK_BYTES
#: Lines quoted in a message, at most.
SHOWN_LINES = 8

# Characters XML 1.0 forbids, plus the lone surrogates that ``surrogateescape`` makes of bad bytes.
_RAW_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_CDATA_MARKERS = re.compile(r"<!\[CDATA\[|\]\]>")
#: A CDATA section opened inside another one: its markers are text to XML.
_NESTED = re.compile(r"<!\[CDATA\[(?:(?!\]\]>).)*?<!\[CDATA\[", re.DOTALL)
#: The tag just before a CDATA section (searched in a window that ends at the section).
_OPEN_TAG = re.compile(r"<([^\s<>/!?]+)[^<>]*>\s*\Z")
_TAG_WINDOW = 300
_CDATA_END_ESCAPED = "]]]]><![CDATA[>"
NESTED_CDATA = (
    "escaped the `]]>` of a CDATA section nested in another, so that the element's text reads "
    "as in WordPress"
)
_DECLARED = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DECLARATION_ENCODING = re.compile(r"""(<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)""")


def allowed_in_xml(code: int) -> bool:
    """Whether XML 1.0 allows the character (as text or as a ``&#...;`` reference)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Repair:
    """What was removed or replaced, of one kind: how often and on which lines."""

    kind: str
    count: int
    lines: tuple[int, ...]

    def describe(self) -> str:
        shown = ", ".join(str(n) for n in self.lines[:SHOWN_LINES])
        more = " …" if len(self.lines) > SHOWN_LINES else ""
        where = "line" if len(self.lines) == 1 else "lines"
        return f"{self.kind} ×{self.count} ({where} {shown}{more})"


def detect_encoding(head: bytes) -> str:
    """The encoding of an XML document from its BOM or declaration; UTF-8 by default."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    match = _DECLARED.search(head[:1024])
    if match:
        name = match.group(1).decode("ascii")
        try:
            codecs.lookup(name)
        except LookupError:
            return "utf-8"
        return "utf-8" if codecs.lookup(name).name == "utf-8" else name
    return "utf-8"


class CleanText:
    """Decode and repair an XML byte stream; iterate for text chunks that end at a line end.

    ``line`` is the number of lines read so far; ``repairs()`` tells what was changed.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._in_cdata = False
        self.line = 1
        self._counts: Counter[str] = Counter()
        self._lines: dict[str, list[int]] = {}

    def __iter__(self) -> Iterator[str]:
        head = self._stream.read(CHUNK_BYTES)
        encoding = detect_encoding(head)
        decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
        carry = ""
        first = True
        data = head
        while data:
            text = carry + decoder.decode(data)
            if first and encoding not in ("utf-8", "utf-8-sig"):
                # The text is handed on as str: the declaration must not make the parser re-decode.
                text = _DECLARATION_ENCODING.sub(r"\1UTF-8", text, count=1)
            first = False
            cut = text.rfind("\n") + 1
            if not cut and len(text) > MAX_CARRY:
                cut = len(text)
            carry = text[cut:]
            if cut:
                yield self._clean(text[:cut])
            data = self._stream.read(CHUNK_BYTES)
        rest = carry + decoder.decode(b"", final=True)
        if rest:
            yield self._clean(rest)

    def repairs(self) -> tuple[Repair, ...]:
        return tuple(
            Repair(kind=kind, count=count, lines=tuple(self._lines[kind]))
            for kind, count in sorted(self._counts.items())
        )

    def _note(self, kind: str, line: int) -> None:
        self._counts[kind] += 1
        lines = self._lines.setdefault(kind, [])
        if len(lines) <= SHOWN_LINES and (not lines or lines[-1] != line):
            lines.append(line)

    def _clean(self, chunk: str) -> str:
        if "<![CDATA[" in chunk and _NESTED.search(chunk):
            chunk = self._unnest(chunk)
        if _RAW_BAD.search(chunk) or ("&#" in chunk and _bad_reference(chunk)):
            pieces = chunk.split("\n")
            cleaned = []
            for index, piece in enumerate(pieces):
                if index:
                    self.line += 1
                cleaned.append(self._clean_line(piece))
            chunk = "\n".join(cleaned)
        else:
            self._in_cdata = _cdata_after(chunk, self._in_cdata)
            self.line += chunk.count("\n")
        return chunk

    def _unnest(self, chunk: str) -> str:
        """``chunk`` with the ``]]>`` of each nested CDATA section escaped (see the module)."""
        pieces: list[str] = []
        last, depth, name = 0, 1 if self._in_cdata else 0, ""
        for marker in _CDATA_MARKERS.finditer(chunk):
            if marker.group() == "<![CDATA[":
                if depth == 0:
                    start = max(0, marker.start() - _TAG_WINDOW)
                    tag = _OPEN_TAG.search(chunk, start, marker.start())
                    name = tag.group(1) if tag else ""
                depth += 1
            elif depth > 1 and name and _nested_end(chunk, marker.end(), name):
                pieces += [chunk[last : marker.start()], _CDATA_END_ESCAPED]
                last = marker.end()
                depth -= 1
                self._note(NESTED_CDATA, self.line + chunk.count("\n", 0, marker.start()))
            else:
                depth = 0
        return "".join(pieces) + chunk[last:]

    def _clean_line(self, line: str) -> str:
        line = _RAW_BAD.sub(self._raw, line)
        if "&#" in line:
            parts = []
            last = 0
            for marker in _CDATA_MARKERS.finditer(line):
                parts.append(self._segment(line[last : marker.start()]))
                parts.append(marker.group())
                self._in_cdata = marker.group() == "<![CDATA["
                last = marker.end()
            parts.append(self._segment(line[last:]))
            line = "".join(parts)
        else:
            self._in_cdata = _cdata_after(line, self._in_cdata)
        return line

    def _segment(self, text: str) -> str:
        """Outside CDATA, references to forbidden characters go; inside, they are plain text."""
        return text if self._in_cdata else _CHAR_REF.sub(self._reference, text)

    def _raw(self, match: re.Match[str]) -> str:
        char = match.group()
        if "\udc80" <= char <= "\udcff":
            self._note(
                "replaced a byte that is not valid in the file's encoding by U+FFFD", self.line
            )
            return "\ufffd"
        self._note(f"removed character U+{ord(char):04X}, which XML 1.0 forbids", self.line)
        return ""

    def _reference(self, match: re.Match[str]) -> str:
        if allowed_in_xml(_reference_code(match)):
            return match.group()
        self._note(f"removed {match.group()}, a character XML 1.0 forbids", self.line)
        return ""


def _reference_code(match: re.Match[str]) -> int:
    hex_digits, decimal = match.groups()
    return int(hex_digits, 16) if hex_digits else int(decimal)


def _bad_reference(text: str) -> bool:
    """Whether ``text`` refers to a character XML forbids (``&#8217;`` and the like are fine)."""
    return any(not allowed_in_xml(_reference_code(m)) for m in _CHAR_REF.finditer(text))


def _nested_end(chunk: str, after: int, name: str) -> bool:
    """Whether the ``]]>`` that ends at ``after``, inside a nested section of the element
    ``name``, closes the inner section: the element's end tag does not follow it, and the text
    before that end tag ends with another ``]]>`` (the outer section's)."""
    if re.compile(rf"\s*</{re.escape(name)}[\s>]").match(chunk, after):
        return False
    end = chunk.find(f"</{name}", after)
    return end > after and chunk[after:end].rstrip().endswith("]]>")


def _cdata_after(text: str, in_cdata: bool) -> bool:
    """Whether a CDATA section is open after ``text``: the last marker in it decides."""
    start, end = text.rfind("<![CDATA["), text.rfind("]]>")
    if start == end == -1:
        return in_cdata
    return start > end
