"""The reads a page's templates make are recorded, and replayed to the same digests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jarida.assets import collect_assets
from jarida.build import load_site, read_only_cache
from jarida.config import load_config
from jarida.model import Selection, Site
from jarida.outputs import plan, render_job
from jarida.reads import Recorder, replay, track
from jarida.render import make_environment
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
    recorder = Recorder({})
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
    recorder = Recorder({})
    view = track({"site": site_at(root)}, recorder)["site"]
    assert view.term("tags", "t1").name == "t1"
    (root / "content/b.md").write_text(article("ب", slug="b", tags="[t2]"), encoding="utf-8")
    bigger = site_at(root)
    assert [replay(bigger, k) for k, _ in recorder.pairs()] == [v for _, v in recorder.pairs()]
