"""A body's <img> of a published picture replaced by its <picture> (jarida.urlpath.picture_tags)."""

from __future__ import annotations

from jarida.urlpath import ALT_SLOT, picture_tags

PICTURE = (
    '<picture><source type="image/webp" srcset="/images/a.640w.webp 640w">'
    f'<img src="/images/a.640w.jpg" width="640" height="360" alt="{ALT_SLOT}" loading="lazy">'
    "</picture>"
)


def test_the_picture_takes_the_tags_alt_and_its_other_attributes() -> None:
    html = (
        '<p><img src="/images/a.jpg" alt="سيول &amp; أمطار" title="الطريق" class="wide" '
        'id=\'map\' width="10" loading="eager" data-caption="x"></p>'
    )
    out = picture_tags(html, "/", {"images/a.jpg": PICTURE})
    assert out.startswith("<p><picture><source") and out.endswith("</picture></p>")
    img = out[out.index("<img") : out.index(">", out.index("<img")) + 1]
    assert 'alt="سيول &amp; أمطار"' in img and 'title="الطريق"' in img
    assert 'class="wide"' in img and "id='map'" in img and 'data-caption="x"' in img
    # The picture's own size and loading stay: the author's are for the original file.
    assert img.count("width=") == 1 and 'width="640"' in img and 'loading="lazy"' in img


def test_an_img_of_no_published_picture_is_left_as_it_is() -> None:
    html = '<img src="/images/other.jpg" alt="x" title="t">'
    assert picture_tags(html, "/", {"images/a.jpg": PICTURE}) == html
