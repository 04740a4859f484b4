"""Reading a source image safely: the header first (format, size, orientation, no pixels), the
pixel limit checked before anything is decoded, then the pixels, reduced while decoding where the
format allows (JPEG's DCT scaling), turned upright, in sRGB, with every piece of metadata left
behind.

Each failure is an :class:`ImageError` with what went wrong and what to do; the engine turns it
into a diagnostic naming the file. No global setting of Pillow is changed: the pixel limit is
checked here, per call, and Pillow's own warning is silenced only inside the call.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from jarida.images.model import ImageError as ImageError

#: The formats Pillow may even try to read: what it is asked to detect, nothing else.
READABLE = ("JPEG", "PNG", "WEBP", "AVIF", "GIF")
#: Each readable raster format's fallback format for derivatives (the source's own kind).
FALLBACK = MappingProxyType({"JPEG": "jpeg", "PNG": "png", "WEBP": "jpeg", "AVIF": "jpeg"})
#: EXIF orientations that turn the picture a quarter: width and height swap.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})
_ORIENTATION = 0x0112
_DAMAGED_HINT = "open the file in an image editor and save it again, or replace it"


@dataclass(frozen=True, slots=True)
class Header:
    """What the file says of itself, read without decoding the pixels."""

    format: str
    #: The picture's size as stored, and as shown (EXIF orientation applied).
    stored: tuple[int, int]
    shown: tuple[int, int]
    alpha: bool


@contextmanager
def _pillow_errors() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            yield
        except Image.DecompressionBombError as exc:
            raise ImageError(
                f"has too many pixels to decode safely ({exc})", "make the picture smaller"
            ) from None
        except UnidentifiedImageError:
            known = ", ".join(READABLE)
            raise ImageError(
                f"is not an image in a format Jarida reads ({known}) or is damaged",
                "save it as JPEG or PNG",
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageError(f"is damaged or truncated ({exc})", _DAMAGED_HINT) from None


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):
        return 1
    return value if isinstance(value, int) else 1


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def open_image(data: bytes, max_pixels: int) -> tuple[Image.Image, Header]:
    """The image in ``data``, opened (not decoded), and its header; an :class:`ImageError`
    for a file that is not an image, or whose pixels are over ``max_pixels``."""
    with _pillow_errors():
        image = Image.open(io.BytesIO(data), formats=READABLE)
        width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ImageError(
            f"is {width}×{height} pixels, over the limit of {max_pixels:,} "
            "(a picture that large, or a decompression bomb)",
            "resize the picture to at most a few thousand pixels wide before adding it",
        )
    shown = (height, width) if _orientation(image) in _QUARTER_TURNS else (width, height)
    assert image.format is not None
    return image, Header(image.format, (width, height), shown, _has_alpha(image))


def _to_srgb(image: Image.Image, mode: str) -> Image.Image:
    """``image`` in ``mode`` (RGB or RGBA), its colours converted from its ICC profile to sRGB
    (browsers take an image without a profile as sRGB)."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the colours are taken as they are
    return image if image.mode == mode else image.convert(mode)


def reduction(header: Header, box: tuple[int, int, int, int], size: tuple[int, int]) -> int:
    """The factor (1, 2, 4 or 8) a JPEG can be decoded smaller by (its DCT scaling) and still
    give ``box`` (in the picture as shown) at ``size`` from at least as many pixels: a function
    of the derivative alone, so that its bytes do not depend on what else is made with it."""
    if header.format != "JPEG":
        return 1
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    factor = 1
    while factor < 8 and box_w // (factor * 2) >= size[0] and box_h // (factor * 2) >= size[1]:
        factor *= 2
    return factor


def decode(image: Image.Image, header: Header, factor: int = 1) -> Image.Image:
    """The pixels of an opened image, upright, in sRGB, with no metadata; a JPEG decoded
    ``factor`` times smaller (:func:`reduction`), which is much faster and holds less memory."""
    width, height = header.stored
    with _pillow_errors():
        if factor > 1:
            image.draft(None, (max(1, width // factor), max(1, height // factor)))
        image.load()
        upright = ImageOps.exif_transpose(image)
        clean = _to_srgb(upright, "RGBA" if header.alpha else "RGB")
    for step in (image, upright):
        if step is not clean:
            step.close()  # its pixels freed now: one copy of the picture is held, not three
    clean.info = {}
    return clean
