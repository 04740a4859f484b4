"""Hugo shortcodes in a page's body: ``figure``, ``youtube``, ``vimeo``, ``x``/``tweet``,
``gist``, ``instagram``, ``highlight``, ``ref``/``relref``, and escaped ones."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from jarida.importer.syntax import markup
from jarida.importer.syntax.context import Context
from jarida.importer.syntax.params import Shortcode, shortcode

_ID = re.compile(r"^[\w-]{1,64}$")
_NUMBER = re.compile(r"^\d{1,30}$")
_USER = re.compile(r"^[\w.-]{1,64}$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_END_HIGHLIGHT = r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}"


def handle(ctx: Context, start: int) -> int | None:
    found = shortcode(ctx.text, start)
    if found is None:
        return None
    if found.escaped_text is not None:
        return ctx.replace(start, found.end, markup.code_span(found.escaped_text))
    handler = None if found.closing else _SHORTCODES.get(found.name)
    if handler is None:
        return ctx.untranslated(start, found.end, "a Hugo shortcode")
    return handler(ctx, found)


def _plain_caption(ctx: Context, code: Shortcode, caption: str) -> str:
    """A caption without its links and tags (Hugo rendered them; a title cannot hold them)."""
    plain = _LINK.sub(r"\1", _TAG.sub("", caption))
    if plain != caption:
        ctx.out.note(
            code.start,
            "the figure's caption lost its links or HTML",
            "Jarida's figure captions are plain text: add the links to the text around it",
        )
    return " ".join(plain.split())


def _figure(ctx: Context, code: Shortcode) -> int:
    src, link = code.get("src") or "", code.get("link") or ""
    if not src:
        return ctx.untranslated(code.start, code.end, "a Hugo shortcode", "it names no image")
    for role, url in (("src", src), ("link", link)):
        if not markup.safe_url(url):
            hint = f"its {role} `{markup.one_line(url)[:60]}` is not a safe address"
            return ctx.untranslated(code.start, code.end, "a Hugo shortcode", hint)
    words = (code.get("title"), code.get("caption"), code.get("attr"))
    caption = _plain_caption(ctx, code, " — ".join(w for w in words if w and w.strip()))
    image = ctx.links.asset(src)
    alt = code.get("alt") or _plain_caption(ctx, code, code.get("caption") or "")
    start, end = code.start, code.end
    if link:
        target = ctx.site_path(link) if link.startswith("/") else link
        inline = markup.html_image(image, alt, target)
        alone = ctx.alone(start, end)
        figure = markup.html_figure(image, alt, caption, target) if alone else inline
        return ctx.place(start, end, figure, inline)
    markdown = markup.md_image(image, alt, caption)
    return ctx.place(start, end, markdown, markup.html_image(image, alt, ""))


def _embed(ctx: Context, code: Shortcode, site: str, url: str | None) -> int:
    if url is None:
        hint = "its id or user is missing or not one the site uses"
        return ctx.untranslated(code.start, code.end, "a Hugo shortcode", hint)
    title = code.get("title") or ""
    link, html = markup.embed_link(site, url, title), markup.embed_html(site, url, title)
    return ctx.place(code.start, code.end, link, html)


def _youtube(ctx: Context, code: Shortcode) -> int:
    video = code.get("id", 0) or ""
    url = f"https://www.youtube.com/watch?v={video}" if _ID.match(video) else None
    return _embed(ctx, code, "youtube", url)


def _vimeo(ctx: Context, code: Shortcode) -> int:
    video = code.get("id", 0) or ""
    return _embed(ctx, code, "vimeo", f"https://vimeo.com/{video}" if _ID.match(video) else None)


def _x(ctx: Context, code: Shortcode) -> int:
    if code.named or len(code.positional) != 1:
        user, post = code.get("user", 0) or "", code.get("id", 1) or ""
    else:
        user, post = "", code.get("id", 0) or ""
    url = None
    if _NUMBER.match(post) and (not user or _USER.match(user)):
        url = f"https://x.com/{user or 'i'}/status/{post}"
    return _embed(ctx, code, "x", url)


def _gist(ctx: Context, code: Shortcode) -> int:
    user, gist, file = (code.get(key, i) or "" for i, key in enumerate(("user", "id", "file")))
    url = None
    if _USER.match(user) and _ID.match(gist):
        anchor = "#file-" + re.sub(r"[^\w-]", "-", file.lower()) if file else ""
        url = f"https://gist.github.com/{user}/{gist}{anchor}"
    return _embed(ctx, code, "gist", url)


def _instagram(ctx: Context, code: Shortcode) -> int:
    post = code.get("id", 0) or ""
    url = f"https://www.instagram.com/p/{post}/" if _ID.match(post) else None
    return _embed(ctx, code, "instagram", url)


def _highlight(ctx: Context, code: Shortcode) -> int:
    close = ctx.next_end(_END_HIGHLIGHT, code.end)
    if close is None:
        hint = "it has no {{< /highlight >}}"
        return ctx.untranslated(code.start, code.end, "a Hugo shortcode", hint)
    language = code.get("lang", 0) or ""
    options = code.get("options", 1) or ""
    if not re.fullmatch(r"[\w+#.-]*", language):
        options, language = f"{language} {options}".strip(), ""
    if options:
        ctx.out.note(
            code.start,
            f"the highlight options `{markup.one_line(options)[:60]}` were dropped",
            "Jarida's code blocks have no line numbers or marked lines",
        )
    inside = re.sub(r"^[ \t]*\n", "", ctx.text[code.end : close[0]], count=1)
    inside = re.sub(r"\n[ \t]*$", "\n", inside)
    indent = ctx.indent(code.start)
    fenced = markup.fence(inside, language, indent)
    return ctx.block(code.start, close[1], fenced, paragraph=False)


def _ref(ctx: Context, code: Shortcode) -> int:
    target = code.get("path", 0) or ""
    path, _, anchor = target.partition("#")
    fragment = "#" + anchor if anchor else ""
    if not path:
        return ctx.replace(code.start, code.end, markup.md_destination(fragment or "#"))
    url = ctx.links.page(path)
    if url is None:
        ctx.out.note(
            code.start,
            f"`{code.name} {markup.one_line(target)[:60]}`: no such page was imported",
            "the link is written from the site's root as it was named: correct it by hand",
        )
    written = (url if url is not None else "/" + path.lstrip("/")) + fragment
    return ctx.replace(code.start, code.end, markup.md_destination(written))


_SHORTCODES: Mapping[str, Callable[[Context, Shortcode], int]] = MappingProxyType(
    {
        "figure": _figure,
        "youtube": _youtube,
        "vimeo": _vimeo,
        "x": _x,
        "tweet": _x,
        "twitter": _x,
        "gist": _gist,
        "instagram": _instagram,
        "highlight": _highlight,
        "ref": _ref,
        "relref": _ref,
    }
)
