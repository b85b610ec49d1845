"""A corpus folder of hostile files, built by the real ``kg build``: each file is built, repaired or
refused in one line naming it, and the good text in every damaged file still reaches the graph."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.query import load, query

from .conftest import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[1]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    good = SEED.read_bytes()
    cut = good.index("。".encode()) + 3  # after the first sentence
    (corpus / "good.txt").write_bytes(good)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "nul.txt").write_bytes(good[:cut] + b"\x00\x00" + good[cut:])
    (corpus / "badutf8.txt").write_bytes(good[:cut] + b"\xff\xfe\xc3" + good[cut:])
    (corpus / "utf16.txt").write_bytes(good.decode("utf-8").encode("utf-16-le"))
    flat = "".join(c for c in good.decode("utf-8") if c not in "\n。！？；")
    (corpus / "longline.txt").write_text(flat * 2, encoding="utf-8")
    os.symlink(corpus, corpus / "sub" / "loop")  # a folder loop
    os.symlink(corpus / "b.txt", corpus / "a.txt")  # a file loop
    os.symlink(corpus / "a.txt", corpus / "b.txt")
    os.symlink(corpus / "gone.txt", corpus / "dangling.txt")
    out = root / "out"
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--no-html"],
                         capture_output=True, text=True, timeout=900)
    return corpus, out, res


def test_every_bad_file_is_reported_once_and_the_rest_builds(hostile):
    corpus, out, res = hostile
    assert res.returncode == 1, res.stderr  # some files were refused
    lines = res.stdout.splitlines()
    assert lines[0].startswith("documents   5 read, ")
    for name, words in (("empty.txt", "empty"), ("binary.txt", "not text"), ("a.txt", "symlink loop"),
                        ("b.txt", "symlink loop"), ("dangling.txt", "dangling symlink")):
        mine = [ln for ln in lines if ln.startswith("skipped") and ln.split()[1].rstrip(":").endswith(name)]
        assert len(mine) == 1 and words in mine[0], (name, lines)
    assert sum("symlink loop back to a folder" in ln for ln in lines) == 1
    for name, offsets in (("nul.txt", "bad bytes replaced"), ("badutf8.txt", "3 bad bytes replaced")):
        mine = [ln for ln in lines if ln.startswith("repaired") and name in ln]
        assert len(mine) == 1 and offsets in mine[0], (name, lines)
    assert "Traceback" not in res.stderr and res.stderr.count(str(corpus)) == 0  # reported once, on stdout


def test_nothing_is_lost_from_damaged_files(hostile):
    _, out, _ = hostile
    g = load(out / "graph.trig")
    rows = query(g, """PREFIX kg: <https://w3id.org/zhkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?ev kg:document ?d . ?d dcterms:identifier ?id }
        GROUP BY ?id ORDER BY ?id""")
    per_doc = {r["id"]: int(r["n"]) for r in rows}
    assert set(per_doc) == {"good", "nul", "badutf8", "utf16", "longline"}
    # the repaired and re-encoded files give as much evidence as the clean one
    assert per_doc["utf16"] == per_doc["good"] >= 5
    assert per_doc["nul"] >= per_doc["good"] - 2 and per_doc["badutf8"] >= per_doc["good"] - 2
    assert per_doc["longline"] >= 3  # a long line without punctuation is read in pieces, not refused
