"""Document → entity mentions: the NLP stage's output boundary.

Runs the spaCy pipeline over each paragraph of a clean document (on the
NFKC matching text, so offsets are the document's own) and turns the
``kg_entities`` spans into :class:`~kg.model.Mention` objects with
provenance. Nothing downstream of this module sees spaCy.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.language import Language

from kg.ingest import Document, segments
from kg.model import EntityType, Evidence, Mention
from kg.nlp.components import span_meta
from kg.nlp.lexicon import lexicon
from kg.nlp.pipeline import load_pipeline
from kg.regions import gazetteer

__all__ = ["EXTRACTOR", "NlpResult", "extract_mentions", "mention_key"]

EXTRACTOR = "zhkg.ner/0.1"
_QUOTES = "“”\"「」『』‘’'"
_ALIAS_DECL = re.compile(r"^[(（]\s*(?:以下简称|下称|简称)\s*[“\"「]?([^”\"」)）]{2,12})[”\"」]?\s*[)）]")


def mention_key(text: str) -> str:
    """The matching form of a surface: NFKC'd already, minus whitespace and quotes."""
    return "".join(c for c in text if not c.isspace() and c not in _QUOTES)


@dataclass
class NlpResult:
    mentions: list[Mention]
    title_starts: dict[tuple[int, int], int]  # official span → start of the post title before it
    implied_posts: dict[tuple[int, int], tuple[str, str, int, int]]  # official → (title, body, title span)
    aliases: dict[str, str]  # declared short name → full name key ("以下简称")
    context_province: str | None
    context_city: str | None = None


def _evidence(doc: Document, start: int, end: int, source: str, conf: float) -> Evidence:
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


#: Characters spaCy processes in one batch: memory grows with the batch (spaCy's default of
#: 1,000 lines peaked at 3.4 GB on 100k characters of news; 4,000 characters stay near 0.6 GB).
BATCH_CHARS = 4000


def _pipe(nlp: Language, texts: list[str]):
    """``nlp.pipe`` over *texts* in batches of about :data:`BATCH_CHARS` characters."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > BATCH_CHARS:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def extract_mentions(doc: Document, nlp: Language | None = None) -> NlpResult:
    """Entity mentions of *doc* with provenance."""
    nlp = nlp or load_pipeline()
    lines = segments(doc.text)  # the text as printed, line by line; a very long line in safe pieces

    mentions: list[Mention] = []
    title_starts: dict[tuple[int, int], int] = {}
    aliases: dict[str, str] = {}
    implied: dict[tuple[int, int], tuple[str, str, int, int]] = {}
    for (offset, line), sdoc in zip(lines, _pipe(nlp, [text for _, text in lines])):
        for sp in sdoc.spans["kg_entities"]:
            meta = span_meta(sp)
            start, end = offset + sp.start_char, offset + sp.end_char
            surface = doc.text[start:end]
            key = mention_key(doc.norm[start:end])
            if len(key) < 2 and sp.label_ != EntityType.REGION.value:
                continue
            if "*" in key or doc.norm[start - 1:start] == "*" or doc.norm[end:end + 1] == "*":
                continue  # masked names (**) are not entities
            if meta.implied is not None:
                title, body, ts, te = meta.implied
                implied[(start, end)] = (title, body, offset + ts, offset + te)
            mentions.append(Mention(
                text=surface, key=key, type=EntityType(sp.label_), start=start, end=end,
                evidence=_evidence(doc, start, end, meta.source, meta.confidence),
                region_code=meta.code,
            ))
            if meta.title_start is not None:
                title_starts[(start, end)] = offset + meta.title_start
            m = _ALIAS_DECL.match(doc.norm[end:end + 20])
            if m and EntityType(sp.label_).is_org:
                aliases[mention_key(m.group(1))] = key
            elif len(mentions) > 1 and EntityType(sp.label_).is_org and doc.norm[start - 1:start] in "(（" \
                    and doc.norm[end:end + 1] in ")）":
                prev = mentions[-2]  # the one before this
                if prev.type.is_org and prev.end == start - 1:
                    aliases[key] = prev.key  # 二连浩特市龙源贸易有限公司(恒源商城): another name

    province = _context_province(mentions)
    city = _context_city(mentions)
    mentions = _place_bare_bodies(doc, mentions, province, city)
    mentions = _fix_person_overreach(doc, mentions)
    mentions = _trim_leading_verbs(doc, mentions)
    mentions = _counted_lists(doc, mentions)
    mentions = _places_after_their_region(doc, mentions)
    mentions = _project_names(doc, mentions)
    mentions = _short_names_after_country(doc, mentions)
    mentions = _organs_of_organisations(doc, mentions)
    mentions += _elliptical(doc, mentions)
    mentions += _bare_province_mentions(doc, mentions, province)
    mentions = _declared_short_names(doc, mentions, aliases)
    mentions.sort(key=lambda m: (m.start, m.end))
    by_start = {s: (s, e) for s, e in title_starts}
    for m in mentions:  # a name trimmed above (张良代 → 张良) keeps the title before it
        old = by_start.get(m.start)
        if old is not None and old != (m.start, m.end) and m.type.is_person:
            title_starts[(m.start, m.end)] = title_starts[old]
    return NlpResult(mentions, title_starts, implied, aliases, province, city)


def _place_bare_bodies(doc: Document, mentions: list[Mention], province: str | None,
                       city: str | None) -> list[Mention]:
    """``市委`` → ``<city>委``, ``省政府`` → ``<province>政府``; unplaceable ones go.

    The city is the one the mention's article names most, else the document's.
    """
    gaz = gazetteer()
    p = gaz.by_code.get(province) if province else None
    by_article: dict[int, list[Mention]] = {}
    for m in mentions:
        sent = doc.sentence_at(m.start)
        by_article.setdefault(sent.article if sent else -1, []).append(m)
    out = []
    for m in mentions:
        if not m.evidence.extractor.endswith(":bare-body"):
            out.append(m)
            continue
        sent = doc.sentence_at(m.start)
        local = _context_city(by_article.get(sent.article if sent else -1, [])) or city
        c = gaz.by_code.get(local) if local else None
        if m.key[0] == "省" and p is not None and p.kind == "省":
            out.append(replace(m, key=p.name + m.key[1:]))
        elif m.key[0] in "市盟" and c is not None and c.name.endswith(m.key[0]):
            out.append(replace(m, key=c.name + m.key[1:]))
    return out


#: ``甲、乙和丙等3家企业``: the noun after the count says what each listed item is.
_COUNTED = re.compile(r"等?\s*(?:[0-9]+|[一二三四五六七八九十两]+)\s*(?:家|个|所)\s*"
                      r"(企业|公司|央企|国企|银行|项目|高校|大学|医院|单位)"
                      # the noun ends the phrase (等3家项目业主方 is about owners, not projects)
                      r"(?=[,，。;；、)）]|$|参与|参加|纳入|入选|签约|签订|获|实现|完成|在|均|共|已|将|正|开展|落户|进行|的|为|被|也|都)")
_COUNTED_TYPE = {"企业": EntityType.ENTERPRISE, "公司": EntityType.ENTERPRISE, "央企": EntityType.ENTERPRISE,
                 "国企": EntityType.ENTERPRISE, "银行": EntityType.ENTERPRISE, "项目": EntityType.PROJECT,
                 "高校": EntityType.ORGANIZATION, "大学": EntityType.ORGANIZATION, "医院": EntityType.ORGANIZATION,
                 "单位": None}
_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）]{2,16}")


_PROJECT_ENDING = re.compile(r"(项目|工程)$")


def _project_names(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Project names as news writes them. ``碳票项目`` (a category word and an ending) names no project;
    ``签署某能建某市某某项目``: a project's name may begin with its developer's short name, written
    between a signing or trading verb and the region the name would otherwise start with (after any
    other word — 加快推进, 新建 — the words before a name are not part of it)."""
    lex = lexicon()
    text = doc.norm
    starts = {m.end for m in mentions}
    verbs = [v for f in ("sign", "trade", "buy", "sell") for v in lex.triggers[f]]
    out = []
    for m in mentions:
        if m.type is EntityType.PROJECT:
            ending = _PROJECT_ENDING.search(m.key)
            if ending and ending.start() <= 2:
                continue  # 碳票项目, 光伏工程: no name of its own
            for k in range(4, 1, -1):
                s = m.start - k
                head = text[s:m.start] if s >= 0 else ""
                edge = any(text[:s].endswith(v) for v in verbs)
                if (len(head) == k and re.fullmatch(r"[\u4e00-\u9fff]+", head) and edge and s not in starts
                        and not set(head) & _NOT_IN_SHORT_NAME and not any(head.startswith(v) for v in verbs)):
                    m = replace(m, text=doc.text[s:m.end], key=head + m.key, start=s,
                                evidence=_evidence(doc, s, m.end, "project-developer", m.evidence.confidence))
                    break
        out.append(m)
    return out


_GENERIC_PLACE = re.compile(r"^(国家级)?(经济|技术|高新|工业|产业|综合|保税|开发|新区|示范|自由贸易|自贸)")


def _places_after_their_region(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``某某市某某农场`` (a place that is no administrative division, written after the division it lies
    in) is two names: the division, and the place — which the location finder then puts inside it."""
    gaz = gazetteer()
    out = []
    for m in mentions:
        if m.type is EntityType.REGION and m.region_code is None and doc.norm[m.start:m.end] == m.key:
            for L in range(min(len(m.key) - 2, 8), 1, -1):
                cands = [c for c in gaz.by_name.get(m.key[:L], []) if c.name == m.key[:L]]
                if cands and _GENERIC_PLACE.search(m.key[L:]):
                    break  # 某市经济技术开发区: a zone named by its city is one name
                if cands:
                    cut = m.start + L
                    out.append(Mention(doc.text[m.start:cut], m.key[:L], EntityType.REGION, m.start, cut,
                                       _evidence(doc, m.start, cut, "place-region", 0.7), cands[0].code))
                    m = replace(m, text=doc.text[cut:m.end], key=m.key[L:], start=cut,
                                evidence=_evidence(doc, cut, m.end, "place-region", 0.7))
                    break
        out.append(m)
    return out


def _counted_lists(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``其中甲、乙、丙和丁等4家企业参与…``: each item of a list closed by a count and a noun is one of
    those (企业 → Enterprise, 项目 → Project…), whatever the model made of it; the count must match."""
    text = doc.norm
    out = list(mentions)
    for mt in _COUNTED.finditer(text):
        typ = _COUNTED_TYPE[mt.group(1)]
        count = re.search(r"[0-9]+|[一二三四五六七八九十两]+", mt.group(0)).group(0)
        n = int(count) if count.isdigit() else "一二三四五六七八九十".find(count) + 1 if len(count) == 1 else 0
        start = max(text.rfind(c, 0, mt.start()) for c in ",，。;；:：(（") + 1
        lead = re.match(r"(其中|包括|如|有|及|以及)", text[start:mt.start()])
        start += lead.end() if lead else 0
        items = re.split(r"、|和|及|与|以及", text[start:mt.start()])
        if typ is None or len(items) < 2 or (n and n != len(items)) or not all(_ITEM.fullmatch(i) for i in items):
            continue
        pos = start
        spans = []
        for item in items:
            s = text.index(item, pos)
            spans.append((s, s + len(item)))
            pos = s + len(item)
        out = [m for m in out if not any(m.start < e and s < m.end for s, e in spans)]
        out += [Mention(doc.text[s:e], text[s:e], typ, s, e, _evidence(doc, s, e, "counted-list", 0.7))
                for s, e in spans]
    return out


def _trim_leading_verbs(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``认购某某工程项目`` → ``某某工程项目``: a verb of ``kg/data/leading_verbs.txt`` begins a clause,
    not a project's or organisation's name; a name never runs through a clause word
    (``kg/data/clause_words.txt``), and a category (``kg/data/non_names.txt``: 子公司) is none."""
    lex = lexicon()
    verbs = lex.leading_verbs
    out = []
    for m in mentions:
        if m.type.is_org and m.key in lex.non_names:
            continue  # 子公司, 国有资本投资公司: a category, not a name
        if m.type.is_org:  # 某集团长期以来给予某银行: the name is what follows the clause's words
            cut = max((m.key.rfind(w) + len(w) for w in lex.clause_words if w in m.key), default=0)
            if cut and len(m.key) - cut >= 4 and doc.norm[m.start:m.end] == m.key:
                s = m.start + cut
                m = replace(m, text=doc.text[s:m.end], key=m.key[cut:], start=s,
                            evidence=_evidence(doc, s, m.end, m.evidence.extractor.split(":")[-1], m.evidence.confidence))
        if m.type.is_org or m.type is EntityType.PROJECT:
            v = next((v for v in verbs if m.key.startswith(v) and len(m.key) - len(v) >= 4), None)
            if v is not None and doc.norm[m.start:m.start + len(v)] == v:
                s = m.start + len(v)
                m = replace(m, text=doc.text[s:m.end], key=m.key[len(v):], start=s,
                            evidence=_evidence(doc, s, m.end, m.evidence.extractor.split(":")[-1], m.evidence.confidence))
        out.append(m)
    return out


_NOT_IN_SHORT_NAME = set("的和与在是将为对等及或把被从向了也都已")


def _short_names_after_country(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``中国XX`` is a company's short name (中国某建, 中国某华) when the document itself writes it before
    a word of enterprise context (集团, 股份, 党委, 董事长… — ``kg/data/enterprise_context.txt``)
    somewhere; every occurrence then is that Enterprise, not the country followed by a word."""
    lex = lexicon()
    text = doc.norm
    confirmed = set()
    for mt in re.finditer(r"中国([\u4e00-\u9fff]{2})", text):
        name, rest = mt.group(0), text[mt.end():mt.end() + 5]
        if set(mt.group(1)) & _NOT_IN_SHORT_NAME or gazetteer().by_name.get(mt.group(1)):
            continue
        if any(rest[k:].startswith(w) for w in lex.enterprise_context for k in range(3)):
            confirmed.add(name)
    if not confirmed:
        return mentions
    longer = [m for m in mentions if m.type.is_org and len(m.key) > 4]
    added = []
    for name in sorted(confirmed):
        for mt in re.finditer(name, text):
            s, e = mt.start(), mt.end()
            if any(o.start <= s and e <= o.end for o in longer):
                continue  # inside 中国某建集团有限公司: the long name stands
            added.append(Mention(doc.text[s:e], name, EntityType.ENTERPRISE, s, e,
                                 _evidence(doc, s, e, "short-name", 0.7)))
    def clashes(m: Mention) -> bool:  # the country 中国 inside the name, or a span cut across it
        return any(m.start < a.end and a.start < m.end for a in added)

    return [m for m in mentions if not clashes(m)] + added


def _organs_of_organisations(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``某某集团党委`` (an organ of a company or organisation, ``kg/data/party_organs.txt``) is that
    organisation: its 党委书记 holds a post in the company, and no government body is made of it."""
    lex = lexicon()
    known = {m.key: m.type for m in mentions if m.type in (EntityType.ENTERPRISE, EntityType.ORGANIZATION)}
    out = []
    for m in mentions:
        if m.type is EntityType.GOVERNMENT_BODY:
            organ = next((o for o in lex.party_organs if m.key.endswith(o) and len(m.key) > len(o) + 1), None)
            base = m.key[:-len(organ)] if organ else ""
            typ = known.get(base) or _org_ending_type(base, lex)
            if typ is not None and doc.norm[m.start:m.end] == m.key:
                end = m.end - len(organ)
                m = Mention(doc.text[m.start:end], base, typ, m.start, end, m.evidence, None)
        out.append(m)
    return out


def _org_ending_type(name: str, lex) -> EntityType | None:
    for n in lex.suffix_lengths:
        typ = lex.suffixes.get(name[-n:]) if len(name) > n else None
        if typ in (EntityType.ENTERPRISE, EntityType.ORGANIZATION):
            return typ
        if typ is not None:
            return None
    return None


def _declared_short_names(doc: Document, mentions: list[Mention], aliases: dict[str, str]) -> list[Mention]:
    """Every later occurrence of a declared short name (``以下简称“上海环交所”``) names the same organisation.

    The declaration fixes the meaning for the rest of the document, so the short
    name is found by string match, whatever the recogniser made of each
    occurrence; mentions it overlaps that are not that organisation give way.
    """
    if not aliases:
        return mentions
    typ = {m.key: m.type for m in mentions if m.type.is_org}
    found: list[Mention] = []
    for short, full in sorted(aliases.items()):
        if full not in typ or short == full:
            continue
        decl = min((m.end for m in mentions if m.key == full), default=0)
        for hit in re.finditer(re.escape(short), doc.norm[decl:]):
            s, e = decl + hit.start(), decl + hit.end()
            if any(m.start <= s and e <= m.end and m.type.is_org for m in mentions):
                continue  # already inside an organisation's name (上海环交所碳交易中心)
            found.append(Mention(doc.text[s:e], short, typ[full], s, e, _evidence(doc, s, e, "alias", 0.9), None))
    if not found:
        return mentions
    kept = [m for m in mentions if not any(m.start < f.end and f.start < m.end for f in found)]
    return kept + found


def _context_city(mentions: list[Mention]) -> str | None:
    """The prefecture-level city (or league) a document is about, if one is named most."""
    gaz = gazetteer()
    votes = Counter()
    for m in mentions:
        r = gaz.by_code.get(m.region_code) if m.region_code else None
        if r is not None and r.level == "地级":
            votes[r.code] += 1
        elif r is not None and r.level == "县级" and r.parent:
            votes[r.parent] += 0.5
    if not votes:
        return None
    code, _ = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return code


def _context_province(mentions: list[Mention]) -> str | None:
    """The province a document is about: the one its regions most often lie in."""
    votes = Counter(m.region_code[:2] for m in mentions if m.region_code)
    if not votes:
        return None
    code, _ = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return code + "0000"


def _bare_province_mentions(doc: Document, mentions: list[Mention], province: str | None) -> list[Mention]:
    """``自治区`` on its own, in a text about an autonomous region, names that region."""
    if not province:
        return []
    region = gazetteer().by_code.get(province)
    if region is None or region.kind != "自治区":
        return []
    covered = [False] * len(doc.norm)
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] = True
    out = []
    for mt in re.finditer("自治区", doc.norm):
        s, e = mt.span()
        if any(covered[s:e]):
            continue
        nxt = doc.norm[e:e + 1]
        if nxt and nxt in "党政人国林财科工商交能气文乡发统纪监":
            continue  # the start of a body's name the rules did not catch
        out.append(Mention(
            text=doc.text[s:e], key="自治区", type=EntityType.REGION, start=s, end=e,
            evidence=_evidence(doc, s, e, "context", 0.7), region_code=province,
        ))
    return out


_BARE_BODIES = ("人民政府", "政府", "人大", "政协", "党委", "纪委")


def _elliptical(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Names shared by a coordination.

    * ``阿尔山市、突泉县造林碳汇项目`` → also 阿尔山市造林碳汇项目;
    * ``四子王旗委、政府`` → also 四子王旗政府.
    """
    gaz = gazetteer()
    by_end = {m.end: m for m in mentions}
    out = []
    for m in mentions:
        if not (m.type.is_org or m.type is EntityType.PROJECT):
            continue
        # the region this name starts with
        lead = next((L for L in range(min(10, len(m.key) - 1), 1, -1) if m.key[:L] in gaz.by_name), 0)
        if lead:
            prev = by_end.get(m.start - 1)
            if prev is not None and prev.type is EntityType.REGION and doc.norm[m.start - 1] in "、和及":
                key = prev.key + m.key[lead:]
                out.append(Mention(prev.text + m.text[lead:], key, m.type, prev.start, prev.end,
                                   m.evidence, None))
            for bare in _BARE_BODIES:
                nxt = doc.norm[m.end:m.end + 1 + len(bare)]
                if m.type is EntityType.GOVERNMENT_BODY and nxt == "、" + bare:
                    s, e = m.end + 1, m.end + 1 + len(bare)
                    out.append(Mention(doc.text[s:e], m.key[:lead] + bare, m.type, s, e, m.evidence, None))
                    break
    return out


_TRAILING_NON_NAME = set("代说表在和与等率出参主同对为")


def _fix_person_overreach(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``张良代表…``: drop a trailing character that starts the next word (when the two-character name
    occurs alone too, or when the character is 与/同 after a surname: ``谷某与刘某会谈``)."""
    names = {m.key for m in mentions if m.type.is_person}
    surnames = lexicon().surnames
    out = []
    for m in mentions:
        joins = m.key[-1:] in "与同" and m.key[0] in surnames  # a given name ending in 与/同 is rare
        if m.type.is_person and len(m.key) == 3 and m.key[2] in _TRAILING_NON_NAME and (m.key[:2] in names or joins):
            m = Mention(
                text=doc.text[m.start:m.end - 1], key=m.key[:2], type=m.type, start=m.start,
                end=m.end - 1, evidence=m.evidence, region_code=m.region_code,
            )
        out.append(m)
    return out
