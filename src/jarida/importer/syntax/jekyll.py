"""Liquid (Jekyll) in a post's body: ``highlight``, ``raw``, ``comment``, ``include`` of images,
figures and videos, ``post_url``, ``link``, and the site's URL variables."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from jarida.importer.syntax import markup
from jarida.importer.syntax.context import Context
from jarida.importer.syntax.params import LiquidTag, Value, include_params, liquid_tag

_BASE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url|github\.url)\s*-?\}\}")
_FILTERED = re.compile(
    r"""\{\{-?\s*(['"])([^'"]*)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)"""
    r"""\s*-?\}\}"""
)
_PATH_AFTER = re.compile(r"/[^\s)\"'<>\]]*")
_OUTPUT = re.compile(r"\{\{-?(.*?)-?\}\}", re.DOTALL)
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
    filtered = _FILTERED.match(text, start)
    if filtered:
        return ctx.replace(start, filtered.end(), ctx.site_path(filtered[2]))
    end = start
    while base := _BASE.match(text, end):
        end = base.end()
    if end > start:
        path = _PATH_AFTER.match(text, end)
        after = path.end() if path else end
        return ctx.replace(start, after, ctx.site_path(path.group() if path else "/"))
    found = _OUTPUT.match(text, start)
    if found is None:
        return None
    return ctx.untranslated(start, found.end(), "a Liquid variable")


def tag(ctx: Context, start: int) -> int | None:
    found = liquid_tag(ctx.text, start)
    if found is None:
        return None
    parsed, end = found
    handler = _TAGS.get(parsed.name)
    if handler is None:
        return ctx.untranslated(start, end, "a Liquid tag")
    return handler(ctx, start, end, parsed)


def _end_tag(ctx: Context, name: str, after: int) -> re.Match[str] | None:
    return re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}").search(ctx.text, after)


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
    indent = ctx.text[ctx.line_start(start) : start]
    indent = "" if indent.strip() else indent
    code = markup.fence(_code_inside(ctx.text[end : close.start()]), language, indent)
    return ctx.block(start, close.end(), code)


def _raw(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    close = _end_tag(ctx, "raw", end)
    if close is None:
        return ctx.untranslated(start, end, "a Liquid tag", "it has no {% endraw %}")
    return ctx.replace(start, close.end(), ctx.text[end : close.start()])


def _comment(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    close = _end_tag(ctx, "comment", end)
    if close is None:
        return ctx.untranslated(start, end, "a Liquid tag", "it has no {% endcomment %}")
    return ctx.remove(start, close.end())


def _post_url(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    name = parsed.rest.strip().strip("\"'")
    url = ctx.links.post(name)
    if url is None:
        ctx.out.note(
            start,
            f"`{{% post_url {markup.one_line(name)[:60]} %}}`: no such post was imported",
            "the link is written as the post's name: correct it by hand",
        )
    return ctx.replace(start, end, markup.md_destination(url if url is not None else name))


def _link(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    path = parsed.rest.strip().strip("\"'")
    url = ctx.links.page(path)
    if url is None:
        ctx.out.note(
            start,
            f"`{{% link {markup.one_line(path)[:60]} %}}`: no such page was imported",
            "the link is written as the path it names: correct it by hand",
        )
    return ctx.replace(start, end, markup.md_destination(url if url is not None else path))


def _first(values: dict[str, Value], keys: tuple[str, ...]) -> Value | None:
    return next((values[key] for key in keys if key in values), None)


def _include(ctx: Context, start: int, end: int, parsed: LiquidTag) -> int:
    name, values = include_params(parsed.rest)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if _IMAGE_INCLUDE.search(stem):
        return _image(ctx, start, end, values)
    if _VIDEO_INCLUDE.search(stem):
        site = "youtube" if "youtube" in stem.lower() else "vimeo"
        video = _first(values, ("id", "video_id", f"{site}_id", "video"))
        if video is not None and not video.bare and _VIDEO_ID.match(video.text):
            url = (
                f"https://www.youtube.com/watch?v={video.text}"
                if site == "youtube"
                else f"https://vimeo.com/{video.text}"
            )
            title = _first(values, ("title", "caption"))
            label = markup.embed_link(site, url, title.text if title and not title.bare else "")
            return (
                ctx.block(start, end, label)
                if ctx.alone(start, end)
                else ctx.replace(start, end, label)
            )
    return ctx.untranslated(start, end, "an include")


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
    if texts["link"]:
        link = ctx.site_path(texts["link"]) if texts["link"].startswith("/") else texts["link"]
        return ctx.block(start, end, markup.html_figure(src, texts["alt"], texts["caption"], link))
    image = markup.md_image(src, texts["alt"], texts["caption"])
    if texts["caption"] or ctx.alone(start, end):
        return ctx.block(start, end, image)
    return ctx.replace(start, end, image)


_Handler = Callable[[Context, int, int, LiquidTag], int]
_TAGS: Mapping[str, _Handler] = MappingProxyType(
    {
        "highlight": _highlight,
        "raw": _raw,
        "comment": _comment,
        "post_url": _post_url,
        "link": _link,
        "include": _include,
        "include_relative": _include,
    }
)
