"""One derivative's bytes: a box of the decoded picture resized to its size and encoded with the
settings of :data:`jarida.images.spec.SETTINGS`, with no metadata (no EXIF, GPS, XMP, IPTC,
comment or ICC profile: the picture is already sRGB). The same pixels and settings give the same
bytes.
"""

from __future__ import annotations

import io
from types import MappingProxyType

from PIL import Image

from jarida.images.spec import encoder_settings

#: Pillow's name of each format.
_PILLOW_NAMES = MappingProxyType({"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"})
#: Resizing reduces by whole factors first while the picture stays this many times the target
#: (much faster than Lanczos over the full size, with no visible difference).
REDUCING_GAP = 3.0
#: What a transparent picture is laid on for a format without transparency (JPEG).
BACKGROUND = (255, 255, 255)


def _flatten(image: Image.Image) -> Image.Image:
    flat = Image.new("RGB", image.size, BACKGROUND)
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def encode(
    image: Image.Image,
    box: tuple[float, float, float, float],
    size: tuple[int, int],
    format: str,
    quality: int = 0,
) -> bytes:
    """The part ``box`` of ``image`` (in its own pixels), resized to ``size``, in ``format``
    (at ``quality``: :func:`~jarida.images.spec.encoder_settings`)."""
    if box == (0, 0, *image.size) and size == image.size:
        resized = image.copy()
    else:
        resized = image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=REDUCING_GAP)
    if format == "jpeg" and resized.mode == "RGBA":
        resized = _flatten(resized)
    resized.info = {}
    out = io.BytesIO()
    resized.save(out, _PILLOW_NAMES[format], **encoder_settings(format, quality))
    return out.getvalue()
