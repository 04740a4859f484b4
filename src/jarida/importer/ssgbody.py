"""A page's body from the old site's template syntax to what Jarida renders: the one place the
importer hands bodies to the translator (:mod:`jarida.importer.templatesyntax`)."""

from __future__ import annotations

from typing import Literal, Protocol

from jarida.errors import Diagnostic, warning


class Links(Protocol):
    def post(self, name: str) -> str | None: ...
    def page(self, path: str) -> str | None: ...
    def asset(self, path: str) -> str: ...


def translate_body(
    text: str, dialect: Literal["jekyll", "hugo"], *, source: str, links: Links, first_line: int
) -> tuple[str, tuple[Diagnostic, ...]]:
    """The body in Markdown/HTML Jarida renders, and notes on what was not translated."""
    notes = tuple(
        warning(source, "template syntax left as it is", line=first_line + n)
        for n, line in enumerate(text.split("\n"))
        if "{{" in line or "{%" in line
    )
    return text, notes
