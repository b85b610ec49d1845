"""The small typed objects that cross stage boundaries.

NLP stage → :class:`Mention` (a typed span with its :class:`Evidence`).
Relation stage → :class:`EventMention`, :class:`PostMention`, :class:`LocationMention`.
Resolution → :class:`Entity` and :class:`ResolvedGraph`, which the RDF stage turns into triples, and
per document a :class:`DocumentFacts` (what a streamed build writes for that document).

Nothing here imports spaCy or rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "EntityType",
    "Evidence",
    "Mention",
    "EventKind",
    "EventMention",
    "PostMention",
    "LocationMention",
    "DocumentInfo",
    "Extraction",
    "Entity",
    "Event",
    "Post",
    "Location",
    "ResolvedGraph",
]


class EntityType(str, Enum):
    """The ontology classes an entity can have (local names in ``kg:``)."""

    ENTERPRISE = "Enterprise"
    GOVERNMENT_BODY = "GovernmentBody"
    ORGANIZATION = "Organization"
    OFFICIAL = "Official"
    PERSON = "Person"
    PROJECT = "Project"
    REGION = "Region"

    @property
    def is_org(self) -> bool:
        return self in (EntityType.ENTERPRISE, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION)

    @property
    def is_person(self) -> bool:
        return self in (EntityType.OFFICIAL, EntityType.PERSON)

    @property
    def family(self) -> str:
        """Types that may hold the same name and merge: org, person, project, region."""
        if self.is_org:
            return "org"
        if self.is_person:
            return "person"
        return self.value.lower()


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: document, sentence, offsets (clean and raw), extractor."""

    doc_id: str
    sentence: str
    start: int  # clean-text offsets of the evidence span
    end: int
    raw_start: int  # character offsets in the decoded raw file
    raw_end: int
    extractor: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Mention:
    """A typed entity span in one document."""

    text: str  # surface form as printed (clean text)
    key: str  # matching form: NFKC, no whitespace
    type: EntityType
    start: int
    end: int
    evidence: Evidence
    region_code: str | None = None  # GB/T 2260 code for administrative regions

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


class EventKind(str, Enum):
    AGREEMENT = "Agreement"
    CARBON_TRADE = "CarbonTrade"


@dataclass(frozen=True)
class EventMention:
    """An agreement signing or a carbon trade read from one sentence."""

    kind: EventKind
    parties: tuple[Mention, ...]
    evidence: Evidence
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD)
    amount: float | None = None  # CNY
    quantity: float | None = None  # t CO2e
    price: float | None = None  # CNY per t
    standard: str | None = None
    registry_number: str | None = None
    trade_kind: str | None = None  # sale, purchase, presale, donation
    seller: Mention | None = None
    buyer: Mention | None = None
    signatories: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class PostMention:
    """An official's post in an organisation (or in a region's government)."""

    holder: Mention
    organization: Mention
    title: str
    evidence: Evidence


@dataclass(frozen=True)
class LocationMention:
    """*inner* lies in *outer*; ``basis`` is ``text`` or ``name``."""

    inner: Mention
    outer: Mention
    basis: str
    evidence: Evidence


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    path: str
    sha256: str
    title: str
    date: str | None
    characters: int
    duplicates_dropped: int
    url: str = ""  # where an article of a collection was published
    publisher: str = ""


@dataclass
class Extraction:
    """Everything read from one document."""

    document: DocumentInfo
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    posts: list[PostMention] = field(default_factory=list)
    locations: list[LocationMention] = field(default_factory=list)
    context_province: str | None = None  # code of the province the document is about
    context_city: str | None = None  # code of the prefecture-level city it is about
    aliases: dict[str, str] = field(default_factory=dict)  # declared short name → full name


# --------------------------------------------------------------------------- resolved


@dataclass(slots=True)  # one per distinct thing: a build holds many
class Entity:
    """One real thing: every surface form of it merged."""

    key: str  # stable identity: type family + canonical name
    type: EntityType
    name: str  # canonical name
    aliases: set[str] = field(default_factory=set)
    region_code: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({m.evidence.doc_id for m in self.mentions})


@dataclass(slots=True)  # one per distinct thing: a build holds many
class Event:
    kind: EventKind
    parties: tuple[str, ...]  # entity keys, sorted
    evidence: list[Evidence] | tuple[Evidence, ...]  # () where resolution streams and keeps no evidence
    title: str | None = None
    date: str | None = None
    amount: float | None = None
    quantity: float | None = None
    price: float | None = None
    standard: str | None = None
    registry_number: str | None = None
    trade_kind: str | None = None
    seller: str | None = None
    buyer: str | None = None
    signatories: tuple[str, ...] = ()


@dataclass(slots=True)  # one per distinct thing: a build holds many
class Post:
    holder: str
    organization: str
    title: str
    evidence: list[Evidence]


@dataclass(slots=True)  # one per distinct thing: a build holds many
class Location:
    inner: str
    outer: str
    basis: str  # text, name or world
    evidence: list[Evidence]


@dataclass
class ResolvedGraph:
    """The corpus after entity resolution, ready to become RDF."""

    entities: dict[str, Entity]
    events: list[Event]
    posts: list[Post]
    locations: list[Location]
    documents: list[DocumentInfo]


@dataclass
class DocumentFacts:
    """One document's part of the resolved graph — what a streamed RDF stage writes for it: the document,
    the entities it mentions (keys, sorted) and, for each settled fact it supports, its evidence from here
    (facts in the graph's order; a fact's evidence in the order it was read)."""

    document: DocumentInfo
    entities: list[str]
    events: list[tuple[Event, Evidence]]
    posts: list[tuple[Post, Evidence]]
    locations: list[tuple[Location, Evidence]]

