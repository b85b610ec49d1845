"""graph.html in a real headless Chromium, with the network cut off.

Skipped, with the reason, where Chromium or playwright is missing
(`make test` installs Debian's chromium when it runs as root).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.rdf.terms import ENTITY_CLASSES, KG

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)"),
]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


def _open(browser, path: Path):
    ctx = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    requests = []
    ctx.route("**/*", lambda route: (requests.append(route.request.url), route.abort())
              if not route.request.url.startswith("file:") else route.continue_())
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("window.zhkg && window.zhkg.network", timeout=120_000)  # a loaded machine is slow, not wrong
    return ctx, page, errors, requests


def test_seed_explorer_opens_offline_and_works(browser, seed_build, seed_graph):
    out, _ = seed_build
    ctx, page, errors, requests = _open(browser, out / "graph.html")
    try:
        entities = {s for cls in ENTITY_CLASSES for s in seed_graph.subjects(None, None) if (s, None, KG[cls]) in seed_graph}
        assert page.evaluate("window.zhkg.nodes.length") == len(entities)
        # search by Chinese name and by toneless pinyin focuses the node
        hit = page.evaluate("window.zhkg.search('蒙盐集团')")
        assert page.evaluate("window.zhkg.network.getSelectedNodes()") == [hit]
        assert page.evaluate(f"window.zhkg.nodes.get({hit!r}).label") == "蒙盐集团"
        assert page.evaluate("window.zhkg.search('mengyanjituan')") == hit
        assert "蒙盐集团" in page.inner_text("#details")
        # a type filter hides exactly the nodes of that type
        regions = page.evaluate("window.zhkg.nodes.get().filter(n => n.kgType === 'Region').length")
        assert regions > 0
        persons = page.evaluate("window.zhkg.nodes.get().filter(n => n.kgType === 'Person').length")
        assert page.evaluate("window.zhkg.nodeView.length") == len(entities) - persons  # hidden at first
        page.click("input[data-type=Person]")
        assert page.evaluate("window.zhkg.nodeView.length") == len(entities)
        page.click("input[data-type=Region]")
        assert page.evaluate("window.zhkg.nodeView.length") == len(entities) - regions
        page.click("input[data-type=Region]")
        page.click("input[data-type=Person]")
        # a relation filter hides exactly the edges of that relation
        located = page.evaluate("window.zhkg.edges.get().filter(e => e.rel === 'locatedIn').length")
        total = page.evaluate("window.zhkg.edgeView.length")
        page.click("input[data-rel=locatedIn]")
        assert page.evaluate("window.zhkg.edgeView.length") == total - located > 0
        page.click("input[data-rel=locatedIn]")
        # an edge's panel shows its title and the sentence it was read from, with the document
        edge = page.evaluate("""window.zhkg.edges.get().find(e => e.rel === 'signedAgreementWith'
                                && (e.info.title || '').includes('零碳战略合作框架协议')).id""")
        page.evaluate(f"window.zhkg.showEdge({edge!r})")
        details = page.inner_text("#details")
        assert "《零碳战略合作框架协议》" in details and "000_21d474c0e952bd66" in details
        page.wait_for_function("window.zhkg.stabilized === true", timeout=60_000)
        page.evaluate("window.zhkg.network.fit()")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "seed-graph.png"))
        # a real click on a node highlights its neighbourhood and dims the rest; the node is first
        # moved clear of the others, so that the click cannot land on a node the layout put on top of it
        page.evaluate(f"""(() => {{ const net = window.zhkg.network;
                                  const ps = Object.values(net.getPositions());
                                  const x = Math.max(...ps.map(q => q.x)) + 400, y = Math.max(...ps.map(q => q.y)) + 400;
                                  net.moveNode({hit!r}, x, y); }})()""")
        page.evaluate(f"window.zhkg.network.focus({hit!r}, {{scale: 1.0, animation: false}})")
        assert page.evaluate(f"""(() => {{ const net = window.zhkg.network;
                                  return net.getNodeAt(net.canvasToDOM(net.getPositions([{hit!r}])[{hit!r}])); }})()""") == hit
        xy = page.evaluate(f"""(() => {{ const p = window.zhkg.network.getPositions([{hit!r}])[{hit!r}];
                                  const d = window.zhkg.network.canvasToDOM(p);
                                  const r = document.getElementById('net').getBoundingClientRect();
                                  return [r.left + d.x, r.top + d.y]; }})()""")
        page.mouse.click(*xy)
        neighbours = set(page.evaluate(f"window.zhkg.network.getConnectedNodes({hit!r})"))
        dim = page.evaluate("window.zhkg.nodes.get().filter(n => n.opacity === 0.2).map(n => n.id)")
        assert neighbours and not (neighbours & set(dim)) and hit not in dim
        assert len(dim) == len(entities) - len(neighbours) - 1  # hidden nodes are dimmed too
        assert not errors, errors
        assert not requests, requests
    finally:
        ctx.close()


def test_search_finds_a_person_hidden_by_default(browser, seed_build):
    """People start hidden; typing one's name shows the type, selects the person and throws nothing."""
    ctx, page, errors, _ = _open(browser, seed_build[0] / "graph.html")
    try:
        person = page.evaluate("window.zhkg.nodes.get().find(n => n.kgType === 'Person').label")
        assert not page.is_checked("input[data-type=Person]")
        page.fill("#search", person)
        page.press("#search", "Enter")
        selected = page.evaluate("window.zhkg.network.getSelectedNodes()")
        assert len(selected) == 1 and page.evaluate(f"window.zhkg.nodes.get({selected[0]!r}).label") == person
        assert page.is_checked("input[data-type=Person]")
        assert page.evaluate(f"window.zhkg.nodeView.get({selected[0]!r}) !== null")
        assert person in page.inner_text("#details")
        assert not errors, errors
    finally:
        ctx.close()


def test_markup_in_a_name_is_shown_as_text(browser, tmp_path):
    from kg.builder import build

    src = tmp_path / "xss.txt"
    src.write_text('## 测试\n\n"><img src=x onerror=alert(1)>科技有限公司与蒙盐集团签订战略合作协议。\n', encoding="utf-8")
    build([src], tmp_path / "out")
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.viz import render_html

    g = Graph()
    s = URIRef("https://w3id.org/zhkg/id/enterprise/xss")
    g.add((s, RDF.type, KG.Enterprise))
    g.add((s, RDFS.label, Literal('<script>window.pwned=1</script><img src=x onerror="window.pwned=2">集团', lang="zh")))
    page_file = tmp_path / "xss.html"
    page_file.write_text(render_html(g), encoding="utf-8")
    for f in (tmp_path / "out" / "graph.html", page_file):
        ctx, page, errors, _ = _open(browser, f)
        try:
            assert page.evaluate("window.pwned") is None
            assert not page.query_selector("#details img")
        finally:
            ctx.close()
    ctx, page, errors, _ = _open(browser, page_file)
    try:
        hit = page.evaluate("window.zhkg.search('集团')")
        assert hit
        assert "<script>window.pwned=1</script>" in page.inner_text("#details")
        assert page.evaluate("window.pwned") is None
    finally:
        ctx.close()


def _synthetic(n_nodes: int, seed: int = 7):
    """A random graph of zhkg entities and relations, *n_nodes* large."""
    import random

    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    rnd = random.Random(seed)
    g = Graph()
    classes = ["Enterprise", "GovernmentBody", "Organization", "Official", "Project", "Region"]
    nodes = []
    for i in range(n_nodes):
        cls = classes[i % len(classes)]
        s = URIRef(f"https://w3id.org/zhkg/id/{cls.lower()}/n{i}")
        g.add((s, RDF.type, KG[cls]))
        g.add((s, RDFS.label, Literal(f"实体{i}号", lang="zh")))
        nodes.append((s, cls))
    regions = [s for s, c in nodes if c == "Region"]
    orgs = [s for s, c in nodes if c in ("Enterprise", "GovernmentBody", "Organization")]
    for s, cls in nodes:
        if cls != "Region":
            g.add((s, KG.locatedIn, rnd.choice(regions)))
        if cls == "Official":
            g.add((s, KG.holdsPositionIn, rnd.choice(orgs)))
        if cls == "Enterprise" and rnd.random() < 0.5:
            g.add((s, KG.signedAgreementWith, rnd.choice(orgs)))
    return g


def test_a_5000_node_graph_opens_and_settles(browser, tmp_path):
    from kg.viz import render_html

    page_file = tmp_path / "big.html"
    page_file.write_text(render_html(_synthetic(5000)), encoding="utf-8")
    ctx, page, errors, requests = _open(browser, page_file)
    try:
        assert page.evaluate("window.zhkg.nodes.length") == 5000
        # the budget: the layout settles and physics stops within two minutes on CI's two cores
        page.wait_for_function("window.zhkg.stabilized === true", timeout=120_000)
        assert page.evaluate("window.zhkg.network.physics.physicsEnabled") is False
        hit = page.evaluate("window.zhkg.search('实体4321号')")
        assert hit.endswith("/n4321")
        assert not errors, errors
    finally:
        ctx.close()
