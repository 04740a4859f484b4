"""The output manifest: a typed, frozen record read and written as JSON in one place."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from jarida import __version__, jsonblocks
from jarida.errors import warning
from jarida.manifest import (
    MANIFEST_FORMAT,
    FileStat,
    Manifest,
    ManifestFiles,
    OutputFile,
    Stamp,
    intact,
)

BUILT_AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def sample(order: tuple[str, ...] = ("index.html", "a/index.html", "atom.xml")) -> Manifest:
    files = {path: OutputFile(f"fp-{path}", len(path), 1_000 + len(path)) for path in order}
    stamp = Stamp(
        digest="d" * 64,
        built_at=BUILT_AT,
        until=datetime(2027, 1, 1, tzinfo=UTC),
        binary="/usr/bin/pagefind",
        warnings=(warning("content/a.md", "وسم بتهجئتين", line=3, hint="وحّد"),),
        search="indexed",
        copies=MappingProxyType({"style.css": FileStat(12, 34), "a.png": FileStat(5, 6)}),
    )
    return Manifest(
        files=MappingProxyType(files),
        static=("a.png", "style.css"),
        search="s" * 64,
        stamp=stamp,
    )


@pytest.fixture
def store(tmp_path: Path) -> ManifestFiles:
    return ManifestFiles(tmp_path / "site")


def test_a_manifest_survives_the_round_trip(store: ManifestFiles, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert Manifest.from_json(sample().to_json(key="k"), key="k") == sample()
    assert store.save(out, sample()) == ""
    loaded = store.load(out)
    assert (loaded.manifest, loaded.note) == (sample(), "")
    assert loaded.manifest.stamp is not None
    assert loaded.manifest.stamp.warnings[0].severity.value == "warning"


def test_an_empty_manifest_survives_the_round_trip() -> None:
    assert Manifest.from_json(Manifest().to_json(key="k"), key="k") == Manifest()
    assert "search" not in json.loads(Manifest().to_json(key="k"))["entries"]


def test_the_json_is_the_same_bytes_whatever_the_order(
    store: ManifestFiles, tmp_path: Path
) -> None:
    shuffled = sample(("atom.xml", "index.html", "a/index.html"))
    assert shuffled == sample()
    assert shuffled.to_json(key="k") == sample().to_json(key="k")
    store.save(tmp_path / "one", sample())
    store.save(tmp_path / "two", shuffled)
    one, two = (store.path(tmp_path / name).read_bytes() for name in ("one", "two"))
    assert one.replace(b"/one", b"/two") == two  # only the key (the output folder) differs


def test_the_json_keeps_the_layout_earlier_builds_wrote(tmp_path: Path) -> None:
    """The layout is versioned by MANIFEST_FORMAT: an output built by an earlier Jarida is still
    recognised by the files its manifest lists."""
    data = json.loads(sample().to_json(key="k"))
    assert (data["format"], data["version"], data["key"]) == (MANIFEST_FORMAT, __version__, "k")
    assert data["entries"]["files"]["atom.xml"] == ["fp-atom.xml", 8, 1008]
    assert data["entries"]["static"] == ["a.png", "style.css"]
    assert data["entries"]["inputs"]["copies"] == {"a.png": [5, 6], "style.css": [12, 34]}
    assert data["entries"]["inputs"]["built_at"] == BUILT_AT.isoformat()


def _damaged(text: str) -> str:
    return text.replace('"fp-atom.xml",8,1008', '"fp-atom.xml",8')


def _bad_date(text: str) -> str:
    return text.replace(BUILT_AT.isoformat(), "yesterday")


def _bad_search(text: str) -> str:
    return text.replace('"search":"indexed"', '"search":"sometimes"')


@pytest.mark.parametrize(
    ("spoil", "note"),
    [
        (lambda t: "{not json", "unreadable"),
        (lambda t: '{"format": 99}', "not a Jarida cache"),
        (lambda t: t.replace(f'"version":"{__version__}"', '"version":"0.0.9"'), "another Jarida"),
        (lambda t: t.replace(f'"format":{MANIFEST_FORMAT}', '"format":4'), "another Jarida"),
        (_damaged, "damaged"),
        (_bad_date, "damaged"),
        (_bad_search, "damaged"),
    ],
    ids=["not json", "foreign", "old version", "old format", "files", "date", "search state"],
)
def test_an_old_or_corrupt_manifest_is_read_as_empty_with_a_note(
    store: ManifestFiles, tmp_path: Path, spoil: object, note: str
) -> None:
    out = tmp_path / "public"
    store.save(out, sample())
    path = store.path(out)
    path.write_text(spoil(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    loaded = store.load(out)
    assert loaded.manifest == Manifest()
    assert note in loaded.note and path.name in loaded.note


def test_a_missing_manifest_is_empty_without_a_note(store: ManifestFiles, tmp_path: Path) -> None:
    loaded = store.load(tmp_path / "public")
    assert (loaded.manifest, loaded.note) == (Manifest(), "")


def test_another_output_folder_has_another_manifest(store: ManifestFiles, tmp_path: Path) -> None:
    store.save(tmp_path / "public", sample())
    assert store.load(tmp_path / "elsewhere").manifest == Manifest()
    assert store.path(tmp_path / "public") != store.path(tmp_path / "elsewhere")


def test_the_manifest_can_be_kept_outside_the_site(tmp_path: Path) -> None:
    store = ManifestFiles(tmp_path / "site", tmp_path / "serve")
    store.save(tmp_path / "public", sample())
    assert store.path(tmp_path / "public").parent == tmp_path / "serve"
    assert store.load(tmp_path / "public").manifest == sample()


def test_what_an_earlier_version_wrote_is_still_recorded(
    store: ManifestFiles, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    store.save(out, sample())
    path = store.path(out)
    path.write_text(path.read_text(encoding="utf-8").replace(__version__, "0.0.9"), "utf-8")
    assert store.load(out).manifest == Manifest()
    recorded = store.recorded(out)
    assert recorded is not None and recorded.search
    assert recorded.files == {"index.html", "a/index.html", "atom.xml", "a.png", "style.css"}
    assert store.recorded(tmp_path / "elsewhere") is None


def test_an_output_file_is_intact_while_its_size_and_mtime_are(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("صفحة", encoding="utf-8")
    info = (tmp_path / "page.html").stat()
    written = OutputFile("fp", info.st_size, info.st_mtime_ns)
    assert intact(tmp_path, "page.html", written)
    assert intact(tmp_path, "page.html", FileStat(info.st_size, info.st_mtime_ns))
    assert not intact(tmp_path, "page.html", OutputFile("fp", info.st_size + 1, info.st_mtime_ns))
    assert not intact(tmp_path, "gone.html", written)


def test_a_manifest_is_frozen() -> None:
    with pytest.raises(AttributeError):
        sample().search = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        sample().files["x"] = OutputFile("fp", 1, 1)  # type: ignore[index]


@pytest.mark.parametrize("block", [1, 2, 512])
def test_the_json_is_written_a_block_of_files_at_a_time_as_one_dump_would_write_it(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never held whole (~30 MB at 100,000 articles): the same text as one ``json.dumps``."""
    monkeypatch.setattr(jsonblocks, "BLOCK", block)
    paths = ("index.html", *(f"2026/خبر-{n}/index.html" for n in range(7)), 'a"\\b/index.html')
    manifest = replace(sample(paths), reads="r" * 32)
    text = manifest.to_json(key="/مخرج")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    assert list(data["entries"]) == ["files", "inputs", "reads", "search", "static"]
    assert len(data["entries"]["files"]) == len(paths)
    assert Manifest.from_json(text, key="/مخرج") == manifest
    assert "".join(Manifest().json_chunks(key="k")) == Manifest().to_json(key="k")
