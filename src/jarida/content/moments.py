"""Front-matter dates as moments: a YAML, TOML or ISO value as a tz-aware datetime, and whether
it was written with a time of day."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo


def to_datetime(value: object, tz: tzinfo) -> datetime | None:
    """A YAML/TOML/ISO value as a tz-aware datetime; naive values take the site's zone."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            try:
                value = date.fromisoformat(text)
            except ValueError:
                return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=tz)
    return None


def has_time(value: object) -> bool:
    """Whether a front-matter date carries a time of day: ``2026-03-31`` does not (its page
    shows no made-up 00:00), ``2026-03-31T09:30`` and a YAML or TOML datetime do."""
    if isinstance(value, str):
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            return True
        return False
    return isinstance(value, datetime)
