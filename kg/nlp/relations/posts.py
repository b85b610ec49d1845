"""Posts: who holds which position in which organisation.

* ``ORG 职务、职务 NAME`` — the title chain runs back from the name to the previous clause break or person;
* ``NAME（ORG 职务）``, ``NAME现任ORG职务`` — or it is written after the name;
* a list of officials carries its organisation along (``自治区党委书记甲、副书记乙``);
* an organ written after a body belongs to it (``自治区党委副书记、政法委书记``);
* head-of-government titles (省长, 市长…) are posts in the region's government when the text names it;
* posts implied by a title alone (``董事长`` of the company the sentence is about) come from the NLP stage.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import Document, Sentence
from kg.model import EntityType, Mention, PostMention
from kg.nlp.lexicon import lexicon
from kg.nlp.relations.calibration import calibrated
from kg.nlp.relations.common import (
    EXTRACTOR,
    GOVERNMENT,
    HEAD_OF_GOVERNMENT,
    evidence,
    in_sentence,
    is_party,
    region_prefix,
)
from kg.nlp.shapes import POST_REMARK, TITLE_LIST_JOINERS
from kg.nlp.words import word_pos
from kg.regions import gazetteer

__all__ = ["find_posts"]

_ORGAN = re.compile(r"^(政法委|统战部|宣传部|组织部|纪委|监委|办公厅|秘书处|工委|常委会)")
_CHAIN_BREAK = ",，;。:(与同"  # 甲与副省长乙: 与 ends the chain before it
#: Words between an organisation and its post that are no part of the title (某集团的董事长, 相关负责人).
_TITLE_OPENERS = re.compile(r"^(?:的|相关|有关|一位|一名|和|及|与)+")
#: 原/前任 before a piece of a title chain: the post was held before.
_FORMER = re.compile(r"原|前任")


def find_posts(doc: Document, mentions: list[Mention], title_starts: dict[tuple[int, int], int],
               implied: dict[tuple[int, int], tuple[str, str, int, int]] | None = None) -> list[PostMention]:
    """Posts of the officials in *mentions*; *title_starts* marks officials written after a title."""
    posts = _implied_posts(doc, mentions, implied or {})
    last_org: dict[int, Mention] = {}  # sentence index → org carried across a list
    govs = _Governments(mentions)
    previous: tuple[Mention, list] | None = None  # the last official with posts, and his title groups
    for m in mentions:
        if m.type is not EntityType.OFFICIAL or (m.start, m.end) not in title_starts:
            continue
        sent = doc.sentence_at(m.start)
        if sent is None:
            continue
        ms = in_sentence(sent, mentions)  # a title chain and its organisations lie in the official's sentence
        ts = title_starts[(m.start, m.end)]
        if previous is not None and doc.norm[previous[0].end:m.start] in TITLE_LIST_JOINERS:
            groups, carried = previous[1], None  # 县委常委甲、乙, 副总经理甲和乙: the names a title lists share its posts
        else:
            parts = _chain_parts(doc, sent, m, ms) if ts < m.start else _parts_after(doc, ts, sent)
            groups, carried = _title_groups(doc, m, ms, govs, parts,
                                            last_org.get(sent.index) or _topic(doc, ms, m.start))
        if groups:
            previous = (m, groups)
        for org, titles in groups:
            posts.append(PostMention(m, org, "、".join(titles), evidence(doc, sent, "post", 0.85)))
        if groups and carried is not None:
            last_org[sent.index] = carried
    return [replace(p, evidence=calibrated("holdsPositionIn", p.evidence)) for p in posts]


#: 某集团方面，董事长王某表示: the organisation a clause is about, written before the comma.
_TOPIC = re.compile(r"方面[，,]")


def _topic(doc: Document, mentions: list[Mention], before: int) -> Mention | None:
    """The organisation written right before 方面 and a comma earlier in the sentence (某集团方面，董事长王某
    表示): the one a bare title after it is in."""
    topics = [o for o in mentions if o.type.is_org and o.end < before and _TOPIC.match(doc.norm, o.end)]
    return topics[-1] if topics else None


def _implied_posts(doc, mentions, implied) -> list[PostMention]:
    """王某总书记: the post in the body the title implies — when the document names that body; a post is in
    an organisation the text writes (the gold's convention), not one the reader supplies."""
    lex = lexicon()
    named = {m.key for m in mentions if m.type.is_org}
    named |= {lex.bodies[k][1] for k in named if k in lex.bodies}  # 党中央 names 中共中央
    posts = []
    for m in mentions:
        imp = implied.get((m.start, m.end))
        sent = doc.sentence_at(m.start)
        if imp is None or sent is None or imp[1] not in named:
            continue
        title, body, ts, te = imp
        typ = lex.bodies[body][0] if body in lex.bodies else EntityType.GOVERNMENT_BODY
        org = Mention(doc.text[ts:te], body, typ, ts, te, replace(m.evidence, extractor=f"{EXTRACTOR}:implied-post"))
        posts.append(PostMention(m, org, title, evidence(doc, sent, "post", 0.85)))
    return posts


def _chain_parts(doc: Document, sent: Sentence, m: Mention, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The 、-separated pieces of the title chain before official *m*; *mentions* are the sentence's."""
    lo = sent.start
    for other in mentions:
        if other.type.is_person and lo < other.end <= m.start and other is not m:
            lo = other.end
    hi = m.start - 1 if m.start - 1 > lo and doc.norm[m.start - 1] in "的，," else m.start  # the chain's own end
    remark = next((r for r in POST_REMARK.finditer(doc.norm, max(lo, hi - 8), hi) if r.end() == hi), None)
    if remark is not None:
        hi = remark.start()  # 副总经理（主持工作）王某: the remark on the post is no piece of the chain
    seg = doc.norm[lo:hi]
    inside = [(o.start - lo, o.end - lo) for o in mentions if o.type.is_org and lo <= o.start < hi]
    org_starts = {a for a, _ in inside}
    cut = max((k for k, c in enumerate(seg) if (c in _CHAIN_BREAK or (c in "及和" and k + 1 in org_starts))
               and not any(a <= k < b for a, b in inside)), default=-1)  # 某钢(集团)公司: a bracket in a name
    # 某市市长及某集团董事长乙: 及 before an organisation's name starts another person's chain
    if cut >= 0:
        lo += cut + 1
    return _pieces(doc, lo, hi)


#: Where a title chain written after its official ends: the bracket's close or the clause's end.
_AFTER_END = re.compile(r"[)），,。；;：:！!？?\n]")


def _parts_after(doc: Document, lo: int, sent: Sentence) -> list[tuple[int, int]]:
    """The 、-separated pieces of a title chain written after its official, from *lo* (王某（某集团董事长）,
    王某现任某集团董事长)."""
    end = _AFTER_END.search(doc.norm, lo, sent.end)
    return _pieces(doc, lo, end.start() if end else sent.end)


def _pieces(doc: Document, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans of ``doc.norm[lo:hi]``'s 、-separated pieces."""
    parts, pos = [], lo
    for piece in doc.norm[lo:hi].split("、"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return parts


def _title_groups(doc, m, mentions, govs, parts, carried):
    """``([(org, [title…])…], org carried on)`` for the pieces of one title chain; *mentions* are the
    sentence's, *govs* the document's governments."""
    groups: list[tuple[Mention, list[str]]] = []
    for ps, pe in parts:
        orgs = [o for o in mentions if ps <= o.start and o.end <= pe and is_party(o)]
        org, title, carried = _post_org(doc, m, govs, ps, pe, orgs[-1] if orgs else None, carried)
        if org is None or title.endswith(("领导", "班子成员")):
            continue  # 区领导甲: an official, his post unnamed (realnews' convention)
        if _FORMER.match(doc.norm, ps) and not any(o.start == ps for o in orgs):
            continue  # 原某县县长甲: a former post is not a post (原平市 is a name, not 原 + 平市)
        if org.type is EntityType.REGION and not HEAD_OF_GOVERNMENT.match(title) and orgs:
            continue
        if groups and groups[-1][0].key == org.key:
            groups[-1][1].append(title)
        else:
            groups.append((org, [title]))
        if org.type is not EntityType.REGION:
            carried = org
    return groups, carried


def _post_org(doc, m, govs, ps, pe, org, carried):
    """``(organisation or None, title, carried)`` of one piece ``[ps, pe)`` whose last organisation is
    *org*; *carried* is the organisation the list carries, which a 省长 title may name."""
    title = _TITLE_OPENERS.sub("", doc.text[(org.end if org else ps):pe].strip())
    if not title:
        return None, title, carried
    if "*" in title:
        return None, title, None  # **集团副总经理: a masked organisation is no entity, and carries nothing on
    organ = _ORGAN.match(doc.norm[(org.end if org else ps):pe])
    if org is None and organ and carried is not None and carried.type is EntityType.GOVERNMENT_BODY:
        # 自治区党委副书记、政法委书记: the organ belongs to the body before it
        o_s, o_e = ps + organ.start(), ps + organ.end()
        org = Mention(doc.text[o_s:o_e], carried.key + organ.group(0), EntityType.GOVERNMENT_BODY, o_s, o_e,
                      replace(m.evidence, extractor=f"{EXTRACTOR}:organ"))
        title = doc.text[o_e:pe]
    elif org is None:
        if _names_a_body(title):
            return None, title, carried  # 市人大常委会主任: a body of its own, not the one carried on
        if carried is None and HEAD_OF_GOVERNMENT.match(title):
            carried = _government_named(None, title, govs)  # 省长王某: the province's government
        if carried is None or title.startswith("国家"):
            return None, title, carried
        org = carried
        if HEAD_OF_GOVERNMENT.match(title) and not _heads(title, org):
            org = region_prefix(org) or org
            if org.type is EntityType.GOVERNMENT_BODY and not GOVERNMENT.search(org.key):
                return None, title, carried  # 某镇党委书记甲、镇长乙: the head is in the town's government
    if HEAD_OF_GOVERNMENT.match(title) and org.type is not EntityType.GOVERNMENT_BODY:
        # 省长/市长…: the post is in the region's government, when the text names it
        gov = _government_named(org, title, govs)
        if gov is None:
            # never in the company a list of officials carried over; nor in a place whose government the
            # text does not name (a 市长 is linked only to a city government the text writes)
            return None, title, carried
        org = gov
    return org, title, carried


def _heads(title: str, org: Mention) -> bool:
    """Whether head-of-government *title* heads government *org* itself: its level is the last of the
    place the government's name holds (副州长 in 某省某某自治州人民政府, 副区长 in 某市某区人民政府), so the
    list carries that government on rather than the province or city its name opens with."""
    place = GOVERNMENT.sub("", org.key)
    return place != org.key and place.endswith(HEAD_OF_GOVERNMENT.match(title).group(2)[0])


#: A village, community or town named at a title's opening (某某村, 某某社区, 某某街道, 某某镇), before more of it.
_LOCAL_UNIT = re.compile(r"[\u4e00-\u9fff]{2,5}?(?:村|社区|街道|镇|乡|嘎查|苏木)(?=[\u4e00-\u9fff])")
#: The levels a bare body opens with (县发改局 is the county's).
_LEVELS = "省市县区旗盟州"


def _names_a_body(title: str) -> bool:
    """Whether a title holds a body's name of its own (市人大常委会主任, 市政协主席, 市委常委); an
    organisation's own committees (工会主席, 纪委书记) are posts in the organisation carried on."""
    lex = lexicon()
    organs = lex.words("internal_organs")
    words = {title[k:k + n] for n in lex.suffix_lengths if n >= 2 for k in range(len(title) - n + 1)}
    if any(lex.suffixes[w].is_org for w in words - organs if w in lex.suffixes):
        return True
    # 县发改局局长, 市某某办主任: a level, a body's words and its ending before the title
    if (local := _LOCAL_UNIT.match(title)) and word_pos(local.group(0)) != "n":
        return True  # 某某村党支部书记, 某某镇镇长: a village's or town's own body, not the one carried on
    if title[:1] in _LEVELS:
        head = next((title[:-n] for n in lex.title_lengths if title[-n:] in lex.titles), "")
        return len(head) >= 3 and head[-1:] in lex.suffixes and lex.suffixes[head[-1]].is_org
    return False


class _Governments:
    """The document's mentions of a government (``…(人民)政府``), indexed once by name and by the level
    their region's name ends in (省, 市, 县…)."""

    def __init__(self, mentions: list[Mention]):
        self.first: dict[str, Mention] = {}  # key → its first mention
        self.places: dict[str, dict[str, Mention]] = {}  # level → region's name → its first government
        self.by_code: dict[str, Mention] = {}  # the region's code (the last place its name holds) → government
        gaz = gazetteer()
        for m in mentions:
            if m.type is not EntityType.GOVERNMENT_BODY or not m.key.endswith("政府"):
                continue
            self.first.setdefault(m.key, m)
            place = GOVERNMENT.sub("", m.key)
            if place:
                self.places.setdefault(place[-1], {}).setdefault(place, m)
                # 某省某某蒙古族藏族自治州人民政府 is the government of the prefecture written last
                last = next((gaz.by_name[place[k:]] for k in range(len(place) - 1) if place[k:] in gaz.by_name), [])
                if len(last) == 1:
                    self.by_code.setdefault(last[0].code, m)

    def of_region(self, region: str, code: str | None = None) -> Mention | None:
        """The first mention of ``<region>政府`` or ``<region>人民政府``, else of a government whose name
        ends with the same region written another way (海西州 → 某省海西蒙古族藏族自治州人民政府)."""
        found = [g for g in (self.first.get(region + "政府"), self.first.get(region + "人民政府")) if g]
        if found:
            return min(found, key=lambda g: g.start)
        return self.by_code.get(code) if code else None

    def of_level(self, unit: str) -> Mention | None:
        """The government of the one region of level *unit* the document names, else None."""
        places = self.places.get(unit, {})
        return next(iter(places.values())) if len(places) == 1 else None




def _government_named(org: Mention | None, title: str, govs: _Governments) -> Mention | None:
    """The government mention a head-of-government *title* belongs to: ``<region>(人民)政府`` for a
    region *org*; else the one government of that level (省长 → 某省人民政府) the document names."""
    unit = HEAD_OF_GOVERNMENT.match(title).group(2)[0]  # 省, 市, 县…
    if org is not None and org.type is EntityType.REGION:
        return govs.of_region(org.key, org.region_code)
    return govs.of_level(unit)


