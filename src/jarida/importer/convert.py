"""HTML (as :mod:`.wphtml` prepared it) to Markdown, with ``markdownify``; nothing of the text lost.

Markdown is written for what it expresses well: paragraphs, headings, emphasis, links, images,
lists, quotes, code, and tables of plain cells. What it cannot express is kept as raw HTML, which
Jarida's Markdown passes through (``markdown.html``, on by default): iframes, video and audio,
scripts of embeds, forms, SVG, definition lists, tables with merged or multi-line cells, and
preformatted text that holds links.
Text that Markdown would read as syntax is escaped, so the words render as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PageElement
from markdownify import MarkdownConverter

from jarida.importer.wphtml import MORE_TAG

#: Kept as raw HTML, whole: Markdown has nothing for them.
RAW_TAGS = (
    "iframe",
    "video",
    "audio",
    "object",
    "embed",
    "script",
    "noscript",
    "svg",
    "canvas",
    "form",
    "math",
    "dl",
    "map",
    "template",
)
_BLOCK_IN_CELL = (
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "br",
    "hr",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    *RAW_TAGS,
)
_INLINE_PARENTS = (
    "a",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "p",
    "li",
    "figure",
    "div",
    "center",
    "small",
    "sup",
    "sub",
    "font",
    "del",
    "ins",
    "mark",
)
_AUTOLINK = re.compile(r"^https?://[^\s<>]+$")
_LANGUAGE_CLASS = re.compile(r"^(?:language|lang)-([\w+#.-]+)$")
_LINE_PREFIX = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")
_URL_UNSAFE = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})
#: Jarida's summary marker, for WordPress's ``<!--more-->``.
MORE = "<!-- more -->"
_TOKEN_PAIRS = (("\ue000", "\ue001"), ("\ue002", "\ue003"), ("\uf8f0", "\uf8f1"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Converted:
    markdown: str
    #: How many pieces were kept as raw HTML (the tags Markdown cannot express).
    raw_html: int


def _code_language(el: Tag) -> str | None:
    for candidate in (el.find("code"), el):
        if isinstance(candidate, Tag):
            for name in candidate.get_attribute_list("class"):
                match = _LANGUAGE_CLASS.match(name or "")
                if match:
                    return match.group(1)
    return None


def _attached(el: PageElement) -> bool:
    node = el.parent
    while node is not None:
        if isinstance(node, BeautifulSoup):
            return True
        node = node.parent
    return False


def _complex_table(table: Tag) -> bool:
    for cell in table.find_all(["td", "th"]):
        if not isinstance(cell, Tag):
            continue
        spans = (cell.get("rowspan"), cell.get("colspan"))
        if any(str(span or "1").strip() != "1" for span in spans):
            return True
        if cell.find(_BLOCK_IN_CELL) is not None:
            return True
    return False


class _Tokens:
    """Placeholders for raw HTML, swapped back in after ``markdownify`` has run."""

    def __init__(self, source: str) -> None:
        self.open, self.close = next(
            (pair for pair in _TOKEN_PAIRS if pair[0] not in source), _TOKEN_PAIRS[0]
        )
        self.pieces: list[str] = []
        self.raw = 0

    def inline(self, markdown: str) -> NavigableString:
        """A token for Markdown that ``markdownify`` would escape (an autolink ``<URL>``)."""
        self.pieces.append(markdown)
        return NavigableString(f"{self.open}{len(self.pieces) - 1}{self.close}")

    def block(self, soup: BeautifulSoup, raw: str) -> Tag:
        """A paragraph holding the token: raw HTML is always a block of its own."""
        if raw != MORE:
            self.raw += 1
        paragraph = soup.new_tag("p")
        paragraph.string = f"{self.open}{len(self.pieces)}{self.close}"
        if not raw.startswith("<pre"):  # a <pre> block may hold blank lines; others end at one
            raw = re.sub(r"\n[ \t]*(?=\n)", "", raw)
        self.pieces.append(raw.strip())
        return paragraph

    def restore(self, markdown: str) -> str:
        pattern = re.compile(f"{self.open}(\\d+){self.close}")

        def one(line: str) -> str:
            prefix = _LINE_PREFIX.match(line)
            found = prefix.group() if prefix else ""
            indent = re.sub(r"[-*+]|\d+[.)]", lambda m: " " * len(m.group()), found)
            return pattern.sub(lambda m: self.pieces[int(m[1])].replace("\n", "\n" + indent), line)

        return "\n".join(one(line) if self.open in line else line for line in markdown.split("\n"))


def _newlines_to_breaks(soup: BeautifulSoup, tag: Tag) -> None:
    for text in list(tag.find_all(string=True)):
        if "\n" not in text or not isinstance(text, NavigableString):
            continue
        parts = str(text).strip("\n").split("\n")
        replacement: list[PageElement] = []
        for index, part in enumerate(parts):
            if index:
                replacement.append(soup.new_tag("br"))
            replacement.append(NavigableString(part))
        text.replace_with(*replacement)


def _caption(soup: BeautifulSoup, caption: Tag) -> None:
    if caption.get_text().strip():
        emphasis = soup.new_tag("em")
        for child in list(caption.contents):
            emphasis.append(child.extract())
        caption.append(emphasis)


def _keep_raw(el: Tag) -> bool:
    if el.name == "table":
        return _complex_table(el)
    if el.name == "pre":
        return el.find("a") is not None  # a code block, unless links in it would be lost
    return el.name in RAW_TAGS


def _fix_urls(el: Tag) -> None:
    for key in ("href", "src"):
        value = el.get(key)
        if isinstance(value, str):
            el[key] = value.strip().translate(_URL_UNSAFE)


def _prepare(soup: BeautifulSoup, tokens: _Tokens) -> None:
    """One pass, parents before children: what must stay raw, autolinks, captions, verse."""
    for el in list(soup.find_all(True)):
        if not _attached(el):
            continue  # inside something already kept as raw HTML
        classes = el.get_attribute_list("class")
        if el.name == MORE_TAG:
            el.replace_with(tokens.block(soup, MORE))
        elif el.name == "div" and "wp-block-embed__wrapper" in classes:
            url = el.get_text().strip()
            if _AUTOLINK.match(url):
                el.clear()
                el.append(tokens.inline(f"<{url}>"))
        elif el.name == "pre" and "wp-block-verse" in classes:
            el.name = "p"
            _newlines_to_breaks(soup, el)
        elif el.name == "figcaption":
            _caption(soup, el)
        elif _keep_raw(el):
            el.replace_with(tokens.block(soup, str(el)))
        elif el.name == "a" and _AUTOLINK.match(str(el.get("href") or "")):
            if el.get_text() == el.get("href") and not el.find(True) and not el.get("title"):
                el.replace_with(tokens.inline(f"<{el['href']}>"))
            else:
                _fix_urls(el)
        elif el.name in ("a", "img"):
            _fix_urls(el)
            if el.name == "img":  # a tooltip in WordPress; in Jarida a titled image alone in
                el.attrs.pop("title", None)  # its paragraph is a captioned <figure>


def _tidy(markdown: str) -> str:
    """At most one blank line between blocks, except inside fenced code."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out)


def _unlink(soup: BeautifulSoup) -> None:
    """Drop every attribute of every node of the tree (links to parents, siblings, contents, and
    the parser's own state in the soup, which refers to itself), so that reference counting frees
    it: ``decompose`` follows the element chain, which the placeholders swapped in by
    ``_prepare`` can break, leaving a post's text to the cycle collector, which a long import may
    not run for hundreds of posts."""
    stack: list[PageElement] = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            stack.extend(node.contents)
        vars(node).clear()


def html_to_markdown(html: str) -> Converted:
    """Markdown for ``html``; tags Markdown cannot express are kept as raw HTML blocks."""
    if not html.strip():
        return Converted(markdown="", raw_html=0)
    tokens = _Tokens(html)
    soup = BeautifulSoup(html, "html.parser")
    _prepare(soup, tokens)
    converter = MarkdownConverter(
        heading_style="atx",
        bullets="-",
        newline_style="backslash",
        escape_misc=True,
        code_language_callback=_code_language,
        keep_inline_images_in=list(_INLINE_PARENTS),
        table_infer_header=True,
        sup_symbol="<sup>",
        sub_symbol="<sub>",
    )
    markdown = tokens.restore(_tidy(converter.convert_soup(soup)))
    _unlink(soup)  # the tree is full of cycles: free it now, not at the next collection
    # markdownify caches the converter's own bound methods on it: a cycle too.
    getattr(converter, "convert_fn_cache", {}).clear()
    markdown = re.sub(r"[ \t]+$", "", markdown, flags=re.M).strip("\n")
    return Converted(markdown=markdown + "\n" if markdown else "", raw_html=tokens.raw)
