"""Large exports import in bounded memory: synthetic WXR files written on the fly, tracemalloc."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from jarida.importer.items import Item
from jarida.importer.wxr import read_wxr

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel><title>أرشيف كبير</title><link>https://big.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
"""
#: Small chunks, so that small test files already span many of them.
CHUNK = 64 * 1024


def write_export(path: Path, count: int, words: int) -> int:
    """``count`` published posts of ``words`` Arabic words each; returns the file's size."""
    text = " ".join(["كلمة", "عربية", "في", "خبر", "طويل"] * (words // 5))
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(count):
            out.write(
                f"<item><title>خبر رقم {n}</title>"
                f"<link>https://big.example/{2000 + n % 25}/01/khabar-{n}/</link>"
                f"<content:encoded><![CDATA[<p>{n} {text}</p>]]></content:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date_gmt>{2000 + n % 25}-01-01 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>khabar-{n}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type></item>\n"
            )
        out.write("</channel></rss>\n")
    return path.stat().st_size


def peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_20000_posts_keeps_one_item_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("jarida.importer.xmlclean.CHUNK_BYTES", CHUNK)
    export = tmp_path / "large.xml"
    size = write_export(export, 20_000, words=120)
    assert size > 25_000_000
    count = 0

    def read() -> None:
        nonlocal count
        count = sum(isinstance(r, Item) for r in read_wxr(export))

    used = peak(read)
    assert count == 20_000
    assert used < 4_000_000, f"{used:,} bytes to read a {size:,}-byte export"


#: One import measured in a fresh interpreter: in the test process, the threads and the garbage
#: the rest of the suite leaves behind allocate during the measure too (this test failed in full
#: runs only, by a few MB).
IMPORT_PEAK = """
import sys, tracemalloc
from pathlib import Path
import jarida.importer.xmlclean as xmlclean
from jarida.importer.wordpress import ImportOptions, import_wordpress
xmlclean.CHUNK_BYTES = int(sys.argv[3])
tracemalloc.start()
import_wordpress(ImportOptions(export=Path(sys.argv[1]), site=Path(sys.argv[2])))
print(tracemalloc.get_traced_memory()[1])
"""


def test_importing_keeps_no_text_of_earlier_posts(tmp_path: Path) -> None:
    """Five times the posts (about 8 KB of text each) cost only a little per-post bookkeeping."""
    peaks = []
    for count in (150, 750):
        export = tmp_path / f"{count}.xml"
        write_export(export, count, words=800)
        site = tmp_path / f"site-{count}"
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_PEAK, str(export), str(site), str(CHUNK)],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks.append(int(done.stdout.split()[-1]))
        assert len(list((site / "content").rglob("*.md"))) == count
    # Keeping each post's text would cost 600 × 8 KB ≈ 10 MB more.
    assert peaks[1] - peaks[0] < 2_000_000, peaks
