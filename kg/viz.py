"""Graph → one self-contained HTML network explorer (works with no network at all).

pyvis lays out the nodes and edges (colour and shape per class, size by
degree, edge labels); the page inlines the vis-network library that pyvis
ships, so it loads no script, stylesheet or font from anywhere. Every label
from the source text reaches the page as JSON data and is put on screen with
``textContent``: a name containing ``<script>`` shows those characters and
runs nothing.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.rdf.terms import ENTITY_CLASSES, KG, RELATIONS

__all__ = ["STYLE", "Explorer", "explore", "graph_data", "render_html", "overview", "render_overview", "EXPLORER_ENTITIES"]

#: class → (colour, vis shape, Chinese name)
STYLE = {
    "Enterprise": ("#1f77b4", "dot", "企业"),
    "GovernmentBody": ("#d62728", "diamond", "政府机构"),
    "Organization": ("#9467bd", "square", "组织"),
    "Official": ("#ff7f0e", "triangle", "官员"),
    "Person": ("#bcbd22", "triangleDown", "人物"),
    "Project": ("#2ca02c", "star", "项目"),
    "Region": ("#17becf", "hexagon", "地区"),
}
EDGE_STYLE = {
    "signedAgreementWith": ("#1f77b4", "签署协议"),
    "tradedCarbonWith": ("#2ca02c", "碳交易"),
    "locatedIn": ("#aaaaaa", "位于"),
    "holdsPositionIn": ("#ff7f0e", "任职"),
}
_VIS = Path(__import__("pyvis").__file__).parent / "templates" / "lib" / "vis-9.1.2"


def _type_of(g: Graph, s: URIRef) -> str | None:
    types = {str(o).rsplit("#", 1)[-1] for o in g.objects(s, RDF.type) if str(o).startswith(str(KG))}
    for t in ("Enterprise", "GovernmentBody", "Official", "Project", "Region", "Organization", "Person"):
        if t in types:
            return t
    return None


def _zh_label(g: Graph, s: URIRef) -> str:
    for o in g.objects(s, RDFS.label):
        if getattr(o, "language", None) == "zh":
            return str(o)
    return str(next(iter(g.objects(s, RDFS.label)), s))


def graph_data(g: Graph, focus: str | None = None, depth: int = 1, max_nodes: int | None = None) -> dict:
    """Nodes and edges for the explorer, read from an RDF graph of zhkg terms.

    *focus* (a name or alias) keeps the neighbourhood of that entity within
    *depth* links; *max_nodes* keeps at most that many nodes: the nearest to
    the focus, or else the most connected.
    """
    from pyvis.network import Network

    nodes: dict[URIRef, dict] = {}
    for cls in ENTITY_CLASSES:
        for s in sorted(g.subjects(RDF.type, KG[cls])):
            if s in nodes:
                continue
            t = _type_of(g, s)
            if t is None:
                continue
            pin = next((str(o) for o in g.objects(s, RDFS.label) if (getattr(o, "language", None) or "").lower() == "zh-latn-pinyin"), "")
            nodes[s] = {
                "iri": str(s), "label": _zh_label(g, s), "type": t, "pinyin": pin,
                "aliases": sorted(str(o) for o in g.objects(s, SKOS.altLabel)),
                "code": str(min(g.objects(s, KG.adminCode), default="")),
                "posts": [], "sentences": [],
            }
    # posts of officials
    # (every walk is sorted: the order of an rdflib store's answers differs between processes)
    for person, post in sorted(g.subject_objects(KG.holdsPost)):
        if person in nodes:
            org = min(g.objects(post, KG.postIn), default=None)
            title = str(min(g.objects(post, KG.title), default=""))
            if org is not None and org in nodes:
                nodes[person]["posts"].append(f"{nodes[org]['label']} {title}")
    # evidence sentences per pair, from events and posts
    pair_info: dict[tuple, dict] = defaultdict(lambda: {"sentences": [], "title": "", "date": "", "amount": "", "quantity": ""})
    for cls, prop in ((KG.Agreement, "signedAgreementWith"), (KG.CarbonTrade, "tradedCarbonWith")):
        for ev in sorted(g.subjects(RDF.type, cls)):
            parties = sorted(str(p) for p in g.objects(ev, KG.party))
            info_sents = _sentences(g, ev)
            for i in range(len(parties)):
                for j in range(i + 1, len(parties)):
                    info = pair_info[(prop, parties[i], parties[j])]
                    info["sentences"] += info_sents
                    for k, p in (("title", KG.title), ("date", KG.date), ("amount", KG.amount), ("quantity", KG.quantity)):
                        v = min(g.objects(ev, p), default=None)
                        if v is not None:
                            info[k] = str(v)
    for person, post in sorted(g.subject_objects(KG.holdsPost)):
        org = min(g.objects(post, KG.postIn), default=None)
        if org is not None:
            info = pair_info[("holdsPositionIn", str(person), str(org))]
            info["sentences"] += _sentences(g, post)
            info["title"] = str(min(g.objects(post, KG.title), default=""))

    edges = []
    degree: dict[URIRef, int] = defaultdict(int)
    for rel in RELATIONS:
        for s, o in sorted(g.subject_objects(KG[rel])):
            if s not in nodes or o not in nodes:
                continue
            key = (rel, *sorted((str(s), str(o)))) if rel in ("signedAgreementWith", "tradedCarbonWith") else (rel, str(s), str(o))
            info = pair_info.get(key, {})
            edges.append({"from": str(s), "to": str(o), "rel": rel, **{k: v for k, v in info.items() if v}})
            degree[s] += 1
            degree[o] += 1
            for n in (s, o):
                nodes[n]["sentences"] += info.get("sentences", [])[:2]

    keep = _select(nodes, edges, focus, depth, max_nodes)
    if keep is not None:
        nodes = {k: v for k, v in nodes.items() if k in keep}
        edges = [e for e in edges if URIRef(e["from"]) in keep and URIRef(e["to"]) in keep]

    net = Network(directed=True, cdn_resources="remote")
    for s in sorted(nodes, key=str):
        n = nodes[s]
        color, shape, _ = STYLE[n["type"]]
        n["sentences"] = list(dict.fromkeys(n["sentences"]))[:4]
        n["posts"] = sorted(set(n["posts"]))
        net.add_node(str(s), label=n["label"], color=color, shape=shape, size=10 + 4 * min(degree[s], 10))
    for e in edges:
        color, zh = EDGE_STYLE[e["rel"]]
        net.add_edge(e["from"], e["to"], label=zh, color=color,
                     arrows="to" if e["rel"] in ("locatedIn", "holdsPositionIn") else "")
    vis_nodes = []
    for vn in net.nodes:
        n = nodes[URIRef(vn["id"])]
        color, shape, _ = STYLE[n["type"]]
        deg = degree[URIRef(vn["id"])]
        vis_nodes.append({"id": vn["id"], "label": vn["label"], "color": vn.get("color", color),
                          "shape": vn.get("shape", shape), "size": vn.get("size", 10), "kgType": n["type"], "info": n,
                          # hubs keep readable labels when the whole graph is in view
                          "font": {"size": 14 + 4 * min(deg, 8)}})
    vis_edges = []
    for ve, e in zip(net.edges, edges):
        vis_edges.append({"from": ve["from"], "to": ve["to"], "label": ve["label"], "color": ve["color"],
                          "arrows": ve.get("arrows", ""), "rel": e["rel"], "info": e})
    return {"nodes": vis_nodes, "edges": vis_edges}


#: A graph with more entities than this is drawn by the build as its :data:`OVERVIEW_NODES` most connected.
EXPLORER_ENTITIES = 2_000
#: How many entities the build's page of a large graph draws (``kg view --focus`` reaches any other).
OVERVIEW_NODES = 500

_PREFIX = f"PREFIX kg: <{KG}> PREFIX dcterms: <http://purl.org/dc/terms/>\n"
_LINKS = " ".join(f"kg:{r}" for r in RELATIONS)


def overview(store, max_nodes: int = OVERVIEW_NODES) -> tuple[Graph, int]:
    """The part of a large graph an explorer page can show: its *max_nodes* most connected entities (direct
    links counted by SPARQL in the graph's Oxigraph *store*, ties by IRI), with their labels, the links and
    the agreements and trades among them, their posts, and the evidence sentences of both — copied into
    rdflib's memory store for :func:`graph_data`; the whole graph never is. Returns it and how many
    entities the whole graph has."""
    classes = " ".join(f"kg:{c}" for c in ENTITY_CLASSES)
    degree = {r["e"].value: 0 for r in store.query(
        f"{_PREFIX}SELECT DISTINCT ?e WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c }}")}
    for r in store.query(f"{_PREFIX}SELECT ?e (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {_LINKS} }} "
                         "{ ?e ?p ?x } UNION { ?x ?p ?e } } GROUP BY ?e"):
        if r["e"].value in degree:
            degree[r["e"].value] = int(r["n"].value)
    keep = sorted(degree, key=lambda e: (-degree[e], e))[:max_nodes]
    sub = Graph()
    for pattern in ("?e ?p ?o", "?e kg:holdsPost ?s . ?s ?p ?o", "?e kg:holdsPost/kg:evidence ?s . ?s ?p ?o",
                    "?e kg:holdsPost/kg:evidence/kg:document ?s . ?s ?p ?o"):
        _construct(store, "e", keep, pattern, sub)
    # the agreements and trades whose parties are all drawn
    touching = sorted({r["ev"].value for e in _batches(keep) for r in store.query(
        f"{_PREFIX}SELECT DISTINCT ?ev WHERE {{ VALUES ?e {{ {e} }} ?ev kg:party ?e }}")})
    kept = set(keep)
    outside = {r["ev"].value for evs in _batches(touching) for r in store.query(
        f"{_PREFIX}SELECT DISTINCT ?ev ?x WHERE {{ VALUES ?ev {{ {evs} }} ?ev kg:party ?x }}")
        if r["x"].value not in kept}
    events = [ev for ev in touching if ev not in outside]
    for pattern in ("?ev ?p ?o", "?ev kg:evidence ?s . ?s ?p ?o", "?ev kg:evidence/kg:document ?s . ?s ?p ?o"):
        _construct(store, "ev", events, pattern, sub)
    return sub, len(degree)


def render_overview(store, max_nodes: int = OVERVIEW_NODES) -> str:
    """The explorer page of a graph too large to draw whole: its :func:`overview`, the title saying so."""
    sub, total = overview(store, max_nodes)
    shown = min(max_nodes, total)
    return render_html(sub, title=f"zhkg 知识图谱 — 连接最多的 {shown:,} 个实体（共 {total:,} 个；"
                                  f"其余用 kg view --focus 查看）")


def _batches(iris: list[str], size: int = 200):
    for i in range(0, len(iris), size):
        yield " ".join(f"<{x}>" for x in iris[i:i + size])


def _construct(store, var: str, iris: list[str], pattern: str, into: Graph) -> None:
    """The triples ``?s ?p ?o`` of *pattern* (``?e ?p ?o``: the subject is *var* itself) for each of *iris*
    as *var*, added to *into*."""
    subject = "?s" if "?s " in pattern else f"?{var}"
    for values in _batches(iris):
        for t in store.query(f"{_PREFIX}CONSTRUCT {{ {subject} ?p ?o }} WHERE {{ VALUES ?{var} {{ {values} }} "
                             f"{pattern} }}"):
            into.add(_rdflib_triple(t))


def _rdflib_triple(t):
    """An Oxigraph triple in rdflib's terms (simple literals plain, as :func:`kg.store.to_memory` has them)."""
    import pyoxigraph as ox
    from rdflib import Literal

    def term(x):
        if isinstance(x, ox.NamedNode):
            return URIRef(x.value)
        if x.language:
            return Literal(x.value, lang=x.language)
        if x.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(x.value)
        return Literal(x.value, datatype=URIRef(x.datatype.value))

    return term(t.subject), term(t.predicate), term(t.object)


def _key(name: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", name).split())


def _select(nodes: dict, edges: list[dict], focus: str | None, depth: int, max_nodes: int | None) -> set | None:
    """The nodes to draw, or None for all of them."""
    import networkx as nx

    if focus is None and (max_nodes is None or max_nodes >= len(nodes)):
        return None
    G = nx.Graph()
    G.add_nodes_from(sorted(nodes, key=str))
    G.add_edges_from((URIRef(e["from"]), URIRef(e["to"])) for e in edges)
    if focus is not None:
        want = _key(focus)
        hits = sorted((s for s, n in nodes.items() if want in {_key(n["label"]), *map(_key, n["aliases"])}), key=str)
        if not hits:
            raise KeyError(focus)
        start = max(hits, key=lambda s: (G.degree(s), str(s)))
        dist = nx.single_source_shortest_path_length(G, start, cutoff=depth)
        order = sorted(dist, key=lambda s: (dist[s], -G.degree(s), str(s)))
    else:
        order = sorted(G.nodes, key=lambda s: (-G.degree(s), str(s)))
    return set(order[:max_nodes] if max_nodes else order)


def _sentences(g: Graph, node: URIRef) -> list[str]:
    out = []
    for ev in sorted(g.objects(node, KG.evidence)):
        sent = min(g.objects(ev, KG.sentence), default=None)
        doc = min(g.objects(ev, KG.document), default=None)
        doc_id = str(next(iter(g.objects(doc, __import__("rdflib").namespace.DCTERMS.identifier)), "")) if doc else ""
        if sent is not None:
            out.append(f"{sent}（{doc_id}）" if doc_id else str(sent))
    return out


def _json_for_script(obj) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survives raw."""
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(g: Graph, title: str = "zhkg 知识图谱", focus: str | None = None, depth: int = 1,
                max_nodes: int | None = None) -> str:
    """The explorer page; *focus*, *depth* and *max_nodes* as in :func:`graph_data`."""
    data = graph_data(g, focus, depth, max_nodes)
    vis_js = (_VIS / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (_VIS / "vis-network.css").read_text(encoding="utf-8")
    legend = {k: {"color": c, "shape": sh, "zh": zh} for k, (c, sh, zh) in STYLE.items()}
    edge_legend = {k: {"color": c, "zh": zh} for k, (c, zh) in EDGE_STYLE.items()}
    page = _TEMPLATE
    for k, v in (("@@TITLE@@", html.escape(title)), ("@@VISCSS@@", vis_css), ("@@VISJS@@", vis_js.replace("</script", "<\\/script")),
                 ("@@DATA@@", _json_for_script(data)), ("@@LEGEND@@", _json_for_script({"nodes": legend, "edges": edge_legend}))):
        page = page.replace(k, v)
    return page


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>@@VISCSS@@</style>
<style>
html, body { margin: 0; height: 100%; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
#app { display: flex; height: 100%; }
#side { width: 320px; padding: 10px; box-sizing: border-box; overflow-y: auto; border-right: 1px solid #ddd; font-size: 14px; }
#net { flex: 1; height: 100%; }
#side h1 { font-size: 18px; margin: 0 0 8px; }
#search { width: 100%; box-sizing: border-box; padding: 4px; }
.legend-item { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.swatch { width: 12px; height: 12px; display: inline-block; border-radius: 2px; }
#details { margin-top: 10px; border-top: 1px solid #eee; padding-top: 6px; white-space: pre-wrap; word-break: break-all; }
#details .k { color: #666; }
</style>
</head>
<body>
<div id="app">
  <div id="side">
    <h1>@@TITLE@@</h1>
    <input id="search" type="search" placeholder="搜索名称或拼音 / search name or pinyin">
    <div id="search-msg"></div>
    <h2 style="font-size:15px">实体类型</h2>
    <div id="legend-nodes"></div>
    <h2 style="font-size:15px">关系</h2>
    <div id="legend-edges"></div>
    <div id="details"></div>
  </div>
  <div id="net"></div>
</div>
<script>@@VISJS@@</script>
<script>
"use strict";
const DATA = @@DATA@@;
const LEGEND = @@LEGEND@@;
// people without a post (reporters, photographers) start hidden; the legend shows them again
const hiddenTypes = new Set(DATA.nodes.length > 30 ? ["Person"] : []), hiddenRels = new Set();
const nodes = new vis.DataSet(DATA.nodes.map(n => Object.assign({}, n, {title: undefined})));
const edges = new vis.DataSet(DATA.edges.map((e, i) => Object.assign({id: "e" + i}, e)));
const nodeView = new vis.DataView(nodes, {filter: n => !hiddenTypes.has(n.kgType)});
const edgeView = new vis.DataView(edges, {filter: e => !hiddenRels.has(e.rel)});
const network = new vis.Network(document.getElementById("net"), {nodes: nodeView, edges: edgeView}, {
  physics: {stabilization: {iterations: DATA.nodes.length > 1000 ? 120 : 300, updateInterval: 50},
            barnesHut: {gravitationalConstant: -6000, springLength: 140}},
  layout: {improvedLayout: DATA.nodes.length <= 300},
  edges: {font: {size: 10, align: "middle"}, smooth: {type: "continuous"}},
  nodes: {font: {size: 14}},
  interaction: {hover: true, tooltipDelay: 150},
});
window.zhkg = {network, nodes, edges, nodeView, edgeView, stabilized: false};
// the layout settles once, then stays put: large graphs pan smoothly
network.once("stabilizationIterationsDone", () => { network.setOptions({physics: false}); window.zhkg.stabilized = true; });

function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
function legend() {
  const ln = document.getElementById("legend-nodes");
  for (const [type, s] of Object.entries(LEGEND.nodes)) {
    const row = el("label", undefined, "legend-item");
    const cb = el("input"); cb.type = "checkbox"; cb.checked = !hiddenTypes.has(type); cb.dataset.type = type;
    cb.addEventListener("change", () => { cb.checked ? hiddenTypes.delete(type) : hiddenTypes.add(type); nodeView.refresh(); });
    const sw = el("span", undefined, "swatch"); sw.style.background = s.color;
    row.append(cb, sw, el("span", s.zh + " " + type + " (" + DATA.nodes.filter(n => n.kgType === type).length + ")"));
    ln.append(row);
  }
  const le = document.getElementById("legend-edges");
  for (const [rel, s] of Object.entries(LEGEND.edges)) {
    const row = el("label", undefined, "legend-item");
    const cb = el("input"); cb.type = "checkbox"; cb.checked = true; cb.dataset.rel = rel;
    cb.addEventListener("change", () => { cb.checked ? hiddenRels.delete(rel) : hiddenRels.add(rel); edgeView.refresh(); });
    const sw = el("span", undefined, "swatch"); sw.style.background = s.color;
    row.append(cb, sw, el("span", s.zh + " " + rel));
    le.append(row);
  }
}
function show(title, rows) {
  const d = document.getElementById("details"); d.replaceChildren();
  d.append(el("h3", title));
  for (const [k, v] of rows) { if (!v || (Array.isArray(v) && !v.length)) continue;
    const p = el("div"); p.append(el("span", k + "：", "k"), el("span", Array.isArray(v) ? v.join("\\n") : String(v))); d.append(p); }
}
function showNode(id) {
  const n = nodes.get(id); if (!n) return; const i = n.info;
  show(i.label, [["类型", LEGEND.nodes[i.type].zh + " " + i.type], ["别名", i.aliases], ["拼音", i.pinyin],
    ["行政区划代码", i.code], ["职务", i.posts], ["来源句子", i.sentences], ["IRI", i.iri]]);
}
function showEdge(id) {
  const e = edges.get(id); if (!e) return; const i = e.info;
  show(nodes.get(e.from).label + " — " + LEGEND.edges[e.rel].zh + " — " + nodes.get(e.to).label,
    [["名称", i.title], ["日期", i.date], ["金额（元）", i.amount], ["数量（吨）", i.quantity], ["来源句子", i.sentences]]);
}
network.on("click", p => {
  if (p.nodes.length) { const id = p.nodes[0]; showNode(id);
    const keep = new Set([id, ...network.getConnectedNodes(id)]);
    nodes.update(DATA.nodes.map(n => ({id: n.id, opacity: keep.has(n.id) ? 1 : 0.2})));
  } else if (p.edges.length) { showEdge(p.edges[0]); }
  else { nodes.update(DATA.nodes.map(n => ({id: n.id, opacity: 1}))); }
});
function strip(s) { return (s || "").normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/\\s+/g, "").toLowerCase(); }
function search(q) {
  const key = strip(q); const msg = document.getElementById("search-msg");
  if (!key) { msg.textContent = ""; return null; }
  const hit = DATA.nodes.find(n => strip(n.label).includes(key) || n.info.aliases.some(a => strip(a).includes(key)) || strip(n.info.pinyin).includes(key));
  if (!hit) { msg.textContent = "未找到 / not found"; return null; }
  msg.textContent = "";
  if (hiddenTypes.has(hit.kgType)) {  // a hidden type (people start hidden): show it, then select
    hiddenTypes.delete(hit.kgType); nodeView.refresh();
    const cb = document.querySelector(`input[data-type="${hit.kgType}"]`); if (cb) cb.checked = true;
  }
  network.selectNodes([hit.id]); network.focus(hit.id, {scale: 1.4, animation: false}); showNode(hit.id);
  return hit.id;
}
window.zhkg.search = search;
window.zhkg.showEdge = showEdge;
document.getElementById("search").addEventListener("keydown", ev => { if (ev.key === "Enter") search(ev.target.value); });
legend();
</script>
</body>
</html>
"""


class Explorer:
    """The explorer of a graph, shown inline by Jupyter (an ``<iframe>`` holding the whole page).

    >>> page = Explorer("<html><body>图</body></html>")._repr_html_()
    >>> page.startswith('<iframe srcdoc="&lt;html&gt;') and 'height="640"' in page
    True
    """

    def __init__(self, page: str, height: int = 640):
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        import html

        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" width="100%" height="{self.height}" '
                'style="border:1px solid #ddd" sandbox="allow-scripts"></iframe>')

    def save(self, path) -> None:
        """Write the page to *path* (an HTML file that opens offline)."""
        from pathlib import Path

        Path(path).write_text(self.page, encoding="utf-8")


def explore(g: Graph, focus: str | None = None, depth: int = 1, max_nodes: int | None = None,
            height: int = 640) -> Explorer:
    """The interactive explorer of *g*, for display in a notebook: ``kg.explore(g)``."""
    return Explorer(render_html(g, focus=focus, depth=depth, max_nodes=max_nodes), height)
