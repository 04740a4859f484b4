"""The images a site publishes as they are (the files of page bundles and of ``static/``)
published without their metadata: EXIF (the GPS position a phone writes), XMP, IPTC, comments.
A newsroom must not leak where a photo of a source was taken.

A JPEG, PNG or WebP copy whose file holds metadata is published from its cleaned copy, made
losslessly (no re-encoding) and cached by :mod:`jarida.images.originals`; a file without
metadata is published as it is (a hard link of the last output's, as every copy). A file that
cannot be cleaned (truncated) is an error; a TIFF, HEIC or AVIF file (formats Jarida does not
clean) a warning. SVG and GIF are published as they are. ``check`` writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from jarida.errors import Diagnostic, warning
from jarida.images.originals import clean_files
from jarida.layout import clean_cache
from jarida.pictures import Pictures
from jarida.writer import Copy

#: The formats cleaned, by extension.
CLEANED = frozenset({".jpg", ".jpeg", ".png", ".webp"})
#: Raster formats that may hold metadata Jarida does not remove: published with a warning.
UNCLEANED = frozenset({".tif", ".tiff", ".heic", ".heif", ".avif"})


def _name(root: Path, source: Path) -> str:
    return source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)


def _uncleaned(name: str) -> Diagnostic:
    return warning(
        name,
        "this image is published as it is, with any metadata it holds (EXIF, GPS position): "
        "Jarida removes metadata from JPEG, PNG and WebP files only",
        hint="convert it to JPEG, PNG or WebP, or strip its metadata (exiftool -all= FILE)",
    )


def clean_originals(
    copies: Sequence[Copy], problems: Sequence[Diagnostic], images: Pictures
) -> tuple[list[Copy], list[Diagnostic]]:
    """``copies`` with every JPEG, PNG and WebP that holds metadata copied from its cleaned
    copy, and ``problems`` with the files that cannot be cleaned (not twice for a picture the
    image stage already reported broken). Only a writable image stage writes the cache;
    ``check`` copies nothing, so its copies stay as they are."""
    root, made = images.site.config.root, {source for source, _ in images.files}
    published = [c for c in copies if c.source not in made]  # derivatives have no metadata
    originals = [c for c in published if c.source.suffix.lower() in CLEANED]
    folder = clean_cache(root)
    names = {c.source: _name(root, c.source) for c in originals}
    seen = clean_files(
        [(c.source, names[c.source]) for c in originals], folder, writable=images.writable
    )
    found = [
        _uncleaned(_name(root, c.source)) for c in published if c.source.suffix.lower() in UNCLEANED
    ]
    found += [
        s.problem for name, s in sorted(seen.items()) if s.problem and name not in images.failed
    ]

    def cleaned(copy: Copy) -> Copy:
        done = seen.get(names.get(copy.source, ""))
        if images.writable and done is not None and done.file:
            return replace(copy, source=folder / done.file)
        return copy

    return [cleaned(c) for c in copies], [*problems, *found]
