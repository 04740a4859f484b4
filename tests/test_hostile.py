"""Bad input never breaks a build silently: the hostile fixture site, check, strict mode, kills."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from jarida.content.loader import MAX_SOURCE_BYTES
from jarida.writer import recover
from tests.conftest import JPEG, REPO, MakeSite, article, build_site, tree

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000"}

#: (file, line) of every problem the hostile site must report.
EXPECTED = [
    ("content/bad-yaml.md", 4, "invalid YAML front matter"),
    ("content/alias-bomb.md", 8, "YAML aliases (`*name`) expand this value"),
    ("content/bad-toml.md", 2, "invalid TOML front matter"),
    ("content/unclosed.md", 1, "is never closed"),
    ("content/no-title.md", 1, "missing or empty `title`"),
    ("content/empty-title.md", 2, "missing or empty `title`"),
    ("content/no-date.md", 1, "missing `date`"),
    ("content/bad-date.md", 3, "is not a date"),
    ("content/impossible-date.md", 3, "day is out of range"),
    ("content/far-date.md", 3, "outside the years 1000 to 9000"),
    ("content/many-tags.md", 4, "`tags` has 101 names; an article may have at most 100"),
    ("content/long-word.md", 7, "a word of 5,000 characters without a space"),
    ("content/early-date.md", 4, "outside the years 1000 to 9000"),
    ("content/wrong-types.md", 4, "`tags` must be a list"),
    ("content/wrong-types.md", 5, "`draft` must be true or false"),
    ("content/bad-slug.md", 4, "cannot be part of a URL"),
    ("content/not-utf8.md", 2, "not valid UTF-8 at byte offset 19"),
    ("content/empty.md", 1, "the file is empty"),
    ("content/missing-image.md", 4, "`image` /images/nowhere.png does not exist"),
    ("content/2026/dup-a.md", 0, "2 articles have the URL /2026/01/same/"),
    ("content/huge.md", 0, "over the"),
    ("content/linked.md", 0, "outside the site"),
    ("content/broken-links.md", 7, "image /images/missing.png"),  # a picture shown broken
]
WARNINGS = [
    ("content/broken-links.md", 5, "link to ../missing.md"),
]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    site = tmp_path / "hostile"
    shutil.copytree(HOSTILE, site)
    (site / "content/huge.md").write_bytes(b"---\ntitle: x\n---\n" + b"a" * MAX_SOURCE_BYTES)
    (tmp_path / "secret.md").write_text(article("سر"), encoding="utf-8")
    (site / "content/linked.md").symlink_to(tmp_path / "secret.md")
    return site


def jarida(*args: str | Path, env: dict[str, str] = ENV) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jarida", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def located(output: str, path: str, line: int, text: str) -> bool:
    where = f"{path}:{line}" if line else f"{path}:"
    return any(row.startswith(where) and text in row for row in output.splitlines())


def test_build_reports_every_problem_with_file_and_line(hostile: Path) -> None:
    before = tree(hostile / "content")
    done = jarida("build", hostile)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for path, line, text in EXPECTED + WARNINGS:
        assert located(done.stderr, path, line, text), (path, line, text, done.stderr)
    assert not (hostile / "public").exists()
    assert tree(hostile / "content") == before


def test_check_lists_everything_sorted_with_a_count(hostile: Path) -> None:
    done = jarida("check", hostile)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    rows = [re.match(r"(content/[^:]+):(\d*)", row) for row in done.stdout.splitlines()]
    keys = [(m.group(1), int(m.group(2) or 0)) for m in rows if m]
    assert len(keys) == len(EXPECTED) + len(WARNINGS) and keys == sorted(keys)
    for path, line, text in EXPECTED + WARNINGS:
        assert located(done.stdout, path, line, text), (path, line, text)
    assert done.stdout.rstrip().endswith(f"{len(EXPECTED)} error(s), {len(WARNINGS)} warning(s).")
    assert not (hostile / "public").exists() and not (hostile / ".jarida").exists()


def test_check_json_and_github_annotations(hostile: Path) -> None:
    done = jarida("check", hostile, "--format", "json", env={**ENV, "GITHUB_ACTIONS": "true"})
    report = json.loads(done.stdout)
    assert (report["errors"], report["warnings"]) == (len(EXPECTED), len(WARNINGS))
    first = report["diagnostics"][0]
    assert set(first) == {"path", "line", "col", "severity", "message", "hint"}
    assert "::error file=content/bad-date.md,line=3::`date` is not a date" in done.stderr
    assert "::warning file=content/broken-links.md,line=5::" in done.stderr


def test_the_example_site_checks_clean() -> None:
    done = jarida("check", REPO)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().endswith("0 error(s), 0 warning(s).")


def test_strict_fails_on_warnings_and_writes_nothing(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر", body="[رابط](/nowhere/)")})
    assert jarida("build", root).returncode == 0
    before = tree(root / "public")
    (root / "content/b.md").write_text(article("ب", body="[رابط](/also-nowhere/)"), "utf-8")
    done = jarida("build", root, "--strict")
    assert done.returncode == 1
    assert "content/b.md:5: warning: link to /also-nowhere/" in done.stderr
    assert tree(root / "public") == before
    assert jarida("check", root, "--strict").returncode == 1


def test_sanitize_keeps_text_and_drops_scripts(make_site: MakeSite) -> None:
    body = (
        'قال <b onclick="steal()">Elon Musk</b> <script>alert(1)</script>'
        '<iframe src="https://evil.example/"></iframe> <a href="javascript:x()">رابط</a>'
    )
    root = make_site(
        {"jarida.yaml": "markdown: {html: sanitize}\n", "content/a.md": article("خبر", body=body)}
    )
    build_site(root)
    page = (root / "public/2026/03/خبر/index.html").read_text(encoding="utf-8")
    body_html = page.split('class="article-body">')[1].split("</div>")[0]
    assert "<b><bdi>Elon Musk</bdi></b>" in body_html
    for bad in ("onclick", "<script", "<iframe", "javascript:"):
        assert bad not in body_html


def test_symlinks_out_of_the_site_are_not_followed(make_site: MakeSite, tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("secret", encoding="utf-8")
    root = make_site({"content/a.md": article("خبر")})
    (root / "static").mkdir()
    (root / "static/leak.txt").symlink_to(secret)
    build_site(root)
    assert not (root / "public/leak.txt").exists()


def test_a_linked_content_folder_out_of_the_site_is_not_read(
    make_site: MakeSite, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text(article("سر"), encoding="utf-8")
    root = make_site({"content/a.md": article("خبر")})
    (root / "content/linked").symlink_to(outside, target_is_directory=True)
    (root / "content/inner").mkdir()
    (root / "content/inner/b.md").write_text(article("خبر آخر"), encoding="utf-8")
    (root / "content/inner-link").symlink_to(root / "content/inner", target_is_directory=True)
    result = build_site(root)
    assert sorted(result.site.articles) == ["a.md", "inner/b.md"]  # linked folders not walked


def test_listing_order_does_not_change_the_output(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_build import SITE

    root = make_site(SITE)
    build_site(root, out=tmp_path / "sorted", clean=True)
    real = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, p: reversed(list(real(self, p))))
    build_site(root, out=tmp_path / "reversed", clean=True)
    assert tree(tmp_path / "sorted") == tree(tmp_path / "reversed")


def _kill_during_build(site: Path, delay: float) -> int:
    process = subprocess.Popen(
        [sys.executable, "-m", "jarida", "build", str(site), "--quiet", "--jobs", "1"], env=ENV
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60)


def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path: Path) -> None:
    from benchmarks.corpus import write_corpus

    site = tmp_path / "site"
    write_corpus(site, 120)
    assert jarida("build", site, "--quiet").returncode == 0
    old = tree(site / "public")
    for path in sorted((site / "content").rglob("*.md"))[::7]:  # change many pages
        path.write_text(path.read_text(encoding="utf-8") + "\nفقرة جديدة.\n", encoding="utf-8")
    shutil.copytree(site, tmp_path / "expected", ignore=shutil.ignore_patterns("public"))
    assert jarida("build", tmp_path / "expected", "--quiet").returncode == 0
    new = tree(tmp_path / "expected" / "public")
    assert old != new
    killed = 0
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0, 2.5, 3.5):
        killed += _kill_during_build(site, delay) == -signal.SIGKILL
        if (site / ".public.journal").exists():  # killed in a decided commit: every reader
            assert recover(site / "public")  # (build, serve, deploy) finishes it first
            assert tree(site / "public") == new
        now = tree(site / "public")
        assert now in (old, new), f"a mix of old and new pages after a kill at {delay} s"
        if now == new:
            break
    assert killed  # at least one build really died half-way
    assert jarida("build", site, "--quiet").returncode == 0  # recovers, stale stages cleaned
    assert tree(site / "public") == new
    assert not list(site.glob(".public.stage-*"))


def test_a_second_build_waits_while_another_writes_the_same_output(make_site: MakeSite) -> None:
    """Two builds into one folder take turns: the lock is held here, as a first build would."""
    import fcntl

    root = make_site({"content/a.md": article("خبر"), "jarida.yaml": "search: false\n"})
    assert jarida("build", root, "--quiet").returncode == 0
    (root / "content/b.md").write_text(article("خبر آخر"), encoding="utf-8")
    with (root / ".public.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = subprocess.Popen(
            [sys.executable, "-m", "jarida", "build", str(root), "--quiet", "--jobs", "1"],
            env=ENV,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert second.stderr is not None
        said = second.stderr.readline()  # returns once the build says it waits (or ends)
        assert (
            said == f"note: another build is writing {root / 'public'}; waiting for it to finish…\n"
        )
        assert second.poll() is None and not list(root.glob(".public.stage-*"))
        assert not (root / "public/b").exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    assert second.wait(timeout=120) == 0, second.stderr.read()
    assert "خبر آخر" in (root / "public/index.html").read_text(encoding="utf-8")


def test_a_build_killed_while_holding_the_lock_does_not_block_the_next(
    make_site: MakeSite,
) -> None:
    """The system drops the lock of a process that dies, however it dies: no stale lock file."""
    root = make_site({"content/a.md": article("خبر"), "jarida.yaml": "search: false\n"})
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pathlib; from jarida.outdir import locked\n"
            "with locked(pathlib.Path(sys.argv[1])):\n"
            "    print('held', flush=True); sys.stdin.read()",
            str(root / "public"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    done = jarida("build", root, "--quiet")
    assert done.returncode == 0 and "waiting" not in done.stderr


def test_static_links_are_contained_to_static(make_site: MakeSite) -> None:
    """A link in static/ is published only when it points inside static/; the others are
    named in a warning, in build and check. Links inside static/ work; a cycle does not hang."""
    root = make_site(
        {
            "content/a.md": article("خبر"),
            "jarida.yaml": "search: false\n",
            ".git/config": "[remote]\n\turl = https://token@example.com/x.git\n",
            "static/img/logo.svg": "<svg/>",
        }
    )
    static = root / "static"
    (static / "config").symlink_to("../.git/config")  # inside the site, outside static/
    (static / "sources").symlink_to("../content", target_is_directory=True)
    (static / "logo.svg").symlink_to("img/logo.svg")  # inside static/: published
    (static / "pictures").symlink_to("img", target_is_directory=True)
    (static / "img/again").symlink_to("..", target_is_directory=True)  # a cycle
    (static / "nowhere").symlink_to("missing.txt")
    result = build_site(root)
    public = root / "public"
    assert not (public / "config").exists() and not (public / "sources").exists()
    assert (public / "logo.svg").read_text(encoding="utf-8") == "<svg/>"
    assert (public / "pictures/logo.svg").read_text(encoding="utf-8") == "<svg/>"
    assert not (public / "img/again").exists()
    warned = {d.path: d.message for d in result.warnings}
    assert (
        warned["static/config"]
        == "this link points outside static/ (to ../.git/config): not published"
    )
    assert warned["static/sources"].startswith("this link points outside static/ (to ../content)")
    assert warned["static/img/again"] == (
        "this link points to a folder that holds it (to ..): not followed"
    )
    assert warned["static/nowhere"] == "this link points to nothing (to missing.txt): not published"
    assert "static/logo.svg" not in warned and "static/pictures" not in warned
    done = jarida("check", root)
    assert done.returncode == 0
    assert "static/config: warning: this link points outside static/" in done.stdout


#: A site broken in every stage at once: front matter, images, links, templates.
BROKEN_EVERYWHERE = {
    "content/bad-yaml.md": '---\ntitle: "خبر\ndate: 2026-01-01\n---\nنص\n',
    "content/no-date.md": "---\ntitle: بلا تاريخ\n---\nنص\n",
    "content/2026/photo.md": article(
        "صورة",
        body="""\
        نص.

        ![مفقودة](missing.png)

        ![أعلى](../img/a.png)

        ![بجانبه](beside.png)

        ![موجودة](/images/a.svg)
        """,
    ),
    "content/2026/beside.png": b"\x89PNG",
    "content/2026/links.md": article(
        "روابط",
        body="""\
        [خبر](other.md) و[قسم](../2024/a.md#anchor).

        [تقرير](files/report.pdf)

        [صورة](photo.md) و[ملف](/images/a.svg) و[بريد](mailto:a@b.example) و[هنا](#top)
        """,
    ),
    "static/images/a.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "templates/article.html": '{% extends "theme/article.html" %}\n'
    "{% block title %}{{ nope.x }}{% endblock %}\n",
    "templates/term.html": '{% extends "theme/term.html" %}\n\n{% if %}\n',
}
#: (file, line, text) of every problem BROKEN_EVERYWHERE must report in one run.
EVERYWHERE = [
    ("content/bad-yaml.md", 3, "invalid YAML front matter"),
    ("content/no-date.md", 1, "missing `date`"),
    ("content/2026/photo.md", 7, "missing.png"),
    ("content/2026/photo.md", 9, "../img/a.png"),
    ("content/2026/photo.md", 11, "beside.png"),
    ("content/2026/links.md", 5, "other.md"),
    ("content/2026/links.md", 5, "../2024/a.md#anchor"),
    ("content/2026/links.md", 7, "files/report.pdf"),
    ("templates/article.html", 2, "'nope' is undefined"),
    ("templates/term.html", 3, "template"),
]


def test_check_reports_every_problem_of_every_stage_in_one_run(make_site: MakeSite) -> None:
    from click.testing import CliRunner

    from jarida.cli import cli

    root = make_site(BROKEN_EVERYWHERE)
    done = CliRunner().invoke(cli, ["check", str(root)], env=ENV)
    assert done.exit_code == 1 and "Traceback" not in done.output
    for path, line, text in EVERYWHERE:
        assert located(done.stdout, path, line, text), (path, line, text, done.stdout)
    rows = [r for r in done.stdout.splitlines() if re.match(r"\S+:\d+", r)]
    assert len(rows) == len(EVERYWHERE), done.stdout  # each once: no error per page rendered
    assert "beside.png" in done.stdout and "static/" in done.stdout  # says where it belongs


def test_build_reports_what_check_reports(make_site: MakeSite) -> None:
    from jarida.config import load_config
    from jarida.errors import BuildFailed
    from jarida.model import Selection
    from jarida.sitecheck import check
    from tests.conftest import NOW

    root = make_site(BROKEN_EVERYWHERE)
    for fixed in ("", "content/bad-yaml.md", "content/no-date.md"):  # last: templates only fail
        if fixed:
            (root / fixed).unlink()
        found = check(load_config(root), Selection(now=NOW))
        assert {"templates/article.html", "templates/term.html"} <= {d.path for d in found}
        with pytest.raises(BuildFailed) as failed:
            build_site(root)
        assert failed.value.diagnostics == found, fixed
        assert not (root / "public").exists()


def test_relative_links_are_resolved_from_the_page(make_site: MakeSite) -> None:
    from jarida.config import load_config
    from jarida.model import Selection
    from jarida.sitecheck import check
    from tests.conftest import NOW

    body = """\
    ![صورة](../../../images/a.svg) [الوسوم](../../../tags/) [هنا](./) [تحميل](?page=2)

    ![مفقودة](../../../images/none.png)

    [بعيد](../../../../../a.png)
    """
    root = make_site(
        {
            "content/a.md": article("خبر", body=body, tags="[أخبار]"),
            "static/images/a.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    found = [(d.line, d.message) for d in check(load_config(root), Selection(now=NOW))]
    assert found == [
        (
            8,
            "link to ../../../images/none.png: no such file (from the page /2026/03/خبر/ "
            "it leads to /images/none.png)",
        ),
        (10, "link to ../../../../../a.png: it leads out of the site"),
    ]


def test_markdown_that_is_skipped_is_named(make_site: MakeSite) -> None:
    from jarida.config import load_config
    from jarida.model import Selection
    from jarida.sitecheck import check
    from tests.conftest import NOW

    root = make_site(
        {
            "content/a.md": article("خبر"),
            "content/_posts/2020-01-01-a.md": article("أ"),
            "content/_posts/2020/2020-01-02-b.md": article("ب"),
            "content/_posts/cover.png": b"\x89PNG",
            "content/news/_drafts/c.md": article("ج"),
            "content/_layouts/default.html": "<html></html>",  # no Markdown: not worth a word
            "content/_index.md": article("القسم"),
            "content/news/_index.md": article("الأخبار"),
            "content/_notes.md": "ملاحظات",  # a file starting with _: skipped on purpose
            "content/.obsidian/x.md": "x",
        }
    )
    found = [d for d in check(load_config(root), Selection(now=NOW)) if d.path != "content/a.md"]
    assert [(d.path, d.line, d.is_error) for d in found] == [
        ("content/_index.md", 0, False),
        ("content/_posts", 0, False),
        ("content/news/_drafts", 0, False),
        ("content/news/_index.md", 0, False),
    ]
    index, posts, drafts, _ = found
    assert "2 Markdown files" in posts.message and "_" in posts.message
    assert "Jekyll" in posts.hint and "move the files" in posts.hint
    assert "1 Markdown file " in drafts.message
    assert "not read" in index.message and "Hugo" in index.message


def test_markdown_that_is_no_file_is_named_not_skipped_in_silence(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A broken link (a draft moved away), a pipe or a device named ``.md`` is not read, and a
    warning names it: the article's absence is never a mystery. A folder named so is walked."""
    from jarida.config import load_config
    from jarida.model import Selection
    from jarida.sitecheck import check
    from tests.conftest import NOW

    root = make_site({"content/a.md": article("خبر"), "content/b.md/c.md": article("ج")})
    (root / "content/moved.md").symlink_to(tmp_path / "gone.md")
    (root / "content/zero.md").symlink_to("/dev/zero")
    os.mkfifo(root / "content/pipe.md")
    found = [d for d in check(load_config(root), Selection(now=NOW)) if d.path != "content/a.md"]
    assert [(d.path, d.line, d.is_error) for d in found] == [
        ("content/moved.md", 0, False),
        ("content/pipe.md", 0, False),
        ("content/zero.md", 0, False),
    ]
    assert all("not a file" in d.message and "not read" in d.message for d in found)
    result = build_site(root)  # a warning: the build goes on, the others are published
    assert sorted(result.site.articles) == ["a.md", "b.md/c.md"]


def test_a_folder_without_articles_says_so(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jarida.cli import cli

    empty = tmp_path / "not-a-site"
    empty.mkdir()
    done = CliRunner().invoke(cli, ["build", str(empty), "--quiet"], env=ENV)
    assert done.exit_code == 0  # a site with no articles yet still builds
    done = CliRunner().invoke(cli, ["build", str(empty)], env=ENV)
    assert done.exit_code == 0
    wanted = f"no articles found in {empty.resolve() / 'content'}; is this the site's folder?"
    assert f"content: warning: {wanted}" in done.stderr, done.stderr
    assert CliRunner().invoke(cli, ["build", str(empty), "--strict"], env=ENV).exit_code == 1
    (empty / "content/_posts").mkdir(parents=True)
    (empty / "content/_posts/a.md").write_text(article("خبر"), encoding="utf-8")
    done = CliRunner().invoke(cli, ["check", str(empty)], env=ENV)
    assert wanted in done.stdout and "content/_posts: warning: 1 Markdown file" in done.stdout


def test_template_syntax_of_other_generators_is_a_warning_at_its_line(
    make_site: MakeSite,
) -> None:
    from click.testing import CliRunner

    from jarida.cli import cli

    source = (
        '---\ntitle: "خبر {{< param name >}}"\ndate: 2026-03-01\n'
        'summary: "ملخص {% include x.html %}"\n---\n'
        "نص.\n\n{{< youtube dQw4w9WgXcQ >}}\n\n```\n{{< youtube in-code >}}\n```\n\n"
        "فقرة\n{: .lead}\n"
    )
    root = make_site({"content/a.md": source})
    expected = [
        "content/a.md:2: warning: a Hugo shortcode `{{< param name >}}`",
        "content/a.md:4: warning: a Liquid tag `{% include x.html %}`",
        "content/a.md:8: warning: a Hugo shortcode `{{< youtube dQw4w9WgXcQ >}}`",
        "content/a.md:15: warning: a kramdown attribute list `{: .lead}`",
    ]
    for _ in ("cold", "cached"):  # the second run reads the parse from the cache
        done = CliRunner().invoke(cli, ["build", str(root)], env=ENV)
        assert done.exit_code == 0, done.output
        shown = [row for row in done.stderr.splitlines() if ": warning: " in row]
        assert [row.split(" would be")[0] for row in shown] == expected, done.stderr
        (root / "public").rename(root / f"public-{_}")  # not a no-op build: parse again
    assert "in-code" not in done.stderr
    assert "Jarida does not run shortcodes" in done.stderr
    assert CliRunner().invoke(cli, ["check", str(root), "--strict"], env=ENV).exit_code == 1


def test_a_reference_to_nothing_is_an_error_at_its_line_in_build_and_check(
    make_site: MakeSite,
) -> None:
    """In a bundle and in a plain article: relative references and front-matter images that
    name no published file, and pictures from the site's root that no file is at, are errors at
    their own line (a link from the site's root to nothing stays a warning); build and check
    report the same."""
    from jarida.config import load_config
    from jarida.errors import BuildFailed
    from jarida.model import Selection
    from jarida.sitecheck import check
    from tests.conftest import NOW

    bundle_body = """\
    نص
    ![موجودة](photo.jpg) و
    [ملف](missing.pdf)

    <img src="gone.png" alt="">

    نص ![جذر](/images/none.png)

    [رابط](/nowhere/)
    """
    root = make_site(
        {
            "content/2026/flood/index.md": article(
                "سيول", image="none.jpg", image_alt="أ", body=bundle_body
            ),
            "content/2026/flood/photo.jpg": JPEG,
            "content/2026/plain.md": article(
                "خبر",
                date="2026-03-30",
                image="beside.jpg",
                image_alt="ب",
                body="نص\n\n![بجانبه](beside.jpg)",
            ),
            "content/2026/beside.jpg": b"\xff\xd8",
        }
    )
    found = check(load_config(root), Selection(now=NOW))
    shown = [(d.path, d.line, d.severity, d.message) for d in found]
    flood, plain = "content/2026/flood/index.md", "content/2026/plain.md"
    assert shown == [
        (flood, 4, "error", "`image` none.jpg is not a file of this article's page bundle"),
        (
            flood,
            9,
            "error",
            "link to missing.pdf: no such file (from the page /2026/03/سيول/ it leads to "
            "/2026/03/سيول/missing.pdf)",
        ),
        (
            flood,
            11,
            "error",
            "link to gone.png: no such file (from the page /2026/03/سيول/ it leads to "
            "/2026/03/سيول/gone.png)",
        ),
        (flood, 13, "error", "image /images/none.png: no file of the site is there"),
        (flood, 15, "warning", "link to /nowhere/: no page or file of the site is there"),
        (plain, 4, "error", "`image` beside.jpg is not a file of this article's page bundle"),
        (
            plain,
            9,
            "error",
            "link to beside.jpg: content/2026/beside.jpg is not published (it is in no "
            "published page bundle)",
        ),
    ]
    assert "content/2026/plain/index.md" in found[-1].hint
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert failed.value.diagnostics == found
    assert not (root / "public").exists()


def test_a_bundle_never_publishes_what_lies_outside_content(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A link in a bundle to a file or a folder outside content/ (the site's .git, the home
    folder), or a file name no URL can carry: an error naming the file, nothing followed."""
    from jarida.config import load_config
    from jarida.errors import BuildFailed
    from jarida.model import Selection
    from jarida.sitecheck import check
    from tests.conftest import NOW

    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.jpg").write_text("secret", encoding="utf-8")
    root = make_site(
        {
            "content/2026/flood/index.md": article("سيول", body="![صورة](photo.jpg)"),
            "content/2026/flood/photo.jpg": JPEG,
            "content/2026/other.jpg": JPEG,
            ".git/config": "[core]",
        }
    )
    bundle = root / "content/2026/flood"
    (bundle / "key.jpg").symlink_to(secret / "key.jpg")
    (bundle / "config").symlink_to(root / ".git/config")
    (bundle / "home").symlink_to(secret, target_is_directory=True)
    (bundle / "inside.jpg").symlink_to("../other.jpg")  # inside content/: published
    (bundle / "a\x1bb.jpg").write_bytes(b"\xff\xd8")
    found = check(load_config(root), Selection(now=NOW))
    assert [(d.path, d.severity) for d in found] == [
        ("content/2026/flood/a\\x1bb.jpg", "error"),
        ("content/2026/flood/config", "error"),
        ("content/2026/flood/home", "error"),
        ("content/2026/flood/key.jpg", "error"),
    ]
    assert "is a link to a place outside content/" in found[1].message
    assert "holds a control character" in found[0].message
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert failed.value.diagnostics == found
    for name in ("a\x1bb.jpg", "config", "home", "key.jpg"):
        (bundle / name).unlink()
    build_site(root)
    published = tree(root / "public/2026/03/سيول")
    assert sorted(published) == ["index.html", "inside.jpg", "photo.jpg"]


def test_a_hostile_title_is_escaped_and_percent_encoded_in_the_share_links(
    make_site: MakeSite,
) -> None:
    title = '"><script>alert(1)</script> & ?x=1#y +%20 عاجل'
    root = make_site(
        {
            "jarida.yaml": "base_url: https://news.example/\n",
            "content/a.md": article(title, slug="hostile"),
        }
    )
    build_site(root)
    page = (root / "public/2026/03/hostile/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    share = page.split('<div class="share"')[1].split("</div>")[0]
    links = dict(re.findall(r'<a class="share-(\w+)" href="([^"]*)"', share))
    assert set(links) == {"whatsapp", "telegram", "x", "facebook"}
    url = "https://news.example/2026/03/hostile/"
    for network, href in links.items():
        parts = urlsplit(html.unescape(href))
        assert parts.scheme == "https" and not parts.fragment, network  # "#" stays in the value
        query = parse_qs(parts.query, strict_parsing=True)
        expected = {
            "whatsapp": {"text": [f"{title} {url}"]},
            "facebook": {"u": [url]},
        }.get(network, {"url": [url], "text": [title]})
        assert query == expected, network


def test_a_translated_import_builds_with_a_warning_for_each_note_and_no_syntax_shown(
    make_site: MakeSite,
) -> None:
    """What the importer's translator could not translate, the build reports once each (at the
    translated file's line); nothing of it reaches a page, a feed or a summary as text."""
    from jarida.importer.templatesyntax import translate

    class Links:
        def post(self, name: str) -> str | None:
            return None

        def page(self, path: str) -> str | None:
            return "/b/"

        def asset(self, path: str) -> str:
            return path

    jekyll = (
        "مقدمة {{ page.author }} و[رابط]({% link b.md %}).\n\n"
        "{% for p in site.posts %}\n* {{ p.title }}\n{% endfor %}\n\n"
        "نص {% raw %}{{ حرفي }}{% endraw %}.\n\n"
        "{% highlight liquid %}\n{{ in_code }}\n{% endhighlight %}\n\n* TOC\n{:toc}\n"
    )
    hugo = "مقدمة {{< youtube abc >}}\n\n{{< unknown x >}}\n\n`{{< in_code >}}`\n"
    files, notes = {}, {}
    for name, dialect, body in (("j", "jekyll", jekyll), ("h", "hugo", hugo)):
        done = translate(body, dialect, source=f"old/{name}.md", links=Links(), first_line=4)
        files[f"content/{name}.md"] = article(name, body=done.text)
        kept = [n for n in done.notes if re.search("was not translated|left as text", n.message)]
        notes[name] = sorted(n.message.split("`")[1] for n in kept)
    root = make_site(files)
    result = build_site(root)
    for name in ("j", "h"):
        warned = [w for w in result.warnings if w.path == f"content/{name}.md"]
        foreign = [w for w in warned if re.search("not translated|published as", w.message)]
        assert sorted(w.message.split("`")[1] for w in foreign) == notes[name], warned
    assert len(notes["j"]) == 5 and len(notes["h"]) == 1
    pages = [*(root / "public/2026").rglob("index.html"), root / "public/atom.xml"]
    assert len(pages) == 3
    for page in pages:
        text = html.unescape(page.read_text(encoding="utf-8"))
        visible = re.sub(r"<pre[\s\S]*?</pre>|<code[\s\S]*?</code>|<!--[\s\S]*?-->", "", text)
        assert not re.search(r"\{\{(?! حرفي)|\{%", visible), page
