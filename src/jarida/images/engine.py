"""One source image in, its derivatives out: :func:`process_image`, a plain function of an
:class:`~jarida.images.model.ImageJob` that the build's process pool (:mod:`jarida.parallel`)
maps over the site's images. It decodes at most one picture at a time, reduced while decoding
where it can, and encodes only the derivatives the cache does not have.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from jarida.images.decode import FALLBACK, Header, ImageError, decode, open_image, reduction
from jarida.images.encode import encode
from jarida.images.model import OG, Derivative, ImageJob, ImageResult, ImageSet, Kind
from jarida.images.plan import Planned, plan
from jarida.images.store import (
    cached_files,
    derivative_path,
    failed,
    job_key,
    recall,
    remember,
    source_stat,
    write_atomic,
)
from jarida.parallel import parallel_iter

#: Published as they are, never decoded: drawings (SVG) and animations (GIF).
PASSTHROUGH = frozenset({".svg", ".gif"})


def _encode_missing(job: ImageJob, data: bytes, header: Header, missing: list[Planned]) -> None:
    """Encode and store ``missing``: the picture decoded once for each JPEG reduction factor
    they need (largest first), one decoded picture held at a time."""
    by_factor: dict[int, list[Planned]] = {}
    for p in missing:
        size = (p.derivative.width, p.derivative.height)
        by_factor.setdefault(reduction(header, p.box, size), []).append(p)
    for factor in sorted(by_factor, reverse=True):
        image, _ = open_image(data, job.max_pixels)
        with image, decode(image, header, factor) as picture:
            ratio_x = picture.width / header.shown[0]
            ratio_y = picture.height / header.shown[1]
            for p in by_factor[factor]:
                left, top, right, bottom = p.box
                box = (left * ratio_x, top * ratio_y, right * ratio_x, bottom * ratio_y)
                made = p.derivative
                encoded = encode(picture, box, (made.width, made.height), made.format, job.quality)
                write_atomic(derivative_path(job.cache, made.key, made.format), encoded)


def _sets(planned: tuple[Planned, ...], fallback: str) -> tuple[ImageSet, ...]:
    names = list(dict.fromkeys(p.set for p in planned if p.set != OG))
    return tuple(
        ImageSet(
            name=name,
            fallback=fallback,
            derivatives=tuple(p.derivative for p in planned if p.set == name),
        )
        for name in names
    )


def _og(planned: tuple[Planned, ...]) -> Derivative | None:
    return next((p.derivative for p in planned if p.set == OG), None)


def _passthrough(job: ImageJob, data: bytes, digest: str, key: str) -> ImageResult:
    size = (0, 0)
    if PurePosixPath(job.name).suffix.lower() == ".gif":
        image, header = open_image(data, job.max_pixels)  # the header only: size and limit
        image.close()
        size = header.shown
    return ImageResult(
        name=job.name,
        kind=Kind.PASSTHROUGH,
        digest=digest,
        width=size[0],
        height=size[1],
        job_key=key,
    )


def _raster(job: ImageJob, data: bytes, digest: str, key: str) -> ImageResult:
    image, header = open_image(data, job.max_pixels)
    with image:
        if header.format not in FALLBACK:
            raise ImageError(
                f"is a {header.format} picture, published only under a .gif name",
                "rename it to .gif, or save it as JPEG or PNG",
            )
        fallback = FALLBACK[header.format]
        if fallback == "jpeg" and header.alpha:
            fallback = "png"
        planned = plan(job, *header.shown, fallback, digest)
        missing = [
            p
            for p in planned
            if not derivative_path(job.cache, p.derivative.key, p.derivative.format).is_file()
        ]
        if missing:
            _encode_missing(job, data, header, missing)
    return ImageResult(
        name=job.name,
        kind=Kind.RASTER,
        digest=digest,
        width=header.shown[0],
        height=header.shown[1],
        sets=_sets(planned, fallback),
        og=_og(planned),
        job_key=key,
        encoded=len(missing),
    )


def process_image(job: ImageJob) -> ImageResult:
    """Every derivative of ``job``'s source, from the cache or encoded now. A source that
    cannot be read gives a result of kind ``failed`` with one error naming it; nothing is
    half-written. Picklable, with no state: a process pool can map it."""
    key = job_key(job)
    if (known := recall(job, key)) is not None:
        return known
    try:
        stat = source_stat(job.source)
        data = Path(job.source).read_bytes()
    except OSError as exc:
        return failed(job, f"cannot be read ({exc.strerror})", "check that the file exists")
    checked_ns = time.time_ns()
    digest = hashlib.sha256(data).hexdigest()
    try:
        if PurePosixPath(job.name).suffix.lower() in PASSTHROUGH:
            result = _passthrough(job, data, digest, key)
        else:
            result = _raster(job, data, digest, key)
    except ImageError as problem:
        return failed(job, problem.message, problem.hint)
    remember(job, result, stat, checked_ns)
    return result


def process_images(jobs: Sequence[ImageJob], *, workers: int) -> list[ImageResult]:
    """The result of every job, in order: the ones whose sources have not changed recalled in
    this process (a build that changes no image starts no pool and touches no image file), the
    others made by :func:`process_image` over ``workers`` processes, one source at a time."""
    present = {cache: cached_files(cache) for cache in {job.cache for job in jobs}}
    known = [recall(job, job_key(job), present[job.cache]) for job in jobs]
    todo = [job for job, result in zip(jobs, known, strict=True) if result is None]
    made = parallel_iter(process_image, todo, jobs=workers, minimum=2, chunk=1)
    return [result if result is not None else next(made) for result in known]
