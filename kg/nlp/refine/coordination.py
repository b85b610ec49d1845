"""Names shared by a coordination, and lists closed by a count.

* ``甲市、乙县造林碳汇项目`` → also 甲市造林碳汇项目; ``某旗委、政府`` → also 某旗政府;
  ``某省科技厅、工信厅`` → also 某省工信厅; ``甲山、乙河国家公园`` → also 甲山国家公园;
* ``其中甲、乙和丙等3家企业…`` → each item is an Enterprise (the noun after the count says what each is,
  and the count must match the items); so is each of ``两座电站,分别为甲电站、乙电站`` a Project.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.refine.base import evidence
from kg.nlp.shapes import NAMED_NATIONAL, name_ending
from kg.nlp.words import word_pos
from kg.regions import gazetteer

__all__ = ["ELLIPTICAL", "elliptical", "counted_lists"]

#: The rule name of a name a coordination leaves unwritten (read by the locations: the place written once
#: names it for both, 某旗委、政府 → 某旗政府 lies in 某旗).
ELLIPTICAL = "elliptical"

_BARE_BODIES = ("人民政府", "政府", "人大", "政协", "党委", "纪委")
#: ``甲、乙和丙等3家企业``: the noun after the count says what each listed item is.
_COUNTED = re.compile(r"等?\s*(?:[0-9]+|[一二三四五六七八九十两]+)\s*(?:家|个|所)\s*"
                      r"(企业|公司|央企|国企|银行|项目|高校|大学|医院|单位)"
                      # the noun ends the phrase (等3家项目承建方 is about builders, not projects)
                      r"(?=[,，。;；、)）]|$|参与|参加|纳入|入选|签约|签订|获|实现|完成|在|均|共|已|将|正|开展|落户|进行|的|为|被|也|都)")
_COUNTED_TYPE = {"企业": EntityType.ENTERPRISE, "公司": EntityType.ENTERPRISE, "央企": EntityType.ENTERPRISE,
                 "国企": EntityType.ENTERPRISE, "银行": EntityType.ENTERPRISE, "项目": EntityType.PROJECT,
                 "高校": EntityType.ORGANIZATION, "大学": EntityType.ORGANIZATION, "医院": EntityType.ORGANIZATION,
                 "单位": None}
#: ``甲、乙等龙头企业``, no count: a list of that noun's kind when one of its items is already one.
_LISTED = re.compile(r"等\s*[\u4e00-\u9fff]{0,4}?(企业|公司|央企|国企|银行)(?=[,，。;；、)）及和与]|$|参与|参加|签约|签订|在|共|已|将)")
_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）]{2,16}")
_CHINESE_DIGITS = "一二三四五六七八九十"


def elliptical(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """The names a coordination leaves unwritten (added to the mentions, none replaced)."""
    gaz = gazetteer()
    by_end = {m.end: m for m in mentions}
    starts = {m.start for m in mentions}
    out = []
    for m in mentions:
        shared = _national_designation(doc, m)
        if shared is not None:
            out.append(shared)
        if not (m.type.is_org or m.type is EntityType.PROJECT):
            continue
        found = gaz.longest_prefix(m.key, max_len=10)  # the region this name starts with
        if found is None and m.key.startswith("自治区") and m.type is EntityType.GOVERNMENT_BODY:
            found = (3, None)  # 自治区科技厅: an autonomous region's own press names it so
        if found is None:
            continue
        lead = found[0]
        prev = by_end.get(m.start - 1)
        if prev is not None and prev.type is EntityType.REGION and doc.norm[m.start - 1] in "、和及":
            out.append(Mention(prev.text + m.text[lead:], prev.key + m.key[lead:], m.type, prev.start, prev.end,
                               _shared(doc, prev.start, prev.end, m), None))
        if m.type is EntityType.GOVERNMENT_BODY and doc.norm[m.end:m.end + 1] == "、" and m.end + 1 not in starts:
            bare = _bare_department(doc.norm, m.end + 1)
            if bare is not None:
                s, e = m.end + 1, m.end + 1 + len(bare)
                out.append(Mention(doc.text[s:e], m.key[:lead] + bare, m.type, s, e, _shared(doc, s, e, m), None))
    return out


def _shared(doc: Document, s: int, e: int, m: Mention):
    """The evidence of a name written at ``[s, e)`` that shares the rest of *m*'s name."""
    return evidence(doc, s, e, ELLIPTICAL, m.evidence.confidence)


def _national_designation(doc: Document, m: Mention) -> Mention | None:
    """甲山、乙河国家公园: the place written before the 、 shares the national designation (甲山国家公园)."""
    if not (m.type is EntityType.PROJECT or m.type is EntityType.REGION) or len(m.text) != len(m.key):
        return None
    nat = NAMED_NATIONAL.match(m.key)
    if nat is None or word_pos(nat.group(1)) != "ns" or doc.norm[m.start - 1:m.start] != "、":
        return None
    for n in (4, 3, 2):
        s = m.start - 1 - n
        place = doc.norm[max(s, 0):m.start - 1]
        if s >= 0 and word_pos(place) == "ns":
            tail = m.key[len(nat.group(1)):]
            return Mention(doc.text[s:m.start - 1], place + tail, m.type, s, m.start - 1,
                           _shared(doc, s, m.start - 1, m), None)
    return None


#: A department written after another of the same place, without it: 某省科技厅、工信厅.
_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:厅|局|委|办)(?=[、,，。;；和及与等联共]|$)")


def _bare_department(text: str, i: int) -> str | None:
    """The body written bare at *i* after a 、 (政府, 人大; 工信厅, 发改委), or None."""
    bare = next((b for b in _BARE_BODIES if text.startswith(b, i)), None)
    if bare is not None:
        return bare
    mt = _DEPARTMENT.match(text, i)
    return mt.group(0) if mt and len(mt.group(0)) >= 2 else None


def counted_lists(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Each item of a list closed by a count and a noun is one of those (企业 → Enterprise,
    项目 → Project…), whatever the model made of it; the count must match."""
    text = doc.norm
    typed = {(m.start, m.end): m.type for m in mentions}
    known = {m.end: m.start for m in mentions if m.type.is_org}
    lists: list[tuple[EntityType, list[tuple[int, int]]]] = []
    for mt in [*_COUNTED.finditer(text), *_LISTED.finditer(text)]:
        counted = mt.re is _COUNTED
        spans = _items(text, mt, counted, known)
        if spans is None:
            continue
        typ = _COUNTED_TYPE[mt.group(1)]
        if not counted and not any(typed.get(sp) is typ for sp in spans):
            continue  # uncounted: only a list one of whose items is already of that kind
        lists.append((typ, spans))
    lists.extend(_respectively(text))
    # each list's items replace the mentions they overlap, those of an earlier list included: walked from the
    # last list back, an item stays unless a later list's item overlaps it (one mark per character)
    later = bytearray(len(text) + 1)
    items: list[list[Mention]] = []
    for typ, spans in reversed(lists):
        items.append([Mention(doc.text[s:e], text[s:e], typ, s, e, evidence(doc, s, e, "counted-list", 0.7))
                      for s, e in spans if not any(later[s:e])])
        for s, e in spans:
            later[s:e] = b"\x01" * (e - s)
    out = [m for m in mentions if not any(later[m.start:m.end])]
    for group in reversed(items):
        out += group
    return out


#: ``两座抽水蓄能电站,分别为甲电站、乙电站``: a count and a kind, then the items that many, each named so.
_RESPECTIVELY = re.compile(r"([0-9]+|[一二三四五六七八九十两])\s*(?:个|座|家|项|所|条|处)([\u4e00-\u9fff]{2,10}?)"
                           r"[,，]?\s*分别(?:为|是)[:：]?\s*([^。；;,，:：]+)")


def _respectively(text: str) -> Iterator[tuple[EntityType, list[tuple[int, int]]]]:
    """``(type, item spans)`` of each 分别为 list whose count matches and whose items end like the kind
    before them (电站 → Project, 公司 → Enterprise)."""
    lex = lexicon()
    for mt in _RESPECTIVELY.finditer(text):
        count = mt.group(1)
        n = int(count) if count.isdigit() else 2 if count == "两" else _CHINESE_DIGITS.find(count) + 1
        kind = name_ending("某" + mt.group(2), lex)
        if kind is None:
            continue
        ending, typ = kind
        items = re.split(r"、|和|及|与", mt.group(3))
        if len(items) != n or n < 2 or not all(_ITEM.fullmatch(i) and i.endswith(ending) and len(i) > len(ending) + 1
                                             for i in items):
            continue
        pos, spans = mt.start(3), []
        for item in items:
            s = text.index(item, pos)
            spans.append((s, s + len(item)))
            pos = s + len(item)
        yield typ, spans


def _items(text: str, mt: re.Match, counted: bool = True, known: dict[int, int] | None = None
           ) -> list[tuple[int, int]] | None:
    """The spans of the items the count *mt* (or, not *counted*, the 等 + noun) closes, or None when they
    are no such list. *known* maps the ends of names found already to their starts: an uncounted list may
    open with one after other words (平台由甲有限公司、乙等企业组建)."""
    count = re.search(r"[0-9]+|[一二三四五六七八九十两]+", mt.group(0)).group(0) if counted else ""
    n = int(count) if count.isdigit() else _CHINESE_DIGITS.find(count) + 1 if len(count) == 1 else 0
    start = max(text.rfind(c, 0, mt.start()) for c in ",，。;；:：(（") + 1
    lead = re.match(r"(其中|包括|如|有|及|以及)", text[start:mt.start()])
    start += lead.end() if lead else 0
    first_end = text.find("、", start, mt.start())
    if not counted and known and first_end in known and known[first_end] > start:
        start = known[first_end]
    items = re.split(r"、|和|及|与|以及", text[start:mt.start()])
    if _COUNTED_TYPE[mt.group(1)] is None or len(items) < 2 or (n and n != len(items)) \
            or not all(_ITEM.fullmatch(i) for i in items):
        return None
    pos, spans = start, []
    for item in items:
        s = text.index(item, pos)
        spans.append((s, s + len(item)))
        pos = s + len(item)
    return spans
