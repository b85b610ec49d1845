"""The build's progress bar: documents done and characters read per second, on a terminal only.

:func:`terminal_bar` gives the ``progress`` argument of :func:`kg.builder.build` — a callable that wraps the
stream of per-document outcomes (each with ``.extraction``, ``None`` for a skipped document) and the number
of documents to expect — or ``None`` when the stream is not a terminal, so a piped or logged build stays quiet.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

Progress = Callable[[Iterable[Any], int], Iterable[Any]]

#: builds of fewer documents than this finish before a bar would say anything
MIN_DOCUMENTS = 6


def terminal_bar(stream: IO[str] | None = None, min_documents: int = MIN_DOCUMENTS) -> Progress | None:
    """A tqdm bar on *stream* (standard error by default) when it is a terminal; else ``None``."""
    stream = stream if stream is not None else sys.stderr
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):  # closed, or not a file at all
        return None

    def bar(outcomes: Iterable[Any], total: int) -> Iterator[Any]:
        if total < min_documents:
            yield from outcomes
            return
        from tqdm import tqdm

        try:
            size = os.get_terminal_size(stream.fileno())
        except (OSError, ValueError, AttributeError):
            size = os.terminal_size((0, 0))
        ncols, nrows = size.columns or 80, size.lines or 24  # a terminal of no size yet (tqdm would hide the bar)
        chars = 0
        start = time.perf_counter()
        with tqdm(total=total, desc="documents", unit="doc", file=stream,
                  ncols=ncols, nrows=nrows) as shown:
            for out in outcomes:
                chars += out.extraction.document.characters if out.extraction is not None else out.characters
                elapsed = time.perf_counter() - start
                shown.set_postfix_str(f"{chars / elapsed if elapsed > 0 else 0:,.0f} chars/s", refresh=False)
                shown.update()
                if shown.n >= total:  # the last one: the caller may never ask past it
                    shown.close()
                yield out

    return bar


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)  # bytes on macOS, KB on Linux
