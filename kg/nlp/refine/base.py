"""What the document-level passes share: the evidence of a mention, and a mention re-cut."""

from __future__ import annotations

from dataclasses import replace

from kg.ingest import Document
from kg.model import Evidence, Mention

__all__ = ["EXTRACTOR", "evidence", "recut"]

#: Versioned name of the entity stage; every mention's evidence names it.
EXTRACTOR = "zhkg.ner/0.2"


def evidence(doc: Document, start: int, end: int, source: str, conf: float) -> Evidence:
    """The sentence around ``[start, end)`` as evidence, attributed to rule *source*."""
    sent = doc.sentence_at(start)
    raw_start, raw_end = doc.raw_span(start, end)
    return Evidence(
        doc_id=doc.doc_id,
        sentence=sent.text if sent else doc.text[start:end],
        start=start,
        end=end,
        raw_start=raw_start,
        raw_end=raw_end,
        extractor=f"{EXTRACTOR}:{source}",
        confidence=round(conf, 3),
    )


def recut(doc: Document, m: Mention, start: int, end: int, key: str, source: str | None = None) -> Mention:
    """*m* as ``[start, end)`` with matching form *key*; its rule name stays unless *source* is given."""
    src = source or m.evidence.extractor.split(":")[-1]
    return replace(m, text=doc.text[start:end], key=key, start=start, end=end,
                   evidence=evidence(doc, start, end, src, m.evidence.confidence))
