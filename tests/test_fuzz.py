"""Property tests: the front-matter splitter, slugs, the normalizer and the Markdown pipeline
never raise on any input, give valid UTF-8, and slugs are always safe path segments."""

from __future__ import annotations

from datetime import UTC

from hypothesis import given, settings
from hypothesis import strategies as st

from jarida.config import MarkdownConfig
from jarida.content.article import build_article_source
from jarida.content.frontmatter import FrontMatter, split_front_matter
from jarida.errors import Diagnostic
from jarida.i18n.arabic import isolate_ltr_html, make_slug, normalize_for_match
from jarida.markdown import make_parser, render_markdown
from jarida.model import ArticleSource, SourceFile

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
MIXED = st.text(
    st.one_of(
        ARABIC,
        st.characters(codec="utf-8"),
        st.sampled_from(
            [*"-_/.:#?%«»،؛؟ \n\t*`[]()!<>&\"'|~=+", "\u200f", "\u0640", "\u064b", "\u0651"]
        ),
    ),
    max_size=200,
)
FRONT = st.builds(
    lambda fence, body, close, rest: f"{fence}\n{body}\n{close}\n{rest}",
    st.sampled_from(["---", "+++", "--", ""]),
    MIXED,
    st.sampled_from(["---", "+++", ""]),
    MIXED,
)


@settings(max_examples=300, deadline=None)
@given(FRONT)
def test_front_matter_splitter_never_raises(text: str) -> None:
    result = split_front_matter(text, "content/x.md")
    assert isinstance(result, FrontMatter | Diagnostic)
    if isinstance(result, FrontMatter):
        source = SourceFile(id="x.md", path="content/x.md", text=text, digest="0")
        article = build_article_source(source, result, UTC)
        assert isinstance(article, ArticleSource | list)
    else:
        assert result.path == "content/x.md" and result.line >= 0


@settings(max_examples=500, deadline=None)
@given(MIXED, st.sampled_from(["unicode", "ascii"]))
def test_slugs_are_safe_path_segments(text: str, style: str) -> None:
    slug = make_slug(text, style)
    assert slug and slug not in (".", "..")
    assert not any(c in slug for c in "/\\?#%\x00") and slug == slug.strip()
    assert all(c.isprintable() for c in slug)
    slug.encode("utf-8")
    assert make_slug(text, style) == slug  # stable


@settings(max_examples=500, deadline=None)
@given(MIXED)
def test_normalizer_is_idempotent(text: str) -> None:
    once = normalize_for_match(text)
    assert normalize_for_match(once) == once
    once.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_bidi_isolation_keeps_the_text(text: str) -> None:
    from html import unescape

    html = isolate_ltr_html(text)
    plain = html.replace('<bdi class="long">', "").replace("<bdi>", "").replace("</bdi>", "")
    assert unescape(plain) == text


PARSERS = {html: make_parser(MarkdownConfig(html=html)) for html in (True, False, "sanitize")}


@settings(max_examples=300, deadline=None)
@given(MIXED, st.sampled_from([True, False, "sanitize"]))
def test_markdown_never_raises_and_gives_utf8(text: str, html: bool | str) -> None:
    rendered = render_markdown(PARSERS[html], text, clean=html == "sanitize")
    rendered.html.encode("utf-8")
    assert rendered.word_count >= 0
    if html is not True:
        assert "<script" not in rendered.html.lower()
