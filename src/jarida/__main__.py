"""``python -m jarida``."""

from __future__ import annotations

from jarida.cli import main

if __name__ == "__main__":
    main()
