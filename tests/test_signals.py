"""Stopping a build: SIGTERM is taken like Ctrl-C, Ctrl-C reaches a ``--jobs`` build's workers without a
traceback from each, and whatever an interrupted or killed build staged beside its outputs is gone — at
once, or swept by the next build. The earlier outputs stay as they were throughout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from .conftest import SEEDS

STAGED_PATTERNS = (".graph.ttl.*", ".graph.trig.*", ".graph.html.*", ".ontology.ttl.*", ".store.*", ".build.*")


def _staged(out):
    found = [p.name for pat in STAGED_PATTERNS for p in out.glob(pat)]
    return found + [p.name for p in (out / ".zhkg-cache").rglob(".*.pickle.*")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """120 documents (the seed pages 24 times over): a build of more than the few seconds before the signal."""
    root = tmp_path_factory.mktemp("corpus")
    for k in range(24):
        for p in sorted(SEEDS.glob("*.txt")):
            shutil.copy(p, root / f"{k}_{p.name}")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A finished build of the seeds, with a store: the outputs an interrupted rebuild must leave alone."""
    out = tmp_path_factory.mktemp("built") / "out"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(out), "--store",
                    str(out / "store")], check=True, capture_output=True, timeout=600)
    return out


def _outputs(out):
    return {n: (out / n).read_bytes() for n in ("graph.ttl", "graph.trig", "ontology.ttl", "graph.html")}


def _interrupt(corpus, out, sig, jobs, group):
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--store",
                             str(out / "store"), "--no-cache", "--jobs", str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(5)  # the pipeline is loaded and the workers are extracting: the build takes longer
    if group:
        os.killpg(proc.pid, sig)  # Ctrl-C at a terminal reaches every process of the foreground group
    else:
        proc.send_signal(sig)
    out_text, err = proc.communicate(timeout=300)
    return proc.returncode, out_text, err


@pytest.mark.parametrize("sig, jobs, group", [(signal.SIGTERM, 1, False), (signal.SIGTERM, 2, False),
                                              (signal.SIGINT, 2, True)])
def test_an_interrupted_build_leaves_the_earlier_outputs_and_nothing_staged(corpus, built, tmp_path, sig, jobs, group):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = _outputs(out)
    code, _, err = _interrupt(corpus, out, sig, jobs, group)
    assert code == 1 and "Aborted!" in err, (code, err)  # not killed by the signal: it ended as Ctrl-C does
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert _outputs(out) == before
    assert _staged(out) == []


def test_a_build_sweeps_what_a_killed_build_staged(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    for name in (".graph.ttl.x1y2", ".graph.trig.a9", ".graph.html.q", ".ontology.ttl.zz"):
        (out / name).write_bytes(b"half")
    (out / ".store.kq3").mkdir()
    (out / ".store.kq3" / "000012.sst").write_bytes(b"half")
    (out / ".store.old").mkdir()
    (out / ".build.u7").mkdir()  # a streamed build's working folder: its spool and sorted runs
    (out / ".build.u7" / "run-00000").write_bytes(b"half")
    cache = next((out / ".zhkg-cache").iterdir())
    (cache / ".0f3e.pickle.abc").write_bytes(b"half")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(out), "--store",
                          str(out / "store")], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert _staged(out) == [] and not (out / ".store.old").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # only what a build stages is swept


def test_two_builds_into_one_folder_do_not_interleave(built, tmp_path):
    from kg.errors import OutputError
    from kg.outputs import exclusive

    out = tmp_path / "out"
    shutil.copytree(built, out)
    with exclusive(out):
        res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(out)],
                             capture_output=True, text=True, timeout=600)
        with pytest.raises(OutputError, match="another kg build is writing into this folder"):
            with exclusive(out):
                pass
    assert res.returncode != 0 and "another kg build is writing into this folder" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_sigterm_stops_kg_serve_and_removes_its_temporary_store(tmp_path):
    """A served graph file is loaded into a temporary store; SIGTERM (a service manager stopping it) ends
    the server as Ctrl-C does, and the store goes with it."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    graph = tmp_path / "g.nt"
    graph.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n", encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(graph), "--port", "0", "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().startswith("SPARQL endpoint http://127.0.0.1:")
        assert [p.name for p in temp.iterdir() if p.name.startswith("zhkg-serve-")]  # the store, while serving
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != -signal.SIGTERM  # it ended by itself, not by the signal's default action
    assert not [p.name for p in temp.iterdir() if p.name.startswith("zhkg-serve-")]


def test_a_build_interrupted_while_it_writes_leaves_the_earlier_outputs(built, tmp_path):
    """SIGTERM once extraction is over and the sorted quads are being written (the streamed build's last
    stage, seen by its sorted dataset appearing in the working folder): the earlier outputs stay, and the
    spool, the runs and everything staged go."""
    import json

    firms = [f"{a}{b}科技有限公司" for a in "青禾松岭江澜北辰远帆瑞丰" for b in ("能源", "环保", "林业")]
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for i in range(300):
            a, b = firms[i % len(firms)], firms[(i * 7 + 3) % len(firms)]
            text = (f"{1 + i % 12}月{1 + i % 28}日,{a}与{b}签订碳汇合作框架协议。根据协议,{b}将{1000 + i}吨"
                    f"林业碳汇以每吨{20 + i % 50}元的价格出售给{a}。")
            fh.write(json.dumps({"id": f"n{i}", "title": f"{a}签约", "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = _outputs(out)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(feed), "--out", str(out), "--store",
                             str(out / "store"), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = False
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if any(out.glob(".build.*/sorted.nq")):
            proc.send_signal(signal.SIGTERM)
            seen = True
            break
        time.sleep(0.002)
    _, err = proc.communicate(timeout=300)
    assert seen, err
    assert proc.returncode == 1 and "Aborted!" in err, (proc.returncode, err)
    assert _outputs(out) == before
    assert _staged(out) == [] and not list(out.glob(".build.*"))
