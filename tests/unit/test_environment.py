"""The Jinja environment's globals, as its templates and their includes see them."""

from __future__ import annotations

from pathlib import Path

from jarida.assets import collect_assets
from jarida.config import Config
from jarida.render import make_environment


def test_every_template_and_include_sees_the_environments_globals(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir(parents=True)
    (tmp_path / "templates" / "outer.html").write_text(
        '{{ lang }}|{% include "inner.html" %}', encoding="utf-8"
    )
    (tmp_path / "templates" / "inner.html").write_text("{{ dir }}|{{ t('home') }}", "utf-8")
    config = Config(root=tmp_path)
    env = make_environment(config, collect_assets(tmp_path))
    assert env.get_template("outer.html").render() == "ar|rtl|الرئيسية"


def test_a_templates_own_globals_overlay_the_environments_without_changing_them(
    tmp_path: Path,
) -> None:
    (tmp_path / "templates").mkdir(parents=True)
    (tmp_path / "templates" / "page.html").write_text("{{ lang }} {{ extra }}", "utf-8")
    env = make_environment(Config(root=tmp_path), collect_assets(tmp_path))
    page = env.get_template("page.html", globals={"lang": "en", "extra": 1})
    assert page.render() == "en 1"
    assert env.globals["lang"] == "ar" and "extra" not in env.globals
    assert env.from_string("{{ lang }}").render() == "ar"
