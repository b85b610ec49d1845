"""The build's progress bar: shown on a real terminal (a pseudo-terminal here), counted in documents — an
article collection's articles, not its files — with characters per second, and absent when piped."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading

import pytest

from kg.progress import terminal_bar

pty = pytest.importorskip("pty")

# written here: a signing, a post, a trade
LINES = [
    "宁波港集团与舟山市人民政府签署战略合作协议。",
    "杭州市副市长王建国出席签约仪式。",
    "温州市林业局向浙江能源集团有限公司出售林业碳汇一万吨。",
]


def _corpus(folder, n):
    folder.mkdir()
    for i in range(n):
        (folder / f"d{i:02}.txt").write_text(LINES[i % len(LINES)] * (i + 1), encoding="utf-8")
    return folder


def _build_on_terminal(args):
    """Run ``kg build ARGS`` with standard error on a pseudo-terminal; its stdout and what the terminal showed."""
    master, slave = pty.openpty()
    shown = bytearray()

    def read():
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", *args], stdout=subprocess.PIPE,
                          stderr=slave, text=True)
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    return proc, shown.decode("utf-8", "replace")


def test_a_build_on_a_terminal_shows_documents_and_characters_per_second(tmp_path):
    corpus = _corpus(tmp_path / "corpus", 8)
    (corpus / "empty.txt").write_bytes(b"")  # skipped, still counted as done
    proc, shown = _build_on_terminal([str(corpus), "--out", str(tmp_path / "out"), "--rules-only", "--no-html",
                                      "--jobs", "2"])
    assert proc.returncode == 1  # the empty file
    assert "documents   8 read" in proc.stdout and "documents:" not in proc.stdout  # the bar is not in the summary
    assert "documents: 100%" in shown and "9/9" in shown
    rate = shown.rsplit("9/9", 1)[1]
    assert "chars/s" in rate and any(ch.isdigit() and ch != "0" for ch in rate.split("chars/s")[0])


def test_a_collection_is_counted_by_its_articles(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"a{i}", "text": LINES[i % 3]}, ensure_ascii=False) + "\n"
                            for i in range(12)), encoding="utf-8")
    proc, shown = _build_on_terminal([str(feed), "--out", str(tmp_path / "out"), "--rules-only", "--no-html"])
    assert proc.returncode == 0, shown
    assert "12/12" in shown


def test_a_piped_build_and_a_short_one_stay_quiet(tmp_path):
    corpus = _corpus(tmp_path / "corpus", 8)
    piped = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / "a"),
                            "--rules-only", "--no-html"], capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert "documents:" not in piped.stderr and "\r" not in piped.stderr
    short = _corpus(tmp_path / "short", 3)
    proc, shown = _build_on_terminal([str(short), "--out", str(tmp_path / "b"), "--rules-only", "--no-html"])
    assert proc.returncode == 0 and "documents   3 read" in proc.stdout
    assert "documents:" not in shown


def test_the_bar_is_only_offered_for_a_terminal_and_passes_every_outcome_on():
    assert terminal_bar(io.StringIO()) is None
    master, slave = pty.openpty()
    try:
        with open(slave, "w", encoding="utf-8", closefd=False) as term:
            bar = terminal_bar(term, min_documents=1)
            assert bar is not None
            items = [type("Outcome", (), {"extraction": None, "characters": 0})() for _ in range(3)]
            assert list(bar(iter(items), 3)) == items
    finally:
        os.close(slave)
        os.close(master)
