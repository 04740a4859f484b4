"""WordPress content as WordPress shows it: wpautop, block comments, shortcodes, more, footnotes."""

from __future__ import annotations

import json

import pytest

from jarida.importer.media import Attachment, ExportIndex, make_index
from jarida.importer.wphtml import MORE_TAG, autop, parse_attributes, prepare

UPLOADS = "https://alwadi.example/wp-content/uploads/2024/03"


def index(**reusable: str) -> ExportIndex:
    attachments = [
        Attachment(id=20, url=f"{UPLOADS}/a.jpg", parent=10, title="أ", alt="صورة أ", menu_order=2),
        Attachment(id=21, url=f"{UPLOADS}/b.png", parent=10, title="ب", alt="صورة ب", menu_order=1),
        Attachment(id=22, url=f"{UPLOADS}/c.pdf", parent=10, title="ملف", alt="", menu_order=0),
    ]
    return make_index(attachments, {int(k.removeprefix("b")): v for k, v in reusable.items()})


def html(content: str, **kwargs: object) -> str:
    return prepare(content, post_id=10, media=index(), **kwargs).html  # type: ignore[arg-type]


def test_autop_makes_paragraphs_and_line_breaks() -> None:
    assert autop("سطر أول\nسطر ثانٍ\n\nفقرة ثانية") == (
        "<p>سطر أول<br />\nسطر ثانٍ</p>\n<p>فقرة ثانية</p>\n"
    )


def test_autop_leaves_blocks_and_pre_alone() -> None:
    out = autop("<h2>عنوان</h2>\nنص\n<pre>a\n\nb</pre>\n<ul>\n<li>أ</li>\n</ul>")
    assert "<h2>عنوان</h2>" in out and "<p>نص</p>" in out
    assert "<pre>a\n\nb</pre>" in out
    assert "<p><li>" not in out and "<li>أ</li>" in out


def test_autop_keeps_newlines_inside_tags() -> None:
    out = autop('<img\nsrc="x.jpg"\nalt="صورة">\nنص')
    assert '<img\nsrc="x.jpg"\nalt="صورة">' in out and "<br />" in out


def test_block_comments_go_and_classic_autop_does_not_run_on_blocks() -> None:
    content = "<!-- wp:paragraph -->\n<p>فقرة</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator /-->"
    prepared = prepare(content, post_id=1, media=index())
    assert "wp:" not in prepared.html and "<br" not in prepared.html
    assert prepared.dynamic_blocks == ("separator",)


def test_reusable_blocks_are_inlined() -> None:
    content = '<!-- wp:block {"ref":40} /-->\n<!-- wp:block {"ref":41} /-->'
    prepared = prepare(content, post_id=1, media=index(b40="<p>نص مشترك</p>"))
    assert "<p>نص مشترك</p>" in prepared.html
    assert prepared.dynamic_blocks == ("block",)


def test_footnotes_block_comes_from_the_meta() -> None:
    meta = json.dumps([{"id": "n1", "content": "مصدر <em>أول</em>"}], ensure_ascii=False)
    out = html(
        '<!-- wp:paragraph --><p>نص<sup data-fn="n1"></sup></p><!-- /wp:paragraph -->'
        "<!-- wp:footnotes /-->",
        footnotes=meta,
    )
    assert '<ol class="wp-block-footnotes"><li id="n1">مصدر <em>أول</em></li></ol>' in out


def test_more_becomes_a_marker() -> None:
    assert f"<{MORE_TAG}></{MORE_TAG}>" in html("مقدمة\n<!--more-->\nبقية")
    assert f"<{MORE_TAG}>" in html("مقدمة<!--more اقرأ المزيد-->بقية")


def test_caption_shortcode_becomes_a_figure() -> None:
    out = html(
        '[caption id="attachment_20" align="alignnone" width="300"]'
        '<a href="/full.jpg"><img src="/a.jpg" alt="مطر" /></a> المطر فوق الحقول[/caption]'
    )
    assert (
        '<figure class="wp-caption"><a href="/full.jpg"><img src="/a.jpg" alt="مطر" /></a>'
        "<figcaption>المطر فوق الحقول</figcaption></figure>"
    ) in out
    old_style = html('[caption caption="تعليق &amp; صورة"]<img src="/a.jpg">[/caption]')
    assert "<figcaption>تعليق &amp; صورة</figcaption>" in old_style


def test_embed_and_lone_urls_become_links() -> None:
    assert '<a href="https://youtu.be/x_1">https://youtu.be/x_1</a>' in html(
        "[embed]https://youtu.be/x_1[/embed]"
    )
    out = html("قبل\n\nhttps://twitter.com/a/status/1\n\nبعد https://not.alone/")
    assert '<a href="https://twitter.com/a/status/1">' in out
    assert "بعد https://not.alone/" in out


def test_gallery_by_ids_and_by_attached_images() -> None:
    by_ids = html('[gallery ids="21,20,99"]')
    assert by_ids.index("b.png") < by_ids.index("a.jpg") and 'alt="صورة ب"' in by_ids
    attached = html("[gallery columns=2]")
    # Images attached to the post, by menu order; the PDF is not an image.
    assert attached.index("b.png") < attached.index("a.jpg") and "c.pdf" not in attached


def test_shortcodes_that_cannot_be_expanded_stay_as_text() -> None:
    prepared = prepare('[gallery ids="99"] [contact-form-7 id="5"]', post_id=7, media=index())
    assert '[gallery ids="99"]' in prepared.html and '[contact-form-7 id="5"]' in prepared.html
    assert prepared.kept_shortcodes == ("gallery",)


def test_escaped_shortcode_is_shown_not_run() -> None:
    assert "[caption]x[/caption]" in html("[[caption]x[/caption]]")


def test_audio_and_video_become_players() -> None:
    assert '<audio controls src="https://e.example/a.mp3"></audio>' in html(
        '[audio mp3="https://e.example/a.mp3"]'
    )
    assert '<audio controls src="https://e.example/b.mp3">' in html(
        "[audio https://e.example/b.mp3]"
    )
    video = html('[video width="640" mp4="https://e.example/v.mp4" poster="/p.jpg"][/video]')
    assert '<video controls src="https://e.example/v.mp4" poster="/p.jpg" width="640">' in video


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ids="1,2" link="file"', {"ids": "1,2", "link": "file"}),
        ("columns=3 size='large'", {"columns": "3", "size": "large"}),
        ("https://e.example/a.mp3", {"0": "https://e.example/a.mp3"}),
        ('caption="أ &amp; ب"', {"caption": "أ & ب"}),
    ],
)
def test_parse_attributes(text: str, expected: dict[str, str]) -> None:
    assert parse_attributes(text) == expected
