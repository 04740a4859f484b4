"""Other generators' template syntax (Liquid for Jekyll, shortcodes for Hugo) translated into
the Markdown and HTML Jarida renders, for the importers; pure (no I/O).

Code keeps its text; what cannot be translated is kept in a hidden HTML comment that the
build's foreign-syntax check (:mod:`jarida.foreign`) reports, and in a note at its line.
"""

from __future__ import annotations

from jarida.importer.syntax.model import Dialect, Links, Translation
from jarida.importer.syntax.translate import translate

__all__ = ("Dialect", "Links", "Translation", "translate")
