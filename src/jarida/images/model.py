"""The values the image engine takes and gives: one :class:`ImageJob` per source image, one
:class:`ImageResult` back. Both are plain frozen data, so a process pool can send them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from jarida.errors import Diagnostic
from jarida.images.spec import (
    CARD_RATIO,
    CENTER,
    DEFAULT_MAX_PIXELS,
    DEFAULT_WIDTHS,
    MODERN,
    Focus,
    Ratio,
)


class ImageError(Exception):
    """Why a source image cannot be used, and what to do about it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


#: The name of the set of derivatives that keeps the source's shape (lead and inline images).
FULL = "full"
#: The name of the set cropped to the job's ratio (cards and thumbnails).
CROP = "crop"
#: The name of the one ``og:image`` derivative.
OG = "og"


class Kind(StrEnum):
    #: Decoded and published as derivatives.
    RASTER = "raster"
    #: Published as it is, never decoded (SVG, GIF).
    PASSTHROUGH = "passthrough"
    #: Could not be read; ``diagnostics`` says why.
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageJob:
    """One source image and what to make of it."""

    #: The file to read.
    source: Path
    #: Its path as the author knows it (``content/2026/05/flood/cover.jpg``): diagnostics name
    #: it, and derivatives are named after its stem.
    name: str
    #: The cache folder (:func:`jarida.layout.image_cache`).
    cache: Path
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    #: The crop of cards and thumbnails; None makes no crop set.
    crop: Ratio | None = CARD_RATIO
    focus: Focus = CENTER
    #: Modern formats wanted beside the fallback; the ones Pillow cannot write are left out.
    formats: tuple[str, ...] = MODERN
    og: bool = True
    max_pixels: int = DEFAULT_MAX_PIXELS
    #: ``images.quality``: the lossy encoders' quality, 1 to 100; 0 keeps each one's own.
    quality: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Derivative:
    """One file made from a source: its cache key, the name to publish it under, its format and
    size. Its bytes are at :func:`jarida.images.store.derivative_path` of the cache and key."""

    key: str
    file: str
    format: str
    width: int
    height: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageSet:
    """The derivatives of one shape (:data:`FULL` or :data:`CROP`), every format and width,
    narrowest first."""

    name: str
    fallback: str
    derivatives: tuple[Derivative, ...]

    def of_format(self, format: str) -> tuple[Derivative, ...]:
        return tuple(d for d in self.derivatives if d.format == format)

    def formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.format for d in self.derivatives))


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageResult:
    """What one source gave. ``width`` and ``height`` are the picture's as shown (EXIF
    orientation applied), 0 when unknown (SVG); ``encoded`` counts the derivatives encoded by
    this call (0 when all came from the cache)."""

    name: str
    kind: Kind
    digest: str = ""
    width: int = 0
    height: int = 0
    sets: tuple[ImageSet, ...] = ()
    og: Derivative | None = None
    #: The key of the job's record in the cache (what :func:`~jarida.images.store.prune` keeps).
    job_key: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()
    encoded: int = 0

    def set(self, name: str) -> ImageSet | None:
        return next((s for s in self.sets if s.name == name), None)

    def derivative_keys(self) -> tuple[str, ...]:
        """The cache keys of every derivative."""
        found = [d.key for s in self.sets for d in s.derivatives]
        return (*found, self.og.key) if self.og else tuple(found)
