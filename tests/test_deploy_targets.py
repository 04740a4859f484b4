"""``jarida deploy`` to rsync and dir targets (real rsync, local folders), and the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jarida.cli import cli
from jarida.config import load_config
from jarida.deploy import DeployOptions, DeployResult, deploy
from jarida.deploy.plan import DeployFailed, DeployRefused, local_files
from jarida.outdir import MARKER_TEXT
from tests.conftest import MakeSite, article, build_site, tree

SITE = {
    f"content/{n}.md": article(f"خبر رقم {n}", f"2026-05-0{n}T10:00:00+03:00", slug=f"n{n}")
    for n in range(1, 6)
}
needs_rsync = pytest.mark.skipif(shutil.which("rsync") is None, reason="needs rsync (.ci/run)")


@pytest.fixture
def site(make_site: MakeSite, tmp_path: Path) -> Path:
    config = (
        # An edited article renames the index files that list it (fragment, metadata): on a
        # site this small they alone pass the 5% delete guard below, so these sites have no index.
        "search: false\n"
        "deploy:\n"
        f"  mirror: {{type: rsync, dest: '{tmp_path / 'mirror'}'}}\n"
        f"  folder: {{type: dir, dest: '{tmp_path / 'folder'}', max_delete: 0.05}}\n"
    )
    root = make_site(SITE | {"jarida.yaml": config})
    build_site(root)
    return root


def publish(root: Path, target: str, **options: object) -> DeployResult:
    chosen = DeployOptions(target=target, **options)  # type: ignore[arg-type]
    return deploy(load_config(root), root / "public", chosen)


@needs_rsync
def test_rsync_mirrors_the_site_and_deletes_what_it_no_longer_has(
    site: Path, tmp_path: Path
) -> None:
    mirror = tmp_path / "mirror"
    first = publish(site, "mirror")
    assert first.outcome.applied and tree(mirror) == tree(site / "public")
    assert first.outcome.plan.added == tuple(sorted(tree(site / "public")))
    again = publish(site, "mirror")
    assert again.outcome.plan.empty and not again.outcome.applied
    assert again.outcome.plan.unchanged == len(tree(mirror))
    (site / "content/5.md").unlink()
    build_site(site)
    third = publish(site, "mirror")
    assert "2026/05/n5/index.html" in third.outcome.plan.removed
    assert tree(mirror) == tree(site / "public")


@needs_rsync
def test_rsync_dry_run_and_guard_leave_the_mirror_alone(site: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for n in range(100):
        (mirror / f"old-{n}.html").write_text("قديم", encoding="utf-8")
    before = tree(mirror)
    result = publish(site, "mirror", dry_run=True)
    assert len(result.outcome.plan.removed) == 100 and tree(mirror) == before
    assert result.outcome.refused.startswith("refusing to delete 100 of the remote's 100 files")
    with pytest.raises(DeployRefused):
        publish(site, "mirror")
    assert tree(mirror) == before
    publish(site, "mirror", force=True)
    assert tree(mirror) == tree(site / "public")


def test_dir_copies_atomically_and_keeps_unchanged_files(site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    assert publish(site, "folder").outcome.applied
    assert tree(folder) == tree(site / "public")
    kept = (folder / "404.html").stat()  # a page the edit below does not touch
    (site / "content/5.md").write_text(
        article("خبر معدل", "2026-05-05T10:00:00+03:00", slug="n5"), encoding="utf-8"
    )
    build_site(site)
    result = publish(site, "folder")
    assert result.outcome.plan.changed and tree(folder) == tree(site / "public")
    now = (folder / "404.html").stat()
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert not list(tmp_path.glob(".folder.stage-*"))
    assert publish(site, "folder").outcome.plan.empty


def test_dir_guard_and_dry_run(site: Path, tmp_path: Path) -> None:
    publish(site, "folder")
    before = tree(tmp_path / "folder")
    (site / "content/5.md").unlink()
    (site / "content/4.md").unlink()
    build_site(site)
    assert publish(site, "folder", dry_run=True).outcome.plan.removed
    with pytest.raises(DeployRefused, match="this target allows 5%"):
        publish(site, "folder")
    assert tree(tmp_path / "folder") == before


@pytest.mark.parametrize("dest", [".", "public", "public/x", "content", "..", "static/out"])
def test_a_folder_that_would_replace_the_site_is_refused(make_site: MakeSite, dest: str) -> None:
    root = make_site(
        SITE | {"jarida.yaml": f"search: false\ndeploy: {{d: {{type: dir, dest: '{dest}'}}}}\n"}
    )
    build_site(root)
    before = tree(root)
    with pytest.raises(DeployFailed, match="would overwrite the site's sources"):
        publish(root, "d")
    assert tree(root) == before


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": "1780000000"})
    return result.exit_code, result.stdout, result.stderr


def test_the_command_builds_then_deploys(make_site: MakeSite, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    root = make_site(
        SITE | {"jarida.yaml": f"search: false\ndeploy: {{www: {{type: dir, dest: '{dest}'}}}}\n"}
    )
    code, out, err = run_cli("deploy", str(root), "--dry-run")
    assert code == 0, err
    assert out.startswith("Built ") and "+ index.html\n" in out
    assert out.rstrip().endswith("0 removed, 0 unchanged; nothing was changed.")
    assert not dest.exists()
    code, out, _ = run_cli("deploy", str(root))
    assert code == 0 and f"Deployed to www ({dest}) in " in out
    assert tree(dest) == tree(root / "public")
    code, out, _ = run_cli("deploy", str(root), "--no-build", "--target", "www")
    assert code == 0 and out.startswith("Nothing to deploy to www")


def test_the_command_explains_what_is_wrong(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE)
    code, _, err = run_cli("deploy", str(root), "--no-build")
    assert code == 1 and "error: jarida.yaml has no deploy targets" in err
    (root / "jarida.yaml").write_text(
        f"deploy:\n  a: {{type: dir, dest: '{tmp_path / 'a'}'}}\n"
        f"  b: {{type: dir, dest: '{tmp_path / 'b'}'}}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("deploy", str(root), "--no-build")
    assert code == 1 and "several deploy targets: a, b" in err and "--target" in err
    code, _, err = run_cli("deploy", str(root), "--no-build", "-t", "aa")
    assert code == 1 and "no deploy target `aa`" in err and "did you mean `a`?" in err
    code, _, err = run_cli("deploy", str(root), "--no-build", "-t", "a")
    assert code == 1 and "there is no built site in" in err


def dir_site(make_site: MakeSite, dest: Path | str) -> Path:
    config = f"search: false\ndeploy: {{www: {{type: dir, dest: '{dest}'}}}}\n"
    return make_site(SITE | {"jarida.yaml": config})


def test_dir_refuses_a_folder_jarida_did_not_write(make_site: MakeSite, tmp_path: Path) -> None:
    dest = tmp_path / "documents"
    (dest / "notes").mkdir(parents=True)
    (dest / "thesis.txt").write_text("سنوات من العمل", encoding="utf-8")
    (dest / "notes/a.md").write_text("ملاحظة", encoding="utf-8")
    before = tree(dest)
    root = dir_site(make_site, dest)
    code, _, err = run_cli("deploy", str(root), "--force")
    assert code == 1 and "Traceback" not in err
    assert f"error: {dest}: the output folder is not empty" in err
    assert "choose another folder, or empty or remove this one yourself" in err
    assert tree(dest) == before and not list(tmp_path.glob(".documents.*"))


def test_dir_refuses_a_dest_that_is_a_file_or_a_link(make_site: MakeSite, tmp_path: Path) -> None:
    dest = tmp_path / "site.tar"
    dest.write_bytes(b"archive")
    root = dir_site(make_site, dest)
    code, _, err = run_cli("deploy", str(root))
    assert code == 1 and f"error: {dest}: the output path is a file, not a folder" in err
    assert dest.read_bytes() == b"archive"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "www").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (root / "jarida.yaml").write_text(
        f"search: false\ndeploy: {{www: {{type: dir, dest: '{tmp_path / 'www'}'}}}}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("deploy", str(root))
    assert code == 1 and "is a symbolic link" in err
    assert (tmp_path / "www").is_symlink() and not any((tmp_path / "elsewhere").iterdir())


def test_dir_refuses_the_sites_git_and_cache(make_site: MakeSite) -> None:
    for dest in (".git/www", ".jarida/www", "i18n"):
        root = dir_site(make_site, dest)
        (root / ".git").mkdir(exist_ok=True)
        with pytest.raises(DeployFailed, match="would overwrite the site's sources"):
            publish(build_site(root) and root, "www")
        assert not (root / dest / "index.html").exists()


def test_dir_takes_over_a_copy_deployed_before_the_marker(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A folder an earlier Jarida deployed to has no marker; it shares files with the site."""
    dest = tmp_path / "www"
    root = dir_site(make_site, dest)
    build_site(root)
    shutil.copytree(root / "public", dest, ignore=shutil.ignore_patterns(".jarida-output"))
    (dest / "2026/05/n1/index.html").unlink()  # a page the site has since changed
    (dest / "old.html").write_text("صفحة قديمة", encoding="utf-8")
    assert publish(root, "www").outcome.applied
    assert tree(dest) == tree(root / "public") | {".jarida-output": MARKER_TEXT}
    assert publish(root, "www").outcome.plan.empty


def test_deploys_publish_no_marker_but_dir_carries_one(make_site: MakeSite, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    root = dir_site(make_site, dest)
    build_site(root)
    assert (root / "public/.jarida-output").is_file()
    assert ".jarida-output" not in local_files(root / "public")
    assert publish(root, "www").outcome.applied
    assert (dest / ".jarida-output").read_bytes() == MARKER_TEXT


def test_dir_reports_a_full_disk_and_keeps_the_old_copy(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from jarida import writer

    dest = tmp_path / "www"
    root = dir_site(make_site, dest)
    assert run_cli("deploy", str(root))[0] == 0
    before = tree(dest)
    (root / "content/1.md").write_text(article("خبر جديد", slug="n1"), encoding="utf-8")
    build_site(root)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(dest))

    monkeypatch.setattr(writer, "_copy", full)
    code, _, err = run_cli("deploy", str(root), "--no-build")
    assert code == 1 and "Traceback" not in err
    assert f"error: {dest}: could not write the output {dest}: No space left on device" in err
    assert "hint: free some space" in err
    assert tree(dest) == before and not list(tmp_path.glob(".www.stage-*"))
