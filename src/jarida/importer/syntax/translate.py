"""The translation of one body: a scan from start to end, code copied as it is, each other
generator's construct replaced where it starts; then the result read as the build reads it,
so that whatever the build would warn about is in the notes."""

from __future__ import annotations

import re

from jarida.config import MarkdownConfig
from jarida.errors import warning
from jarida.foreign import SYNTAXES, scan_tokens
from jarida.importer.syntax import hugo, jekyll
from jarida.importer.syntax.code import code_blocks, in_code
from jarida.importer.syntax.context import Context
from jarida.importer.syntax.model import LONGEST, Dialect, Links, Output, Translation
from jarida.importer.syntax.params import window
from jarida.markdown import make_parser

_NEXT = re.compile(
    r"^[ \t]*(?:[*+-]|\d+\.)[ \t]+[^\n]{1,200}\n[ \t]*\{:\s*toc\s*\}[ \t]*$"
    r"|!\[[^\]\n]{0,1000}\]\((?=[^)\n]{0,200}\{[{%])|\]\((?=[^)\n]{0,200}\{[{%])"
    r"|`+|\\.|\{\{|\{%|\{:|\{[#.][\w-]|<!--\s*more\s*-->",
    re.MULTILINE,
)
_TOC = re.compile(r"\{:\s*toc\s*\}")
_ATTRIBUTES = re.compile(r"\{:[^{}\n]*\}|\{[#.][\w-]+[^{}\n]*\}")
_HUGO = re.compile(r"\{\{[<%]")
_VARIABLE = re.compile(r"\{\{-?\s*[\w.$][^{}]*?\}\}")
_LIQUID = re.compile(r"\{%.*?%\}", re.DOTALL)
_TOC_HINT = (
    "Jarida's Markdown has no {:toc}: an article's headings, with their ids, are given to "
    "templates as its toc, for a template that shows a table of contents"
)
_ATTRIBUTES_HINT = (
    "Jarida's Markdown has no attribute lists: the classes, ids or attributes it set are lost "
    "(headings get their ids from their text)"
)


def translate(
    text: str, dialect: Dialect, *, source: str, links: Links, first_line: int = 1
) -> Translation:
    """``text``, a body written for ``dialect``, in Markdown/HTML Jarida's build renders, and
    notes (at ``source`` and its lines, the body's first being ``first_line``) for what was
    not translated or was translated with a loss."""
    out = Output(source=source, text=text, first_line=first_line)
    blocks = code_blocks(text, dialect)
    ctx = Context(text=text, dialect=dialect, links=links, out=out, blocks=blocks)
    _scan(ctx, 0, len(text))
    _leftovers(out)
    notes = sorted(set(out.notes), key=lambda note: note.sort_key())
    return Translation(text=out.result(), notes=tuple(notes))


def _scan(ctx: Context, at: int, end: int) -> None:
    """Translate ``text[at:end]`` into the output: code as it is, constructs where they start."""
    text, out = ctx.text, ctx.out
    while at < end:
        block = ctx.blocks.after(at)
        if block is not None and block[0] <= at:
            out.emit(in_code(text[at : min(block[1], end)], ctx.dialect), at)
            at = min(block[1], end)
            continue
        limit = min(block[0], end) if block is not None else end
        found = _NEXT.search(text, at, limit)
        if found is None:
            out.emit_text(text[at:limit], at)
            at = limit
            continue
        out.emit_text(text[at : found.start()], at)
        after = _construct(ctx, found)
        if after is None:
            out.emit_text(found.group(), found.start())
        at = found.end() if after is None else after


def _construct(ctx: Context, found: re.Match[str]) -> int | None:
    """Translate the construct that ``found`` starts; where the scan goes on, or None when it
    is no construct (its text is then copied)."""
    start, text, first = found.start(), ctx.text, found.group()
    if first.startswith("`"):
        end = ctx.blocks.code_span_end(start, len(first))
        if end is not None:
            ctx.out.emit(in_code(text[start:end], ctx.dialect), start)
        return end
    if first.startswith(("![", "](")):
        return _destination(ctx, found)
    if first.startswith("<!--"):
        return ctx.replace(start, found.end(), "<!-- more -->")
    if first.startswith("{{"):
        return _braces(ctx, start)
    if first.startswith("{%"):
        return jekyll.tag(ctx, start) if ctx.dialect == "jekyll" else _other(ctx, start, _LIQUID)
    if first.startswith(("{", " ", "\t", "*", "+", "-")) or first[:1].isdigit():
        return _kramdown(ctx, found)
    return None


def _destination_end(text: str, at: int) -> int | None:
    """The end (after its ``)``) of the link destination from ``at``, whose template syntax
    may hold parentheses and spaces; None when it does not end on its line."""
    limit = min(len(text), at + LONGEST)
    while at < limit:
        pair = {"{{": "}}", "{%": "%}"}.get(text[at : at + 2])
        if pair:
            close = text.find(pair, at + 2, limit)
            if close < 0 or "\n" in text[at:close]:
                return None
            at = close + 2
        elif text[at] == ")":
            return at + 1
        elif text[at] in "(\n":
            return None
        else:
            at += 1
    return None


def _destination(ctx: Context, found: re.Match[str]) -> int | None:
    """A link or image whose destination holds template syntax: translated; when some of it
    cannot be, a link goes to ``#`` (its comment after it, at the end of the line) and an
    image, which would show broken, is kept untranslated whole."""
    start, opening = found.start(), found.group()
    close = _destination_end(ctx.text, found.end())
    if close is None:
        return None
    point = ctx.out.checkpoint()
    image = opening.startswith("!")
    if image:
        ctx.out.emit("![", start)
        _scan(ctx, start + 2, found.end() - 2)
        ctx.out.emit("](", found.end() - 2)
    else:
        ctx.out.emit(opening, start)
    _scan(ctx, found.end(), close)
    if len(ctx.out.kept) == point[2]:
        return close
    kept = ctx.out.rollback(point)
    if image:
        del ctx.out.notes[point[3] :]  # one note for the image, which holds them
        return ctx.untranslated(start, close, "an image")
    ctx.out.emit("](#)", start)
    ctx.out.kept += kept
    ctx.out.pending += kept
    return close


def _braces(ctx: Context, start: int) -> int | None:
    if _HUGO.match(ctx.text, start):
        if ctx.dialect == "hugo":
            return hugo.handle(ctx, start)
        return _other(ctx, start, re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL))
    if ctx.dialect == "jekyll":
        return jekyll.output(ctx, start)
    return _other(ctx, start, _VARIABLE)


def _other(ctx: Context, start: int, pattern: re.Pattern[str]) -> int | None:
    """Syntax of the other dialect (or a Hugo variable): kept untranslated."""
    found = pattern.match(ctx.text, start, window(ctx.text, start))
    if found is None:
        return None
    return ctx.untranslated(start, found.end(), "template syntax")


def _kramdown(ctx: Context, found: re.Match[str]) -> int | None:
    start, text = found.start(), ctx.text
    toc = _TOC.match(text, start)
    if toc or _TOC.search(found.group()):
        ctx.out.note(start, "a kramdown table of contents ({:toc}) was removed", _TOC_HINT)
        return ctx.remove(start, toc.end() if toc else found.end())
    if text.startswith("{::comment}", start):
        comment = ctx.next_end(r"\{:/comment\}", start)
        return ctx.remove(start, comment[1]) if comment else None
    attributes = _ATTRIBUTES.match(text, start)
    if attributes is None:
        return None
    ctx.out.note(
        start, f"the attribute list `{attributes.group()[:60]}` was removed", _ATTRIBUTES_HINT
    )
    ctx.out.trim_blanks()
    return ctx.remove(start, attributes.end())


def _leftovers(out: Output) -> None:
    """A note for everything the build would still warn about that has none (a Liquid
    ``raw`` block's text outside code, a shortcode that does not end)."""
    tokens = make_parser(MarkdownConfig()).parse(out.result())
    hits = [hit for hit in scan_tokens(tokens) if hit[0] != "untranslated"]
    for (key, found, _), line in zip(hits, out.source_lines([h[2] for h in hits]), strict=True):
        syntax = SYNTAXES[key]
        out.notes.append(
            warning(
                out.source,
                f"{syntax.name} `{found}` is left as text",
                line=line,
                hint=syntax.advice,
            )
        )
