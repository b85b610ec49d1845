"""The zhkg vocabulary, mirroring ``ontology/zhkg.ttl`` term for term.

``KG.Enterprise`` is the IRI of the class; a misspelt term raises
``AttributeError`` instead of minting a new IRI. ``tests/test_terms.py``
checks this module against the ontology file in both directions.

>>> str(KG.Enterprise)
'https://w3id.org/zhkg/ontology#Enterprise'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["KG", "ID", "ORG", "SCHEMA", "ONTOLOGY_IRI", "ENTITY_CLASSES", "RELATIONS"]

NS = "https://w3id.org/zhkg/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/zhkg/ontology")
ID = Namespace("https://w3id.org/zhkg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


class KG(DefinedNamespace):
    """https://w3id.org/zhkg/ontology#"""

    _NS = Namespace(NS)
    _fail = True

    # classes
    Organization: URIRef
    Enterprise: URIRef
    GovernmentBody: URIRef
    Person: URIRef
    Official: URIRef
    Project: URIRef
    Region: URIRef
    Party: URIRef
    Agreement: URIRef
    CarbonTrade: URIRef
    Post: URIRef
    Document: URIRef
    Evidence: URIRef
    RelationAssertion: URIRef

    # direct relations
    signedAgreementWith: URIRef
    tradedCarbonWith: URIRef
    locatedIn: URIRef
    holdsPositionIn: URIRef

    # events and posts
    party: URIRef
    seller: URIRef
    buyer: URIRef
    signatory: URIRef
    holdsPost: URIRef
    postIn: URIRef
    title: URIRef
    date: URIRef
    amount: URIRef
    quantity: URIRef
    price: URIRef
    standard: URIRef
    registryNumber: URIRef
    tradeKind: URIRef
    adminCode: URIRef

    # provenance
    evidence: URIRef
    mentionedIn: URIRef
    document: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    extractor: URIRef
    confidence: URIRef
    sha256: URIRef


#: Entity types the extractor produces, by their local names.
ENTITY_CLASSES = ("Enterprise", "GovernmentBody", "Organization", "Official", "Person", "Project", "Region")
#: The four direct relations.
RELATIONS = ("signedAgreementWith", "tradedCarbonWith", "locatedIn", "holdsPositionIn")
