"""WordPress post content as WordPress would display it: plain HTML, ready to become Markdown.

What WordPress does at display time is done here once: Gutenberg block comments are removed,
the ``[caption]``, ``[embed]``, ``[gallery]``, ``[audio]`` and ``[video]`` shortcodes are expanded,
URLs alone on a line become links (WordPress would embed them), and content written in the classic
editor gets WordPress's automatic paragraphs (a port of ``wpautop``). Reusable blocks are inlined.
Other shortcodes stay as written, so nothing is lost. ``<!--more-->`` becomes ``<jarida-more>``
for the converter.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from jarida.importer.media import ExportIndex

MORE_TAG = "jarida-more"
_BLOCK_COMMENT = re.compile(r"<!--\s+/?wp:[\s\S]*?-->")
_DYNAMIC_BLOCK = re.compile(r"<!--\s+wp:([a-z0-9/_-]+)(?:\s+\{(?:(?!-->)[\s\S])*?\})?\s*/-->")
_REUSABLE = re.compile(r"<!--\s+wp:block\s+\{[^}]*?\"ref\":\s*(\d+)[^}]*\}\s*/-->")
_FOOTNOTES_BLOCK = re.compile(r"<!--\s+wp:footnotes(?:\s+\{[^}]*\})?\s*/-->")
_MORE = re.compile(r"<!--more(?:[\s\S]*?)-->")
_NEXTPAGE = re.compile(r"<!--nextpage-->")
_SHORTCODE = re.compile(
    r"\[(\[?)(caption|wp_caption|embed|gallery|audio|video)(?![\w-])"
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)(\[/\2\]))?)(\]?)"
)
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
_CAPTIONED = re.compile(r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)([\s\S]*)$", re.I)
_LONE_URL = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M)
_AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac")
_VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv")


@dataclass(frozen=True, slots=True, kw_only=True)
class Prepared:
    html: str
    #: Gutenberg blocks that store no HTML (latest posts, archives…): nothing static to keep.
    dynamic_blocks: tuple[str, ...]
    #: Shortcodes left as text because they could not be expanded (e.g. a gallery of nothing).
    kept_shortcodes: tuple[str, ...]


def prepare(content: str, *, post_id: int, media: ExportIndex, footnotes: str = "") -> Prepared:
    """The HTML WordPress would show for ``content`` (without themes, plugins or oEmbed).

    ``footnotes`` is the post's ``footnotes`` meta (JSON), shown where the footnotes block is.
    """
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    blocks = "<!-- wp:" in text
    text = _REUSABLE.sub(lambda m: media.reusable.get(int(m[1]), m.group()), text)
    notes = _footnotes(footnotes)
    if notes:
        text = _FOOTNOTES_BLOCK.sub(lambda m: notes, text, count=1)
    dynamic = tuple(_DYNAMIC_BLOCK.findall(text))
    text = _MORE.sub(f"\n\n<{MORE_TAG}></{MORE_TAG}>\n\n", text)
    text = _NEXTPAGE.sub("\n\n", text)
    text = _BLOCK_COMMENT.sub("", text)
    kept: list[str] = []
    text = _SHORTCODE.sub(lambda m: _expand(m, post_id, media, kept), text)
    if not blocks:
        text = _LONE_URL.sub(lambda m: f'{m[1]}<a href="{m[2]}">{m[2]}</a>{m[3]}', text)
        text = autop(text)
    return Prepared(html=text, dynamic_blocks=dynamic, kept_shortcodes=tuple(kept))


def _footnotes(meta: str) -> str:
    """The footnotes block as WordPress renders it from the post's ``footnotes`` meta."""
    try:
        notes = json.loads(meta) if meta.strip() else []
    except ValueError:
        return ""
    items = [
        f'<li id="{_attr(str(n.get("id", "")))}">{n.get("content", "")}</li>'
        for n in notes
        if isinstance(n, dict)
    ]
    return f'<ol class="wp-block-footnotes">{"".join(items)}</ol>' if items else ""


def parse_attributes(text: str) -> dict[str, str]:
    """Shortcode attributes as WordPress's ``shortcode_parse_atts`` reads them."""
    found: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text.replace("\u00a0", " ").replace("\u200b", " ")):
        g = match.groups()
        if g[0]:
            found[g[0].lower()] = g[1]
        elif g[2]:
            found[g[2].lower()] = g[3]
        elif g[4]:
            found[g[4].lower()] = g[5]
        else:
            found[str(position)] = next(v for v in g[6:] if v is not None)
            position += 1
    return {k: html.unescape(v) for k, v in found.items()}


def _attr(value: str) -> str:
    return html.escape(html.unescape(value), quote=True)


def _expand(match: re.Match[str], post_id: int, media: ExportIndex, kept: list[str]) -> str:
    whole = match.group()
    if match[1] == "[" and match[7] == "]":
        return whole[1:-1]
    name, attributes, inner = match[2], parse_attributes(match[3] or ""), match[5] or ""
    expander: Callable[[dict[str, str], str], str | None] = {
        "caption": _caption,
        "wp_caption": _caption,
        "embed": _embed,
        "audio": lambda a, i: _player("audio", a, _AUDIO_SOURCES),
        "video": lambda a, i: _player("video", a, _VIDEO_SOURCES),
        "gallery": lambda a, i: _gallery(a, post_id, media),
    }[name]
    expanded = expander(attributes, inner)
    if expanded is None:
        kept.append(name)
        return whole
    return match[1] + expanded + match[7]


def _caption(attributes: dict[str, str], inner: str) -> str:
    found = _CAPTIONED.match(inner)
    image, caption = (found[1], found[2]) if found else (inner, "")
    caption = (caption.strip() or html.escape(attributes.get("caption", ""))).strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'\n\n<figure class="wp-caption">{image.strip()}{figcaption}</figure>\n\n'


def _embed(attributes: dict[str, str], inner: str) -> str | None:
    url = inner.strip() or attributes.get("src", "")
    if not re.fullmatch(r"https?://\S+", url):
        return None
    return f'\n\n<p><a href="{_attr(url)}">{html.escape(html.unescape(url))}</a></p>\n\n'


def _player(tag: str, attributes: dict[str, str], sources: tuple[str, ...]) -> str | None:
    named = (attributes.get(k, "") for k in sources)
    src = next((v for v in named if v), "") or attributes.get("0", "")
    if not re.fullmatch(r"(?:https?:)?//\S+|/\S+", src):
        return None
    extra = "".join(
        f' {key}="{_attr(attributes[key])}"'
        for key in ("poster", "width", "height")
        if attributes.get(key)
    )
    return f'\n\n<{tag} controls src="{_attr(src)}"{extra}></{tag}>\n\n'


def _gallery(attributes: dict[str, str], post_id: int, media: ExportIndex) -> str | None:
    listed = attributes.get("ids") or attributes.get("include") or ""
    if listed:
        ids = [int(n) for n in re.findall(r"\d+", listed)]
    else:
        ids = list(media.children.get(int(attributes.get("id") or post_id), ()))
    images = [media.attachments[i] for i in ids if i in media.attachments]
    if not images:
        return None
    tags = " ".join(f'<img src="{_attr(a.url)}" alt="{_attr(a.alt)}">' for a in images)
    return f'\n\n<p class="gallery">{tags}</p>\n\n'


# --- wpautop -------------------------------------------------------------------------------------

_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_PRE = re.compile(r"<pre[\s\S]*?</pre>", re.I)
_IN_TAG = re.compile(r"<!--[\s\S]*?-->|<[^<>]*>")
_PRESERVE = re.compile(r"<(script|style|svg|math)[\s\S]*?</\1>")
_NEWLINE_MARK = " <!-- wpnl --> "


def autop(text: str) -> str:
    """WordPress's ``wpautop``: blank lines make paragraphs, single newlines ``<br />``."""
    if not text.strip():
        return ""
    text += "\n"
    saved: dict[str, str] = {}

    def hide_pre(match: re.Match[str]) -> str:
        key = f'<pre wp-pre-tag-{len(saved)}="1"></pre>'
        saved[key] = match.group()
        return key

    text = _PRE.sub(hide_pre, text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{_ALLBLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_ALLBLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = _IN_TAG.sub(lambda m: m.group().replace("\n", _NEWLINE_MARK), text)
    text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
    text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    pees = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in pees)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = _PRESERVE.sub(lambda m: m.group().replace("\n", "<WPPreserveNewline />"), text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, original in saved.items():
        text = text.replace(key, original)
    return text.replace(_NEWLINE_MARK, "\n").replace(_NEWLINE_MARK.strip(), "\n")
