"""Resolved entities and facts → RDF, following ``ontology/zhkg.ttl``.

IRIs are stable and deterministic: ``id/<class>/<pinyin>-<hash>`` where the
hash is the first 10 hex digits of SHA-1 over the entity's family and
canonical name, so the same thing gets the same IRI in every build and
every document. No blank nodes are written.

:func:`to_dataset` returns an rdflib ``Dataset``: the default graph holds
entities, direct relations, event and post nodes with their evidence; one
named graph per source document holds the reified direct links
(``kg:RelationAssertion``) read from it and the entities it mentions.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import Entity, EntityType, EventKind, Evidence, ResolvedGraph
from kg.rdf.terms import ID, KG, ORG, SCHEMA

__all__ = ["PREFIXES", "entity_iri", "to_dataset", "default_graph", "pinyin"]

PREFIXES = {
    "kg": URIRef(str(KG)),
    "id": ID,
    "rdfs": RDFS._NS,
    "rdf": RDF._NS,
    "xsd": XSD._NS,
    "skos": SKOS._NS,
    "dcterms": DCTERMS._NS,
    "prov": PROV._NS,
    "org": ORG,
    "owl": OWL._NS,
    "schema": SCHEMA,
}


def pinyin(text: str, tones: bool = True) -> str:
    """Hanyu pinyin of *text*: ``"青禾集团"`` → ``"qīng hé jí tuán"``."""
    from pypinyin import Style, lazy_pinyin

    style = Style.TONE if tones else Style.NORMAL
    return " ".join(lazy_pinyin(text, style=style, errors="default")).strip()


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "", pinyin(text, tones=False).lower())
    return s[:40] or "x"


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def entity_iri(e: Entity) -> URIRef:
    return ID[f"{e.type.value.lower()}/{_slug(e.name)}-{_hash(e.key)}"]


def _evidence_iri(ev: Evidence) -> URIRef:
    return ID[f"evidence/{_hash(ev.doc_id, str(ev.start), str(ev.end), ev.extractor)}"]


def _doc_iri(doc_id: str, sha: str) -> URIRef:
    return ID[f"document/{_hash(doc_id, sha)}"]


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def _date_literal(d: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
        return Literal(d, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", d):
        return Literal(d, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", d):
        return Literal(d, datatype=XSD.gYear)
    return Literal(d, datatype=XSD.gMonthDay)


def _dec(x: float) -> Literal:
    d = Decimal(int(x)) if float(x).is_integer() else Decimal(f"{x:.4f}").normalize()
    return Literal(d, datatype=XSD.decimal)


def to_dataset(rg: ResolvedGraph) -> Dataset:
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns, override=True)
    g = ds.default_context
    iri = {k: entity_iri(e) for k, e in rg.entities.items()}
    doc_iris = {}
    for d in rg.documents:
        d_iri = _doc_iri(d.doc_id, d.sha256)
        doc_iris[d.doc_id] = d_iri
        g.add((d_iri, RDF.type, KG.Document))
        g.add((d_iri, DCTERMS.identifier, Literal(d.doc_id)))
        g.add((d_iri, DCTERMS.source, Literal(d.path)))
        if d.title:
            g.add((d_iri, DCTERMS.title, Literal(d.title, lang="zh")))
        if d.sha256:
            g.add((d_iri, KG.sha256, Literal(d.sha256)))
        if d.date:
            g.add((d_iri, DCTERMS.date, _date_literal(d.date)))
        if d.url:  # an article of a collection: where it was published, and by whom
            g.add((d_iri, SCHEMA.url, Literal(d.url, datatype=XSD.anyURI)))
            if _IRI.fullmatch(d.url):
                g.add((d_iri, PROV.wasDerivedFrom, URIRef(d.url)))
        if d.publisher:
            g.add((d_iri, DCTERMS.publisher, Literal(d.publisher, lang="zh")))

    def add_evidence(node: URIRef, ev: Evidence) -> None:
        e_iri = _evidence_iri(ev)
        g.add((node, KG.evidence, e_iri))
        if (e_iri, RDF.type, KG.Evidence) in g:
            return
        g.add((e_iri, RDF.type, KG.Evidence))
        g.add((e_iri, KG.document, doc_iris[ev.doc_id]))
        g.add((e_iri, KG.sentence, Literal(ev.sentence, lang="zh")))
        g.add((e_iri, KG.startOffset, Literal(ev.raw_start, datatype=XSD.integer)))
        g.add((e_iri, KG.endOffset, Literal(ev.raw_end, datatype=XSD.integer)))
        g.add((e_iri, KG.extractor, Literal(ev.extractor)))
        g.add((e_iri, KG.confidence, Literal(Decimal(str(ev.confidence)), datatype=XSD.decimal)))

    # entities
    for k, e in rg.entities.items():
        s = iri[k]
        g.add((s, RDF.type, KG[e.type.value]))
        g.add((s, RDFS.label, Literal(e.name, lang="zh")))
        g.add((s, RDFS.label, Literal(pinyin(e.name), lang="zh-Latn-pinyin")))
        for a in sorted(e.aliases):
            if a and a != e.name:
                g.add((s, SKOS.altLabel, Literal(a, lang="zh")))
        if e.type is EntityType.REGION and e.region_code:
            g.add((s, KG.adminCode, Literal(e.region_code)))

    # direct relations
    direct: list[tuple[URIRef, URIRef, URIRef, list[Evidence]]] = []
    for ev in rg.events:
        prop = KG.signedAgreementWith if ev.kind is EventKind.AGREEMENT else KG.tradedCarbonWith
        ps = ev.parties
        for i in range(len(ps)):
            for j in range(i + 1, len(ps)):
                direct.append((iri[ps[i]], prop, iri[ps[j]], ev.evidence))
    for p in rg.posts:
        direct.append((iri[p.holder], KG.holdsPositionIn, iri[p.organization], p.evidence))
    for loc in rg.locations:
        direct.append((iri[loc.inner], KG.locatedIn, iri[loc.outer], loc.evidence))
    for s, p, o, _ in direct:
        g.add((s, p, o))

    # events
    for ev in rg.events:
        node = ID[f"{ev.kind.value.lower()}/{_hash(ev.kind.value, *ev.parties)}"]
        g.add((node, RDF.type, KG[ev.kind.value]))
        names = "、".join(rg.entities[p].name for p in ev.parties)
        label = f"{names} {'签署协议' if ev.kind is EventKind.AGREEMENT else '碳交易'}"
        g.add((node, RDFS.label, Literal(label, lang="zh")))
        for p in ev.parties:
            g.add((node, KG.party, iri[p]))
        if ev.seller:
            g.add((node, KG.seller, iri[ev.seller]))
        if ev.buyer:
            g.add((node, KG.buyer, iri[ev.buyer]))
        for sgn in ev.signatories:
            g.add((node, KG.signatory, iri[sgn]))
        if ev.title:
            g.add((node, KG.title, Literal(ev.title)))
        if ev.date:
            g.add((node, KG.date, _date_literal(ev.date)))
        for prop, val in ((KG.amount, ev.amount), (KG.quantity, ev.quantity), (KG.price, ev.price)):
            if val is not None and (prop == KG.amount or ev.kind is EventKind.CARBON_TRADE):
                g.add((node, prop, _dec(val)))
        if ev.kind is EventKind.CARBON_TRADE:
            if ev.standard:
                g.add((node, KG.standard, Literal(ev.standard)))
            if ev.registry_number:
                g.add((node, KG.registryNumber, Literal(ev.registry_number)))
            if ev.trade_kind:
                g.add((node, KG.tradeKind, Literal(ev.trade_kind)))
        for e in ev.evidence:
            add_evidence(node, e)

    # posts
    for p in rg.posts:
        node = ID[f"post/{_hash(p.holder, p.organization)}"]
        g.add((node, RDF.type, KG.Post))
        g.add((node, RDFS.label, Literal(f"{rg.entities[p.organization].name}{p.title}", lang="zh")))
        g.add((node, KG.title, Literal(p.title)))
        g.add((node, KG.postIn, iri[p.organization]))
        g.add((iri[p.holder], KG.holdsPost, node))
        for e in p.evidence:
            add_evidence(node, e)

    # one provenance graph per document; entities and assertions grouped by document first, so the
    # work is linear in the corpus (comparing every document with every entity was not: 57 s at 1k articles)
    entities_of: dict[str, list[str]] = defaultdict(list)
    for k, e in rg.entities.items():
        for doc_id in e.documents:
            entities_of[doc_id].append(k)
    assertions_of: dict[str, list[tuple]] = defaultdict(list)
    for s, p, o, evs in direct:
        by_doc: dict[str, list] = defaultdict(list)
        for ev in evs:
            by_doc[ev.doc_id].append(ev)
        for doc_id, mine in by_doc.items():
            assertions_of[doc_id].append((s, p, o, mine))
    for d in rg.documents:
        ng = ds.graph(ID[f"graph/{_hash(d.doc_id, d.sha256)}"])
        d_iri = doc_iris[d.doc_id]
        for k in entities_of.get(d.doc_id, ()):
            ng.add((iri[k], KG.mentionedIn, d_iri))
        for s, p, o, mine in assertions_of.get(d.doc_id, ()):
            a = ID[f"assertion/{_hash(str(s), str(p), str(o), d.doc_id)}"]
            ng.add((a, RDF.type, KG.RelationAssertion))
            ng.add((a, RDF.subject, s))
            ng.add((a, RDF.predicate, p))
            ng.add((a, RDF.object, o))
            for ev in mine:
                ng.add((a, KG.evidence, _evidence_iri(ev)))
                ng.add((_evidence_iri(ev), KG.document, d_iri))
                ng.add((_evidence_iri(ev), RDF.type, KG.Evidence))
                ng.add((_evidence_iri(ev), KG.sentence, Literal(ev.sentence, lang="zh")))
                ng.add((_evidence_iri(ev), KG.startOffset, Literal(ev.raw_start, datatype=XSD.integer)))
                ng.add((_evidence_iri(ev), KG.endOffset, Literal(ev.raw_end, datatype=XSD.integer)))
                ng.add((_evidence_iri(ev), KG.extractor, Literal(ev.extractor)))
                ng.add((_evidence_iri(ev), KG.confidence, Literal(Decimal(str(ev.confidence)), datatype=XSD.decimal)))
    return ds


def default_graph(ds: Dataset) -> Graph:
    """The default graph of *ds* as a plain Graph with our prefixes bound."""
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)
    for t in ds.default_context:
        g.add(t)
    return g
