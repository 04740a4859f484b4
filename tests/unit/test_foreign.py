"""Template syntax of other generators found in Markdown, outside code, at its line."""

from __future__ import annotations

from jarida.config import MarkdownConfig
from jarida.foreign import find, foreign_warning
from jarida.markdown import make_parser, render_markdown

BODY = """\
نص {{< youtube abc >}} هنا.

{% include figure.html src="a.png" %}

`{{< x >}}` و`{% raw %}` في الشيفرة.

```liquid
{% raw %}{{ page.title }}{% endraw %}
```

* [التفاصيل](#x)
{:toc}

## عنوان {#custom-id}

سطر أول
{{% notice info %}} ثاني

الموقع {{ site.baseurl }} و{{<youtube abc>}}

    {{< indented code >}}

<div>{{< figure src="a.png" >}}</div>
"""


def test_each_occurrence_outside_code_at_its_line() -> None:
    body = render_markdown(make_parser(MarkdownConfig()), BODY)
    assert body.foreign == (
        ("hugo", "{{< youtube abc >}}", 1),
        ("liquid", '{% include figure.html src="a.png" %}', 3),
        ("kramdown", "{:toc}", 12),
        ("kramdown", "{#custom-id}", 14),
        ("hugo", "{{% notice info %}}", 17),
        ("variable", "{{ site.baseurl }}", 19),
        ("hugo", "{{<youtube abc>}}", 19),
        ("hugo", '{{< figure src="a.png" >}}', 23),
    )


def test_a_shortcode_over_several_lines_is_one_at_its_first() -> None:
    text = 'أ\n{{< figure src="a.png"\n   caption="طويل جدا" >}}'
    assert list(find(text, 10)) == [("hugo", '{{< figure src="a.png" caption="طويل جدا" >}}', 11)]


def test_plain_braces_are_not_template_syntax() -> None:
    text = "المجموعة {1، 2} و{أ} و{ x } والدالة f(x) = {x: 1} و{{ }}"
    assert list(find(text, 1)) == []


def test_what_an_importer_kept_untranslated_is_one_warning_saying_so() -> None:
    body = (
        'أ <!-- jarida-untranslated: {% include x.html a="{{ b }}" %} --> ب\n\n'
        "<!-- jarida-untranslated: {{< notice info >}} -->\n"
        "<!-- a comment of the writer's own: {{ page.title }} -->\n"
    )
    hits = render_markdown(make_parser(MarkdownConfig()), body).foreign
    assert hits == (
        ("untranslated", '{% include x.html a="{{ b }}" %}', 1),
        ("untranslated", "{{< notice info >}}", 3),
        ("variable", "{{ page.title }}", 4),
    )
    message = foreign_warning("a.md", hits[1])
    assert message.message == "template syntax `{{< notice info >}}` was not translated on import"
    assert "comment" in message.hint
