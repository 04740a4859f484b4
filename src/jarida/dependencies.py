"""The versions of the libraries that shape Jarida's output, for the keys of its caches: pages
rendered by an older Markdown parser or template engine must not be taken for the new one's.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

#: The distributions whose behaviour a built page depends on (not click, rich, watchfiles or
#: markdownify: they shape no page of a build).
SHAPING = (
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "mdit-py-plugins",
    "pyyaml",
    "python-slugify",
    "babel",
    "hijridate",
    "nh3",
    "numpy",
    "scipy",
    "cbor2",  # re-encodes Pagefind's filter and metadata files (searchindex.canonical_bundle)
)


def shaping_versions() -> tuple[tuple[str, str], ...]:
    """(distribution, version) of each of :data:`SHAPING`; "" for one that is not installed."""
    found: list[tuple[str, str]] = []
    for name in SHAPING:
        try:
            found.append((name, version(name)))
        except PackageNotFoundError:
            found.append((name, ""))
    return tuple(found)
