"""``jarida deploy``: publish the built site to a target of ``deploy:`` in jarida.yaml.

Each target plans first (what would be added, changed, removed), refuses a plan that deletes too
much of the remote (unless forced), and changes nothing on a dry run. The targets are ``git``
(:mod:`jarida.deploy.git`), ``rsync`` (:mod:`jarida.deploy.rsync`) and ``dir``
(:mod:`jarida.deploy.folder`). Building first is the caller's job (the CLI does it).
"""

from __future__ import annotations

import difflib
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from jarida import __version__
from jarida.config import Config, DeployTarget
from jarida.deploy.folder import deploy_dir
from jarida.deploy.git import deploy_git
from jarida.deploy.plan import DeployFailed, DeployJob, Outcome
from jarida.deploy.rsync import deploy_rsync
from jarida.outdir import locked

Target = Callable[[DeployTarget, DeployJob, str], Outcome]
TARGETS: MappingProxyType[str, Target] = MappingProxyType(
    {"git": deploy_git, "rsync": deploy_rsync, "dir": deploy_dir}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployOptions:
    target: str | None = None
    dry_run: bool = False
    force: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployResult:
    name: str
    type: str
    outcome: Outcome
    dry_run: bool
    seconds: float


def choose_target(config: Config, name: str | None) -> tuple[str, DeployTarget]:
    """The target called ``name``, or the only one when ``name`` is None."""
    targets = config.deploy
    if not targets:
        raise DeployFailed(
            "jarida.yaml has no deploy targets",
            "add one, e.g. deploy: {pages: {type: git, remote: git@host:org/site.git}}; "
            "see docs/deploy.md",
        )
    if name is None:
        if len(targets) > 1:
            raise DeployFailed(
                "jarida.yaml has several deploy targets: " + ", ".join(targets),
                "choose one with --target NAME",
            )
        name = next(iter(targets))
    if name not in targets:
        close = difflib.get_close_matches(name, list(targets), n=1)
        hint = f"did you mean `{close[0]}`?" if close else "targets: " + ", ".join(targets)
        raise DeployFailed(f"no deploy target `{name}` in jarida.yaml", hint)
    return name, targets[name]


def source_note(root: Path) -> str:
    """The line deploy commits carry: Jarida's version and the site's own commit, if any."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:  # no git: the git target says so itself
        return f"Built with Jarida {__version__}."
    revision = done.stdout.strip() if done.returncode == 0 else ""
    return f"Built with Jarida {__version__}" + (f" from {revision}." if revision else ".")


def deploy(config: Config, out_dir: Path, options: DeployOptions) -> DeployResult:
    """Publish ``out_dir`` (the site built from ``config``) to the chosen target."""
    started = time.perf_counter()
    name, target = choose_target(config, options.target)
    job = DeployJob(
        root=config.root,
        out_dir=out_dir,
        dry_run=options.dry_run,
        force=options.force,
        note=source_note(config.root) if target.type == "git" else "",
    )
    with locked(out_dir):  # no build changes it meanwhile (a killed one's commit finished first)
        outcome = TARGETS[target.type](target, job, name)
    return DeployResult(
        name=name,
        type=target.type,
        outcome=outcome,
        dry_run=options.dry_run,
        seconds=time.perf_counter() - started,
    )
