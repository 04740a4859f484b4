"""Markdown rendering: CommonMark plus extensions, Arabic ids, bidi isolation, raw HTML switch."""

from __future__ import annotations

from jarida.config import MarkdownConfig
from jarida.content.article import MAX_WORD
from jarida.markdown import make_parser, render_markdown, unique_ids
from jarida.model import RenderedBody


def render(text: str, *, html: bool = True) -> RenderedBody:
    return render_markdown(make_parser(MarkdownConfig(html=html)), text)


def test_heading_ids_keep_arabic_letters_and_h1_is_demoted() -> None:
    out = render("# عنوانٌ رئيسي\n\n## الْقسم الأول\n\n## الْقسم الأول\n")
    assert '<h2 id="عنوان-رئيسي">' in out.html
    assert '<h2 id="القسم-الأول">' in out.html
    assert '<h2 id="القسم-الأول-1">' in out.html
    assert "<h1" not in out.html
    assert [h.id for h in out.toc] == ["عنوان-رئيسي", "القسم-الأول", "القسم-الأول-1"]


def test_tables_strikethrough_footnotes() -> None:
    out = render("| أ | ب |\n|---|---|\n| 1 | 2 |\n\n~~قديم~~ جديد[^1]\n\n[^1]: حاشية\n")
    assert '<table tabindex="0">' in out.html and "<td>1</td>" in out.html
    assert "<s>قديم</s>" in out.html
    assert 'class="footnotes"' in out.html and "حاشية" in out.html


def test_latin_runs_isolated_code_left_to_right() -> None:
    out = render(
        "قال **Elon Musk** إن طائرات Mi-35B، وصلت. `pip install jarida`\n\n"
        "```python\nprint('مرحبا')\n```\n"
    )
    assert "<strong><bdi>Elon Musk</bdi></strong>" in out.html
    assert "<bdi>Mi-35B</bdi>،" in out.html
    assert '<code dir="ltr">pip install jarida</code>' in out.html
    assert '<pre dir="ltr" tabindex="0"><code class="language-python">' in out.html


def test_ltr_paragraph_is_not_wrapped() -> None:
    assert render("An English paragraph about Twitter.").html == (
        "<p>An English paragraph about Twitter.</p>\n"
    )


def test_raw_html_passes_by_default_and_can_be_turned_off() -> None:
    src = '<iframe src="https://example.com/v"></iframe>\n\nنص <b>غامق</b>\n'
    assert "<iframe" in render(src).html
    off = render(src, html=False).html
    assert "<iframe" not in off.replace("&lt;iframe", "")
    assert "&lt;iframe" in off and "<b>" not in off


def test_summary_and_word_count() -> None:
    out = render("## عنوان\n\nالفقرة   الأولى **هنا**.\n\nالفقرة الثانية.\n")
    assert out.summary_text == "الفقرة الأولى هنا."
    assert out.word_count == 6


def test_footnotes_section_has_a_heading() -> None:
    md = make_parser(MarkdownConfig(), footnotes_heading="الهوامش")
    html = render_markdown(md, "نص[^1]\n\n[^1]: حاشية\n").html
    assert '<h2 class="visually-hidden" id="footnotes">الهوامش</h2>' in html
    assert '<section class="footnotes" aria-labelledby="footnotes">' in html


def test_heading_ids_stay_unique_in_one_pass() -> None:
    assert unique_ids(["a", "a-1", "a", "a", "b"]) == ["a", "a-1", "a-2", "a-3", "b"]
    many = unique_ids(["خبر"] * 50_000)  # quadratic before: each one retried every suffix
    assert many[:3] == ["خبر", "خبر-1", "خبر-2"] and many[-1] == "خبر-49999"
    assert len(set(many)) == 50_000


def test_repeated_headings_get_numbered_ids() -> None:
    out = render("## قسم\n\n## قسم-1\n\n## قسم\n\n" + "## قسم\n\n" * 2000)
    ids = [h.id for h in out.toc]
    assert ids[:4] == ["قسم", "قسم-1", "قسم-2", "قسم-3"] and ids[-1] == "قسم-2002"


def test_the_longest_word_of_the_text_is_reported_with_its_line() -> None:
    word = "ب" * (MAX_WORD + 1)
    assert render(f"نص.\n\nسطر\n{'ب' * MAX_WORD} آخر\n").long_word == ()
    assert render(f"نص.\n\nسطر\n{word} آخر\n").long_word == (4, MAX_WORD + 1)
    assert render(f"# عنوان\n\n```\n\n{word}\n```\n").long_word == (5, MAX_WORD + 1)
    assert render(f"نص `{word}`\n").long_word == (1, MAX_WORD + 1)
    link = "https://example.com/" + "a" * 3000
    assert render(f"[{link}]({link}) و <{link}>\n").long_word == ()  # links are not words


def test_references_carry_their_kind_and_their_own_line() -> None:
    """Every link and image target with the line it is on (not its paragraph's first line),
    and images of raw HTML too, so that a reference to nothing is reported where it is."""
    out = render(
        "فقرة أولى\nثم [ملف](doc.pdf) هنا\nو ![صورة](a.jpg) هنا\n\n"
        '<div>\n<img src="b.png" alt="">\n</div>\n\nنص <img src="c.png"> و\n[x](/y/)\n'
    )
    assert out.links == (
        ("doc.pdf", 2, "a"),
        ("a.jpg", 3, "img"),
        ("b.png", 6, "img"),
        ("c.png", 9, "img"),
        ("/y/", 10, "a"),
    )


def test_an_image_with_a_title_alone_in_its_paragraph_is_a_figure() -> None:
    out = render(
        '![سيول](flood.jpg "السيول في <الوادي> & الطريق")\n\n'
        'نص ![صغيرة](a.jpg "عنوان") في فقرة\n\n![بلا عنوان](b.jpg)\n'
    )
    assert (
        '<figure><img src="flood.jpg" alt="سيول"><figcaption dir="auto">'
        "السيول في &lt;الوادي&gt; &amp; الطريق</figcaption></figure>"
    ) in out.html
    assert '<p>نص <img src="a.jpg" alt="صغيرة" title="عنوان"> في فقرة</p>' in out.html
    assert '<p><img src="b.jpg" alt="بلا عنوان"></p>' in out.html
    assert "<p><figure" not in out.html


def test_a_figure_survives_the_sanitizer() -> None:
    md = make_parser(MarkdownConfig(html="sanitize"))
    out = render_markdown(md, '![أ](a.jpg "تعليق")\n', clean=True)
    assert "<figure>" in out.html and "<figcaption" in out.html and "تعليق" in out.html
