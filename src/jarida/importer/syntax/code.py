"""Code in the source, which keeps its text: fenced and indented blocks as Jarida's Markdown
reads them, and inline code spans.

Inside code only what the old generator itself took out is taken out: Jekyll's
``{% raw %}``/``{% endraw %}`` marks, and Hugo's comment marks of an escaped shortcode
(``{{</* x */>}}`` shows as ``{{< x >}}``), so that a tutorial shows what its readers saw.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from types import MappingProxyType

from jarida.config import MarkdownConfig
from jarida.importer.syntax.model import Dialect
from jarida.markdown import make_parser

_RAW_MARK = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])\s*/\*(.*?)\*/\s*[>%]\}\}", re.DOTALL)
#: Blocks whose content is taken as written wherever it is (highlight, raw, comment).
_LITERAL_BLOCK = MappingProxyType(
    {
        "jekyll": re.compile(
            r"\{%-?\s*(highlight|raw|comment)\b[^%]*%\}(.*?)\{%-?\s*end\1\s*-?%\}", re.DOTALL
        ),
        "hugo": re.compile(
            r"\{\{[<%]\s*(highlight)\b.*?[>%]\}\}(.*?)\{\{[<%]\s*/\s*highlight\s*[>%]\}\}",
            re.DOTALL,
        ),
    }
)


@dataclass(frozen=True, slots=True)
class CodeBlocks:
    """The offsets ``[start, end)`` of the source's code blocks, in order."""

    spans: tuple[tuple[int, int], ...]
    #: The blocks of raw HTML, where Markdown is not read.
    html: tuple[tuple[int, int], ...] = ()

    def after(self, at: int) -> tuple[int, int] | None:
        """The first block that ends after ``at``."""
        i = bisect_right([end for _, end in self.spans], at)
        return self.spans[i] if i < len(self.spans) else None

    def in_html(self, at: int) -> bool:
        return any(start <= at < end for start, end in self.html)


Spans = list[tuple[int, int]]


def _blocks(text: str) -> tuple[Spans, Spans]:
    """The code blocks and the raw HTML blocks of ``text``, as offsets."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    code: Spans = []
    html: Spans = []
    for token in make_parser(MarkdownConfig()).parse(text):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            first, last = token.map
            end = starts[last] if last < len(starts) else len(text)
            (html if token.type == "html_block" else code).append((starts[first], end))
    return code, html


def code_blocks(text: str, dialect: Dialect) -> CodeBlocks:
    """The code blocks of ``text``; what the old generator's highlight, raw and comment blocks
    hold is blanked first (their text is taken as written: a fence inside is not one)."""
    spans, html = _blocks(text)
    blanked, changed = list(text), False
    for match in _LITERAL_BLOCK[dialect].finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            changed = True
            for i in range(match.start(2), match.end(2)):
                blanked[i] = blanked[i] if blanked[i] == "\n" else " "
    if changed:
        spans, html = _blocks("".join(blanked))
    return CodeBlocks(tuple(spans), tuple(html))


def in_code(text: str, dialect: Dialect) -> str:
    """Code as the old generator showed it."""
    if dialect == "jekyll":
        return _RAW_MARK.sub("", text)
    return _ESCAPED_SHORTCODE.sub(
        lambda m: "{{" + m[1] + m[2] + m[1].replace("<", ">") + "}}", text
    )


def code_span_end(text: str, start: int) -> int | None:
    """Where the code span opened by the run of backticks at ``start`` ends, or None (a run
    that closes nothing is text). A span does not cross a blank line."""
    run = 0
    while start + run < len(text) and text[start + run] == "`":
        run += 1
    closing = re.compile(r"(?<!`)" + "`" * run + r"(?!`)")
    paragraph_end = re.compile(r"\n[ \t]*\n").search(text, start)
    limit = paragraph_end.start() if paragraph_end else len(text)
    found = closing.search(text, start + run, limit)
    return found.end() if found else None
