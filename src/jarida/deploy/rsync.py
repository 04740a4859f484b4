"""The ``rsync`` target: the built site mirrored to a local path or ``user@host:path``.

``rsync -a --checksum --delete`` compares files by their bytes, not their times (every build
writes new files), and deletes what the site no longer has, after the transfer
(``--delete-delay``), so that new pages are there before old ones go. A first ``--dry-run`` with
itemized changes is the plan; the delete guard sees it before anything is sent. Over ssh, the
user's ssh setup (keys, agent, ``~/.ssh/config``) does the authentication.
"""

from __future__ import annotations

import re

from jarida.config import DeployTarget
from jarida.deploy.plan import (
    DeployJob,
    DeployPlan,
    Outcome,
    check_local_dest,
    expand_env,
    guard,
    local_files,
    redact,
    run,
)

RSYNC = ("rsync", "-a", "--checksum", "--delete", "--delete-delay", "--8-bit-output", "-ii")
#: A line of ``--itemize-changes``: 11 columns of flags, a space, the name.
_ITEM = re.compile(r"^(?P<flags>[<>ch.][fdLDS].{9}|\*deleting  ) (?P<name>.+)$")


def is_remote(dest: str) -> bool:
    """Whether rsync takes ``dest`` for another host (``host:path``, ``rsync://``, ``host::``)."""
    return dest.startswith("rsync://") or re.match(r"^[^/]*:", dest) is not None


def parse_itemized(text: str) -> DeployPlan:
    """The plan of ``rsync -ii --dry-run`` output: files sent new, sent changed, kept, deleted."""
    added: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    unchanged = 0
    for line in text.splitlines():
        match = _ITEM.match(line)
        if not match or match["name"].endswith("/"):
            continue
        flags, name = match["flags"], match["name"]
        if flags.startswith("*deleting"):
            removed.append(name)
        elif flags[1] != "f":
            continue
        elif flags[0] in "<>c" and flags[2:].strip("+") == "":
            added.append(name)
        elif flags[0] in "<>c":
            changed.append(name)
        else:
            unchanged += 1
    return DeployPlan(
        added=tuple(sorted(added)),
        changed=tuple(sorted(changed)),
        removed=tuple(sorted(removed)),
        unchanged=unchanged,
    )


def deploy_rsync(target: DeployTarget, job: DeployJob, name: str) -> Outcome:
    """Mirror the built site to ``target.dest``."""
    dest, secrets = expand_env(target.dest, f"deploy.{name}.dest")
    if not is_remote(dest):
        folder = job.root / dest
        check_local_dest(folder, job)
        dest = str(folder)
    local_files(job.out_dir)  # a missing output is a clear error, not an rsync one
    source, destination = f"{job.out_dir}/", dest.rstrip("/") + "/"
    where = redact(target.dest, secrets)
    preview = run([*RSYNC, "--dry-run", source, destination], secrets=secrets, what="rsync")
    plan = parse_itemized(preview.decode("utf-8", "surrogateescape"))
    refused = guard(plan, target.max_delete, job)
    if job.dry_run or plan.empty:
        return Outcome(plan=plan, applied=False, where=where, refused=refused)
    run([*RSYNC, source, destination], secrets=secrets, what="rsync")
    return Outcome(plan=plan, applied=True, where=where)
