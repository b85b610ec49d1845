"""One document's way through the stages: read and cleaned (:mod:`kg.ingest`), its entity mentions found
(:mod:`kg.nlp.extract`), then its relations (:mod:`kg.nlp.relations`) — an :class:`~kg.model.Extraction`.

This is what a build runs for each document, in its own process or in a worker's (:mod:`kg.parallel`), or
on a Dask worker; :mod:`kg.builder` gathers the results and resolves them across the corpus. Neither
of those is imported here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, first_line
from kg.ingest import Document, article_document, read_document
from kg.model import DocumentInfo, Extraction

__all__ = ["Outcome", "extract_document", "extract_task", "read_task"]

log = logging.getLogger(__name__)


def extract_document(doc: Document, nlp=None) -> Extraction:
    """Run the NLP and relation stages over one clean document."""
    from kg.nlp.extract import extract_mentions
    from kg.nlp import relations

    res = extract_mentions(doc, nlp)
    title = next((a.title for a in doc.articles if a.title), "")
    info = DocumentInfo(doc.doc_id, doc.path, doc.sha256, title, doc.date, len(doc.text), doc.duplicates_dropped,
                        doc.url, doc.publisher)
    posts = relations.find_posts(doc, res.mentions, res.title_starts, res.implied_posts)
    # bodies composed while reading posts (自治区党委 + 政法委) have locations too
    spans = {(m.start, m.end, m.key) for m in res.mentions}
    extra = [p.organization for p in posts if (p.organization.start, p.organization.end, p.organization.key) not in spans]
    # a nature reserve or forest farm that is a party to a deal is the institution running it
    mentions, events = relations.acting_areas(res.mentions, relations.find_events(doc, res.mentions))
    return Extraction(
        document=info,
        mentions=mentions + relations.regions_inside(mentions, res.context_province),
        events=events,
        posts=posts,
        locations=relations.find_locations(doc, mentions, res.context_province, extra),
        context_province=res.context_province,
        context_city=res.context_city,
        aliases=res.aliases,
    )


@dataclass(frozen=True)
class Outcome:
    """What reading and extracting one file gave: an extraction, or the one-line reason it was skipped."""

    path: str
    extraction: Extraction | None = None
    repairs: str = ""
    dropped: int = 0
    skipped: str = ""
    characters: int = 0  # of a summary, whose extraction is left out

    @property
    def read(self) -> bool:
        """Whether the document was read (its extraction may have been left out: :meth:`summary`)."""
        return not self.skipped

    def summary(self) -> "Outcome":
        """This outcome without its extraction: what a build's report needs of it."""
        return Outcome(self.path, None, self.repairs, self.dropped, self.skipped,
                       self.extraction.document.characters if self.extraction is not None else self.characters)


def read_task(path: Path, doc_id: str, article=None, data: bytes | None = None) -> Document:
    """The clean document of one task: a collection's article, or a file (its bytes *data*, when read)."""
    return article_document(article.record(), doc_id) if article is not None else read_document(path, doc_id, data)


def extract_task(path: Path, doc_id: str, nlp, article=None, data: bytes | None = None,
                  document: Document | None = None) -> Outcome:
    """Read and extract one task (or extract *document*, read already); never raises."""
    where = f"{article.path}:{article.line}" if article is not None else str(path)
    try:
        doc = document if document is not None else read_task(path, doc_id, article, data)
        return Outcome(where, extract_document(doc, nlp), doc.repairs, doc.duplicates_dropped)
    except InputError as exc:
        log.info("%s", exc)  # reported once, in the summary
        return Outcome(where, skipped=str(exc).split(": ", 1)[-1])
    except Exception as exc:  # one bad document never takes the corpus down
        log.info("%s: extraction failed", where, exc_info=True)
        return Outcome(where, skipped=f"failed: {type(exc).__name__}: {first_line(exc)}")
