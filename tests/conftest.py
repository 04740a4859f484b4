"""Shared test helpers: small sites written into a temporary folder and built in-process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jarida.build import BuildResult, build
from jarida.config import load_config
from jarida.site import Selection

#: The fixed "now" of every test build: 2026-06-01 12:00 UTC.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

MakeSite = Callable[[Mapping[str, str | bytes]], Path]


def article(
    title: str, date: str = "2026-03-31T10:00:00+03:00", body: str = "نص الخبر.", **front: str
) -> str:
    """A Markdown source with YAML front matter; extra keys are written as given."""
    lines = [f"title: {title!r}" if "'" not in title else f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body).strip() + "\n"


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write ``{relative path: text or bytes}`` under a fresh site folder and return it."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(
                    textwrap.dedent(data) if name.endswith(".yaml") else data, encoding="utf-8"
                )
        return root

    return make


def build_site(
    root: Path,
    *,
    out: Path | None = None,
    drafts: bool = False,
    future: bool = False,
    now: datetime = NOW,
) -> BuildResult:
    config = load_config(root)
    return build(
        config,
        out_dir=out or root / "public",
        selection=Selection(now=now, drafts=drafts, future=future),
    )


def read(root: Path, path: str) -> str:
    return (root / "public" / path).read_text(encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, by POSIX relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
