"""The image stage of the build: every local raster picture an article shows published as
responsive derivatives (lead, cards, thumbnails, body images, og:image), failures as errors at
their line in build and check, and an incremental build that follows exactly the pictures that
changed."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from jarida.config import load_config
from jarida.errors import BuildFailed
from jarida.model import Selection
from jarida.sitecheck import check
from tests.conftest import NOW, MakeSite, article, build_site, picture_bytes, read, tree

LONG_AGO = 1_000_000_000  # the image cache trusts a source's stat only once it is this old


def aged(root: Path) -> Path:
    """Every picture of the site given an old mtime (the cache's racy-stat rule)."""
    for path in root.rglob("*"):
        if path.suffix in (".jpg", ".png") and "public" not in path.parts:
            os.utime(path, (LONG_AGO, LONG_AGO))
    return root


SITE = {
    "jarida.yaml": "base_url: https://news.example/\nsearch: false\nimages: {widths: [64, 1300]}\n",
    "content/2026/flood/index.md": article(
        "سيول",
        image="cover.jpg",
        image_alt="الوادي",
        image_caption="السيول",
        image_credit="سلمى",
        image_focus="left",
        tags="[طقس]",
        body="""\
        ![الطريق](road.png "بعد السيول")

        نص ![ثابت](/images/s.jpg) و ![بعيدة](https://cdn.example/a.jpg) و ![رسم](/images/d.svg)
        """,
    ),
    "content/2026/flood/cover.jpg": picture_bytes(size=(1300, 700), seed=1),
    "content/2026/flood/road.png": picture_bytes("PNG", size=(80, 60), seed=2),
    "content/2026/rain.md": article(
        "أمطار",
        date="2026-03-30T10:00:00+03:00",
        image="/images/s.jpg",
        image_alt="مطر",
        tags="[طقس]",
        body="نص عن السيول والطقس",
    ),
    "content/2026/other.md": article("خبر", date="2026-03-29T10:00:00+03:00", tags="[طقس]"),
    "static/images/s.jpg": picture_bytes(size=(96, 72), seed=3),
    "static/images/d.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
}
FLOOD = "2026/03/سيول/index.html"


def test_every_local_picture_is_published_responsive(make_site: MakeSite) -> None:
    root = aged(make_site(SITE))
    build_site(root)
    page = read(root, FLOOD)
    lead = page[page.index('<figure class="lead-image"') : page.index("</figure>")]
    assert '<source type="image/webp" srcset="/images/cover.64w.' in lead
    assert 'width="1300" height="700" alt="الوادي" fetchpriority="high"' in lead
    assert "loading=" not in lead and '<span class="credit">تصوير: سلمى</span>' in lead
    body = page[page.index('<div class="article-body">') : page.index("</article>")]
    assert re.search(r'<figure><picture>.*alt="الطريق" loading="lazy" decoding="async">', body)
    assert 'width="96" height="72" alt="ثابت" loading="lazy"' in body
    assert '<img src="https://cdn.example/a.jpg" alt="بعيدة">' in body  # remote: as it is
    assert '<img src="/images/d.svg" alt="رسم">' in body  # a drawing: as it is
    og = re.search(r'<meta property="og:image" content="https://news\.example(/images/\S+)">', page)
    assert og is not None and f'name="twitter:image" content="https://news.example{og[1]}"' in page
    with Image.open(root / "public" / og[1].lstrip("/")) as picture:
        assert (picture.format, picture.size) == ("JPEG", (1200, 630))
    # the home page's lead story large and fetched first; the others as lazy 16:9 cards
    home = read(root, "index.html")
    assert home.count('fetchpriority="high"') == 1 and "/images/cover.64w." in home
    assert '<source type="image/webp" srcset="/images/s.16x9.64w.' in home
    tag = read(root, "tags/طقس/index.html")
    assert tag.count('loading="lazy"') == 2 and "cover.16x9.64w." in tag
    # related lists show thumbnails, hidden from screen readers beside the title's link
    rain = read(root, "2026/03/أمطار/index.html")
    related = rain[rain.index('<section class="related"') :]
    assert (
        '<a class="thumbnail" href="/2026/03/%D8%B3%D9%8A%D9%88%D9%84/" tabindex="-1" '
        'aria-hidden="true"><picture>'
    ) in related
    assert 'sizes="8rem"' in related and 'alt=""' in related
    # every derivative published is one the pages use, named after its source
    published = {p for p in tree(root / "public") if p.startswith("images/")}
    assert "images/s.jpg" in published and "images/d.svg" in published  # static/ as it is
    assert {p.split(".")[0] for p in published} == {
        "images/cover",
        "images/road",
        "images/s",
        "images/d",
    }


def test_image_focus_moves_the_crop(make_site: MakeSite) -> None:
    files = dict(SITE)
    root = aged(make_site(files))
    build_site(root)
    left = set(tree(root / "public/images"))
    text = files["content/2026/flood/index.md"].replace("image_focus: left", "image_focus: right")
    (root / "content/2026/flood/index.md").write_text(str(text), encoding="utf-8")
    build_site(root)
    right = set(tree(root / "public/images"))
    changed = {name.split(".")[1] for name in left ^ right}
    assert changed == {"16x9"}  # the cards' crops moved; the full pictures did not


@pytest.mark.parametrize(
    ("picture", "said"),
    [
        (b"not a picture at all", "is not an image in a format Jarida reads"),
        (picture_bytes(size=(300, 200))[:400], "is damaged"),
    ],
)
def test_a_broken_picture_is_an_error_at_its_line_in_build_and_check(
    make_site: MakeSite, picture: bytes, said: str
) -> None:
    root = make_site(
        {
            "content/2026/flood/index.md": article(
                "سيول", image="cover.jpg", image_alt="أ", body="نص\n\n![صورة](/images/bad.jpg)"
            ),
            "content/2026/flood/cover.jpg": picture,
            "static/images/bad.jpg": picture,
        }
    )
    found = check(load_config(root), Selection(now=NOW))
    shown = [(d.path, d.line, d.message.split(": ")[0]) for d in found]
    flood = "content/2026/flood/index.md"
    assert shown == [
        (flood, 4, "`image` content/2026/flood/cover.jpg"),
        (flood, 9, "image static/images/bad.jpg"),
    ]
    assert all(said in d.message for d in found), [d.message for d in found]
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert failed.value.diagnostics == found
    assert not (root / "public").exists()


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_ino)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_build_with_no_picture_changed_encodes_nothing_and_rewrites_no_image_file(
    make_site: MakeSite,
) -> None:
    root = aged(make_site(SITE))
    build_site(root)
    cache, images = root / ".jarida/images", root / "public/images"
    before, published = _stats(cache), _stats(images)
    text = (root / "content/2026/other.md").read_text(encoding="utf-8")
    (root / "content/2026/other.md").write_text(text + "\nجملة أخرى\n", encoding="utf-8")
    assert build_site(root).rendered_paths  # a page changed: the build ran
    assert _stats(cache) == before  # nothing encoded, not even a job's record written again
    assert _stats(images) == published  # the published files are the same files


def test_a_changed_picture_re_renders_only_the_pages_showing_it(make_site: MakeSite) -> None:
    root = aged(make_site(SITE))
    build_site(root)
    published = set(tree(root / "public/images"))
    photo = root / "static/images/s.jpg"
    photo.write_bytes(picture_bytes(size=(96, 72), seed=5))
    os.utime(photo, (LONG_AGO + 10, LONG_AGO + 10))
    result = build_site(root)
    new = set(tree(root / "public/images")) - published
    assert new and all(name.startswith("s.") for name in new)  # only its derivatives are new
    shown = {
        path
        for path, data in tree(root / "public").items()
        if not path.startswith("images/") and b"/images/s." in data  # pages and feeds
    }
    assert set(result.rendered_paths) == shown  # the pages showing it, and nothing else
    assert FLOOD in shown and "2026/03/أمطار/index.html" in shown and "index.html" in shown
    assert "tags/index.html" not in shown and "404.html" not in shown
    build_site(root, out=root / "clean", clean=True)
    assert tree(root / "public") == tree(root / "clean")


def test_check_reports_pictures_without_writing_anything(make_site: MakeSite) -> None:
    root = aged(make_site(SITE))
    assert [d for d in check(load_config(root), Selection(now=NOW)) if d.is_error] == []
    assert not (root / ".jarida").exists() and not (root / "public").exists()


def test_the_configured_widths_and_formats_are_published(make_site: MakeSite) -> None:
    files = dict(SITE)
    files["jarida.yaml"] = "search: false\nimages: {widths: [48], formats: [webp]}\n"
    root = aged(make_site(files))
    build_site(root)
    made = {p for p in tree(root / "public/images") if p.startswith(("cover.", "road."))}
    assert {p.rsplit(".", 1)[1] for p in made} == {"webp", "jpg", "png"}  # no AVIF
    assert {p.split(".")[-3] for p in made if ".og." not in p} == {"48w"}


def test_a_picture_linked_from_outside_static_is_never_read(
    make_site: MakeSite, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(picture_bytes(size=(90, 60), seed=4))
    root = make_site(
        {"content/a.md": article("خبر", image="/images/leak.jpg", image_alt="أ", body="نص")}
    )
    (root / "static/images").mkdir(parents=True)
    (root / "static/images/leak.jpg").symlink_to(secret)
    with pytest.raises(BuildFailed):  # the link is not published, so the image is missing
        build_site(root)
    assert not (root / ".jarida/images/jobs").exists()  # and its picture was never decoded


def test_images_quality_sets_the_lossy_encoders_quality(make_site: MakeSite) -> None:
    def jpegs(quality: str) -> dict[str, int]:
        files = dict(SITE)
        files["jarida.yaml"] = f"search: false\nimages: {{widths: [1300], {quality}}}\n"
        noise = io.BytesIO()  # a picture with detail: quality shows in its size
        Image.effect_noise((1300, 700), 60).convert("RGB").save(noise, "JPEG", quality=95)
        files["content/2026/flood/cover.jpg"] = noise.getvalue()
        root = aged(make_site(files))
        build_site(root)
        return {
            p.rsplit(".", 1)[1]: (root / "public/images" / p).stat().st_size
            for p in tree(root / "public/images")
            if p.startswith("cover.1300w.") and p.endswith((".jpg", ".webp"))
        }

    default, low = jpegs("formats: [webp]"), jpegs("formats: [webp], quality: 30")
    assert default.keys() == low.keys() == {"jpg", "webp"}
    assert all(low[ext] < size for ext, size in default.items()), (default, low)


@pytest.mark.parametrize("quality", ["101", "-1", "0.5", "'high'"])
def test_a_quality_out_of_range_is_an_error_at_its_line(make_site: MakeSite, quality: str) -> None:
    root = make_site({"jarida.yaml": f"title: x\nimages:\n  quality: {quality}\n"})
    with pytest.raises(BuildFailed) as info:
        load_config(root)
    [problem] = [d.format() for d in info.value.diagnostics]
    assert problem.startswith("jarida.yaml:3: error:") and "images.quality" in problem
