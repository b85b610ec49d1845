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
    labelled with ontology classes, each with ``span._.kg_conf``,
    ``span._.kg_source`` and (regions) ``span._.kg_code``.

The statistical step is replaceable: any component that writes ``doc.ents``
with CLUENER labels can stand in its place.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.model import EntityType
from kg.nlp import rules
from kg.nlp.lexicon import lexicon
from kg.regions import gazetteer

__all__ = ["MODEL_LABELS", "RulesComponent", "EntityMerger", "doc_word_spans"]

for _name, _default in (("kg_conf", 0.0), ("kg_source", ""), ("kg_code", None), ("kg_title_start", None),
                       ("kg_implied", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

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


def doc_word_spans(doc: Doc) -> list[tuple[int, int]]:
    """jieba word spans from the tokenizer's B/M/E/S tags (token i = char i)."""
    spans, start = [], 0
    for t in doc:
        tag = t.tag_
        if not tag or tag[0] in "BS":
            start = t.i
        if not tag or tag[0] in "ES":
            spans.append((start, t.i + 1))
    return spans


def _span(doc: Doc, c: rules.Candidate) -> Span:
    sp = Span(doc, c.start, c.end, label=c.type.value)
    sp._.kg_conf = c.confidence
    sp._.kg_source = c.source
    sp._.kg_code = c.code
    return sp


class RulesComponent:
    """Rule-based candidates into ``doc.spans["kg_rules"]``."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        words = doc_word_spans(doc) if doc.has_annotation("TAG") else rules.word_spans(text)
        regions = rules.find_regions(text, words)
        found = list(regions)
        found += rules.find_named_by_suffix(text, words, regions)
        found += rules.find_bodies(text)
        spans = [_span(doc, c) for c in found]
        for cand, title_start in rules.find_titled_persons(text, words):
            sp = _span(doc, cand)
            sp._.kg_title_start = title_start
            spans.append(sp)
        for cand, title, body, ts, te in rules.find_name_then_title(text):
            sp = _span(doc, cand)
            sp._.kg_implied = (title, body, ts, te)
            spans.append(sp)
        spans += [_span(doc, c) for c in rules.find_leader_lists(text)]
        spans += [_span(doc, c) for c in rules.find_bylines(text)]
        doc.spans["kg_rules"] = spans
        return doc


_PLACE_ENDINGS = ("林场", "林区", "口岸", "机场", "着陆场", "水库", "开发区", "公园", "保护区", "山", "镇", "乡", "苏木", "嘎查", "村")


class EntityMerger:
    """Rule candidates and model entities → ``doc.spans["kg_entities"]``."""

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon()
        gaz = gazetteer()
        cands: list[Span] = list(doc.spans.get("kg_rules", []))
        positions = [e for e in doc.ents if e.label_ == "position"]
        position_ends = {e.end for e in positions}
        for ent in doc.ents:
            typ = MODEL_LABELS.get(ent.label_)
            if typ is None:
                continue
            text = ent.text
            if typ is EntityType.REGION:
                if text in gaz.by_name or text.endswith(_PLACE_ENDINGS):
                    pass
                else:
                    continue
            elif typ.is_org:
                typ = _retype_org(text, typ, lex)
            elif typ is EntityType.PERSON:
                if len(text) < 2 or len(text) > 4 and "·" not in text:
                    continue
                if ent.start in position_ends:
                    typ = EntityType.OFFICIAL
            sp = Span(doc, ent.start, ent.end, label=typ.value)
            sp._.kg_conf = 0.7
            sp._.kg_source = "model"
            if typ is EntityType.REGION and text in gaz.by_name:
                sp._.kg_code = gaz.by_name[text][0].code
            cands.append(sp)
        doc.spans["kg_entities"] = _select(cands, lex)
        return doc


def _retype_org(text: str, typ: EntityType, lex) -> EntityType:
    for L in lex.suffix_lengths:
        if len(text) > L and text[-L:] in lex.suffixes:
            t = lex.suffixes[text[-L:]]
            return t
    if text in lex.bodies:
        return lex.bodies[text][0]
    return typ


def _select(cands: list[Span], lex) -> list[Span]:
    """Greedy non-overlapping choice: rules with agreeing model spans, longest names first."""
    # A model span that ends where a rule org span ends and starts earlier with a clean
    # prefix extends the rule span ("国能" + "包头煤化工有限责任公司").
    by_end: dict[tuple[int, str], Span] = {}
    for sp in cands:
        if sp._.kg_source == "model":
            by_end.setdefault((sp.end, sp.label_), sp)
    improved: list[Span] = []
    for sp in cands:
        if sp._.kg_source == "suffix":
            m = by_end.get((sp.end, sp.label_))
            if m is not None and m.start < sp.start:
                extra = sp.doc.text[m.start:sp.start]
                if extra not in lex.stopwords and not any(w in extra for w in ("与", "和", "、", ",", "在")):
                    new = Span(sp.doc, m.start, sp.end, label=sp.label_)
                    new._.kg_conf = max(sp._.kg_conf, 0.9)
                    new._.kg_source = "suffix+model"
                    sp = new
        improved.append(sp)

    def rank(sp: Span):
        # precise rules first, then the model, then gazetteer regions and bylines;
        # within a tier the longest name wins
        tier = {"title": 0, "name-title": 0, "leader-list": 0, "bodies": 1, "suffix+model": 1, "suffix": 1, "model": 2, "gazetteer": 3, "byline": 4}
        return (tier.get(sp._.kg_source, 5), -(sp.end - sp.start), sp.start)

    chosen: list[Span] = []
    taken = [False] * (len(cands[0].doc) if cands else 0)
    for sp in sorted(improved, key=rank):
        if any(taken[i] for i in range(sp.start, sp.end)):
            continue
        for i in range(sp.start, sp.end):
            taken[i] = True
        chosen.append(sp)
    return sorted(chosen, key=lambda s: s.start)


@Language.factory("kg_rules", assigns=["doc.spans"], requires=["token.tag"])
def make_rules(nlp: Language, name: str) -> RulesComponent:
    return RulesComponent()


@Language.factory("kg_entities", assigns=["doc.spans"], requires=["doc.spans", "doc.ents"])
def make_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()
