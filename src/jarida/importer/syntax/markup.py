"""What translated constructs become: Markdown and HTML, with every user-written value escaped.

Alt texts, captions and titles are escaped for where they go (Markdown text, a link title, an
HTML attribute or text); URLs with a scheme other than http(s), mailto or none are refused (a
``javascript:`` link is never written). Embeds of other sites are links with a label: nothing
is loaded from a third party when the page opens.
"""

from __future__ import annotations

import re
from html import escape
from types import MappingProxyType

from jarida.foreign import LONGEST, UNTRANSLATED

#: Schemes a translated link or image may have (no scheme: a path on the site).
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
#: Every ASCII punctuation character may be backslash-escaped in CommonMark.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_DESTINATION_UNSAFE = str.maketrans(
    {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C", "\t": "%09"}
)

#: Each embed's label (the link's text) and the address of the thing on its site.
EMBED_LABELS = MappingProxyType(
    {
        "youtube": "شاهد الفيديو على يوتيوب",
        "vimeo": "شاهد الفيديو على فيميو",
        "x": "اقرأ المنشور على إكس",
        "instagram": "شاهد المنشور على إنستغرام",
        "gist": "اطّلع على الشيفرة على GitHub",
    }
)


def safe_url(url: str) -> bool:
    """Whether ``url`` may be written as a link or an image: a path, or a safe scheme (the
    scheme read as browsers do, with spaces and control characters taken out)."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def one_line(text: str) -> str:
    return " ".join(text.split())


def md_text(text: str) -> str:
    """``text`` as Markdown that renders it as written (one line, every punctuation escaped)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", one_line(text))


def md_destination(url: str) -> str:
    return "".join(ch for ch in url if ch >= " " or ch == "\t").translate(_DESTINATION_UNSAFE)


def md_title(text: str) -> str:
    return '"' + one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def md_image(src: str, alt: str, caption: str) -> str:
    """An image; with a caption, an image with a title, which Jarida's Markdown makes a
    ``<figure>`` when it is alone in its paragraph."""
    title = f" {md_title(caption)}" if one_line(caption) else ""
    return f"![{md_text(alt)}]({md_destination(src)}{title})"


def html_image(src: str, alt: str, link: str) -> str:
    """An image as HTML, in a link when ``link``."""
    picture = f'<img src="{escape(src)}" alt="{escape(one_line(alt))}">'
    return f'<a href="{escape(link)}">{picture}</a>' if link else picture


def html_figure(src: str, alt: str, caption: str, link: str) -> str:
    """A ``<figure>`` whose picture is a link (Markdown has no captioned linked image)."""
    picture = html_image(src, alt, link)
    text = one_line(caption)
    figcaption = f'<figcaption dir="auto">{escape(text, quote=False)}</figcaption>' if text else ""
    return f"<figure>{picture}{figcaption}</figure>"


def embed_link(site: str, url: str, title: str) -> str:
    """A link to the thing on its site, with a label saying where it goes (and its title)."""
    label = EMBED_LABELS[site] + (f": {one_line(title)}" if one_line(title) else "")
    return f"[{md_text(label)}]({md_destination(url)})"


def embed_html(site: str, url: str, title: str) -> str:
    """:func:`embed_link` as HTML."""
    label = EMBED_LABELS[site] + (f": {one_line(title)}" if one_line(title) else "")
    return f'<a href="{escape(url)}">{escape(label, quote=False)}</a>'


def fence(code: str, language: str, indent: str) -> str:
    """A fenced code block holding ``code`` as written, its fence longer than any run of
    backticks inside; ``indent`` before its closing fence (the opening one is where the
    construct was)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    end = "" if code.endswith("\n") or not code else "\n"
    return f"{ticks}{language}\n{code}{end}{indent}{ticks}"


def code_span(text: str) -> str:
    """Inline code holding ``text`` as written."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def untranslated(original: str) -> str:
    """An HTML comment keeping ``original`` for whoever finishes the import, never shown: on
    one line (a blank line would end the paragraph it is in), no ``--`` (it would end the
    comment) and no ``>`` after its opening."""
    text = one_line(original)[: 2 * LONGEST]
    while "--" in text:
        text = text.replace("--", "- -")
    return f"{UNTRANSLATED}{text} -->"
