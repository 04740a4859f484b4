"""The example site builds to exactly the outputs listed in ``tests/golden/example-site.txt``.

Any change to what Jarida writes for the example site (a path, a byte) shows here as the list of
outputs that differ. When the change is meant, regenerate the list with the one command it names
and review its diff with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden.regenerate import COMMAND, GOLDEN, build_digests, parse, render, versions

#: How many differing paths a failure lists.
SHOWN = 40


def differences(expected: dict[str, str], built: dict[str, str]) -> list[str]:
    """One line per output that differs: changed, missing (listed, not built) or new."""
    lines = []
    for path in sorted(expected.keys() | built.keys()):
        if path not in built:
            lines.append(f"missing: {path}")
        elif path not in expected:
            lines.append(f"new:     {path}")
        elif expected[path] != built[path]:
            lines.append(f"changed: {path}")
    return lines


def report(found: list[str], made_with: dict[str, str], now: dict[str, str]) -> str:
    """What a failure says: the outputs that differ, the versions that did, how to regenerate."""
    shown = found[:SHOWN] + ([f"... and {len(found) - SHOWN} more"] if len(found) > SHOWN else [])
    lines = [f"{len(found)} output(s) of the example site differ from {GOLDEN.name}:", *shown]
    moved = [f"{n} {made_with.get(n, '-')} -> {v}" for n, v in now.items() if made_with.get(n) != v]
    if moved:
        lines.append("versions since the list was made: " + ", ".join(moved))
    lines.append(f"If the change is meant, regenerate the list and review its diff: {COMMAND}")
    return "\n".join(lines)


def test_the_example_site_builds_to_the_golden_list(tmp_path: Path) -> None:
    expected, made_with = parse(GOLDEN.read_text(encoding="utf-8"))
    now = versions()
    libraries = {n: v for n, v in now.items() if n != "jarida"}
    if libraries != {n: made_with.get(n) for n in libraries}:
        # A fresh install may bring a library release that shapes the bytes differently: that
        # is not a change of Jarida's, and CI must not fail on it.
        moved = [
            f"{n} {made_with.get(n, '-')} -> {v}"
            for n, v in libraries.items()
            if made_with.get(n) != v
        ]
        pytest.skip(f"the list was made with other libraries ({', '.join(moved)}): {COMMAND}")
    built = build_digests(tmp_path)
    found = differences(expected, built)
    assert not found, report(found, made_with, now)


def test_the_list_covers_every_kind_of_output() -> None:
    expected, _ = parse(GOLDEN.read_text(encoding="utf-8"))
    for path in ("index.html", "404.html", "rss.xml", "sitemap.xml", "search/index.html"):
        assert path in expected
    assert any(p.startswith("pagefind/") for p in expected)
    assert any(p.startswith("tags/") for p in expected)
    assert any(p.startswith("assets/jarida.") and p.endswith(".css") for p in expected)


def test_a_failure_names_the_outputs_and_the_command() -> None:
    expected = {"a/index.html": "1", "b/index.html": "2", "gone.xml": "3"}
    built = {"a/index.html": "1", "b/index.html": "9", "new.xml": "4"}
    found = differences(expected, built)
    assert found == ["changed: b/index.html", "missing: gone.xml", "new:     new.xml"]
    text = report(found, {"babel": "2.0"}, {"babel": "2.1"})
    assert "changed: b/index.html" in text and "babel 2.0 -> 2.1" in text
    assert text.endswith(COMMAND)
    many = report([f"changed: p{n}" for n in range(SHOWN + 5)], {}, {})
    assert "... and 5 more" in many


def test_the_list_reads_back_what_it_was_written_from() -> None:
    digests = {"a b/index.html": "0" * 64, "أ/index.html": "f" * 64}
    assert parse(render(digests)) == (digests, versions())
