"""``jarida deploy`` to a git branch, against real git and a local bare repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from jarida.config import load_config
from jarida.deploy import DeployOptions, DeployResult, deploy
from jarida.deploy.plan import DeployFailed, DeployRefused
from jarida.layout import MARKER
from tests.conftest import NOW, MakeSite, article, build_site
from tests.conftest import tree as full_tree


def tree(folder: Path) -> dict[str, bytes]:
    """What a deploy publishes of ``folder``: every file but Jarida's marker of its output."""
    return {path: data for path, data in full_tree(folder).items() if path != MARKER}


SITE = {
    f"content/{n}.md": article(
        f"خبر رقم {n}",
        f"2026-05-0{n}T10:00:00+03:00",
        f"نص الخبر {n}.",
        slug=f"n{n}",
        tags=f"[وسم{n % 2}]",
        category="سياسة",
    )
    for n in range(1, 10)  # enough that removing them all deletes most of the site
}


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, encoding="utf-8"
    )
    return done.stdout


@pytest.fixture(autouse=True)
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' own git settings: none of the machine's, and a known identity."""
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Test Desk\n\temail = desk@example.com\n[core]\n\tquotepath = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


@pytest.fixture(autouse=True)
def same_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deploys build first: with the fixture's clock, the build they run is the one we made."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))


@pytest.fixture
def site(make_site: MakeSite, remote: Path) -> Path:
    config = (
        "title: جريدة\n"
        # An edited article also renames the index files that list it (fragment, metadata), so
        # the exact contents of a commit are checked without the index; test_the_search_index
        # _is_deployed checks a site with it.
        "search: false\n"
        "deploy:\n"
        # Deleting every article must be refused: that is half of this small site's files (the
        # theme's stay), so the guard is set below the default half.
        f"  pages: {{type: git, remote: '{remote}', branch: gh-pages, domain: news.example,"
        " max_delete: 0.25}\n"
    )
    root = make_site(SITE | {"jarida.yaml": config})
    build_site(root)
    return root


def publish(root: Path, **options: object) -> DeployResult:
    return deploy(load_config(root), root / "public", DeployOptions(**options))  # type: ignore[arg-type]


def branch_files(remote: Path, ref: str = "gh-pages") -> dict[str, bytes]:
    names = git("ls-tree", "-r", "-z", "--name-only", ref, cwd=remote).split("\0")
    return {
        name: subprocess.run(
            ["git", "show", f"{ref}:{name}"], cwd=remote, capture_output=True, check=True
        ).stdout
        for name in names
        if name
    }


def refs(remote: Path) -> str:
    return git("for-each-ref", "--format=%(refname) %(objectname)", cwd=remote)


def test_first_deploy_creates_the_branch_with_the_site(site: Path, remote: Path) -> None:
    result = publish(site)
    built = tree(site / "public")
    assert result.outcome.applied and result.type == "git"
    assert result.outcome.plan.added == tuple(sorted([*built, ".nojekyll", "CNAME"]))
    assert branch_files(remote) == built | {".nojekyll": b"", "CNAME": b"news.example\n"}
    log = git("log", "--format=%H %P|%an|%s", "gh-pages", cwd=remote).splitlines()
    [(head, _, rest)] = [line.partition(" ") for line in log]
    parents, author, subject = rest.split("|")
    assert head == result.outcome.commit and parents == ""  # a branch of its own
    assert author == "Test Desk"
    assert subject == f"Deploy: {len(built) + 2} added, 0 changed, 0 removed"


def test_a_deploy_of_an_unchanged_site_makes_no_commit(site: Path, remote: Path) -> None:
    publish(site)
    before = refs(remote)
    build_site(site)
    result = publish(site)
    assert not result.outcome.applied and result.outcome.commit == ""
    assert result.outcome.plan.empty
    assert refs(remote) == before


def test_a_one_article_change_commits_only_the_files_it_changed(site: Path, remote: Path) -> None:
    first = publish(site).outcome.commit
    old = tree(site / "public")
    (site / "content/3.md").write_text(
        article(
            "خبر رقم 3", "2026-05-03T10:00:00+03:00", "نص مصحح.", slug="n3", category="سياسة"
        ).replace("---\nنص", "tags: [وسم1]\n---\nنص"),
        encoding="utf-8",
    )
    build_site(site)
    new = tree(site / "public")
    differs = {p for p in new if old.get(p) != new[p]} | {p for p in old if p not in new}
    result = publish(site)
    touched = set(git("show", "--format=", "--name-only", "gh-pages", cwd=remote).split("\n"))
    touched.discard("")
    assert touched == differs
    assert "2026/05/n3/index.html" in touched
    assert "2026/05/n1/index.html" not in touched and not any(".css" in p for p in touched)
    stat = git("show", "--stat", "--format=%P %s", "gh-pages", cwd=remote)
    assert stat.startswith(f"{first} Deploy: 0 added, {len(differs)} changed, 0 removed")
    assert f"{len(differs)} files changed" in stat or f"{len(differs)} file changed" in stat
    assert branch_files(remote) == new | {".nojekyll": b"", "CNAME": b"news.example\n"}
    assert result.outcome.plan.changed == tuple(sorted(differs))
    assert git("rev-list", "--count", "gh-pages", cwd=remote).strip() == "2"  # history kept


def test_the_delete_guard_keeps_the_live_site(site: Path, remote: Path) -> None:
    publish(site)
    before = refs(remote)
    # A share below what deleting every article removes, however many files the theme adds.
    config = site / "jarida.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("news.example}", "news.example, max_delete: 0.25}"), "utf-8")
    for source in (site / "content").glob("*.md"):
        source.unlink()
    build_site(site)
    with pytest.raises(DeployRefused, match=r"refusing to delete \d+ of the remote's \d+ files"):
        publish(site)
    assert refs(remote) == before
    result = publish(site, force=True)
    assert result.outcome.applied and result.outcome.plan.removed
    assert "2026/05/n1/index.html" not in branch_files(remote)


def test_a_dry_run_changes_nothing(site: Path, remote: Path) -> None:
    untouched = tree(remote)
    result = publish(site, dry_run=True)
    assert result.outcome.plan.added and not result.outcome.applied
    assert tree(remote) == untouched and refs(remote) == ""
    publish(site)
    untouched = tree(remote)
    (site / "content/1.md").unlink()
    build_site(site)
    result = publish(site, dry_run=True)
    assert result.outcome.plan.removed and result.outcome.plan.changed
    assert tree(remote) == untouched


def test_other_branches_are_left_alone(site: Path, remote: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    git("init", "-q", "-b", "main", str(work), cwd=tmp_path)
    (work / "README").write_text("source\n", encoding="utf-8")
    git("add", "README", cwd=work)
    git("commit", "-q", "-m", "source", cwd=work)
    git("push", "-q", str(remote), "main", cwd=work)
    main = git("rev-parse", "main", cwd=remote)
    publish(site)
    assert git("rev-parse", "main", cwd=remote) == main
    assert "README" not in branch_files(remote)


def test_credentials_in_the_remote_are_never_printed(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JARIDA_TEST_TOKEN", "s3cret-t0ken")
    root = make_site(
        SITE
        | {
            "jarida.yaml": "deploy:\n"
            "  a: {type: git, remote: 'http://desk:${JARIDA_TEST_TOKEN}@127.0.0.1:9/s.git'}\n"
            "  b: {type: git, remote: 'http://desk:pl41n-pass@127.0.0.1:9/s.git'}\n"
        }
    )
    build_site(root)
    for name in ("a", "b"):
        with pytest.raises(DeployFailed) as caught:
            publish(root, target=name)
        text = caught.value.message + caught.value.hint
        assert "git ls-remote failed" in text
        assert "s3cret-t0ken" not in text and "pl41n-pass" not in text
    assert not any(b"s3cret-t0ken" in data for data in tree(root).values())


def test_a_git_without_an_identity_commits_as_jarida(
    site: Path, remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "bare-gitconfig"
    bare.write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(bare))
    for name in ("EMAIL", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    publish(site)
    assert git("log", "--format=%an <%ae>", "gh-pages", cwd=remote) == "Jarida <jarida@localhost>\n"


def test_a_relative_remote_is_taken_from_the_site(make_site: MakeSite, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "near.git")], check=True)
    root = make_site(SITE | {"jarida.yaml": "deploy: {p: {type: git, remote: ../near.git}}\n"})
    build_site(root)
    assert publish(root).outcome.applied
    assert "index.html" in branch_files(tmp_path / "near.git")


def test_the_search_index_is_deployed(make_site: MakeSite, remote: Path) -> None:
    config = f"deploy:\n  pages: {{type: git, remote: '{remote}', branch: gh-pages}}\n"
    root = make_site(SITE | {"jarida.yaml": config})
    build_site(root)
    result = publish(root)
    assert result.outcome.applied
    assert branch_files(remote) == tree(root / "public") | {".nojekyll": b""}
    assert any(path.startswith("pagefind/") for path in branch_files(remote))
