"""Extraction on Dask (kg/parallel.py): the same bytes as a local build, on a cluster ``kg build`` starts
and on one it is given the address of; and a clear message where dask.distributed is missing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SEEDS

distributed = pytest.importorskip("distributed", reason="the zhkg[dask] extra (make test installs it)")


def _outputs(folder):
    return {name: (folder / name).read_bytes() for name in ("graph.ttl", "graph.trig")}


def test_a_local_cluster_builds_the_same_bytes_as_one_process(seed_build, tmp_path):
    from kg.builder import build

    report = build([SEEDS], tmp_path / "dask", html=False, cache=False, dask="local", jobs=2)
    assert report.documents == 5
    assert _outputs(tmp_path / "dask") == _outputs(seed_build[0])


def test_a_cluster_given_by_address_and_article_rows(tmp_path):
    from distributed import LocalCluster

    from kg.builder import build

    feed = tmp_path / "feed.jsonl"
    rows = [{"id": f"a{i}", "title": "青禾集团与松岭集团签约", "date": "2024-03-0%d" % (i + 1),
             "url": f"https://news.example/{i}", "source": "某某日报",
             "text": f"{i + 1}月10日,青禾集团与松岭集团签订战略合作协议。双方将在浙江省开化县共建光伏项目。"}
            for i in range(5)]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    local = build([feed, SEEDS / "003_d8021e33e9058de8.txt"], tmp_path / "local", html=False, cache=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = build([feed, SEEDS / "003_d8021e33e9058de8.txt"], tmp_path / "remote", html=False, cache=False,
                       dask=cluster.scheduler_address)
    assert remote.documents == local.documents == 6
    assert _outputs(tmp_path / "remote") == _outputs(tmp_path / "local")


def _store_quads(folder) -> list[str]:
    import pyoxigraph as ox

    return sorted(map(str, ox.Store.read_only(str(folder))))


def test_every_pass_on_a_cluster_gives_the_local_bytes_and_store_with_a_cache_between(tmp_path):
    """Extraction, names, facts and quads all run on the cluster, partition by partition; the outputs and the
    store are the local build's. A second build finds some documents cached and some new (the cached ones
    go to the cluster as they are, between the new ones): the same bytes again."""
    import shutil

    from kg.builder import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for p in seeds[0::2]:  # pages 1, 3 and 5 first; 2 and 4 come later, between them
        shutil.copy(p, corpus / p.name)
    remote = tmp_path / "remote"
    first = build([corpus], remote, html=False, dask="local", jobs=2)
    assert first.reused == 0 and first.documents == 3
    for p in seeds[1::2]:
        shutil.copy(p, corpus / p.name)
    local = build([corpus], tmp_path / "local", html=False, cache=False, store=tmp_path / "local" / "store")
    again = build([corpus], remote, html=False, dask="local", jobs=2, store=remote / "store")
    assert again.reused == 3 and again.documents == 5
    assert again.entities == local.entities and again.relations == local.relations
    assert _outputs(remote) == _outputs(tmp_path / "local")
    assert _store_quads(remote / "store") == _store_quads(tmp_path / "local" / "store")


def test_without_dask_the_error_says_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['distributed'] = None\n"  # as on a machine without the extra
            "from kg.cli import main\n"
            f"main(['build', {str(SEEDS / '003_d8021e33e9058de8.txt')!r}, '--out', {str(tmp_path)!r}, "
            "'--no-html', '--dask', 'local'])\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode != 0
    assert run.stderr.strip().splitlines()[-1] == (
        "error: --dask needs dask.distributed, which is not installed; install it with: pip install 'zhkg[dask]'")
    assert not (tmp_path / "graph.ttl").exists()
