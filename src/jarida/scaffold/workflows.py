"""CI workflows that build a site with a pinned Jarida and publish it on GitHub or GitLab Pages.

``jarida new site`` writes both; this repository keeps the same two files at its root for the
example site (a test checks they match). Both pass the host's own address as ``--base-url``, so
links are right on a project site (``https://ORG.github.io/SITE/``) without editing the config.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from jarida import __version__

GITHUB_WORKFLOW = ".github/workflows/deploy.yml"
GITLAB_CI = ".gitlab-ci.yml"

_GITHUB = """\
# Build the site with Jarida and publish it on GitHub Pages.
# يبني الموقع بجريدة وينشره على GitHub Pages.
#
# Once, in the repository: Settings → Pages → Source: "GitHub Actions".
# مرة واحدة في المستودع: Settings ← Pages ← Source: "GitHub Actions".
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:
  # Articles dated in the future appear at the first build after their date; to publish them on
  # time without a push, run the workflow on a schedule too:
  # schedule:
  #   - cron: "*/30 * * * *"

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer push waits instead of cancelling a deployment under way.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install Jarida
        run: python -m pip install @INSTALL@
      - name: Build
        run: jarida build --strict --base-url "${{ steps.pages.outputs.base_url }}/"
      # v3 keeps files whose names start with a dot (such as .well-known/); v4 leaves them out.
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

_GITLAB = """\
# Build the site with Jarida and publish it on GitLab Pages, from the default branch.
# يبني الموقع بجريدة وينشره على GitLab Pages من الفرع الافتراضي.
image: python:3.12-slim

pages:
  stage: deploy
  script:
    - python -m pip install @INSTALL@
    - jarida build --strict --base-url "$CI_PAGES_URL/"
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


#: What this repository's own workflows install: the checkout, which is Jarida itself.
THIS_REPOSITORY = "."


def _install(version: str, package: str | None) -> str:
    return package if package is not None else f'"jarida=={version}"'


def github_workflow(version: str = __version__, *, package: str | None = None) -> str:
    """The GitHub Pages workflow; it installs the pinned Jarida (or ``package``)."""
    return _GITHUB.replace("@INSTALL@", _install(version, package))


def gitlab_ci(version: str = __version__, *, package: str | None = None) -> str:
    """The GitLab Pages job; it installs the pinned Jarida (or ``package``)."""
    return _GITLAB.replace("@INSTALL@", _install(version, package))


def workflow_files(version: str = __version__, *, package: str | None = None) -> Mapping[str, str]:
    """``{path in the site: text}`` of both workflows."""
    return MappingProxyType(
        {
            GITHUB_WORKFLOW: github_workflow(version, package=package),
            GITLAB_CI: gitlab_ci(version, package=package),
        }
    )
