"""The region a name says its bearer is in: ``锡林郭勒盟林业和草原局`` → 锡林郭勒盟.

A name may start with a chain of regions (the last is the direct container), carry one after a company's
short name or a group's name (``某能建巴彦淖尔某旗…项目``), in brackets (``某碳汇(兴安盟)科技有限公司``),
or before a branch ending (``某银行某省分行``); a mission's lies after 驻 (``甲国驻乙市总领事馆``). Bodies' names may
also hold a town and a village.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.relations.common import EXTRACTOR
from kg.nlp.lexicon import lexicon
from kg.nlp.refine.coordination import ELLIPTICAL
from kg.nlp.refine.projects import DEVELOPER
from kg.nlp.shapes import LEGAL_FORMS, name_ending, national_prefix
from kg.nlp.words import word_pos
from kg.regions import LONGEST_NAME, gazetteer, province_abbreviations

__all__ = ["leading_region", "named_place", "names_region", "project_place", "project_towns", "province_abbreviation", "region_chain",
           "route_ends", "towns_and_villages"]

_BRANCH = re.compile(r"(分行|支行|分公司|分院|分局|分中心)$")
_ROUTE = re.compile(r"至|经")
_AFTER_PREFIX = (EntityType.ENTERPRISE, EntityType.PROJECT, EntityType.ORGANIZATION)
# (农村, 乡村, 城乡 are words, not places: 某县农村产权交易中心)
_PLACES = re.compile(r"([\u4e00-\u9fff]{2,4}?(?<![城农])(?:镇|乡|街道|苏木))?"
                     r"([\u4e00-\u9fff]{2,4}?(?<![农乡])(?:村|嘎查|社区))?(?=[\u4e00-\u9fff]{2})")


def _region_mention(m: Mention, pos: int, n: int, code: str | None, rule: str, surface: str | None = None):
    key = m.key[pos:pos + n]
    ev = replace(m.evidence, extractor=f"{EXTRACTOR}:{rule}")
    return Mention(surface or key, key, EntityType.REGION, m.start + pos, m.start + pos + n, ev, code)


def _region_chain(key: str, pos: int, gaz, province: str | None) -> tuple | None:
    """``(start, length, region)`` of the last region of the chain of regions starting at *pos* in *key*."""
    chain = _chain_at(key, pos, gaz, province)
    return chain[-1] if chain else None


def _chain_at(key: str, pos: int, gaz, province: str | None) -> list[tuple]:
    """Every ``(start, length, region)`` of the chain of regions starting at *pos* in *key*, outermost
    first: 某省某市某县 → the province, the city, the county."""
    chain: list[tuple] = []
    while pos < len(key):
        hit = _region_at(key, pos, gaz, province, chain[-1][2] if chain else None)
        if hit is None or hit[1] is None:
            break
        n, region = hit
        chain.append((pos, n, region))
        pos += n
    return chain


def _region_at(key, pos, gaz, province, container):
    """``(length, region)`` of the longest region at *pos*, inside *container* when one is given."""
    for n in range(min(LONGEST_NAME, len(key) - pos - 1), 1, -1):
        form = key[pos:pos + n]
        if form == "自治区" and province:
            return n, gaz.by_code.get(province)
        cands = gaz.resolve(form, province)
        if cands and not any(c.name == form for c in cands) and (
                gaz.wordlike_short_form(form, cands) or gaz.names_a_feature(key, pos, n)):
            continue  # 白塔, 东风: county short forms are common words; 某林河电站 is named after a river
        if cands and container is not None:
            cands = [c for c in cands if container.code in {a.code for a in gaz.ancestors(c.code)}]
        if cands:
            return n, cands[0]
    former = gaz.former_city(key[pos:pos + 8])  # 蓬莱市政府: a city become a district, under its old name
    if former is not None and pos + 3 < len(key) and (
            container is None or container.code in {a.code for a in gaz.ancestors(former[1].code)}):
        return former
    return None


#: 甲国驻乙市总领事馆, 甲省驻乙市办事处: a mission lies at its seat, named after 驻, not in its home.
_MISSION = "驻"


def _mission_seat(m: Mention, gaz, province: str | None) -> Mention | None:
    """The place a mission's name writes after 驻, or None when no known region stands there (驻华)."""
    pos = m.key.index(_MISSION) + 1
    hit = _region_at(m.key, pos, gaz, province, None)
    if hit is None or hit[1] is None:
        return None
    n, region = hit
    return _region_mention(m, pos, n, region.code, "mission-seat", m.text[pos:pos + n] if len(m.text) == len(m.key) else None)


def _branch_region(m: Mention, gaz, province: str | None) -> Mention | None:
    """某银行某省分行: a branch lies where the name before its ending says."""
    br = _BRANCH.search(m.key)
    if not br:
        return None
    for n in range(min(10, br.start()), 1, -1):
        form = m.key[br.start() - n:br.start()]
        cands = gaz.resolve(form, province)
        full = any(c.name == form for c in cands)
        if cands and (full or cands[0].level != "县级"):  # 某银行南平分行: a city written short
            return _region_mention(m, br.start() - n, n, cands[0].code, "branch-region", form)
    return None


def _leading_chain(m: Mention, gaz, province: str | None) -> list[tuple]:
    """The chain of regions *m*'s name opens with: at its start (after 中国/中华), or after a company's short
    name or a group's name (某能建巴彦淖尔某旗…项目, 某集团广西电力有限公司); after a project's developer or
    a group's short name before a company's legal name, a city or province written short opens it too
    (某电力包头某某项目, 某能包头某某有限责任公司)."""
    key = m.key
    chain = _chain_at(key, national_prefix(key), gaz, province)
    if chain or m.type not in _AFTER_PREFIX:
        return chain
    for start in range(1, min(7, len(key) - 3)):
        chain = _chain_at(key, start, gaz, province)
        if not chain:
            continue
        pos, n, _ = chain[-1]
        short_head = chain[0][2].level != "县级" and (
            m.evidence.extractor.endswith(DEVELOPER)  # 某电力 + 包头某某项目
            or (m.type is EntityType.ENTERPRISE and start <= 3 and key.endswith(LEGAL_FORMS)))  # 某能 + 包头某某有限公司
        if pos + n - start >= 3 or re.search(r"(集团|公司)$", key[:start]) or short_head:
            return chain
    return []


def _chain_anywhere(m: Mention, gaz, province: str | None) -> tuple | None:
    key = m.key
    chain = _leading_chain(m, gaz, province)
    found = chain[-1] if chain else None
    if found is None:
        pm = re.search(r"[(（]([^)）]{2,8})[)）]", key)  # a region in brackets
        cands = gaz.resolve(pm.group(1), province) if pm else []
        if cands:
            found = (pm.start(1), len(pm.group(1)), cands[0])
    return found


def province_abbreviation(m: Mention, province: str | None) -> Mention | None:
    """浙能集团 in a text about 浙江: a company's short name opening with its province's one-character
    abbreviation, as a Region mention of that province; None elsewhere, and where the name opens with a
    word of its own (新能源公司, 吉利集团)."""
    if m.type is not EntityType.ENTERPRISE or province is None or len(m.text) != len(m.key) or len(m.key) > 8:
        return None
    if province_abbreviations().get(m.key[0]) != province:
        return None
    if any(word_pos(m.key[:n]) for n in (2, 3) if n < len(m.key)):
        return None  # jieba knows the word the name opens with
    return _region_mention(m, 0, 1, province, "province-abbreviation", m.text[0])


def leading_region(m: Mention, gaz, province: str | None) -> Mention | None:
    """The region *m*'s name says it is in, as a mention inside *m*; None for routes between places
    and for administrative regions (the gazetteer gives their parents)."""
    if "至" in m.key and m.type is EntityType.PROJECT:
        return None  # a route between places (临河至哈密铁路) lies in none of them
    branch = _branch_region(m, gaz, province)
    if branch is not None:
        return branch
    if m.type.is_org and _MISSION in m.key and gaz.longest_prefix(m.key[m.key.index(_MISSION):]) is None:
        return _mission_seat(m, gaz, province)  # (驻马店市: a place's name opening with 驻 is no mission)
    found = _chain_anywhere(m, gaz, province)
    if found is None:
        return province_abbreviation(m, province)
    pos, n, region = found
    if m.type is EntityType.REGION and (m.region_code or m.region_code == region.code or pos + n >= len(m.key)):
        return None
    surface = m.text[pos:pos + n] if len(m.text) == len(m.key) else None
    return _region_mention(m, pos, n, region.code, "name-region", surface)


def region_chain(m: Mention, gaz, province: str | None) -> list[Mention]:
    """The regions a name opens with when it names more than one (``某市某县某某项目`` → 某市, 某县), as
    mentions inside it, outermost first; [] for one region or none, and for administrative regions."""
    if m.type is EntityType.REGION and m.region_code:
        return []
    chain = _leading_chain(m, gaz, province)
    if len(chain) < 2 or chain[-1][0] + chain[-1][1] >= len(m.key):
        return []
    same = len(m.text) == len(m.key)
    return [_region_mention(m, pos, n, region.code, "name-region", m.text[pos:pos + n] if same else None)
            for pos, n, region in chain]


def route_ends(m: Mention, gaz, province: str | None) -> list[Mention]:
    """The places a route joins (``甲市至乙省某某铁路`` → 甲市, 乙省): Regions named inside the route's name,
    which itself lies in none of them; [] when fewer than two places are named."""
    if m.type is not EntityType.PROJECT or not _ROUTE.search(m.key):
        return []
    same = len(m.text) == len(m.key)
    out = []
    for pos in [0] + [mt.end() for mt in _ROUTE.finditer(m.key)]:
        hit = _region_at(m.key, pos, gaz, province, None)
        if hit is not None and hit[1] is not None:
            n, region = hit
            out.append(_region_mention(m, pos, n, region.code, "route-end", m.text[pos:pos + n] if same else None))
    return out if len(out) >= 2 else []


def towns_and_villages(m: Mention, region: Mention | None) -> list[Mention]:
    """The town and village a body's name starts with (after its county): 某镇某村村委会 → [某镇, 某村]."""
    pos = region.end - m.start if region is not None and m.start <= region.start < m.end else 0  # 某省某市某县…
    mt = _PLACES.match(m.key, pos)
    if mt is None or mt.end() == pos or len(m.text) != len(m.key):
        return []
    return [_region_mention(m, mt.start(g), mt.end(g) - mt.start(g), None, "name-place", m.text[mt.start(g):mt.end(g)])
            for g in (1, 2) if mt.group(g)]


def project_towns(m: Mention, region: Mention | None) -> list[Mention]:
    """The town (and village) a project's name holds right after its county: 某县某某镇碳汇项目 → [某某镇]. A
    乡 before 村 is 乡村 (the countryside: 某县美丽乡村建设项目), and a common noun ending like a town (城镇,
    乡镇) is none."""
    if m.type is not EntityType.PROJECT or region is None or not m.start <= region.start < m.end:
        return []
    places = towns_and_villages(m, region)
    for p in places:
        k = p.start - m.start + len(p.key)
        if m.key[k - 1:k + 1] == "乡村" or _common_noun_ends(m.key, k, 1):
            return []
    return places


def named_place(m: Mention, region: Mention | None) -> list[Mention]:
    """The named place a body is named after (after its region): 某某自然保护区管理局 → [某某自然保护区],
    a place the name ends like one (``kg/data/org_suffixes.tsv``: 保护区, 林场, 口岸 …) with the body's own
    ending after it; [] for any other name."""
    if not m.type.is_org or len(m.text) != len(m.key):
        return []
    lex = lexicon()
    body = name_ending(m.key, lex, lambda t: t.is_org)
    if body is None:
        return []
    pos = region.end - m.start if region is not None and region.start == m.start else 0
    last = len(m.key) - len(body[0])  # where the body's ending starts; a word or two may come before it
    for k in range(last, max(pos + 2, last - 3), -1):  # 管理 + 局, 管 + 委会
        for n in lex.suffix_lengths:
            if k - pos > n + 1 and lex.suffixes.get(m.key[k - n:k]) is EntityType.REGION \
                    and not _common_noun_ends(m.key, k, n):
                if any(m.key.startswith(e, pos) for e in lex.suffixes):
                    return []  # 口岸经济开发区: a name does not start with an ending; its own start is missing
                if pos > 0 and m.key[pos:k - n] in lex.words("generic_place_stems"):
                    pos = 0  # 某县 + 经济开发区 + 管委会: a kind of zone is named by the region before it
                return [_region_mention(m, pos, k - pos, None, "name-place", m.text[pos:k])]
    return []


def _common_noun_ends(key: str, k: int, n: int) -> bool:
    """Whether a one-character place ending (乡, 镇, 村) at ``key[k - n:k]`` ends a common noun instead
    (城乡, 乡镇, 农村: jieba's ``n``): 某县住房和城乡建设局 holds no township."""
    return n == 1 and word_pos(key[k - 2:k]) == "n"


def project_place(m: Mention, region: Mention | None) -> list[Mention]:
    """The named place a project's name holds right after its region, before the project's own words:
    某市某某工业园区绿色供电项目 → [某某工业园区] (a zone, farm, port or reserve, by its ending in
    ``kg/data/org_suffixes.tsv``), or a word jieba knows as a place's name before a kind of plant or
    programme (某盟某某储能电站项目, 某市某海红树林生态修复工程项目); [] for any other name."""
    if m.type is not EntityType.PROJECT or len(m.text) != len(m.key):
        return []
    lex, key = lexicon(), m.key
    pos = region.end - m.start if region is not None else 0  # 某某森林公园一期工程: the place opens the name
    if not 0 <= pos < len(key) or (region is not None and pos == 0):
        return []
    for k in range(len(key) - 4, pos + 3, -1):  # the place's end: at least four characters of the project after it
        for n in lex.suffix_lengths:
            if 2 <= n <= k - pos - 2 and lex.suffixes.get(key[k - n:k]) is EntityType.REGION \
                    and not _common_noun_ends(key, k, n):
                if any(key.startswith(e, pos) for e in lex.suffixes):
                    return []  # the place's own start is missing
                return [_region_mention(m, pos, k - pos, None, "name-place", m.text[pos:k])]
    n = _place_word_before_a_kind(key, pos, lex) if region is not None else 0
    return [_region_mention(m, pos, n, None, "name-place", m.text[pos:pos + n])] if n else []


def _place_word_before_a_kind(key: str, pos: int, lex) -> int:
    """The length of the place name at *pos* (2–4 characters jieba tags ``ns``, no region of the gazetteer
    and no landform: 海洋, 山区) when a kind of plant or programme (``generic_project_stems``) follows
    within a word or so; else 0."""
    kinds = lex.words("generic_project_stems")
    for n in (4, 3, 2):
        word, rest = key[pos:pos + n], key[pos + n:]
        if len(rest) >= 4 and word_pos(word) == "ns" and word not in gazetteer().by_name \
                and word not in lex.words("landforms") \
                and any(rest.startswith(k, j) for j in range(0, 4) for k in kinds):
            return n
    return 0


def names_region(doc: Document, m: Mention, region: Mention) -> bool:
    """Whether the text as written names *region* in *m*: a body written bare (省委, 市政府) and placed
    by the article's context says nothing about where it is — it gets no locatedIn link. A short form
    (青岛 in 青岛某某公司, 川 in 川某集团) names it, and so does 自治区 (how a region's own press names it);
    so does the place a coordination writes once for two bodies (某旗委、政府)."""
    if m.evidence.extractor.endswith(ELLIPTICAL):
        return True  # 某旗委、政府: the place written once names both bodies
    surface = "".join(doc.norm[m.start:m.end].split())
    if surface == m.key or region.key in surface or (region.text and region.text in surface):
        return True
    return bool(re.match(r"自治(区|州|县|旗)", surface))
