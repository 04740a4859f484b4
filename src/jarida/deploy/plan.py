"""What a deploy would change, the delete guard, and the pieces every target shares.

A plan compares the built site with what the remote holds, path by path, by a digest of the
bytes (Hugo's ``deploy``): added, changed, removed, and how many are unchanged. The guard refuses a
plan that deletes more than a share of the remote's files, so that a half-built site never wipes a
live one (Hugo's ``maxDeletes``, as a share).

Credentials never pass through here as text to show: every message that could hold a URL or a
command goes through :func:`redact`, and ``${VAR}`` values read from the environment are masked
wherever they appear.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jarida.errors import JaridaError
from jarida.layout import GUARDED, MARKER

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: ``scheme://user:password@`` or ``scheme://token@`` in a URL.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s]+)@")
MASK = "***"


class DeployFailed(JaridaError):  # noqa: N818 (reads as a sentence: raise DeployFailed)
    """The deploy could not be done; the message is safe to print (credentials redacted)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DeployRefused(DeployFailed):
    """The delete guard refused the plan (``--force`` overrides it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployPlan:
    """The difference between the built site and the remote. Paths are sorted, POSIX, relative."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0

    @property
    def remote_files(self) -> int:
        """How many files the remote holds now."""
        return len(self.changed) + len(self.removed) + self.unchanged

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )

    def lines(self) -> list[str]:
        """``+ path``, ``~ path``, ``- path``, sorted by path."""
        marks = [("+", p) for p in self.added] + [("~", p) for p in self.changed]
        marks += [("-", p) for p in self.removed]
        return [f"{mark} {path}" for mark, path in sorted(marks, key=lambda m: m[1])]


def plan_deploy(local: Mapping[str, str], remote: Mapping[str, str]) -> DeployPlan:
    """Compare ``{path: digest}`` of the built site with the remote's."""
    return DeployPlan(
        added=tuple(sorted(p for p in local if p not in remote)),
        changed=tuple(sorted(p for p in local if p in remote and remote[p] != local[p])),
        removed=tuple(sorted(p for p in remote if p not in local)),
        unchanged=sum(1 for p in local if remote.get(p) == local[p]),
    )


def check_deletes(plan: DeployPlan, max_delete: float, *, force: bool) -> None:
    """Refuse to delete more than ``max_delete`` of the remote's files, unless ``force``."""
    removed, total = len(plan.removed), plan.remote_files
    if force or not removed or removed <= max_delete * total:
        return
    raise DeployRefused(
        f"refusing to delete {removed} of the remote's {total} files "
        f"({removed / total:.0%}; this target allows {max_delete:.0%})",
        "check that the site built completely; deploy with --force if the deletions are meant, "
        "or raise max_delete for this target",
    )


def guard(plan: DeployPlan, max_delete: float, job: DeployJob) -> str:
    """:func:`check_deletes` for a job: a dry run is not refused, but says it would be."""
    try:
        check_deletes(plan, max_delete, force=job.force)
    except DeployRefused as refused:
        if not job.dry_run:
            raise
        return refused.message
    return ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployJob:
    """What every target is given: the site, its built output, and the options."""

    root: Path
    out_dir: Path
    dry_run: bool = False
    force: bool = False
    #: More lines for a git commit message (e.g. the source revision).
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    plan: DeployPlan
    #: Whether the remote was changed.
    applied: bool
    #: Where the site went, safe to print.
    where: str
    #: git: the commit made (empty when none was).
    commit: str = ""
    #: A dry run's note that the real deploy would be refused by the delete guard.
    refused: str = ""


def redact(text: str, secrets: Sequence[str] = ()) -> str:
    """``text`` without credentials: URL passwords and tokens, and the given secret values."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)

    def mask(match: re.Match[str]) -> str:
        user, colon, _ = match["userinfo"].partition(":")
        if colon:
            return f"{match['scheme']}{user}:{MASK}@"
        web = match["scheme"].lower() in ("http://", "https://")
        return f"{match['scheme']}{MASK if web else user}@"

    return _USERINFO.sub(mask, text)


def expand_env(text: str, key: str) -> tuple[str, tuple[str, ...]]:
    """``${VAR}`` replaced by the environment's value; also returns the values, to mask them."""
    missing = [name for name in _VARIABLE.findall(text) if name not in os.environ]
    if missing:
        raise DeployFailed(
            f"`{key}` reads the environment variable {missing[0]}, which is not set",
            f"export {missing[0]} before deploying (in CI, from the platform's secrets)",
        )
    values = tuple(os.environ[name] for name in _VARIABLE.findall(text))
    return _VARIABLE.sub(lambda m: os.environ[m.group(1)], text), values


def local_files(out_dir: Path) -> dict[str, Path]:
    """Every file of the built site by its POSIX path, sorted; not the marker that says Jarida
    wrote the folder (a ``dir`` target gets its own; git and rsync have no use for it)."""
    if not out_dir.is_dir():
        raise DeployFailed(
            f"there is no built site in {out_dir}",
            "run `jarida build`, or deploy without --no-build",
        )
    files = {
        p.relative_to(out_dir).as_posix(): p for p in sorted(out_dir.rglob("*")) if p.is_file()
    }
    files.pop(MARKER, None)
    return files


def check_local_dest(dest: Path, job: DeployJob) -> None:
    """Refuse a local destination that is, holds or sits in the output or the site's sources."""
    target, out, root = dest.resolve(), job.out_dir.resolve(), job.root.resolve()
    guarded = [out, *(root / name for name in GUARDED)]  # never written into or replaced
    if (
        target == root
        or target in root.parents
        or any(target == g or g in target.parents or target in g.parents for g in guarded)
    ):
        raise DeployFailed(
            f"the destination {dest} would overwrite the site's sources, its cache, its .git "
            "or its built output",
            "deploy to a folder outside the site, such as /var/www/news",
        )


def run(
    args: Sequence[str],
    *,
    secrets: Sequence[str] = (),
    data: bytes | None = None,
    env: Mapping[str, str] | None = None,
    what: str = "",
) -> bytes:
    """Run a command and return its standard output; a failure's message is redacted."""
    try:
        done = subprocess.run(
            list(args),
            input=data,
            capture_output=True,
            check=False,
            env=None if env is None else {**os.environ, **env},
            stdin=None if data is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise DeployFailed(f"`{args[0]}` is not installed", f"install {args[0]}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise DeployFailed(redact(f"{what or args[0]} failed: {said}", secrets))
    return done.stdout
