"""The ``git`` target: the built site as one commit on a branch of a repository, then pushed.

Everything happens in a temporary bare repository, with git's plumbing and no working tree: the
branch's tip is fetched (only the tip: ``--depth 1``), its tree listed with each file's blob id,
the built files hashed the same way, and the plan is the difference. A new tree is written from
the plan and committed on top of the tip (or as the first commit of a new branch), so history is
kept and an unchanged site makes no commit. ``.nojekyll`` and, with ``domain``, ``CNAME`` are part
of the tree.

The remote's address is passed on the command line only, never stored (not even in the temporary
repository's config); credentials come from the user's git and ssh setup or from a ``${VAR}`` in
the address, and are masked in every message.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jarida.config import DeployTarget
from jarida.deploy.plan import (
    DeployFailed,
    DeployJob,
    DeployPlan,
    Outcome,
    expand_env,
    guard,
    local_files,
    plan_deploy,
    redact,
    run,
)

FILE_MODE = "100644"
#: The identity of deploy commits where the user's git has none (e.g. a fresh CI machine).
FALLBACK_IDENTITY = ("-c", "user.name=Jarida", "-c", "user.email=jarida@localhost")


@dataclass(frozen=True, slots=True)
class _Repo:
    """The temporary bare repository, and the remote's address with the secrets to mask."""

    git_dir: Path
    url: str
    secrets: tuple[str, ...]

    def git(self, *args: str, data: bytes | None = None, what: str = "") -> bytes:
        env = {"GIT_INDEX_FILE": str(self.git_dir / "jarida-index")}
        return run(
            ["git", f"--git-dir={self.git_dir}", *args],
            data=data,
            env=env,
            secrets=(self.url, *self.secrets),
            what=what or f"git {args[0]}",
        )


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _tip(repo: _Repo, branch: str) -> str:
    """The commit at the tip of ``branch`` on the remote, fetched; empty when there is none."""
    ref = f"refs/heads/{branch}"
    listed = _decode(repo.git("ls-remote", repo.url, ref, what="git ls-remote")).split()
    if not listed:
        return ""
    repo.git("fetch", "-q", "--depth=1", "--no-tags", repo.url, ref, what="git fetch")
    return _decode(repo.git("rev-parse", "FETCH_HEAD")).strip()


def _remote_tree(repo: _Repo, tip: str) -> dict[str, str]:
    """``{path: "mode blob-id"}`` of the tip's tree."""
    if not tip:
        return {}
    out: dict[str, str] = {}
    for record in _decode(repo.git("ls-tree", "-r", "-z", "--full-tree", tip)).split("\0"):
        if record:
            info, _, path = record.partition("\t")
            mode, _, blob = info.split(" ")
            out[path] = f"{mode} {blob}"
    return out


def _sources(job: DeployJob, target: DeployTarget, scratch: Path) -> dict[str, Path]:
    """The files of the new tree: the built site, plus ``.nojekyll`` and ``CNAME``."""
    files = local_files(job.out_dir)
    extras = {".nojekyll": ""} | ({"CNAME": target.domain.strip() + "\n"} if target.domain else {})
    for name, text in extras.items():
        if name not in files:
            path = scratch / name
            path.write_text(text, encoding="utf-8")
            files[name] = path
    bad = [p for p in files if "\n" in p or "\r" in p]
    if bad:
        raise DeployFailed(f"git cannot take the file name {bad[0]!r}", "rename the file")
    return dict(sorted(files.items()))


def _hash(repo: _Repo, files: Mapping[str, Path], *, write: bool = False) -> dict[str, str]:
    """``{path: "mode blob-id"}`` of local files; ``write`` stores them in the repository."""
    paths = "".join(f"{source}\n" for source in files.values())
    stored = ["-w"] if write else []
    listed = repo.git("hash-object", *stored, "--no-filters", "--stdin-paths", data=_encode(paths))
    blobs = _decode(listed).split()
    return {path: f"{FILE_MODE} {blob}" for path, blob in zip(files, blobs, strict=True)}


def _identity(repo: _Repo) -> Sequence[str]:
    try:
        repo.git("var", "GIT_COMMITTER_IDENT")
    except DeployFailed:
        return FALLBACK_IDENTITY
    return ()


def commit_message(plan: DeployPlan, note: str) -> str:
    subject = (
        f"Deploy: {len(plan.added)} added, {len(plan.changed)} changed, {len(plan.removed)} removed"
    )
    return subject + (f"\n\n{note}\n" if note else "\n")


def _commit(repo: _Repo, local: Mapping[str, str], tip: str, message: str) -> str:
    entries = "".join(f"{mode_blob}\t{path}\0" for path, mode_blob in local.items())
    repo.git("update-index", "--add", "-z", "--index-info", data=_encode(entries))
    tree = _decode(repo.git("write-tree")).strip()
    parents = ["-p", tip] if tip else []
    identity = _identity(repo)
    git_dir = f"--git-dir={repo.git_dir}"
    made = run(
        ["git", *identity, git_dir, "commit-tree", tree, *parents, "-F", "-"],
        data=_encode(message),
        what="git commit-tree",
    )
    return _decode(made).strip()


def _address(remote: str, root: Path) -> str:
    """A local path is taken relative to the site; URLs and ``host:path`` are left as they are."""
    if "://" in remote or re.match(r"^[^/]*:", remote):
        return remote
    return str((root / remote).resolve())


def deploy_git(target: DeployTarget, job: DeployJob, name: str) -> Outcome:
    """Commit the built site to ``target.branch`` of ``target.remote`` and push it."""
    url, secrets = expand_env(target.remote, f"deploy.{name}.remote")
    url = _address(url, job.root)
    where = f"{redact(target.remote, secrets)}, branch {target.branch}"
    with tempfile.TemporaryDirectory(prefix="jarida-deploy-") as scratch:
        git_dir = Path(scratch) / "repo.git"
        run(["git", "init", "-q", "--bare", str(git_dir)], what="git init")
        repo = _Repo(git_dir, url, secrets)
        tip = _tip(repo, target.branch)
        remote = _remote_tree(repo, tip)
        sources = _sources(job, target, Path(scratch))
        local = _hash(repo, sources)
        plan = plan_deploy(local, remote)
        refused = guard(plan, target.max_delete, job)
        if job.dry_run or plan.empty:
            return Outcome(plan=plan, applied=False, where=where, refused=refused)
        new = {path: sources[path] for path in (*plan.added, *plan.changed)}
        if _hash(repo, new, write=True) != {path: local[path] for path in new}:
            raise DeployFailed("the built site changed while it was being deployed")
        commit = _commit(repo, local, tip, commit_message(plan, job.note))
        try:
            repo.git("push", "-q", url, f"{commit}:refs/heads/{target.branch}", what="git push")
        except DeployFailed as exc:
            raise DeployFailed(
                exc.message,
                f"if someone else pushed to {target.branch} meanwhile, deploy again",
            ) from None
    return Outcome(plan=plan, applied=True, where=where, commit=commit)
