"""Pages' reads sent as each rendering process's numbers (jarida.readnumbers) are noted as the
same table, pages and fingerprints as the (key, value) pairs they stand for."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from jarida import readnumbers, renderpool
from jarida.assets import collect_assets
from jarida.executors import LocalExecutor
from jarida.fingerprint import Rendered
from jarida.model import Site
from jarida.outputs import plan
from jarida.outputs.jobs import Output
from jarida.parallel import MIN_PARALLEL, Jobs
from jarida.readnumbers import NumberedReads, Numbering
from jarida.sitecheck import read_only_cache
from tests.conftest import MakeSite
from tests.unit.test_partials import many_lists

Pair = tuple[str, str]


def _pages(count: int, seed: int = 7) -> list[tuple[Pair, ...]]:
    """Pages reading keys shared by all (the site's), by some (the latest cards) and their own."""
    rng = random.Random(seed)
    shared = [(f'[["site"],"attr","k{i}"]', f"{i:032x}") for i in range(20)]
    cards = [(f'[["doc","d{i}"],"attr","title"]', f"{1000 + i:032x}") for i in range(60)]
    pages = []
    for n in range(count):
        own = [(f'[["doc","p{n}"],"attr","f{i}"]', f"{5000 + n * 10 + i:032x}") for i in range(5)]
        reads = own + rng.sample(shared, 8) + rng.sample(cards, 12)
        rng.shuffle(reads)
        pages.append(tuple(reads))
    return pages


@dataclass(frozen=True)
class _Noted:
    """What the writer noted of some pages, as plain values."""

    table: list[str]
    values: list[str]
    pages: dict[str, list[int]]
    digests: dict[str, str]
    prints: dict[str, str]


def _noted(outputs: Sequence[Output]) -> tuple[_Noted, list[Output]]:
    paths = list(dict.fromkeys(o.path for o in outputs))  # a page noted twice: once planned
    rendered = Rendered(paths, [f"plain-{path}" for path in paths])
    passed = list(rendered.note(outputs))
    recorded = rendered.recorded()
    noted = _Noted(
        list(recorded.table),
        list(recorded.values),
        {p: list(numbers) for p, numbers in recorded.pages.items()},
        dict(recorded.digests),
        rendered.prints,
    )
    return noted, passed


def test_numbered_pages_from_two_workers_are_noted_as_their_pairs_would_be() -> None:
    pages = _pages(200)
    plain = [Output(f"p{n}.html", b"", reads) for n, reads in enumerate(pages)]
    # Two workers taking chunks of 16 pages in turn, each numbering in its own page order.
    workers = [Numbering(), Numbering()]
    numbered = [
        Output(o.path, b"", workers[(n // 16) % 2].numbered(o.reads)) for n, o in enumerate(plain)
    ]
    assert all(isinstance(o.reads, NumberedReads) for o in numbered)
    # A key is sent once per worker: far fewer texts than reads.
    sent = sum(len(o.reads.new) for o in numbered if isinstance(o.reads, NumberedReads))
    assert sent < sum(len(p) for p in pages) // 3

    by_pairs, _ = _noted(plain)
    by_numbers, passed = _noted(numbered)

    assert passed == numbered  # handed on as they came
    assert by_numbers.table == by_pairs.table  # the same keys, sorted, each once
    assert by_pairs.table == sorted({key for reads in pages for key, _ in reads})
    by_key = dict(pair for reads in pages for pair in reads)
    assert by_pairs.values == [by_key[key] for key in by_pairs.table]
    table = by_pairs.table
    assert all([table[n] for n in by_pairs.pages[o.path]] == [k for k, _ in o.reads] for o in plain)
    assert by_numbers.values == by_pairs.values
    assert by_numbers.pages == by_pairs.pages
    assert by_numbers.digests == by_pairs.digests
    assert by_numbers.prints == by_pairs.prints


def test_pages_with_pairs_and_numbered_pages_share_one_table() -> None:
    pages = _pages(40, seed=3)
    worker = Numbering()
    mixed = [
        Output(f"p{n}", b"", worker.numbered(reads) if n % 3 else reads)
        for n, reads in enumerate(pages)
    ]
    plain = [Output(f"p{n}", b"", reads) for n, reads in enumerate(pages)]
    assert _noted(mixed)[0].pages == _noted(plain)[0].pages


def test_a_key_a_page_reads_twice_is_numbered_once_and_noted_as_its_pairs() -> None:
    first, again = _pages(2, seed=5)
    twice = (*first, first[0], *first[:3])  # a sequence handed in by hand may repeat a key
    worker = Numbering()
    numbered = [worker.numbered(twice), worker.numbered(again)]
    assert [key for key, _ in numbered[0].new] == list(dict.fromkeys(k for k, _ in twice))
    assert numbered[0].numbers[len(first)] == numbered[0].numbers[0]
    by_pairs, _ = _noted([Output("a", b"", twice), Output("b", b"", again)])
    by_numbers, _ = _noted([Output("a", b"", numbered[0]), Output("b", b"", numbered[1])])
    assert by_numbers.table == by_pairs.table == sorted({k for k, _ in twice + again})
    assert by_numbers.pages == by_pairs.pages and by_numbers.prints == by_pairs.prints
    assert len(by_pairs.pages["a"]) == len(twice)


def test_a_numbering_is_its_own_process_only(monkeypatch: pytest.MonkeyPatch) -> None:
    numbering = Numbering()
    assert numbering.here()
    other = Numbering()
    assert other.origin != numbering.origin
    monkeypatch.setattr(readnumbers.os, "getpid", lambda: -1)  # as in a process forked from it
    assert not numbering.here()


def _rendered(site: Site, workers: Jobs) -> list[Output]:
    return list(
        renderpool.render_outputs(
            site,
            plan(site) * 2,  # each page twice: enough pages for the pool (MIN_PARALLEL)
            assets=collect_assets(site.config.root),
            bodies=read_only_cache(site.config),
            workers=workers,
            on_error=lambda env, exc, job: exc,
        )
    )


@dataclass(frozen=True)
class _Elsewhere(LocalExecutor):
    """An executor whose workers are not forked (as Dask's): its pages come back as pairs."""

    @property
    def forks(self) -> bool:
        return False


def test_the_forked_pool_sends_numbers_and_other_executors_pairs(make_site: MakeSite) -> None:
    site = many_lists(make_site)
    assert len(plan(site)) * 2 >= MIN_PARALLEL
    alone = _rendered(site, 1)
    pooled = _rendered(site, LocalExecutor(2))
    assert all(type(o.reads) is tuple for o in alone)
    assert all(isinstance(o.reads, NumberedReads) for o in pooled)
    assert len({o.reads.origin for o in pooled if isinstance(o.reads, NumberedReads)}) == 2
    assert [o.data for o in pooled] == [o.data for o in alone]
    by_pairs, _ = _noted(alone)
    by_numbers, _ = _noted(pooled)
    assert (by_numbers.table, by_numbers.pages) == (by_pairs.table, by_pairs.pages)
    assert by_numbers.prints == by_pairs.prints
    elsewhere = _rendered(site, _Elsewhere(2))
    assert all(type(o.reads) is tuple for o in elsewhere)
