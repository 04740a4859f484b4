"""Code in the source, which keeps its text: fenced and indented blocks as Jarida's Markdown
reads them, and inline code spans.

Inside code only what the old generator itself took out is taken out: Jekyll's
``{% raw %}``/``{% endraw %}`` marks, and Hugo's comment marks of an escaped shortcode
(``{{</* x */>}}`` shows as ``{{< x >}}``), so that a tutorial shows what its readers saw.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from jarida.config import MarkdownConfig
from jarida.importer.syntax.model import LONGEST, Dialect
from jarida.markdown import make_parser

_UP_TO = f"{LONGEST}}}"
_RAW_MARK = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])\s*/\*(.{0," + _UP_TO + r"?)\*/\s*[>%]\}\}", re.DOTALL)
#: The opening tags of blocks whose content is taken as written wherever it is (highlight,
#: raw, comment), and their end tags by name.
_OPENING = MappingProxyType(
    {
        "jekyll": re.compile(r"\{%-?\s*(highlight|raw|comment)\b[^%]{0," + _UP_TO + r"%\}"),
        "hugo": re.compile(r"\{\{[<%]\s*(highlight)\b[^\n]{0," + _UP_TO + r"?[>%]\}\}"),
    }
)
_ENDING = MappingProxyType(
    {
        "highlight": re.compile(
            r"\{%-?\s*endhighlight\s*-?%\}|\{\{[<%]\s*/\s*highlight\s*[>%]\}\}"
        ),
        "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}"),
        "comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
    }
)


@dataclass(frozen=True, slots=True)
class CodeBlocks:
    """The offsets ``[start, end)`` of the source's code blocks, in order."""

    spans: tuple[tuple[int, int], ...]
    #: Where each of them ends.
    ends: tuple[int, ...]
    #: The blocks of raw HTML, where Markdown is not read.
    html: tuple[tuple[int, int], ...]
    #: Where the runs of backticks of each length are (code spans).
    ticks: Mapping[int, tuple[int, ...]]
    #: Where blank lines are (a code span does not cross one).
    blank_lines: tuple[int, ...]

    def after(self, at: int) -> tuple[int, int] | None:
        """The first block that ends after ``at``."""
        i = bisect_right(self.ends, at)
        return self.spans[i] if i < len(self.spans) else None

    def in_html(self, at: int) -> bool:
        return _inside(self.html, at)

    def code_span_end(self, start: int, run: int) -> int | None:
        """Where the code span opened by the ``run`` backticks at ``start`` ends, or None (a
        run that closes nothing is text). A span does not cross a blank line."""
        i = bisect_right(self.blank_lines, start)
        limit = self.blank_lines[i] if i < len(self.blank_lines) else 1 << 62
        same = self.ticks.get(run, ())
        j = bisect_right(same, start)
        return same[j] + run if j < len(same) and same[j] < limit else None


Spans = list[tuple[int, int]]


def _blocks(text: str) -> tuple[Spans, Spans]:
    """The code blocks and the raw HTML blocks of ``text``, as offsets."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    code: Spans = []
    html: Spans = []
    parser = make_parser(MarkdownConfig()).disable("inline")  # blocks are enough here
    for token in parser.parse(text):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            first, last = token.map
            end = starts[last] if last < len(starts) else len(text)
            (html if token.type == "html_block" else code).append((starts[first], end))
    return code, html


def _inside(spans: Sequence[tuple[int, int]], at: int) -> bool:
    i = bisect_right(spans, (at, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def _literal_blocks(text: str, dialect: Dialect, code: Spans) -> Spans:
    """The insides of the highlight, raw and comment blocks that start outside code."""
    ends = {name: [m.start() for m in pattern.finditer(text)] for name, pattern in _ENDING.items()}
    found: Spans = []
    for opening in _OPENING[dialect].finditer(text):
        if (found and opening.start() < found[-1][1]) or _inside(code, opening.start()):
            continue
        candidates = ends[opening.group(1)]
        i = bisect_left(candidates, opening.end())
        if i < len(candidates):
            found.append((opening.end(), candidates[i]))
    return found


def code_blocks(text: str, dialect: Dialect) -> CodeBlocks:
    """The code blocks of ``text``; what the old generator's highlight, raw and comment blocks
    hold is blanked first (their text is taken as written: a fence inside is not one)."""
    spans, html = _blocks(text)
    literal = _literal_blocks(text, dialect, spans)
    if literal:
        blanked = list(text)
        for start, end in literal:
            for i in range(start, end):
                blanked[i] = blanked[i] if blanked[i] == "\n" else " "
        spans, html = _blocks("".join(blanked))
    ticks: dict[int, list[int]] = {}
    for run in re.finditer(r"`+", text):
        ticks.setdefault(len(run.group()), []).append(run.start())
    return CodeBlocks(
        spans=tuple(spans),
        ends=tuple(end for _, end in spans),
        html=tuple(html),
        ticks=MappingProxyType({n: tuple(at) for n, at in ticks.items()}),
        blank_lines=tuple(m.start() for m in re.finditer(r"\n[ \t]*\n", text)),
    )


def in_code(text: str, dialect: Dialect) -> str:
    """Code as the old generator showed it."""
    if dialect == "jekyll":
        return _RAW_MARK.sub("", text)
    return _ESCAPED_SHORTCODE.sub(_unescaped, text)


def _unescaped(match: re.Match[str]) -> str:
    """``{{</* x */>}}`` as Hugo shows it: ``{{< x >}}``."""
    return "{{" + match[1] + match[2] + match[1].replace("<", ">") + "}}"
