"""The Dask executor (issue 22, docs/scale.md): a local cluster and a real ``dask scheduler`` with
two ``dask worker`` processes on 127.0.0.1 build the same bytes as the process pool; a worker
killed mid-build changes nothing; a scheduler that cannot be reached is an error within seconds;
an edit after a Dask build re-renders what a local build would. Skipped without Dask."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from benchmarks.corpus import write_corpus  # noqa: E402

from jarida.build import build  # noqa: E402
from jarida.cli import cli  # noqa: E402
from jarida.config import load_config  # noqa: E402
from jarida.executors import INSTALL, open_executor  # noqa: E402
from jarida.model import Selection  # noqa: E402
from jarida.outcome import BuildResult  # noqa: E402
from jarida.parallel import Executor, Progress  # noqa: E402
from tests.conftest import NOW, article, ended_within, tree, write_site  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = ("content", "static", "templates", "jarida.yaml")
#: Seconds a test waits for the cluster to come up.
START_SECONDS = 60


def _example(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in EXAMPLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    return folder


#: Articles of the generated site (two chunks of parse tasks, related lists on the workers).
ARTICLES = 150


def _generated(folder: Path, count: int = ARTICLES) -> Path:
    write_corpus(folder, count)
    return folder


def _small(folder: Path) -> Path:
    config = "title: جريدة\nbase_url: https://news.example/\nsearch: false\n"
    return write_site(folder, {"jarida.yaml": config, "content/a.md": article("خبر")})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, started as commands."""

    def __init__(self, base: Path) -> None:
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.base = base
        self.processes: list[subprocess.Popen[bytes]] = []
        self.scheduler = self._start("scheduler", "--host", "127.0.0.1", "--port")
        self.workers = [self.add_worker(f"w{n}") for n in range(2)]
        self.wait_for(2)

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        port = self.address.rpartition(":")[2]
        command = [sys.executable, "-m", "dask", *args]
        command += [port] if args[-1] == "--port" else []
        log = (self.base / f"{args[0]}-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.base)
        self.processes.append(process)
        return process

    def add_worker(self, name: str) -> subprocess.Popen[bytes]:
        return self._start(
            "worker",
            self.address,
            "--host",
            "127.0.0.1",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--no-nanny",
            "--name",
            name,
        )

    def wait_for(self, count: int) -> None:
        with distributed.Client(self.address, timeout=START_SECONDS) as client:
            client.wait_for_workers(count, timeout=START_SECONDS)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    started = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        yield started
    finally:
        started.stop()


def _build(
    root: Path, executor: str, *, jobs: int = 2, out: Path | None = None, **options: Any
) -> BuildResult:
    config = load_config(root)
    with open_executor(executor, jobs=jobs, root=root, config=config.build) as found:
        return build(
            config,
            out_dir=out or root / "public",
            jobs=jobs,
            selection=Selection(now=NOW),
            executor=found,
            **options,
        )


@pytest.fixture(scope="module")
def example_local(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The example site's output from the process pool."""
    root = _example(tmp_path_factory.mktemp("local") / "example")
    _build(root, "local")
    return tree(root / "public")


@pytest.fixture(scope="module")
def generated_local(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The generated site's output from the process pool."""
    root = _generated(tmp_path_factory.mktemp("local") / "generated")
    _build(root, "local")
    return tree(root / "public")


def _same(expected: dict[str, bytes], out: Path) -> None:
    found = tree(out)
    assert sorted(found) == sorted(expected)
    assert [p for p in expected if expected[p] != found[p]] == []


def test_a_local_cluster_builds_the_example_site_byte_for_byte(
    tmp_path: Path, example_local: dict[str, bytes]
) -> None:
    root = _example(tmp_path / "example")
    command = ["build", str(root), "--executor", "dask", "-q", "-j", "2"]
    epoch = str(int(NOW.timestamp()))  # the fixed now of the local build
    result = CliRunner().invoke(cli, command, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 0, result.output
    _same(example_local, root / "public")


def test_a_scheduler_and_workers_build_the_example_site(
    tmp_path: Path, cluster: Cluster, example_local: dict[str, bytes]
) -> None:
    """No shared path: the sources, templates and bodies travel in the tasks."""
    root = _example(tmp_path / "example")
    _build(root, cluster.address)
    _same(example_local, root / "public")


def test_a_generated_site_from_the_shared_folder_and_sent(
    tmp_path: Path, cluster: Cluster, generated_local: dict[str, bytes]
) -> None:
    """A generated site (related lists scored on the workers too): once with the workers reading
    the site's folder (``build.shared_path`` of jarida.yaml), once with everything sent."""
    shared = _generated(tmp_path / "shared")
    with (shared / "jarida.yaml").open("a", encoding="utf-8") as config:
        config.write(f"build:\n  executor: {cluster.address}\n  shared_path: {shared}\n")
    assert load_config(shared).build.shared_path == str(shared)
    _build(shared, cluster.address)
    _same(generated_local, shared / "public")
    sent = _generated(tmp_path / "sent")
    _build(sent, cluster.address)
    _same(generated_local, sent / "public")


def test_an_edit_after_a_dask_build_renders_what_a_local_build_does(
    tmp_path: Path, cluster: Cluster
) -> None:
    """The same pages re-rendered, the same bytes; and progress counts what the tasks did."""
    sites = {name: _generated(tmp_path / name, 70) for name in ("dask", "local")}
    seen: dict[str, list[tuple[int, int]]] = {}

    def report(stage: str, done: int, total: int) -> None:
        seen.setdefault(stage, []).append((done, total))

    for name, root in sites.items():
        _build(root, "local") if name == "local" else _build(root, cluster.address, report=report)
    for stage in ("parse", "render"):
        assert [n for n, _ in seen[stage]] == sorted(n for n, _ in seen[stage])
        assert seen[stage][-1][0] == seen[stage][-1][1] > 0
    assert len(seen["render"]) > 1
    rendered = {}
    for name, root in sites.items():
        source = sorted((root / "content").rglob("*.md"))[7]
        text = source.read_text(encoding="utf-8")
        source.write_text(text + "\n\nفقرة جديدة بعد البناء.\n", encoding="utf-8")
        result = _build(root, cluster.address if name == "dask" else "local")
        rendered[name] = result.rendered_paths
    assert 0 < len(rendered["dask"]) < 40
    assert rendered["dask"] == rendered["local"]
    assert tree(sites["dask"] / "public") == tree(sites["local"] / "public")


def _wait_at_the_gate(folder: Path) -> None:
    """In a worker: say this process started (its id), then wait for the file ``go``."""
    (folder / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + START_SECONDS
    while not (folder / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


class _Gate:
    """A stage's function that, in a worker, says it started (its process id) and waits for the
    file ``go``: the test kills a worker while every worker holds a task, then opens the gate."""

    def __init__(self, function: Callable[[Any], Any], folder: Path) -> None:
        self.function, self.folder = function, folder

    def __call__(self, item: Any) -> Any:
        _wait_at_the_gate(self.folder)
        return self.function(item)


class _Gated:
    """An executor whose render tasks pass through a :class:`_Gate`."""

    def __init__(self, inner: Executor, folder: Path) -> None:
        self.inner, self.folder = inner, folder
        self.forks, self.workers, self.shared_root = False, inner.workers, inner.shared_root

    def map(
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        *,
        progress: Progress | None,
        chunk: int,
        minimum: int,
        weight: Callable[[Any], int] | None = None,
    ) -> Iterator[Any]:
        gated = _Gate(function, self.folder) if "render" in function.__qualname__ else function
        return self.inner.map(
            gated, items, progress=progress, chunk=4, minimum=minimum, weight=weight
        )

    def away(self, function: Callable[[Any], Any]) -> Any:
        return self.inner.away(function)


@pytest.fixture
def by_value() -> Iterator[None]:
    """This module's classes pickled by value while the test runs (workers cannot import it)."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


def _kill_one_at_the_gate(cluster: Cluster, gate: Path, holding: int, name: str) -> None:
    """Once ``holding`` workers have said they started a gated task, kill the first with
    SIGKILL, start a worker ``name`` in its place, and open the gate."""
    deadline = time.monotonic() + START_SECONDS
    while len(list(gate.glob("started-*"))) < holding and time.monotonic() < deadline:
        time.sleep(0.02)
    started = sorted(gate.glob("started-*"))
    assert len(started) == holding, f"{holding} workers should hold a gated task"
    victim = int(started[0].name.removeprefix("started-"))
    worker = next(p for p in cluster.workers if p.pid == victim)
    os.kill(victim, signal.SIGKILL)
    worker.wait(10)
    cluster.workers.append(cluster.add_worker(name))
    (gate / "go").touch()


@pytest.mark.usefixtures("by_value")
def test_a_worker_killed_mid_build_changes_nothing(
    tmp_path: Path, cluster: Cluster, example_local: dict[str, bytes]
) -> None:
    root = _example(tmp_path / "example")
    gate = tmp_path / "gate"
    gate.mkdir()
    config, done = load_config(root), []
    with open_executor(cluster.address, jobs=2, root=root, config=config.build) as executor:
        run = threading.Thread(
            target=lambda: done.append(
                build(
                    config,
                    out_dir=root / "public",
                    selection=Selection(now=NOW),
                    executor=_Gated(executor, gate),
                )
            )
        )
        run.start()
        _kill_one_at_the_gate(cluster, gate, 2, "w-after")
        run.join(START_SECONDS * 2)
    assert done, "the build should complete"
    _same(example_local, root / "public")


def test_an_unreachable_scheduler_fails_within_seconds(tmp_path: Path) -> None:
    root = _small(tmp_path / "site")
    assert CliRunner().invoke(cli, ["build", str(root), "-q"]).exit_code == 0
    before = tree(root / "public")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["build", str(root), "--clean", "--executor", address])
    assert result.exit_code == 1
    assert time.monotonic() - started < 20
    assert f"--executor: error: cannot reach the Dask scheduler at {address}" in result.output
    assert "Traceback" not in result.output
    assert tree(root / "public") == before


def test_build_executor_in_jarida_yaml_is_checked_and_the_flag_wins(tmp_path: Path) -> None:
    root = _small(tmp_path / "site")
    yaml = root / "jarida.yaml"
    original = yaml.read_text(encoding="utf-8")
    yaml.write_text(original + "build:\n  executor: daskk\n", encoding="utf-8")
    line = len(original.splitlines()) + 2
    result = CliRunner().invoke(cli, ["build", str(root), "-q"])
    assert result.exit_code == 1
    assert f"jarida.yaml:{line}: error: `build.executor`: unknown executor 'daskk'" in result.output
    unreachable = f"tcp://127.0.0.1:{_free_port()}"
    yaml.write_text(original + f"build:\n  executor: {unreachable}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(root), "-q", "--executor", "local"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["build", str(root), "-q", "--clean"])
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at {unreachable}" in result.output


def test_without_the_extra_dask_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "distributed" else real(name, *rest),
    )
    root = _small(tmp_path / "site")
    result = CliRunner().invoke(cli, ["build", str(root), "--executor", "dask"])
    assert result.exit_code == 1
    assert "needs Dask, which is not installed" in result.output
    assert INSTALL in result.output
    assert not (root / "public").exists()


def test_a_template_error_on_the_workers_is_reported_at_its_line(
    tmp_path: Path, cluster: Cluster
) -> None:
    """A page that fails on a worker fails the build as it would locally: the template's line,
    no traceback, the output as it was."""
    root = _small(tmp_path / "site")
    assert CliRunner().invoke(cli, ["build", str(root), "-q"]).exit_code == 0
    before = tree(root / "public")
    template = '{% extends "theme/article.html" %}\n{% block title %}{{ nope.x }}{% endblock %}\n'
    write_site(root, {"templates/article.html": template})
    result = CliRunner().invoke(cli, ["build", str(root), "--executor", cluster.address])
    assert result.exit_code == 1
    assert "templates/article.html:2: error:" in result.output
    assert "'nope' is undefined" in result.output
    assert "Traceback" not in result.output
    assert tree(root / "public") == before


#: How many times :class:`_Counted` was unpickled (the test below resets it).
_UNPICKLED: list[int] = []


def _counted() -> _Counted:
    _UNPICKLED.append(1)
    return _Counted()


class _Counted:
    """A stage function that counts its own deserializations."""

    def __reduce__(self) -> tuple[Callable[[], _Counted], tuple[()]]:
        return (_counted, ())

    def __call__(self, item: int) -> int:
        return item * 2


def test_a_worker_given_the_stage_function_again_does_not_load_it_again() -> None:
    """Dask's active memory manager drops a worker's replica of the function between two of its
    tasks and sends it again: at 100,000 articles each load cost ~11 s and the 100,000-article
    Dask build did not finish in 49 minutes. The loaded function is kept by the worker process
    under its digest, so a copy that arrives again is not deserialized again; another stage's
    function replaces it."""
    import pickle

    from jarida.executors import dask as dask_executor

    _UNPICKLED.clear()
    shipped = dask_executor._ship(_Counted())
    again = pickle.loads(pickle.dumps(shipped))  # the copy Dask sends a second time
    assert again is not shipped and again.digest == shipped.digest
    assert dask_executor._run_chunk(shipped, [1, 2]) == [2, 4]
    assert dask_executor._run_chunk(again, [3]) == [6]
    assert len(_UNPICKLED) == 1
    other = dask_executor._ship(lambda item: item + 1)  # the next stage's
    assert dask_executor._run_chunk(other, [1]) == [2]
    assert dask_executor._run_chunk(shipped, [5]) == [10]
    assert len(_UNPICKLED) == 2
    # Let go at the end of its stage (another stage's end lets go nothing).
    dask_executor._forget(other.digest)
    assert dask_executor._LOADED.loaded is not None
    dask_executor._forget(shipped.digest)
    assert dask_executor._LOADED.loaded is None


def test_the_workers_let_the_site_go_when_a_build_ends(tmp_path: Path, cluster: Cluster) -> None:
    """A long-lived cluster's workers do not keep the last build's site (its memory) after it."""
    from jarida.executors import dask as dask_executor

    root = _generated(tmp_path / "site", 80)
    _build(root, cluster.address)
    with distributed.Client(cluster.address, timeout=START_SECONDS) as client:
        held = client.run(lambda: dask_executor._LOADED.loaded is not None)
    assert held and not any(held.values())


def test_a_function_is_sent_in_parts_that_join_to_its_pickle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The main process holds one part of a stage's function at a time (the site is ~150 MB
    pickled at 100,000 articles): every part but the last is exactly ``PART_BYTES``, a write
    larger than several parts among them, and the parts join to the function's pickle."""
    import hashlib

    import cloudpickle

    from jarida.executors import dask as dask_executor

    monkeypatch.setattr(dask_executor, "PART_BYTES", 1000)
    held = bytes(range(256)) * 40  # one write of ten parts and more
    words = [f"كلمة {n}" for n in range(500)]

    def function(item: int) -> int:
        return item + len(held) + len(words)

    sent: list[bytes] = []
    parts, digest = dask_executor._pickled(function, lambda part: sent.append(part) or len(sent))
    assert parts == list(range(1, len(sent) + 1)) and len(sent) > 12
    assert {len(part) for part in sent[:-1]} == {1000} and 0 < len(sent[-1]) <= 1000
    whole = b"".join(sent)
    assert whole == cloudpickle.dumps(function, protocol=5)
    assert digest == hashlib.blake2b(whole, digest_size=16).hexdigest()
    assert dask_executor._ship(function).loaded()(1) == 1 + len(held) + len(words)
    empty: list[bytes] = []
    dask_executor._pickled(None, empty.append)  # a pickle smaller than a part: one part
    assert len(empty) == 1


class _Noted:
    """Pickled as itself, noting in ``folder`` the process that pickled it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __reduce__(self) -> tuple[type[_Noted], tuple[Path]]:
        (self.folder / f"pickled-by-{os.getpid()}").touch()
        return (_Noted, (self.folder,))


def test_a_function_is_pickled_by_a_process_forked_for_it(tmp_path: Path) -> None:
    """What pickling the site allocates (its memo of every object, hundreds of megabytes at
    100,000 articles) is a forked process's, never the main process's; a function that cannot
    be pickled raises its error here."""
    import pickle
    import threading as threads

    from jarida.executors import dask as dask_executor

    sent: list[bytes] = []
    dask_executor._pickled(_Noted(tmp_path), sent.append)
    pids = [int(p.name.rpartition("-")[2]) for p in tmp_path.glob("pickled-by-*")]
    assert len(pids) == 1 and pids[0] != os.getpid()
    assert isinstance(pickle.loads(b"".join(sent)), _Noted)
    with pytest.raises(TypeError, match="lock"):
        dask_executor._pickled(threads.Lock(), sent.append)


@pytest.mark.parametrize("where", ["tcp", "dask"])
def test_the_related_lists_are_scored_on_a_worker(
    tmp_path: Path,
    where: str,
    cluster: Cluster,
    generated_local: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With Dask the related index is built by a task of the cluster, which fans its blocks
    out from there: never in the main process (here, scoring in it fails the build). On the
    test's cluster (workers without nannies) and on a local one (workers under nannies, which
    may not fork: the blocks' function is pickled in the worker itself)."""
    from jarida.related import store, update

    def not_here(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the related lists were scored in the main process")

    real = update.update_related
    monkeypatch.setattr(store, "AWAY_ITEMS", 0)
    monkeypatch.setattr(update, "update_related", not_here)
    root = _generated(tmp_path / "site")
    _build(root, cluster.address if where == "tcp" else "dask")
    _same(generated_local, root / "public")
    if where == "dask":
        return
    # An edit: the last build's state goes to the worker, which brings the lists up to date.
    local = _generated(tmp_path / "local")
    monkeypatch.setattr(update, "update_related", real)
    _build(local, "local")
    monkeypatch.setattr(update, "update_related", not_here)
    for site in (root, local):
        source = sorted((site / "content").rglob("*.md"))[3]
        source.write_text(source.read_text(encoding="utf-8") + "\n\nنفط وغاز.\n", "utf-8")
    monkeypatch.setattr(update, "update_related", real)
    _build(local, "local")
    monkeypatch.setattr(update, "update_related", not_here)
    _build(root, cluster.address)
    assert tree(root / "public") == tree(local / "public")
    assert (root / ".jarida/related-lists.json").read_bytes() == (
        local / ".jarida/related-lists.json"
    ).read_bytes()


class _AwayGate:
    """A function run away (:meth:`DaskExecutor.away`): in its worker it says it started (its
    process id) and waits for the file ``go``, then fans out to the cluster."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, jobs: Executor) -> list[int]:
        _wait_at_the_gate(self.folder)
        return list(jobs.map(lambda n: n * n, range(50), progress=None, chunk=8, minimum=1))


@pytest.mark.usefixtures("by_value")
def test_a_worker_killed_while_it_runs_a_function_away_changes_nothing(
    tmp_path: Path, cluster: Cluster
) -> None:
    """The related lists' task lost with its worker is run again on another: the same lists."""
    gate = tmp_path / "gate"
    gate.mkdir()
    found: list[list[int]] = []
    root = _small(tmp_path / "site")
    config = load_config(root)
    with open_executor(cluster.address, jobs=2, root=root, config=config.build) as executor:
        run = threading.Thread(target=lambda: found.append(executor.away(_AwayGate(gate))))
        run.start()
        _kill_one_at_the_gate(cluster, gate, 1, "w-after-away")
        run.join(START_SECONDS * 2)
    assert found == [[n * n for n in range(50)]]
    assert len(list(gate.glob("started-*"))) == 2  # run again, in another worker


def test_a_local_cluster_runs_its_scheduler_apart_and_stops_with_the_build(tmp_path: Path) -> None:
    """The scheduler holds what the build sends (the site's pickle) while a stage runs: it is
    a process of its own, not the build's; the cluster is gone when the build is, and a Ctrl-C
    is the build's to handle."""
    root = _small(tmp_path / "site")
    config = load_config(root)
    with open_executor("dask", jobs=2, root=root, config=config.build) as executor:
        client = executor._client  # type: ignore[attr-defined]
        scheduler = client.run_on_scheduler(os.getpid)
        workers = list(client.run(os.getpid).values())
        assert scheduler != os.getpid() and len(workers) == 2 and os.getpid() not in workers
        # A session of their own: a terminal's Ctrl-C reaches the build alone, which closes its
        # client before it stops them (stopped first, they left the client's errors on screen).
        assert {os.getsid(pid) for pid in (scheduler, *workers)}.isdisjoint({os.getsid(0)})
    assert ended_within([scheduler, *workers], 20)


def test_a_local_cluster_stops_when_its_build_is_killed(tmp_path: Path) -> None:
    """A build killed outright (``kill -9``) cannot stop its cluster: the scheduler and the
    workers see that it is gone and stop."""
    script = tmp_path / "hold.py"
    script.write_text(
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from jarida.config import load_config\n"
        "from jarida.executors import open_executor\n"
        "root = Path(sys.argv[1])\n"
        "config = load_config(root)\n"
        "if __name__ == '__main__':\n"
        "    with open_executor('dask', jobs=2, root=root, config=config.build) as executor:\n"
        "        client = executor._client\n"
        "        pids = [client.run_on_scheduler(os.getpid), *client.run(os.getpid).values()]\n"
        "        print(*pids, flush=True)\n"
        "        time.sleep(600)\n",
        encoding="utf-8",
    )
    root = _small(tmp_path / "site")
    build = subprocess.Popen(
        [sys.executable, str(script), str(root)], stdout=subprocess.PIPE, cwd=REPO
    )
    try:
        assert build.stdout is not None
        pids = [int(pid) for pid in build.stdout.readline().split()]
        assert len(pids) == 3
    finally:
        build.kill()
        build.wait(10)
    assert ended_within(pids, 30), "the cluster outlived its build"


def test_a_local_cluster_that_cannot_start_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Python whose ``dask scheduler`` does not run: the error says so, with its log."""
    from jarida.errors import BuildFailed
    from jarida.executors import localcluster

    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\necho 'No module named dask.__main__' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(localcluster.sys, "executable", str(broken))
    started = time.monotonic()
    with pytest.raises(BuildFailed) as failed, localcluster.local_cluster(2, given_by="--executor"):
        pass
    assert time.monotonic() - started < 20
    (problem,) = failed.value.diagnostics
    assert "the local Dask cluster did not start (the scheduler exited with 3)" in problem.message
    assert "No module named dask.__main__" in problem.message
    assert "python -m dask scheduler" in (problem.hint or "")
