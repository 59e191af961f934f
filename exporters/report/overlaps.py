"""Who owns each minute where entries overlap: the later-started entry wins (the one place)."""

from __future__ import annotations

import heapq
from collections.abc import Sequence


def resolve_overlaps(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Who owns each stretch of time: (start, end, index into spans), in time order.

    `spans` are (start, end) pairs sorted by start (ties: later index = later entry). Where
    spans overlap, the one that started last owns the time, so an interruption wins and the
    interrupted entry resumes when it ends.
    """
    out: list[tuple[int, int, int]] = []
    # Most entries touch no other: sweep only the clusters of spans that really overlap.
    i, n = 0, len(spans)
    while i < n:
        j, reach = i + 1, spans[i][1]
        while j < n and spans[j][0] < reach:
            reach = max(reach, spans[j][1])
            j += 1
        if j == i + 1:
            out.append((spans[i][0], spans[i][1], i))
        else:
            out.extend(sweep(spans, i, j))
        i = j
    return out


def sweep(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int, int]]:
    bounds = sorted({x for span in spans[lo:hi] for x in span})
    heap: list[tuple[int, int, int]] = []  # (-start, -index, end)
    out: list[tuple[int, int, int]] = []
    j = lo
    for k in range(len(bounds) - 1):
        t = bounds[k]
        while j < hi and spans[j][0] <= t:
            a, b = spans[j]
            heapq.heappush(heap, (-a, -j, b))
            j += 1
        while heap and heap[0][2] <= t:
            heapq.heappop(heap)
        if not heap:
            continue
        owner = -heap[0][1]
        nxt = bounds[k + 1]
        if out and out[-1][2] == owner and out[-1][1] == t:
            out[-1] = (out[-1][0], nxt, owner)
        else:
            out.append((t, nxt, owner))
    return out
