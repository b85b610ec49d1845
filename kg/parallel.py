"""Where documents are extracted: in this process, in worker processes (``--jobs N``), or as Dask tasks
(``--dask ADDRESS``). Every way yields the outcomes in task order, so the graph is the same bytes.

Dask runs extraction batched by partition — a few partitions per worker, each a list of documents with
their bytes, so workers need no shared file system — and the results are gathered here, where
resolution and writing run as in a local build. A worker process loads the pipeline once.

``--jobs N`` on Linux (:func:`start_method`) loads the pipeline once, here, and forks the workers from
the loaded process, while a reader forked before the load prepares documents on the other core
(:func:`_forked`); elsewhere each worker is spawned and loads the pipeline itself (:func:`_spawned`).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import pickle
import select
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import ZhkgError

__all__ = ["DaskMissing", "outcomes", "own_process", "start_method", "submit_partitions", "submit_partition", "partition_size", "dask_client"]

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
    from kg.extraction import extract_task

    path, doc_id, article, data = task
    return extract_task(path, doc_id, _pipeline(model), article, data)


def quiet_worker() -> None:
    """Signals in a worker process: Ctrl-C, which the terminal sends to every process of the build, and
    SIGTERM end it at once and silently (no ``Process ForkProcess-N: Traceback … KeyboardInterrupt``);
    the build process reports the interruption and removes what it staged."""
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(128 + signum))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker_init(model) -> None:
    quiet_worker()
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
    and no numpy yet (whose BLAS keeps thread pools), as ``kg build`` is when it starts them — so that
    they are forked from the build once it has loaded the pipeline (:func:`_forked`); ``spawn`` anywhere
    else (a notebook, macOS, Windows): each worker imports kg and loads the pipeline itself."""
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
        with dask_client(dask, jobs) as client:
            yield _on_dask(client, tasks, model)
    elif min(jobs, len(tasks)) <= 1:  # one document: a worker would only add its start
        nlp = _pipeline(model)
        from kg.extraction import extract_task

        yield (extract_task(path, doc_id, nlp, art) for path, doc_id, art in tasks)
    else:
        with (_forked if start_method() == "fork" else _spawned)(tasks, model, min(jobs, len(tasks))) as out:
            yield out


#: The most documents a worker takes at once: a chunk's outcomes come back as one message and wait whole
#: until the build has taken them in (100,000 articles in chunks of 1,562: the build process peaked at 457 MB
#: by the end of extraction; in chunks of 64, at 377 MB — benchmarks/scale_bench.py, 2026-12-07).
MAX_CHUNK = 64


def _chunk(tasks: list, workers: int) -> int:
    return max(1, min(MAX_CHUNK, len(tasks) // (workers * 32)))


@contextlib.contextmanager
def _spawned(tasks: list[tuple], model, workers: int) -> Iterator:
    """Workers that each import kg and load the pipeline, then take tasks with their paths."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init, initargs=(model,))
    try:
        work = [(model, (path, doc_id, art, None)) for path, doc_id, art in tasks]
        yield pool.map(_worker_extract, work, chunksize=_chunk(tasks, workers))
    finally:
        pool.shutdown(cancel_futures=True)


#: What forked workers inherit from the build: the pipeline, the tasks, the documents read ahead.
_FORKED: tuple | None = None


@contextlib.contextmanager
def _forked(tasks: list[tuple], model, workers: int) -> Iterator:
    """Workers forked from this process once it has loaded the pipeline and extracted the first task
    (which builds the lexicons the rules use): they start with all of it in memory, shared copy-on-write,
    where each would otherwise import spaCy and load the model itself (0.8 s a worker, both cores busy).
    While this process loads, the other core is not idle: a :class:`_Reader`, forked before the load,
    prepares documents from the last backwards — reads and cleans them and works out their characters'
    word features, the part of extraction that needs no spaCy — and the workers take up its work.
    Documents it did not reach are read by the workers; either way the outcomes are the same."""
    global _FORKED
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from kg.extraction import extract_task
    from kg.nlp.words import forget_features, remember_features

    reader = _Reader(tasks)
    try:
        nlp = _pipeline(model)
        path, doc_id, art = tasks[0]
        first = extract_task(path, doc_id, nlp, art)
    finally:
        documents, features = reader.stop()
    remember_features(features)
    _FORKED = (nlp, tasks, documents)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=quiet_worker)
    try:
        with warnings.catch_warnings():  # the workers are forked as map submits their tasks
            # Python 3.12+ warns of a fork beside other threads: onnxruntime's one, a timer waiting on a
            # condition of its own, which the workers never touch
            warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
            rest = pool.map(_forked_extract, range(1, len(tasks)), chunksize=_chunk(tasks, workers))
        yield itertools.chain((first,), rest)
    finally:
        pool.shutdown(cancel_futures=True)
        _FORKED = None
        forget_features()


def _forked_extract(i: int):
    from kg.extraction import extract_task

    nlp, tasks, documents = _FORKED
    path, doc_id, art = tasks[i]
    return extract_task(path, doc_id, nlp, art, document=documents.pop(i, None))


class _Reader:
    """A process, forked before the pipeline loads, that prepares tasks from the last backwards until
    :meth:`stop`: their clean documents (:func:`kg.extraction.read_task`) and, for each line, the token
    features the tokenizer would work out (:func:`kg.nlp.words.token_features`). It imports no spaCy and
    no numpy. What it prepared comes back through an unnamed temporary file; a task it cannot read is
    left to the worker, which reports it as ever."""

    def __init__(self, tasks: list[tuple]) -> None:
        # what the reader runs, imported before the fork: the build needs it too (jieba-rs's dictionary
        # among it, 0.14 s the reader would otherwise spend on its own)
        from kg.extraction import read_task
        from kg.ingest import segments
        from kg.nlp.words import token_features

        self._run = (read_task, segments, token_features)
        self._file = tempfile.TemporaryFile()
        stop_r, self._stop = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the reader: never returns
            os.close(self._stop)
            code = 1
            try:
                self._prepare(tasks, stop_r)
                code = 0
            finally:
                os._exit(code)
        os.close(stop_r)

    def _prepare(self, tasks: list[tuple], stop_fd: int) -> None:
        logging.disable(logging.CRITICAL)  # whatever reading finds, the worker that extracts reports
        warnings.simplefilter("ignore")
        read_task, segments, token_features = self._run

        def stopped() -> bool:
            return bool(select.select([stop_fd], [], [], 0)[0])

        out = self._file
        try:
            for i in range(len(tasks) - 1, 0, -1):
                if stopped():
                    return
                try:
                    doc = read_task(*tasks[i])
                except Exception:  # noqa: BLE001 - the worker reads it again and says why
                    continue
                features = {}
                for _, line in segments(doc.text):
                    if stopped():
                        return
                    features[line] = token_features(line)
                pickle.dump((i, doc, features), out, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            out.flush()

    def stop(self) -> tuple[dict[int, Any], dict[str, tuple]]:
        """Stop the reader; the documents it prepared by task index, and the lines' token features."""
        try:
            os.write(self._stop, b".")
        except OSError:
            pass  # it ended already
        os.close(self._stop)
        with contextlib.suppress(ChildProcessError):  # reaped already
            os.waitpid(self._pid, 0)
        documents, features = {}, {}
        with self._file as fh:
            fh.seek(0)
            while True:
                try:
                    i, doc, lines = pickle.load(fh)
                except Exception:  # noqa: BLE001 - EOFError at the end; a record cut short if it was killed
                    break
                documents[i] = doc
                features.update(lines)
        return documents, features


@contextlib.contextmanager
def dask_client(address: str, jobs: int):
    """A client of the cluster at *address* (``"local"``: one started here with *jobs* workers)."""
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
    for future in submit_partitions(client, tasks, model):
        yield from future.result()


def submit_partitions(client, tasks: list[tuple], model) -> list:
    """The tasks as extraction partitions on *client*'s cluster (:func:`partition_size` tasks each): one
    future per partition, in order."""
    size = partition_size(client, len(tasks))
    return [submit_partition(client, tasks[i:i + size], model) for i in range(0, len(tasks), size)]


def partition_size(client, tasks: int) -> int:
    """How many of *tasks* documents go in one partition: a few partitions per worker."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    n = max(1, min(tasks, workers * PARTITIONS_PER_WORKER))
    return max(1, -(-tasks // n))


def submit_partition(client, tasks: list[tuple], model):
    """One partition of tasks, sent with its documents' bytes (workers need no shared file system): a
    future whose result — the outcomes, in order — stays on the cluster until asked for."""
    batch = [(path, doc_id, _loaded(art), _read(path) if art is None else None) for path, doc_id, art in tasks]
    return client.submit(_extract_partition, model, batch, pure=False)


def _loaded(art):
    """An article with its text, to travel to a worker (one that cannot be read again goes as it is: the
    worker reports it)."""
    if art is None:
        return None
    try:
        return art.record()
    except ZhkgError:
        return art


def _read(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None  # the worker reports it, as a local build does
