"""Lookups over the spans of a document in logarithmic time.

The document-level passes ask, for each candidate, whether some mention covers, holds or overlaps it.
Scanning every mention for every candidate costs the square of a document's length (a 400,000-character
page took minutes); :class:`Spans` answers each question with a binary search over the spans sorted by
start and the running maximum of their ends, built once.

>>> s = Spans([(0, 4), (10, 12), (2, 6)])
>>> s.overlaps(5, 8), s.overlaps(6, 10), s.holds(3, 6), s.holds(3, 7), s.covers(11), s.covers(12)
(True, False, True, False, True, False)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

__all__ = ["Spans", "within"]


class Spans:
    """A fixed set of half-open spans ``[start, end)``."""

    __slots__ = ("_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))  # the furthest end of the first k spans

    def __len__(self) -> int:
        return len(self._starts)

    def _reach_before(self, k: int) -> int:
        return self._reach[k - 1] if k else -1

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span shares a character with ``[start, end)`` (``a.start < end and start < a.end``)."""
        return self._reach_before(bisect_left(self._starts, end)) > start

    def holds(self, start: int, end: int) -> bool:
        """Whether a span holds all of ``[start, end)`` (``a.start <= start and end <= a.end``)."""
        return self._reach_before(bisect_right(self._starts, start)) >= end

    def covers(self, pos: int) -> bool:
        """Whether a span covers the character at *pos*."""
        return self._reach_before(bisect_right(self._starts, pos)) > pos


def _start(m) -> int:
    return m.start


def within(mentions: list, lo: int, hi: int) -> list:
    """The mentions (anything with ``start`` and ``end``, sorted by start) lying inside ``[lo, hi)``, in
    order: a binary search, then a walk over the span's own mentions.

    >>> from types import SimpleNamespace as M
    >>> [(m.start, m.end) for m in within([M(start=0, end=3), M(start=2, end=5), M(start=4, end=9)], 2, 6)]
    [(2, 5)]
    """
    out = []
    for k in range(bisect_left(mentions, lo, key=_start), len(mentions)):
        m = mentions[k]
        if m.start >= hi:
            break
        if m.end <= hi:
            out.append(m)
    return out
