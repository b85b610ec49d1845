"""Per-document extraction results kept between builds, so a rebuild re-reads only what changed.

A result is stored under ``<out>/.zhkg-cache/<pipeline version>/<key>.pickle``, where the key hashes the
document's bytes, its id and where it came from, and the pipeline version hashes everything that can
change what extraction gives: the code of the reading, NLP and relation stages, the data files, and the
model's files. A rebuild looks each document up by key: an unchanged one is reused, a new or changed
one is extracted again, and entries no document asked for are removed — so a document taken out of
the corpus takes its facts with it. Resolution and output always run over all documents, so the graph
is byte-identical to a clean build's.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import shutil
from pathlib import Path

from kg.outputs import write_atomic

__all__ = ["ExtractionCache", "pipeline_version"]

log = logging.getLogger(__name__)

_ROOT = Path(__file__).resolve().parent
#: Sources whose change changes what extraction gives (the resolver and writers run on every build).
_CODE = ("ingest.py", "articles.py", "quantities.py", "regions.py", "model.py", "builder.py", "extraction.py")


@functools.lru_cache(maxsize=8)
def pipeline_version(model: str | Path | None) -> str:
    """A short hash of the extraction code, the data files and the model's files."""
    from kg.nlp import DEFAULT_MODEL

    h = hashlib.sha256()
    files = [_ROOT / name for name in _CODE] + sorted((_ROOT / "nlp").rglob("*.py")) + sorted((_ROOT / "data").glob("*"))
    folder = DEFAULT_MODEL if model == "default" else (Path(model) if model else None)
    if folder is not None and folder.is_dir():
        files += sorted(p for p in folder.rglob("*") if p.is_file())
    h.update(repr(model if folder is None else "model").encode())
    for f in files:
        h.update(f.relative_to(_ROOT).as_posix().encode() if f.is_relative_to(_ROOT) else f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


class ExtractionCache:
    """The cache of one output folder for one pipeline version."""

    def __init__(self, out: Path, model: str | Path | None):
        self.root = Path(out) / ".zhkg-cache"
        self.folder = self.root / pipeline_version(model)
        self.used: set[str] = set()

    @staticmethod
    def key(doc_id: str, source: str, content: bytes) -> str:
        h = hashlib.sha256()
        for part in (doc_id.encode(), source.encode(), content):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()

    def get(self, key: str):
        self.used.add(key)
        path = self.folder / f"{key}.pickle"
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is extracted again
            log.info("%s: unreadable cache entry (%s); extracting again", path, exc)
            return None

    def put(self, key: str, value) -> None:
        self.used.add(key)
        write_atomic(self.folder / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Remove entries no document of this build used, every other pipeline version's folder, and what a
        killed build staged (the caller holds the output folder's lock: :func:`kg.outputs.exclusive`)."""
        if not self.root.is_dir():
            return
        for other in self.root.iterdir():
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        if self.folder.is_dir():
            for entry in self.folder.glob("*.pickle"):
                if entry.stem not in self.used:
                    entry.unlink(missing_ok=True)
            for entry in self.folder.glob(".*.pickle.*"):  # staged by a build that was killed mid-write
                entry.unlink(missing_ok=True)
