"""The HTML of a published picture: ``<picture>`` with one ``<source>`` per modern format and an
``<img>`` of the fallback format, ``srcset`` and ``sizes`` for the browser to pick a width,
``width`` and ``height`` against layout shift, lazy loading for all but the lead picture (which
the browser fetches first). Every value is escaped; every URL has the site's base path.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePosixPath
from types import MappingProxyType

from markupsafe import Markup, escape

from jarida.images.model import CROP, FULL, Derivative, ImageResult, ImageSet, Kind
from jarida.urlpath import site_link


class Role(StrEnum):
    #: The article's own picture at the top of its page: fetched first, never lazy.
    LEAD = "lead"
    #: A picture in the body.
    INLINE = "inline"
    #: A story's picture in a list of stories (cropped).
    CARD = "card"
    #: A small picture beside a title: related lists, term pages, search results (cropped).
    THUMBNAIL = "thumbnail"


#: The set of derivatives each role shows.
ROLE_SET = MappingProxyType(
    {Role.LEAD: FULL, Role.INLINE: FULL, Role.CARD: CROP, Role.THUMBNAIL: CROP}
)
#: How wide each role is drawn, for ``sizes`` when the caller gives none (the built-in
#: theme's column is 48rem; cards are three to a row on a wide screen).
DEFAULT_SIZES = MappingProxyType(
    {
        Role.LEAD: "(min-width: 64rem) 64rem, 100vw",
        Role.INLINE: "(min-width: 48rem) 48rem, 100vw",
        Role.CARD: "(min-width: 64rem) 21rem, (min-width: 40rem) 50vw, 100vw",
        Role.THUMBNAIL: "8rem",
    }
)
#: The fallback ``src``: the widest derivative up to this width (for browsers without srcset).
SRC_WIDTH = 960
_TYPES = MappingProxyType(
    {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
)


def _attributes(pairs: list[tuple[str, str | int]]) -> str:
    return "".join(f' {name}="{escape(str(value))}"' for name, value in pairs)


def _url(base_path: str, folder: str, file: str) -> str:
    path = "/".join(part for part in (folder.strip("/"), file) if part)
    return site_link(base_path, "/" + path)


def _srcset(base_path: str, folder: str, derivatives: tuple[Derivative, ...]) -> str:
    return ", ".join(f"{_url(base_path, folder, d.file)} {d.width}w" for d in derivatives)


def _source(format: str, srcset: str, sizes: str) -> str:
    return (
        f"<source{_attributes([('type', _TYPES[format]), ('srcset', srcset), ('sizes', sizes)])}>"
    )


def _loading(role: Role) -> list[tuple[str, str | int]]:
    if role is Role.LEAD:
        return [("fetchpriority", "high"), ("decoding", "async")]
    return [("loading", "lazy"), ("decoding", "async")]


def _chosen_set(result: ImageResult, role: Role) -> ImageSet | None:
    return result.set(ROLE_SET[role]) or result.set(FULL)


def _plain_img(result: ImageResult, url: str, alt: str, role: Role) -> Markup:
    pairs: list[tuple[str, str | int]] = [("src", url), ("alt", alt)]
    if result.width and result.height:
        pairs += [("width", result.width), ("height", result.height)]
    return Markup(f"<img{_attributes(pairs + _loading(role))}>")


def picture_html(
    result: ImageResult,
    *,
    folder: str,
    base_path: str,
    role: Role,
    alt: str,
    sizes: str = "",
) -> Markup:
    """The markup of ``result``'s picture in ``role``, its files published in ``folder`` (a
    path from the site's root, e.g. ``2026/05/flood``), on a site at ``base_path``. A picture
    passed through (SVG, GIF) is a plain ``<img>``; a failed one gives nothing."""
    if result.kind is Kind.PASSTHROUGH:
        return _plain_img(
            result, _url(base_path, folder, PurePosixPath(result.name).name), alt, role
        )
    chosen = _chosen_set(result, role)
    if result.kind is Kind.FAILED or chosen is None:
        return Markup("")
    sizes = sizes or DEFAULT_SIZES[role]
    sources = [
        _source(fmt, _srcset(base_path, folder, chosen.of_format(fmt)), sizes)
        for fmt in chosen.formats()
        if fmt != chosen.fallback
    ]
    fallback = chosen.of_format(chosen.fallback)
    src = max(
        (d for d in fallback if d.width <= SRC_WIDTH), key=lambda d: d.width, default=fallback[0]
    )
    widest = fallback[-1]
    img: list[tuple[str, str | int]] = [
        ("src", _url(base_path, folder, src.file)),
        ("srcset", _srcset(base_path, folder, fallback)),
        ("sizes", sizes),
        ("width", widest.width),
        ("height", widest.height),
        ("alt", alt),
    ]
    return Markup(f"<picture>{''.join(sources)}<img{_attributes(img + _loading(role))}></picture>")
