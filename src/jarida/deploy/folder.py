"""The ``dir`` target: the built site copied into a local folder (for hosts that pick one up).

The folder is replaced the way a build replaces its output (:func:`jarida.writer.commit`): a new
tree staged beside it, unchanged files hard-linked from the old one (their times kept), changed
ones copied, then one atomic swap. A reader of the folder sees the old site or the new one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jarida.config import DeployTarget
from jarida.deploy.plan import (
    DeployJob,
    Outcome,
    check_local_dest,
    expand_env,
    guard,
    local_files,
    plan_deploy,
    redact,
)
from jarida.writer import Copy, commit


def _digests(files: dict[str, Path]) -> dict[str, str]:
    return {path: hashlib.sha256(source.read_bytes()).hexdigest() for path, source in files.items()}


def _remote_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def deploy_dir(target: DeployTarget, job: DeployJob, name: str) -> Outcome:
    """Make ``target.dest`` hold exactly the built site."""
    dest, secrets = expand_env(target.dest, f"deploy.{name}.dest")
    folder = job.root / dest
    check_local_dest(folder, job)
    local = local_files(job.out_dir)
    plan = plan_deploy(_digests(local), _digests(_remote_files(folder)))
    refused = guard(plan, target.max_delete, job)
    where = redact(str(folder), secrets)
    if job.dry_run or plan.empty:
        return Outcome(plan=plan, applied=False, where=where, refused=refused)
    new = set(plan.added) | set(plan.changed)
    kept = [path for path in local if path not in new]
    commit(folder, [], kept, [Copy(local[path], path) for path in sorted(new)])
    return Outcome(plan=plan, applied=True, where=where)
