"""Markdown rendering: CommonMark plus extensions, Arabic ids, bidi isolation, raw HTML switch."""

from __future__ import annotations

from jarida.config import MarkdownConfig
from jarida.markdown import make_parser, render_markdown
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
