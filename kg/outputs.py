"""Outputs written whole or not at all, with the permissions the user's umask asks for.

A build stages every output beside its final place (files written and
synced, a store built in a temporary folder), then moves them all into place
in one short step during which Ctrl-C and SIGTERM wait::

    staged = [stage_file(out / "graph.ttl", data), ...]
    with deferred_signals():
        for item in staged:
            item.commit()

So an interrupted or failed build leaves the earlier outputs as they were,
never new files beside an old store. A build holds :func:`exclusive` on its
folder while it writes, and first sweeps what a killed build staged there
(:func:`sweep_staged`): nothing else writes ``.NAME.*`` beside an output. Temporary files are created private
(``mkstemp``) and get ``0666 & ~umask`` (``0777`` for folders) before they
are moved, so a web server or a store's service user can read them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

__all__ = ["Staged", "current_umask", "deferred_signals", "exclusive", "stage_file", "stage_dir", "sweep_staged",
           "write_atomic"]

LOCK_NAME = ".zhkg-build.lock"


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass
class Staged:
    """An output written beside *final*; :meth:`commit` moves it into place."""

    tmp: Path
    final: Path

    def commit(self) -> Path:
        if self.tmp.is_dir() and self.final.exists():  # a folder cannot be replaced in one rename
            old = self.final.with_name(f".{self.final.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.final, old)
            os.replace(self.tmp, self.final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.tmp, self.final)
        return self.final

    def discard(self) -> None:
        if self.tmp.is_dir():
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                self.tmp.unlink()


def stage_file(path: Path, data: bytes | Callable[[BinaryIO], object]) -> Staged:
    """*data* written and synced to a temporary file beside *path*; *data* may be a function that writes
    into the open binary file (a serialiser streaming a graph larger than memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Staged(Path(tmp), path)


def stage_dir(path: Path) -> Staged:
    """An empty temporary folder beside *path*, to be filled and then committed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    os.chmod(tmp, 0o777 & ~current_umask())
    return Staged(tmp, path)


@contextlib.contextmanager
def deferred_signals():
    """Hold SIGINT and SIGTERM (delivered on exit) while outputs move into place; main thread only."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def exclusive(folder: Path):
    """Hold *folder*'s build lock (``flock`` on :data:`LOCK_NAME`) or raise :class:`~kg.errors.OutputError`
    at once when another build holds it; released when the block ends or the process dies."""
    from kg.errors import OutputError

    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds into one folder must take turns by hand
        yield
        return
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666 & ~current_umask())
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{folder}: another kg build is writing into this folder; wait for it to end "
                              "or choose another --out folder") from None
        yield
    finally:
        os.close(fd)


def sweep_staged(folder: Path, names: list[str]) -> int:
    """Remove what an earlier, killed write staged beside the outputs *names* in *folder* (``.NAME.*``:
    files from :func:`stage_file`, folders from :func:`stage_dir`, a store's ``.NAME.old``); call it holding
    :func:`exclusive`. Returns how many it removed.

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> for n in (".graph.ttl.k2j1", ".graph.ttl", "graph.ttl", ".store.old"): (d / n).touch()
    >>> sweep_staged(d, ["graph.ttl", "store"]), sorted(p.name for p in d.iterdir())
    (2, ['.graph.ttl', 'graph.ttl'])
    """
    removed = 0
    for name in names:
        for p in folder.glob(f".{glob_escape(name)}.*"):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    p.unlink()
            removed += 1
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file and a rename."""
    staged = stage_file(Path(path), data)
    try:
        staged.commit()
    except BaseException:
        staged.discard()
        raise
