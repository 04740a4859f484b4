"""Jekyll's Liquid and Hugo's shortcodes translated on import into Markdown/HTML Jarida renders."""

from __future__ import annotations

import re

import pytest

from jarida.config import MarkdownConfig
from jarida.errors import Diagnostic, Severity
from jarida.importer.templatesyntax import Dialect, Translation, translate
from jarida.markdown import make_parser, render_markdown


class FakeLinks:
    """Posts and pages the importer found; files under ``/static``."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def post(self, name: str) -> str | None:
        self.asked.append(name)
        return None if name.startswith("missing") else f"/2020/{name[11:]}/"

    def page(self, path: str) -> str | None:
        self.asked.append(path)
        return None if "missing" in path else "/" + path.removesuffix(".md").strip("/") + "/"

    def asset(self, path: str) -> str:
        self.asked.append(path)
        return "/images/" + path.rsplit("/", 1)[-1]


def run(text: str, dialect: Dialect = "jekyll", *, first_line: int = 1) -> Translation:
    return translate(text, dialect, source="src/post.md", links=FakeLinks(), first_line=first_line)


def lines(notes: tuple[Diagnostic, ...]) -> list[int]:
    return [note.line for note in notes]


def html_of(text: str) -> str:
    return render_markdown(make_parser(MarkdownConfig()), text).html


def outside_code(html: str) -> str:
    """The HTML without code, pre and comments (what a reader can see as text)."""
    html = re.sub(r"<pre[\s\S]*?</pre>|<code[\s\S]*?</code>", "", html)
    return re.sub(r"<!--[\s\S]*?-->", "", html)


# Jekyll ---------------------------------------------------------------------------------------


def test_highlight_becomes_a_fence_and_linenos_is_noted() -> None:
    out = run('قبل\n\n{% highlight ruby linenos %}\ndef x\n  "{{ y }}"\nend\n{% endhighlight %}\n')
    assert out.text == 'قبل\n\n```ruby\ndef x\n  "{{ y }}"\nend\n```\n'
    assert [(n.line, n.severity) for n in out.notes] == [(3, Severity.WARNING)]
    assert "linenos" in out.notes[0].message and out.notes[0].hint
    plain = run("{% highlight python %}\nprint(1)\n{% endhighlight %}")
    assert plain.text == "```python\nprint(1)\n```" and plain.notes == ()


def test_highlight_holding_backticks_gets_a_longer_fence() -> None:
    out = run("{% highlight markdown %}\n```\ncode\n```\n{% endhighlight %}\n\nبعد `x`\n")
    assert out.text == "````markdown\n```\ncode\n```\n````\n\nبعد `x`\n"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('{% include image.html url="/assets/a.png" description="وصف" %}', "![وصف](/images/a.png)"),
        ("{% include image.html src='/a/b.jpg' alt='بديل' %}", "![بديل](/images/b.jpg)"),
        ('{% include figure.html file=photo.jpg alt="x" %}', "![x](/images/photo.jpg)"),
        ('{% include img.html image="{{ site.baseurl }}/img/c.png" %}', "![](/images/c.png)"),
        ('{%- include picture.html path="/d.webp" -%}', "![](/images/d.webp)"),
    ],
)
def test_image_includes_with_their_parameter_names_and_quotes(tag: str, expected: str) -> None:
    out = run(f"فقرة.\n\n{tag}\n\nبعد.\n")
    assert out.text == f"فقرة.\n\n{expected}\n\nبعد.\n"
    assert out.notes == ()


def test_a_captioned_image_include_is_a_figure_in_a_paragraph_of_its_own() -> None:
    out = run('سطر\n{% include figure.html url="/a.png" alt="أ" caption="تعليق الصورة" %}\nسطر\n')
    assert out.text == 'سطر\n\n![أ](/images/a.png "تعليق الصورة")\n\nسطر\n'
    html = html_of(out.text)
    assert '<figure><img src="/images/a.png" alt="أ">' in html
    assert '<figcaption dir="auto">تعليق الصورة</figcaption></figure>' in html


def test_an_image_include_with_a_variable_is_kept_untranslated_with_a_note() -> None:
    out = run("أ\n\n{% include image.html url=page.image %}\n", first_line=7)
    assert (
        out.text == "أ\n\n<!-- jarida-untranslated: {% include image.html url=page.image %} -->\n"
    )
    assert lines(out.notes) == [9]
    assert "page.image" in out.notes[0].hint and "comment" in out.notes[0].hint


def test_post_url_and_link_through_the_importers_links() -> None:
    out = run("[أ]({% post_url 2020-01-05-name %}) [ب]({% link about.md %})")
    assert out.text == "[أ](/2020/name/) [ب](/about/)"
    assert out.notes == ()


def test_site_urls_become_paths_on_the_site() -> None:
    out = run(
        "[أ]({{ site.baseurl }}/about/) ![ب]({{ site.url }}{{ site.baseurl }}/assets/x.png)\n"
        "[ج]({{ \"/contact/\" | relative_url }}) ![د]({{ '/f/y.jpg' | absolute_url }})\n"
        "[هـ]({{ site.url }})"
    )
    assert out.text == (
        "[أ](/about/) ![ب](/images/x.png)\n[ج](/contact/) ![د](/images/y.jpg)\n[هـ](/)"
    )
    assert out.notes == ()


def test_raw_gives_its_content_and_comment_goes() -> None:
    out = run(
        "أ {% raw %}{{ x }} و{% y %}{% endraw %} ب\n\n{% comment %}\nسر\n{% endcomment %}\nج\n"
    )
    assert out.text == "أ {{ x }} و{% y %} ب\n\nج\n"
    # Shown as text, as Jekyll showed it: the build will warn, so the notes say it first.
    assert sorted(n.message.split("`")[1] for n in out.notes) == ["{% y %}", "{{ x }}"]
    assert lines(out.notes) == [1, 1]


def test_raw_around_code_is_taken_away_and_the_code_stays() -> None:
    out = run("{% raw %}\n```liquid\n{{ page.title }}\n```\n{% endraw %}\n")
    assert out.text == "\n```liquid\n{{ page.title }}\n```\n\n"
    assert out.notes == ()


def test_toc_and_attribute_lists_are_removed_and_noted() -> None:
    out = run(
        "* TOC\n{:toc}\n\n## عنوان {#id}\n\nفقرة\n{: .note #x}\n\n*م*{:.y} نص\n", first_line=3
    )
    assert out.text == "\n## عنوان\n\nفقرة\n\n*م* نص\n"
    assert lines(out.notes) == [3, 6, 9, 11]
    assert "table of contents" in out.notes[0].message
    assert "{: .note #x}" in out.notes[2].message


def test_toc_list_item_of_any_text_goes_with_it() -> None:
    """kramdown replaces the whole one-item list before ``{:toc}`` by the table of contents,
    whatever its text; Arabic sites write «قائمة المحتويات»."""
    out = run("مقدمة\n\n- قائمة المحتويات\n{:toc}\n\n## أ\n")
    assert out.text == "مقدمة\n\n\n## أ\n"
    assert "table of contents" in out.notes[0].message


def test_more_separator_is_jaridas() -> None:
    assert run("أ\n\n<!--more-->\n\nب").text == "أ\n\n<!-- more -->\n\nب"
    assert run("أ\n\n<!-- more -->\n", "hugo").text == "أ\n\n<!-- more -->\n"


def test_liquid_logic_and_variables_are_kept_hidden_and_noted() -> None:
    text = "أ\n\n{% for p in site.posts %}\n- {{ p.title }}\n{% endfor %}\n"
    out = run(text, first_line=4)
    assert out.text == (
        "أ\n\n<!-- jarida-untranslated: {% for p in site.posts %} -->\n- {{ p.title }}\n".replace(
            "{{ p.title }}", "<!-- jarida-untranslated: {{ p.title }} -->"
        )
        + "<!-- jarida-untranslated: {% endfor %} -->\n"
    )
    assert lines(out.notes) == [6, 7, 8]
    assert "was not translated" in out.notes[0].message


def test_a_comment_never_holds_a_double_dash() -> None:
    out = run("{% assign x = 'a -- b --> c' %}")
    assert "--" not in out.text.removeprefix("<!--").removesuffix("-->")
    assert "<!--" not in html_of(out.text).replace("<!-- jarida-untranslated:", "", 1)


def test_a_line_opened_by_an_untranslated_tag_stays_markdown() -> None:
    out = run("{% if x %}**نص** بعد\n")
    assert out.text == "**نص** بعد<!-- jarida-untranslated: {% if x %} -->\n"
    assert "<strong>نص</strong>" in html_of(out.text)


# Hugo -----------------------------------------------------------------------------------------


def test_hugo_figure_as_image_or_linked_figure() -> None:
    out = run('أ\n\n{{< figure src="/img/a.jpg" alt="بديل" caption="تعليق" >}}\n', "hugo")
    assert out.text == 'أ\n\n![بديل](/images/a.jpg "تعليق")\n'
    linked = run('{{< figure src="b.png" title="عنوان" link="/about/" attr="م" >}}', "hugo")
    assert linked.text == (
        '<figure><a href="/about/"><img src="/images/b.png" alt=""></a>'
        '<figcaption dir="auto">عنوان — م</figcaption></figure>'
    )
    assert linked.notes == ()


YOUTUBE = "https://www.youtube.com/watch?v=w7Ft2ymGmfc"
GIST = "https://gist.github.com/spf13/7896402"


@pytest.mark.parametrize(
    ("code", "url", "label"),
    [
        ("{{< youtube w7Ft2ymGmfc >}}", YOUTUBE, "يوتيوب"),
        ('{{< youtube id="w7Ft2ymGmfc" >}}', YOUTUBE, "يوتيوب"),
        ("{{% youtube `w7Ft2ymGmfc` %}}", YOUTUBE, "يوتيوب"),
        ("{{< vimeo 146022717 >}}", "https://vimeo.com/146022717", "فيميو"),
        ('{{< x user="Zoo" id="14531" >}}', "https://x.com/Zoo/status/14531", "إكس"),
        ('{{< tweet user="a_b" id="12" >}}', "https://x.com/a_b/status/12", "إكس"),
        ("{{< tweet 12 >}}", "https://x.com/i/status/12", "إكس"),
        ("{{< gist spf13 7896402 >}}", GIST, "GitHub"),
        ('{{< gist spf13 7896402 "img.html" >}}', GIST + "#file-img-html", "GitHub"),
        ("{{< instagram BWNjjy hidecaption >}}", "https://www.instagram.com/p/BWNjjy/", "إنستغرام"),
    ],
)
def test_embeds_are_links_with_a_label(code: str, url: str, label: str) -> None:
    out = run(f"أ\n\n{code}\n\nب", "hugo")
    paragraph = out.text.split("\n\n")[1]
    assert paragraph.endswith(f"]({url})") and label in paragraph
    html = html_of(out.text)
    assert "<iframe" not in html and "<script" not in html
    assert out.notes == ()


def test_an_embed_with_a_bad_id_is_kept_hidden() -> None:
    out = run('{{< youtube id="x\\" onload=\\"alert(1)" >}}', "hugo")
    assert out.text.startswith("<!-- jarida-untranslated: ") and "onload" not in outside_code(
        html_of(out.text)
    )
    assert lines(out.notes) == [1]


def test_hugo_highlight_is_a_fence_and_its_options_are_noted() -> None:
    text = (
        'أ\n\n{{< highlight go "linenos=table,hl_lines=2" >}}\nfunc main() {}\n{{< /highlight >}}\n'
    )
    out = run(text, "hugo", first_line=5)
    assert out.text == "أ\n\n```go\nfunc main() {}\n```\n"
    assert lines(out.notes) == [7] and "linenos=table" in out.notes[0].message


def test_ref_and_relref_through_the_importers_links() -> None:
    out = run(
        '[أ]({{< ref "posts/b.md" >}}) [ب]({{< relref "/c.md#قسم" >}}) [ج]({{< ref "#x" >}})',
        "hugo",
    )
    assert out.text == "[أ](/posts/b/) [ب](/c/#قسم) [ج](#x)"
    missing = run('أ\n[ب]({{% ref "missing.md" %}})', "hugo")
    assert missing.text == "أ\n[ب](/missing.md)" and lines(missing.notes) == [2]


def test_escaped_shortcodes_show_as_code() -> None:
    out = run(
        'اكتب {{</* youtube abc */>}} أو {{%/* x */%}}\n\n```\n{{</* figure src="a" */>}}\n```',
        "hugo",
    )
    assert (
        out.text == 'اكتب `{{< youtube abc >}}` أو `{{% x %}}`\n\n```\n{{< figure src="a" >}}\n```'
    )
    assert out.notes == ()


def test_an_unknown_paired_shortcode_keeps_its_content() -> None:
    out = run("أ\n\n{{% notice info %}}\nنص **مهم**\n{{% /notice %}}\n", "hugo")
    assert out.text == (
        "أ\n\n<!-- jarida-untranslated: {{% notice info %}} -->\nنص **مهم**\n"
        "<!-- jarida-untranslated: {{% /notice %}} -->\n"
    )
    assert lines(out.notes) == [3, 5]
    assert "<strong>مهم</strong>" in html_of(out.text)


# Code, hostile values, the build's view -------------------------------------------------------

CODE = """\
نص `{{< youtube a >}}` و``{% include image.html url="a" %}``

```
{{< youtube a >}}
{% include image.html url="a" %}
{:toc}
```

~~~liquid
{{ site.baseurl }}
~~~

    {{< figure src="a" >}}
    {% post_url x %}

- بند

      {% include x.html %}
"""


@pytest.mark.parametrize("dialect", ["jekyll", "hugo"])
def test_code_keeps_its_text(dialect: Dialect) -> None:
    out = run(CODE, dialect)
    assert out.text == CODE
    assert out.notes == ()


def test_hostile_alt_and_caption_are_escaped() -> None:
    text = (
        '{% include image.html url="/a.png" alt="<img src=x onerror=alert(1)>](javascript:x)" '
        'caption="</figcaption><script>alert(1)</script>" %}'
    )
    html = html_of(run(text).text)
    assert "<script" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert 'alt="&lt;img src=x onerror=alert(1)&gt;](javascript:x)"' in html
    assert "&lt;/figcaption&gt;&lt;script&gt;" in html
    hugo = run('{{< figure src="a.png" alt="\\"><script>" caption="a<b & c" link="/x" >}}', "hugo")
    assert 'alt="&quot;&gt;&lt;script&gt;"' in hugo.text and ">a&lt;b &amp; c</fig" in hugo.text


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JAVASCRIPT:x", "java\tscript:x", " data:text/html,x", "vbscript:x"],
)
def test_unsafe_addresses_are_refused_with_a_note(url: str) -> None:
    for out in (
        run(f'{{% include image.html url="{url}" %}}'),
        run(f'{{{{< figure src="{url}" >}}}}', "hugo"),
        run(f'{{{{< figure src="a.png" link="{url}" >}}}}', "hugo"),
    ):
        assert out.text.startswith("<!-- jarida-untranslated: ")
        assert "not a safe address" in out.notes[0].hint
        assert "script:" not in outside_code(html_of(out.text))


KITCHEN = {
    "jekyll": """\
---
title: x
---
مقدمة {{ site.baseurl }}/a/ و{{ page.title }}.

{% include image.html url="/a.png" caption="ت" %}

{% highlight js %}
var a = "{{ b }}";
{% endhighlight %}

{% if x %}
أ {% raw %}نص{% endraw %}
{% endif %}

* TOC
{:toc}

{% include youtube.html id="abc123" %}
""",
    "hugo": """\
مقدمة {{< youtube abc >}} و{{< unknown a="1" >}}

{{< figure src="a.png" caption="ت" >}}

{{% notice %}}
نص
{{% /notice %}}

{{< highlight js >}}
var a = "{{< b >}}";
{{< /highlight >}}

`{{< code >}}` {{ .Site.Title }} {% liquid %}
""",
}


@pytest.mark.parametrize("dialect", ["jekyll", "hugo"])
def test_rendered_no_template_syntax_outside_code_and_the_build_warns_only_for_the_notes(
    dialect: Dialect,
) -> None:
    body = KITCHEN[dialect].split("---\n", 2)[-1]
    out = run(body, dialect, first_line=4 if dialect == "jekyll" else 1)
    rendered = render_markdown(make_parser(MarkdownConfig()), out.text)
    visible = outside_code(rendered.html)
    assert "{{" not in visible and "{%" not in visible
    assert not re.search(r"\{[{%]", rendered.summary_text)
    # Each warning of the build is one of the notes (the raw block's text is shown as Jekyll
    # showed it, and noted), and every untranslated construct is one of its warnings.
    untranslated = [n for n in out.notes if "not translated" in n.message]
    hidden = [hit for hit in rendered.foreign if hit[0] == "untranslated"]
    assert len(hidden) == len(untranslated) > 0
    shown = [hit for hit in rendered.foreign if hit[0] != "untranslated"]
    left = [n for n in out.notes if "left as text" in n.message]
    assert len(shown) == len(left)


# Where a construct stands: link destinations, attributes, raw HTML, tables, lists ------------


def test_untranslated_in_a_link_or_an_attribute_keeps_the_markup_whole() -> None:
    out = run('[اقرأ]({{ post.url }}) بعد\n<a href="{{ page.url }}">x</a> و\n')
    assert out.text == (
        "[اقرأ](#) بعد<!-- jarida-untranslated: {{ post.url }} -->\n"
        '<a href="#">x</a> و<!-- jarida-untranslated: {{ page.url }} -->\n'
    )
    html = html_of(out.text)
    assert '<a href="#">اقرأ</a>' in html and '<a href="#"><bdi>x</bdi></a>' in html
    assert lines(out.notes) == [1, 2]


def test_an_image_of_unknown_address_is_hidden_whole() -> None:
    out = run("أ ![صورة]({{ page.image }}) ب")
    assert out.text == "أ <!-- jarida-untranslated: ![صورة]({{ page.image }}) --> ب"
    assert lines(out.notes) == [1]


def test_an_unknown_post_or_page_is_a_link_from_the_root_the_build_reports() -> None:
    out = run("أ\n[ب]({% post_url missing-post %}) [ج]({% link missing.md %})\n")
    assert out.text == "أ\n[ب](/missing-post) [ج](/missing.md)\n"
    hugo = run('[ب]({{< ref "missing.md#x" >}})', "hugo")
    assert hugo.text == "[ب](/missing.md#x)" and len(hugo.notes) == 1


def test_a_post_url_of_a_variable_is_not_looked_up() -> None:
    links = FakeLinks()
    out = translate("[أ]({% link {{ page.x }} %})", "jekyll", source="a", links=links)
    assert links.asked == [] and out.text.startswith("[أ](#)")


def test_in_a_table_or_a_line_of_text_a_captioned_image_stays_inline() -> None:
    out = run('| أ | {% include image.html url="/a.png" caption="ت" %} |\n|---|---|\n')
    assert out.text == '| أ | ![](/images/a.png "ت") |\n|---|---|\n'
    hugo = run('نص {{< figure src="a.png" link="/x/" >}} نص', "hugo")
    assert hugo.text == 'نص <a href="/x/"><img src="/images/a.png" alt=""></a> نص'


def test_inside_a_line_of_raw_html_the_translation_is_html() -> None:
    out = run(
        '<div class="x">{{< figure src="a.png" alt="أ" >}} {{< youtube abc >}}</div>\n', "hugo"
    )
    assert out.text == (
        '<div class="x"><img src="/images/a.png" alt="أ"> '
        '<a href="https://www.youtube.com/watch?v=abc">شاهد الفيديو على يوتيوب</a></div>\n'
    )


def test_highlight_in_a_list_item_keeps_the_items_indent() -> None:
    out = run("1. خطوة:\n\n   {% highlight sh %}\n   ls\n   {% endhighlight %}\n2. ثانية\n")
    assert out.text == "1. خطوة:\n\n   ```sh\n   ls\n   ```\n2. ثانية\n"
    assert '<code class="language-sh">ls\n</code>' in html_of(out.text)


def test_a_shortcode_over_several_lines_and_self_closed() -> None:
    text = 'أ\n\n{{< figure\n    src="a.png"\n    caption="ت" >}}\n\n{{< youtube abc />}}\n'
    out = run(text, "hugo", first_line=10)
    assert (
        out.text
        == 'أ\n\n![ت](/images/a.png "ت")\n\n[شاهد الفيديو على يوتيوب](https://www.youtube.com/watch?v=abc)\n'
    )
    assert out.notes == ()


def test_a_hugo_caption_is_the_alt_without_its_markup_and_the_loss_is_noted() -> None:
    out = run(
        '{{< figure src="a.png" caption="صورة [المصدر](https://x.org) <b>هنا</b>" >}}', "hugo"
    )
    assert out.text == '![صورة المصدر هنا](/images/a.png "صورة المصدر هنا")'
    assert lines(out.notes) == [1] and "caption" in out.notes[0].message


def test_an_unclosed_block_is_kept_hidden_with_a_note() -> None:
    for text, dialect in (
        ("{% highlight ruby %}\nx\n", "jekyll"),
        ("{% raw %}x", "jekyll"),
        ("{% comment %}x", "jekyll"),
        ("{{< highlight go >}}\nx\n", "hugo"),
    ):
        out = run(text, dialect)  # type: ignore[arg-type]
        assert "<!-- jarida-untranslated: " in out.text
        assert "has no" in out.notes[0].hint


def test_notes_after_changed_lines_point_at_the_source() -> None:
    text = (
        "{% highlight a %}\n1\n2\n{% endhighlight %}\n"
        "{% include image.html url='/a.png' caption='c' %}\n"
        "{% raw %}{{ x }}{% endraw %}\n\n{% if y %}\n"
    )
    out = run(text, first_line=20)
    assert sorted(lines(out.notes)) == [25, 27]


@pytest.mark.parametrize("dialect", ["jekyll", "hugo"])
def test_a_body_of_unclosed_constructs_is_read_in_one_pass(dialect: Dialect) -> None:
    """Each construct is looked for LONGEST characters at most and not past the next opening
    (these bodies took minutes when every opening was searched to the end)."""
    for body in ("{{< x " * 4000, '{{< x "' * 4000, "{% " * 4000, "[a](b {{ " * 4000):
        out = run(body, dialect)
        assert out.text == body
    mixed = run("{{< x >}} {% y %} {{ z }}\n" * 500, dialect)
    assert mixed.text.count("<!-- jarida-untranslated: ") == 1500
