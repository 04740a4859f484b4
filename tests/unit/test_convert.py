"""HTML to Markdown: what Markdown expresses is Markdown, the rest stays HTML, no text is lost."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from jarida.config import MarkdownConfig
from jarida.importer.convert import MORE, html_to_markdown
from jarida.importer.wphtml import MORE_TAG
from jarida.markdown import make_parser, render_markdown


class _Words(HTMLParser):
    """The words and link/image targets of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()
        self.in_style = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style += tag == "style"
        self.targets.update(v.replace(" ", "%20") for k, v in attrs if k in ("href", "src") and v)

    def handle_endtag(self, tag: str) -> None:
        self.in_style -= tag == "style"

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.words.update(re.findall(r"\w+", data))


def words_and_targets(html: str) -> tuple[Counter[str], Counter[str]]:
    parser = _Words()
    parser.feed(html)
    parser.close()
    return parser.words, parser.targets


def rendered(markdown: str) -> str:
    return render_markdown(make_parser(MarkdownConfig()), markdown).html


def assert_nothing_lost(html: str) -> str:
    """Convert, render with Jarida's Markdown, and compare words and link targets."""
    markdown = html_to_markdown(html).markdown
    before, after = words_and_targets(html), words_and_targets(rendered(markdown))
    assert after[0] == before[0], (before[0] - after[0], after[0] - before[0])
    assert after[1] == before[1], (before[1] - after[1], after[1] - before[1])
    return markdown


def md(html: str) -> str:
    return html_to_markdown(html).markdown


def test_paragraphs_emphasis_links_and_line_breaks() -> None:
    out = md(
        '<p>نص <strong>مهم</strong> و<em>مائل</em> و<a href="https://e.example/a">رابط</a>.'
        "<br />\nسطر</p><p>فقرة</p>"
    )
    assert out == "نص **مهم** و*مائل* و[رابط](https://e.example/a).\\\nسطر\n\nفقرة\n"


def test_headings_lists_quotes() -> None:
    out = md(
        "<h2>عنوان</h2><ul><li>أ<ul><li>ب</li></ul></li></ul><ol start='3'><li>ج</li></ol>"
        "<blockquote><p>قول</p></blockquote>"
    )
    assert out == "## عنوان\n\n- أ\n  - ب\n\n3. ج\n\n> قول\n"


def test_markdown_syntax_in_text_is_escaped() -> None:
    html = "<p>1. ليس قائمة # ولا عنوان *ولا* _تأكيد_ [ولا رابط](x) &lt;b&gt; a|b</p>"
    out = assert_nothing_lost(html)
    assert "<b>" not in rendered(out) and "<ol>" not in rendered(out)


def test_images_everywhere_and_figure_captions() -> None:
    html = (
        '<figure><a href="/big.jpg"><img src="/s.jpg" alt="مطر"></a>'
        "<figcaption>المطر فوق الحقول</figcaption></figure>"
        '<h3><img src="/icon.png" alt="أيقونة"> عنوان</h3>'
    )
    out = assert_nothing_lost(html)
    assert "[![مطر](/s.jpg)](/big.jpg)" in out and "*المطر فوق الحقول*" in out
    assert "### ![أيقونة](/icon.png) عنوان" in out


def test_simple_table_is_markdown_merged_cells_stay_html() -> None:
    simple = (
        "<table><tr><th>اليوم</th><th>المنسوب</th></tr>"
        "<tr><td>السبت</td><td>40|60</td></tr></table>"
    )
    assert "| اليوم | المنسوب |\n| --- | --- |\n| السبت | 40\\|60 |" in assert_nothing_lost(simple)
    merged = '<table><tr><td rowspan="2">أ</td><td>ب</td></tr><tr><td>ج</td></tr></table>'
    out = assert_nothing_lost(merged)
    assert out.startswith("<table>") and 'rowspan="2"' in out
    multi_line = "<table><tr><td><p>فقرة</p><p>أخرى</p></td></tr></table>"
    assert assert_nothing_lost(multi_line).startswith("<table>")


@pytest.mark.parametrize(
    "raw",
    [
        '<iframe src="https://maps.example/e?q=1" width="600"></iframe>',
        '<video controls src="/v.mp4"></video>',
        '<blockquote class="twitter-tweet"><p>تغريدة</p></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script>',
        "<dl><dt>مصطلح</dt><dd>تعريفه</dd></dl>",
        '<form action="/s"><input name="q"></form>',
    ],
)
def test_what_markdown_cannot_express_stays_html(raw: str) -> None:
    out = assert_nothing_lost(f"<p>قبل</p>{raw}<p>بعد</p>")
    tag = re.match(r"<(\w+)", raw.split("</blockquote>")[-1] or raw)
    assert tag is not None and f"<{tag.group(1)}" in out
    assert html_to_markdown(raw).raw_html == 1


def test_raw_html_inside_a_list_keeps_the_list() -> None:
    out = assert_nothing_lost(
        '<ul><li>أ<table><tr><td rowspan="2">x</td></tr>\n<tr><td>y</td></tr></table></li>'
        "<li>ب</li></ul>"
    )
    body = rendered(out)
    assert body.count("<li>") == 2 and "<table>" in body


def test_code_blocks_and_preformatted_links() -> None:
    out = md('<pre class="wp-block-code"><code class="language-python">x = 1 * 2\n\ny</code></pre>')
    assert out == "```python\nx = 1 * 2\n\ny\n```\n"
    linked = assert_nothing_lost('<pre><code><a href="#top">إلى الأعلى</a></code></pre>')
    assert linked.startswith("<pre>")


def test_verse_keeps_its_lines_and_is_not_code() -> None:
    out = md('<pre class="wp-block-verse">على قدر أهل العزم\nتأتي العزائم</pre>')
    assert out == "على قدر أهل العزم\\\nتأتي العزائم\n"


def test_embed_urls_become_autolinks() -> None:
    html = (
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=sadd_2024\n</div></figure>"
    )
    assert md(html) == "<https://www.youtube.com/watch?v=sadd_2024>\n"
    assert md('<p><a href="https://e.example/a_b">https://e.example/a_b</a></p>') == (
        "<https://e.example/a_b>\n"
    )


def test_more_marker_and_empty_input() -> None:
    assert md(f"<p>مقدمة</p><p><{MORE_TAG}></{MORE_TAG}></p><p>بقية</p>") == (
        f"مقدمة\n\n{MORE}\n\nبقية\n"
    )
    assert html_to_markdown("  \n").markdown == ""


def test_urls_with_spaces_still_link() -> None:
    out = md('<p><a href="/wp-content/uploads/my file.pdf">ملف</a></p>')
    assert out == "[ملف](/wp-content/uploads/my%20file.pdf)\n"


def test_an_image_title_is_dropped_not_made_a_caption() -> None:
    """WordPress shows an image's title as a tooltip; a titled Markdown image alone in its
    paragraph would become a captioned figure in Jarida."""
    assert html_to_markdown('<p><img src="a.jpg" alt="x" title="Camera"></p>').markdown == (
        "![x](a.jpg)\n"
    )
