"""Template errors, every one of them: each template file that does not parse, and each place in
a template where rendering a page fails, once per place (the first page that meets it names it).

Nothing is written: the pages are rendered only to see whether they render.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError

from jarida.assets import Assets
from jarida.errors import Diagnostic, error
from jarida.layout import TEMPLATES_DIR
from jarida.model import BodyStore, Site
from jarida.outputs import render_job
from jarida.outputs.jobs import RenderJob
from jarida.parallel import parallel_iter
from jarida.render import edition_environments

#: The files of a site's ``templates/`` that are templates.
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
_HINT = 'fix the template at this line; `{% extends "theme/NAME" %}` reaches the built-in original'


def template_problem(exc: Exception, job: RenderJob, site: Site) -> Diagnostic:
    """The error rendering ``job`` met, at the line of the template where it happened."""
    root = site.config.root.resolve()
    subject = site.document(job.key).path if job.kind.document else job.out_path

    def shown(filename: str) -> str:
        path = Path(filename).resolve()
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name

    if isinstance(exc, TemplateSyntaxError):
        where, line = shown(exc.filename or exc.name or job.template), exc.lineno
    else:
        suffixes = (*TEMPLATE_SUFFIXES, ".j2", "_redirects")
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(suffixes)
        ]
        where, line = (
            (shown(frames[-1].filename), frames[-1].lineno or 0) if frames else (job.template, 0)
        )
    return error(where, f"template failed while rendering {subject}: {exc}", line=line, hint=_HINT)


def syntax_problems(env: Environment, root: Path) -> list[Diagnostic]:
    """An error for each template of the site's ``templates/`` that does not parse (used by a
    page or not)."""
    folder = root / TEMPLATES_DIR
    if not folder.is_dir():
        return []
    found: list[Diagnostic] = []
    for path in sorted(folder.rglob("*")):
        if not (path.is_file() and path.suffix in TEMPLATE_SUFFIXES):
            continue
        shown = path.relative_to(root).as_posix()
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            found.append(error(shown, "template is not UTF-8 text", hint="save it as UTF-8"))
        except TemplateSyntaxError as exc:
            message = f"template syntax error: {exc.message}"
            found.append(error(shown, message, line=exc.lineno or 0, hint=_HINT))
    return found


def template_problems(
    site: Site, jobs: Sequence[RenderJob], *, assets: Assets, bodies: BodyStore, workers: int
) -> list[Diagnostic]:
    """Every template error of the site: the templates that do not parse, and each place where
    rendering one of ``jobs`` (its bodies from ``bodies``) fails (in ``workers`` processes)."""
    environments = edition_environments(site, assets)
    env = environments("")
    found = {(d.path, d.line): d for d in syntax_problems(env, site.config.root)}
    unparsable: set[str] = set()  # the pages' own templates that do not parse: nothing renders

    def attempt(job: RenderJob) -> Diagnostic | None:
        if job.template in unparsable:
            return None
        try:
            render_job(environments(job.edition), site, job, bodies=bodies)
        except Exception as exc:  # any template error: converted at the stage boundary
            if isinstance(exc, TemplateSyntaxError) and exc.name == job.template:
                unparsable.add(job.template)
            return template_problem(exc, job, site)
        return None

    for problem in parallel_iter(attempt, jobs, jobs=workers):
        if problem is not None:
            found.setdefault((problem.path, problem.line), problem)
    return list(found.values())
