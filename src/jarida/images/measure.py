"""The size a picture is shown at, for the ``width`` and ``height`` of its ``<img>`` (the site's
logo): a raster file's from its header (nothing decoded), an SVG's from the ``width`` and
``height`` of its root element, or else from its ``viewBox``.

Failures are :class:`ImageError`s saying what is wrong with the file and what to do.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from jarida.images.model import ImageError

#: A logo is small: a header larger than this is not opened.
MAX_LOGO_PIXELS = 50_000_000
#: A length in pixels: a plain number, or one in ``px``.
_PIXELS = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:px)?\s*$")


def picture_size(data: bytes, *, svg: bool) -> tuple[int, int]:
    """(width, height) of the picture in ``data``: an SVG when ``svg``, else a raster image."""
    if svg:
        return _svg_size(data)
    from jarida.images.decode import open_image  # Pillow, when there is a raster logo

    image, header = open_image(data, MAX_LOGO_PIXELS)
    image.close()
    return header.shown


def _root_attributes(data: bytes) -> dict[str, str]:
    parser: XMLPullParser[Element] = XMLPullParser(events=("start",))
    try:
        parser.feed(data)
        parser.close()
    except ParseError as exc:
        raise ImageError(f"is not well-formed SVG ({exc})", "save it again as SVG") from None
    events: list[Any] = list(parser.read_events())
    for _, element in events:
        if isinstance(element, Element) and element.tag.rpartition("}")[2] == "svg":
            return dict(element.attrib)
        break
    raise ImageError("is not an SVG picture (no <svg> root element)", "save it again as SVG")


def _svg_size(data: bytes) -> tuple[int, int]:
    attributes = _root_attributes(data)
    lengths = [_PIXELS.match(attributes.get(name, "")) for name in ("width", "height")]
    sizes = [float(m.group(1)) for m in lengths if m]
    if len(sizes) < 2:
        box = attributes.get("viewBox", "").replace(",", " ").split()
        try:
            sizes = [float(n) for n in box[2:4]] if len(box) == 4 else []
        except ValueError:
            sizes = []
    width, height = (round(n) for n in sizes) if len(sizes) == 2 else (0, 0)
    if width < 1 or height < 1:
        raise ImageError(
            "has no width and height in pixels, nor a viewBox, to be laid out by",
            'add `viewBox="0 0 WIDTH HEIGHT"` to its <svg> element',
        )
    return width, height
