"""Characters that XML 1.0 forbids: the C0 controls but tab, line feed and carriage return,
U+FFFE, U+FFFF and lone surrogates. One of them makes a feed or a sitemap unreadable, so they are
taken out of sources (with a warning) and, whatever their origin, out of every output.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Vertical tab and form feed separate words: they become spaces; the others go.
_SPACES = frozenset("\x0b\x0c")


def strip_forbidden(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (VT and FF become spaces)."""
    if not FORBIDDEN.search(text):
        return text
    return FORBIDDEN.sub(lambda m: " " if m.group() in _SPACES else "", text)


#: The C0 controls XML 1.0 forbids, as bytes (their UTF-8 is themselves).
_C0_BYTES = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
#: How U+FFC0 to U+FFFF begin in UTF-8, U+FFFE and U+FFFF among them; and the first byte of
#: that, looked for first (one ``memchr``, where a two-byte search costs as much as
#: ``translate``: Arabic text is made of the bytes such a search skips slowly).
_LAST_CHARACTERS = b"\xef\xbf"
_LAST_LEAD = b"\xef"


def encoded_for_xml(text: str) -> bytes:
    """``text`` without the characters XML 1.0 forbids, in UTF-8: checked on the bytes, which
    is several times faster than searching the text (the usual case: none there)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return strip_forbidden(text).encode("utf-8")
    if len(data.translate(None, _C0_BYTES)) == len(data) and (
        _LAST_LEAD not in data or _LAST_CHARACTERS not in data
    ):
        return data
    return strip_forbidden(text).encode("utf-8")


def describe(text: str) -> str:
    """«2 characters that XML forbids (U+0001 first)» for the forbidden characters of ``text``."""
    found = FORBIDDEN.findall(text)
    what = "a character" if len(found) == 1 else f"{len(found)} characters"
    return f"{what} that XML forbids (U+{ord(found[0]):04X}{' first' if len(found) > 1 else ''})"
