"""The CI workflows: valid YAML holding what GitHub Actions and GitLab CI require for Pages.

The keys checked are those of each platform's documented workflow syntax and of its Pages
documentation. When ``check-jsonschema`` is installed (the test extra), both files are also
validated against the schemas it ships (the SchemaStore ones editors use), offline.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from jarida import __version__
from jarida.scaffold.workflows import (
    GITHUB_WORKFLOW,
    GITLAB_CI,
    github_workflow,
    gitlab_ci,
    workflow_files,
)
from tests.conftest import REPO

REGENERATE = (
    'regenerate: PYTHONPATH=src python -c "from pathlib import Path; '
    "from jarida.scaffold.workflows import workflow_files; "
    "[Path(p).write_text(t, encoding='utf-8') for p, t in workflow_files(package='.').items()]\""
)


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith(action + "@")]


def test_github_workflow() -> None:
    data = yaml.safe_load(github_workflow())
    # YAML 1.1 (PyYAML) reads the key `on` as true; GitHub reads it as "on".
    triggers = data.get("on", data.get(True))
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    for job in (build, deploy):
        assert isinstance(job["runs-on"], str) and isinstance(job["steps"], list)
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step  # a step does one of the two
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert f'python -m pip install "jarida=={__version__}"' in runs
    [build_run] = [r for r in runs if r.startswith("jarida build")]
    assert "${{ steps.pages.outputs.base_url }}" in build_run and "--strict" in build_run
    [configure] = steps_using(build, "actions/configure-pages")
    assert configure["id"] == "pages"
    [upload] = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "public"
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    [pages] = steps_using(deploy, "actions/deploy-pages")
    assert pages["id"] == "deployment"


def test_gitlab_pages_job() -> None:
    data = yaml.safe_load(gitlab_ci())
    assert isinstance(data["image"], str)
    job = data["pages"]  # GitLab Pages publishes the job called `pages`
    assert job["stage"] in ("build", "test", "deploy")  # the default stages
    assert all(isinstance(line, str) for line in job["script"])
    assert f'python -m pip install "jarida=={__version__}"' in job["script"]
    assert 'jarida build --strict --base-url "$CI_PAGES_URL/"' in job["script"]
    assert job["artifacts"]["paths"] == ["public"]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_versions_are_pinned() -> None:
    for text in workflow_files("9.8.7").values():
        assert '"jarida==9.8.7"' in text and __version__ not in text.replace("9.8.7", "")


def test_this_repository_keeps_the_same_workflows() -> None:
    # This repository is Jarida itself: its workflows install the checkout, not a release.
    for path, text in workflow_files(package=".").items():
        assert (REPO / path).read_text(encoding="utf-8") == text, f"{path} is stale: {REGENERATE}"
    assert set(workflow_files()) == {GITHUB_WORKFLOW, GITLAB_CI}


def _check_jsonschema() -> str | None:
    beside = Path(sys.executable).parent / "check-jsonschema"
    return str(beside) if beside.is_file() else shutil.which("check-jsonschema")


@pytest.mark.skipif(_check_jsonschema() is None, reason="needs check-jsonschema (test extra)")
@pytest.mark.parametrize(
    ("path", "schema"),
    [(GITHUB_WORKFLOW, "vendor.github-workflows"), (GITLAB_CI, "vendor.gitlab-ci")],
)
def test_the_platforms_schemas_accept_them(path: str, schema: str) -> None:
    tool = _check_jsonschema()
    assert tool is not None
    done = subprocess.run(
        [tool, "--builtin-schema", schema, str(REPO / path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
