"""Document → entity mentions: the NLP stage's output boundary.

Runs the spaCy pipeline over each line of a clean document (on the NFKC matching text, so offsets are
the document's own), turns the ``kg_entities`` spans into :class:`~kg.model.Mention` objects with
provenance, and runs the document-level passes of :mod:`kg.nlp.refine`. Only wiring lives here: the
finders are in :mod:`kg.nlp.rules`, the merger in :mod:`kg.nlp.components`. Nothing downstream of this
module sees spaCy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from kg.ingest import Document, segments
from kg.model import EntityType, Mention
from kg.nlp.components import span_meta
from kg.nlp.pipeline import load_pipeline
from kg.nlp.refine import EXTRACTOR, evidence, refine
from kg.nlp.shapes import ALIAS_DECLARATION, name_key

__all__ = ["BATCH_CHARS", "EXTRACTOR", "NlpResult", "extract_mentions"]


#: Characters spaCy processes in one batch: memory grows with the batch (spaCy's default of
#: 1,000 lines peaked at 3.4 GB on 100k characters of news; 4,000 characters stay near 0.6 GB).
BATCH_CHARS = 4000


@dataclass
class NlpResult:
    mentions: list[Mention]  # sorted by start: the relation stage looks a span's mentions up by bisection
    title_starts: dict[tuple[int, int], int]  # official span → start of the post title before it
    implied_posts: dict[tuple[int, int], tuple[str, str, int, int]]  # official → (title, body, title span)
    aliases: dict[str, str]  # declared short name → full name key ("以下简称")
    context_province: str | None
    context_city: str | None = None


@dataclass
class _Collected:
    """What the spans of every line give, before the document-level passes."""

    mentions: list[Mention] = field(default_factory=list)
    title_starts: dict[tuple[int, int], int] = field(default_factory=dict)
    implied: dict[tuple[int, int], tuple[str, str, int, int]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)


def char_batches(texts: list[str], limit: int = BATCH_CHARS) -> Iterator[list[str]]:
    """*texts* in order, in batches of about *limit* characters (a longer text is a batch of its own)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > limit:
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def _pipe(nlp: Language, texts: list[str]):
    """``nlp.pipe`` over *texts* in batches of about :data:`BATCH_CHARS` characters."""
    for batch in char_batches(texts):
        yield from nlp.pipe(batch, batch_size=len(batch))


def extract_mentions(doc: Document, nlp: Language | None = None) -> NlpResult:
    """Entity mentions of *doc* with provenance."""
    nlp = nlp or load_pipeline()
    lines = segments(doc.text)  # the text as printed, line by line; a very long line in safe pieces
    got = _Collected()
    for (offset, _line), sdoc in zip(lines, _pipe(nlp, [text for _, text in lines])):
        for sp in sdoc.spans["kg_entities"]:
            _collect(doc, got, sp, offset)
    refined = refine(doc, got.mentions, got.aliases)
    title_starts = dict(got.title_starts)
    by_start = {s: (s, e) for s, e in got.title_starts}
    for m in refined.mentions:  # a name trimmed by the passes (王某代 → 王某) keeps the title before it
        old = by_start.get(m.start)
        if old is not None and old != (m.start, m.end) and m.type.is_person:
            title_starts[(m.start, m.end)] = title_starts[old]
    mentions = sorted(refined.mentions, key=lambda m: m.start)  # stable: already in order, as a rule
    return NlpResult(mentions, title_starts, got.implied, got.aliases, refined.province, refined.city)


def _collect(doc: Document, got: _Collected, sp, offset: int) -> None:
    """One ``kg_entities`` span of the line at *offset* → a mention, its post title, a declared alias."""
    meta = span_meta(sp)
    start, end = offset + sp.start_char, offset + sp.end_char
    key = name_key(doc.norm[start:end])
    typ = EntityType(sp.label_)
    if len(key) < 2 and typ is not EntityType.REGION:
        return
    if "*" in key or doc.norm[start - 1:start] == "*" or doc.norm[end:end + 1] == "*":
        return  # masked names (**) are not entities
    if meta.implied is not None:
        title, body, ts, te = meta.implied
        got.implied[(start, end)] = (title, body, offset + ts, offset + te)
    got.mentions.append(Mention(
        text=doc.text[start:end], key=key, type=typ, start=start, end=end,
        evidence=evidence(doc, start, end, meta.source, meta.confidence), region_code=meta.code,
    ))
    if meta.title_start is not None:
        got.title_starts[(start, end)] = offset + meta.title_start
    m = ALIAS_DECLARATION.match(doc.norm[end:end + 20])
    if m and typ.is_org:
        got.aliases[name_key(m.group(1))] = key
    elif len(got.mentions) > 1 and typ.is_org and doc.norm[start - 1:start] in "(（" and doc.norm[end:end + 1] in ")）":
        prev = got.mentions[-2]  # the one before this
        if prev.type.is_org and prev.end == start - 1:
            got.aliases[key] = prev.key  # 某某贸易有限公司(某某商城): another name
