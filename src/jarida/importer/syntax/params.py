"""The parts of a Hugo shortcode and of a Liquid tag: name and parameters, as their own
lexers read them (quoted with ``"``, ``'`` or backticks, or bare; positional or named)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from jarida.importer.syntax.model import LONGEST

_NAME = re.compile(r"[\w./-]+")
_GO_ESCAPE = re.compile(r"\\(.)")
_GO_ESCAPES = MappingProxyType({"n": "\n", "t": "\t", "\\": "\\", '"': '"'})
_LIQUID_PARAM = re.compile(r"""([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+)""")
#: A bare Liquid value that is a variable (``page.image``), not a literal (``photo.jpg``).
_VARIABLE = re.compile(r"^(?:page|site|include|post|layout|paginator|forloop|jekyll)\.")
_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|bmp|tiff?|heic|pdf|mp[34]|webm)$", re.I)


@dataclass(frozen=True, slots=True)
class Value:
    text: str
    #: Written without quotes: for Liquid, a variable whose value is unknown here.
    bare: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Shortcode:
    """One Hugo shortcode tag, ``{{< name params >}}`` or ``{{% … %}}``."""

    start: int
    end: int
    name: str
    positional: tuple[Value, ...] = ()
    named: Mapping[str, Value] = field(default_factory=lambda: MappingProxyType({}))
    closing: bool = False
    self_closing: bool = False
    #: ``{{</* … */>}}``: Hugo shows the shortcode as written, without the comment marks.
    escaped_text: str | None = None

    def get(self, key: str, index: int | None = None) -> str | None:
        """A named parameter, else the positional one at ``index``."""
        if key in self.named:
            return self.named[key].text
        if index is not None and index < len(self.positional):
            return self.positional[index].text
        return None


def window(text: str, start: int) -> int:
    """How far the construct opened at ``start`` may reach: :data:`LONGEST`, and not past the
    next opening of its kind (one construct does not hold another, and a body of unclosed
    ones is read in linear time)."""
    following = text.find(text[start : start + 2], start + 2, start + LONGEST)
    return following if following > 0 else min(len(text), start + LONGEST)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _quoted(text: str, i: int, limit: int) -> tuple[str, int] | None:
    """The string that starts at ``text[i]`` (``"…"`` with Go escapes, or a backtick raw
    string) and the offset after it; None when it does not end."""
    quote, start = text[i], i + 1
    end = text.find(quote, start, limit)
    while end > 0 and quote == '"' and _escaped_quote(text, start, end):
        end = text.find(quote, end + 1, limit)
    if end < 0:
        return None
    inside = text[start:end]
    if quote == '"':
        inside = _GO_ESCAPE.sub(lambda m: _GO_ESCAPES.get(m[1], m.group()), inside)
    return inside, end + 1


def _escaped_quote(text: str, start: int, at: int) -> bool:
    """Whether the quote at ``at`` is escaped (an odd run of backslashes before it)."""
    run = at
    while run > start and text[run - 1] == "\\":
        run -= 1
    return (at - run) % 2 == 1


def _value(text: str, i: int, close: str, limit: int) -> tuple[Value, int] | None:
    if text[i] in '"`':
        found = _quoted(text, i, limit)
        return None if found is None else (Value(found[0]), found[1])
    start = i
    while i < limit and text[i] not in " \t\r\n" and not text.startswith(close, i):
        if text.startswith("/" + close, i):
            break
        i += 1
    return Value(text[start:i], bare=True), i


def _escaped(text: str, start: int, kind: str) -> Shortcode | None:
    ending = ">" if kind == "<" else "%"
    opening = re.compile(r"\{\{[<%]\s*/\*").match(text, start)
    found = re.compile(r"\*/\s*" + re.escape(ending) + r"\}\}").search(
        text, start + 3, start + LONGEST
    )
    if opening is None or found is None:
        return None
    inner = text[opening.end() : found.start()]
    shown = "{{" + kind + inner + ending + "}}"
    return Shortcode(start=start, end=found.end(), name="", escaped_text=shown)


def shortcode(text: str, start: int) -> Shortcode | None:
    """The shortcode whose ``{{<`` or ``{{%`` is at ``start``, or None if that is not one."""
    kind = text[start + 2]
    close = (">" if kind == "<" else "%") + "}}"
    if text.find(close, start, start + LONGEST) < 0:
        return None
    i = _skip_space(text, start + 3)
    if text.startswith("/*", i):
        return _escaped(text, start, kind)
    closing = text.startswith("/", i)
    name = _NAME.match(text, _skip_space(text, i + closing))
    if name is None:
        return None
    i, positional, named = name.end(), list[Value](), dict[str, Value]()
    limit = min(len(text), start + LONGEST)
    while True:
        i = _skip_space(text, i)
        if i >= limit:
            return None
        if text.startswith(close, i) or text.startswith("/" + close, i):
            self_closing = text[i] == "/"
            end = i + len(close) + self_closing
            return Shortcode(
                start=start,
                end=end,
                name=name.group().strip("/"),
                positional=tuple(positional),
                named=MappingProxyType(named),
                closing=closing,
                self_closing=self_closing,
            )
        key = re.compile(r"([\w-]+)\s*=\s*").match(text, i)
        found = _value(text, key.end() if key else i, close, limit)
        if found is None or found[1] == i or "{{" in found[0].text:
            return None  # not a shortcode (one cannot hold another): the scan goes on
        if key:
            named[key.group(1)] = found[0]
        else:
            positional.append(found[0])
        i = found[1]


@dataclass(frozen=True, slots=True, kw_only=True)
class LiquidTag:
    name: str
    #: What follows the name (``ruby linenos``, ``image.html url="…"``).
    rest: str


_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)


def liquid_tag(text: str, start: int) -> tuple[LiquidTag, int] | None:
    """The Liquid tag at ``start`` and the offset after it."""
    match = _TAG.match(text, start, window(text, start))
    if match is None:
        return None
    return LiquidTag(name=match.group(1), rest=match.group(2).strip()), match.end()


def include_params(rest: str) -> tuple[str, dict[str, Value]]:
    """The file an ``include`` names and its parameters."""
    name, _, params = rest.partition(" ")
    found: dict[str, Value] = {}
    for match in _LIQUID_PARAM.finditer(params):
        raw = match.group(2)
        if raw[0] in "\"'":
            found[match.group(1)] = Value(raw[1:-1].replace('\\"', '"'))
        else:
            literal = raw.replace(".", "").isdigit() or "/" in raw or bool(_FILE.search(raw))
            found[match.group(1)] = Value(raw, bare=not literal or bool(_VARIABLE.match(raw)))
    return name.strip(), found
