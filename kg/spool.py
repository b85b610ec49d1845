"""Extractions kept on disk for the passes a build makes over its corpus.

Resolution and the RDF stage each read every document's extraction again (:class:`kg.resolve.Resolver`);
holding them all in memory would make a build's memory grow with its corpus. A :class:`Spool` appends
each extraction to one file as it arrives and reads them back in the same order, as often as needed::

    with Spool(folder) as spool:
        for ex in extractions: spool.append(ex)
        for ex in spool: ...      # corpus order, every time

Records are pickles, each compressed on its own (zlib, fast level): the file is private to the build,
written and read by the same code, and removed when the block ends.
"""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from kg.model import Extraction

__all__ = ["Spool"]

_LEN = struct.Struct("<I")


class Spool:
    """An append-only file of extractions in *folder*; iterate to read them back in order."""

    def __init__(self, folder: str | Path) -> None:
        fd, name = tempfile.mkstemp(prefix=".spool.", dir=folder)
        self.path = Path(name)
        self._out = os.fdopen(fd, "w+b")
        self.count = 0

    def append(self, ex: Extraction) -> None:
        blob = zlib.compress(pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._out.write(_LEN.pack(len(blob)))
        self._out.write(blob)
        self.count += 1

    def __iter__(self) -> Iterator[Extraction]:
        self._out.flush()
        with self.path.open("rb") as fh:
            for _ in range(self.count):
                (n,) = _LEN.unpack(fh.read(_LEN.size))
                yield pickle.loads(zlib.decompress(fh.read(n)))

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
