"""Published originals carry no metadata: a JPEG, PNG or WebP with EXIF (GPS position), XMP or
comments, in a bundle or in static/, is published cleaned, losslessly (issue 17)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from jarida.config import load_config
from jarida.errors import BuildFailed
from jarida.model import Selection
from jarida.sitecheck import check
from tests.conftest import NOW, MakeSite, article, build_site, picture_bytes

LONG_AGO = 1_000_000_000
GPS_IFD = 0x8825
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://ns.adobe.com/xap/1.0/"/>'


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 30.0, 0.0), 3: "E", 4: (36.0, 18.0, 0.0)})
    return exif


def _picture(format: str, seed: int) -> Image.Image:
    image = Image.new("RGB", (40, 30), (30 * seed % 256, 90, 160))
    image.putpixel((3, 4), (255, 0, 0))
    return image


def dirty_jpeg() -> bytes:
    out = io.BytesIO()
    _picture("JPEG", 1).save(out, "JPEG", exif=_exif(), comment=b"the source's house", xmp=XMP)
    return out.getvalue()


def dirty_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "the source's house")
    out = io.BytesIO()
    _picture("PNG", 2).save(out, "PNG", exif=_exif(), pnginfo=info)
    return out.getvalue()


def dirty_webp() -> bytes:
    out = io.BytesIO()
    _picture("WEBP", 3).save(out, "WEBP", exif=_exif(), xmp=XMP, lossless=True)
    return out.getvalue()


DIRTY = {"jpg": dirty_jpeg(), "png": dirty_png(), "webp": dirty_webp()}
PLAIN = picture_bytes(size=(40, 30), seed=4)
PLAIN_PNG = picture_bytes("PNG", size=(40, 30), seed=5)


def _site() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "jarida.yaml": "base_url: https://news.example/\nsearch: false\nimages: {widths: [32]}\n",
        "content/2026/raid/index.md": article(
            "مداهمة", image="gps.jpg", image_alt="البيت", body="![الشارع](gps.png)"
        ),
        "content/2026/raid/plain.jpg": PLAIN,
        "static/images/plain.jpg": PLAIN,
    }
    for ext, data in DIRTY.items():
        files[f"content/2026/raid/gps.{ext}"] = data
        files[f"static/images/gps.{ext}"] = data
    return files


def _aged(root: Path) -> Path:
    for path in [*(root / "content").rglob("*"), *(root / "static").rglob("*")]:
        os.utime(path, (LONG_AGO, LONG_AGO))
    return root


def _originals(root: Path, name: str) -> list[Path]:
    """The two published copies of ``name``: the bundle's and static/'s."""
    bundle = list((root / "public/2026").rglob(name))
    return [*bundle, root / "public/images" / name]


def _assert_clean(path: Path, original: bytes) -> None:
    data = path.read_bytes()
    assert b"Exif\x00\x00" not in data and b"http://ns.adobe.com/xap" not in data
    assert b"PhoneMaker" not in data and b"source's house" not in data
    with Image.open(path) as image:
        exif = image.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD) and len(exif) == 0
        pixels = image.convert("RGB").tobytes()
    with Image.open(io.BytesIO(original)) as before:
        assert pixels == before.convert("RGB").tobytes()  # lossless: the same pixels


def test_every_published_original_is_stripped_of_exif_gps_xmp_and_comments(
    make_site: MakeSite,
) -> None:
    root = _aged(make_site(_site()))
    build_site(root)
    for ext, original in DIRTY.items():
        published = _originals(root, f"gps.{ext}")
        assert len(published) == 2 and all(p.is_file() for p in published)
        for path in published:
            _assert_clean(path, original)
    for path in _originals(root, "plain.jpg"):
        assert path.read_bytes() == PLAIN  # no metadata: published byte for byte


def test_a_second_build_cleans_nothing_again_and_keeps_the_published_files(
    make_site: MakeSite,
) -> None:
    root = _aged(make_site(_site()))
    build_site(root)
    cache = root / ".jarida/images/clean"
    cleaned = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in cache.rglob("*")}
    assert (
        len([p for p in cleaned if p.suffix in (".jpg", ".png", ".webp")]) == 3
    )  # one per content
    published = {
        p: p.stat().st_ino for e in ("jpg", "png", "webp") for p in _originals(root, f"gps.{e}")
    }
    published |= {p: p.stat().st_ino for p in _originals(root, "plain.jpg")}
    other = root / "content/2026/other.md"
    other.write_text(article("خبر آخر"), encoding="utf-8")
    assert build_site(root).rendered_paths  # the build ran
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in cache.rglob("*")} == cleaned
    assert {p: p.stat().st_ino for p in published} == published  # hard links of the last output


def test_check_cleans_without_writing_the_cache(make_site: MakeSite) -> None:
    root = _aged(make_site(_site()))
    assert [d for d in check(load_config(root), Selection(now=NOW)) if d.is_error] == []
    assert not (root / ".jarida").exists()


def test_a_broken_original_is_an_error_naming_it(make_site: MakeSite) -> None:
    files = _site()
    files["static/images/cut.jpg"] = DIRTY["jpg"][:30]  # cut inside its EXIF segment
    root = make_site(files)
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert any(
        d.path == "static/images/cut.jpg" and "truncated" in d.message
        for d in failed.value.diagnostics
    )
    assert not (root / "public").exists()


def test_a_raster_format_that_cannot_be_cleaned_is_a_warning(make_site: MakeSite) -> None:
    out = io.BytesIO()
    _picture("TIFF", 5).save(out, "TIFF", exif=_exif())
    files = _site()
    files["static/images/scan.tif"] = out.getvalue()
    root = _aged(make_site(files))
    result = build_site(root)
    assert any(
        w.path == "static/images/scan.tif" and "metadata" in w.message for w in result.warnings
    )


def test_check_reports_an_original_that_cannot_be_cleaned(make_site: MakeSite) -> None:
    files = _site()
    files["static/images/cut.jpg"] = DIRTY["jpg"][:30]
    root = make_site(files)
    found = check(load_config(root), Selection(now=NOW))
    assert [d.path for d in found if d.is_error] == ["static/images/cut.jpg"]
    assert not (root / ".jarida").exists()


def test_a_broken_picture_shown_by_an_article_is_reported_once(make_site: MakeSite) -> None:
    files = _site()
    files["content/2026/raid/gps.jpg"] = DIRTY["jpg"][:30]  # the article's lead image
    root = make_site(files)
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    about = [d for d in failed.value.diagnostics if "gps.jpg" in d.path + d.message]
    assert len(about) == 1 and about[0].path == "content/2026/raid/index.md"


def test_the_cleaned_copies_follow_their_sources(make_site: MakeSite) -> None:
    root = _aged(make_site(_site()))
    build_site(root)
    (root / "static/images/gps.png").unlink()
    photo = root / "content/2026/raid/gps.png"
    photo.write_bytes(PLAIN_PNG)
    os.utime(photo, (LONG_AGO + 10, LONG_AGO + 10))
    build_site(root)
    published = next((root / "public/2026").rglob("gps.png"))
    assert published.read_bytes() == PLAIN_PNG  # no metadata any more: published as it is
    assert not list((root / ".jarida/images/clean").glob("*.png"))  # its cleaned copy deleted
    build_site(root, out=root / "fresh", clean=True)
    assert published.read_bytes() == next((root / "fresh/2026").rglob("gps.png")).read_bytes()


def test_the_derivatives_are_not_taken_for_originals(make_site: MakeSite) -> None:
    files = _site()
    files["jarida.yaml"] = str(files["jarida.yaml"]).replace("[32]}", "[32], formats: [avif]}")
    root = _aged(make_site(files))
    assert build_site(root).warnings == ()  # no AVIF derivative "published with its metadata"
