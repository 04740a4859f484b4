"""Validate a front-matter mapping into an :class:`ArticleSource`.

Every problem is collected, so a writer sees all of them at once, each at the line of its key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from types import MappingProxyType

from jarida.content.frontmatter import FrontMatter
from jarida.content.moments import has_time, to_datetime
from jarida.content.termfiles import TERM_KIND, term_file_of
from jarida.errors import Diagnostic, error, shown
from jarida.i18n.arabic import SLUG_BYTES
from jarida.images.spec import parse_focus
from jarida.layout import NAME_BYTES, longest_name
from jarida.model import UNDATED, YEARS, ArticleBody, ArticleSource, RenderedBody, SourceFile
from jarida.urlpath import PathError, url_path

#: Keys with a meaning; their singular forms are accepted too.
_TERM_KEYS = MappingProxyType(
    {
        "tags": ("tags", "tag"),
        "categories": ("categories", "category"),
        "authors": ("authors", "author"),
    }
)
#: The texts that go with the lead image: what it shows (for those who cannot see it), its
#: caption and who took it.
IMAGE_TEXTS = ("image_alt", "image_caption", "image_credit")
_KNOWN = frozenset(
    {"title", "date", "updated", "summary", "slug", "draft", *IMAGE_TEXTS, "image"}
    | {"publish_date", "expires", "aliases", "type", "featured", "breaking", "breaking_until"}
    | {"lang", "translation_key"}  # jarida.content.editions
    | {key for keys in _TERM_KEYS.values() for key in keys}
)
_SPLIT = re.compile(r"\s*[,،]\s*")
_UNSAFE_SLUG = re.compile(r"[/\\\x00-\x1f\x7f-\x9f\ufffe\uffff?#%]|^\.+$|\.\.")


#: The most names an article may give in each of tags, categories and authors, and the most
#: aliases: each is a page and feeds of its own (100,000 tags wrote gigabytes).
MAX_NAMES = 100
#: The longest run of characters without a space that the text of an article (its title,
#: summary, names and body) may have. The search index takes every word whole; no word of any
#: language comes near this length.
MAX_WORD = 1000
LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def long_word_error(path: str, length: int, *, line: int) -> Diagnostic:
    return error(
        path,
        f"a word of {length:,} characters without a space; the search index takes words of "
        f"at most {MAX_WORD:,}",
        line=line,
        hint="put spaces in it, or move long data (code, encoded files) into static/",
    )


class _Problems:
    def __init__(self, source: SourceFile, front: FrontMatter) -> None:
        self.source = source
        self.front = front
        self.found: list[Diagnostic] = []

    def add(self, key: str, message: str, hint: str = "") -> None:
        line = self.front.lines.get(key, 1 if key in ("title", "date") else 0)
        self.found.append(error(self.source.path, message, line=line, hint=hint))

    def check_words(self, key: str, texts: Iterable[str]) -> None:
        """An error at ``key`` for a word longer than :data:`MAX_WORD` in one of ``texts``."""
        for text in texts:
            match = LONG_WORD.search(text)
            if match:
                found = long_word_error(self.source.path, len(match.group()), line=0)
                self.add(key, found.message, found.hint)
                return

    def check_count(self, key: str, items: Sequence[object], what: str) -> bool:
        """An error at ``key`` when ``items`` are more than :data:`MAX_NAMES`."""
        if len(items) <= MAX_NAMES:
            return True
        self.add(
            key,
            f"`{key}` has {len(items):,} {what}; an article may have at most {MAX_NAMES}",
            "keep the few that say what the article is about",
        )
        return False


def _date(p: _Problems, key: str, tz: tzinfo, *, required: bool) -> datetime | None:
    value = p.front.data.get(key)
    if value is None:
        if required:
            p.add(key, f"missing `{key}`", f"add a line such as `{key}: 2025-03-31T09:30:00+03:00`")
        return None
    parsed = to_datetime(value, tz)
    if parsed is None:
        p.add(
            key,
            f"`{key}` is not a date: {shown(value)}",
            "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        )
    elif not YEARS[0] <= parsed.year <= YEARS[1]:
        p.add(
            key,
            f"`{key}` {shown(value)} is outside the years {YEARS[0]} to {YEARS[1]}",
            "check the year",
        )
        return None
    return parsed


def _string_list(p: _Problems, kind: str) -> tuple[str, ...]:
    """The names of a taxonomy (a custom one: its own key only)."""
    values: list[str] = []
    for key in _TERM_KEYS.get(kind, (kind,)):
        value = p.front.data.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            items: list[object] = list(_SPLIT.split(value))
        elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            items = list(value)
        else:
            p.add(
                key,
                f"`{key}` must be a list of names or one comma-separated string, "
                f"not {shown(value)}",
                f"write `{key}: [first, second]`",
            )
            continue
        names = [" ".join(str(item).split()) for item in items]
        if p.check_count(key, names, "names"):
            p.check_words(key, names)
            values.extend(names)
    return tuple(dict.fromkeys(v for v in values if v))


def _text(p: _Problems, key: str) -> str | None:
    value = p.front.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        p.add(key, f"`{key}` must be text, not {shown(value)}")
        return None
    return str(value).strip()


def _slug(p: _Problems) -> str | None:
    slug = _text(p, "slug")
    if slug is not None and (not slug or _UNSAFE_SLUG.search(slug)):
        p.add(
            "slug",
            f"`slug` {shown(slug)} cannot be part of a URL",
            "use letters, digits and `-` only, with no `/`, `..`, `?`, `#` or `%`",
        )
        return None
    if slug is not None and len(slug.encode()) > SLUG_BYTES:
        p.add(
            "slug",
            f"`slug` is {len(slug.encode())} bytes long; it may be at most {SLUG_BYTES}",
            "shorten it: it becomes a folder name (an Arabic letter takes 2 bytes)",
        )
        return None
    return slug


#: A URL scheme (``https:``, ``javascript:``): an image is a path of the site or a web address.
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


def _image(p: _Problems) -> str | None:
    image = _text(p, "image")
    scheme = _SCHEME.match(image or "")
    if image is not None and scheme and scheme.group(1).lower() not in ("http", "https"):
        p.add(
            "image",
            f"`image` {shown(image)} is neither a path of the site nor a web address",
            "write a path (images/a.jpg, /images/a.jpg) or an http(s):// address",
        )
        return None
    return image


def _focus(p: _Problems) -> None:
    """An error at ``image_focus`` when it is not a focal point (it stays in ``extra``)."""
    focus = p.front.data.get("image_focus")
    if focus is None:
        return
    try:
        parse_focus(str(focus))
    except ValueError as problem:
        p.add("image_focus", f"`image_focus`: {problem}")


def _flag(p: _Problems, key: str) -> bool:
    """A true/false key (``draft``, ``featured``, ``breaking``); an error at its line otherwise."""
    value = p.front.data.get(key, False)
    if not isinstance(value, bool):
        p.add(key, f"`{key}` must be true or false, not {shown(value)}")
    return value is True


#: How long a ``breaking: true`` story without ``breaking_until`` stays breaking, from its
#: ``updated`` (or ``date``).
BREAKING_HOURS = 24


def _breaking(
    p: _Problems, tz: tzinfo, published: datetime | None, updated: datetime | None
) -> tuple[datetime | None, tuple[tuple[int, str], ...]]:
    """When the story's breaking banner ends (None: no banner), and a warning when the end is
    the default one."""
    breaking = _flag(p, "breaking")
    until = _date(p, "breaking_until", tz, required=False)
    if not breaking or published is None:
        return None, ()
    if until is None:
        if "breaking_until" in p.front.data:
            return None, ()  # not a date: reported
        line = p.front.lines.get("breaking", 0)
        message = (
            f"`breaking: true` without `breaking_until`: the banner shows for {BREAKING_HOURS} "
            "hours after the article's `updated` (or `date`); add `breaking_until:` to say when"
        )
        return max(published, updated or published) + timedelta(hours=BREAKING_HOURS), (
            (line, message),
        )
    if until < published:
        p.add(
            "breaking_until",
            f"`breaking_until` {shown(p.front.data['breaking_until'])} is before the "
            "article's `date`",
            "give the moment the banner ends, after the article's date",
        )
        return None, ()
    return until, ()


PAGES_DIR = "pages/"
SUMMARY_CHARS = 280


def summary_of(source: ArticleSource, body: RenderedBody | ArticleBody) -> str:
    """The front-matter ``summary``, else the first paragraph cut at a word near 280 characters."""
    if source.summary:
        return source.summary
    text = body.summary_text
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _kind(p: _Problems, local: str, taxonomies: Sequence[str]) -> str:
    """``term`` for a term file; ``page`` under ``content/pages/`` or with ``type: page``; else
    ``article`` (``local``: the path under the edition's content root)."""
    if term_file_of(local, taxonomies) is not None:
        return TERM_KIND
    value = p.front.data.get("type", "page" if local.startswith(PAGES_DIR) else "article")
    if value not in ("article", "page"):
        p.add("type", f"`type` must be `article` or `page`, not {shown(value)}")
        return "article"
    return str(value)


def _aliases(p: _Problems) -> tuple[str, ...]:
    value = p.front.data.get("aliases")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        p.add(
            "aliases",
            f"`aliases` must be a list of old paths, not {shown(value)}",
            "write `aliases: [/2017/03/old-slug/]`",
        )
        return ()
    if not p.check_count("aliases", items, "paths"):
        return ()
    paths: list[str] = []
    for item in items:
        try:
            path = url_path(item)
            if path == "/":
                raise PathError("is the home page")
        except PathError as exc:
            p.add(
                "aliases",
                f"alias {shown(item)} is not a path inside the site: it {exc}",
                "write an old path such as /2017/03/old-slug/",
            )
            continue
        longest = longest_name(path)
        if longest > NAME_BYTES:
            p.add(
                "aliases",
                f"a part of the alias {shown(item)} is {longest} bytes long; a file name may "
                f"have at most {NAME_BYTES}",
                "an alias is written as folders and a file: shorten that part",
            )
            continue
        paths.append(path)
    return tuple(dict.fromkeys(paths))


def _no_alt(front: FrontMatter) -> tuple[tuple[int, str], ...]:
    """A warning at the ``image`` line when the image has no ``image_alt`` at all (an empty
    one says the picture is decorative, as HTML's ``alt=""``)."""
    if "image_alt" in front.data:
        return ()
    return (
        (
            front.lines.get("image", 0),
            "`image` has no `image_alt`: readers who cannot see the picture learn nothing of it; "
            "add `image_alt:` saying what it shows",
        ),
    )


def build_article_source(
    source: SourceFile,
    front: FrontMatter,
    tz: tzinfo,
    taxonomies: Sequence[str] = (),
    local: str = "",
) -> ArticleSource | list[Diagnostic]:
    """The source of an article, a page or a term file; ``taxonomies``: every taxonomy's name
    (the custom ones are front-matter keys too); ``local``: its path in its edition's folder."""
    p = _Problems(source, front)
    title = _text(p, "title")
    kind = _kind(p, local or source.id, taxonomies)
    if kind == TERM_KIND:
        title = title or ""  # the term's own name
    elif not title:
        p.add("title", "missing or empty `title`", 'add a line `title: "العنوان"`')
    published = _date(p, "date", tz, required=kind == "article") or (
        None if kind == "article" else UNDATED
    )
    updated = _date(p, "updated", tz, required=False)
    publish_date = _date(p, "publish_date", tz, required=False)
    expires = _date(p, "expires", tz, required=False)
    aliases = _aliases(p)
    draft, featured = _flag(p, "draft"), _flag(p, "featured")
    breaking_until, breaking_warnings = _breaking(p, tz, published, updated)
    custom = [name for name in taxonomies if name not in _TERM_KEYS]
    terms = {kind: _string_list(p, kind) for kind in (*_TERM_KEYS, *custom)}
    summary, image, slug = _text(p, "summary"), _image(p), _slug(p)
    if kind == TERM_KIND:  # Hugo's term pages write `description`
        summary = summary or _text(p, "description")
    _focus(p)
    alt, caption, credit = (_text(p, key) or "" for key in IMAGE_TEXTS)
    for key, text in (
        ("title", title),
        ("summary", summary),
        *zip(IMAGE_TEXTS, (alt, caption, credit), strict=True),
    ):
        p.check_words(key, [text or ""])  # what the page shows and the search index reads
    if p.found or title is None or published is None:
        return p.found
    extra = {k: v for k, v in front.data.items() if k not in _KNOWN and k not in custom}
    return ArticleSource(
        id=source.id,
        path=source.path,
        digest=source.digest,
        title=title,
        date=published,
        updated=updated,
        date_timed=has_time(front.data.get("date")),
        updated_timed=has_time(front.data.get("updated")),
        publish_date=publish_date,
        expires=expires,
        aliases=aliases,
        kind=kind,
        image_line=front.lines.get("image", 0),
        terms=MappingProxyType(terms),
        summary=summary or None,
        image=image,
        image_alt=alt,
        image_caption=caption,
        image_credit=credit,
        warnings=(_no_alt(front) if image else ()) + breaking_warnings,
        slug=slug,
        draft=draft,
        featured=featured,
        breaking_until=breaking_until,
        body_line=front.body_line,
        extra=MappingProxyType(dict(extra)),
    )
