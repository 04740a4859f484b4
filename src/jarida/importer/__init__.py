"""Importers that bring an existing site's content into a Jarida site (``jarida import ...``).

A side tool, not a build stage: it may use the config, the text helpers and the content format,
and nothing but the CLI imports it.
"""
