"""``jarida import``: the importers' commands (WordPress, Jekyll, Hugo). No logic: parse
arguments, call the importer, print its report."""

from __future__ import annotations

from pathlib import Path

import click

from jarida.terminal import emit, exit_on_error


@click.group("import")
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
@exit_on_error("Import failed: nothing was written.")
def import_wordpress_command(
    export: Path, site_dir: Path, uploads: Path | None, force: bool, comments: bool
) -> None:
    """Import a WordPress export (WXR) into SITE_DIR (default: the current folder).

    Posts become articles, pages become pages, with their old URLs as aliases. Files that exist
    are left as they are unless --force, so a later export adds only what is new.
    """
    from jarida.importer.wordpress import ImportOptions, import_wordpress

    options = ImportOptions(
        export=export, site=site_dir, uploads=uploads, force=force, comments=comments
    )
    report = import_wordpress(options)  # ImportFailed, BuildFailed: the command's summary
    emit(report.problems)
    for line in report.summary():
        click.echo(line)


def _import_site(dialect: str, src: Path, site_dir: Path, force: bool) -> None:
    from jarida.importer.ssgimport import SsgOptions, import_site

    options = SsgOptions(
        dialect="jekyll" if dialect == "jekyll" else "hugo", src=src, site=site_dir, force=force
    )
    report = import_site(options)  # ImportFailed, BuildFailed: the command's summary
    emit(report.problems)
    for line in report.summary():
        click.echo(line)


_SRC = click.argument("src", type=click.Path(path_type=Path))
_SITE = click.argument("site_dir", default=".", type=click.Path(path_type=Path))
_FORCE = click.option("--force", is_flag=True, help="Overwrite files that exist.")


@import_group.command("jekyll")
@_SRC
@_SITE
@_FORCE
@exit_on_error("Import failed: nothing was written.")
def import_jekyll_command(src: Path, site_dir: Path, force: bool) -> None:
    """Import the Jekyll site in SRC (the folder of its _config.yml) into SITE_DIR.

    Posts (and drafts) become articles, pages pages; static files are copied; every old URL
    keeps answering (the same pattern, or a redirect page). Files that exist are left as they
    are unless --force, so importing again adds only what is new.
    """
    _import_site("jekyll", src, site_dir, force)


@import_group.command("hugo")
@_SRC
@_SITE
@_FORCE
@exit_on_error("Import failed: nothing was written.")
def import_hugo_command(src: Path, site_dir: Path, force: bool) -> None:
    """Import the Hugo site in SRC (the folder of its hugo.toml or config.*) into SITE_DIR.

    Posts become articles, other sections pages, term _index.md files term pages; page
    bundles keep their files, static/ is copied; every old URL keeps answering. Files that
    exist are left as they are unless --force, so importing again adds only what is new.
    """
    _import_site("hugo", src, site_dir, force)
