"""What to make of a source image: the widths, the crop's ratio, the focal point, the formats and
each encoder's settings. Plain values, parsed from the words an author writes (``image_focus:
0.3,0.6``, ``16:9``) with a :class:`ValueError` that says what is wrong and what to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

#: ``images.widths`` when the config says nothing: phones to wide screens.
DEFAULT_WIDTHS = (320, 480, 640, 960, 1280, 1920)
#: The widest derivative any site may ask for.
MAX_WIDTH = 8192
#: The size of the ``og:image`` (Facebook's and X's large card).
OG_SIZE = (1200, 630)
#: Pillow's own default limit (about 89 MP): above it an image is refused, not decoded.
DEFAULT_MAX_PIXELS = 89_478_485

#: The formats derivatives are written in, and the file extension of each.
EXTENSIONS = MappingProxyType({"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"})
#: The modern formats, best first, tried before the fallback (the source's own format).
MODERN = ("avif", "webp")
#: Each encoder's settings. They are part of every derivative's cache key: a change here makes
#: new derivatives. One thread for AVIF: its threaded encoder's bytes depend on the threads.
SETTINGS: MappingProxyType[str, MappingProxyType[str, object]] = MappingProxyType(
    {
        "avif": MappingProxyType({"quality": 60, "speed": 8, "max_threads": 1}),
        "webp": MappingProxyType({"quality": 80, "method": 4}),
        "jpeg": MappingProxyType({"quality": 82, "optimize": True, "progressive": True}),
        "png": MappingProxyType({"compress_level": 6}),
    }
)


#: The lossy encoders, whose ``quality`` ``images.quality`` sets.
LOSSY = ("avif", "webp", "jpeg")


def encoder_settings(format: str, quality: int = 0) -> dict[str, object]:
    """The settings ``format`` is written with: :data:`SETTINGS`, its ``quality`` replaced by
    ``quality`` (1 to 100) for a lossy format; 0 keeps each encoder's own."""
    settings = dict(SETTINGS[format])
    if quality and format in LOSSY:
        settings["quality"] = quality
    return settings


def available(formats: tuple[str, ...]) -> tuple[str, ...]:
    """``formats`` less the ones this Pillow cannot write (AVIF needs Pillow built with libavif)."""
    from PIL import features  # here: loading the configuration does not load Pillow

    return tuple(f for f in formats if f != "avif" or features.check("avif"))


@dataclass(frozen=True, slots=True)
class Focus:
    """The point of a picture a crop keeps in view, as fractions of its width and height from
    the top left corner (0,0) to the bottom right (1,1)."""

    x: float = 0.5
    y: float = 0.5


#: The middle of the picture: where a crop is centred when no focal point is given.
CENTER = Focus()

#: The named focal points: the centre, the four sides and the four corners.
NAMED_FOCUS = MappingProxyType(
    {
        "center": Focus(0.5, 0.5),
        "top": Focus(0.5, 0.0),
        "bottom": Focus(0.5, 1.0),
        "left": Focus(0.0, 0.5),
        "right": Focus(1.0, 0.5),
        "top-left": Focus(0.0, 0.0),
        "top-right": Focus(1.0, 0.0),
        "bottom-left": Focus(0.0, 1.0),
        "bottom-right": Focus(1.0, 1.0),
    }
)
_FOCUS_HELP = (
    "write two fractions `x,y` from 0 to 1 measured from the top left corner (e.g. `0.3,0.6`), "
    "or one of " + ", ".join(NAMED_FOCUS)
)
_NUMBER = r"\s*(\d+(?:\.\d+)?|\.\d+)\s*"


def parse_focus(text: str) -> Focus:
    """``image_focus`` as written: ``"0.3,0.6"`` or a name such as ``"top"`` (see
    :data:`NAMED_FOCUS`). Raises :class:`ValueError` saying what to write instead."""
    word = text.strip().lower().replace("_", "-").replace(" ", "-")
    if word in NAMED_FOCUS:
        return NAMED_FOCUS[word]
    match = re.fullmatch(_NUMBER + "," + _NUMBER, text)
    if not match:
        raise ValueError(f"`{text[:40]}` is not a focal point: {_FOCUS_HELP}")
    x, y = float(match.group(1)), float(match.group(2))
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise ValueError(f"`{text[:40]}` is outside the picture: {_FOCUS_HELP}")
    return Focus(x, y)


@dataclass(frozen=True, slots=True)
class Ratio:
    """A crop's shape, ``width:height`` (16:9)."""

    width: int
    height: int

    @property
    def value(self) -> float:
        return self.width / self.height

    def label(self) -> str:
        return f"{self.width}x{self.height}"


#: The shape of cards and thumbnails when the config says nothing.
CARD_RATIO = Ratio(16, 9)


def parse_ratio(text: str) -> Ratio:
    """A ratio as written, ``16:9`` (or ``16x9``, ``16/9``). Raises :class:`ValueError`."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*[:x/]\s*(\d{1,4})\s*", text)
    if not match or not int(match.group(1)) or not int(match.group(2)):
        raise ValueError(f"`{text[:40]}` is not a ratio: write two whole numbers, e.g. `16:9`")
    return Ratio(int(match.group(1)), int(match.group(2)))


def check_widths(widths: tuple[int, ...]) -> tuple[int, ...]:
    """``widths`` sorted, each once; a :class:`ValueError` for none, or one out of range."""
    if not widths:
        raise ValueError("give at least one width, e.g. [320, 640, 1280]")
    for width in widths:
        if not 1 <= width <= MAX_WIDTH:
            raise ValueError(f"width {width} is out of range: widths are 1 to {MAX_WIDTH} pixels")
    return tuple(sorted(set(widths)))
