"""The whole path: files → documents → mentions and facts → entities → RDF → outputs::

    report = build(["seeds/001_5fbdaa8fd5a4efac.txt"], "/tmp/zhkg-out")
    report.outputs["turtle"]     # PosixPath('/tmp/zhkg-out/graph.ttl')

A document that cannot be read or processed is reported in
``BuildReport.skipped`` and the rest of the corpus still builds. :func:`build`
streams: each document's extraction goes to a spool on disk as it arrives,
resolution reads the spool in passes (:class:`kg.resolve.Resolver`), and the RDF
stage writes each document's quads into a sort on disk (:class:`kg.store.SortedQuads`),
so a build's memory grows with the distinct entities and facts, not with the
corpus. Outputs are staged beside their places and moved in one step, so a
failed or interrupted build never leaves a half-written file behind.
:func:`build_graph` gives the same graph resolved in memory, every entity with
its mentions and every fact with its evidence, for code that walks it.
"""

from __future__ import annotations

import functools
import logging
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from kg.errors import InputError, OutputError, ZhkgError
from kg.extraction import Outcome, extract_document
from kg.ingest import discover
from kg.model import Extraction, ResolvedGraph
from kg.outputs import deferred_signals, exclusive, stage_file, sweep_staged, write_atomic
from kg.progress import peak_mb

if TYPE_CHECKING:
    from kg.cache import ExtractionCache
    from kg.progress import Progress

__all__ = ["BuildReport", "extract_document", "build_graph", "build", "write_atomic", "ONTOLOGY_FILE"]

log = logging.getLogger(__name__)

ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "zhkg.ttl"
if not ONTOLOGY_FILE.exists():  # installed as a wheel: the copy inside the package
    ONTOLOGY_FILE = Path(__file__).resolve().parent / "ontology" / "zhkg.ttl"


@dataclass
class BuildReport:
    documents: int = 0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    repaired: list[tuple[str, str]] = field(default_factory=list)  # (path, what was repaired)
    outputs: dict[str, Path] = field(default_factory=dict)
    duplicates_dropped: int = 0
    reused: int | None = None  # documents whose cached extraction was reused (None: no cache)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage (kg -v build logs it)
    peak_mb: dict[str, float] = field(default_factory=dict)  # this process's peak memory when each stage ended

    def summary(self) -> str:
        reused = f", {self.reused} reused" if self.reused is not None else ""
        lines = [f"documents   {self.documents} read{reused}, {len(self.skipped)} skipped"
                 + (f", {self.duplicates_dropped} repeated passages dropped" if self.duplicates_dropped else "")]
        lines.append("entities    " + ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items())) if self.entities
                     else "entities    none")
        lines.append("relations   " + ", ".join(f"{k} {v}" for k, v in sorted(self.relations.items())) if self.relations
                     else "relations   none")
        if self.events:
            lines.append("events      " + ", ".join(f"{k} {v}" for k, v in sorted(self.events.items())))
        for path, why in self.skipped:
            lines.append(f"skipped     {path}: {why}")
        for path, what in self.repaired:
            lines.append(f"repaired    {path}: {what}")
        for name, path in self.outputs.items():
            lines.append(f"{name:<11} {path}")
        return "\n".join(lines)


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # read_document reports it


def _article_bytes(art) -> bytes | None:
    """What an article's cache key is made of: its text and its metadata (None if it cannot be read)."""
    try:
        art = art.record()
    except InputError:
        return None  # extract_task reports it
    return art.text.encode() + art.title.encode() + repr((art.date, art.url, art.publisher)).encode()


def _in_order(done: dict[int, "Outcome"], fresh, n: int):
    """``(index, outcome)`` for every document in corpus order: cached ones from *done*, the rest as
    *fresh* yields them (itself in corpus order)."""
    fresh = iter(fresh)
    for i in range(n):
        if i in done:
            yield i, done[i]
        else:
            j, out = next(fresh)
            assert j == i
            yield i, out


def _tasks(files: list[Path], fields: dict[str, str] | None, report: "BuildReport") -> list[tuple]:
    """``(path, doc_id, article or None)`` per document: a ``.txt`` file is one, a collection one per good
    row (bad rows go to *report*). A document id is the file's stem or the article's id, numbered when
    two sources share it."""
    from kg.articles import COLLECTION_SUFFIXES, BadRow, read_articles

    seen: dict[str, int] = {}

    def unique(name: str) -> str:
        seen[name] = seen.get(name, 0) + 1
        return name if seen[name] == 1 else f"{name}-{seen[name]}"

    tasks = []
    for path in files:
        if path.suffix.lower() not in COLLECTION_SUFFIXES:
            tasks.append((path, unique(path.stem), None))
            continue
        try:
            for rec in read_articles(path, fields, lazy=True):
                if isinstance(rec, BadRow):
                    report.skipped.append((f"{rec.path}:{rec.line}", rec.reason))
                else:
                    tasks.append((path, unique(rec.id), rec))
        except InputError as exc:
            report.skipped.append((str(path), str(exc).split(": ", 1)[-1]))
    return tasks


def build_graph(
    paths: Iterable[str | Path],
    model: str | Path | None = "default",
    progress: Progress | None = None,
    jobs: int = 1,
    fields: dict[str, str] | None = None,
    cache: ExtractionCache | None = None,
    dask: str | None = None,
) -> tuple[ResolvedGraph, BuildReport]:
    """Read and extract every document under *paths*; resolve entities across them, in memory (entities
    keep their mentions, facts their evidence). :func:`build` streams instead.

    With *jobs* > 1, documents are extracted in that many worker processes
    (each loads the pipeline once); with *dask*, as tasks on that Dask cluster
    (``"local"`` starts one). Results come back in file order, so the graph is
    the same whatever runs them (:mod:`kg.parallel`). With *cache*, a document
    whose extraction is cached is reused instead of extracted (:mod:`kg.cache`).
    With *progress* (:func:`kg.progress.terminal_bar`), the documents extracted
    now pass through it as they finish, with their number.
    """
    report = BuildReport()
    extractions = list(extractions_of(paths, report, model, progress, jobs, fields, cache, dask))
    from kg.resolve import resolve

    t = time.perf_counter()
    rg = resolve(extractions)
    report.seconds["resolve"] = time.perf_counter() - t
    report.peak_mb["resolve"] = peak_mb()
    _count(report, rg)
    return rg, report


def extractions_of(
    paths: Iterable[str | Path],
    report: BuildReport,
    model: str | Path | None = "default",
    progress: Progress | None = None,
    jobs: int = 1,
    fields: dict[str, str] | None = None,
    cache: ExtractionCache | None = None,
    dask: str | None = None,
) -> Iterator[Extraction]:
    """Every readable document's extraction under *paths*, in corpus order (arguments as
    :func:`build_graph`'s); what is skipped, repaired or reused goes to *report*."""
    from kg.parallel import outcomes

    all_tasks, done, keys = plan(paths, report, fields, cache)
    pending = [i for i in range(len(all_tasks)) if i not in done]
    tasks = [all_tasks[i] for i in pending]
    started = time.perf_counter()
    waiting = bool(tasks) and (jobs > 1 or dask is not None)  # this process waits on workers meanwhile
    with outcomes(tasks, model, jobs, dask) as fresh_outcomes:
        # imported once the workers are starting (rdflib: 0.1 s they need not wait for)
        from kg.rdf.graph import prime_pinyin

        fresh = zip(pending, progress(fresh_outcomes, len(tasks)) if progress else fresh_outcomes)
        for i, out in _in_order(done, fresh, len(all_tasks)):
            if cache is not None and i in keys and out.extraction is not None and i not in done:
                cache.put(keys[i], out)
            if note(report, out):
                if waiting:  # the names' pinyin (labels, IRIs), worked out between the workers' results
                    prime_pinyin({m.key for m in out.extraction.mentions})
                yield out.extraction
    if cache is not None:
        cache.prune()
    report.seconds["read+extract"] = time.perf_counter() - started
    report.peak_mb["read+extract"] = peak_mb()


def plan(paths: Iterable[str | Path], report: BuildReport, fields: dict[str, str] | None,
         cache: ExtractionCache | None) -> tuple[list[tuple], dict[int, Outcome], dict[int, str]]:
    """The corpus's tasks ``(path, doc_id, article or None)`` in order, the outcomes *cache* holds for some
    of them (by task index) and each task's cache key."""
    files, unreadable = discover(list(paths))
    report.skipped.extend(unreadable)
    all_tasks = _tasks(files, fields, report)
    done: dict[int, Outcome] = {}
    keys: dict[int, str] = {}
    if cache is not None:
        report.reused = 0
        for i, (path, doc_id, art) in enumerate(all_tasks):
            content = _article_bytes(art) if art is not None else _bytes(path)
            if content is None:
                continue
            keys[i] = cache.key(doc_id, f"{path}:{art.line}" if art is not None else str(path), content)
            hit = cache.get(keys[i])
            if hit is not None:
                done[i] = hit
                report.reused += 1
    return all_tasks, done, keys


def note(report: BuildReport, out: Outcome) -> bool:
    """One document's outcome (or its summary) into *report*; whether it was read."""
    if not out.read:
        report.skipped.append((out.path, out.skipped))
        return False
    path, repairs, dropped = out.path, out.repairs, out.dropped
    if repairs:
        report.repaired.append((path, repairs))
    report.documents += 1
    report.duplicates_dropped += dropped
    return True


def _no_document(report: BuildReport, paths) -> None:
    if report.documents == 0:
        raise InputError(
            f"{', '.join(map(str, paths))}: no document could be read"
            + (f" ({report.skipped[0][1]})" if report.skipped else "; give .txt files or folders holding them")
        )


def _count(report: BuildReport, rg: ResolvedGraph) -> None:
    """*rg*'s entities by type, events by kind and direct links by property, into *report*."""
    for e in rg.entities.values():
        report.entities[e.type.value] += 1
    from kg.model import EventKind

    for ev in rg.events:
        report.events[ev.kind.value] += 1
        n = len(ev.parties) * (len(ev.parties) - 1) // 2
        report.relations["signedAgreementWith" if ev.kind is EventKind.AGREEMENT else "tradedCarbonWith"] += n
    report.relations["holdsPositionIn"] += len(rg.posts)
    report.relations["locatedIn"] += len(rg.locations)
    report.relations = Counter({k: v for k, v in report.relations.items() if v})


def build(
    paths: Iterable[str | Path],
    out: str | Path,
    model: str | Path | None = "default",
    html: bool = True,
    progress: Progress | None = None,
    store: str | Path | None = None,
    jobs: int = 1,
    fields: dict[str, str] | None = None,
    cache: bool = True,
    dask: str | None = None,
) -> BuildReport:
    """Build the graph of *paths* and write ``graph.ttl``, ``graph.trig``, ``ontology.ttl``, ``graph.html``.

    With *store*, the TriG dataset is also loaded into an on-disk Oxigraph
    store at that folder (see :mod:`kg.store`). With *cache* (the default),
    each document's extraction is kept in ``out/.zhkg-cache`` and reused by the
    next build while the document and the pipeline are unchanged (:mod:`kg.cache`).
    """
    out = Path(out)
    with exclusive(out):  # one build at a time per folder; what a killed one staged is swept
        sweep_staged(out, [*OUTPUT_NAMES, WORK_NAME])
        if store is not None:
            sweep_staged(Path(store).parent, [Path(store).name])
        return _build(paths, out, model, html, progress, store, jobs, fields, cache, dask)


#: The files a build writes into its folder (and stages beside them as ``.NAME.*``).
OUTPUT_NAMES = ("graph.ttl", "graph.trig", "ontology.ttl", "graph.html")
#: The build's working folder inside its output folder (``.build.*``: the spool, the sorted runs).
WORK_NAME = "build"


def _build(paths, out: Path, model, html, progress, store, jobs, fields, cache, dask) -> BuildReport:
    """The streamed build: extractions go to a spool on disk as they arrive; resolution reads it twice
    (names, then facts), and the RDF stage a third time, one document at a time, into quads sorted on disk
    — so memory grows with the distinct entities and facts, not with the corpus."""
    from kg.cache import ExtractionCache
    from kg.rdf.graph import GraphQuads
    from kg.resolve import Resolver
    from kg.spool import Spool
    from kg.store import SortedQuads

    report = BuildReport()
    work = Path(tempfile.mkdtemp(prefix=f".{WORK_NAME}.", dir=out))
    staged = []
    try:
        graph = SortedQuads(work)
        cache_ = ExtractionCache(out, model) if cache else None
        if dask is not None:  # every pass where the documents are (kg.cluster)
            from kg.cluster import passes_on_dask

            rg = passes_on_dask(plan(paths, report, fields, cache_), model, jobs, dask, cache_, report,
                                progress, graph, note)
            _no_document(report, paths)
            t = time.perf_counter() - report.seconds["rdf+serialise"]
        else:
            with Spool(work) as spool:
                for ex in extractions_of(paths, report, model, progress, jobs, fields, cache_):
                    spool.append(ex)
                _no_document(report, paths)
                t = time.perf_counter()
                resolver = Resolver()
                rg = resolver.resolve(spool)
                report.seconds["resolve"] = time.perf_counter() - t
                report.peak_mb["resolve"] = peak_mb()

                t = time.perf_counter()
                writer = GraphQuads(rg.entities)
                graph.add(writer.graph(rg))  # the graph's own quads; then the facts are needed no more
                resolver.forget_facts()
                _count(report, rg)
                rg = None
                for ex in spool:
                    graph.add(writer.document(resolver.document(ex)))
                del resolver, writer
        if rg is not None:
            _count(report, rg)
        del rg
        graph.finish()
        for name, fmt, path in (("turtle", "turtle", out / "graph.ttl"), ("trig", "trig", out / "graph.trig")):
            staged.append((name, stage_file(path, functools.partial(graph.serialize, fmt))))
        staged.append(("ontology", stage_file(out / "ontology.ttl", ONTOLOGY_FILE.read_bytes())))
        report.seconds["rdf+serialise"] = time.perf_counter() - t
        report.peak_mb["rdf+serialise"] = peak_mb()
        t = time.perf_counter()
        if html:
            from kg.store import disk_store, graph_file, to_memory
            from kg.viz import EXPLORER_ENTITIES, render_html, render_overview

            ttl = staged[0][1].tmp  # the default graph: graph.ttl
            if sum(report.entities.values()) > EXPLORER_ENTITIES:  # its most connected part, read from disk
                page = render_overview(disk_store(ttl, ".ttl", work / "explorer"))
            else:
                page = render_html(to_memory(graph_file(ttl, ".ttl")))
            staged.append(("html", stage_file(out / "graph.html", page.encode("utf-8"))))
        if store is not None:
            from kg.store import stage_store

            staged.append(("store", stage_store(graph.nquads, store, ".nq")))
        # Everything is staged beside its place first; then all of it moves in one step that Ctrl-C waits
        # for, so an interrupted build never leaves new files beside an old store.
        with deferred_signals():
            for name, item in staged:
                report.outputs[name] = item.commit()
    except OSError as exc:
        raise OutputError(f"{exc.filename or out}: cannot be written ({exc.strerror}); choose another --out folder") from exc
    finally:
        for _, item in staged:
            if item.tmp.exists():
                item.discard()
        shutil.rmtree(work, ignore_errors=True)
    report.seconds["html+write"] = time.perf_counter() - t
    report.peak_mb["html+write"] = peak_mb()
    log.info("stage seconds: %s", ", ".join(f"{k} {v:.2f}" for k, v in report.seconds.items()))
    return report


__all__ += ["ZhkgError"]
