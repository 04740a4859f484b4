"""The translator's view of the new site: Jekyll post names, Jekyll `link` paths and Hugo refs
to the new URLs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jarida.importer.ssgconfig import SourceConfig
from jarida.importer.ssgdocs import SourceDoc
from jarida.importer.ssgfiles import Document, SourceFile
from jarida.importer.ssgfront import Moment
from jarida.importer.ssgimport import NewUrls
from jarida.importer.ssgplace import Place


def place(rel: str, basename: str, new: str) -> Place:
    file = SourceFile(rel=rel, path=Path("/nowhere") / rel)
    doc = Document(file=file, data={}, body="", body_line=1)
    sd = SourceDoc(doc=doc, kind="post", stem=basename, basename=basename, folder="")
    moment = Moment(at=datetime(2024, 1, 1, tzinfo=UTC), day_only=True)
    return Place(doc=sd, path="", slug="", moment=moment, old="", new=new, aliases=())


def test_jekyll_post_names_and_link_paths() -> None:
    urls = NewUrls(
        [
            place("_posts/2024-01-05-المطر.md", "2024-01-05-المطر", "/x/"),
            place("news/_posts/2024-01-06-b.md", "2024-01-06-b", "/y/"),
            place("about.md", "about", "/about/"),
        ],
        SourceConfig(dialect="jekyll"),
    )
    assert urls.post("2024-01-05-المطر") == "/x/"
    assert urls.post("news/2024-01-06-b") == "/y/"
    assert urls.post("2024-01-07-missing") is None
    assert urls.page("_posts/2024-01-05-المطر.md") == "/x/"
    assert urls.page("/about.md") == "/about/"
    assert urls.asset("/assets/a.jpg") == "/assets/a.jpg"


def test_hugo_refs_by_path_name_and_bundle() -> None:
    urls = NewUrls(
        [
            place("content/posts/Flood.md", "Flood", "/posts/flood/"),
            place("content/posts/bundle/index.md", "bundle", "/posts/bundle/"),
        ],
        SourceConfig(dialect="hugo"),
    )
    for ref in ("posts/Flood.md", "/posts/flood", "Flood.md", "flood", "posts/flood.md#x"):
        assert urls.page(ref) == "/posts/flood/", ref
    for ref in ("posts/bundle", "posts/bundle/index.md", "/posts/bundle/", "bundle"):
        assert urls.page(ref) == "/posts/bundle/", ref
    assert urls.page("posts/none.md") is None
    assert urls.page("index.md") is None  # not the first bundle's
