"""The site's pictures published: every local raster image an article shows (its lead
``image``, a bundle file or a file of ``static/``; the images of its body) made into responsive
derivatives by the image engine (:mod:`jarida.images`), in the build's process pool, cached in
``.jarida/images/``.

The derivatives are published under :data:`FOLDER` (``images/<stem>.<width>w.<key>.<ext>``, a
name that changes with the picture's content), and what templates show of them reaches them
through the articles: ``Article.picture`` (the lead picture's markup in each role, its
``og:image`` and its search thumbnail) and ``Body.pictures`` (each body image's ``<picture>``).
A page's fingerprint reads them (:mod:`jarida.reads`): a changed photo re-renders the pages that
show it, nothing else. Remote images, SVG and GIF stay as they are.
"""

from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from jarida.errors import Diagnostic, error
from jarida.images.engine import process_images
from jarida.images.markup import Role, picture_html
from jarida.images.model import CROP, ImageJob, ImageResult, Kind
from jarida.images.spec import CARD_RATIO, CENTER, Focus, parse_focus
from jarida.images.store import derivative_path, job_key, prune, recall
from jarida.layout import CONTENT_DIR, STATIC_DIR, image_cache
from jarida.model import Article, Site
from jarida.urlpath import ALT_SLOT, site_link

#: Where the derivatives are published, from the site's root.
FOLDER = "images"
#: The files the engine decodes (the others, SVG and GIF included, are published as they are).
RASTER = frozenset({".jpg", ".jpeg", ".png", ".webp", ".avif", ".tif", ".tiff", ".bmp"})


@dataclass(frozen=True, slots=True)
class _Use:
    """One place a source image is shown: the article, the line, and whether it is the lead."""

    article: Article
    line: int
    lead: bool


@dataclass(frozen=True, slots=True)
class Pictures:
    """What the image stage gives: the site with its pictures, the derivatives to publish
    (cache file, output path), every problem, how many derivatives were encoded, whether it
    wrote the cache (not in ``check``), and the sources that failed (by their names)."""

    site: Site
    files: tuple[tuple[Path, str], ...]
    problems: tuple[Diagnostic, ...]
    encoded: int
    writable: bool = True
    failed: frozenset[str] = frozenset()


def _source(root: Path, bundled: Mapping[str, str], path: str) -> tuple[Path, str] | None:
    """The file an output ``path`` of the site is copied from (a bundle's file, ``bundled``
    maps their output paths to their paths under ``content/``, or a file of ``static/``, never
    through a link out of it, as :mod:`jarida.assets` publishes them) and its name as the author
    knows it, when it is a raster image."""
    if posixpath.splitext(path)[1].lower() not in RASTER or ".." in path.split("/"):
        return None
    if path in bundled:
        name = f"{CONTENT_DIR}/{bundled[path]}"
        return root / name, name
    name, static = f"{STATIC_DIR}/{path}", (root / STATIC_DIR).resolve()
    file = root / name
    inside = file.resolve().is_relative_to(static) and static.is_relative_to(root.resolve())
    return (file, name) if inside and file.is_file() else None


def _output_path(target: str, base_path: str) -> str | None:
    """The output path a root-relative reference names (``base_path`` as its prefix), or None."""
    if not target.startswith(base_path) or target.startswith("//"):
        return None
    return unquote(urlsplit(target).path)[len(base_path) :] or None


def _lead_path(site: Site, article: Article) -> str | None:
    """The output path of ``article``'s lead image (a link with the base path by now)."""
    return _output_path(article.image or "", site.config.site_path)


def _uses(site: Site) -> dict[tuple[str, Focus], list[_Use]]:
    """Every place each output path is shown, by (output path, focal point)."""
    found: dict[tuple[str, Focus], list[_Use]] = {}
    for doc in site.all_documents():
        lead = _lead_path(site, doc)
        if lead is not None:
            focus = doc.extra.get("image_focus")
            where = (lead, parse_focus(str(focus)) if focus is not None else CENTER)
            found.setdefault(where, []).append(_Use(doc, doc.image_line, lead=True))
        for target, line, tag in doc.links:
            path = _output_path(target, "/") if tag == "img" else None
            if path is not None:
                found.setdefault((path, CENTER), []).append(_Use(doc, line, lead=False))
    return found


def _jobs(site: Site, cache: Path) -> Iterator[tuple[ImageJob, str, list[_Use]]]:
    images, root = site.config.images, site.config.root
    bundled = {r.path: r.source for d in site.all_documents() for r in d.resources}
    by_place = sorted(_uses(site).items(), key=lambda i: (i[0][0], i[0][1].x, i[0][1].y))
    for (path, focus), uses in by_place:
        source = _source(root, bundled, path)
        if source is not None:
            file, name = source
            lead = any(use.lead for use in uses)  # a body's picture needs no crop, no og:image
            job = ImageJob(
                source=file,
                name=name,
                cache=cache,
                widths=images.widths,
                crop=CARD_RATIO if lead else None,
                focus=focus,
                formats=images.formats,
                quality=images.quality,
                og=lead,
            )
            yield job, path, uses


def _problems(result: ImageResult, uses: Sequence[_Use]) -> list[Diagnostic]:
    """A failed image's errors, at each place that shows it."""
    return [
        error(
            use.article.path,
            f"{'`image`' if use.lead else 'image'} {result.name}: {d.message}",
            line=use.line,
            hint=d.hint,
        )
        for d in result.diagnostics
        for use in uses
    ]


def _markup(result: ImageResult, base_path: str, role: Role, alt: str) -> str:
    return str(picture_html(result, folder=FOLDER, base_path=base_path, role=role, alt=alt))


def _link(base_path: str, file: str) -> str:
    return site_link(base_path, f"/{FOLDER}/{file}")


def _lead(result: ImageResult, article: Article, base_path: str) -> Mapping[str, str]:
    """``Article.picture``: the lead picture in each role, its ``og:image`` and thumbnail."""
    crop = result.set(CROP)
    smallest = crop.of_format(crop.fallback)[0] if crop else None
    return MappingProxyType(
        {
            "lead": _markup(result, base_path, Role.LEAD, article.image_alt),
            "card": _markup(result, base_path, Role.CARD, ""),
            "thumbnail": _markup(result, base_path, Role.THUMBNAIL, ""),
            "og": _link(base_path, result.og.file) if result.og else "",
            "search": _link(base_path, smallest.file) if smallest else "",
        }
    )


def _with_pictures(
    article: Article, shown: Sequence[tuple[ImageResult, str, bool]], base_path: str
) -> Article:
    """``article`` with the pictures it shows: (result, output path, whether the lead)."""
    lead: Mapping[str, str] = article.picture
    inline: dict[str, str] = {}
    for result, path, is_lead in shown:
        if is_lead:
            lead = _lead(result, article, base_path)
        else:
            inline[path] = _markup(result, base_path, Role.INLINE, ALT_SLOT)
    body = replace(article.body, pictures=tuple(sorted(inline.items())))
    return replace(article, picture=lead, body=body)


def _files(results: Sequence[ImageResult], cache: Path) -> Iterator[tuple[Path, str]]:
    for result in results:
        made = [d for s in result.sets for d in s.derivatives]
        for d in (*made, *([result.og] if result.og else [])):
            yield derivative_path(cache, d.key, d.format), f"{FOLDER}/{d.file}"


def publish_images(site: Site, *, workers: int, writable: bool = True) -> Pictures:
    """Every local raster picture of ``site`` made into its derivatives (from the cache when it
    has them) and shown through its articles; the cache pruned to the pictures in use. When not
    ``writable`` (``check``), pictures the cache does not have are made in a temporary folder
    and thrown away."""
    cache = image_cache(site.config.root)
    planned = list(_jobs(site, cache))
    jobs = [job for job, _, _ in planned]
    if writable:
        results = process_images(jobs, workers=workers)
        prune(cache, results)
    else:
        with tempfile.TemporaryDirectory(prefix="jarida-check-") as scratch:
            results = _checked(jobs, Path(scratch), workers)
    made = [(r, path, uses) for r, (_, path, uses) in zip(results, planned, strict=True)]
    problems = [p for r, _, uses in made if r.kind is Kind.FAILED for p in _problems(r, uses)]
    shown: dict[str, list[tuple[ImageResult, str, bool]]] = {}
    for result, path, uses in made:
        if result.kind is Kind.RASTER:
            for use in uses:
                shown.setdefault(use.article.id, []).append((result, path, use.lead))
    base_path = site.config.site_path
    docs = {d.id: d for d in site.all_documents()}
    docs |= {i: _with_pictures(docs[i], found, base_path) for i, found in shown.items()}
    editions = {code: _pictured(edition, docs) for code, edition in site.editions.items()}
    pictured = replace(_pictured(site, docs), editions=MappingProxyType(editions))
    files = tuple(dict.fromkeys(_files(results, cache))) if writable else ()
    broken = frozenset(r.name for r in results if r.kind is Kind.FAILED)
    encoded = sum(r.encoded for r in results)
    return Pictures(pictured, files, tuple(problems), encoded, writable, broken)


def _pictured(site: Site, docs: Mapping[str, Article]) -> Site:
    """``site`` with its documents as ``docs`` has them."""
    return replace(
        site,
        articles=MappingProxyType({i: docs[i] for i in site.articles}),
        pages=MappingProxyType({i: docs[i] for i in site.pages}),
        term_texts=MappingProxyType({i: docs[i] for i in site.term_texts}),
        _derived={},
    )


def _checked(jobs: Sequence[ImageJob], scratch: Path, workers: int) -> list[ImageResult]:
    """The results of ``jobs`` without writing their cache: the ones it holds recalled, the
    others made in ``scratch``."""
    known = [recall(job, job_key(job)) for job in jobs]
    todo = [replace(job, cache=scratch) for job, k in zip(jobs, known, strict=True) if k is None]
    made = iter(process_images(todo, workers=workers))
    return [k if k is not None else next(made) for k in known]
