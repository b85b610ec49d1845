"""Graph → bytes, deterministically.

rdflib's Turtle and TriG writers order subjects, predicates and objects, and
zhkg writes no blank nodes, so the same graph always gives the same bytes.
Graphs opened with :func:`kg.store.load` (Oxigraph underneath) are written by
Oxigraph's own writers, which are much faster on large graphs and also keep
a stable order; line-based formats are sorted either way.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

__all__ = ["FORMATS", "EXTENSIONS", "serialize"]

#: Export formats: name → (rdflib format, keeps named graphs)
FORMATS = {
    "turtle": ("turtle", False),
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "trig": ("trig", True),
    "nq": ("nquads", True),
    "jsonld": ("json-ld", True),
    "xml": ("xml", False),
    "graphml": ("graphml", False),
}

#: The file ending of each export format.
EXTENSIONS = {"turtle": ".ttl", "ttl": ".ttl", "nt": ".nt", "trig": ".trig", "nq": ".nq", "jsonld": ".jsonld",
              "xml": ".rdf", "graphml": ".graphml"}

#: JSON-LD context for the zhkg vocabulary, written beside JSON-LD exports.
JSONLD_CONTEXT = {
    "@context": {
        "kg": "https://w3id.org/zhkg/ontology#",
        "id": "https://w3id.org/zhkg/id/",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dcterms": "http://purl.org/dc/terms/",
        "label": "rdfs:label",
        "altLabel": "skos:altLabel",
        "signedAgreementWith": {"@id": "kg:signedAgreementWith", "@type": "@id"},
        "tradedCarbonWith": {"@id": "kg:tradedCarbonWith", "@type": "@id"},
        "locatedIn": {"@id": "kg:locatedIn", "@type": "@id"},
        "holdsPositionIn": {"@id": "kg:holdsPositionIn", "@type": "@id"},
        "holdsPost": {"@id": "kg:holdsPost", "@type": "@id"},
        "postIn": {"@id": "kg:postIn", "@type": "@id"},
        "party": {"@id": "kg:party", "@type": "@id"},
        "seller": {"@id": "kg:seller", "@type": "@id"},
        "buyer": {"@id": "kg:buyer", "@type": "@id"},
        "evidence": {"@id": "kg:evidence", "@type": "@id"},
        "document": {"@id": "kg:document", "@type": "@id"},
        "title": "kg:title",
        "adminCode": "kg:adminCode",
        "amount": {"@id": "kg:amount", "@type": "xsd:decimal"},
        "quantity": {"@id": "kg:quantity", "@type": "xsd:decimal"},
        "price": {"@id": "kg:price", "@type": "xsd:decimal"},
    }
}


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    """Serialise *graph* as *fmt* (a key of :data:`FORMATS` or an rdflib format name)."""
    rdf_fmt = FORMATS.get(fmt, (fmt, False))[0]
    if rdf_fmt == "graphml":
        return to_graphml(graph)
    if rdf_fmt == "json-ld":
        return _jsonld(graph)
    from kg.store import dump

    data = dump(graph, rdf_fmt)
    if data is None:
        data = graph.serialize(format=rdf_fmt, encoding="utf-8")
    if rdf_fmt in ("nt", "nquads"):
        # line-based formats come out in hash order: sort the lines
        lines = sorted(set(data.decode("utf-8").splitlines()))
        data = ("\n".join(lines) + "\n").encode("utf-8")
    return data


def _jsonld(graph: Graph | Dataset) -> bytes:
    """JSON-LD with the zhkg context: the default graph's nodes at the top level and each named graph (a
    document's provenance) as a graph object ``{"@id": name, "@graph": [...]}``, as TriG and N-Quads keep
    them. rdflib's writer works on its own store and emits in hash order: every array is sorted."""
    import json

    from kg.store import oxigraph_of, to_memory, to_memory_dataset

    dataset = to_memory_dataset(graph)
    if dataset is None:
        nodes = _jsonld_nodes(to_memory(graph) if oxigraph_of(graph) is not None else graph)
    else:
        nodes = _jsonld_nodes(dataset.graph(dataset.default_context.identifier)
                              if hasattr(dataset, "default_context") else dataset)
        for named in dataset.contexts():
            if named.identifier != dataset.default_context.identifier and len(named):
                nodes.append({"@id": _compact_iri(str(named.identifier)), "@graph": _jsonld_nodes(named)})
    doc = {"@context": JSONLD_CONTEXT["@context"], "@graph": _sorted_arrays(nodes)}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _jsonld_nodes(graph: Graph) -> list:
    """The node objects of *graph*, compacted with the zhkg context."""
    import json

    plain = Graph()
    for triple in graph.triples((None, None, None)):
        plain.add(triple)
    data = json.loads(plain.serialize(format="json-ld", context=JSONLD_CONTEXT["@context"], auto_compact=True))
    if isinstance(data, list):
        return data
    return data.get("@graph", [{k: v for k, v in data.items() if k != "@context"}] if len(data) > 1 else [])


def _compact_iri(iri: str) -> str:
    """*iri* written with the context's ``id:`` prefix where it applies (as the nodes' own ``@id``)."""
    base = JSONLD_CONTEXT["@context"]["id"]
    return "id:" + iri[len(base):] if iri.startswith(base) else iri


def _sorted_arrays(node):
    if isinstance(node, dict):
        return {k: (v if k == "@context" else _sorted_arrays(v)) for k, v in node.items()}
    if isinstance(node, list):
        import json

        items = [_sorted_arrays(x) for x in node]
        return sorted(items, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    return node


def to_graphml(graph: Graph) -> bytes:
    """Entities and the four direct relations as GraphML (for Gephi, Cytoscape), via networkx.

    Nodes carry ``label`` (Chinese name), ``type`` (ontology class) and ``iri``;
    edges carry ``relation``. Events, posts and evidence are left out.
    """
    import io

    import networkx as nx
    from rdflib.namespace import RDF, RDFS

    from kg.rdf.terms import ENTITY_CLASSES, KG, RELATIONS

    G = nx.MultiDiGraph()
    order = {c: i for i, c in enumerate(("Enterprise", "GovernmentBody", "Official", "Project", "Region",
                                           "Organization", "Person"))}
    for s in sorted({s for c in ENTITY_CLASSES for s in graph.subjects(RDF.type, KG[c])}, key=str):
        types = sorted((str(o).rsplit("#", 1)[-1] for o in graph.objects(s, RDF.type)
                        if str(o).rsplit("#", 1)[-1] in order), key=order.get)
        label = next((str(o) for o in graph.objects(s, RDFS.label) if getattr(o, "language", None) == "zh"), str(s))
        G.add_node(str(s), label=label, type=types[0], iri=str(s))
    for rel in RELATIONS:
        for s, o in sorted(graph.subject_objects(KG[rel])):
            if str(s) in G and str(o) in G:
                G.add_edge(str(s), str(o), relation=rel)
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8")
    return buf.getvalue()
