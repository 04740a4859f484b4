"""The pages of the last build kept in ``.jarida/`` (:mod:`jarida.pagestore`): an output folder
deleted or emptied by hand costs an incremental build, not every page rendered again."""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from jarida import pagestore
from jarida.config import load_config
from jarida.layout import PAGES_ASIDE_PREFIX
from jarida.manifest import ManifestFiles
from tests.conftest import MakeSite, build_site, tree
from tests.test_incremental import SITE, A, C, edit, feeds

BODY_EDIT = {A} | feeds("", "tags/t1/", "tags/t2/", "categories/c1/", "authors/w1/")


@pytest.fixture
def root(make_site: MakeSite) -> Path:
    site = make_site(SITE)
    build_site(site)
    return site


def _store(root: Path) -> Path:
    return ManifestFiles(root).pages(root / "public")


def _recorded(root: Path) -> set[str]:
    manifest = ManifestFiles(root).load(root / "public").manifest
    return {f.fingerprint for f in manifest.files.values()}


def _same_as_clean(root: Path, tmp_path: Path) -> None:
    build_site(root, out=tmp_path / "clean", clean=True)
    assert tree(root / "public") == tree(tmp_path / "clean")


def _edit_a(root: Path) -> None:
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص أ معدل."))


def test_every_page_of_the_output_is_kept_by_its_fingerprint(root: Path) -> None:
    assert {p.name for p in _store(root).iterdir()} == _recorded(root)
    manifest = ManifestFiles(root).load(root / "public").manifest
    for path, written in manifest.files.items():
        entry = _store(root) / written.fingerprint
        assert entry.read_bytes() == (root / "public" / path).read_bytes()


def test_an_output_deleted_by_hand_renders_only_what_changed(root: Path, tmp_path: Path) -> None:
    shutil.rmtree(root / "public")
    _edit_a(root)
    assert set(build_site(root).rendered_paths) == BODY_EDIT
    _same_as_clean(root, tmp_path)
    assert build_site(root).rendered_paths == ()


def test_an_output_deleted_with_nothing_changed_renders_nothing(root: Path, tmp_path: Path) -> None:
    shutil.rmtree(root / "public")
    result = build_site(root)
    assert result.rendered_paths == () and result.unchanged == result.restored == result.pages
    _same_as_clean(root, tmp_path)


def test_a_folder_deleted_inside_the_output_is_restored_in_place(
    root: Path, tmp_path: Path
) -> None:
    kept = root / "public/index.html"
    before = kept.stat().st_ino
    shutil.rmtree(root / "public/2026")
    assert build_site(root).rendered_paths == ()
    assert kept.stat().st_ino == before  # the commit was made in place
    _same_as_clean(root, tmp_path)


def test_a_page_replaced_by_another_file_gets_its_kept_bytes_back(root: Path) -> None:
    page = root / "public" / C
    original = page.read_bytes()
    spare = page.with_name("other.html")
    spare.write_text("tampered", encoding="utf-8")
    spare.replace(page)  # a new file: the kept page's inode is not touched
    assert build_site(root).rendered_paths == ()
    assert page.read_bytes() == original


def test_a_page_changed_in_place_is_rendered_again_not_restored(root: Path) -> None:
    """The output's file and the kept page are one inode: a change in place reaches both, and
    their size or mtime is no longer the manifest's."""
    shutil.rmtree(root / "public/2026")
    manifest = ManifestFiles(root).load(root / "public").manifest
    with (_store(root) / manifest.files[C].fingerprint).open("a", encoding="utf-8") as entry:
        entry.write("tampered")
    assert build_site(root).rendered_paths == (C,)
    assert "tampered" not in (root / "public" / C).read_text(encoding="utf-8")
    kept = _store(root) / ManifestFiles(root).load(root / "public").manifest.files[C].fingerprint
    assert kept.read_bytes() == (root / "public" / C).read_bytes()  # linked afresh


def test_the_store_keeps_only_the_pages_of_the_last_build(root: Path) -> None:
    _edit_a(root)
    build_site(root)
    (root / "content/d.md").unlink()
    build_site(root)
    (_store(root) / ("0" * 64)).write_text("left by a killed build", encoding="utf-8")
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص ثالث."))
    build_site(root)
    assert {p.name for p in _store(root).iterdir()} == _recorded(root)


def test_a_clean_build_renders_every_page_whatever_is_kept(root: Path) -> None:
    shutil.rmtree(root / "public")
    result = build_site(root, clean=True)
    assert result.rendered == result.pages


def test_pages_that_cannot_be_linked_are_not_kept_and_cost_only_speed(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output on another file system than ``.jarida/`` (``-o /mnt/...``): no hard link."""
    shutil.rmtree(_store(root))
    real = os.link

    def other_device(source: object, target: object, *args: object, **kwargs: object) -> None:
        if str(_store(root)) in str(target):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pagestore.os, "link", other_device)
    _edit_a(root)
    assert set(build_site(root).rendered_paths) == BODY_EDIT
    assert not any(_store(root).iterdir()) if _store(root).exists() else True
    shutil.rmtree(root / "public")
    result = build_site(root)
    assert result.rendered == result.pages
    _same_as_clean(root, tmp_path)


def test_a_store_that_is_a_link_elsewhere_is_neither_read_nor_written(
    root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(_store(root), elsewhere)
    shutil.rmtree(_store(root))
    _store(root).symlink_to(elsewhere, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    shutil.rmtree(root / "public")
    _edit_a(root)
    result = build_site(root)
    assert result.rendered == result.pages
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert _store(root).is_symlink()
    _same_as_clean(root, tmp_path)


def test_the_store_follows_the_output_folder(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "out"
    build_site(root, out=other)
    config = load_config(root)
    first = ManifestFiles(config.root).pages(root / "public")
    second = ManifestFiles(config.root).pages(other)
    assert first != second and first.is_dir() and second.is_dir()
    assert {p.name for p in first.iterdir()} == {p.name for p in second.iterdir()}


def test_a_kept_page_that_is_a_link_to_a_file_elsewhere_is_not_used(
    root: Path, tmp_path: Path
) -> None:
    """Even with the size and mtime the manifest recorded, a symbolic link in the store is not
    a page Jarida kept: it is never linked into the output."""
    written = ManifestFiles(root).load(root / "public").manifest.files[C]
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"x" * written.size)
    os.utime(outside, ns=(written.mtime_ns, written.mtime_ns))
    entry = _store(root) / written.fingerprint
    entry.unlink()
    entry.symlink_to(outside)
    shutil.rmtree(root / "public")
    assert build_site(root).rendered_paths == (C,)
    assert b"x" * 10 not in (root / "public" / C).read_bytes()
    _same_as_clean(root, tmp_path)


def test_a_folder_in_place_of_a_kept_page_costs_that_page_only(root: Path, tmp_path: Path) -> None:
    written = ManifestFiles(root).load(root / "public").manifest.files[C]
    entry = _store(root) / written.fingerprint
    entry.unlink()
    entry.mkdir()
    (root / "public" / C).write_text("tampered", encoding="utf-8")  # C is rendered again
    _edit_a(root)
    assert set(build_site(root).rendered_paths) == BODY_EDIT | {C}
    files = ManifestFiles(root).load(root / "public").manifest.files
    for path, page in files.items():
        kept = _store(root) / page.fingerprint
        assert (
            kept.is_dir()
            if path == C
            else kept.read_bytes() == (root / "public" / path).read_bytes()
        )
    shutil.rmtree(root / "public")
    assert build_site(root).rendered_paths == (C,)
    _same_as_clean(root, tmp_path)


def test_pages_are_kept_for_the_output_folders_built_last_only(root: Path, tmp_path: Path) -> None:
    """A site built into a new temporary folder each time does not fill ``.jarida/``."""
    outs = [tmp_path / f"out{n}" for n in range(pagestore.STORES + 2)]
    for out in outs:
        build_site(root, out=out)
    stores = {p.name for p in (root / ".jarida").glob("pages-*")}
    last = {ManifestFiles(root).pages(out).name for out in outs[-pagestore.STORES :]}
    assert stores == last
    shutil.rmtree(outs[-1])
    assert build_site(root, out=outs[-1]).rendered_paths == ()  # its pages are still kept


def test_the_summary_says_how_many_pages_were_linked_back(make_site: MakeSite) -> None:
    from click.testing import CliRunner

    from jarida.cli import cli

    root = make_site(SITE)

    def summary() -> str:
        done = CliRunner().invoke(
            cli, ["build", str(root)], env={"SOURCE_DATE_EPOCH": "1780000000"}
        )
        assert done.exit_code == 0, done.output
        return done.stdout

    first = summary()
    assert "linked back" not in first
    pages = int(first.split()[1])
    shutil.rmtree(root / "public")
    again = summary()
    assert f" 0 rendered, {pages} unchanged ({pages} linked back from .jarida/), " in again
    assert "linked back" not in summary()  # nothing lost: a no-op


def test_kept_pages_let_go_are_set_aside_and_deleted_after_the_build(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept page a build lets go of is often the last link of a page the output no longer
    holds: unlinking it frees its blocks (~0.3 ms a page, ~4 s of a clean build of 10,000
    articles). They are moved aside and deleted by a detached process instead."""
    before = {p.name: p.stat().st_ino for p in _store(root).iterdir()}
    handed: list[Path] = []
    monkeypatch.setattr(pagestore, "remove_detached", handed.append)
    result = build_site(root, clean=True)  # every page written again: every kept one replaced
    assert result.rendered == result.pages
    [aside] = handed
    assert aside.parent == root / ".jarida" and aside.name.startswith(PAGES_ASIDE_PREFIX)
    assert {p.name: p.stat().st_ino for p in aside.iterdir()} == before
    files = ManifestFiles(root).load(root / "public").manifest.files
    for path, written in files.items():  # the store holds the new output's own files
        kept = _store(root) / written.fingerprint
        assert kept.stat().st_ino == (root / "public" / path).stat().st_ino


def test_pages_set_aside_by_an_interrupted_build_are_deleted_by_the_next(root: Path) -> None:
    left = root / ".jarida" / f"{PAGES_ASIDE_PREFIX}killed"
    left.mkdir()
    (left / ("0" * 64)).write_text("a page set aside by a killed build", encoding="utf-8")
    _edit_a(root)
    build_site(root)
    for _ in range(200):  # the detached deletions: this one's, and this build's own
        if not list((root / ".jarida").glob(f"{PAGES_ASIDE_PREFIX}*")):
            break
        time.sleep(0.05)
    assert not left.exists()
    assert not list((root / ".jarida").glob(f"{PAGES_ASIDE_PREFIX}*"))
    assert {p.name for p in _store(root).iterdir()} == _recorded(root)


def test_pages_are_unlinked_in_the_build_where_no_folder_can_hold_them(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_folder(*args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    # the store's module alone: the writer makes its own folders as usual
    monkeypatch.setattr(pagestore, "tempfile", SimpleNamespace(mkdtemp=no_folder))
    build_site(root, clean=True)
    assert {p.name for p in _store(root).iterdir()} == _recorded(root)
    files = ManifestFiles(root).load(root / "public").manifest.files
    for path, written in files.items():
        kept = _store(root) / written.fingerprint
        assert kept.stat().st_ino == (root / "public" / path).stat().st_ino
    assert not list((root / ".jarida").glob(f"{PAGES_ASIDE_PREFIX}*"))
