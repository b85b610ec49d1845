"""A build's passes on a Dask cluster (``kg build --dask ADDRESS``): the documents stay where they were
extracted, and what comes back grows with the distinct entities and facts.

1. **Extraction**: the tasks go out in partitions (:func:`kg.parallel.submit_partitions`), whose
   outcomes stay on the workers. Back here comes each document's summary for the report — or, with an
   extraction cache, the outcome itself, to keep — one partition at a time.
2. **Names**: each partition's name statistics (:meth:`kg.resolve.Resolver.names_of`) come back and are
   merged in corpus order; the names are compared on the cluster, partitioned by their blocking keys
   (:func:`kg.resolve.abbreviation_edges`), and the abbreviations found merge into entities here.
3. **Facts**: the resolver goes to every worker; each partition's facts, merged within it
   (:meth:`~kg.resolve.Resolver.facts_of`), come back and are merged in corpus order.
4. **Quads**: the settled graph goes to every worker; each partition's documents become one sorted run of
   quads (:meth:`kg.store.SortedQuads.run_of`), which the build's sort merges with the graph's own.

Partitions are taken in corpus order at every step, so the graph is the bytes of a local build.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.parallel import dask_client, partition_size, submit_partition
from kg.progress import peak_mb
from kg.rdf.graph import GraphQuads
from kg.resolve import Resolver
from kg.store import SortedQuads

if TYPE_CHECKING:
    from kg.extraction import Outcome
    from kg.model import ResolvedGraph

__all__ = ["passes_on_dask"]


def _extractions(part: list[Outcome]):
    return [o.extraction for o in part if o.extraction is not None]


def _summaries(part: list[Outcome]) -> list[Outcome]:
    return [o.summary() for o in part]


def _names(part: list[Outcome]) -> tuple[dict, dict]:
    return Resolver().names_of(_extractions(part))


def _facts(resolver: Resolver, part: list[Outcome]) -> tuple:
    mine = copy.copy(resolver)  # the worker's copy is shared by its tasks: each part's facts start empty
    mine._events, mine._posts, mine._locations, mine._officials = {}, {}, {}, set()
    return mine.facts_of(_extractions(part))


def _run(resolver: Resolver, writer: GraphQuads, part: list[Outcome]) -> bytes:
    return SortedQuads.run_of(q for ex in _extractions(part) for q in writer.document(resolver.document(ex)))


def passes_on_dask(plan: tuple[list[tuple], dict, dict], model, jobs: int, address: str, cache, report, progress,
                   sorter: SortedQuads, note: Callable[[object, Outcome], bool]) -> ResolvedGraph | None:
    """Extract and resolve the planned corpus (:func:`kg.builder.plan`) on the cluster at *address*, adding
    the graph's quads to *sorter* and each partition's documents' as a run; returns the resolved graph
    (None when no document could be read). *report* gets what a local build puts in it
    (each document's outcome through *note*, :func:`kg.builder.note`)."""
    all_tasks, done, keys = plan
    started = time.perf_counter()
    with dask_client(address, jobs) as client:
        # the corpus as partitions in order: runs of tasks to extract, runs of cached outcomes sent as they are
        parts = []  # (future of a list of outcomes, the indices of its tasks)
        pending = [k for k in range(len(all_tasks)) if k not in done]
        size = partition_size(client, len(pending))
        i, n = 0, len(all_tasks)
        while i < n:
            idx = [i]
            while idx[-1] + 1 < n and (idx[-1] + 1 in done) == (i in done) and (i in done or len(idx) < size):
                idx.append(idx[-1] + 1)
            if i in done:
                parts.append((client.scatter([[done[k] for k in idx]])[0], idx))
            else:
                parts.append((submit_partition(client, [all_tasks[k] for k in idx], model), idx))
            i = idx[-1] + 1
        # 1. each document's outcome, for the report (and the cache), one partition at a time: the whole
        # outcome where a cache keeps it, else its summary
        def each():
            for future, idx in parts:
                if idx[0] in done:
                    got = [done[k] for k in idx]
                elif cache is not None:
                    got = future.result()
                else:
                    got = client.submit(_summaries, future, pure=False).result()
                for k, out in zip(idx, got):
                    if cache is not None and k in keys and k not in done and out.extraction is not None:
                        cache.put(keys[k], out)
                    note(report, out)
                    yield k, out

        fresh = (out for k, out in each() if k not in done)
        for _ in progress(fresh, len(pending)) if progress else fresh:
            pass
        report.seconds["read+extract"] = time.perf_counter() - started
        report.peak_mb["read+extract"] = peak_mb()
        if report.documents == 0:
            return None
        # 2. names
        t = time.perf_counter()
        resolver = Resolver()
        for future in [client.submit(_names, f, pure=False) for f, _ in parts]:
            resolver.merge_names(*future.result())
        # the names compared block by block (those sharing a first character, or their core's) on the cluster
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        resolver.settle_names(lambda fn, batches: [f.result() for f in client.map(fn, batches, pure=False)],
                              blocks=4 * workers)
        # 3. facts
        shared = client.scatter(resolver, broadcast=True)
        for future in [client.submit(_facts, shared, f, pure=False) for f, _ in parts]:
            resolver.merge_facts(*future.result())
        rg = resolver.settle()
        report.seconds["resolve"] = time.perf_counter() - t
        report.peak_mb["resolve"] = peak_mb()
        # 4. quads: the graph's own here, each partition's documents' there
        t = time.perf_counter()
        writer = GraphQuads(rg.entities)
        sorter.add(writer.graph(rg))
        resolver.forget_facts()
        shared, shared_writer = client.scatter(resolver, broadcast=True), client.scatter(writer, broadcast=True)
        for future in [client.submit(_run, shared, shared_writer, f, pure=False) for f, _ in parts]:
            sorter.add_run(future.result())
        report.seconds["rdf+serialise"] = time.perf_counter() - t  # the rest is added by the caller
    return rg
