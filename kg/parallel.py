"""Where documents are extracted: in this process, in worker processes (``--jobs N``), or as Dask tasks
(``--dask ADDRESS``). Every way yields the outcomes in task order, so the graph is the same bytes.

Dask runs extraction batched by partition — a few partitions per worker, each a list of documents with
their bytes, so workers need no shared file system — and the results are gathered here, where
resolution and writing run as in a local build. A worker process loads the pipeline once.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from kg.errors import ZhkgError

__all__ = ["DaskMissing", "outcomes", "own_process", "start_method"]

#: Thread pools of the numeric libraries, one thread each in a worker: N workers on N cores with two
#: BLAS threads each ran slower than one process (40 s against 30 s on 200 CLUENER files, 2 cores).
ONE_THREAD = {var: "1" for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")}
#: Collector thresholds of a process that builds (``kg build`` and its workers): a build makes many small
#: objects that live until the graph is written, and Python's default (a young collection every 700
#: allocations) spent 0.23 s of 200 files collecting where these spend 0.13 s.
BUILD_GC = (10_000, 10, 10)
_OWNED = False  # see own_process
#: Partitions per Dask worker: enough to balance uneven documents, few enough that each carries weight.
PARTITIONS_PER_WORKER = 4

_PIPELINES: dict = {}
_PIPELINE_LOCK = threading.Lock()
_EXTRACT_LOCK = threading.Lock()  # a Dask worker with several threads still runs one document at a time


class DaskMissing(ZhkgError):
    """``--dask`` without dask.distributed installed."""


def _pipeline(model):
    """This process's pipeline for *model*, loaded once (a worker keeps it for every task)."""
    with _PIPELINE_LOCK:
        if model not in _PIPELINES:
            for var, value in ONE_THREAD.items():  # before numpy loads in a fresh worker; a user's setting wins
                os.environ.setdefault(var, value)
            from kg.nlp.pipeline import load_pipeline

            _PIPELINES[model] = load_pipeline(model)
            if _OWNED:
                # the pipeline's objects (spaCy, thinc, the lexicons) live as long as the process: out of
                # the collector's sight, a full collection walks only what extraction makes
                gc.freeze()
        return _PIPELINES[model]


def own_process() -> None:
    """Tune this process for building, which the build owns (``kg build``, a worker it starts): the
    garbage collector at :data:`BUILD_GC` with the pipeline frozen once loaded (0.40 s → 0.14 s of
    collection on 200 files), and spaCy imported without its command line
    (:func:`kg.nlp.lean_spacy.defer_cli`, 0.3 s a process). A library call leaves the caller's process
    as it is."""
    global _OWNED
    from kg.nlp.lean_spacy import defer_cli

    _OWNED = True
    gc.set_threshold(*BUILD_GC)
    defer_cli()


def _extract(model, task: tuple):
    from kg.builder import _extract_file

    path, doc_id, article, data = task
    return _extract_file(path, doc_id, _pipeline(model), article, data)


def _worker_init(model) -> None:
    own_process()
    _pipeline(model)


def _worker_extract(args: tuple):
    return _extract(*args)


def _extract_partition(model, batch: list[tuple]) -> list:
    """One Dask task: every document of a partition, in order (one at a time: spaCy is not shared)."""
    with _EXTRACT_LOCK:
        return [_extract(model, task) for task in batch]


def start_method() -> str:
    """How ``--jobs N`` starts its workers: ``fork`` where that is safe — Linux, a process with one thread
    and no numpy yet (whose BLAS keeps thread pools), as ``kg build`` is when its workers start — for it
    skips each worker's interpreter start and imports and ends the worker without a finalisation (0.3 s
    of a 200-file build on 2 cores); ``spawn`` anywhere else (a notebook, macOS, Windows)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "numpy" not in sys.modules:
        return "fork"
    return "spawn"


@contextlib.contextmanager
def outcomes(tasks: list[tuple], model, jobs: int = 1, dask: str | None = None) -> Iterator:
    """The outcome of each ``(path, doc_id, article)`` task, in order: here, in *jobs* worker processes
    (:func:`start_method`), or on the Dask cluster at *dask* (``"local"`` starts one with *jobs* workers)."""
    if not tasks:
        yield iter(())
    elif dask is not None:
        with _dask_client(dask, jobs) as client:
            yield _on_dask(client, tasks, model)
    elif min(jobs, len(tasks)) <= 1:  # one document: a worker would only add its start
        nlp = _pipeline(model)
        from kg.builder import _extract_file

        yield (_extract_file(path, doc_id, nlp, art) for path, doc_id, art in tasks)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=multiprocessing.get_context(start_method()),
                                   initializer=_worker_init, initargs=(model,))
        try:
            work = [(model, (path, doc_id, art, None)) for path, doc_id, art in tasks]
            yield pool.map(_worker_extract, work, chunksize=max(1, len(tasks) // (jobs * 32)))
        finally:
            pool.shutdown(cancel_futures=True)


@contextlib.contextmanager
def _dask_client(address: str, jobs: int):
    # distributed logs each worker's start and stop at INFO on stderr; a build says what it did itself
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskMissing("--dask needs dask.distributed, which is not installed; "
                          "install it with: pip install 'zhkg[dask]'") from None
    if address != "local":
        with Client(address) as client:
            yield client
        return
    import logging

    workers = max(1, jobs if jobs > 1 else (os.cpu_count() or 1))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs={"dashboard": False}, silence_logs=logging.WARNING,
                      env={**ONE_THREAD, "DASK_LOGGING__DISTRIBUTED": "warning"}) as cluster, Client(cluster) as client:
        yield client


def _on_dask(client, tasks: list[tuple], model) -> Iterator:
    """Submit the tasks as partitions (each with its documents' bytes) and yield outcomes in order."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    n = max(1, min(len(tasks), workers * PARTITIONS_PER_WORKER))
    size = -(-len(tasks) // n)
    batches = [[(path, doc_id, art, _read(path) if art is None else None) for path, doc_id, art in tasks[i:i + size]]
               for i in range(0, len(tasks), size)]
    futures = [client.submit(_extract_partition, model, batch, pure=False) for batch in batches]
    for future in futures:
        yield from future.result()


def _read(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None  # the worker reports it, as a local build does
