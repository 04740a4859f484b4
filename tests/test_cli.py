"""The command line: exit codes, diagnostics with file and line, no tracebacks."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from jarida import __version__
from jarida.cli import cli
from tests.conftest import THEME_CSS, MakeSite, article

ENV = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-28


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=ENV)
    return result.exit_code, result.stdout, result.stderr


def test_build_ok_prints_one_summary_line(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر")})
    code, out, err = run("build", str(root))
    assert code == 0, err
    assert out.startswith("Built ") and out.count("\n") == 1
    assert " rendered, 0 unchanged, 0 removed → " in out
    assert (root / "public/index.html").is_file()


def test_build_without_site_dir_builds_the_current_folder_with_search(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's first command: `jarida build` in the site's folder, search on (a relative
    site folder once sent Pagefind to index a folder that did not exist)."""
    root = make_site({"content/a.md": article("خبر")})
    monkeypatch.chdir(root)
    code, out, err = run("build")
    assert code == 0, out + err
    assert (root / "public/pagefind/pagefind.js").is_file()
    assert (root / "public/index.html").is_file()


def test_check_and_related_in_the_site_folder_read_the_cache(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a cache from a build, `jarida check` and `jarida related` given no SITE_DIR (a
    relative site folder) once crashed opening it read-only."""
    root = make_site({"content/a.md": article("خبر", tags="[ت]"), "content/b.md": article("ب")})
    monkeypatch.chdir(root)
    assert run("build")[0] == 0
    code, out, err = run("check")
    assert code == 0, out + err
    code, out, err = run("related", "content/a.md")
    assert code == 0, out + err


def test_a_base_url_that_is_no_web_address_is_refused(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر")})
    code, _, err = run("build", str(root), "--base-url", "javascript:alert(1)//")
    assert code == 1 and "--base-url: error: `base_url` must be an http(s) address" in err
    assert not (root / "public").exists()


def test_quiet_and_output_and_base_url(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/a.md": article("خبر")})
    code, out, _ = run(
        "build",
        str(root),
        "-o",
        str(tmp_path / "out"),
        "--quiet",
        "--base-url",
        "https://x.example/sub",
    )
    assert (code, out) == (0, "")
    page = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert 'href="https://x.example/sub/"' in page and f'href="/sub/{THEME_CSS}"' in page


def test_content_errors_exit_1_with_every_path_and_line(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/bad-yaml.md": "---\ntitle: خبر\ntags: [أ\n---\n",
            "content/no-title.md": "---\ndate: 2026-01-01\n---\nنص\n",
            "content/bad-date.md": "---\ntitle: خبر\ndate: أمس\n---\n",
            "content/not-utf8.md": "---\ntitle: خبر\n".encode() + b"\xff\xfe\n---\n",
            "content/ok.md": article("سليم"),
        }
    )
    code, _, err = run("build", str(root))
    assert code == 1
    assert "Traceback" not in err
    assert "content/bad-date.md:3: error: `date` is not a date: 'أمس'" in err
    assert "content/no-title.md:1: error: missing or empty `title`" in err
    assert "content/bad-yaml.md:3:7: error: invalid YAML front matter" in err
    assert "content/not-utf8.md:3: error: not valid UTF-8 at byte offset 18" in err
    assert "hint:" in err
    assert err.strip().endswith("Build failed: 4 error(s), 0 warning(s).")
    assert not (root / "public").exists()


def test_config_error_exits_1(make_site: MakeSite) -> None:
    root = make_site({"jarida.yaml": "titel: x\n"})
    code, _, err = run("build", str(root))
    assert code == 1
    assert "jarida.yaml:1: error: unknown config key `titel`" in err
    assert "did you mean `title`?" in err


def test_template_error_names_template_line_and_article(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article("خبر"),
            "templates/article.html": "<p>\n{{ article.nope.deeper }}\n</p>\n",
        }
    )
    code, _, err = run("build", str(root))
    assert code == 1
    assert "templates/article.html:2: error: template failed while rendering content/a.md" in err


def test_template_syntax_error(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر"), "templates/article.html": "<p>\n{% if %}\n"})
    code, _, err = run("build", str(root))
    assert code == 1
    assert "templates/article.html:2: error:" in err


def test_warnings_are_printed(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article("أ", tags="[الإقتصاد]"),
            "content/b.md": article("ب", tags="[الاقتصاد]"),
        }
    )
    code, _, err = run("build", str(root))
    assert code == 0
    assert "warning: tags: spellings" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("build", str(tmp_path / "missing"))[0] == 2
    assert run("build", "--no-such-flag")[0] == 2
    assert run("frobnicate")[0] == 2


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


@pytest.mark.parametrize("entry", [["-m", "jarida"]])
def test_python_dash_m_subprocess(make_site: MakeSite, entry: list[str]) -> None:
    root = make_site({"content/a.md": article("خبر"), "content/b.md": "---\ntitle: x\n"})
    done = subprocess.run(
        [sys.executable, *entry, "build", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        check=False,
    )
    assert done.returncode == 1
    assert "content/b.md:1: error: the front matter opened with `---` is never closed" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port something else is listening on (on every interface, so that any bind clashes)."""
    with socket.socket() as blocker:
        blocker.bind(("0.0.0.0", 0))
        blocker.listen()
        yield blocker.getsockname()[1]


def test_serve_port_in_use_is_a_clear_error(make_site: MakeSite, taken_port: int) -> None:
    root = make_site({"content/a.md": article("خبر")})
    code, _, err = run("serve", str(root), "--port", str(taken_port))
    assert code == 1
    assert f"error: port {taken_port} on 127.0.0.1 is already in use" in err
    assert "--port 0" in err and "Traceback" not in err
    assert not (root / "public").exists()


def test_serve_warns_when_listening_on_all_interfaces(make_site: MakeSite, taken_port: int) -> None:
    root = make_site({"content/a.md": article("خبر")})
    for host in ("0.0.0.0", "::"):
        _, _, err = run("serve", str(root), "--host", host, "--port", str(taken_port))
        assert f"warning: listening on all interfaces ({host})" in err
        assert "drafts included" in err


def test_serve_open_starts_a_browser_on_the_url(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jarida.serve import Preview

    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    monkeypatch.setattr(Preview, "wait", lambda self: None)
    root = make_site({"content/a.md": article("خبر")})
    code, out, err = run("serve", str(root), "--port", "0", "--open")
    assert code == 0, err
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")
    assert f"at {opened[0]}" in out and out.rstrip().endswith("Stopped.")


def test_serve_subprocess_prints_its_url_and_stops_cleanly_on_ctrl_c(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر")})
    # As from a terminal, Ctrl-C interrupts: a test run started in the background of a shell
    # ignores SIGINT, and a process started from it would inherit that (the test then waited).
    interruptible = (
        "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "runpy.run_module('jarida', run_name='__main__', alter_sys=True)"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", interruptible, "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, **ENV},
    )
    watchdog = threading.Timer(60, process.kill)  # bounds the blocking reads below
    watchdog.start()
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        url = lines[1].split(" at ")[1].split()[0]
        assert re.search(r"\] Built \d+ pages in ", lines[0])
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert out.rstrip().endswith("Stopped.")
    assert sorted(p.name for p in root.iterdir()) == [".jarida", "content"]  # the cache only


@pytest.mark.parametrize("epoch", ["999999999999999", "253402300000"])  # year 31690708, 9999
def test_a_source_date_epoch_past_the_allowed_years_is_an_error(
    make_site: MakeSite, epoch: str
) -> None:
    root = make_site({"content/a.md": article("خبر")})
    for command in ("build", "check"):
        result = CliRunner().invoke(cli, [command, str(root)], env={"SOURCE_DATE_EPOCH": epoch})
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "SOURCE_DATE_EPOCH" in result.output and "1000 to 9000" in result.output
    assert not (root / "public").exists()


def test_every_command_fails_the_same_way(make_site: MakeSite, tmp_path: Path) -> None:
    """Each command turns the library's errors into the same lines on stderr and exit code 1:
    diagnostics then the command's summary line, or ``error: …`` with its hint; no traceback."""
    root = make_site({"jarida.yaml": "titel: x\n", "content/a.md": article("خبر")})
    config_error = "jarida.yaml:1: error: unknown config key `titel`"
    summary = "Build failed: 1 error(s), 0 warning(s)."
    for args, last in (
        (("build", str(root)), summary),
        (("new", "article", "عنوان", str(root)), summary),
        (("deploy", str(root), "--no-build"), summary),
        (("deploy", str(root)), summary),
        (("related", "content/a.md", str(root)), "    hint: did you mean `title`?"),
    ):
        code, out, err = run(*args)
        assert (code, out) == (1, ""), args
        assert err.startswith(config_error) and err.strip().splitlines()[-1] == last, args
        assert "Traceback" not in err
    (root / "jarida.yaml").write_text("title: x\n", encoding="utf-8")
    code, out, err = run("deploy", str(root), "--no-build")
    assert (code, out) == (1, "")
    assert err.startswith("error: jarida.yaml has no deploy targets\n    hint: add one, e.g.")
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    code, out, err = run("new", "site", str(afile))
    assert (code, out, err) == (1, "", f"error: {afile} is a file, not a folder\n")
    code, _, err = run("new", "site", str(tmp_path / "new"), "--timezone", "Mars/Olympus")
    assert code == 1 and err.strip().splitlines()[-1] == "Nothing was written."
    bad = tmp_path / "bad.xml"
    bad.write_text("<html/>", encoding="utf-8")
    code, out, err = run("import", "wordpress", str(bad), str(tmp_path / "imported"))
    assert (code, out) == (1, "") and err.endswith("\nImport failed: nothing was written.\n")
