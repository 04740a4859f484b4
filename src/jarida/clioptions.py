"""The options several commands share: the site's folder, ``--jobs`` and ``--executor``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from jarida.buildconfig import EXECUTOR_HINT, executor_problem
from jarida.parallel import default_jobs

site_dir_argument = click.argument(
    "site_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)


def jobs_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=default_jobs,
        show_default="the machine's cores",
        help="Processes for parsing and rendering.",
    )(function)


def executor_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--executor",
        metavar="local|dask|tcp://HOST:PORT",
        help="Where parsing, related lists and rendering run (default: build.executor of "
        "jarida.yaml, else local); docs/scale.md.",
        callback=_checked_executor,
    )(function)


def _checked_executor(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> str | None:
    if value is not None and (problem := executor_problem(value)) is not None:
        raise click.BadParameter(f"{problem}; {EXECUTOR_HINT}")
    return value
