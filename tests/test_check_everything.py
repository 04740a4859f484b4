"""Issue 15's closing condition: `jarida check` on a site with one instance of every problem the
issue names reports all of them in one run, each at its own file and line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MakeSite

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1780315200"}  # 2026-06-01 12:00 UTC


def front(*lines: str, body: str = "نص الخبر.") -> str:
    """A source whose front matter is ``lines``: line 2 of the file is ``lines[0]``."""
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


DATE = "date: 2026-03-31T10:00:00+03:00"
BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(6)]
)

#: Each problem: (path, line, severity, a piece of its message), and the files that make it.
SITE: dict[str, str | bytes] = {
    "jarida.yaml": "title: موقع\nsearch: false\n",
    # 2: a YAML alias bomb in front matter (refused before expansion, at the key that would hold
    # more than the bound: line 7)
    "content/bomb.md": front("title: قنبلة", DATE, BOMB),
    # 3: a given slug too long for a file name
    "content/long-slug.md": front("title: خبر طويل", DATE, "slug: " + "ك" * 120),
    # 6: a date past the allowed years
    "content/far.md": front("title: بعيد", "date: 9999-12-31"),
    # 8: an alias with a control character; an alias that is the home page in disguise
    "content/alias-control.md": front("title: اسم", DATE, 'aliases: ["/a\\x01b/"]'),
    "content/alias-home.md": front("title: الرئيسية", DATE, 'aliases: ["/./"]'),
    # 9: a page whose URL is a file where the feed is
    "content/pages/feed.md": front("title: تغذية", "slug: atom.xml"),
    # 10: a control character in a title (a warning: it is taken out)
    "content/control.md": front('title: "خبر\\x01 عاجل"', DATE),
    # 13: more than 100 tags; a word longer than the search index takes
    "content/many-tags.md": front(
        "title: وسوم", DATE, "tags: [" + ", ".join(f"و{i}" for i in range(101)) + "]"
    ),
    "content/long-word.md": front("title: كلمة", DATE, body="نص\n\n" + "ب" * 1200),
    # 17: a YAML error; a missing date; a missing relative image; a broken relative link
    "content/yaml-error.md": front('title: "خبر', DATE),
    "content/no-date.md": front("title: بلا تاريخ"),
    "content/photo.md": front("title: صورة", DATE, body="نص\n\n![مفقودة](missing.png)"),
    "content/link.md": front("title: رابط", DATE, body="نص\n\n[هناك](other.md)"),
    # 17: a template that fails
    "templates/article.html": (
        '{% extends "theme/article.html" %}\n'
        "{% block article_body %}\n{{ article.no_such_field.deeper }}\n{% endblock %}\n"
    ),
    # 18: other generators' template syntax, outside code
    "content/shortcode.md": front(
        "title: فيديو", DATE, body="نص\n\n{{< youtube abc >}}\n\n`{{< code >}}`"
    ),
    # 19: Markdown in a folder the build skips (Jekyll's _posts)
    "content/_posts/2026-01-01-old.md": front("title: قديم"),
}

EXPECTED = [
    ("content/bomb.md", 7, "error", "alias"),
    ("content/long-slug.md", 4, "error", "`slug` is"),
    ("content/far.md", 3, "error", "9999"),
    ("content/alias-control.md", 4, "error", "control"),
    ("content/alias-home.md", 4, "error", "/"),
    ("content/pages/feed.md", 0, "error", "atom.xml"),
    ("content/control.md", 2, "warning", "U+0001"),
    ("content/many-tags.md", 4, "error", "101"),
    ("content/long-word.md", 7, "error", "1,200"),
    ("content/yaml-error.md", 3, "error", "YAML"),
    ("content/no-date.md", 1, "error", "date"),
    ("content/photo.md", 7, "error", "missing.png"),  # issue 17: a broken picture is an error
    ("content/link.md", 7, "warning", "other.md"),
    ("templates/article.html", 3, "error", "no_such_field"),
    ("content/shortcode.md", 7, "warning", "shortcode"),
    ("content/_posts", 0, "warning", "_posts"),
    ("static/secret", 0, "warning", "outside static/"),
]


def test_check_reports_every_problem_of_issue_15_in_one_run(make_site: MakeSite) -> None:
    root = make_site(SITE)
    (root / ".git").mkdir()
    (root / ".git/config").write_text("[core]\n", encoding="utf-8")
    (root / "static").mkdir()
    (root / "static/secret").symlink_to("../.git/config")  # 14: a link out of static/
    done = subprocess.run(
        [sys.executable, "-m", "jarida", "check", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    found = json.loads(done.stdout)["diagnostics"]
    seen = [(d["path"], d.get("line") or 0, d["severity"], d["message"]) for d in found]
    missing = [
        want
        for want in EXPECTED
        if not any(
            (path, line, severity) == want[:3] and want[3] in message
            for path, line, severity, message in seen
        )
    ]
    assert not missing, "\n".join(map(str, seen))
    # The build fails on the same problems, writing nothing.
    built = subprocess.run(
        [sys.executable, "-m", "jarida", "build", str(root), "--quiet"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert not (root / "public").exists()
    assert Path(root / "content/bomb.md").read_text(encoding="utf-8") == SITE["content/bomb.md"]
