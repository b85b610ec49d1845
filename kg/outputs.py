"""Outputs written whole or not at all, with the permissions the user's umask asks for.

A build stages every output beside its final place (files written and
synced, a store built in a temporary folder), then moves them all into place
in one short step during which Ctrl-C and SIGTERM wait::

    staged = [stage_file(out / "graph.ttl", data), ...]
    with deferred_signals():
        for item in staged:
            item.commit()

So an interrupted or failed build leaves the earlier outputs as they were,
never new files beside an old store. Temporary files are created private
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

__all__ = ["Staged", "current_umask", "deferred_signals", "stage_file", "stage_dir", "write_atomic"]


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


def stage_file(path: Path, data: bytes) -> Staged:
    """*data* written and synced to a temporary file beside *path*."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as fh:
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file and a rename."""
    staged = stage_file(Path(path), data)
    try:
        staged.commit()
    except BaseException:
        staged.discard()
        raise
