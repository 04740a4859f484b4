"""Static files of a build and the names pages link them by.

The theme's files go under ``assets/``; the site's ``static/`` is copied to the output root as it
is and wins over a theme file of the same path. Style sheets and scripts also get a name that
carries a digest of their bytes (``assets/jarida.3f9a1c2b.css``), so that hosts and browsers may
keep them forever: a change makes a new name. Pages link them through the ``asset()`` template
helper, which knows the current names.

The theme's own style sheets and scripts exist only under their fingerprinted name; the site's
``static/`` files keep their plain name too, since anything may link them by path.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from jarida.errors import Diagnostic, warning
from jarida.filenames import printable, unusable
from jarida.layout import STATIC_DIR, theme_dir

THEME_ASSETS = "assets"
#: File types whose output name carries a digest of their bytes.
FINGERPRINTED = frozenset({".css", ".js"})
DIGEST_CHARS = 8
_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
#: A stylesheet's link from the root of the host: ``url(/images/a.png)``, ``@import "/a.css"``.
_ROOT_URL = re.compile(r"""url\(\s*['"]?(/(?!/)[^'")\s]*)|@import\s+['"](/(?!/)[^'"]*)""")


@dataclass(frozen=True, slots=True)
class StaticFile:
    """A file copied as is: its source and its path in the output."""

    source: Path
    path: str


@dataclass(frozen=True, slots=True)
class Assets:
    """Every static output file, and the output path of each file by its plain path."""

    files: tuple[StaticFile, ...]
    #: Plain output path (``assets/jarida.css``) → path written (``assets/jarida.3f9a1c2b.css``).
    paths: Mapping[str, str]
    #: Plain paths of theme files that exist only under a fingerprinted name.
    renamed: frozenset[str] = frozenset()
    #: Warnings for links in static/ that are not published.
    problems: tuple[Diagnostic, ...] = ()

    def resolve(self, name: str) -> str:
        """The output path of ``name``: ``assets/NAME`` (theme, or a static override), else
        ``NAME`` as a path under the output (a file of ``static/``)."""
        clean = name.lstrip("/")
        for candidate in (f"{THEME_ASSETS}/{clean}", clean):
            if candidate in self.paths:
                return self.paths[candidate]
        raise LookupError(
            f"no asset `{name}`: neither {THEME_ASSETS}/{clean} (the theme or "
            f"{STATIC_DIR}/{THEME_ASSETS}/) nor {STATIC_DIR}/{clean}"
        )


def fingerprinted(path: str, data: bytes) -> str:
    """``assets/jarida.css`` → ``assets/jarida.3f9a1c2b.css`` (a digest of ``data``)."""
    pure = PurePosixPath(path)
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


def _theme_files() -> dict[str, Path]:
    theme = theme_dir() / STATIC_DIR
    return {
        f"{THEME_ASSETS}/{p.relative_to(theme).as_posix()}": p
        for p in sorted(theme.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True, slots=True)
class _Walk:
    """What walking ``static/`` needs: the real folder links must stay in, and what it found."""

    root: Path
    real: Path
    files: dict[str, Path]
    problems: list[Diagnostic]

    def drop(self, link: Path, why: str) -> None:
        what, done, hint = _DROPPED[why]
        self.problems.append(
            warning(
                link.relative_to(self.root).as_posix(),
                f"this link points {what} (to {link.readlink()}): {done}",
                hint=hint,
            )
        )


#: Why a link of static/ is dropped: what it points to, what is done, what to do.
_DROPPED = MappingProxyType(
    {
        "outside": (
            f"outside {STATIC_DIR}/",
            "not published",
            f"copy what it points to into {STATIC_DIR}/, or remove the link",
        ),
        "nothing": ("to nothing", "not published", "fix or remove the link"),
        "cycle": (
            "to a folder that holds it",
            "not followed",
            "remove the link: following it would never end",
        ),
    }
)


def _walk(walk: _Walk, folder: Path, prefix: str, above: frozenset[Path]) -> None:
    """The files under ``folder`` (a folder of static/, or a link to one), with links followed
    only inside static/; ``above`` are the real folders walked down to here (a link to one of
    them is a cycle)."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    for entry in entries:
        path, name = Path(entry.path), prefix + entry.name
        if (why := unusable(entry.name)) is not None:
            shown = printable(path.relative_to(walk.root).as_posix())
            hint = "rename it with letters, digits, `-`, `_` and `.` only"
            walk.problems.append(warning(shown, f"the name {why}: not published", hint=hint))
            continue
        if entry.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # missing, or a loop of links
                walk.drop(path, "nothing")
                continue
            if not target.is_relative_to(walk.real):
                walk.drop(path, "outside")
            elif target in above:
                walk.drop(path, "cycle")
            elif target.is_dir():
                _walk(walk, path, name + "/", above | {target})
            elif target.is_file():
                walk.files[name] = path
        elif entry.is_dir(follow_symlinks=False):
            _walk(walk, path, name + "/", above | {path.resolve()})
        elif entry.is_file(follow_symlinks=False):
            walk.files[name] = path


def _site_files(root: Path) -> tuple[dict[str, Path], list[Diagnostic]]:
    """The files of ``static/`` by output path, and a warning for each link not followed: a
    link (to a file or a folder) is published only when it points inside ``static/``."""
    site_static = root / STATIC_DIR
    if not site_static.is_dir():
        return {}, []
    real = site_static.resolve()
    if not real.is_relative_to(root.resolve()):  # static/ itself links out of the site
        return {}, [warning(STATIC_DIR, "static/ is a link out of the site: not published")]
    walk = _Walk(root, real, {}, [])
    _walk(walk, site_static, "", frozenset({real}))
    return walk.files, walk.problems


def collect_assets(root: Path, base_path: str = "/") -> Assets:
    """The static files of the site at ``root``, with fingerprinted names for CSS and JS; for a
    site at a sub-path (``base_path``), a warning at each link from the host's root in its own
    stylesheets (the theme's are relative)."""
    theme, (site, problems) = _theme_files(), _site_files(root)
    if base_path != "/":
        problems += _root_links(site, base_path)
    sources = theme | site
    written: dict[str, Path] = {}
    paths: dict[str, str] = {}
    renamed: set[str] = set()
    for plain, source in sorted(sources.items()):
        if PurePosixPath(plain).suffix.lower() not in FINGERPRINTED:
            written[plain], paths[plain] = source, plain
            continue
        paths[plain] = fingerprinted(plain, source.read_bytes())
        written[paths[plain]] = source
        if plain in site:
            written[plain] = source
        else:
            renamed.add(plain)
    return Assets(
        files=tuple(StaticFile(source, path) for path, source in sorted(written.items())),
        paths=MappingProxyType(dict(sorted(paths.items()))),
        renamed=frozenset(renamed),
        problems=tuple(problems),
    )


def _root_links(site: Mapping[str, Path], base_path: str) -> list[Diagnostic]:
    found = []
    for plain, source in sorted(site.items()):
        if not plain.endswith(".css"):
            continue
        text = source.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _ROOT_URL.finditer(line):
                url = match.group(1) or match.group(2)
                found.append(
                    warning(
                        f"{STATIC_DIR}/{plain}",
                        f"links {url} from the root of the host, but the site is at "
                        f"{base_path}: it does not load there",
                        line=number,
                        hint="write it relative to the stylesheet (url(../images/a.png)), or "
                        f"as {base_path}{url[1:]}",
                    )
                )
    return found


def stale_links(root: Path, assets: Assets, templates_dir: str) -> list[Diagnostic]:
    """Warnings for site templates that link a theme file by the name it no longer has."""
    folder = root / templates_dir
    if not assets.renamed or not folder.is_dir():
        return []
    found: list[Diagnostic] = []
    for path in sorted(folder.rglob("*")):
        if not (path.is_file() and path.suffix in _TEMPLATE_SUFFIXES):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            for plain in sorted(assets.renamed):
                if plain in line:
                    name = plain.removeprefix(f"{THEME_ASSETS}/")
                    found.append(
                        warning(
                            path.relative_to(root).as_posix(),
                            f"links {plain}, which is written as {assets.paths[plain]}",
                            line=number,
                            hint=f'link it as {{{{ asset("{name}") }}}}',
                        )
                    )
    return found
