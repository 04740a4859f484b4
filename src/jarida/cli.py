"""The ``jarida`` command. No logic: parse arguments, call the library, print diagnostics.

Exit codes: 0 success, 1 content errors (or a server that cannot start), 2 usage errors.
"""

from __future__ import annotations

import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import click

from jarida import __version__
from jarida.clioptions import executor_option, jobs_option, site_dir_argument
from jarida.config import Config, load_config
from jarida.errors import BuildFailed, counts
from jarida.importcli import import_group
from jarida.layout import OUTPUT_DIR
from jarida.model import Selection, clock_now
from jarida.outcome import BuildResult
from jarida.progress import Reporter, progress_reporter
from jarida.terminal import (
    CONTENT_ERROR,
    exit_on_error,
    print_built,
    print_check,
    print_serve_build,
)
from jarida.unchanged import Decided, decide_build


def _config(site_dir: Path, base_url: str | None) -> Config:
    config = load_config(site_dir)
    return config.served_at(base_url, "--base-url") if base_url else config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="jarida")
def cli() -> None:
    """Jarida: a static site generator for Arabic news sites."""


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
@click.option("--strict", is_flag=True, help="Fail on warnings too (nothing is written).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@jobs_option
@executor_option
@exit_on_error()
def build_command(
    site_dir: Path,
    output: Path | None,
    drafts: bool,
    future: bool,
    base_url: str | None,
    clean: bool,
    strict: bool,
    quiet: bool,
    jobs: int,
    executor: str | None,
) -> None:
    """Build the site in SITE_DIR (default: the current folder)."""
    out_dir = output if output is not None else site_dir / OUTPUT_DIR
    options = _BuildOptions(
        base_url=base_url,
        drafts=drafts,
        future=future,
        clean=clean,
        strict=strict,
        executor=executor,
    )
    _build(site_dir, out_dir, options, quiet=quiet, jobs=jobs)


@dataclass(frozen=True, slots=True, kw_only=True)
class _BuildOptions:
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    clean: bool = False
    strict: bool = False
    #: ``--executor`` (None: ``build.executor`` of jarida.yaml).
    executor: str | None = None


def _build(
    site_dir: Path, out_dir: Path, options: _BuildOptions, *, quiet: bool, jobs: int
) -> Config:
    """Build, print warnings and the summary line; errors are raised (the command prints them
    once the progress bar is gone). Returns the config."""
    with progress_reporter(enabled=not quiet) as report:
        config = _config(site_dir, options.base_url)
        selection = Selection(now=clock_now(), drafts=options.drafts, future=options.future)
        decided = None  # build() decides alike: deciding here spares a no-op the imports
        if not options.clean:
            decided = decide_build(config, out_dir, selection, strict=options.strict, scan=False)
        skipped = decided and decided.decision.skipped
        result = skipped or _full_build(config, out_dir, selection, options, report, jobs, decided)
    if not quiet:
        print_built(result, out_dir)
    return config


def _full_build(
    config: Config,
    out_dir: Path,
    selection: Selection,
    options: _BuildOptions,
    report: Reporter,
    jobs: int,
    decided: Decided | None,
) -> BuildResult:
    from jarida.build import build  # here: the pipeline's imports (numpy, scipy, Jinja)
    from jarida.executors import chosen_executor, open_executor

    name, given_by = chosen_executor(options.executor, config.build)
    with open_executor(
        name, jobs=jobs, root=config.root, config=config.build, given_by=given_by
    ) as executor:
        return build(
            config,
            out_dir=out_dir,
            jobs=jobs,
            clean=options.clean,
            strict=options.strict,
            report=report,
            selection=selection,
            waiting=lambda message: click.echo(f"note: {message}", err=True),
            known=decided,  # the manifest read and the inputs scanned once
            executor=executor,
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
@exit_on_error()
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
    if load_config(site_dir).build.executor != "local":  # docs/scale.md
        click.echo("note: serve builds with the local process pool, not build.executor", err=True)
    options = ServeOptions(host=host, port=port, drafts=drafts, future=future)
    preview = Preview(site_dir, options, print_serve_build)
    handlers = signal.getsignal(signal.SIGINT), signal.signal(signal.SIGTERM, _interrupt)
    try:
        preview.start()
        click.echo(f"Serving {site_dir.resolve()} at {preview.url}  (Ctrl-C stops)")
        if open_browser:
            import webbrowser  # only for serve --open

            webbrowser.open(preview.url)
        preview.wait()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not break the cleanup
        click.echo("Stopping…")
    finally:
        preview.close()
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])
    click.echo("Stopped.")


@cli.group("new")
def new_group() -> None:
    """Make a new site, or a new article in a site."""


@new_group.command("site")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", default="", help="The site's name (default: جريدة).")
@click.option("--language", default="ar", show_default=True, help="BCP 47 tag, e.g. ar-EG.")
@click.option(
    "--timezone", default="", help="IANA zone (default: the language's region's, else UTC)."
)
@click.option(
    "--force", is_flag=True, help="Write into a folder that is not empty (never over files)."
)
@exit_on_error("Nothing was written.")
def new_site_command(folder: Path, title: str, language: str, timezone: str, force: bool) -> None:
    """Make a new site in FOLDER that builds as it is, with CI workflows for GitHub and GitLab."""
    from jarida.scaffold.newsite import NewSite, new_site

    options = NewSite(folder=folder, title=title, language=language, timezone=timezone, force=force)
    made = new_site(options, clock_now())
    for path in made.written:
        click.echo(f"created {folder / path}")
    for path in made.skipped:
        click.echo(f"kept    {folder / path} (exists)")
    click.echo(
        f"\nNext: jarida serve {folder}   ·   jarida build {folder}   ·   see {folder}/jarida.yaml"
    )


@new_group.command("article")
@click.argument("title")
@site_dir_argument
@click.option("--category", default="", help="The article's category (section).")
@click.option("--tags", default="", help="Tags, separated by commas (, or ،).")
@click.option("--slug", default="", help="The URL slug (default: made from the title).")
@click.option(
    "--draft", is_flag=True, help="Mark it a draft (left out of builds without --drafts)."
)
@click.option("--lang", default="", help="The edition's language (en: under content/en/).")
@exit_on_error()
def new_article_command(
    title: str, site_dir: Path, category: str, tags: str, slug: str, draft: bool, lang: str
) -> None:
    """Write content/YEAR/SLUG.md in SITE_DIR for an article titled TITLE, and print its path
    (content/LANG/YEAR/SLUG.md with --lang, for an edition in another language).

    The date is now, in the site's time zone. An existing file is never overwritten.
    """
    from jarida.scaffold.newarticle import NewArticle, new_article

    options = NewArticle(
        site=site_dir, title=title, category=category, tags=tags, slug=slug, draft=draft, lang=lang
    )
    click.echo(str(new_article(options, clock_now())))


@cli.command("deploy")
@site_dir_argument
@click.option("-t", "--target", help="A target under deploy: in jarida.yaml (optional with one).")
@click.option("--dry-run", is_flag=True, help="Print what would change, and change nothing.")
@click.option(
    "--force", is_flag=True, help="Delete more of the remote than the target's max_delete allows."
)
@click.option("--no-build", is_flag=True, help="Deploy SITE_DIR/public as it is, without building.")
@jobs_option
@executor_option
@exit_on_error()
def deploy_command(
    site_dir: Path,
    target: str | None,
    dry_run: bool,
    force: bool,
    no_build: bool,
    jobs: int,
    executor: str | None,
) -> None:
    """Build the site in SITE_DIR and publish SITE_DIR/public to a target of jarida.yaml.

    Targets are git (a commit on a branch, pushed), rsync (a path or user@host:path) and dir (a
    local folder); see docs/deploy.md.
    """
    from jarida.deploy import DeployOptions, deploy

    out_dir = site_dir / OUTPUT_DIR
    if no_build:
        config = load_config(site_dir)
    else:
        config = _build(site_dir, out_dir, _BuildOptions(executor=executor), quiet=False, jobs=jobs)
    options = DeployOptions(target=target, dry_run=dry_run, force=force)
    result = deploy(config, out_dir, options)  # BuildFailed: the dir target cannot write
    outcome, label = result.outcome, f"{result.name} ({result.outcome.where})"
    if dry_run:
        for line in outcome.plan.lines():
            click.echo(line)
        click.echo(f"Dry run of {label}: {outcome.plan.summary()}; nothing was changed.")
        if outcome.refused:
            click.echo(f"warning: the deploy would be refused: {outcome.refused}", err=True)
    elif not outcome.applied:
        click.echo(f"Nothing to deploy to {label}: {outcome.plan.unchanged} files unchanged.")
    else:
        made = f"; commit {outcome.commit[:12]}" if outcome.commit else ""
        click.echo(
            f"Deployed to {label} in {result.seconds:.2f} s: {outcome.plan.summary()}{made}."
        )


@cli.command("check")
@site_dir_argument
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Check drafts too.")
@click.option(
    "--future/--no-future",
    default=True,
    show_default=True,
    help="Check articles dated in the future too.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object for editors and CI.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@jobs_option
def check_command(
    site_dir: Path, drafts: bool, future: bool, output_format: str, strict: bool, jobs: int
) -> None:
    """List every problem of the site in SITE_DIR without writing anything."""
    try:
        from jarida.sitecheck import check

        selection = Selection(now=clock_now(), drafts=drafts, future=future)
        found = check(load_config(site_dir), selection, jobs=jobs)
    except BuildFailed as exc:  # the config itself is broken: nothing else can be checked
        found = exc.diagnostics
    print_check(found, output_format)
    errors, warnings = counts(found)
    if errors or (strict and warnings):
        sys.exit(CONTENT_ERROR)


@cli.command("related")
@click.argument("path", type=click.Path(path_type=Path))
@site_dir_argument
@exit_on_error(None)
def related_command(path: Path, site_dir: Path) -> None:
    """Show why the article at PATH lists its related articles (score and shared keys)."""
    from jarida.explain import explain_related, find_article
    from jarida.model import Selection
    from jarida.sitecheck import load_site

    site, problems = load_site(load_config(site_dir), Selection(now=clock_now()))
    article = find_article(site, path, problems)
    for line in explain_related(site, article):
        click.echo(line)


cli.add_command(import_group)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="jarida")
