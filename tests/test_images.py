"""The image engine end to end on small pictures: derivatives, metadata, orientation, the cache,
determinism, the process pool, and bad input."""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, features

from jarida.errors import Severity
from jarida.images import engine, store
from jarida.images.engine import process_image
from jarida.images.model import CROP, FULL, ImageJob, ImageResult, Kind
from jarida.images.spec import Focus, Ratio
from jarida.layout import image_cache
from jarida.parallel import parallel_iter

WIDTHS = (160, 320, 480, 800)
MODERN = ("avif", "webp") if features.check("avif") else ("webp",)


def photo(width: int = 600, height: int = 400, seed: int = 1) -> Image.Image:
    """A small picture with detail: noise over a gradient and a few shapes."""
    noise = Image.effect_noise((width, height), 30 + seed).convert("L")
    ramp = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (ramp, noise, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((width // 4, height // 4, width // 2, height // 2), fill=(200, 30, 30))
    return picture


def secret_jpeg(path: Path, picture: Image.Image, orientation: int = 1) -> Path:
    """A JPEG carrying everything a newsroom must not publish: GPS, camera, XMP, a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SecretCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 2.0, 40.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture.save(
        path,
        "JPEG",
        exif=exif,
        comment=b"source: Hidden Name",
        xmp=b"<x:xmpmeta>Hidden Place</x:xmpmeta>",
        icc_profile=srgb,
        quality=90,
    )
    old = 1_000_000_000  # long ago: the cache may trust the file's stat
    os.utime(path, (old, old))
    return path


def job_for(site: Path, name: str, **options: object) -> ImageJob:
    values: dict[str, object] = {"widths": WIDTHS, "formats": MODERN}
    values.update(options)
    return ImageJob(source=site / name, name=name, cache=image_cache(site), **values)  # type: ignore[arg-type]


def derivative_files(site: Path) -> list[Path]:
    return sorted(p for p in image_cache(site).rglob("*") if p.is_file() and "jobs" not in p.parts)


def without_count(result: ImageResult) -> ImageResult:
    return ImageResult(**{**{f: getattr(result, f) for f in result.__slots__}, "encoded": 0})  # type: ignore[attr-defined]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


def test_widths_formats_and_crops(site: Path) -> None:
    secret_jpeg(site / "content/flood.jpg", photo(600, 400))
    result = process_image(job_for(site, "content/flood.jpg"))
    assert result.kind is Kind.RASTER and not result.diagnostics
    assert (result.width, result.height) == (600, 400)
    full = result.set(FULL)
    assert full is not None and full.fallback == "jpeg"
    assert full.formats() == (*MODERN, "jpeg")
    # Never upscaled; the source's own width added since it is narrower than 800.
    assert [d.width for d in full.of_format("jpeg")] == [160, 320, 480, 600]
    assert [d.height for d in full.of_format("jpeg")] == [107, 213, 320, 400]
    crop = result.set(CROP)
    assert crop is not None
    assert [(d.width, d.height) for d in crop.of_format("webp")] == [
        (160, 90),
        (320, 180),
        (480, 270),
        (600, 338),
    ]
    assert result.og is not None and result.og.format == "jpeg"
    for made in (*full.derivatives, *crop.derivatives, result.og):
        with Image.open(store.derivative_path(image_cache(site), made.key, made.format)) as out:
            assert out.size == (made.width, made.height)
            assert out.format == {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[made.format]
        assert made.file.startswith("flood.")
    assert result.encoded == len(result.derivative_keys())


def test_og_image_is_1200_by_630_jpeg(site: Path) -> None:
    photo(1300, 700).save(site / "content/big.png")
    result = process_image(job_for(site, "content/big.png", widths=(320,)))
    assert result.og is not None
    assert (result.og.width, result.og.height, result.og.format) == (1200, 630, "jpeg")
    path = store.derivative_path(image_cache(site), result.og.key, "jpeg")
    with Image.open(path) as og:
        assert (og.format, og.size) == ("JPEG", (1200, 630))
    # PNG stays PNG as the fallback.
    full = result.set(FULL)
    assert full is not None and full.fallback == "png"


def test_png_with_transparency_keeps_it(site: Path) -> None:
    picture = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(picture).rectangle((50, 25, 150, 75), fill=(0, 120, 0, 255))
    picture.save(site / "content/logo.png")
    result = process_image(job_for(site, "content/logo.png"))
    full = result.set(FULL)
    assert full is not None and full.fallback == "png"
    widest = full.of_format("png")[-1]
    with Image.open(store.derivative_path(image_cache(site), widest.key, "png")) as out:
        assert out.mode == "RGBA" and out.getpixel((0, 0))[3] == 0  # type: ignore[index]


def test_no_metadata_is_published(site: Path) -> None:
    secret_jpeg(site / "content/source.jpg", photo(), orientation=1)
    result = process_image(job_for(site, "content/source.jpg"))
    files = derivative_files(site)
    assert len(files) == len(result.derivative_keys()) > 10
    for path in files:
        data = path.read_bytes()
        for secret in (b"SecretCam", b"Hidden Place", b"Hidden Name", b"Exif\x00", b"xmpmeta"):
            assert secret not in data, (path.name, secret)
        with Image.open(path) as out:
            assert not out.getexif(), path.name
            assert not {"exif", "xmp", "comment", "icc_profile"} & set(out.info), path.name


def test_exif_orientation_is_applied(site: Path) -> None:
    stored = Image.new("RGB", (300, 200), (220, 0, 0))
    stored.paste((0, 0, 220), (150, 0, 300, 200))  # left half red, right half blue
    # Orientation 6: shown turned a quarter clockwise, the stored left edge on top.
    secret_jpeg(site / "content/turned.jpg", stored, orientation=6)
    result = process_image(job_for(site, "content/turned.jpg", widths=(200,), og=False))
    assert (result.width, result.height) == (200, 300)
    made = result.set(FULL).of_format("jpeg")[-1]  # type: ignore[union-attr]
    with Image.open(store.derivative_path(image_cache(site), made.key, "jpeg")) as out:
        assert out.size == (200, 300)
        top, bottom = out.getpixel((100, 20)), out.getpixel((100, 280))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # type: ignore[index]


def test_the_focal_point_moves_the_crop(site: Path) -> None:
    secret_jpeg(site / "content/tall.jpg", photo(300, 600))
    keys = set()
    for focus in (Focus(0.5, 0.0), Focus(0.5, 1.0), Focus(0.5, 1.0)):
        result = process_image(job_for(site, "content/tall.jpg", focus=focus, widths=(300,)))
        keys.add(result.set(CROP).derivatives[0].key)  # type: ignore[union-attr]
    assert len(keys) == 2


def test_same_input_same_bytes_in_another_process(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret_jpeg(site / "content/a.jpg", photo(seed=3))
    result = process_image(job_for(site, "content/a.jpg"))
    mine = {p.name: p.read_bytes() for p in derivative_files(site)}
    other = tmp_path_factory.mktemp("other")
    (other / "content").mkdir()
    (other / "content/a.jpg").write_bytes((site / "content/a.jpg").read_bytes())
    script = (
        "import sys, json; from pathlib import Path\n"
        "from jarida.images.engine import process_image\n"
        "from jarida.images.model import ImageJob\n"
        "from jarida.layout import image_cache\n"
        "root = Path(sys.argv[1])\n"
        "job = ImageJob(source=root / 'content/a.jpg', name='content/a.jpg',"
        " cache=image_cache(root), widths=tuple(json.loads(sys.argv[2])),"
        " formats=tuple(json.loads(sys.argv[3])))\n"
        "print(process_image(job).encoded)\n"
    )
    run = [sys.executable, "-c", script, str(other), json.dumps(WIDTHS), json.dumps(MODERN)]
    done = subprocess.run(run, capture_output=True, text=True, check=True)
    assert int(done.stdout) == result.encoded
    theirs = {p.name: p.read_bytes() for p in derivative_files(other)}
    assert theirs == mine


def test_an_unchanged_image_is_never_encoded_again(site: Path) -> None:
    secret_jpeg(site / "content/a.jpg", photo())
    job = job_for(site, "content/a.jpg")
    first = process_image(job)
    assert first.encoded > 0
    cache = image_cache(site)
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    second = process_image(job)
    assert second.encoded == 0
    assert without_count(second) == without_count(first)
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == before
    assert store.recall(job, store.job_key(job)) is not None  # neither read nor hashed


def test_the_same_picture_elsewhere_is_not_encoded_again(site: Path) -> None:
    secret_jpeg(site / "content/a.jpg", photo())
    first = process_image(job_for(site, "content/a.jpg"))
    (site / "content/b.jpg").write_bytes((site / "content/a.jpg").read_bytes())
    moved = process_image(job_for(site, "content/b.jpg"))
    assert moved.encoded == 0
    assert moved.derivative_keys() == first.derivative_keys()


def test_an_edited_image_is_encoded_again(site: Path) -> None:
    path = secret_jpeg(site / "content/a.jpg", photo(seed=1))
    job = job_for(site, "content/a.jpg")
    first = process_image(job)
    secret_jpeg(path, photo(seed=9))
    second = process_image(job)
    assert second.encoded == first.encoded
    assert set(second.derivative_keys()).isdisjoint(first.derivative_keys())


def test_prune_keeps_only_the_keys_in_use(site: Path) -> None:
    secret_jpeg(site / "content/a.jpg", photo(seed=1))
    secret_jpeg(site / "content/b.jpg", photo(seed=2))
    kept = process_image(job_for(site, "content/a.jpg"))
    gone = process_image(job_for(site, "content/b.jpg"))
    removed = store.prune(image_cache(site), [kept])
    assert removed == len(gone.derivative_keys()) + 1  # and its job record
    names = {p.name.split(".")[0] for p in image_cache(site).rglob("*") if p.is_file()}
    assert names == {*kept.derivative_keys(), kept.job_key}
    assert process_image(job_for(site, "content/a.jpg")).encoded == 0


def test_a_killed_encoding_leaves_whole_files_only(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_jpeg(site / "content/a.jpg", photo())
    calls: list[int] = []
    real = engine.encode

    def dies_on_the_third(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "encode", dies_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        process_image(job_for(site, "content/a.jpg"))
    files = [p for p in image_cache(site).rglob("*") if p.is_file()]
    assert len(files) == 2 and not any(p.name.startswith(".tmp") for p in files)
    monkeypatch.setattr(engine, "encode", real)
    result = process_image(job_for(site, "content/a.jpg"))
    assert result.encoded == len(result.derivative_keys()) - 2


def test_the_process_pool_maps_it(site: Path) -> None:
    names = []
    for seed in range(4):
        name = f"content/p{seed}.jpg"
        secret_jpeg(site / name, photo(320, 200, seed=seed))
        names.append(name)
    jobs = [job_for(site, name, widths=(160, 320)) for name in names]
    assert pickle.loads(pickle.dumps(jobs[0])) == jobs[0]
    pooled = list(parallel_iter(process_image, jobs, jobs=2, minimum=1, chunk=1))
    assert all(r.kind is Kind.RASTER for r in pooled)
    assert pickle.loads(pickle.dumps(pooled[0])) == pooled[0]
    again = [process_image(job) for job in jobs]
    assert [r.encoded for r in again] == [0] * 4
    assert [without_count(r) for r in again] == [without_count(r) for r in pooled]


def test_svg_and_gif_pass_through(site: Path) -> None:
    (site / "content/chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    frames = [Image.new("P", (40, 30), i) for i in range(3)]
    frames[0].save(site / "content/anim.gif", save_all=True, append_images=frames[1:])
    svg = process_image(job_for(site, "content/chart.svg"))
    gif = process_image(job_for(site, "content/anim.gif"))
    assert svg.kind is gif.kind is Kind.PASSTHROUGH
    assert (svg.width, gif.width, gif.height) == (0, 40, 30)
    assert not svg.sets and not gif.sets and svg.og is None
    assert derivative_files(site) == []


def bomb_png(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` and whose data is missing."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _jpeg_bytes() -> bytes:
    out = io.BytesIO()
    photo().save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "options", "says"),
    [
        ("content/noise.jpg", b"\x00not an image at all" * 50, {}, "not an image"),
        ("content/half.jpg", _jpeg_bytes()[:3000], {}, "damaged or truncated"),
        ("content/scan.bmp", b"", {}, "not an image"),
        ("content/bomb.png", bomb_png(100_000, 100_000), {}, "too many pixels"),
        ("content/wide.png", bomb_png(20_000, 2_000), {"max_pixels": 30_000_000}, "over the limit"),
        ("content/anim.jpg", b"", {}, "GIF picture"),
    ],
)
def test_bad_images_are_errors_naming_the_file(
    site: Path, name: str, data: bytes, options: dict[str, object], says: str
) -> None:
    if name.endswith(".bmp"):
        photo(50, 50).save(site / name, "BMP")
    elif name.endswith("anim.jpg"):
        Image.new("P", (20, 20)).save(site / name, "GIF")
    else:
        (site / name).write_bytes(data)
    limit = Image.MAX_IMAGE_PIXELS
    filters = list(warnings.filters)
    result = process_image(job_for(site, name, **options))
    assert result.kind is Kind.FAILED
    (problem,) = result.diagnostics
    assert problem.path == name and problem.severity is Severity.ERROR
    assert says in problem.message and problem.hint
    assert not image_cache(site).exists() or not any(image_cache(site).rglob("*.*"))
    assert limit == Image.MAX_IMAGE_PIXELS and warnings.filters == filters


def test_a_missing_file_is_an_error(site: Path) -> None:
    result = process_image(job_for(site, "content/gone.jpg"))
    assert result.kind is Kind.FAILED
    assert "cannot be read" in result.diagnostics[0].message


def test_a_crop_ratio_of_choice(site: Path) -> None:
    secret_jpeg(site / "content/a.jpg", photo(600, 400))
    result = process_image(job_for(site, "content/a.jpg", crop=Ratio(1, 1), widths=(100,)))
    assert [(d.width, d.height) for d in result.set(CROP).of_format("jpeg")] == [(100, 100)]  # type: ignore[union-attr]
    none = process_image(job_for(site, "content/a.jpg", crop=None, widths=(100,), og=False))
    assert [s.name for s in none.sets] == [FULL] and none.og is None


def test_unchanged_images_start_no_pool(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for seed in range(3):
        secret_jpeg(site / f"content/p{seed}.jpg", photo(320, 200, seed=seed))
    jobs = [job_for(site, f"content/p{seed}.jpg", widths=(160,)) for seed in range(3)]
    first = engine.process_images(jobs, workers=2)
    assert [r.name for r in first] == [j.name for j in jobs] and all(r.encoded for r in first)
    pooled: list[int] = []
    real = engine.parallel_iter

    def counting(function: object, items: list[ImageJob], **options: object) -> object:
        pooled.append(len(items))
        return real(function, items, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "parallel_iter", counting)
    secret_jpeg(site / "content/p1.jpg", photo(320, 200, seed=7))  # one picture edited
    second = engine.process_images(jobs, workers=2)
    assert pooled == [1]
    assert [r.encoded for r in second] == [0, first[1].encoded, 0]
    assert engine.process_images(jobs, workers=2)[1].encoded == 0
    assert pooled == [1, 0]
    lost = second[2].set(FULL).derivatives[0]  # type: ignore[union-attr]
    store.derivative_path(image_cache(site), lost.key, lost.format).unlink()
    assert [r.encoded for r in engine.process_images(jobs, workers=2)] == [0, 0, 1]
    assert pooled == [1, 0, 1]


def test_cmyk_and_broken_colour_profiles_give_plain_rgb(site: Path) -> None:
    Image.new("CMYK", (200, 100), (0, 255, 255, 0)).save(site / "content/cmyk.jpg")
    photo(200, 100).save(site / "content/odd.jpg", icc_profile=b"not a colour profile")
    for name in ("content/cmyk.jpg", "content/odd.jpg"):
        result = process_image(job_for(site, name, widths=(100,), og=False, crop=None))
        assert result.kind is Kind.RASTER, result.diagnostics
        made = result.set(FULL).of_format("jpeg")[0]  # type: ignore[union-attr]
        with Image.open(store.derivative_path(image_cache(site), made.key, "jpeg")) as out:
            assert out.mode == "RGB" and "icc_profile" not in out.info
            if name.endswith("cmyk.jpg"):
                red, green, blue = out.getpixel((50, 25))  # type: ignore[misc]
                assert red > 200 and green < 80 and blue < 80


def test_a_derivatives_bytes_do_not_depend_on_the_others(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The same key gives the same bytes whatever else the job asks for (a JPEG is decoded
    smaller for small derivatives: by a factor that depends on the derivative alone)."""
    secret_jpeg(site / "content/a.jpg", photo(1600, 1000))
    both = process_image(job_for(site, "content/a.jpg", widths=(200, 1600), og=False, crop=None))
    other = tmp_path_factory.mktemp("alone")
    (other / "content").mkdir()
    (other / "content/a.jpg").write_bytes((site / "content/a.jpg").read_bytes())
    alone = process_image(job_for(other, "content/a.jpg", widths=(200,), og=False, crop=None))
    shared = set(both.derivative_keys()) & set(alone.derivative_keys())
    assert len(shared) == len(alone.derivative_keys()) == len(MODERN) + 1
    for made in alone.set(FULL).derivatives:  # type: ignore[union-attr]
        mine = store.derivative_path(image_cache(site), made.key, made.format).read_bytes()
        theirs = store.derivative_path(image_cache(other), made.key, made.format).read_bytes()
        assert mine == theirs, made.format
