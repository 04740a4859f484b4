"""Which derivatives a source gives, from its size as shown and the job alone (no pixels): the
widths (never wider than the source), the crop boxes around the focal point, and each
derivative's cache key and published name.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePosixPath

import PIL

from jarida.images.model import CROP, FULL, OG, Derivative, ImageJob
from jarida.images.spec import EXTENSIONS, OG_SIZE, Focus, Ratio, available, encoder_settings

#: Changes whenever the engine would make other bytes from the same source and settings.
ENGINE = "jarida-images-1"
#: Characters of the key in a published name: enough to tell two versions of a picture apart.
NAME_KEY = 10

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Planned:
    """A derivative to make: which set, the box of the source it shows (in the source's
    coordinates as shown), and what it will be."""

    set: str
    box: Box
    derivative: Derivative


def widths_for(available_width: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The requested ``widths`` that a picture ``available_width`` wide can give without being
    upscaled, and its own width when it is narrower than the widest requested."""
    chosen = {w for w in widths if w <= available_width}
    if available_width < max(widths):
        chosen.add(available_width)
    return tuple(sorted(chosen))


def crop_box(width: int, height: int, ratio: Ratio, focus: Focus) -> Box:
    """The largest box of ``ratio`` inside a ``width``×``height`` picture, centred on ``focus``
    as far as the picture's edges allow."""
    if width / height > ratio.value:
        box_w, box_h = max(1, min(width, round(height * ratio.value))), height
    else:
        box_w, box_h = width, max(1, min(height, round(width / ratio.value)))
    left = min(max(round(focus.x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focus.y * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def _key(digest: str, format: str, box: Box, size: tuple[int, int], quality: int) -> str:
    settings = encoder_settings(format, quality)
    text = json.dumps([ENGINE, PIL.__version__, digest, format, settings, box, size])
    return hashlib.sha256(text.encode()).hexdigest()


def _planned(
    job: ImageJob, set_name: str, digest: str, stem: str, fmt: str, box: Box, size: tuple[int, int]
) -> Planned:
    key = _key(digest, fmt, box, size, job.quality)
    label = "og" if set_name == OG else f"{size[0]}w"
    file = f"{stem}.{label}.{key[:NAME_KEY]}.{EXTENSIONS[fmt]}"
    made = Derivative(key=key, file=file, format=fmt, width=size[0], height=size[1])
    return Planned(set=set_name, box=box, derivative=made)


def _one_set(
    job: ImageJob, set_name: str, box: Box, fallback: str, digest: str
) -> tuple[Planned, ...]:
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    stem = PurePosixPath(job.name).stem
    if set_name == CROP and job.crop is not None:
        stem = f"{stem}.{job.crop.label()}"
    formats = (*available(tuple(f for f in job.formats if f != fallback)), fallback)
    return tuple(
        _planned(job, set_name, digest, stem, fmt, box, (w, max(1, round(w * box_h / box_w))))
        for fmt in formats
        for w in widths_for(box_w, job.widths)
    )


def _og(job: ImageJob, width: int, height: int, digest: str) -> Planned:
    og_w, og_h = OG_SIZE
    box = crop_box(width, height, Ratio(og_w, og_h), job.focus)
    box_w = box[2] - box[0]
    size = (og_w, og_h) if box_w >= og_w else (box_w, max(1, round(box_w * og_h / og_w)))
    return _planned(job, OG, digest, PurePosixPath(job.name).stem, "jpeg", box, size)


def plan(job: ImageJob, width: int, height: int, fallback: str, digest: str) -> tuple[Planned, ...]:
    """Every derivative of a source ``width``×``height`` as shown, whose content digest is
    ``digest`` and whose fallback format is ``fallback`` (``jpeg`` or ``png``)."""
    found = list(_one_set(job, FULL, (0, 0, width, height), fallback, digest))
    if job.crop is not None:
        box = crop_box(width, height, job.crop, job.focus)
        found += _one_set(job, CROP, box, fallback, digest)
    if job.og:
        found.append(_og(job, width, height, digest))
    return tuple(found)
