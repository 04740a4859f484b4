"""Template syntax of Jekyll (Liquid) and Hugo (shortcodes) translated on import: the
interface of :mod:`jarida.importer.syntax`, where the work is done."""

from __future__ import annotations

from jarida.importer.syntax import Dialect, Links, Translation, translate

__all__ = ("Dialect", "Links", "Translation", "translate")
