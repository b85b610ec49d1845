"""What the entity rules produce, and the word spans they read."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import EntityType
from kg.nlp.shapes import spans_from_tags

__all__ = ["Candidate", "word_spans", "ENT", "GOV", "ORG", "PER", "OFF", "PRJ", "REG"]

ENT, GOV, ORG, PER, OFF, PRJ, REG = (
    EntityType.ENTERPRISE, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION,
    EntityType.PERSON, EntityType.OFFICIAL, EntityType.PROJECT, EntityType.REGION,
)


@dataclass(frozen=True)
class Candidate:
    """A span a rule proposes: character offsets, type, the rule's name and its confidence."""

    start: int
    end: int
    type: EntityType
    source: str
    confidence: float
    code: str | None = None  # GB/T 2260 code of an administrative region


def word_spans(text: str) -> list[tuple[int, int]]:
    """jieba word spans of *text* (used when no tokenizer features are at hand)."""
    from kg.nlp.words import word_features

    return spans_from_tags(word_features(text)[1])
