"""spaCy components of the zhkg pipeline.

``kg_rules``
    Runs the finders of :mod:`kg.nlp.rules` (gazetteer regions, name
    endings, national bodies, titled officials, bylines) and writes their
    spans to ``doc.spans["kg_rules"]``, labelled with ontology classes.
``ner`` (optional, statistical)
    The recogniser trained on CLUENER2020 by :mod:`kg.nlp.training`; it
    writes ``doc.ents`` with CLUENER labels (name, company, government …).
``kg_entities``
    Merges both into ``doc.spans["kg_entities"]``: non-overlapping spans
    labelled with ontology classes; :func:`span_meta` gives each one's
    :class:`SpanMeta` (source, confidence, region code, post title).

The statistical step is replaceable: any component that writes ``doc.ents``
with CLUENER labels can stand in its place.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.model import EntityType
from kg.nlp import rules
from kg.nlp.lexicon import lexicon
from kg.nlp.shapes import COUNTED_KIND, is_cjk, is_subsequence, matching_form, name_ending, spans_from_tags
from kg.nlp.tokenizer import doc_text, doc_words
from kg.regions import gazetteer

__all__ = ["MODEL_LABELS", "SpanMeta", "RulesComponent", "EntityMerger", "span_meta"]

#: precise rules first, then the model, then gazetteer regions and bylines
TIERS = {"title": 0, "title-list": 0, "name-title": 0, "leader-list": 0, "bodies": 1, "suffix+model": 1, "suffix": 1,
         "dateline": 1, "composite-region": 1, "media": 1, "model": 2, "representative": 2, "bare-body": 2, "gazetteer": 3,
         "venue-abbreviation": 3, "byline": 4}


@dataclass(frozen=True)
class SpanMeta:
    """What a component knows of a span beyond its label.

    Kept in ``doc.user_data`` by (group, start, end, label): span extensions
    are shared by every span with the same offsets, so a model span would
    overwrite what a rule said of the same characters.
    """

    source: str
    confidence: float
    code: str | None = None  # GB/T 2260 code
    title_start: int | None = None  # start of the post title before an official's name
    implied: tuple[str, str, int, int] | None = None  # (title, body, title start, title end)

    @property
    def tier(self) -> int:
        return TIERS.get(self.source, 5)


def span_meta(span: Span, group: str = "kg_entities") -> SpanMeta:
    return span.doc.user_data[("kg_meta", group, span.start, span.end, span.label_)]


def _put(doc: Doc, group: str, span: Span, meta: SpanMeta) -> None:
    key = ("kg_meta", group, span.start, span.end, span.label_)
    old = doc.user_data.get(key)
    if old is None or meta.tier < old.tier:
        doc.user_data[key] = meta

#: CLUENER labels → ontology classes (None: not an entity of ours).
MODEL_LABELS: dict[str, EntityType | None] = {
    "name": EntityType.PERSON,
    "company": EntityType.ENTERPRISE,
    "government": EntityType.GOVERNMENT_BODY,
    "organization": EntityType.ORGANIZATION,
    "address": EntityType.REGION,
    "scene": EntityType.REGION,
    "position": None,
    "book": None,
    "game": None,
    "movie": None,
}


def _span(doc: Doc, c: rules.Candidate, **extra) -> Span:
    sp = Span(doc, c.start, c.end, label=c.type.value)
    _put(doc, "kg_rules", sp, SpanMeta(c.source, c.confidence, c.code, **extra))
    return sp


class RulesComponent:
    """Rule-based candidates into ``doc.spans["kg_rules"]``."""

    def __call__(self, doc: Doc) -> Doc:
        text = matching_form(doc_text(doc))  # offsets stay those of the doc
        words = doc_words(doc)  # jieba's words (token i = character i), as the tokenizer found them
        if words is None:  # else its B/M/E/S tags say where they are: read as one array
            tag_ids = doc.to_array("TAG").tolist() if len(doc) else []
            strings = doc.vocab.strings
            words = spans_from_tags([strings[h] for h in tag_ids]) if any(tag_ids) else rules.word_spans(text)
        regions = rules.find_regions(text, words)
        found = list(regions)
        bodies = rules.foreign_bodies(text, regions, rules.find_bodies(text, words))
        found += rules.join_branches(bodies, rules.find_named_by_suffix(text, words, regions), text)
        found += bodies
        found += rules.find_bare_bodies(text)
        found += rules.find_international(text, words)
        found += rules.find_media(text)
        found += rules.find_county_short_forms(text, words)  # tier 5: only where nothing else is
        found = rules.with_divisions(text, found)  # 某部 + 某某司: a department's own division
        spans = [_span(doc, c) for c in found]
        for cand, title_start in rules.find_titled_persons(text, words):
            spans.append(_span(doc, cand, title_start=title_start))
        for cand, title, body, ts, te in rules.find_name_then_title(text):
            spans.append(_span(doc, cand, implied=(title, body, ts, te)))
        spans += [_span(doc, c) for c in rules.find_leader_lists(text)]
        spans += [_span(doc, c) for c in rules.find_representatives(text)]
        spans += [_span(doc, c) for c in rules.find_bylines(text)]
        doc.spans["kg_rules"] = spans
        return doc


class EntityMerger:
    """Rule candidates and model entities → ``doc.spans["kg_entities"]``."""

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon()
        gaz = gazetteer()
        text = matching_form(doc_text(doc))
        cands = [(sp, span_meta(sp, "kg_rules")) for sp in doc.spans.get("kg_rules", [])]
        rule_orgs = [matching_form(sp.text) for sp, _ in cands if EntityType(sp.label_).is_org]
        for ent in doc.ents:
            typ = MODEL_LABELS.get(ent.label_)
            if typ is None:
                continue
            accepted = _accept_model_span(matching_form(ent.text), typ, rule_orgs, lex, gaz)
            if accepted is None:
                continue
            typ, code = accepted
            if typ is EntityType.PERSON and rules.reads_as_official(text, ent.start_char, ent.end_char):
                typ = EntityType.OFFICIAL
            cands.append((Span(doc, ent.start, ent.end, label=typ.value), SpanMeta("model", 0.7, code)))
        chosen = _select(cands, lex)
        for sp, meta in chosen:
            _put(doc, "kg_entities", sp, meta)
        doc.spans["kg_entities"] = [sp for sp, _ in chosen]
        return doc


def _accept_model_span(text: str, typ: EntityType, rule_orgs: list[str], lex, gaz):
    """Keep a statistical span only where its shape vouches for it: ``(type, code)`` or None.

    The CLUENER-trained model sees news unlike its training data; on its own it
    proposes many generic phrases. Organisations must end like a name, be a
    short form of an organisation the rules found nearby (青禾 ⊑ 青禾能源集团), or
    be a Latin name; people are people, never
    officials by the model alone; places must be in the gazetteer.
    """
    if not text or not all(is_cjk(c) or c.isalnum() or c in "·" for c in text):
        return None
    if typ is EntityType.REGION:
        regions = gaz.by_name.get(text)
        if not regions:
            return None
        full = any(r.name == text for r in regions)
        if not full and (len(text) < 3 and all(r.level == "县级" for r in regions)):
            return None
        return EntityType.REGION, regions[0].code
    if typ is EntityType.PERSON:
        if not 2 <= len(text) <= 4 or not (text[0] in lex.surnames or text[:2] in lex.surnames or text[0] in lex.translit):
            return None
        if text in lex.stopwords or text in lex.titles:
            return None
        return EntityType.PERSON, None
    # organisations
    if text in gaz.by_name:
        return None  # a place name that opens an organisation's name
    if (text[0] in lex.words("bad_name_starts") and gaz.longest_prefix(text) is None) or COUNTED_KIND.match(text):
        return None  # 各县区政府, 两大集团: every one or a count of a kind, no name (从化区某局 opens with a place)
    retyped = _retype_org(text, typ, lex)
    ending = name_ending(text[1:], lex, lambda t: t.is_org)  # at least two characters before the ending
    if ending is not None:
        stem = text[:-len(ending[0])]
        if stem not in lex.stopwords and stem not in lex.words("generic_org_stems") \
                and not any(w in stem for w in ("的", "和", "与", "及")):
            return retyped, None
        return None
    if 2 <= len(text) <= 8 and any(o != text and (o.startswith(text) or _short_of(text, o)) for o in rule_orgs):
        return retyped, None
    # A Latin company name; all-capital acronyms in this news are mostly
    # standards and terms (CCER, VCS, CCUS, EPC), not organisations.
    if text.isascii() and text[:1].isupper() and not text.isupper() and len(text) >= 3:
        return retyped, None
    return None


def _short_of(short: str, long: str) -> bool:
    return short[0] == long[0] and len(short) < len(long) and is_subsequence(short, long)


def _retype_org(text: str, typ: EntityType, lex) -> EntityType:
    """The type the name's ending gives, else the national body's, else the model's."""
    ending = name_ending(text, lex)
    if ending is not None:
        return ending[1]
    if text in lex.bodies:
        return lex.bodies[text][0]
    return typ


def _holds_a_rule_name(rule_orgs: list[tuple[int, int]], start: int, end: int, text: str) -> bool:
    """Whether one of the sorted *rule_orgs* spans lies within ``[start, end)``: with words after it (某局 + 组织 +
    某集团), or right before a name that does not open with a place (中央纪委 + 国家监委: two bodies written
    together) — while 全国人民代表大会 + 香港特别行政区筹备委员会 is one name, a body's own at a place. Found by
    bisection: the ones starting there are few, however long the document."""
    k = bisect.bisect_left(rule_orgs, (start, -1))
    while k < len(rule_orgs) and rule_orgs[k][0] < end:
        if rule_orgs[k][1] < end or (rule_orgs[k][1] == end and gazetteer().longest_prefix(text[end:end + 13]) is None):
            return True
        k += 1
    return False


def _select(cands: list[tuple[Span, SpanMeta]], lex) -> list[tuple[Span, SpanMeta]]:
    """Greedy non-overlapping choice: rules with agreeing model spans, longest names first."""
    # A model span that ends where a rule org span ends and starts earlier with a clean
    # prefix extends the rule span (a group's short name + "某市煤化工有限责任公司"), but a city
    # does not join a national name (某市 + 全国某某展览馆).
    by_end: dict[tuple[int, str], Span] = {}
    for sp, meta in cands:
        if meta.source == "model":
            by_end.setdefault((sp.end, sp.label_), sp)
    # … nor one that holds another name the rules found and words after it (某局 + 组织 + 某集团: two names)
    rule_orgs = sorted((sp.start, sp.end) for sp, meta in cands if meta.source != "model" and EntityType(sp.label_).is_org)
    improved = []
    for sp, meta in cands:
        if meta.source == "suffix" and EntityType(sp.label_).is_org:  # not places or projects: 嘉宾 + 某市某园区
            m = by_end.get((sp.end, sp.label_))
            text = doc_text(sp.doc) if m is not None else ""
            if m is not None and m.start < sp.start and not _holds_a_rule_name(rule_orgs, m.start, sp.start, text):
                extra = text[m.start:sp.start]
                national = text[sp.start:sp.start + 2] in lex.words("national") and extra in gazetteer().by_name
                if extra not in lex.stopwords and not national and extra not in lex.words("role_nouns") \
                        and not any(w in extra for w in ("与", "和", "、", ",", "，", "在")):
                    sp = Span(sp.doc, m.start, sp.end, label=sp.label_)
                    meta = SpanMeta("suffix+model", max(meta.confidence, 0.9), meta.code)
        improved.append((sp, meta))

    chosen = []
    taken = [False] * (len(cands[0][0].doc) if cands else 0)
    # within a tier the longest name wins
    for sp, meta in sorted(improved, key=lambda x: (x[1].tier, -(x[0].end - x[0].start), x[0].start)):
        if any(taken[i] for i in range(sp.start, sp.end)):
            continue
        for i in range(sp.start, sp.end):
            taken[i] = True
        chosen.append((sp, meta))
    return sorted(chosen, key=lambda x: x[0].start)


@Language.factory("kg_rules", assigns=["doc.spans"], requires=["token.tag"])
def make_rules(nlp: Language, name: str) -> RulesComponent:
    return RulesComponent()


@Language.factory("kg_entities", assigns=["doc.spans"], requires=["doc.spans", "doc.ents"])
def make_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()
