"""The reads a page's templates make are recorded, and replayed to the same digests."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida import readtable
from jarida.assets import collect_assets
from jarida.config import load_config
from jarida.digests import json_text, reads_digest
from jarida.encoding import Memo, encode, read_digest
from jarida.fingerprint import UNKNOWN, Rendered, replay, replay_all
from jarida.model import Article, Selection, Site
from jarida.outputs import context, plan, render_job
from jarida.outputs.jobs import Kind, Output
from jarida.outputs.partials import Partials
from jarida.readnumbers import Numbering
from jarida.reads import ReadMemo, Recorder, track
from jarida.readtable import Reads, Recorded, next_reads
from jarida.render import make_environment
from jarida.site import url_for
from jarida.sitecheck import load_site, read_only_cache
from tests.conftest import NOW, MakeSite, article


def site_at(root: Path, now: datetime = NOW) -> Site:
    site, _ = load_site(load_config(root), Selection(now=now))
    return site


def test_every_read_of_every_page_replays_to_the_digest_it_was_recorded_with(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "content/a.md": article("أ", slug="a", tags="[t1]", category="c1", subtitle="س"),
            "content/b.md": article("ب", slug="b", tags="[t1]", aliases="[/old/]"),
            "content/pages/about.md": article("عن", slug="about"),
        }
    )
    site = site_at(root)
    env = make_environment(site.config, collect_assets(root))
    jobs = plan(site)
    assert len(jobs) > 20
    for job in jobs:
        reads = render_job(env, site, job, bodies=read_only_cache(site.config)).reads
        assert [replay(site, key) for key, _ in reads] == [value for _, value in reads]


def test_the_year_of_built_at_depends_on_the_year_alone(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("أ", slug="a")})
    site = site_at(root)
    recorder = Recorder()
    view = track({"site": site}, recorder)["site"]
    assert view.built_at.year == NOW.year
    ((key, value),) = recorder.pairs()
    later = datetime(NOW.year, 12, 31, tzinfo=UTC)
    assert replay(site_at(root, later), key) == value
    assert replay(site_at(root, datetime(NOW.year + 1, 1, 2, tzinfo=UTC)), key) != value
    assert f"{view.built_at:%Y-%m-%d}" == f"{NOW:%Y-%m-%d}"  # the whole moment: a second read
    assert len(recorder.pairs()) == 2


def test_a_lookup_depends_on_the_entry_looked_up_not_on_the_others(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("أ", slug="a", tags="[t1]")})
    recorder = Recorder()
    view = track({"site": site_at(root)}, recorder)["site"]
    assert view.term("tags", "t1").name == "t1"
    (root / "content/b.md").write_text(article("ب", slug="b", tags="[t2]"), encoding="utf-8")
    bigger = site_at(root)
    assert [replay(bigger, k) for k, _ in recorder.pairs()] == [v for _, v in recorder.pairs()]


class _Counted(dict[str, Any]):
    """A site's mapping that counts its lookups."""

    lookups = 0

    def get(self, key: Any, default: Any = None) -> Any:
        type(self).lookups += 1
        return super().get(key, default)


def test_replay_finds_each_object_once_and_gives_every_read_its_digest(
    make_site: MakeSite,
) -> None:
    root = make_site({"content/a.md": article("أ", slug="a", tags="[t1]", subtitle="س")})
    site = site_at(root)
    recorder = Recorder()
    view = track({"site": site}, recorder)["site"]
    (only,) = view.articles.values()
    assert (only.title, only.extra["subtitle"], only.slug) == ("أ", "س", "a")
    pairs = [(k, v) for k, v in recorder.pairs() if k.startswith('[["doc"')]
    assert len(pairs) == 3
    counted = replace(site, articles=_Counted(site.articles))
    assert replay_all(counted, [k for k, _ in pairs]) == [v for _, v in pairs]
    assert _Counted.lookups == 1


def test_a_damaged_read_replays_to_a_digest_no_read_has(make_site: MakeSite) -> None:
    site = site_at(make_site({"content/a.md": article("أ", slug="a")}))
    (id_,) = site.articles
    damaged = ["{", '["doc","attr"]', '[[["x"]],"attr","y"]', f'[["doc","{id_}"],"attr",[]]', "7"]
    damaged += [
        f'[["doc","{id_}"],"attr","title"',  # cut short
        f'[["doc","{id_}"],"attr","title","x"]',  # a part too many
        f'[["doc","{id_}"],"attr"]',  # a part too few
        f'x["doc","{id_}"],"attr","title"]',
        '[["doc",],"attr","title"]',
    ]
    found = replay_all(site, [*damaged, '[["site"],"attr","built_at"]'])
    assert found[:-1] == [UNKNOWN] * len(damaged)
    assert found[-1] == replay(site, '[["site"],"attr","built_at"]') != UNKNOWN


def _recorded(pages: dict[str, list[str]]) -> Recorded:
    """Pages rendered with these keys, each key's value digest ``v-<key>``."""
    values = {p: [f"v-{k}" for k in keys] for p, keys in pages.items()}
    digests = {p: reads_digest(v) for p, v in values.items()}
    return Recorded.of(pages, {k: f"v-{k}" for keys in pages.values() for k in keys}, digests)


def _entry(pages: dict[str, list[str]]) -> Reads:
    return next_reads(Reads(), [], {}, _recorded(pages))


def _after(last: Reads, kept: list[str], rendered: dict[str, list[str]]) -> Reads:
    digests = {p: last.digests[p] for p in kept}
    return next_reads(last, [f"v-{k}" for k in last.keys], digests, _recorded(rendered))


def _meaning(reads: Reads) -> dict[str, object]:
    """What a table says of each page: its keys, their values' digests, its reads digest."""
    values = dict(zip(reads.keys, reads.values, strict=True))
    return {
        p: (keys, [values[k] for k in keys], reads.digests[p])
        for p in reads.pages
        if (keys := reads.keys_of(p)) is not None
    }


def test_the_reads_after_a_build_say_what_they_say_after_a_clean_one() -> None:
    last = _entry({"a": ["k1", "k2"], "b": ["k2", "k3"], "c": ["k4"]})
    assert last.keys == ("k1", "k2", "k3", "k4")
    # b read again the same keys, c is gone: k4 is no longer read by any page
    cases = [
        (["a"], {"b": ["k2", "k3"]}, {"a": ["k1", "k2"], "b": ["k2", "k3"]}),
        (["a", "c"], {"b": ["k3", "k2"]}, {"a": ["k1", "k2"], "b": ["k3", "k2"], "c": ["k4"]}),
        (["a"], {"b": ["k5"]}, {"a": ["k1", "k2"], "b": ["k5"]}),
        (["a", "b"], {"d": ["k0"]}, {"a": ["k1", "k2"], "b": ["k2", "k3"], "d": ["k0"]}),
        (["a", "b", "c"], {}, {"a": ["k1", "k2"], "b": ["k2", "k3"], "c": ["k4"]}),
    ]
    for kept, rendered, clean in cases:
        after = _after(last, kept, rendered)
        assert _meaning(after) == _meaning(_entry(clean)), (kept, rendered)


def test_the_table_of_keys_is_kept_when_the_pages_read_what_they_read_before() -> None:
    last = _entry({"a": ["k1", "k2"], "b": ["k2", "k3"]})
    assert _after(last, ["a"], {"b": ["k3", "k2"]}).keys == last.keys


def test_a_new_key_is_appended_and_no_kept_page_is_renumbered() -> None:
    """A new article: its page and the lists that show it read keys no page read before."""
    last = _entry({"a": ["k1", "k3"], "b": ["k3", "k4"], "c": ["k4"]})
    after = _after(last, ["a", "c"], {"b": ["k2", "k3", "k4"]})
    assert after.keys == ("k1", "k3", "k4", "k2")
    assert (after.pages["a"], after.pages["c"]) == (last.pages["a"], last.pages["c"])
    assert after.keys_of("b") == ["k2", "k3", "k4"]


def test_a_build_that_renders_most_pages_makes_the_table_again() -> None:
    last = _entry({"a": ["k1", "k3"], "b": ["k3", "k4"], "c": ["k4"]})
    after = _after(last, ["a"], {"b": ["k2"], "c": ["k2"]})
    assert after == _entry({"a": ["k1", "k3"], "b": ["k2"], "c": ["k2"]})


def test_a_reference_whose_text_holds_the_end_of_a_reference_replays(
    make_site: MakeSite,
) -> None:
    site = site_at(make_site({"content/a.md": article("أ", slug="a")}))
    (only,) = site.articles.values()
    odd = replace(only, id='x],"attr",["y')
    site = replace(site, articles={odd.id: odd})
    recorder = Recorder()
    view = track({"article": odd}, recorder)["article"]
    assert (view.title, view.slug) == ("أ", "a")
    pairs = recorder.pairs()
    assert replay_all(site, [k for k, _ in pairs]) == [v for _, v in pairs]


def test_an_object_seen_twice_on_a_page_is_one_view_its_fields_read_once(
    make_site: MakeSite,
) -> None:
    site = site_at(make_site({"content/a.md": article("أ", slug="a", tags="[t1]")}))
    (only,) = site.articles.values()
    recorder = Recorder()
    seen = track({"article": only, "cards": (only, only), "site": site}, recorder)
    view = seen["article"]
    assert seen["cards"][0] is view and seen["cards"][1] is view
    assert seen["site"].articles[only.id] is view
    assert view.title == view.title == "أ"
    assert view.tags == view.tags == ("t1",)
    keys = [k for k, _ in recorder.pairs()]
    assert len(keys) == len(set(keys))
    assert keys.count(f'[["doc","{only.id}"],"attr","title"]') == 1
    assert other_page_view_is_new(only, view)


def _garbage_left(make_site: MakeSite, finish: Callable[[Recorder], None]) -> int:
    """How many objects the collector finds after a page's views are read and ``finish``ed."""
    site = site_at(make_site({"content/a.md": article("أ", slug="a", tags="[t1]")}))
    (only,) = site.articles.values()
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        recorder = Recorder()
        seen = track({"article": only, "site": site}, recorder)
        assert seen["article"].title == "أ" and seen["site"].articles[only.id].tags == ("t1",)
        assert seen["site"].terms_of(only, "tags")  # a member: a method bound to the view
        finish(recorder)
        assert recorder.pairs()  # the reads stay
        del seen, recorder
        return gc.collect()
    finally:
        if was:
            gc.enable()


def test_a_finished_pages_views_are_freed_without_the_collector(make_site: MakeSite) -> None:
    assert _garbage_left(make_site, lambda _: None) > 0  # each view and the recorder: a cycle
    assert _garbage_left(make_site, Recorder.finish) == 0


def test_the_themes_pages_and_partials_leave_no_garbage_for_the_collector(
    make_site: MakeSite,
) -> None:
    """Rendering makes no cycles (a render worker's collections then walk no dead page)."""
    root = make_site(
        {
            "content/a.md": article("أ", slug="a", tags="[t1, t2]", category="c1"),
            "content/b.md": article("ب", slug="b", tags="[t1]", category="c1"),
            "content/pages/about.md": article("عن", slug="about"),
        }
    )
    site = site_at(root)
    env = make_environment(site.config, collect_assets(root))
    jobs, bodies = plan(site), read_only_cache(site.config)

    def render_all() -> None:  # as a worker does: one memo, one cache of partials
        memo, partials = ReadMemo(), Partials()
        for job in jobs:
            render_job(env, site, job, memo, bodies=bodies, partials=partials)

    render_all()  # the templates compiled and cached
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        render_all()
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_a_sequence_of_plain_values_is_shown_as_it_is_and_one_holding_an_article_is_not(
    make_site: MakeSite,
) -> None:
    site = site_at(make_site({"content/a.md": article("أ", slug="a")}))
    (only,) = site.articles.values()
    recorder = Recorder()
    ids = (*(f"posts/{n}.md" for n in range(1000)), 1, 2.5, True, None)
    mixed = ("a", ((1, "b"), only))
    seen = track({"ids": ids, "mixed": mixed, "listed": [only, "x"]}, recorder)
    assert seen["ids"] is ids
    assert seen["mixed"] is not mixed and seen["mixed"][0] == "a"
    assert seen["mixed"][1][0] == (1, "b") and seen["mixed"][1][1].title == "أ"
    assert type(seen["listed"]) is list and seen["listed"][1] == "x"
    assert seen["listed"][0] is seen["mixed"][1][1]  # one view of the article, its reads kept
    assert f'[["doc","{only.id}"],"attr","title"]' in [k for k, _ in recorder.pairs()]


def test_a_name_the_model_class_lacks_is_read_through_the_view_too(
    make_site: MakeSite,
) -> None:
    """Views answer the model's fields and members from descriptors of their class; a name
    only a subclass has (or none at all) still goes through the view and is recorded."""
    site = site_at(make_site({"content/a.md": article("أ", slug="a", tags="[t1]")}))
    (only,) = site.articles.values()
    noted = _Noted(**{f.name: getattr(only, f.name) for f in fields(only)}, note="ن")
    recorder = Recorder()
    view = track({"article": noted}, recorder)["article"]
    assert (view.note, view.title, view.shout, view.tags) == ("ن", "أ", "أ!", ("t1",))
    with pytest.raises(AttributeError):
        view.nothing_of_that_name  # noqa: B018
    with pytest.raises(AttributeError):
        view._private  # noqa: B018
    keys = [k for k, _ in recorder.pairs()]
    ref = f'[["doc","{only.id}"],"attr",'
    assert keys == [ref + '"note"]', ref + '"title"]', ref + '"terms"]']
    assert replay_all(site, keys[1:]) == [v for _, v in recorder.pairs()][1:]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Noted(Article):
    note: str = ""

    @property
    def shout(self) -> str:
        return self.title + "!"


def other_page_view_is_new(only: object, view: object) -> bool:
    """Another page's recorder gives its own view (its reads are its own)."""
    return track({"article": only}, Recorder())["article"] is not view


@pytest.mark.parametrize(
    "value",
    [
        "",
        "نص",
        'a"\\\n\u2028',
        0,
        1,
        -7,
        2**70,
        True,
        False,
        None,
        1.5,
        1e300,
        [1, True],
        (None,),
        {"k": 1},
        (),
    ],
)
def test_a_reads_digest_is_of_its_values_json_whatever_the_type(value: object) -> None:
    text = '[["doc","a.md"],"attr","x"]'
    encoded = json_text(encode(value)).encode()
    full = hashlib.sha256(text.encode() + b"\0" + encoded).hexdigest()[:16]
    assert read_digest(text, value) == full


def test_an_article_pages_link_is_the_one_its_folder_gives(make_site: MakeSite) -> None:
    """Its context takes the article's own link: the same as the link of its output folder."""
    root = make_site(
        {
            "jarida.yaml": 'title: "ج"\nbase_url: "https://example.org/news/"\n',
            "content/a.md": article("أ", slug="خبر عاجل"),
            "content/b.md": article("ب", slug="b"),
        }
    )
    site = site_at(root)
    pages = [job for job in plan(site) if job.kind is Kind.ARTICLE]
    assert len(pages) == 2
    for job in pages:
        folder = job.out_path.removesuffix("index.html")
        assert context(site, job)["page_url"] == url_for(site.config, folder)
    assert any("%D8" in context(site, job)["page_url"] for job in pages)


def test_encoding_a_context_again_tells_no_type_apart_by_isinstance(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How a type is encoded is found once per type, not once per value: a page's job, its
    kind and its pager, on every one of 10,000 pages, went through the chain of checks."""
    import jarida.encoding

    root = make_site({"content/a.md": article("أ", slug="a", tags="[t1]", category="c1")})
    site = site_at(root)
    contexts = [(job, context(site, job)) for job in plan(site)]
    memo = Memo()  # one build's
    first = [encode([job, found], memo) for job, found in contexts]
    checks: list[object] = []

    def counted(value: object, kinds: Any) -> bool:
        checks.append(type(value))
        return isinstance(value, kinds)

    monkeypatch.setattr(jarida.encoding, "isinstance", counted, raising=False)
    assert [encode([job, found], memo) for job, found in contexts] == first
    assert checks == []


_KEYS = st.one_of(
    st.text(alphabet='ab"[],دذ0', min_size=1, max_size=6),  # texts that are no key
    st.tuples(st.sampled_from("abد"), st.sampled_from(["title", "url"])).map(
        lambda key: ReadMemo().pair(("doc", key[0]), "attr", key[1], None)[0]
    ),
)


@settings(max_examples=80, deadline=None)
@given(
    pages=st.dictionaries(st.text("pq/é", min_size=1, max_size=5), st.lists(_KEYS, max_size=8)),
    numbered=st.booleans(),
)
def test_a_clean_builds_table_as_the_writer_makes_it_is_the_merged_one(
    pages: dict[str, list[str]], numbered: bool
) -> None:
    """A clean build's table is the one the writer made of the keys its processes sent
    (:mod:`jarida.readkeys`: no set and dicts of every key, ~250 MB at 100,000 articles); it
    is the table the general merge of kept and rendered pages makes with no kept page, to the
    key and entry, from pairs or numbers of two processes."""
    pages = {p: list(dict.fromkeys(keys)) for p, keys in pages.items()}  # as a page reads them
    value = {
        k: hashlib.sha256(k.encode()).hexdigest()[:16] for keys in pages.values() for k in keys
    }
    workers = [Numbering(), Numbering()]
    read = {p: tuple((k, value[k]) for k in keys) for p, keys in pages.items()}
    outputs = [
        Output(p, b"", workers[n % 2].numbered(pairs) if numbered else pairs)
        for n, (p, pairs) in enumerate(read.items())
    ]
    writer = Rendered(list(pages), ["plain"] * len(pages))
    assert list(writer.note(outputs)) == outputs
    digests = dict(writer.digests)
    rendered = writer.recorded()
    fast = readtable._afresh(rendered, digests)
    merged = readtable._merged(Reads(), [], {}, Recorded.of(pages, value, digests), digests)
    assert fast == merged
    assert next_reads(Reads(), [], {}, rendered) == merged


def test_pages_sharing_a_memo_record_what_pages_with_a_memo_of_their_own_record(
    make_site: MakeSite,
) -> None:
    files = {
        "content/a.md": article("أ", slug="a", tags="[t1]"),
        "content/b.md": article("ب", slug="b", tags="[t2]"),
    }
    site = site_at(make_site(files))

    def page(memo: ReadMemo) -> tuple[tuple[str, str], ...]:
        recorder = Recorder(memo)
        view = track({"site": site}, recorder)["site"]
        shown = [(a.title, a.tags, a.title) for a in view.articles.values()]  # read twice
        assert sorted(shown) == [("أ", ("t1",), "أ"), ("ب", ("t2",), "ب")]
        assert (view.term("tags", "t1").name, view.built_at.year) == ("t1", NOW.year)
        return recorder.pairs()

    shared = ReadMemo()
    first = page(shared)
    assert page(shared) == first == page(ReadMemo())
    assert len({key for key, _ in first}) == len(first)
    # Each article's fields have their own digests (the memo is per object, then per field).
    assert replay_all(site, [key for key, _ in first]) == [value for _, value in first]
    assert all({"title", "terms"} <= set(shared.fields[("doc", id_)]) for id_ in site.articles)
