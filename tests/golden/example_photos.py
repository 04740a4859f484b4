"""The photos of the example site, made with Pillow from a fixed seed: in the page bundle, a
flooded valley road under a grey sky, as a news photo would show it; in ``static/images/``,
bare hills under haze (an article's picture given as a site path). Made once and committed
(the bytes depend on Pillow's JPEG encoder); run again only to change them, then regenerate the
golden list::

    .venv/bin/python -m tests.golden.example_photos
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw, ImageFilter

from tests.conftest import REPO

BUNDLE = REPO / "content" / "2026" / "wadi-flood"
STATIC = REPO / "static" / "images"
#: (file, size, seed, flooded): the bundle's lead photo and a second one for its body; a
#: landscape in static/.
PHOTOS = (
    (BUNDLE / "flood.jpg", (1600, 900), 17, True),
    (BUNDLE / "bridge.jpg", (1200, 800), 29, True),
    (STATIC / "hills-haze.jpg", (1400, 788), 41, False),
)


def _ridge(rng: random.Random, width: int, base: float, amplitude: float) -> list[float]:
    waves = [(rng.uniform(0.002, 0.012), rng.uniform(0, math.tau)) for _ in range(4)]
    return [
        base + amplitude * sum(math.sin(x * f + p) / (i + 1) for i, (f, p) in enumerate(waves))
        for x in range(width)
    ]


def _sky(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    for y in range(height):
        t = y / height
        grey = int(150 + 70 * t)
        draw.line([(0, y), (width, y)], fill=(grey - 8, grey - 2, grey + 6))


def _hills(draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int]) -> None:
    width, height = size
    for depth, (base, colour) in enumerate(
        ((0.42, (118, 112, 98)), (0.52, (139, 120, 92)), (0.60, (105, 88, 66)))
    ):
        line = _ridge(rng, width, height * base, height * (0.05 - 0.01 * depth))
        draw.polygon([(0, height), *enumerate(line), (width, height)], fill=colour)


def _flood(draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int]) -> None:
    """Brown water over the valley floor, ripples, a half-drowned road and its posts."""
    width, height = size
    top = int(height * 0.66)
    for y in range(top, height):
        t = (y - top) / (height - top)
        draw.line(
            [(0, y), (width, y)], fill=(int(132 - 30 * t), int(104 - 24 * t), int(70 - 16 * t))
        )
    for _ in range(900):
        x, y = rng.uniform(0, width), rng.uniform(top, height)
        length = rng.uniform(8, 60) * (0.4 + (y - top) / (height - top))
        shade = rng.randint(150, 190)
        draw.line([(x, y), (x + length, y)], fill=(shade, shade - 22, shade - 50), width=2)
    road = int(height * 0.74)
    draw.polygon(
        [(0, road), (width, road - height * 0.05), (width, road - height * 0.02), (0, road + 18)],
        fill=(72, 70, 68),
    )
    for x in range(40, width, 140):
        post = road - x * height * 0.05 / width
        draw.rectangle([x, post - 46, x + 7, post + 4], fill=(228, 228, 220))
        draw.rectangle([x, post - 46, x + 7, post - 36], fill=(200, 40, 36))


def _houses(draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int]) -> None:
    width, height = size
    for _ in range(7):
        x, w = rng.uniform(0.05, 0.9) * width, rng.uniform(40, 90)
        y, h = height * rng.uniform(0.55, 0.62), rng.uniform(30, 60)
        tone = rng.randint(175, 215)
        draw.rectangle([x, y - h, x + w, y], fill=(tone, tone - 10, tone - 28))
        draw.rectangle([x + w * 0.3, y - h * 0.6, x + w * 0.45, y - h * 0.3], fill=(60, 58, 56))


def make_photo(size: tuple[int, int], seed: int, flooded: bool = True) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    _sky(draw, *size)
    _hills(draw, rng, size)
    if flooded:
        _houses(draw, rng, size)
        _flood(draw, rng, size)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.effect_noise(size, 40).convert("RGB")  # a camera's grain (deterministic)
    image = Image.blend(image, grain, 0.06)
    return _vignette(image)


def _vignette(image: Image.Image) -> Image.Image:
    """Corners a little darker, as a lens makes them."""
    width, height = image.size
    mask = Image.new("L", (width // 8, height // 8), 0)
    ImageDraw.Draw(mask).ellipse(
        [-width // 40, -height // 40, width // 8 + width // 40, height // 8 + height // 40],
        fill=255,
    )
    mask = mask.filter(ImageFilter.GaussianBlur(width // 60)).resize(image.size)
    dark = Image.new("RGB", image.size, (20, 18, 16))
    return Image.composite(image, Image.blend(image, dark, 0.45), mask)


def main() -> None:
    for path, size, seed, flooded in PHOTOS:
        path.parent.mkdir(parents=True, exist_ok=True)
        photo = make_photo(size, seed, flooded)
        photo.save(path, "JPEG", quality=72, optimize=True, progressive=True)
        print(f"wrote {path.relative_to(REPO)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
