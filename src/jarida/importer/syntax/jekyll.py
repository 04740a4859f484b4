"""Liquid (Jekyll) in a post's body: ``highlight``, ``raw``, ``comment``, ``include`` of images,
figures and videos, ``post_url``, ``link``, and the site's URL variables."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from jarida.importer.syntax import markup
from jarida.importer.syntax.context import Context
from jarida.importer.syntax.model import LONGEST
from jarida.importer.syntax.params import LiquidTag, Value, include_params, liquid_tag

_BASE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url|github\.url)\s*-?\}\}")
_FILTERED = re.compile(
    r"""\{\{-?\s*(['"])([^'"]*)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)"""
    r"""\s*-?\}\}"""
)
_PATH_AFTER = re.compile(r"/[^\s)\"'<>\]]*")
_IMAGE_INCLUDE = re.compile(r"image|img|figure|picture|photo|fig", re.I)
_VIDEO_INCLUDE = re.compile(r"youtube|vimeo", re.I)
_VIDEO_ID = re.compile(r"^[\w-]{1,64}$")
_SOURCE_KEYS = ("url", "src", "file", "image", "path", "img")
_ALT_KEYS = ("alt", "description", "desc")
_CAPTION_KEYS = ("caption", "title")
_LINK_KEYS = ("link", "href")


def substitute(value: str) -> str | None:
    """A parameter's value with the site's URL variables taken out (paths are from the
    site's root); None when other Liquid is left in it."""
    text = _FILTERED.sub(lambda m: m[2], _BASE.sub("", value))
    return None if "{{" in text or "{%" in text else text


def output(ctx: Context, start: int) -> int | None:
    """``{{ … }}``: the site's URL (with the path after it), else kept untranslated."""
    text = ctx.text
    filtered = _FILTERED.match(text, start, start + LONGEST)
    if filtered:
        return ctx.replace(start, filtered.end(), ctx.site_path(filtered[2]))
    end = start
    while base := _BASE.match(text, end, end + LONGEST):
        end = base.end()
    if end > start:
        path = _PATH_AFTER.match(text, end)
        after = path.end() if path else end
        return ctx.replace(start, after, ctx.site_path(path.group() if path else "/"))
    close = text.find("}}", start + 2, start + LONGEST)
    if close < 0 or "{{" in text[start + 2 : close]:
        return None
    return ctx.untranslated(start, close + 2, "a Liquid variable")


def tag(ctx: Context, start: int) -> int | None:
    found = liquid_tag(ctx.text, start)
    if found is None:
        return None
    parsed, end = found
    handler = _TAGS.get(parsed.name)
    if handler is None:
        return ctx.untranslated(start, end, "a Liquid tag")
    return handler(ctx, start, end, parsed)


def _end_tag(ctx: Context, name: str, after: int) -> tuple[int, int] | None:
    return ctx.next_end(r"\{%-?\s*end" + name + r"\s*-?%\}", after)


def _code_inside(text: str) -> str:
    """A block's text without the line end after its opening tag and the indent before its
    end tag."""
    text = re.sub(r"^[ \t]*\n", "", text, count=1)
    return re.sub(r"\n[ \t]*$", "\n", text)


def _highlight(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    close = _end_tag(ctx, "highlight", end)
    if close is None:
        return ctx.untranslated(start, end, "a Liquid tag", "it has no {% endhighlight %}")
    language, *options = parsed.rest.split() or [""]
    if not re.fullmatch(r"[\w+#.-]*", language):
        options, language = [language, *options], ""
    if options:
        ctx.out.note(
            start,
            f"the highlight options `{markup.one_line(' '.join(options))[:60]}` were dropped",
            "Jarida's code blocks have no line numbers or marked lines",
        )
    indent = ctx.indent(start)
    code = markup.fence(_code_inside(ctx.text[end : close[0]]), language, indent)
    return ctx.block(start, close[1], code, paragraph=False)


def _raw(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    close = _end_tag(ctx, "raw", end)
    if close is None:
        return ctx.untranslated(start, end, "a Liquid tag", "it has no {% endraw %}")
    return ctx.replace(start, close[1], ctx.text[end : close[0]])


def _comment(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    close = _end_tag(ctx, "comment", end)
    if close is None:
        return ctx.untranslated(start, end, "a Liquid tag", "it has no {% endcomment %}")
    return ctx.remove(start, close[1])


def _lookup(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    """``post_url`` and ``link``: the new URL of the post or page through the importer; one it
    does not know is written from the site's root, where the build reports it."""
    name = parsed.rest.strip().strip("\"'")
    if "{{" in name or "{%" in name:
        return ctx.untranslated(start, end, "a Liquid tag", "it names its target by a variable")
    url = ctx.links.post(name) if parsed.name == "post_url" else ctx.links.page(name)
    if url is None:
        kind = "post" if parsed.name == "post_url" else "page"
        ctx.out.note(
            start,
            f"`{{% {parsed.name} {markup.one_line(name)[:60]} %}}`: no such {kind} was imported",
            "the link is written from the site's root as it was named: correct it by hand",
        )
        url = "/" + name.lstrip("/")
    return ctx.replace(start, end, markup.md_destination(url))


def _first(values: dict[str, Value], keys: tuple[str, ...]) -> Value | None:
    return next((values[key] for key in keys if key in values), None)


def _include(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    name, values = include_params(parsed.rest)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if _IMAGE_INCLUDE.search(stem):
        return _image(ctx, start, end, values)
    if _VIDEO_INCLUDE.search(stem):
        return _video(ctx, start, end, stem, values)
    return ctx.untranslated(start, end, "an include")


def _video(ctx: Context, start: int, end: int, stem: str, values: dict[str, Value]) -> int:
    site = "youtube" if "youtube" in stem.lower() else "vimeo"
    video = _first(values, ("id", "video_id", f"{site}_id", "video"))
    if video is None or video.bare or not _VIDEO_ID.match(video.text):
        return ctx.untranslated(start, end, "an include", "its video id is missing or a variable")
    url = (
        f"https://www.youtube.com/watch?v={video.text}"
        if site == "youtube"
        else f"https://vimeo.com/{video.text}"
    )
    found = _first(values, ("title", "caption"))
    title = found.text if found and not found.bare else ""
    link, html = markup.embed_link(site, url, title), markup.embed_html(site, url, title)
    return ctx.place(start, end, link, html)


def _image(ctx: Context, start: int, end: int, values: dict[str, Value]) -> int:
    found = {
        role: _first(values, keys)
        for role, keys in (
            ("src", _SOURCE_KEYS),
            ("alt", _ALT_KEYS),
            ("caption", _CAPTION_KEYS),
            ("link", _LINK_KEYS),
        )
    }
    texts: dict[str, str] = {}
    for role, value in found.items():
        text = None if value is None or value.bare else substitute(value.text)
        if value is not None and text is None:
            hint = f"its {role} `{markup.one_line(value.text)[:60]}` is a Liquid variable"
            return ctx.untranslated(start, end, "an include of an image", hint)
        texts[role] = text or ""
    if not texts["src"]:
        return ctx.untranslated(start, end, "an include of an image", "it names no image")
    for role in ("src", "link"):
        if not markup.safe_url(texts[role]):
            hint = f"its {role} `{markup.one_line(texts[role])[:60]}` is not a safe address"
            return ctx.untranslated(start, end, "an include of an image", hint)
    src = ctx.links.asset(texts["src"])
    alt, caption, link = texts["alt"], texts["caption"], texts["link"]
    link = ctx.site_path(link) if link.startswith("/") else link
    if link:
        inline = markup.html_image(src, alt, link)
        alone = ctx.alone(start, end)
        figure = markup.html_figure(src, alt, caption, link) if alone else inline
        return ctx.place(start, end, figure, inline)
    markdown = markup.md_image(src, alt, caption)
    return ctx.place(start, end, markdown, markup.html_image(src, alt, ""))


_Handler = Callable[[Context, int, int, LiquidTag], int]
_TAGS: Mapping[str, _Handler] = MappingProxyType(
    {
        "highlight": _highlight,
        "raw": _raw,
        "comment": _comment,
        "post_url": _lookup,
        "link": _lookup,
        "include": _include,
        "include_relative": _include,
    }
)
