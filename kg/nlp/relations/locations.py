"""Locations: where organisations, projects and places are.

* regions written in a chain (``包头市土右旗``): each lies in the one before;
* a region written right before a name (``在北京全国某某展览馆``);
* names that start with a region (``锡林郭勒盟林业和草原局`` → 锡林郭勒盟), after a company prefix, in brackets,
  or before a branch ending (``某银行某省分行``), and the town and village inside a body's name;
* ``位于…X(境内)的Y`` and ``X的Y`` for places.

A body written bare (``市政府``) and placed by the article's context gets no link: the text does not say
where it is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import Document
from kg.model import EntityType, LocationMention, Mention
from kg.nlp.relations.calibration import calibrated
from kg.nlp.relations.common import EXTRACTOR, evidence, in_sentence
from kg.nlp.relations.region_names import (
    leading_region, named_place, names_region, project_place, project_towns, region_chain, route_ends, towns_and_villages,
)
from kg.regions import gazetteer

__all__ = ["find_locations", "regions_inside"]

#: 某某位于某市, and a company's seat: 某集团总部位于/设在某市, 注册地在某区 (the cue opens with 总部/注册地).
_LOCATED = re.compile(r"(?:总部|注册地)?(?:位于|地处|坐落于|坐落在)|(?:总部|注册地)(?:设在|设于|在)")
#: 在某市某区投资建设某某项目: a project built in the places written before it.
_BUILT_IN = re.compile(r"(?:计划|拟|将|正|已)?(?:投资)?(?:开工建设|建设|新建|兴建|扩建|共建|打造|布局|实施|建成)(?:的)?")
#: 某某项目落户某市 (选址某县, 建在某镇): a project settled, sited or built in the places written after it.
_SETTLED_IN = re.compile(r"(?:正式|成功|将|已|拟)?(?:落户|选址|建在|建于)(?:于|到|在)?")


def _link(inner: Mention, outer: Mention, how: str, rule: str) -> LocationMention:
    return LocationMention(inner, outer, how, replace(inner.evidence, extractor=f"{EXTRACTOR}:{rule}"))


def find_locations(doc: Document, mentions: list[Mention], province: str | None,
                   extra: list[Mention] = ()) -> list[LocationMention]:
    """Locations stated or implied; *extra* are names known only from other facts (composed bodies)."""
    regions = [m for m in mentions if m.type is EntityType.REGION]
    chains = _region_chains(regions)
    found = (chains + _listed_after(doc, regions, chains) + _places_before(doc, mentions, province)
             + _named_regions(doc, mentions, regions, province, extra) + _stated(doc, mentions, province))
    return [replace(x, evidence=calibrated("locatedIn", x.evidence)) for x in found]


def _region_chains(regions: list[Mention]) -> list[LocationMention]:
    """某市某旗; 某旗某某乡 (a town the gazetteer does not list)."""
    gaz = gazetteer()
    out = []
    for a, b in zip(regions, regions[1:]):
        if b.start != a.end or not a.region_code:
            continue
        if b.region_code is None and gaz.longest_prefix(b.key, max_len=8, full_name=True) is not None:
            # 某市 + 某县国有林场: the farm's own name places it in the county, which lies in the city
            county = leading_region(b, gaz, None)
            if county is not None and county.region_code and \
                    a.region_code in {r.code for r in gaz.ancestors(county.region_code)}:
                out.append(_link(county, a, "name", "region-chain"))
            continue
        if b.region_code is None or (
                a.region_code != b.region_code and a.region_code in {r.code for r in gaz.ancestors(b.region_code)}):
            out.append(_link(b, a, "name", "region-chain"))
    return out


#: Between places listed together (某县甲镇、乙镇和丙镇).
_LIST_JOINERS = frozenset({"、", "和", "及", "与"})


def _listed_after(doc: Document, regions: list[Mention], chains: list[LocationMention]) -> list[LocationMention]:
    """某县甲镇、乙镇: places of the same kind listed right after one written after its county lie in it too."""
    out = []
    after = {(r.start, r.end): k for k, r in enumerate(regions)}
    for link in chains:
        k = after.get((link.inner.start, link.inner.end))
        if k is None or link.inner.region_code is not None:
            continue
        prev = link.inner
        for nxt in regions[k + 1:]:
            if doc.norm[prev.end:nxt.start] not in _LIST_JOINERS or nxt.region_code is not None \
                    or nxt.key[-1] != link.inner.key[-1]:
                break
            out.append(_link(nxt, link.outer, "text", "region-chain"))
            prev = nxt
    return out


def _places_before(doc: Document, mentions: list[Mention], province: str | None) -> list[LocationMention]:
    """A place written right before a name that does not start with a region itself."""
    gaz = gazetteer()
    return [_link(b, a, "text", "place-before") for a, b in zip(mentions, mentions[1:])
            if a.type is EntityType.REGION and a.end == b.start and (b.type.is_org or b.type is EntityType.PROJECT)
            and leading_region(b, gaz, province) is None and not towns_and_villages(b, None)]


def _named_regions(doc, mentions, regions, province, extra) -> list[LocationMention]:
    """Names that start with a region, and the towns and villages inside bodies' names."""
    gaz = gazetteer()
    out = []
    composed = {id(m) for m in extra}  # 自治区党委 + 统战部: the organ is written after the body naming the region
    for m in list(mentions) + list(extra):
        if not (m.type.is_org or m.type is EntityType.PROJECT or m.type is EntityType.REGION):
            continue
        region = leading_region(m, gaz, province)
        places = (towns_and_villages(m, region) or named_place(m, region)) \
            if m.type.is_org and names_region(doc, m, m) else (project_towns(m, region) or project_place(m, region))
        chain = region_chain(m, gaz, province)
        if region is not None and chain and (chain[-1].start, chain[-1].end) == (region.start, region.end):
            # 某市某县某某项目: the county lies in the city, as the name writes them
            outer_links = [_link(inner, outer, "name", "region-chain") for outer, inner in zip(chain, chain[1:])]
        else:
            outer_links = []
        if places:
            before = [r for r in regions if r.end == m.start]  # 某镇 + 某村村委会 written as two names
            inside = region is not None and (m.start <= region.start < m.end)
            steps = ([region] if inside else before[-1:]) + places
            out.extend(_link(inner, outer, "name", "name") for inner, outer in zip(steps[1:], steps))
            region = places[-1]  # 某镇某村村委会 lies in the village
        if region is not None and region.key != m.key and (id(m) in composed or names_region(doc, m, region)):
            out.append(_link(m, region, "name", "name"))
            out.extend(outer_links)
    return out


def _stated(doc: Document, mentions: list[Mention], province: str | None = None) -> list[LocationMention]:
    """位于…X境内的Y / X的Y (places); 在X投资建设Y, Y落户X (projects)."""
    out = []
    for sent in doc.sentences:
        ms = in_sentence(sent, mentions)
        text = doc.norm[sent.start:sent.end]
        for mt in _LOCATED.finditer(text):
            found = _located(doc, ms, sent.start + mt.start(), sent.start + mt.end())
            if found is None:
                found = _project_located(doc, mentions, ms, sent, sent.start + mt.start(), sent.start + mt.end())
            if found is not None:
                out.append(LocationMention(found[0], found[1], "text", evidence(doc, sent, "located", 0.8)))
        out.extend(LocationMention(thing, place, "text", evidence(doc, sent, "built-in", 0.75))
                   for thing, place in _built_or_settled(doc, ms, province))
        for a, b in zip(ms, ms[1:]):
            if (a.type is EntityType.REGION and b.type in _OF_A_PLACE
                    and doc.norm[b.start - 1:b.start] == "的" and _WITHIN.fullmatch(doc.norm, a.end, b.start)
                    and b.region_code is None and (a.region_code or not b.type.is_org)):
                # 某县的某镇, 某县东部的某镇, 来自某县的某公司 (not 中国的某集团: a country says only the nation)
                out.append(LocationMention(b, a, "text", evidence(doc, sent, "of", 0.7)))
            elif (a.type in _OF_A_PLACE and b.type is EntityType.REGION and b.region_code
                    and doc.norm[a.end:b.start] in ("是", "为") and _ONE_OF_ITS_KIND.match(doc.norm, b.end)):
                out.append(LocationMention(a, b, "text", evidence(doc, sent, "of", 0.7)))  # 某公司是某县的一家企业
    return out


def _chains(ms: list[Mention]) -> list[list[Mention]]:
    """The runs of regions written one after another (某市某区), in order."""
    out: list[list[Mention]] = []
    for m in ms:
        if m.type is not EntityType.REGION:
            continue
        if out and out[-1][-1].end == m.start:
            out[-1].append(m)
        else:
            out.append([m])
    return out


def _built_or_settled(doc: Document, ms: list[Mention], province: str | None) -> list[tuple[Mention, Mention]]:
    """``(project, place)`` of 在某市某区投资建设某某项目 and 某某项目落户某市某区, for projects whose own
    name places them nowhere (a name that opens with a region says where it is itself)."""
    gaz, text = gazetteer(), doc.norm
    projects = {m.start: m for m in ms if m.type is EntityType.PROJECT}
    by_end = {m.end: m for m in ms if m.type is EntityType.PROJECT}
    out = []
    for chain in _chains(ms):
        first, last = chain[0], chain[-1]
        thing = None
        if text[first.start - 1:first.start] in ("在", "于"):
            verb = _BUILT_IN.match(text, last.end)
            thing = projects.get(verb.end()) if verb and verb.end() > last.end else None
        if thing is None:  # 某某项目落户某市, 选址于某县某乡 (the 于 is the cue's own)
            for end, project in by_end.items():
                settled = _SETTLED_IN.match(text, end)
                if settled and settled.end() == first.start:
                    thing = project
        if thing is not None and leading_region(thing, gaz, province) is None:
            out.append((thing, last))
    return out


#: 该项目位于…: the project the article last named.
_THIS_PROJECT = re.compile(r"(?:该|此|这一|这个|上述)?项目(?:选址|建设地点|所在地)?$")


def _project_located(doc, mentions, ms, sent, cue: int, p: int) -> tuple[Mention, Mention] | None:
    """``(project, place)`` of 该项目位于某市某区: the last project named before, in the same article."""
    if not _THIS_PROJECT.search(doc.norm[max(sent.start, cue - 8):cue]):
        return None
    chain = next((c for c in _chains(ms) if c[0].start == p), None)
    last = max((m for m in mentions if m.type is EntityType.PROJECT and m.end <= cue), key=lambda m: m.end,
               default=None)
    where = doc.sentence_at(last.start) if last is not None else None
    if chain is None or where is None or where.article != sent.article:
        return None
    return last, chain[-1]


#: What 某县的 places (某县的某镇, 某县的某某项目, 来自某县的某公司): places, projects and companies and institutions —
#: not a body, whose place a bare name (某县的林业局) leaves to the article.
_OF_A_PLACE = (EntityType.REGION, EntityType.PROJECT, EntityType.ENTERPRISE, EntityType.ORGANIZATION)
#: 某公司是某县的(一家)…企业: the company is one of the place's own, of a kind of organisation.
_ONE_OF_ITS_KIND = re.compile(r"的(?:一家|一个|一所)?[^，,。；;的]{0,10}(?:企业|公司|集团|机构|单位|高校|院校|医院|银行)")


#: Between a name and a 位于 cue that still has it as subject: a comma, or 是一家 (某集团是一家总部位于某市的企业).
_SUBJECT_GAP = re.compile(r"[，,](?:是|为)?(?:一家|一个|一所|一座)?|(?:是|为)(?:一家|一个|一所|一座)")


#: After 位于 and a place, what leads to the thing lying there: 境内的Y, 东部的Y (a part of the place), 的Y.
_WITHIN = re.compile(r"(?:(?:东|西|南|北|中|东北|东南|西北|西南)部|境内|辖区内)?的|境内|内")


def _located(doc, ms, cue: int, p: int) -> tuple[Mention, Mention] | None:
    """``(thing, place)`` of the 位于 cue at ``[cue, p)``: the last region of the chain after it, and the
    name after that chain (境内的Y) or else the name right before the cue."""
    chain, cur = [], p
    for r in ms:
        if r.start < p or r.type is not EntityType.REGION:
            continue
        if r.start != cur:
            break
        chain.append(r)
        cur = r.end
    if not chain:
        return None
    outer = chain[-1]
    target = None
    mm = _WITHIN.match(doc.norm, cur, cur + 8)
    if mm:
        nxt = [r for r in ms if r.start == mm.end()]
        target = nxt[0] if nxt else None
    if target is None:
        gap = _SUBJECT_GAP.search(doc.norm, max(0, cue - 6), cue)
        end = gap.start() if gap is not None and gap.end() == cue else cue
        prev = [r for r in ms if r.end == end and (end == cue or r.type is not EntityType.REGION)]
        target = prev[0] if prev else None
    if target is not None and target.key != outer.key:
        return target, outer
    return None


def regions_inside(mentions: list[Mention], province: str | None) -> list[Mention]:
    """Regions named only inside other names that no location states: the places a route joins."""
    gaz = gazetteer()
    return [r for m in mentions for r in route_ends(m, gaz, province)]
