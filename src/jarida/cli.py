"""The ``jarida`` command. No logic: parse arguments, call the library, print diagnostics.

Exit codes: 0 success, 1 content errors (or a server that cannot start), 2 usage errors.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import webbrowser
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from jarida import __version__
from jarida.build import build, clock_now
from jarida.config import Config, load_config
from jarida.errors import BuildFailed, Diagnostic, JaridaError
from jarida.parallel import default_jobs
from jarida.progress import progress_reporter
from jarida.site import Selection

if TYPE_CHECKING:
    from jarida.serve import BuildReport

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


def _jobs_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=default_jobs,
        show_default="the machine's cores",
        help="Processes for parsing and rendering.",
    )(function)


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
@click.option("--clean", is_flag=True, help="Ignore the cache in .jarida/: parse and render all.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_jobs_option
def build_command(
    site_dir: Path,
    output: Path | None,
    drafts: bool,
    future: bool,
    base_url: str | None,
    clean: bool,
    quiet: bool,
    jobs: int,
) -> None:
    """Build the site in SITE_DIR (default: the current folder)."""
    out_dir = output if output is not None else site_dir / "public"
    with progress_reporter(enabled=not quiet) as report:
        try:
            config = _config(site_dir, base_url)
            result = build(
                config,
                out_dir=out_dir,
                jobs=jobs,
                clean=clean,
                report=report,
                selection=Selection(now=clock_now(), drafts=drafts, future=future),
            )
        except BuildFailed as exc:
            report.stop()
            _fail(exc)
            return
    if not quiet:
        _emit(result.warnings)
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
        search = {
            "indexed": f"; search index rebuilt in {result.search_seconds:.2f} s",
            "kept": "; search index unchanged",
        }.get(result.search, "")
        click.echo(
            f"Built {result.pages} pages in {result.seconds:.2f} s: {result.rendered} "
            f"rendered, {result.unchanged} unchanged, {result.removed} removed → {out_dir}{search}"
        )


def _report_build(report: BuildReport) -> None:
    stamp = time.strftime("%H:%M:%S")
    if report.changes is not None:
        shown = report.changes.paths[:3]
        more = len(report.changes.paths) - len(shown)
        click.echo(f"[{stamp}] changed: " + ", ".join(shown) + (f" (+{more} more)" if more else ""))
    _emit(report.diagnostics)
    if report.ok:
        click.echo(f"[{stamp}] Built {report.pages} pages in {report.seconds:.2f} s")
    else:
        errors = sum(1 for d in report.diagnostics if d.is_error)
        click.echo(
            f"[{stamp}] Build failed: {errors} error(s); the browser shows them and the last "
            "good pages stay in place until a fix builds.",
            err=True,
        )


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@cli.command("serve")
@site_dir_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--drafts/--no-drafts", default=True, show_default=True, help="Show drafts (marked «مسودة»)."
)
@click.option(
    "--future/--no-future",
    default=True,
    show_default=True,
    help="Show articles dated in the future (marked «مجدولة للنشر»).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
def serve_command(
    site_dir: Path, host: str, port: int, drafts: bool, future: bool, open_browser: bool
) -> None:
    """Preview the site in SITE_DIR, rebuilding and reloading the browser on every change.

    The preview is built into a temporary folder, never into public/. Ctrl-C stops it.
    """
    from jarida.serve import Preview, ServeOptions
    from jarida.server import binds_all_interfaces

    if binds_all_interfaces(host):
        click.echo(
            f"warning: listening on all interfaces ({host or '*'}): anyone who can reach this "
            "machine can read the preview, drafts included",
            err=True,
        )
    preview = Preview(
        site_dir, ServeOptions(host=host, port=port, drafts=drafts, future=future), _report_build
    )
    handlers = signal.getsignal(signal.SIGINT), signal.signal(signal.SIGTERM, _interrupt)
    try:
        preview.start()
        click.echo(f"Serving {site_dir.resolve()} at {preview.url}  (Ctrl-C stops)")
        if open_browser:
            webbrowser.open(preview.url)
        preview.wait()
    except JaridaError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(CONTENT_ERROR)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not break the cleanup
        click.echo("Stopping…")
    finally:
        preview.close()
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])
    click.echo("Stopped.")


@cli.group("import")
def import_group() -> None:
    """Bring the content of another system into a Jarida site."""


@import_group.command("wordpress")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("site_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--uploads",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="WordPress's wp-content/uploads folder: referenced files are copied into static/.",
)
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option("--comments", is_flag=True, help="Archive approved comments under each article.")
def import_wordpress_command(
    export: Path, site_dir: Path, uploads: Path | None, force: bool, comments: bool
) -> None:
    """Import a WordPress export (WXR) into SITE_DIR (default: the current folder).

    Posts become articles, pages become pages, with their old URLs as aliases. Files that exist
    are left as they are unless --force, so a later export adds only what is new.
    """
    from jarida.importer.wordpress import ImportFailed, ImportOptions, import_wordpress

    options = ImportOptions(
        export=export, site=site_dir, uploads=uploads, force=force, comments=comments
    )
    try:
        report = import_wordpress(options)
    except (ImportFailed, BuildFailed) as exc:
        _emit(exc.diagnostics)
        click.echo("Import failed: nothing was written.", err=True)
        sys.exit(CONTENT_ERROR)
    _emit(report.problems)
    for line in report.summary():
        click.echo(line)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="jarida")
