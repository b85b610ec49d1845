"""The Makefile's Debian installs wait for another apt or dpkg (an unattended upgrade) to release its locks
instead of failing at once and leaving the Virtuoso, browser and reasoner tests skipped. Run as root with
apt-get, against a package this machine already has: apt takes its locks all the same."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("apt-get") is None
                                or shutil.which("make") is None, reason="needs root, apt-get and make")


@pytest.mark.parametrize("lock", ["/var/lib/dpkg/lock-frontend", "/var/lib/apt/lists/lock"])
def test_apt_install_waits_for_a_held_lock(lock):
    installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "make"], capture_output=True, text=True)
    if "install ok installed" not in installed.stdout:
        pytest.skip("make is not a Debian package here")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o640)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)  # as apt and dpkg lock: fcntl's record lock on the whole file
        proc = subprocess.Popen(["make", "-s", "--no-print-directory", "-C", str(ROOT), "apt-install", "DEBS=make"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(3)
        assert proc.poll() is None, proc.communicate()[0]  # still waiting, not failed
    finally:
        os.close(fd)  # released: the install goes on
    out = proc.communicate(timeout=600)[0]
    assert proc.returncode == 0, out
