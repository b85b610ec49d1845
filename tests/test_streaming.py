"""The streamed build: extractions spooled to disk, resolution in passes, quads sorted on disk.

What it must keep: the bytes of an in-memory assembly (same IRIs, triples and order), and a memory that
grows with distinct entities and facts, not with mentions or documents.
"""

from __future__ import annotations

import dataclasses
import pickle
import random

import pyoxigraph as ox
import pytest

from kg.model import DocumentInfo, EntityType, EventKind, EventMention, Evidence, Extraction, Mention, PostMention
from kg.resolve import Resolver, resolve
from kg.spool import Spool
from kg.store import SortedQuads, dump_sorted, quad_store

from .conftest import SEEDS


def test_a_streamed_build_writes_the_bytes_of_the_in_memory_assembly(seed_build):
    from kg.builder import build_graph
    from kg.rdf.graph import quads

    out, _ = seed_build
    rg, _ = build_graph([SEEDS])  # every entity with its mentions, every fact with its evidence, in memory
    ordered = dump_sorted(quad_store(quads(rg)), ["turtle", "trig"])
    assert (out / "graph.ttl").read_bytes() == ordered["turtle"]
    assert (out / "graph.trig").read_bytes() == ordered["trig"]


def _random_quads(rng: random.Random, n: int) -> list[ox.Quad]:
    ex = "http://example.org/"
    graphs = [ox.DefaultGraph(), ox.NamedNode(ex + "g1"), ox.NamedNode(ex + "g2")]
    preds = [ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(ex + "p"),
             ox.NamedNode(ex + "q")]
    objs = [ox.Literal("江城\n第二行 \"引号\""), ox.Literal("3.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
            ox.Literal("青禾", language="zh"), ox.NamedNode(ex + "o")]
    return [ox.Quad(ox.NamedNode(f"{ex}s{rng.randrange(40)}"), rng.choice(preds), rng.choice(objs), rng.choice(graphs))
            for _ in range(n)]


@pytest.mark.parametrize("run_chars", [1 << 25, 2_000])  # one run in memory; many runs merged from disk
def test_quads_sorted_on_disk_serialise_as_the_store_does(tmp_path, run_chars):
    rng = random.Random(5)
    quads = _random_quads(rng, 3_000)  # many duplicates, in any order, across runs
    sq = SortedQuads(tmp_path, run_chars=run_chars)
    sq.add(quads[:1_000])
    sq.add(quads[1_000:])
    if run_chars < 10_000:
        assert len(list(tmp_path.glob("run-*"))) > 5
    sq.finish()
    expected = dump_sorted(quad_store(quads), ["turtle", "trig", "nquads"])
    for name in ("turtle", "trig"):
        sq.serialize(name, tmp_path / f"out.{name}")
        assert (tmp_path / f"out.{name}").read_bytes() == expected[name], name
    assert sq.nquads.read_bytes() == expected["nquads"]
    assert not list(tmp_path.glob("run-*"))


def _ev(doc: str, start: int, end: int, extractor: str = "rule:test") -> Evidence:
    return Evidence(doc, "青禾科技集团有限公司与松岭林业有限公司签署合作协议。", start, end, start, end, extractor, 0.9)


def _extraction(doc: str) -> Extraction:
    """One invented article: two companies sign, a chairman holds his post."""
    a = Mention("青禾科技集团有限公司", "青禾科技集团有限公司", EntityType.ENTERPRISE, 0, 10, _ev(doc, 0, 10))
    b = Mention("松岭林业有限公司", "松岭林业有限公司", EntityType.ENTERPRISE, 11, 19, _ev(doc, 11, 19))
    short = Mention("青禾集团", "青禾集团", EntityType.ENTERPRISE, 40, 44, _ev(doc, 40, 44))
    person = Mention("王立新", "王立新", EntityType.PERSON, 47, 50, _ev(doc, 47, 50))
    return Extraction(
        DocumentInfo(doc, f"{doc}.txt", doc * 4, "", None, 60, 0),
        mentions=[a, b, short, person],
        events=[EventMention(EventKind.AGREEMENT, (a, b), _ev(doc, 0, 30, "rule:agreement"))],
        posts=[PostMention(person, short, "董事长", _ev(doc, 40, 53, "rule:post"))],
    )


def _state_size(r: Resolver) -> int:
    return len(pickle.dumps({k: v for k, v in vars(r).items() if k not in ("_gaz", "_lex")}))


@pytest.mark.parametrize("keep", [False, True])
def test_a_streaming_resolver_holds_distinct_things_not_mentions(keep):
    """The same facts from 10 and from 100 documents: the streaming resolver's state stays the same size;
    one that keeps evidence (what :func:`resolve` returns) grows with the documents — the test can fail."""
    sizes = []
    for n in (10, 100):
        r = Resolver(keep_evidence=keep)
        r.resolve([_extraction(f"d{i:03d}") for i in range(n)])
        sizes.append(_state_size(r))
    if keep:
        assert sizes[1] > 5 * sizes[0]
    else:
        assert sizes[1] == sizes[0]


def test_each_documents_part_is_what_the_in_memory_graph_holds_for_it():
    from kg.resolve import document_facts

    exs = [_extraction(f"d{i}") for i in range(3)]
    r = Resolver()
    streamed = r.resolve(exs)
    parts = [r.document(ex) for ex in exs]
    whole = resolve(exs)
    def identities(p):  # a streamed part names each fact by its identity only
        return dataclasses.replace(p, events=[(e.kind, e.parties, ev) for e, ev in p.events],
                                   posts=[(x.holder, x.organization, ev) for x, ev in p.posts],
                                   locations=[(x.inner, x.outer, ev) for x, ev in p.locations])

    assert [identities(p) for p in parts] == [identities(p) for p in document_facts(whole)]
    assert parts[0].events and parts[0].posts
    assert sorted(streamed.entities) == sorted(whole.entities)
    company = next(e for e in streamed.entities.values() if e.name == "青禾科技集团有限公司")
    assert "青禾集团" in company.aliases and not company.mentions  # merged; no mention kept
    assert [p.title for p in streamed.posts] == ["董事长"] and streamed.posts[0].evidence == []


def test_the_spool_gives_back_every_extraction_in_order_and_leaves_nothing(tmp_path):
    exs = [_extraction(f"d{i}") for i in range(25)]
    with Spool(tmp_path) as spool:
        for ex in exs:
            spool.append(ex)
        assert list(spool) == exs
        assert list(spool) == exs  # as often as the passes need
        assert len(spool) == 25
    assert list(tmp_path.iterdir()) == []


def test_a_build_leaves_no_working_folder(seed_build):
    out, _ = seed_build
    assert not list(out.glob(".build.*")) and not list(out.glob(".spool.*"))


def test_a_graph_too_large_to_draw_whole_is_drawn_by_its_most_connected_entities(seed_build, tmp_path):
    """The overview reads the graph from an on-disk store by SPARQL: with room for every entity it draws what
    the whole page draws; with room for 20, the 20 most connected (ties by IRI), and the agreements and
    trades among them only."""
    from collections import Counter

    from kg.store import disk_store, graph_file, to_memory
    from kg.viz import graph_data, overview

    out, _ = seed_build
    whole = graph_data(to_memory(graph_file(out / "graph.ttl", ".ttl")))
    store = disk_store(out / "graph.ttl", ".ttl", tmp_path / "store")
    sub, total = overview(store, max_nodes=10_000)
    assert total == len(whole["nodes"]) > 200
    assert graph_data(sub) == whole
    degree = Counter({n["id"]: 0 for n in whole["nodes"]})
    for e in whole["edges"]:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    top = sorted(degree, key=lambda n: (-degree[n], n))[:20]
    small = graph_data(overview(store, max_nodes=20)[0])
    assert sorted(n["id"] for n in small["nodes"]) == sorted(top)
    assert all(e["from"] in top and e["to"] in top for e in small["edges"])


def test_the_build_draws_a_large_graph_as_its_overview(tmp_path, monkeypatch):
    import kg.viz
    from kg.builder import build

    monkeypatch.setattr(kg.viz, "EXPLORER_ENTITIES", 50)  # the seeds' 262 entities count as many
    build([SEEDS / "003_d8021e33e9058de8.txt", SEEDS / "001_5fbdaa8fd5a4efac.txt"], tmp_path, cache=False)
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "连接最多的" in page and "kg view --focus" in page
    assert not list(tmp_path.glob(".build.*"))
