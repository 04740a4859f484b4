"""The ``dir`` target: the built site copied into a local folder (for hosts that pick one up).

The folder is replaced the way a build replaces its output (:func:`jarida.writer.commit`): a new
tree staged beside it, unchanged files hard-linked from the old one (their times kept), changed
ones copied, then one atomic swap. A reader of the folder sees the old site or the new one.

As for a build's output (:mod:`jarida.outdir`), only a missing or empty folder, or one that
carries Jarida's marker, is replaced, under the folder's lock. A folder deployed to by a Jarida
that wrote no marker yet is recognised by a file it shares, path and bytes, with the site.
"""

from __future__ import annotations

import hashlib
from contextlib import nullcontext
from pathlib import Path

from jarida.config import DeployTarget
from jarida.deploy.plan import (
    DeployFailed,
    DeployJob,
    Outcome,
    check_local_dest,
    expand_env,
    guard,
    local_files,
    plan_deploy,
    redact,
)
from jarida.errors import BuildFailed
from jarida.outdir import locked, replace_problem
from jarida.writer import Copy, commit


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digests(files: dict[str, Path]) -> dict[str, str]:
    return {path: _digest(source) for path, source in files.items()}


def _remote_files(folder: Path) -> dict[str, Path]:
    """The folder's files but the marker (every commit writes it: it is not in any plan)."""
    return local_files(folder) if folder.is_dir() else {}


def _shares_a_file(local: dict[str, Path], folder: Path) -> bool:
    """Whether ``folder`` holds one of the site's files at its path, with the same bytes."""
    for path, source in local.items():
        there = folder / path
        if there.is_symlink() or not there.is_file():
            continue
        if there.stat().st_size == source.stat().st_size and _digest(there) == _digest(source):
            return True
    return False


def deploy_dir(target: DeployTarget, job: DeployJob, name: str) -> Outcome:
    """Make ``target.dest`` hold exactly the built site."""
    dest, secrets = expand_env(target.dest, f"deploy.{name}.dest")
    folder = job.root / dest
    check_local_dest(folder, job)
    local = local_files(job.out_dir)
    problem = replace_problem(folder, lambda: _shares_a_file(local, folder))
    if problem is not None:
        raise DeployFailed(redact(f"{folder}: {problem.message}", secrets), problem.hint)
    with nullcontext() if job.dry_run else locked(folder):
        return _apply(folder, local, target, job, redact(str(folder), secrets))


def _apply(
    folder: Path, local: dict[str, Path], target: DeployTarget, job: DeployJob, where: str
) -> Outcome:
    plan = plan_deploy(_digests(local), _digests(_remote_files(folder)))
    refused = guard(plan, target.max_delete, job)
    if job.dry_run or plan.empty:
        return Outcome(plan=plan, applied=False, where=where, refused=refused)
    new = set(plan.added) | set(plan.changed)
    kept = [path for path in local if path not in new]
    try:
        commit(folder, [], kept, [Copy(local[path], path) for path in sorted(new)])
    except BuildFailed as exc:  # a full disk, a read-only folder
        problem = exc.errors[0]
        raise DeployFailed(f"{problem.path}: {problem.message}", problem.hint) from None
    return Outcome(plan=plan, applied=True, where=where)
