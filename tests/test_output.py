"""Determinism and atomic output."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jarida import writer
from jarida.errors import BuildFailed
from tests.conftest import NOW, REPO, MakeSite, article, build_site, tree
from tests.test_build import SITE


def test_two_builds_give_identical_bytes(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE)
    build_site(root, out=tmp_path / "one")
    build_site(root, out=tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Every byte of the output, the search index included (Pagefind writes a few of its files
    in hash-map order: Jarida rewrites them in a canonical order)."""
    outputs = []
    for seed in ("1", "987"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1780000000"}
        subprocess.run(
            [sys.executable, "-m", "jarida", "build", str(REPO), "-o", str(out), "--quiet"],
            env=env,
            check=True,
        )
        outputs.append(tree(out))
    assert any(p.startswith("pagefind/filter/") for p in outputs[0])
    assert any(p.endswith(".pf_meta") for p in outputs[0])
    assert sorted(outputs[0]) == sorted(outputs[1])
    assert outputs[0] == outputs[1]
    # The index files are gzip streams without a time (Pagefind's wasm files carry the time
    # Pagefind itself was built: the same bytes every run).
    index = [data for p, data in outputs[0].items() if re.search(r"\.pf_\w+$", p)]
    assert len(index) > 10 and all(data[:2] == b"\x1f\x8b" for data in index)
    assert all(data[4:8] == bytes(4) for data in index)


def test_failed_build_leaves_the_old_output(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root)
    before = tree(root / "public")
    (root / "content/2026/oil.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(root)
    assert tree(root / "public") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == [".public.lock"]


def test_crash_while_writing_leaves_the_old_output(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(SITE)
    build_site(root)
    before = tree(root / "public")
    (root / "content/2026/new.md").write_text(article("خبر جديد"), encoding="utf-8")
    written = 0
    real_write = writer._write

    def failing_write(stage: Path, output: writer.Output) -> None:
        nonlocal written
        written += 1
        if written == 5:
            raise OSError("disk full")
        real_write(stage, output)

    monkeypatch.setattr(writer, "_write", failing_write)
    with pytest.raises(BuildFailed) as raised:
        build_site(root)
    assert "could not write the output" in raised.value.errors[0].message
    assert "disk full" in raised.value.errors[0].message
    assert tree(root / "public") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == [".public.lock"]


def test_output_folder_may_not_replace_the_sources(make_site: MakeSite) -> None:
    root = make_site(SITE)
    for bad in (root, root / "content", root.parent, root / "static" / "x"):
        with pytest.raises(BuildFailed, match="error"):
            build_site(root, out=bad)
    assert (root / "content/2026/oil.md").is_file()


def test_content_is_never_written(make_site: MakeSite) -> None:
    root = make_site(SITE)
    before = tree(root / "content")
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*")}
    build_site(root)
    assert tree(root / "content") == before
    assert mtimes == {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*")}


def test_safe_relative_refuses_escapes() -> None:
    for bad in ("../x", "/etc/passwd", "a/../../b", "", "./index.html", "a//b", "a/./b", "a\x01"):
        with pytest.raises(BuildFailed):
            writer.safe_relative(bad)
    assert str(writer.safe_relative("a/ب/index.html")) == "a/ب/index.html"


# The output folder: only a folder Jarida wrote (or an empty or missing one) is ever replaced.


def build_cli(root: Path, *args: str | Path) -> tuple[int, str]:
    """``jarida build ROOT ARGS`` in-process: the exit code and everything printed."""
    from click.testing import CliRunner

    from jarida.cli import cli

    argv = ["build", str(root), "--quiet", "--jobs", "1", *map(str, args)]
    result = CliRunner().invoke(cli, argv, env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def everything(folder: Path) -> dict[str, bytes | str]:
    """Every file (bytes) and link (its target) under ``folder``, folders too (empty ones)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {path.readlink()}"
        elif path.is_dir():
            found[rel] = "/"
        else:
            found[rel] = path.read_bytes()
    return found


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """A folder of someone's own files, which no build may touch."""
    folder = tmp_path / "documents"
    (folder / "notes").mkdir(parents=True)
    (folder / "thesis.txt").write_text("سنوات من العمل", encoding="utf-8")
    (folder / "notes" / "a.md").write_text("ملاحظة", encoding="utf-8")
    return folder


def test_a_folder_jarida_did_not_write_is_never_replaced(
    make_site: MakeSite, foreign: Path, tmp_path: Path
) -> None:
    root = make_site(SITE)
    before = everything(tmp_path)
    code, output = build_cli(root, "-o", foreign)
    assert code == 1
    assert f"{foreign}: error: the output folder is not empty" in output
    assert "not a site Jarida built" in output and "choose another folder" in output
    assert everything(tmp_path) == before  # nothing written anywhere: no stage, no lock, no cache


def test_an_output_path_that_is_a_file_is_refused(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.7")
    code, output = build_cli(root, "-o", target)
    assert code == 1 and f"{target}: error: the output path is a file" in output
    assert target.read_bytes() == b"%PDF-1.7"
    config = (root / "jarida.yaml").read_bytes()
    code, output = build_cli(root, "-o", root / "jarida.yaml")
    assert code == 1 and "is a file" in output
    assert (root / "jarida.yaml").read_bytes() == config


def test_an_output_reached_through_links_is_judged_by_what_it_reaches(
    make_site: MakeSite, foreign: Path, tmp_path: Path
) -> None:
    root = make_site(SITE)
    (tmp_path / "link").symlink_to(foreign, target_is_directory=True)
    (tmp_path / "parent").symlink_to(tmp_path, target_is_directory=True)
    before = everything(tmp_path)
    code, output = build_cli(root, "-o", tmp_path / "link")
    assert code == 1 and "is a symbolic link" in output
    code, output = build_cli(root, "-o", tmp_path / "parent" / "documents")
    assert code == 1 and "not a site Jarida built" in output
    assert everything(tmp_path) == before


@pytest.mark.parametrize(
    "where", [".git", ".git/public", ".jarida/out", "i18n", "i18n/out", ".", "..", "/"]
)
def test_an_output_in_or_over_the_sites_own_folders_is_refused(
    make_site: MakeSite, where: str
) -> None:
    root = make_site(SITE | {"i18n/ar.yaml": "next: التالي\n", ".git/config": "[core]\n"})
    (root / ".jarida").mkdir()
    before = everything(root)
    code, output = build_cli(root, "-o", root / where if where != "/" else "/")
    assert code == 1 and "error: the output folder" in output
    assert everything(root) == before


def test_empty_missing_and_own_folders_are_built_into(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE)
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "missing" / "deeper", root / "public"):
        assert build_cli(root, "-o", out)[0] == 0
        assert (out / "index.html").is_file() and (out / writer.MARKER).is_file()
        (out / "2026").rename(out / "old-2026")  # an output changed by hand is still ours
        assert build_cli(root, "-o", out)[0] == 0
        assert not (out / "old-2026").exists()


def test_the_marker_is_the_same_bytes_in_every_output(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE)
    build_site(root, out=tmp_path / "one")
    build_site(root, out=tmp_path / "two", clean=True)
    assert (tmp_path / "one" / writer.MARKER).read_bytes() == writer.MARKER_TEXT
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_an_output_of_an_earlier_version_without_the_marker_is_still_ours(
    make_site: MakeSite,
) -> None:
    """public/ built before the marker existed: the manifest in .jarida/ lists its files."""
    root = make_site(SITE)
    build_site(root)
    public = root / "public"
    (public / writer.MARKER).unlink()
    manifest = next((root / ".jarida").glob("manifest-*.json"))
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["version"] = "0.0.9"  # written by an older Jarida: its cache is not used, but it tells
    manifest.write_text(json.dumps(data), encoding="utf-8")
    (public / "index.html").unlink()  # a file deleted by hand does not matter
    assert build_cli(root)[0] == 0
    assert (public / writer.MARKER).is_file() and (public / "index.html").is_file()


def test_an_unmarked_output_with_a_file_the_manifest_does_not_list_is_refused(
    make_site: MakeSite,
) -> None:
    root = make_site(SITE)
    build_site(root)
    public = root / "public"
    (public / writer.MARKER).unlink()
    (public / "mine.txt").write_text("ليس من جريدة", encoding="utf-8")
    before = everything(public)
    code, output = build_cli(root)
    assert code == 1 and "not a site Jarida built" in output
    assert everything(public) == before


@pytest.mark.parametrize(
    ("where", "code", "reason", "hint"),
    [
        ("_write", errno.ENOSPC, "No space left on device", "free some space"),
        ("_write", errno.EDQUOT, "Disk quota exceeded", "free some space"),
        ("stage", errno.EROFS, "Read-only file system", "make the folder writable"),
        ("swap_in", errno.EACCES, "Permission denied", "make the folder writable"),
    ],
)
def test_a_full_or_read_only_disk_is_reported_and_the_old_site_stays(
    make_site: MakeSite,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
    reason: str,
    hint: str,
) -> None:
    """Tests run as root, where chmod does not stop writes: the system's error is injected."""
    root = make_site(SITE)
    assert build_cli(root)[0] == 0
    before = everything(root / "public")
    (root / "content/2026/new.md").write_text(article("خبر جديد"), encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, reason, str(root / "public"))

    if where == "stage":  # the stage beside the output cannot be made (or the spare renamed)
        monkeypatch.setattr(writer.tempfile, "mkdtemp", fail)
    else:
        monkeypatch.setattr(writer, where, fail)
    status, output = build_cli(root)
    assert status == 1
    assert f"error: could not write the output {root / 'public'}: {reason}" in output
    assert f"hint: {hint}" in output and "the previous output is unchanged" in output
    assert everything(root / "public") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == [".public.lock"]


# One edit in every state of the output folder (issue 19): the output a clean build gives, and
# the commit in place (no link and no folder per unchanged page) wherever the output is there.

STATES = ("after-clean", "warm", "stale-spare", "no-spare", "deleted")


def _edit(root: Path, text: str) -> None:
    first = sorted((root / "content").rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


@pytest.mark.parametrize("state", STATES)
def test_an_edit_in_every_state_of_the_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str
) -> None:
    from benchmarks.corpus import write_corpus

    root = tmp_path / "site"
    write_corpus(root, 30)
    public, spare = root / "public", root / ".public.spare"
    build_site(root, clean=True)
    if state in ("warm", "no-spare"):
        _edit(root, "فقرة أولى.")
        build_site(root)
    if state == "stale-spare":  # what an earlier version left: a tree that shares no file
        shutil.copytree(public, spare)
    if state == "no-spare":
        shutil.rmtree(spare, ignore_errors=True)
    if state == "deleted":
        shutil.rmtree(public)
    folder = public.stat().st_ino if public.exists() else None
    _edit(root, "فقرة ثانية.")
    links: list[object] = []
    real_link = os.link
    monkeypatch.setattr(writer.os, "link", lambda *a, **k: links.append(a) or real_link(*a, **k))
    result = build_site(root)
    monkeypatch.undo()
    # deleted: the pages kept in .jarida/ are linked back (jarida.pagestore)
    assert 0 < result.rendered < result.unchanged
    kept = [a for a in links if str(a[1]).startswith(str(root / ".jarida"))]
    assert len(kept) == result.rendered  # the new pages kept by the store, nothing else
    if folder is not None:  # changed in place: the same folder, no link per kept page
        assert public.stat().st_ino == folder and len(links) == len(kept)
    expected = tmp_path / "expected"
    shutil.copytree(root, expected, ignore=shutil.ignore_patterns("public", ".public*", ".jarida"))
    build_site(expected, clean=True)
    assert tree(public) == tree(expected / "public")
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".public")) == [
        ".public.lock"
    ]


def _build_killed_in_commit(root: Path, moves: int) -> int:
    """``jarida build`` in a real process that kills itself (SIGKILL) after ``moves`` of its
    commit's files are moved into place."""
    script = (
        "import os, signal, sys\n"
        "from jarida import journal\n"
        "from jarida.cli import main\n"
        "real, moved = journal._move, []\n"
        "def move(staged, target):\n"
        f"    if len(moved) == {moves}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    moved.append(target)\n"
        "    real(staged, target)\n"
        "journal._move = move\n"
        "main(['build', sys.argv[1], '--quiet', '--jobs', '1'])\n"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}  # build_site's clock
    command = [sys.executable, "-c", script, str(root)]
    return subprocess.run(command, env=env, check=False).returncode


@pytest.mark.parametrize("then", ["build", "deploy"])
def test_a_build_killed_in_the_middle_of_its_commit_is_finished_by_the_next_reader(
    tmp_path: Path, then: str
) -> None:
    from benchmarks.corpus import write_corpus

    root = tmp_path / "site"
    write_corpus(root, 30)
    build_site(root, clean=True)
    old = tree(root / "public")
    _edit(root, "فقرة بعد القتل.")
    expected = tmp_path / "expected"
    shutil.copytree(root, expected, ignore=shutil.ignore_patterns("public", ".public*", ".jarida"))
    build_site(expected, clean=True)
    new = tree(expected / "public")
    assert _build_killed_in_commit(root, 1) == -9
    assert (root / ".public.journal").is_file()  # decided, half applied
    assert tree(root / "public") not in (old, new)
    if then == "build":
        assert build_site(root).rendered < 30  # finished, then only what the manifest lacks
    else:  # deploy finishes it before it reads the folder
        (root / "jarida.yaml").write_text(
            (root / "jarida.yaml").read_text(encoding="utf-8")
            + "deploy:\n  site:\n    type: dir\n    dest: ../copy\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            [sys.executable, "-m", "jarida", "deploy", str(root), "--no-build"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert tree(tmp_path / "copy") == new
    assert tree(root / "public") == new
    assert not (root / ".public.journal").exists()
    assert not list(root.glob(".public.stage-*"))
