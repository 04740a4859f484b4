"""Golden files: what the example site builds to (``python -m tests.golden.regenerate``)."""
