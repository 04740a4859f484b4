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


def _prepare(soup: BeautifulSoup, tokens: _Tokens) -> None:
    for more in soup.find_all(MORE_TAG):
        more.replace_with(tokens.block(soup, MORE))
    for wrapper in soup.select("div.wp-block-embed__wrapper"):
        url = wrapper.get_text().strip()
        if re.fullmatch(r"https?://\S+", url):
            wrapper.clear()
            link = soup.new_tag("a", href=url)
            link.string = url
            wrapper.append(link)
    for verse in soup.select("pre.wp-block-verse"):
        verse.name = "p"
        _newlines_to_breaks(soup, verse)
    for caption in soup.find_all("figcaption"):
        if caption.get_text().strip():
            emphasis = soup.new_tag("em")
            for child in list(caption.contents):
                emphasis.append(child.extract())
            caption.append(emphasis)
    for el in soup.find_all([*RAW_TAGS, "table", "pre"]):
        if not _attached(el) or (el.name == "table" and not _complex_table(el)):
            continue
        if el.name == "pre" and el.find("a") is None:
            continue  # a code block, unless links in it would be lost
        el.replace_with(tokens.block(soup, str(el)))
    for link in soup.find_all("a", href=_AUTOLINK):
        if link.get_text() == link.get("href") and not link.find(True) and not link.get("title"):
            link.replace_with(tokens.inline(f"<{link['href']}>"))
    for el in soup.find_all(["a", "img"]):
        for key in ("href", "src"):
            value = el.get(key)
            if isinstance(value, str):
                el[key] = value.strip().translate(_URL_UNSAFE)


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
    markdown = tokens.restore(converter.convert_soup(soup))
    markdown = re.sub(r"[ \t]+$", "", markdown, flags=re.M).strip("\n")
    return Converted(markdown=markdown + "\n" if markdown else "", raw_html=tokens.raw)
