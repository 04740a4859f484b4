"""The ``jarida`` command. No logic: parse arguments, call the library, print diagnostics.

Exit codes: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from jarida import __version__
from jarida.build import build, clock_now
from jarida.config import Config, load_config
from jarida.errors import BuildFailed, Diagnostic

CONTENT_ERROR = 1


def _emit(diagnostics: Iterable[Diagnostic]) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for d in diagnostics:
        click.echo(d.format(), err=True)
        if github:
            level = "error" if d.is_error else "warning"
            click.echo(f"::{level} file={d.path},line={d.line or 1}::{d.message}", err=True)


def _fail(exc: BuildFailed) -> None:
    _emit(exc.diagnostics)
    errors, warnings = len(exc.errors), len(exc.diagnostics) - len(exc.errors)
    click.echo(f"Build failed: {errors} error(s), {warnings} warning(s).", err=True)
    sys.exit(CONTENT_ERROR)


def _config(site_dir: Path, base_url: str | None) -> Config:
    config = load_config(site_dir)
    return config.with_base_url(base_url) if base_url else config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="jarida")
def cli() -> None:
    """Jarida: a static site generator for Arabic news sites."""


site_dir_argument = click.argument(
    "site_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)


@cli.command("build")
@site_dir_argument
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    help="Output folder (default: SITE_DIR/public).",
)
@click.option("--drafts", is_flag=True, help="Include drafts.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--base-url", help="Override base_url from jarida.yaml.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build_command(
    site_dir: Path,
    output: Path | None,
    drafts: bool,
    future: bool,
    base_url: str | None,
    quiet: bool,
) -> None:
    """Build the site in SITE_DIR (default: the current folder)."""
    from jarida.site import Selection

    try:
        config = _config(site_dir, base_url)
        out_dir = output if output is not None else site_dir / "public"
        result = build(
            config,
            out_dir=out_dir,
            selection=Selection(now=clock_now(), drafts=drafts, future=future),
        )
    except BuildFailed as exc:
        _fail(exc)
        return
    if not quiet:
        _emit(result.warnings)
        click.echo(
            f"Built {result.pages} pages ({result.files} files) in "
            f"{result.seconds:.2f} s into {out_dir}"
        )


@cli.command("related")
@click.argument("path", type=click.Path(path_type=Path))
@site_dir_argument
def related_command(path: Path, site_dir: Path) -> None:
    """Show why the article at PATH lists its related articles (score and shared keys)."""
    from jarida.build import load_site
    from jarida.explain import explain_related, find_article
    from jarida.site import Selection

    try:
        site, problems = load_site(load_config(site_dir), Selection(now=clock_now()))
        article = find_article(site, path, problems)
    except BuildFailed as exc:
        _emit(exc.diagnostics)
        sys.exit(CONTENT_ERROR)
    for line in explain_related(site, article):
        click.echo(line)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="jarida")
