"""The build, in the only place that knows the order of the stages.

config → content.loader → content.frontmatter → content.article → markdown → site.assemble
(taxonomy, related) → pages.plan → render → writer.commit
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError

from jarida.config import Config
from jarida.content.article import build_article_source
from jarida.content.frontmatter import FrontMatter, split_front_matter
from jarida.content.loader import load_sources
from jarida.errors import BuildFailed, Diagnostic, error, raise_if_errors
from jarida.i18n import load_strings
from jarida.markdown import make_parser, render_markdown
from jarida.model import ArticleSource, RenderedBody, Site
from jarida.outputs import plan, render_job
from jarida.pages import Output, RenderJob
from jarida.render import make_environment
from jarida.site import Selection, assemble
from jarida.writer import Copy, check_output_dir, commit

STATIC_DIR = "static"
THEME_ASSETS = "assets"


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    site: Site
    pages: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]


def clock_now() -> datetime:
    """ "Now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the real clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def parse_sources(
    config: Config,
) -> tuple[list[tuple[ArticleSource, RenderedBody]], list[Diagnostic]]:
    sources, problems = load_sources(config.root)
    heading = load_strings(config.language, config.root)["footnotes"]
    md = make_parser(config.markdown, footnotes_heading=str(heading))
    parsed: list[tuple[ArticleSource, RenderedBody]] = []
    for source in sources:
        front = split_front_matter(source.text, source.path)
        if not isinstance(front, FrontMatter):
            problems.append(front)
            continue
        article = build_article_source(source, front, config.tz)
        if isinstance(article, list):
            problems += article
            continue
        parsed.append((article, render_markdown(md, article.body)))
    return parsed, problems


def load_site(config: Config, selection: Selection) -> tuple[Site, list[Diagnostic]]:
    """Read and assemble the whole site in memory, without rendering or writing anything."""
    parsed, problems = parse_sources(config)
    site, found = assemble(config, parsed, selection)
    return site, problems + found


def _template_problem(env: Environment, exc: Exception, job: RenderJob, site: Site) -> Diagnostic:
    root = site.config.root.resolve()
    subject = site.articles[job.key].path if job.kind == "article" else job.out_path

    def shown(filename: str) -> str:
        path = Path(filename).resolve()
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name

    if isinstance(exc, TemplateSyntaxError):
        where, line = shown(exc.filename or exc.name or job.template), exc.lineno
    else:
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if f.filename.endswith((".html", ".xml", ".txt", ".j2"))
        ]
        where, line = (
            (shown(frames[-1].filename), frames[-1].lineno or 0) if frames else (job.template, 0)
        )
    return error(
        where,
        f"template failed while rendering {subject}: {exc}",
        line=line,
        hint='fix the template at this line; `{% extends "theme/NAME" %}` reaches '
        "the built-in original",
    )


def render_all(env: Environment, site: Site, jobs: Sequence[RenderJob]) -> list[Output]:
    outputs: list[Output] = []
    for job in jobs:
        try:
            outputs.append(render_job(env, site, job))
        except Exception as exc:  # a template error of any kind becomes a diagnostic
            raise BuildFailed([_template_problem(env, exc, job, site)]) from None
    return outputs


def static_copies(root: Path) -> list[Copy]:
    theme = Path(str(files("jarida") / "theme" / "static"))
    copies = {
        f"{THEME_ASSETS}/{p.relative_to(theme).as_posix()}": Copy(p, "")
        for p in sorted(theme.rglob("*"))
        if p.is_file()
    }
    site_static = root / STATIC_DIR
    if site_static.is_dir():
        copies |= {
            p.relative_to(site_static).as_posix(): Copy(p, "")
            for p in sorted(site_static.rglob("*"))
            if p.is_file() and p.resolve().is_relative_to(root.resolve())
        }
    return [Copy(c.source, path) for path, c in sorted(copies.items())]


def _duplicate_outputs(site: Site, jobs: Sequence[RenderJob]) -> list[Diagnostic]:
    """Two jobs on one path: an alias on another article's or page's URL."""
    by_path: dict[str, list[RenderJob]] = {}
    for job in jobs:
        by_path.setdefault(job.out_path, []).append(job)
    return [
        error(
            site.articles[job.key].path,
            f"the alias /{job.out_path.removesuffix('index.html')}"
            " is already the URL of another page",
            hint="remove this alias or change it",
        )
        for same in by_path.values()
        if len(same) > 1
        for job in same
        if job.kind == "redirect"
    ]


def _clashes(outputs: Sequence[Output], copies: Sequence[Copy]) -> list[Diagnostic]:
    pages = {o.path for o in outputs}
    return [
        error(
            f"{STATIC_DIR}/{c.path}",
            f"this static file has the same path as the page /{c.path}",
            hint="rename or move the static file",
        )
        for c in copies
        if c.path in pages
    ]


def build(config: Config, *, out_dir: Path, selection: Selection) -> BuildResult:
    started = time.perf_counter()
    check_output_dir(config.root, out_dir)
    site, problems = load_site(config, selection)
    raise_if_errors(problems)
    env = make_environment(config)
    jobs = plan(site)
    raise_if_errors(_duplicate_outputs(site, jobs))
    outputs = render_all(env, site, jobs)

    copies = static_copies(config.root)
    raise_if_errors(_clashes(outputs, copies))
    commit(out_dir, outputs, copies)
    return BuildResult(
        site=site,
        pages=len(outputs),
        files=len(outputs) + len(copies),
        seconds=time.perf_counter() - started,
        warnings=tuple(problems),
    )
