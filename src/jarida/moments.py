"""A moment of the site (``site.built_at``) as templates see it: reading its year alone makes a
page depend on the year alone (the footer's copyright); any other use, on the whole moment.
One of the views of :mod:`jarida.reads`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

#: The parts of a ``datetime`` a template may read without depending on the whole moment.
_PARTS = frozenset({"year", "month", "day", "hour", "minute", "second", "microsecond"})


class Noter(Protocol):
    """Where a page's reads are noted (:class:`jarida.reads.Recorder`)."""

    def read(self, key: tuple[Any, ...], value: object) -> None: ...


class Moment(datetime):
    """A ``datetime`` of the site (``site.built_at``): reading its year alone depends on the year
    alone (the footer's copyright); any other use depends on the whole moment."""

    _jarida_recorder: Noter
    _jarida_ref: tuple[Any, ...]

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_jarida"):
            return object.__getattribute__(self, name)
        ref, recorder = self._jarida_ref, self._jarida_recorder
        value = super().__getattribute__(name)
        if name in _PARTS:
            recorder.read((ref, "attr", name), value)
        else:
            self._jarida_whole()
        return value

    def _jarida_whole(self) -> datetime:
        whole = datetime.fromisoformat(datetime.isoformat(self))
        ref = self._jarida_ref
        self._jarida_recorder.read((ref[:-1], "attr", ref[-1]), whole)
        return whole

    def __str__(self) -> str:
        return str(self._jarida_whole())

    def __repr__(self) -> str:
        return repr(self._jarida_whole())

    def __format__(self, spec: str) -> str:
        return format(self._jarida_whole(), spec)

    def __hash__(self) -> int:
        return hash(self._jarida_whole())

    def __eq__(self, other: object) -> bool:
        return self._jarida_whole() == other

    def __lt__(self, other: Any) -> bool:
        return bool(self._jarida_whole() < other)

    def __le__(self, other: Any) -> bool:
        return bool(self._jarida_whole() <= other)

    def __gt__(self, other: Any) -> bool:
        return bool(self._jarida_whole() > other)

    def __ge__(self, other: Any) -> bool:
        return bool(self._jarida_whole() >= other)

    def __sub__(self, other: Any) -> Any:
        return self._jarida_whole() - other

    def __add__(self, other: Any) -> Any:
        return self._jarida_whole() + other

    def __reduce__(self) -> Any:
        return self._jarida_whole().__reduce__()


def moment(value: datetime, recorder: Noter, ref: tuple[Any, ...]) -> Moment:
    moment = Moment(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.tzinfo,
        fold=value.fold,
    )
    object.__setattr__(moment, "_jarida_recorder", recorder)
    object.__setattr__(moment, "_jarida_ref", ref)
    return moment
