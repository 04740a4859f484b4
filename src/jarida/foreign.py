"""Template syntax of other generators, which Jarida would publish as text: Hugo shortcodes,
Liquid tags and variables (Jekyll), kramdown attribute lists.

Found on markdown-it's tokens (text, headings, raw HTML; never code), each occurrence at its
line, so that an imported or copied article does not show ``{{< youtube … >}}`` to readers, in
its meta description, its JSON-LD and the feeds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from markdown_it.token import Token

from jarida.errors import Diagnostic, warning

#: One occurrence: the syntax's key (in :data:`SYNTAXES`), the text found, its 1-based line.
Hit = tuple[str, str, int]
#: The longest text a warning quotes.
QUOTED_CHARS = 60


@dataclass(frozen=True, slots=True)
class Syntax:
    #: What it is, for the message ("a Hugo shortcode").
    name: str
    #: Why it does not work in Jarida and what to do instead.
    advice: str
    #: What becomes of it.
    fate: str = "would be published as text"


SYNTAXES = MappingProxyType(
    {
        "hugo": Syntax(
            "a Hugo shortcode",
            "Jarida does not run shortcodes: replace it with Markdown or HTML "
            "(an <iframe> for a video, ![alt](/images/x.png) for a figure)",
        ),
        "liquid": Syntax(
            "a Liquid tag",
            "Jarida does not run Liquid (Jekyll) tags: replace it with Markdown or HTML; "
            "code goes between ``` fences",
        ),
        "variable": Syntax(
            "a template variable (Liquid or Hugo)",
            "Jarida does not fill in variables in articles: write the value itself",
        ),
        "untranslated": Syntax(
            "template syntax",
            "an importer kept it in an HTML comment, hidden from readers: write what it "
            "showed in Markdown or HTML, then delete the comment",
            "was not translated on import",
        ),
        "kramdown": Syntax(
            "a kramdown attribute list",
            "Jarida does not read attribute lists: remove it (the theme makes the table of "
            "contents and the heading ids)",
        ),
    }
)

#: How an importer keeps what it could not translate (``jarida.importer.syntax``).
UNTRANSLATED = "<!-- jarida-untranslated: "

#: The longest occurrence looked for: each is looked for this far at most and not past the next
#: opening of its kind, so that a body of unclosed ``{{<`` is scanned in linear time (60 KB of
#: them took 9 seconds before).
LONGEST = 4000
_UP_TO = f"{{0,{LONGEST}}}?"
_PATTERN = re.compile(
    rf"(?P<untranslated><!-- jarida-untranslated: (?:(?!-->).){{0,{3 * LONGEST}}}-->)"
    rf"|(?P<hugo>\{{\{{[<%](?:(?!\{{\{{).){_UP_TO}[>%]\}}\}})"
    rf"|(?P<liquid>\{{%(?:(?!\{{%).){_UP_TO}%\}})"
    rf"|(?P<variable>\{{\{{-?\s*[\w.$][^{{}}\x00]{_UP_TO}\}}\}})"
    r"|(?P<kramdown>\{:[^{}\n\x00]*\}|\{[#.][\w-]+[^{}\n\x00]*\})",
    re.DOTALL,
)

#: Tokens whose text is published as it is written (code is meant to show such syntax).
_CODE = frozenset({"code_inline", "code_block", "fence"})


def find(text: str, line: int) -> Iterator[Hit]:
    """Each occurrence in ``text``, whose first line is ``line``."""
    if "{" not in text:
        return
    counted = 0  # lines counted up to here (one count over the text, not one per occurrence)
    for match in _PATTERN.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        key = match.lastgroup or ""
        found = match.group()
        if key == "untranslated":
            found = found[len(UNTRANSLATED) : -len("-->")]
        found = " ".join(found.split())
        if len(found) > QUOTED_CHARS:
            found = found[: QUOTED_CHARS - 1] + "…"
        yield key, found, line


def scan_front_matter(
    data: Mapping[str, object], lines: Mapping[str, int], keys: Iterable[str]
) -> tuple[Hit, ...]:
    """Every occurrence in the text values of ``keys``, each at its key's line."""
    return tuple(
        hit
        for key in keys
        if isinstance(value := data.get(key), str)
        for hit in find(value.replace("\n", " "), lines.get(key, 0))
    )


def _inline_text(token: Token) -> str:
    """The text of an inline token as written: line breaks kept (for line numbers), markup
    dropped, and code replaced by a character no syntax spans."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in _CODE:
            parts.append("\x00")
        elif child.type in ("text", "html_inline"):
            parts.append(child.content)
    return "".join(parts)


def scan_tokens(tokens: Sequence[Token]) -> tuple[Hit, ...]:
    """Every occurrence in a body's tokens, outside code; lines are 1-based in the body."""
    hits: list[Hit] = []
    line = 1
    for token in tokens:
        if token.map:
            line = token.map[0] + 1
        if token.type == "inline":
            hits += find(_inline_text(token), line)
        elif token.type == "html_block":
            hits += find(token.content, line)
    return tuple(hits)


def foreign_warning(path: str, hit: Hit) -> Diagnostic:
    key, found, line = hit
    syntax = SYNTAXES[key]
    return warning(
        path,
        f"{syntax.name} `{found}` {syntax.fate}",
        line=line,
        hint=syntax.advice,
    )
