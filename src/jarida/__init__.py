"""Jarida: a static site generator for Arabic and other right-to-left news sites."""

from __future__ import annotations

__version__ = "0.1.0"
