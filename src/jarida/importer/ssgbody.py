"""A page's body from the old site's template syntax to what Jarida renders: the one place the
importer hands bodies to the translator (:mod:`jarida.importer.templatesyntax`)."""

from __future__ import annotations

from jarida.errors import Diagnostic
from jarida.importer.templatesyntax import Dialect, Links, translate


def translate_body(
    text: str, dialect: Dialect, *, source: str, links: Links, first_line: int
) -> tuple[str, tuple[Diagnostic, ...]]:
    """The body in Markdown/HTML Jarida renders, and notes on what was not translated (or was
    with loss), each at its file and line."""
    translation = translate(text, dialect, source=source, links=links, first_line=first_line)
    return translation.text, translation.notes
