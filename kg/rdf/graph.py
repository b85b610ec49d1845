"""Resolved entities and facts → RDF, following ``ontology/zhkg.ttl``.

IRIs are stable and deterministic: ``id/<class>/<pinyin>-<hash>`` where the
hash is the first 10 hex digits of SHA-1 over the entity's family and
canonical name, so the same thing gets the same IRI in every build and
every document. No blank nodes are written.

:func:`quads` gives every statement as Oxigraph quads (:func:`kg.store.from_quads` puts them in a
store, which the build writes from): the default graph holds
entities, direct relations, event and post nodes with their evidence; one
named graph per source document holds the reified direct links
(``kg:RelationAssertion``) read from it and the entities it mentions.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal

import pyoxigraph as ox

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import DocumentFacts, Entity, EntityType, Event, EventKind, Evidence, Post, ResolvedGraph
from kg.rdf.terms import ID, KG, ORG, SCHEMA

__all__ = ["PREFIXES", "GraphQuads", "entity_iri", "quads", "pinyin", "prime_pinyin"]

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


@functools.lru_cache(maxsize=1 << 17)
def pinyin(text: str, tones: bool = True) -> str:
    """Hanyu pinyin of *text*: ``"青禾集团"`` → ``"qīng hé jí tuán"``, without *tones* ``"qing he ji tuan"``
    (remembered: see :func:`prime_pinyin`)."""
    if not tones and _marks_only_from_pinyin(text):
        # the toneless reading is the toned one without its tone marks (ü written v, as pypinyin writes it):
        # one segmentation of the name instead of two
        bare = unicodedata.normalize("NFD", pinyin(text)).replace("u\u0308", "v")
        return unicodedata.normalize("NFC", _COMBINING.sub("", bare))
    Style, lazy_pinyin = _pypinyin()
    style = Style.TONE if tones else Style.NORMAL
    return " ".join(lazy_pinyin(text, style=style, errors="default")).strip()


@functools.lru_cache(maxsize=1)
def _pypinyin():
    """pypinyin's ``Style`` and ``lazy_pinyin``, imported without copying its dictionaries: the copies
    (``PYPINYIN_NO_DICT_COPY``, a third of its 0.25 s import) only keep a user's own entries out of the
    originals, and the readings are the same either way. The variable is set for the import alone."""
    if "pypinyin" not in sys.modules and "PYPINYIN_NO_DICT_COPY" not in os.environ:
        os.environ["PYPINYIN_NO_DICT_COPY"] = "1"
        try:
            importlib.import_module("pypinyin")
        finally:
            del os.environ["PYPINYIN_NO_DICT_COPY"]
    from pypinyin import Style, lazy_pinyin

    return Style, lazy_pinyin


_COMBINING = re.compile("[\u0300-\u036f]")


def _marks_only_from_pinyin(text: str) -> bool:
    """Whether every accent in *text*'s pinyin comes from the pinyin: the characters kept as they are
    (Latin letters, digits, signs) carry none."""
    return unicodedata.normalize("NFD", text) == text and not _COMBINING.search(text)


def prime_pinyin(names: Iterable[str]) -> None:
    """Work out the pinyin of *names* now — the label and the IRI slug of each — so that writing the graph
    finds it done. A parallel build does this with each document's names while its workers extract."""
    for name in names:
        pinyin(name)
        pinyin(name, tones=False)


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


def _date_literal(d: str) -> ox.Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
        return ox.Literal(d, datatype=_XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", d):
        return ox.Literal(d, datatype=_XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", d):
        return ox.Literal(d, datatype=_XSD.gYear)
    return ox.Literal(d, datatype=_XSD.gMonthDay)


def _decimal(d: Decimal) -> ox.Literal:
    return ox.Literal(format(d, "f"), datatype=_XSD.decimal)


def _dec(x: float) -> ox.Literal:
    return _decimal(Decimal(int(x)) if float(x).is_integer() else Decimal(f"{x:.4f}").normalize())


@functools.lru_cache(maxsize=256)
def _confidence(c: float) -> ox.Literal:
    return _decimal(Decimal(str(c)))


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_XSD.integer)


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _id(path: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}{path}")


class _Terms:
    """A vocabulary's terms as Oxigraph IRIs: ``_KG.Document``, checked against the rdflib namespace
    (a misspelt term raises ``AttributeError``), made once each."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> ox.NamedNode:
        term = ox.NamedNode(getattr(self._ns, name))
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> ox.NamedNode:
        return getattr(self, name)


_KG, _RDF, _RDFS, _XSD, _DCT = _Terms(KG), _Terms(RDF), _Terms(RDFS), _Terms(XSD), _Terms(DCTERMS)
_SKOS, _PROV, _SCHEMA = _Terms(SKOS), _Terms(PROV), _Terms(SCHEMA)
_XSD_ANY_URI = ox.NamedNode(XSD.anyURI)
_DEFAULT = ox.DefaultGraph()


def quads(rg: ResolvedGraph) -> Iterator[ox.Quad]:
    """Every statement of *rg*'s graph (resolved with its evidence, :func:`kg.resolve.resolve`) as Oxigraph
    quads: the default graph, and one provenance graph per document. A statement may come more than once;
    a store keeps it once."""
    from kg.resolve import document_facts

    writer = GraphQuads(rg.entities)
    yield from writer.graph(rg)
    for part in document_facts(rg):
        yield from writer.document(part)


class GraphQuads:
    """The quads of a resolved graph in two parts: :meth:`graph` — entities, facts, event and post nodes
    (what grows with distinct things) — and :meth:`document` — one document's description, its evidence
    and its provenance graph (what grows with the text). A streamed build writes the first once and the
    second as each document comes by; the two together are :func:`quads`. Made from the graph's entities
    (their IRIs); a document's part needs no more of the graph than the identity of its facts."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.iri = {k: ox.NamedNode(entity_iri(e)) for k, e in entities.items()}

    def _direct(self, fact) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]]:
        """The direct links a fact asserts: each pair of an event's parties, a post's holder and body,
        a place and the place it lies in."""
        iri = self.iri
        if isinstance(fact, Event):
            prop = _KG.signedAgreementWith if fact.kind is EventKind.AGREEMENT else _KG.tradedCarbonWith
            ps = fact.parties
            for i in range(len(ps)):
                for j in range(i + 1, len(ps)):
                    yield iri[ps[i]], prop, iri[ps[j]]
        elif isinstance(fact, Post):
            yield iri[fact.holder], _KG.holdsPositionIn, iri[fact.organization]
        else:
            yield iri[fact.inner], _KG.locatedIn, iri[fact.outer]

    def graph(self, rg: ResolvedGraph) -> Iterator[ox.Quad]:
        iri = self.iri
        for k, e in rg.entities.items():
            s = iri[k]
            yield ox.Quad(s, _RDF.type, _KG[e.type.value])
            yield ox.Quad(s, _RDFS.label, _zh(e.name))
            yield ox.Quad(s, _RDFS.label, ox.Literal(pinyin(e.name), language="zh-Latn-pinyin"))
            for a in sorted(e.aliases):
                if a and a != e.name:
                    yield ox.Quad(s, _SKOS.altLabel, _zh(a))
            if e.type is EntityType.REGION and e.region_code:
                yield ox.Quad(s, _KG.adminCode, ox.Literal(e.region_code))
        for facts in (rg.events, rg.posts, rg.locations):
            for fact in facts:
                for s, p, o in self._direct(fact):
                    yield ox.Quad(s, p, o)
        for ev in rg.events:
            node = _event_node(ev)
            yield ox.Quad(node, _RDF.type, _KG[ev.kind.value])
            names = "、".join(rg.entities[p].name for p in ev.parties)
            label = f"{names} {'签署协议' if ev.kind is EventKind.AGREEMENT else '碳交易'}"
            yield ox.Quad(node, _RDFS.label, _zh(label))
            for p in ev.parties:
                yield ox.Quad(node, _KG.party, iri[p])
            if ev.seller:
                yield ox.Quad(node, _KG.seller, iri[ev.seller])
            if ev.buyer:
                yield ox.Quad(node, _KG.buyer, iri[ev.buyer])
            for sgn in ev.signatories:
                yield ox.Quad(node, _KG.signatory, iri[sgn])
            if ev.title:
                yield ox.Quad(node, _KG.title, ox.Literal(ev.title))
            if ev.date:
                yield ox.Quad(node, _KG.date, _date_literal(ev.date))
            for prop, val in ((_KG.amount, ev.amount), (_KG.quantity, ev.quantity), (_KG.price, ev.price)):
                if val is not None and (prop == _KG.amount or ev.kind is EventKind.CARBON_TRADE):
                    yield ox.Quad(node, prop, _dec(val))
            if ev.kind is EventKind.CARBON_TRADE:
                if ev.standard:
                    yield ox.Quad(node, _KG.standard, ox.Literal(ev.standard))
                if ev.registry_number:
                    yield ox.Quad(node, _KG.registryNumber, ox.Literal(ev.registry_number))
                if ev.trade_kind:
                    yield ox.Quad(node, _KG.tradeKind, ox.Literal(ev.trade_kind))
        for p in rg.posts:
            node = _post_node(p)
            yield ox.Quad(node, _RDF.type, _KG.Post)
            yield ox.Quad(node, _RDFS.label, _zh(f"{rg.entities[p.organization].name}{p.title}"))
            yield ox.Quad(node, _KG.title, ox.Literal(p.title))
            yield ox.Quad(node, _KG.postIn, iri[p.organization])
            yield ox.Quad(iri[p.holder], _KG.holdsPost, node)

    def document(self, part: DocumentFacts) -> Iterator[ox.Quad]:
        """*part*'s document described, the evidence it gives events and posts (in the default graph, each
        piece described once), and its provenance graph: the entities it mentions and a
        ``kg:RelationAssertion`` per direct link it supports, with that evidence."""
        d = part.document
        d_iri = ox.NamedNode(_doc_iri(d.doc_id, d.sha256))
        yield ox.Quad(d_iri, _RDF.type, _KG.Document)
        yield ox.Quad(d_iri, _DCT.identifier, ox.Literal(d.doc_id))
        yield ox.Quad(d_iri, _DCT.source, ox.Literal(d.path))
        if d.title:
            yield ox.Quad(d_iri, _DCT.title, _zh(d.title))
        if d.sha256:
            yield ox.Quad(d_iri, _KG.sha256, ox.Literal(d.sha256))
        if d.date:
            yield ox.Quad(d_iri, _DCT.date, _date_literal(d.date))
        if d.url:  # an article of a collection: where it was published, and by whom
            yield ox.Quad(d_iri, _SCHEMA.url, ox.Literal(d.url, datatype=_XSD_ANY_URI))
            if _IRI.fullmatch(d.url):
                yield ox.Quad(d_iri, _PROV.wasDerivedFrom, ox.NamedNode(d.url))
        if d.publisher:
            yield ox.Quad(d_iri, _DCT.publisher, _zh(d.publisher))
        # the evidence of events and posts, in the default graph; a piece that backs several is described
        # once, as the first of them has it
        described: set[str] = set()
        for node_of, pairs in ((_event_node, part.events), (_post_node, part.posts)):
            for fact, ev in pairs:
                e_iri = ox.NamedNode(_evidence_iri(ev))
                yield ox.Quad(node_of(fact), _KG.evidence, e_iri)
                if e_iri.value not in described:
                    described.add(e_iri.value)
                    yield from _evidence_description(e_iri, ev, d_iri, _DEFAULT)
        # the provenance graph
        ng = _id(f"graph/{_hash(d.doc_id, d.sha256)}")
        for k in part.entities:
            yield ox.Quad(self.iri[k], _KG.mentionedIn, d_iri, ng)
        for pairs in (part.events, part.posts, part.locations):
            for fact, ev in pairs:
                e_iri = ox.NamedNode(_evidence_iri(ev))
                for s, p, o in self._direct(fact):
                    a = _id(f"assertion/{_hash(s.value, p.value, o.value, d.doc_id)}")
                    yield ox.Quad(a, _RDF.type, _KG.RelationAssertion, ng)
                    yield ox.Quad(a, _RDF.subject, s, ng)
                    yield ox.Quad(a, _RDF.predicate, p, ng)
                    yield ox.Quad(a, _RDF.object, o, ng)
                    yield ox.Quad(a, _KG.evidence, e_iri, ng)
                    yield from _evidence_description(e_iri, ev, d_iri, ng)


def _event_node(ev: Event) -> ox.NamedNode:
    return _id(f"{ev.kind.value.lower()}/{_hash(ev.kind.value, *ev.parties)}")


def _post_node(p: Post) -> ox.NamedNode:
    return _id(f"post/{_hash(p.holder, p.organization)}")


def _evidence_description(e_iri: ox.NamedNode, ev: Evidence, doc: ox.NamedNode, graph) -> Iterator[ox.Quad]:
    """Where a piece of evidence is: document, sentence, offsets, the rule set, its confidence."""
    yield ox.Quad(e_iri, _RDF.type, _KG.Evidence, graph)
    yield ox.Quad(e_iri, _KG.document, doc, graph)
    yield ox.Quad(e_iri, _KG.sentence, _zh(ev.sentence), graph)
    yield ox.Quad(e_iri, _KG.startOffset, _integer(ev.raw_start), graph)
    yield ox.Quad(e_iri, _KG.endOffset, _integer(ev.raw_end), graph)
    yield ox.Quad(e_iri, _KG.extractor, ox.Literal(ev.extractor), graph)
    yield ox.Quad(e_iri, _KG.confidence, _confidence(ev.confidence), graph)
