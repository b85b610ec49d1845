"""Where graphs live: RDF files and on-disk stores, with Oxigraph underneath.

Code and users see :class:`rdflib.Graph`; the triples sit in an Oxigraph
store (through ``oxrdflib``), which parses, serialises and answers SPARQL one
to two orders of magnitude faster than rdflib's in-memory store on large graphs
(``make bench`` measures both).

* :func:`load` — a Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML file,
  a build folder, or a store folder → a graph ready for SPARQL.
* :func:`write_store` — a built graph → an on-disk Oxigraph store folder
  (``kg build --store DIR``) that later commands open without re-parsing.

A store holds the whole TriG dataset: the graph itself in the default graph,
and the provenance of each relation assertion in a named graph per
document. Graphs opened here are that default graph (what ``graph.ttl``
holds); SPARQL reaches the provenance graphs with ``GRAPH``.
"""

from __future__ import annotations

import gc
import heapq
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphLoadError, OutputError, first_line

if TYPE_CHECKING:
    from kg.outputs import Staged

__all__ = ["ENGINES", "PREFIXES", "load", "is_store", "open_store", "write_store", "oxigraph_of", "dump",
           "to_memory", "from_quads", "quad_store", "as_graph", "dump_sorted", "SortedQuads", "graph_file", "disk_store"]

#: Query engines :func:`load` can put under the graph.
ENGINES = ("oxigraph", "rdflib")

#: Prefixes bound on every graph zhkg opens, so serialisers write short names.
PREFIXES = {
    "kg": "https://w3id.org/zhkg/ontology#",
    "id": "https://w3id.org/zhkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "schema": "https://schema.org/",
}

# file suffix → (rdflib format, Oxigraph format, holds named graphs)
_FORMATS = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE, False),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES, False),
    ".trig": ("trig", ox.RdfFormat.TRIG, True),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS, True),
    ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD, True),
    ".json": ("json-ld", ox.RdfFormat.JSON_LD, True),
    ".rdf": ("xml", ox.RdfFormat.RDF_XML, False),
    ".xml": ("xml", ox.RdfFormat.RDF_XML, False),
}


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _wrap(store: ox.Store) -> Graph:
    """The default graph of *store* as an rdflib graph; named graphs stay reachable from SPARQL.

    The store is kept on the graph object itself: rdflib graphs hash and compare
    by identifier, and every wrapped graph has the same one, so no mapping keyed
    by graph could tell them apart.
    """
    from oxrdflib import OxigraphStore  # here: writing a build needs pyoxigraph alone (oxrdflib loads
                                        # rdflib's SPARQL engine, 0.1 s)

    g = _bind(Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID))
    g._zhkg_oxigraph = store
    return g


def quad_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """Oxigraph quads (:func:`kg.rdf.graph.quads`) in an in-memory Oxigraph store.

    The build makes its graph here, with no rdflib store in between: building it in rdflib's
    memory first took two thirds of a build's writing time at 1,000 articles.
    """
    store = ox.Store()
    store.extend(quads)
    return store


def from_quads(quads: Iterable[ox.Quad]) -> Graph:
    """:func:`quad_store` as an rdflib graph."""
    return as_graph(quad_store(quads))


def as_graph(store: ox.Store) -> Graph:
    """The default graph of an Oxigraph *store* as an rdflib graph (named graphs stay reachable
    from SPARQL)."""
    return _wrap(store)


def oxigraph_of(graph: Graph) -> ox.Store | None:
    """The Oxigraph store under a graph opened by :func:`load`, or None."""
    return getattr(graph, "_zhkg_oxigraph", None)


# Entity IRIs hold '/' after the id/ namespace, which a prefixed name could only
# write escaped (id:region\/…); they are written in full instead.
_WRITE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}

def to_memory(graph: Graph) -> Graph:
    """A copy of *graph* in rdflib's own store, for code that walks it triple by triple.

    Oxigraph hands back simple literals typed ``xsd:string`` (the same term in
    RDF 1.1); the copy writes them as rdflib's plain literals again.
    """
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    for s, p, o in graph.triples((None, None, None)):
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def to_memory_dataset(graph: Graph) -> "Dataset | None":
    """The whole dataset under *graph* — its default graph and every named graph (a build's provenance) — in
    rdflib's own store, or None when it holds no named graph (then :func:`to_memory` has all of it)."""
    from rdflib import ConjunctiveGraph, Dataset

    store = oxigraph_of(graph)
    if store is not None:
        if next(iter(store.named_graphs()), None) is None:
            return None
        ds = Dataset()
        ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")  # simple literals stay plain
        return ds
    if isinstance(graph, ConjunctiveGraph) and any(c.identifier != graph.default_context.identifier
                                                    for c in graph.contexts()):
        return graph
    return None


_OX_OUT = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "xml": (ox.RdfFormat.RDF_XML, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
}


def dump(graph: Graph, rdf_format: str, sort: bool = False) -> bytes | None:
    """Serialise an Oxigraph-backed *graph* with Oxigraph's writers (None if it cannot).

    Triple formats get the default graph, quad formats the whole dataset.
    Terms are written in the canonical form Oxigraph keeps (``"50"^^xsd:decimal``).
    The store's index order is the same for the same graph, so the same graph
    gives the same bytes; with *sort*, quads are written ordered by graph,
    subject, predicate (``rdf:type`` first) and object, each subject's
    statements together — what the build writes for people to read.
    """
    store = oxigraph_of(graph)
    if store is None or rdf_format not in _OX_OUT:
        return None
    fmt, quads = _OX_OUT[rdf_format]
    if sort:
        return dump_sorted(graph, [rdf_format])[rdf_format]
    if quads:
        return store.dump(format=fmt, prefixes=_WRITE_PREFIXES)
    return store.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=_WRITE_PREFIXES)


def dump_sorted(source: Graph | ox.Store, rdf_formats: list[str]) -> dict[str, bytes]:
    """*source* (a graph on Oxigraph, or the store itself) in each of *rdf_formats* (of :data:`_OX_OUT`),
    written in the order ``dump(sort=True)`` gives: sorted once for all of them (a triple format takes
    the default graph's part of the order)."""
    store = source if isinstance(source, ox.Store) else oxigraph_of(source)
    ordered = sorted(store.quads_for_pattern(None, None, None, None), key=_quad_key)
    default = None
    out = {}
    for name in rdf_formats:
        fmt, quads = _OX_OUT[name]
        if not quads and default is None:
            default = [q for q in ordered if isinstance(q.graph_name, ox.DefaultGraph)]
        out[name] = ox.serialize(ordered if quads else default, format=fmt, prefixes=_WRITE_PREFIXES)
    return out


_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class SortedQuads:
    """Quads sorted on disk, for writing a graph larger than memory in :func:`dump_sorted`'s order.

    ::

        sq = SortedQuads(folder)
        sq.add(quads)                 # as often as needed, in any order; a quad may come more than once
        sq.finish()                   # the runs merged: sq.nquads is the sorted dataset
        sq.serialize("trig", fh)      # and in any format of dump_sorted's

    Quads are kept as their sort keys; each *run_chars* characters of keys are sorted and written to a
    run file in *folder* (duplicates dropped), and :meth:`finish` merges the runs (an external merge sort),
    so memory holds one run, whatever the graph's size. The bytes written are those :func:`dump_sorted`
    gives for a store of the same quads.
    """

    def __init__(self, folder: str | Path, run_chars: int = 1 << 25) -> None:
        self.folder = Path(folder)
        self.run_chars = run_chars
        self._keys: list[str] = []
        self._chars = 0
        self._runs: list[Path] = []

    def add(self, quads: Iterable[ox.Quad]) -> None:
        keys, limit = self._keys, self.run_chars
        for q in quads:
            k = _quad_key(q)
            keys.append(k)
            self._chars += len(k)
            if self._chars >= limit:
                self._flush()
                keys = self._keys

    @staticmethod
    def run_of(quads: Iterable[ox.Quad]) -> bytes:
        """*quads* as one sorted run (compressed), made where they are made — on a cluster's worker — and
        taken in by :meth:`add_run`."""
        keys = _unique(sorted(_quad_key(q) for q in quads))
        return zlib.compress("".join(f"{k}\n" for k in keys).encode("utf-8"), 1)

    def add_run(self, run: bytes) -> None:
        """A run from :meth:`run_of`, kept on disk until :meth:`finish` merges it with the others."""
        path = self.folder / f"run-{len(self._runs):05d}"
        path.write_bytes(zlib.decompress(run))
        self._runs.append(path)

    def _flush(self) -> None:
        if not self._keys:
            return
        run = self.folder / f"run-{len(self._runs):05d}"
        with run.open("w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(f"{k}\n" for k in _unique(sorted(self._keys)))
        self._runs.append(run)
        self._keys, self._chars = [], 0

    def _merged(self):
        """Every key once, in order."""
        if not self._runs:  # small graphs never touch the disk
            yield from _unique(sorted(self._keys))
            return
        self._flush()
        files = [run.open(encoding="utf-8", newline="\n") for run in self._runs]
        try:
            yield from _unique(line[:-1] for line in heapq.merge(*files))
        finally:
            for fh in files:
                fh.close()

    def finish(self) -> Path:
        """Merge the runs into the sorted dataset; returns its N-Quads file (in *folder*; a store's bulk
        loader reads it), which :meth:`serialize` then writes in other formats."""
        with self.nquads.open("w", encoding="utf-8", newline="\n") as nq, \
                self._default.open("w", encoding="utf-8", newline="\n") as nt:
            for key in self._merged():
                g, s, _, p, o = key.split("\0", 4)
                if g == _DEFAULT_NAME:
                    line = f"{s} {p} {o} .\n"
                    nt.write(line)
                    nq.write(line)
                else:
                    nq.write(f"{s} {p} {o} {g} .\n")
        for run in self._runs:
            run.unlink()
        self._runs, self._keys = [], []
        return self.nquads

    def serialize(self, rdf_format: str, output: BinaryIO | str | Path) -> None:
        """The sorted graph (after :meth:`finish`) in *rdf_format* (of :data:`_OX_OUT`; a triple format
        takes the default graph) into *output*, a binary file or a path."""
        fmt, whole = _OX_OUT[rdf_format]
        src, src_fmt = (self.nquads, ox.RdfFormat.N_QUADS) if whole else (self._default, ox.RdfFormat.N_TRIPLES)
        ox.serialize(ox.parse(path=str(src), format=src_fmt), output if not isinstance(output, Path) else str(output),
                     fmt, prefixes=_WRITE_PREFIXES)

    @property
    def nquads(self) -> Path:
        return self.folder / "sorted.nq"

    @property
    def _default(self) -> Path:
        return self.folder / "default.nt"


_DEFAULT_NAME = str(ox.DefaultGraph())


def _unique(ordered: Iterable[str]) -> Iterator[str]:
    last = None
    for k in ordered:
        if k != last:
            yield k
            last = k


def _quad_key(q: ox.Quad) -> str:
    """Graph, subject, ``rdf:type`` first, predicate, object — as one string (fields joined by NUL, which
    no term holds, so it sorts as the tuple would; one string per quad is lighter than a tuple of five)."""
    p = str(q.predicate)
    return "\0".join((str(q.graph_name), str(q.subject), "0" if p == _RDF_TYPE else "1", p, str(q.object)))


def is_store(path: str | Path) -> bool:
    """Whether *path* is an Oxigraph store folder (RocksDB files inside)."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and any(p.glob("OPTIONS-*"))


def open_store(path: str | Path) -> Graph:
    """Open an on-disk store read-only; several processes may open it at once."""
    p = Path(path)
    if not is_store(p):
        raise GraphLoadError(f"{p}: not an Oxigraph store folder; create one with `kg build ... --store {p}`")
    try:
        return _wrap(ox.Store.read_only(str(p)))
    except OSError as exc:
        raise GraphLoadError(f"{p}: the store cannot be opened ({exc}); rebuild it with `kg build ... --store {p}`") from exc


def _resolve(path: Path) -> Path:
    """A file or store behind *path*; a build folder gives its store or its graph.trig/graph.ttl."""
    if path.is_dir() and not is_store(path):
        for cand in (path / "store", path / "graph.trig", path / "graph.ttl"):
            if cand.exists() and (cand.is_file() or is_store(cand)):
                return cand
        raise GraphLoadError(f"{path}: no graph.ttl, graph.trig or store in this folder; run `kg build ... --out {path}` first")
    if not path.exists():
        raise GraphLoadError(f"{path}: no such file; give a graph file (.ttl, .trig, .nt, .nq, .jsonld), a build folder or a store")
    return path


def load(path: str | Path, engine: str = "oxigraph") -> Graph:
    """Load a graph file, build folder or store folder for querying.

    With ``engine="oxigraph"`` (the default) the triples go into an Oxigraph
    store; ``engine="rdflib"`` keeps rdflib's own in-memory store (slower;
    for comparison; of a TriG or N-Quads file it gives an rdflib Dataset).
    Of a TriG or N-Quads file, the graph is the default graph; SPARQL
    reaches the named graphs with ``GRAPH``.

    >>> g = load("ontology/zhkg.ttl")
    >>> len(g) > 100, type(g).__name__
    (True, 'Graph')
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    p = _resolve(Path(path))
    if is_store(p):
        return open_store(p)
    rdf_fmt, ox_fmt, quads = _FORMATS.get(p.suffix.lower(), _FORMATS[".ttl"])
    try:
        if engine == "rdflib":
            if quads:  # rdflib answers GRAPH queries only on a Dataset
                return _bind(Dataset().parse(p, format=rdf_fmt))
            return _bind(Graph().parse(p, format=rdf_fmt))
        store = ox.Store()
        store.bulk_load(path=str(p), format=ox_fmt)
        return _wrap(store)
    except Exception as exc:  # the parsers raise many kinds
        raise GraphLoadError(f"{p}: cannot be parsed as {rdf_fmt} ({first_line(exc)}); is it a zhkg output?") from exc


def graph_file(path: str | Path, suffix: str) -> Graph:
    """The graph file *path*, read as the format of *suffix* whatever its own name, on Oxigraph."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=_FORMATS[suffix][1])
    return _wrap(store)


def disk_store(path: str | Path, suffix: str, folder: str | Path) -> ox.Store:
    """The graph file *path* (in the format of *suffix*) bulk-loaded into a new on-disk store at *folder*:
    for reading a graph larger than memory."""
    store = ox.Store(str(folder))
    store.bulk_load(path=str(path), format=_FORMATS[suffix][1])
    return store


def stage_store(source: str | Path | bytes, path: str | Path, fmt: str = ".trig") -> "Staged":
    """An Oxigraph store of *source* (a graph file, or its bytes in the format of suffix *fmt*), built in
    a temporary folder beside *path*; ``commit()`` the result to move it into place."""
    from kg.outputs import stage_dir

    dest = Path(path)
    if dest.exists() and not is_store(dest) and (dest.is_file() or any(dest.iterdir())):
        raise OutputError(f"{dest}: exists and is not an Oxigraph store; choose an empty or new folder for --store")
    staged = stage_dir(dest)
    try:
        store = ox.Store(str(staged.tmp))
        _fill(store, source, fmt)
        store.optimize()
        store.flush()
        del store
        gc.collect()  # the store's files must be closed before the folder moves
    except OSError as exc:
        staged.discard()
        raise OutputError(f"{dest}: the store cannot be written ({exc}); check the folder's permissions and free space") from exc
    except BaseException:
        staged.discard()
        raise
    return staged


def _fill(store: ox.Store, source: str | Path | bytes, fmt: str) -> None:
    if isinstance(source, bytes):
        store.bulk_load(source, format=_FORMATS[fmt][1])
    else:
        src = Path(source)
        store.bulk_load(path=str(src), format=_FORMATS.get(src.suffix.lower(), _FORMATS[".ttl"])[1])


def write_store(source: str | Path, path: str | Path) -> Path:
    """Load the graph file *source* (TriG keeps the provenance graphs) into a new store folder *path*.

    The store is built beside *path* and moved into place when complete, so a
    failed or interrupted write leaves any earlier store untouched.
    """
    from kg.outputs import deferred_signals

    staged = stage_store(source, path)
    with deferred_signals():
        return staged.commit()
