"""One sync run: the design's decision table, item by item (filled in next)."""

from __future__ import annotations


class SyncRun:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise NotImplementedError


def pending(store: object) -> list:
    raise NotImplementedError


def resolve(store: object, uid: str, choice: str, *, now: object) -> None:
    raise NotImplementedError
