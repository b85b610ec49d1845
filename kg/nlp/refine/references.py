"""References back to a named place, company or body: ``我市``, ``本县``, ``该公司``, ``该局``.

News refers back to what it named: ``我市与某某集团签署协议`` (the city the article is about signed),
``该公司董事长王某`` (the company named before), ``该县县长`` (the county named before), ``该局局长王某``
(the bureau named before). Each such word is a mention of the entity it refers to — the nearest earlier
place of that level in the same article, else the place the document is about; the nearest earlier company,
or body with that ending — so the relation finders see a party, an organisation for a post, a place for a
head of government. Their text is no name of the entity (:mod:`kg.resolve` leaves ``reference`` mentions
out of the labels).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.refine.base import evidence
from kg.nlp.spans import Spans
from kg.regions import gazetteer

__all__ = ["back_references", "level_short_forms"]

#: 我市, 本县, 该区 …: a reference to a place; not 市场, 市民, 市长, 市委, 县城 … (the unit opens another word).
_PLACE = re.compile(r"(?:我|本|该)(省|市|县|区|州|盟|旗|镇|乡|村)(?![场民长委府城区级内外里])")
#: 该公司, 该集团, 该企业, 该行: a reference to a company named before.
_COMPANY = re.compile(r"该(公司|集团|企业|银行|行)(?![业情动为长化])")
#: 公司, 集团 opening a clause right before its head's title (公司董事长王某, 与集团总经理李某): the company named
#: before, as 该公司 would say (:func:`_heads_title` checks the title).
_BARE_COMPANY = re.compile(r"(?:^|(?<=[，,。；;、：:“\"（(\s与和及]))(公司|集团)")
#: A company's own committee between it and its head's title (公司党委书记).
_OWN_ORGAN = re.compile(r"(?:党委|党组|纪委|工会)?")
#: 该局, 该厅, 该校 …: a reference to a body or institution named before whose name ends so; not 该局长,
#: 该委员 (the title after 该).
_BODY = re.compile(r"该(局|厅|委|署|院|所|校|中心|协会)(?![长员])")
#: The name endings a body reference may name.
_BODY_ENDINGS = {"局": ("局",), "厅": ("厅",), "委": ("委", "委员会"), "署": ("署",), "院": ("院",),
                 "所": ("所",), "校": ("大学", "学院", "学校", "中学", "小学"), "中心": ("中心",),
                 "协会": ("协会",)}
#: How many mentions back a reference may point (a few paragraphs; a long page stays linear).
_REACH = 200
#: The name endings of a place of each level a reference may name.
_ENDINGS = {"省": ("省", "自治区"), "市": ("市",), "县": ("县",), "区": ("区",), "州": ("州",), "盟": ("盟",),
            "旗": ("旗",), "镇": ("镇",), "乡": ("乡",), "村": ("村",)}


def back_references(doc: Document, mentions: list[Mention], province: str | None,
                    city: str | None) -> list[Mention]:
    """Mentions for the references of *doc* to a place or a company it named (*province* and *city*: the
    codes of the places the document is about, for 我省/我市 with no place of that level named before)."""
    taken = Spans((m.start, m.end) for m in mentions)
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    out = []
    for pattern, place in ((_PLACE, True), (_COMPANY, False), (_BARE_COMPANY, False), (_BODY, None)):
        for mt in pattern.finditer(doc.norm):
            s, e = mt.span()
            if taken.overlaps(s, e) or (pattern is _BARE_COMPANY and not _heads_title(doc.norm, e)):
                continue
            referent = _earlier(doc, ordered, starts, s, mt.group(1), place)
            if referent is None and place:
                referent = _context_place(doc, s, e, mt.group(1), province, city)
            if referent is not None:
                out.append(Mention(doc.text[s:e], referent.key, referent.type, s, e,
                                   evidence(doc, s, e, "reference", 0.6), referent.region_code))
    return out + _bare_bodies_named(doc, mentions, taken)


#: What may stand right before a body written without its place (县林业局): a mark, a preposition or a
#: conjunction, the start of the text; any other Han character makes it part of a longer word.
_BEFORE_BARE = frozenset("在由和与及对向据从经被把将为,，。；;、“\"（(：: \n")


def _level_forms(mentions: list[Mention], types: frozenset[EntityType]) -> dict[str, str]:
    """Each name of *types* the document writes in full after its place (某县林业局, 某省某研究中心), by the
    same name with only the place's level (县林业局 → 某县林业局). A level form two full names share (two
    provinces' centres of one name) stands for neither."""
    gaz = gazetteer()
    full: dict[str, set[str]] = {}
    for key in {m.key for m in mentions if m.type in types}:
        found = gaz.longest_prefix(key)
        if found is not None and found[1].name == key[:found[0]] and found[1].name[-1:] in "省市县区旗盟州" \
                and len(key) - found[0] >= 2:
            full.setdefault(found[1].name[-1:] + key[found[0]:], set()).add(key)
    return {short: keys.pop() for short, keys in full.items() if len(keys) == 1}


_BODIES = frozenset({EntityType.GOVERNMENT_BODY})
_ORGANISATIONS = frozenset({EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION, EntityType.ENTERPRISE})


def level_short_forms(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """An organisation the document named in full after its place and later read with only the place's
    level (广东省某研究中心 … 省某研究中心) is the one named: the later mention takes the full name."""
    full = _level_forms(mentions, _ORGANISATIONS)
    return [replace(m, key=full[m.key]) if m.type.is_org and m.key in full else m for m in mentions]


def _bare_bodies_named(doc: Document, mentions: list[Mention], taken: Spans) -> list[Mention]:
    """Each government body the document names in full after its place (某县林业局), written again with
    only its level (县林业局): a mention of the body named, found in one pass over the text. Only the
    text's own full names are matched, so no body is made up from the level alone."""
    full = _level_forms(mentions, _BODIES)
    if not full:
        return []
    out = []
    for mt in re.finditer("|".join(map(re.escape, sorted(full, key=lambda w: (-len(w), w)))), doc.norm):
        s, e = mt.span()
        if (s == 0 or doc.norm[s - 1] in _BEFORE_BARE) and not taken.overlaps(s, e):
            out.append(Mention(doc.text[s:e], full[mt.group()], EntityType.GOVERNMENT_BODY, s, e,
                               evidence(doc, s, e, "reference", 0.6), None))
    return out


def _earlier(doc: Document, ordered: list[Mention], starts: list[int], pos: int, unit: str,
             place: bool | None) -> Mention | None:
    """The nearest mention before *pos* in the same article that the reference can mean: a place
    (*place* true), a company (false) or a body or institution (None)."""
    sent = doc.sentence_at(pos)
    article = sent.article if sent else None
    first = bisect_left(starts, pos) - 1
    for k in range(first, max(-1, first - _REACH), -1):
        m = ordered[k]
        s = doc.sentence_at(m.start)
        if article is not None and s is not None and s.article != article:
            return None
        if place and m.type is EntityType.REGION and m.region_code and m.key.endswith(_ENDINGS[unit]):
            return m
        if place is False and m.type is EntityType.ENTERPRISE and (unit not in ("银行", "行") or "银行" in m.key) \
                and (unit != "集团" or "集团" in m.key):
            return m
        if place is None and m.type in (EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION) \
                and m.key.endswith(_BODY_ENDINGS[unit]):
            return m
    return None


def _heads_title(text: str, e: int) -> bool:
    """Whether a post title (``position_titles.txt``) starts at *e*, after the company's own committee if
    one is written (集团 + 董事长, 公司 + 党委 + 书记)."""
    lex = lexicon()
    e = _OWN_ORGAN.match(text, e).end()
    return any(text[e:e + n] in lex.titles for n in lex.title_lengths)


def _context_place(doc: Document, s: int, e: int, unit: str, province: str | None,
                   city: str | None) -> Mention | None:
    """我省 / 我市 with no place of that level named before: the province or city the document is about."""
    code = province if unit == "省" else city if unit in ("市", "盟", "州") else None
    region = gazetteer().by_code.get(code) if code else None
    if region is None or not region.name.endswith(_ENDINGS[unit]):
        return None
    return Mention(region.name, region.name, EntityType.REGION, s, e, evidence(doc, s, e, "reference", 0.6),
                   region.code)
