"""The streaming WXR reader: both namespaces, every field, and recovery from broken exports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jarida.errors import Diagnostic
from jarida.importer.items import Channel, Item, local_name
from jarida.importer.wxr import Record, read_wxr
from jarida.importer.xmlclean import CleanText, allowed_in_xml, detect_encoding

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"


def records(name: str) -> list[Record]:
    return list(read_wxr(FIXTURES / name, name))


def items(found: list[Record]) -> list[Item]:
    return [r for r in found if isinstance(r, Item)]


def problems(found: list[Record]) -> list[Diagnostic]:
    return [r for r in found if isinstance(r, Diagnostic)]


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("{https://wordpress.org/export/1.2/}post_id", "wp:post_id"),
        ("{http://wordpress.org/export/1.2/}post_id", "wp:post_id"),
        ("{http://wordpress.org/export/1.1/}post_name", "wp:post_name"),
        ("{https://wordpress.org/export/1.2/excerpt/}encoded", "excerpt:encoded"),
        ("{http://wordpress.org/export/1.0/excerpt/}encoded", "excerpt:encoded"),
        ("{http://purl.org/rss/1.0/modules/content/}encoded", "content:encoded"),
        ("{http://purl.org/dc/elements/1.1/}creator", "dc:creator"),
        ("title", "title"),
    ],
)
def test_names_do_not_depend_on_version_or_scheme(tag: str, name: str) -> None:
    assert local_name(tag) == name


def test_wxr_1_2_https_channel_comes_first_with_authors() -> None:
    found = records("alwadi-1.2-https.xml")
    channel = found[0]
    assert isinstance(channel, Channel)
    assert (channel.title, channel.language, channel.wxr_version) == ("صحيفة الوادي", "ar", "1.2")
    assert channel.authors["samira"].display_name == "سميرة الحداد"
    assert [(i.post_id, i.post_type) for i in items(found)][-4:] == [
        (30, "page"),
        (31, "page"),
        (50, "nav_menu_item"),
        (60, "product"),
    ]
    assert len(items(found)) == 14
    assert problems(found) == []


def test_every_field_of_an_item() -> None:
    post = items(records("alwadi-1.2-https.xml"))[0]
    assert post.title == "\u200fالمطر يعود إلى الوادي بعد غياب"
    assert post.post_name.startswith("%d8%a7%d9%84%d9%85%d8%b7%d8%b1")
    assert (post.post_date_gmt, post.post_modified_gmt) == (
        "2024-03-16 07:30:00",
        "2024-03-17 08:00:00",
    )
    assert (post.status, post.creator, post.password) == ("publish", "samira", "")
    assert "[caption" in post.content and "<!--more-->" in post.content
    assert post.excerpt.startswith("<p>أمطار غزيرة")
    assert [(t.domain, t.name) for t in post.terms] == [
        ("category", "محليات"),
        ("post_tag", "طقس"),
        ("post_tag", "\u200fمطر"),
    ]
    assert post.meta["_thumbnail_id"] == "20"
    assert [(c.id, c.approved, c.type) for c in post.comments] == [
        (100, "1", "comment"),
        (101, "0", "comment"),
        (102, "1", "pingback"),
    ]
    assert post.comments[0].content == "الحمد لله على المطر.\n\nأخيرًا!"


def test_wxr_1_1_http_namespace_without_cdata() -> None:
    found = records("levant-1.1-http.xml")
    channel = found[0]
    assert isinstance(channel, Channel) and channel.wxr_version == "1.1"
    assert channel.base_blog_url == "http://jabal.example/akhbar"
    posts = items(found)
    assert [p.post_name for p in posts][1:] == ["asifa", "saa", ""]
    assert posts[0].post_date_gmt == "2023-07-10 06:00:00"
    assert posts[3].post_date_gmt == "0000-00-00 00:00:00"
    assert problems(found) == []


def test_forbidden_characters_are_removed_and_reported_with_their_lines() -> None:
    found = records("forbidden-characters.xml")
    posts = items(found)
    assert [p.title for p in posts] == ["بيان عاجل", "أسعار السمك", "طقس معتدل"]
    assert posts[0].content.startswith("نص البيان الأول.سطر ثانٍ.")
    # Inside CDATA a reference is plain text, not a character: it is left as written.
    assert posts[0].content.endswith("يبقى نصًا: &#xD800;")
    assert "\ufffd" in posts[1].content
    messages = {(d.line, d.message.split(" ×")[0]) for d in problems(found)}
    assert messages == {
        (10, "removed &#xD800;, a character XML 1.0 forbids"),
        (13, "removed character U+0000, which XML 1.0 forbids"),
        (13, "removed character U+0001, which XML 1.0 forbids"),
        (13, "removed character U+000B, which XML 1.0 forbids"),
        (23, "removed &#1;, a character XML 1.0 forbids"),
        (26, "replaced a byte that is not valid in the file's encoding by U+FFFD"),
    }
    assert all(not d.is_error for d in problems(found))


def test_a_truncated_file_keeps_every_complete_item() -> None:
    found = records("truncated.xml")
    assert [p.post_id for p in items(found)] == [1, 2]
    (problem,) = problems(found)
    assert problem.line == 39 and not problem.is_error
    assert "looks truncated" in problem.message
    assert "2 complete items" in problem.message and "«مهرجان البحر»" in problem.message


def test_a_malformed_item_is_skipped_and_reading_goes_on() -> None:
    found = records("malformed-item.xml")
    assert [p.title for p in items(found)] == ["حصاد القمح يبدأ", "الأمطار تعود"]
    (problem,) = problems(found)
    assert (problem.line, problem.col) == (23, 15)
    assert "not well-formed" in problem.message and "next <item>" in problem.message


def test_nested_cdata_is_read_as_wordpress_reads_it() -> None:
    # `<![CDATA[ a <![CDATA[ b ]]> c ]]>`: expat ends the section at the first `]]>` and then
    # fails on the second; WordPress's importer reads the element's whole text, less the
    # outer markers. The item is read that way, with a warning at its line.
    found = records("nested-cdata.xml")
    assert [i.post_id for i in items(found)] == [1, 2, 3]
    nested = items(found)[1]
    assert nested.title == "شرح <![CDATA[ في المقال ]]> للمطورين"
    assert nested.content == "<p>الوسم <code><![CDATA[ نص ]]></code> يحفظ النص كما هو.</p>"
    assert nested.meta["note"] == "أول <![CDATA[ ثم ]]> وسط <![CDATA[ آخر ]]>"
    (problem,) = problems(found)
    assert not problem.is_error and problem.line == 23
    assert "nested in another" in problem.message and "×4 (lines 23, 26, 36)" in problem.message


@pytest.mark.parametrize(
    "xml",
    [
        "<x><![CDATA[ a <![CDATA[ b ]]></x>",  # an opening marker inside is plain text
        "<x><![CDATA[ a <![CDATA[ b ]]> c</x>",  # text after the section, none nested
        "<x><![CDATA[ a ]]]]><![CDATA[> b ]]></x>",  # WordPress's own escape of `]]>`
        "<x><![CDATA[ a <![CDATA[ b ]]>\n  </x>",
    ],
)
def test_well_formed_cdata_is_left_alone(xml: str) -> None:
    cleaner = CleanText(io.BytesIO(xml.encode()))
    assert "".join(cleaner) == xml and cleaner.repairs() == ()


def test_several_malformed_items_in_one_chunk(tmp_path: Path) -> None:
    text = (FIXTURES / "malformed-item.xml").read_text(encoding="utf-8")
    start = text.index("\t<item>\n\t\t<title>قمح")
    end = text.index("\t<item>\n\t\t<title><![CDATA[الأمطار")
    text = text[:start] + text[start:end] * 3 + text[end:]
    path = tmp_path / "many.xml"
    path.write_text(text, encoding="utf-8")
    found = list(read_wxr(path, "many.xml"))
    assert [p.title for p in items(found)] == ["حصاد القمح يبدأ", "الأمطار تعود"]
    bad_lines = [n for n, line in enumerate(text.split("\n"), 1) if "قمح &" in line]
    assert [d.line for d in problems(found)] == bad_lines and len(bad_lines) == 3


def test_a_malformed_item_in_a_file_on_one_line(tmp_path: Path) -> None:
    text = (FIXTURES / "malformed-item.xml").read_text(encoding="utf-8")
    head, body = text.split("<channel>", 1)
    path = tmp_path / "one-line.xml"
    path.write_text(head + "<channel>" + body.replace("\n", "").replace("\t", ""), encoding="utf-8")
    found = list(read_wxr(path, "one-line.xml"))
    assert [p.title for p in items(found)] == ["حصاد القمح يبدأ", "الأمطار تعود"]
    (problem,) = problems(found)
    line = (head + "<channel>").count("\n") + 1
    bad = path.read_text(encoding="utf-8").split("\n")[line - 1]
    assert problem.line == line and bad[problem.col - 2] == "&"


def test_not_a_wordpress_export(tmp_path: Path) -> None:
    html = tmp_path / "page.xml"
    html.write_text("<html><body>not an export</body></html>", encoding="utf-8")
    (problem,) = list(read_wxr(html, "page.xml"))
    assert isinstance(problem, Diagnostic) and problem.is_error
    assert "root is <html>" in problem.message
    rss = tmp_path / "feed.xml"
    rss.write_text("<rss><channel><title>t</title><item><title>x</title></item></channel></rss>")
    found = list(read_wxr(rss, "feed.xml"))
    assert any(isinstance(r, Diagnostic) and "no wp: namespace" in r.message for r in found)
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"\x89PNG not xml at all")
    (problem,) = list(read_wxr(junk, "junk.xml"))
    assert isinstance(problem, Diagnostic) and "not a readable XML file" in problem.message


def test_clean_text_keeps_lines_and_cdata_state_across_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("jarida.importer.xmlclean.CHUNK_BYTES", 16)
    source = "<a>&#xD800;</a>\n<![CDATA[\n&#xD800;\n]]>\n<b>&#1;\x02</b>\n"
    cleaner = CleanText(io.BytesIO(source.encode()))
    text = "".join(cleaner)
    assert text == "<a></a>\n<![CDATA[\n&#xD800;\n]]>\n<b></b>\n"
    assert sorted((r.lines, r.kind) for r in cleaner.repairs()) == [
        ((1,), "removed &#xD800;, a character XML 1.0 forbids"),
        ((5,), "removed &#1;, a character XML 1.0 forbids"),
        ((5,), "removed character U+0002, which XML 1.0 forbids"),
    ]


def test_encoding_comes_from_the_declaration() -> None:
    assert detect_encoding(b'<?xml version="1.0" encoding="windows-1256"?>') == "windows-1256"
    assert detect_encoding(b'<?xml version="1.0" encoding="UTF-8"?>') == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf<?xml version='1.0'?>") == "utf-8-sig"
    assert detect_encoding(b'<?xml version="1.0" encoding="no-such-codec"?>') == "utf-8"


def test_an_export_in_windows_1256_reads_as_arabic(tmp_path: Path) -> None:
    text = (FIXTURES / "levant-1.1-http.xml").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="windows-1256"')
    path = tmp_path / "cp1256.xml"
    path.write_bytes(text.encode("windows-1256"))
    found = list(read_wxr(path))
    assert items(found)[0].title == "انقطاع الكهرباء في الضيعة"
    assert problems(found) == []


@pytest.mark.parametrize(
    ("code", "allowed"),
    [(0x9, True), (0x1, False), (0xD800, False), (0xFFFE, False), (0x10FFFF, True)],
)
def test_allowed_in_xml(code: int, allowed: bool) -> None:
    assert allowed_in_xml(code) is allowed


@pytest.mark.parametrize(
    ("stated", "code"),
    [("en", "en"), ("pt_BR", "pt-br"), ("zh-hans", "zh-hans"), (" FR ", "fr")]
    + [(bad, "") for bad in ("", "../etc", "e", "english language", "en/../..", "x" * 300)],
)
def test_only_a_language_code_becomes_an_edition(stated: str, code: str) -> None:
    from jarida.importer.wplanguages import language_code

    assert language_code(stated) == code


def test_polylang_groups_are_read_from_their_php_serialized_description() -> None:
    from jarida.importer.wplanguages import translation_map

    assert translation_map('a:2:{s:2:"ar";i:12;s:2:"en";i:15;}') == {"ar": 12, "en": 15}
    assert translation_map('a:1:{s:5:"pt_BR";i:7;}') == {"pt_BR": 7}
    assert translation_map("not php") == {} and translation_map("") == {}


def test_the_channel_keeps_polylangs_translation_groups(tmp_path: Path) -> None:
    from tests.wxrexports import POLYLANG

    found = list(read_wxr(POLYLANG.write(tmp_path / "p.xml")))
    channel = found[0]
    assert isinstance(channel, Channel)
    assert dict(channel.translation_groups) == {
        "pll_5f3a2b": 'a:3:{s:2:"ar";i:10;s:2:"en";i:11;s:2:"fr";i:12;}'
    }
    languages = [t.slug for i in items(found) for t in i.terms if t.domain == "language"]
    assert languages == ["ar", "en", "fr", "en", "ar", "en"]
