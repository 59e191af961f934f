"""What a change did, as values: the rows undo puts back, and what moving the home zone moved.

Apart from `storage.store.core` so that opening the Store to read (`calepin entries`,
`timer status`) does not build these classes; the first change loads them, and builds the
two it uses (`storage.deferred`).
"""

from __future__ import annotations

from typing import Any

from storage.deferred import built_on_first_use, deferred


@deferred(frozen=True, slots=True)
class RowChange:
    table: str
    row_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@deferred(frozen=True, slots=True)
class Change:
    """One user-level change (one transaction): what `undo` reverses and `redo` replays."""

    label: str
    rows: tuple[RowChange, ...]


@deferred(frozen=True, slots=True)
class ZoneChange:
    """What `change_zone` did: `moved` posts took the new zone, `clock_changed` of them show
    another date or time, `series_kept_wall` repeating posts kept their clock time although
    `keep` was "instant"."""

    old: str
    new: str
    keep: str
    moved: int
    clock_changed: int
    series_kept_wall: int


__getattr__, __dir__ = built_on_first_use(globals())
