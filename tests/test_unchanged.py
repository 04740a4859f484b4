"""The no-op build: skipped when nothing it reads changed, never when something did."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from jarida.build import build
from jarida.cli import cli
from jarida.config import load_config
from jarida.errors import BuildFailed
from jarida.manifest import ManifestFiles
from jarida.model import Selection
from jarida.outcome import BuildResult
from jarida.unchanged import COARSE_RACY_NS, FINE_RACY_NS, racy_window, skip_unchanged
from tests.conftest import NOW, MakeSite, article, build_site, start_preview

SITE = {
    "jarida.yaml": "title: جريدة\n",
    "content/a.md": article("خبر أ", "2026-05-04T10:00:00+03:00", tags="[t1]"),
    "content/b.md": article("خبر ب", "2026-05-03T10:00:00+03:00", tags="[t1, t2]"),
    # Scheduled: due on 2026-06-10, nine days after the tests' "now".
    "content/later.md": article("خبر لاحق", "2026-06-10T08:00:00+00:00"),
    "templates/.keep": "",
    "static/style-extra.css": "body{}\n",
}


def backdate(root: Path, seconds: float = 3600) -> None:
    """Every input file an hour old: older than the racy window of the stamp."""
    then = time.time() - seconds
    for top, folders, names in os.walk(root):
        # not the output, the cache, nor the stages and old outputs being deleted beside them
        folders[:] = [f for f in folders if f not in ("public", ".jarida")]
        folders[:] = [f for f in folders if not f.startswith(".public.")]
        for name in names:
            os.utime(Path(top) / name, (then, then))


@pytest.fixture
def built(make_site: MakeSite) -> Path:
    root = make_site(SITE)
    backdate(root)
    build_site(root)
    return root


def skip(root: Path, **options: object) -> BuildResult | None:
    selection = Selection(
        now=options.pop("now", NOW),  # type: ignore[arg-type]
        drafts=bool(options.pop("drafts", False)),
        future=bool(options.pop("future", False)),
    )
    out = options.pop("out", root / "public")
    return skip_unchanged(load_config(root), out, selection, **options)  # type: ignore[arg-type]


def test_nothing_changed_is_skipped_with_the_same_counts(built: Path) -> None:
    full = build_site(built, clean=True)
    assert not full.skipped
    skipped = skip(built)
    assert skipped is not None and skipped.skipped and skipped.site is None
    assert (skipped.pages, skipped.rendered, skipped.unchanged, skipped.removed) == (
        full.pages,
        0,
        full.pages,
        0,
    )
    assert skipped.files == full.files and skipped.search == "kept"


def edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    backdate(path.parent.parent if path.parent.name == "content" else path.parent, 60)


CHANGES: dict[str, Callable[[Path], None]] = {
    "an article edited": lambda r: edit(r / "content/a.md"),
    "an article added": lambda r: (r / "content/c.md").write_text(article("ج"), encoding="utf-8"),
    "an article deleted": lambda r: (r / "content/b.md").unlink(),
    "a template added": lambda r: (r / "templates/404.html").write_text("x", encoding="utf-8"),
    "a static file edited": lambda r: edit(r / "static/style-extra.css"),
    "the config edited": lambda r: edit(r / "jarida.yaml"),
    "strings added": lambda r: (r / "i18n").mkdir() or (r / "i18n/ar.yaml").write_text("{}"),
    "an output edited": lambda r: (r / "public/index.html").write_text("x", encoding="utf-8"),
    "an output deleted": lambda r: (r / "public/atom.xml").unlink(),
    "a copied file deleted": lambda r: (r / "public/style-extra.css").unlink(),
    "the search index deleted": lambda r: (r / "public/pagefind/pagefind.js").unlink(),
    "the cache deleted": lambda r: shutil.rmtree(r / ".jarida"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_means_a_full_build(built: Path, change: str) -> None:
    CHANGES[change](built)
    backdate(built, 60)  # not racy: the change itself must be seen
    assert skip(built) is None


def test_an_upgraded_library_means_a_full_build(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jarida import dependencies

    assert skip(built) is not None
    monkeypatch.setattr(dependencies, "version", lambda name: "99.0")
    assert skip(built) is None


def test_other_options_or_output_folder_mean_a_full_build(built: Path, tmp_path: Path) -> None:
    assert skip(built, drafts=True) is None
    assert skip(built, future=True) is None
    assert skip(built, out=tmp_path / "elsewhere") is None
    config = load_config(built).with_base_url("https://other.example/")
    assert skip_unchanged(config, built / "public", Selection(now=NOW)) is None


def test_the_stamp_expires_when_a_scheduled_article_is_due(built: Path) -> None:
    assert skip(built, now=NOW + timedelta(days=8)) is not None
    assert skip(built, now=NOW + timedelta(days=9)) is None  # later.md is due on 2026-06-10
    assert skip(built, now=NOW - timedelta(seconds=1)) is None  # the clock went back


def test_news_sitemap_window_and_new_year_end_the_stamp(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر", "2026-05-31T10:00:00+00:00")})
    backdate(root)
    build_site(root)
    assert skip(root, now=NOW + timedelta(hours=20)) is not None
    assert skip(root, now=NOW + timedelta(days=1)) is None  # a leaves the news sitemap
    build_site(root, now=NOW + timedelta(days=3))
    assert skip(root, now=NOW + timedelta(days=100)) is not None
    assert skip(root, now=NOW.replace(year=2027, month=1, day=1, hour=0)) is None  # footer year


def test_a_file_changed_just_before_the_build_writes_no_stamp(make_site: MakeSite) -> None:
    root = make_site(SITE)
    backdate(root)
    (root / "content/a.md").write_text(article("خبر أ معدل"), encoding="utf-8")
    now = time.time_ns()  # "just before": inside any window, however slow the machine
    os.utime(root / "content/a.md", ns=(now, now + FINE_RACY_NS))
    build_site(root)
    assert skip(root) is None
    backdate(root, 60)  # a minute later, a full build that finds nothing to do stamps
    assert build_site(root).rendered == 0
    assert skip(root) is not None


def test_a_linked_folder_writes_no_stamp(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE)
    (tmp_path / "shared-static").mkdir()
    (root / "static/shared").symlink_to(tmp_path / "shared-static", target_is_directory=True)
    backdate(root)
    build_site(root)
    assert skip(root) is None


def test_warnings_are_replayed_and_fail_a_strict_build(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article("أ", tags="[الإقتصاد]"),
            "content/b.md": article("ب", tags="[الاقتصاد]"),
        }
    )
    backdate(root)
    warned = build_site(root).warnings
    assert warned
    skipped = skip(root)
    assert skipped is not None and skipped.warnings == warned
    with pytest.raises(BuildFailed) as failed:
        skip(root, strict=True)
    assert failed.value.diagnostics == warned


def test_the_command_skips_without_loading_the_pipeline(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    first = CliRunner().invoke(cli, ["build", str(built)], env=env)
    assert first.exit_code == 0, first.output

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the full build ran")

    monkeypatch.setattr("jarida.build.build", no_build)
    again = CliRunner().invoke(cli, ["build", str(built)], env=env)
    assert again.exit_code == 0, again.output
    assert " 0 rendered, " in again.stdout and " 0 removed → " in again.stdout
    forced = CliRunner().invoke(cli, ["build", str(built), "--clean"], env=env)
    assert isinstance(forced.exception, AssertionError)  # --clean never skips


def test_the_racy_window_follows_the_precision_of_file_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert racy_window(tmp_path / "cache") == FINE_RACY_NS  # this file system: nanoseconds
    real = os.fstat

    def whole_seconds(fd: int) -> SimpleNamespace:  # what a FAT or HFS+ volume reports
        info = real(fd)
        fields = {name: getattr(info, name) for name in dir(info) if name.startswith("st_")}
        return SimpleNamespace(**fields | {"st_mtime_ns": int(info.st_mtime) * 1_000_000_000})

    monkeypatch.setattr(os, "fstat", whole_seconds)
    assert racy_window(tmp_path / "cache") == COARSE_RACY_NS
    (tmp_path / "file").write_text("x")
    (tmp_path / "file").chmod(0o444)
    assert racy_window(tmp_path / "file") == COARSE_RACY_NS  # not a folder: cannot probe


def test_build_itself_skips_when_nothing_changed(built: Path) -> None:
    """Every caller of build() gets the no-op, not only the command line."""
    skipped = build_site(built)
    assert skipped.skipped and skipped.site is None and skipped.rendered == 0
    assert skipped.pages == skipped.unchanged == build_site(built, clean=True).pages
    assert not build_site(built, clean=True).skipped  # --clean never skips
    edit(built / "content/a.md")
    assert not build_site(built).skipped


def test_a_strict_build_fails_on_the_warnings_of_the_build_it_skips(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article("أ", tags="[الإقتصاد]"),
            "content/b.md": article("ب", tags="[الاقتصاد]"),
        }
    )
    backdate(root)
    warned = build_site(root).warnings
    replayed = build_site(root)
    assert warned and replayed.skipped and replayed.warnings == warned
    with pytest.raises(BuildFailed) as failed:
        build(load_config(root), out_dir=root / "public", selection=Selection(now=NOW), strict=True)
    assert failed.value.diagnostics == warned


def _spy_on_build(monkeypatch: pytest.MonkeyPatch) -> list[BuildResult]:
    """Every result of ``build()`` as the command line and serve call it."""
    import jarida.build
    import jarida.serve

    real, seen = jarida.build.build, []

    def recording(*args: Any, **kwargs: Any) -> BuildResult:
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(jarida.build, "build", recording)
    monkeypatch.setattr(jarida.serve, "build", recording)
    return seen


def _cli_build(root: Path, out: Path, seen: list[BuildResult]) -> bool:
    """Whether ``jarida build`` skipped: it did not call build(), or build() skipped."""
    before = len(seen)
    done = CliRunner().invoke(cli, ["build", str(root), "-o", str(out), "-q"])
    assert done.exit_code == 0, done.output
    return len(seen) == before or seen[-1].skipped


#: A change, and whether serve's watcher sees it (then serve decides in the build it starts).
AGREEMENT: dict[str, tuple[Callable[[Path, list[Path]], object], bool]] = {
    "nothing changed": (lambda root, outs: None, False),
    "an output deleted": (lambda root, outs: [(o / "atom.xml").unlink() for o in outs], False),
    "an article edited": (lambda root, outs: edit(root / "content/a.md"), True),
}


@pytest.mark.parametrize("change", list(AGREEMENT))
def test_build_the_command_and_serve_decide_alike(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    seen = _spy_on_build(monkeypatch)
    root = make_site(SITE)
    backdate(root)
    outs = [tmp_path / "by-build", tmp_path / "by-command", tmp_path / "by-serve"]
    build_site(root, out=outs[0])
    _cli_build(root, outs[1], seen)
    with start_preview(root, outs[2]).preview as preview:
        alter, watched = AGREEMENT[change]
        before = len(seen)
        alter(root, outs)
        if watched:
            deadline = time.monotonic() + 60
            while len(seen) == before and time.monotonic() < deadline:
                time.sleep(0.05)
        else:
            preview.rebuild(None)
        decided = {"jarida serve": seen[before].skipped}
    decided["build()"] = build_site(root, out=outs[0]).skipped
    decided["jarida build"] = _cli_build(root, outs[1], seen)
    assert decided == dict.fromkeys(decided, change == "nothing changed")


def test_an_edit_reads_the_manifest_and_scans_the_inputs_once(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's decision goes to build(): one manifest read, one scan (each took a
    tenth of an edit at 10,000 articles, twice)."""
    from jarida import manifest, unchanged

    calls: list[str] = []
    real_load, real_scan = manifest.ManifestFiles.load, unchanged.scan_inputs
    monkeypatch.setattr(
        manifest.ManifestFiles, "load", lambda *a: calls.append("load") or real_load(*a)
    )
    monkeypatch.setattr(
        unchanged, "scan_inputs", lambda *a, **k: calls.append("scan") or real_scan(*a, **k)
    )
    (built / "content/a.md").write_text(article("خبر معدل"), encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    edited = CliRunner().invoke(cli, ["build", str(built)], env=env)
    assert edited.exit_code == 0, edited.output
    assert " 0 rendered, " not in edited.stdout
    assert calls == ["load", "scan"]


def test_a_decision_taken_before_another_build_wrote_is_taken_again(built: Path) -> None:
    """The command line decides before it holds the lock: when the manifest changed meanwhile
    (another build), build() reads it again."""
    from jarida.unchanged import decide_build

    config = load_config(built)
    out = built / "public"
    (built / "content/a.md").write_text(article("خبر معدل"), encoding="utf-8")
    early = decide_build(config, out, Selection(now=NOW), strict=False)
    assert early.decision.skipped is None
    build(config, out_dir=out, selection=Selection(now=NOW))  # another build, meanwhile
    result = build(config, out_dir=out, selection=Selection(now=NOW), known=early)
    assert result.rendered == 0  # on the new manifest (the old one would re-render the edit)


def test_the_command_line_starts_without_the_libraries_a_small_build_does_not_use() -> None:
    """rich (a progress bar shows only past a second on a terminal), multiprocessing (a pool
    only for many pages), Pillow (only for pictures) and webbrowser (serve --open) load when
    used, not when ``jarida`` starts."""
    import subprocess
    import sys

    code = (
        "import sys, jarida.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'rich', 'multiprocessing', 'concurrent', 'PIL', 'webbrowser', 'numpy', 'jinja2'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_reads_table_is_kept_apart_and_a_no_op_does_not_load_it(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What every page read (a large table at 10,000 articles) is in its own file, which only
    a build that fingerprints pages loads."""
    (manifest,) = (built / ".jarida").glob("manifest-*.json")
    (reads,) = (built / ".jarida").glob("reads-*.json")
    assert '"keys"' not in manifest.read_text(encoding="utf-8")
    assert json.loads(reads.read_text(encoding="utf-8"))["pages"]

    def refused(*_: object) -> None:
        raise AssertionError("the reads table was loaded")

    monkeypatch.setattr(ManifestFiles, "reads", refused)
    assert build_site(built).skipped
