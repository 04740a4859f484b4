"""The golden list of the example site's outputs: every path with the sha256 of its bytes.

The example site is the repository's own ``content/``, ``templates/``, ``static/`` and
``jarida.yaml``. It is copied into a temporary folder and built there from nothing (no cache,
no earlier output), at the tests' fixed clock, with the search index (Pagefind's files are made
reproducible by :func:`jarida.searchindex.canonical_bundle`). Regenerate the list, then review
its diff::

    .venv/bin/python -m tests.golden.regenerate
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from jarida import __version__
from jarida.dependencies import SHAPING
from jarida.layout import CONFIG_FILE, INPUT_DIRS, OUTPUT_DIR
from tests.conftest import NOW, REPO, build_site

GOLDEN = Path(__file__).resolve().parent / "example-site.txt"
COMMAND = ".venv/bin/python -m tests.golden.regenerate"
#: The line of the header that names the versions the list was made with.
MADE_WITH = "# made with: "


def copy_example(into: Path) -> Path:
    """The example site's sources copied under ``into``; returns the site's root."""
    root = into / "site"
    root.mkdir(parents=True)
    shutil.copy2(REPO / CONFIG_FILE, root / CONFIG_FILE)
    for name in INPUT_DIRS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


def build_digests(into: Path) -> dict[str, str]:
    """Build the example site under ``into``: each output's POSIX path and sha256."""
    root = copy_example(into)
    out = into / OUTPUT_DIR
    build_site(root, out=out, clean=True)
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def versions() -> dict[str, str]:
    """Jarida's version and those of the libraries that shape its output."""
    found = {"jarida": __version__}
    for name in (*SHAPING, "pillow", "pagefind", "pagefind_bin"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def render(digests: dict[str, str]) -> str:
    """The golden file's text: a header, then ``sha256  path`` lines (sha256sum's format)."""
    made_with = ", ".join(f"{name} {v}" for name, v in versions().items())
    header = [
        "# Every output of the example site (content/, templates/, static/, jarida.yaml),",
        f"# built from nothing at {NOW.isoformat()}, search on, with the sha256 of its bytes.",
        f"# Checked by tests/test_golden.py. Regenerate: {COMMAND}",
        f"{MADE_WITH}{made_with}",
    ]
    lines = [f"{digest}  {path}" for path, digest in sorted(digests.items())]
    return "\n".join([*header, *lines]) + "\n"


def parse(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """The digests by path in a golden file's text, and the versions it was made with."""
    digests: dict[str, str] = {}
    made: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith(MADE_WITH):
            items = line.removeprefix(MADE_WITH).split(", ")
            made = dict(item.rsplit(" ", 1) for item in items)
        elif line and not line.startswith("#"):
            digest, path = line.split("  ", 1)
            digests[path] = digest
    return digests, made


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="jarida-golden-") as work:
        digests = build_digests(Path(work))
    GOLDEN.write_text(render(digests), encoding="utf-8")
    sys.stdout.write(f"wrote {GOLDEN.relative_to(REPO)}: {len(digests)} outputs\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
