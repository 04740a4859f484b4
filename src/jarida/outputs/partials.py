"""Partials rendered once and reused on every page that shows them (Hugo's ``partialCached``).

An article's card is shown on the home page, on each of its terms' pages and in other articles'
related lists: templates call ``partial_cached("partials/card.html", item, **variables)``, and the
partial is rendered once per template, article and variables in each process, then reused.

A reused partial must still make every page that shows it depend on what it read: it is rendered
with a recorder of its own (so that all of its reads are recorded, whatever the page had read
before it), and its reads are added to the page's each time it is shown, as if it had been
rendered there. The cache lives as long as one site's rendering (the reads' memo's lifetime), so
it cannot outlive what it was rendered from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from jarida.encoding import PLAIN
from jarida.model import Site
from jarida.reads import Key, Pair, Recorder, track, unwrap

#: Partials kept per process (oldest dropped first): ~2 KB each, so that a 100,000-article
#: site's cards do not all stay in every worker's memory.
LIMIT = 20_000

Reads = tuple[tuple[str, Pair], ...]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A partial's text and the reads it made."""

    html: Markup
    reads: Reads


class Partials:
    """The partials rendered so far from one site, by template, article and variables."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._done: dict[Key, Rendered] = {}

    def render(
        self,
        env: Environment,
        site: Site,
        recorder: Recorder,
        call: tuple[str, object, dict[str, object]],
    ) -> Markup:
        """The partial ``call`` (template name, article, variables) as the page of ``recorder``
        shows it, its reads added to the page's."""
        name, item, variables = call
        key = _key(name, item, variables)
        done = None if key is None else self._done.get(key)
        if done is None:
            own = Recorder(recorder.memo, recorder.bodies)
            values = {var: unwrap(value) for var, value in variables.items()}
            context = track({**values, "site": site, "item": unwrap(item)}, own)
            html = Markup(env.get_template(name).render(context))
            own.finish()
            done = Rendered(html=html, reads=tuple(own.reads.items()))
            if key is not None:
                if len(self._done) >= self.limit:
                    del self._done[next(iter(self._done))]
                self._done[key] = done
        # A key the page read already keeps its place; its value is the same (one memo).
        recorder.reads.update(done.reads)
        return done.html

    def bound(self, env: Environment, site: Site, recorder: Recorder) -> Callable[..., Markup]:
        """``partial_cached(name, item, **variables)`` for the page of ``recorder``."""

        def partial_cached(name: str, item: object, **variables: Any) -> Markup:
            return self.render(env, site, recorder, (name, item, variables))

        return partial_cached


def _ref(value: object) -> object:
    """What ``value`` is in a partial's key: a shared object by its reference, a plain value as
    it is; None for anything else (such a partial is rendered every time)."""
    ref = getattr(value, "_jarida_ref", None)
    if ref is not None:
        return ref
    return value if type(value) in PLAIN else None


def _key(name: str, item: object, variables: dict[str, object]) -> Key | None:
    names = sorted(variables)
    refs = [_ref(item), *(_ref(variables[var]) for var in names)]
    if any(ref is None for ref in refs):
        return None
    return (name, refs[0], tuple(zip(names, refs[1:], strict=True)))
