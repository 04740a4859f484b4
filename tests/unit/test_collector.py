"""The cyclic garbage collector during a build (:mod:`jarida.collector`): off while the stages
that make the long-lived site run (they make no cyclic garbage: every full collection only walked
the growing site again), on with that site frozen while pages render (Jinja's rendering makes
cycles), and as it was after the build, nothing left frozen, whatever happened."""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import jarida.build
import jarida.collector
from jarida.allocator import give_back
from jarida.collector import RENDERING_THRESHOLD
from jarida.errors import BuildFailed
from tests.conftest import MakeSite, article, build_site

Seen = list[tuple[str, bool, int, int]]


def _spy(monkeypatch: pytest.MonkeyPatch, name: str, seen: Seen) -> None:
    """Note the collector's state each time the build calls its stage ``name``."""
    stage: Callable[..., Any] = getattr(jarida.build, name)

    def spied(*args: Any, **kwargs: Any) -> Any:
        seen.append((name, gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()[0]))
        return stage(*args, **kwargs)

    monkeypatch.setattr(jarida.build, name, spied)


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _site(make_site: MakeSite, template: str | None = None) -> Path:
    files = {"jarida.yaml": "title: موقع\n", "content/a.md": article("خبر")}
    if template is not None:
        files["templates/article.html"] = template
    return make_site(files)


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_off_until_the_fingerprints_then_on_with_the_site_frozen(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: Seen = []
    for name in ("load_sources", "assemble", "fingerprint_outputs", "write_outputs"):
        _spy(monkeypatch, name, seen)
    before = gc.get_threshold()
    build_site(_site(make_site))
    state = {name: (enabled, frozen > 0) for name, enabled, frozen, _ in seen}
    assert state["load_sources"] == state["assemble"] == state["fingerprint_outputs"]
    assert state["fingerprint_outputs"] == (False, False)
    assert state["write_outputs"] == (True, True)  # pages render as the writer takes them
    young = {name: threshold for name, _, _, threshold in seen}
    assert young["write_outputs"] == RENDERING_THRESHOLD != before[0]
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == before


@pytest.mark.usefixtures("collector_on")
def test_a_failed_build_leaves_the_collector_as_it_was(make_site: MakeSite) -> None:
    before = gc.get_threshold()
    with pytest.raises(BuildFailed):
        build_site(_site(make_site, "{{ article.title | no_such_filter }}"))
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_a_collector_that_was_off_stays_off(make_site: MakeSite) -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        build_site(_site(make_site))
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        if was:
            gc.enable()


def test_the_memory_the_stages_freed_is_handed_back_once_the_site_is_made(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: Seen = []
    given: list[int] = []
    monkeypatch.setattr(jarida.collector, "give_back", lambda: given.append(len(seen)))
    for name in ("fingerprint_outputs", "write_outputs"):
        _spy(monkeypatch, name, seen)
    build_site(_site(make_site))
    assert given == [1]  # once: after the fingerprints, before the pages render


def _resident() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "malloc_trim"),
    reason="glibc's malloc_trim",
)
def test_giving_back_returns_the_blocks_freed_in_the_middle_of_the_heap() -> None:
    blocks = [bytes(1000 + n % 7) for n in range(150_000)]  # ~150 MB from the C allocator
    pinned = [blocks[n] for n in range(0, len(blocks), 1000)]  # the heap cannot just shrink
    del blocks
    held = _resident()
    give_back()
    assert held - _resident() > 64 * 2**20
    assert len(pinned) == 150


_LARGE_BLOCKS = """
import os, sys
from pathlib import Path

def resident():
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")

if sys.argv[1] == "bounded":
    from jarida.allocator import bounded_allocator
    bounded_allocator()
big = bytearray(8 * 2**20)  # mapped on its own; freed, glibc raises its threshold past it
del big
before = resident()
blocks = [bytearray(2 * 2**20) for _ in range(50)]  # a worker's chunks of pages, say
del blocks[:-1]  # the last one still held
print(resident() - before)
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "mallopt"),
    reason="glibc's mallopt",
)
def test_large_blocks_freed_are_given_back_with_the_allocator_bounded() -> None:
    """By default glibc carves the later ~100 MB of 2 MB blocks from its heap once a larger
    block was freed, and keeps them when they are freed; bounded, each is mapped on its own
    and given back when freed (each run in a process of its own: the setting is per process)."""
    import subprocess

    def held(how: str) -> int:
        run = [sys.executable, "-c", _LARGE_BLOCKS, how]
        return int(subprocess.run(run, capture_output=True, text=True, check=True).stdout)

    if held("default") < 64 * 2**20:  # seen once in a full run: the heap could not grow here
        pytest.skip("this process's allocator kept none of the blocks by default")
    assert held("bounded") < 16 * 2**20


def test_a_build_bounds_the_allocator(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    bounded: list[bool] = []
    monkeypatch.setattr(jarida.collector, "bounded_allocator", lambda: bounded.append(True))
    build_site(_site(make_site))
    assert bounded == [True]
