"""The places a document is about, and the bodies it writes without their place.

``市委``, ``省政府`` take the city or province the article names most, ``旗委``, ``县政府`` the one banner or
county it names; ``自治区`` on its own, in a text
about an autonomous region, names that region.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.refine.base import evidence
from kg.nlp.rules.regions import COUNTY_SHORT_FORM
from kg.nlp.words import word_pos
from kg.regions import AdminRegion, gazetteer

__all__ = ["context_city", "context_province", "place_bare_bodies", "bare_province_mentions", "county_short_forms",
           "is_tentative"]

#: After a bare 自治区, these open a body's name the rules did not catch (自治区党委, 自治区林草局).
_BODY_OPENERS = "党政人国林财科工商交能气文乡发统纪监"


#: jieba's parts of speech of a word it reads as a place's name (ns), a transliterated name (nrt: 通渭), or
#: one it does not know: a county's short form so read is the county in an article about its province; one
#: read as a common word (友谊 nr, 资源 n) is the county only in an article about its city; and the ones news
#: writes all the time as words (合作, 友好, 延长 …: ``ambiguous_region_forms``) are never read alone at all.
_PLACE_CLASSES = frozenset({"ns", "nrt", ""})


def is_tentative(m: Mention) -> bool:
    """A county's two-character short form, a place only if the document is about its province."""
    return m.evidence.extractor.endswith(":" + COUNTY_SHORT_FORM)


def county_short_forms(mentions: list[Mention], province: str | None, city: str | None) -> list[Mention]:
    """Each county's two-character short form (临高, 通渭; common words as often as places) kept where the
    document is about the county's province — a county of the document's city first — with that county's
    code; dropped elsewhere. *province* and *city* are worked out without them."""
    gaz = gazetteer()
    out = []
    for m in mentions:
        if not is_tentative(m):
            out.append(m)
            continue
        counties = [r for r in gaz.by_name.get(m.key, []) if r.level == "县级" and (
            (city and r.parent == city) or (province and r.code[:2] == province[:2]
                                            and word_pos(m.key) in _PLACE_CLASSES))]
        counties.sort(key=lambda r: (r.parent != city, r.code))
        if counties:
            out.append(replace(m, region_code=counties[0].code))
    return out


def _place_named(m: Mention) -> AdminRegion | None:
    """The division *m* is, or a government body's name opens with written in full (宁波市委 → 宁波市)."""
    gaz = gazetteer()
    if m.region_code:
        return gaz.by_code.get(m.region_code)
    if m.type is EntityType.GOVERNMENT_BODY:
        found = gaz.longest_prefix(m.key, full_name=True)
        return found[1] if found else None
    return None


def context_city(mentions: list[Mention]) -> str | None:
    """The prefecture-level city (or league) a document is about, if one is named most — as a place or
    at the opening of a government body's name."""
    votes: Counter = Counter()
    for m in mentions:
        r = _place_named(m)
        if r is not None and r.level == "地级":
            votes[r.code] += 1
        elif r is not None and r.level == "县级" and r.parent:
            votes[r.parent] += 0.5
    if not votes:
        return None
    code, _ = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return code


def context_province(mentions: list[Mention]) -> str | None:
    """The province a document is about: the one its regions (and its government bodies' places) most
    often lie in."""
    votes = Counter(r.code[:2] for r in map(_place_named, mentions) if r is not None)
    if not votes:
        return None
    code, _ = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return code + "0000"


def place_bare_bodies(doc: Document, mentions: list[Mention], province: str | None,
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
    cities: dict[int, str | None] = {}  # article → the city it names most, worked out once per article
    counties: dict[tuple[int | None, str], str | None] = {}  # (article or None for all, unit) → its one county

    def county_in(article: int | None, unit: str) -> str | None:
        if (article, unit) not in counties:
            counties[article, unit] = _only_county(mentions if article is None else by_article.get(article, []), unit)
        return counties[article, unit]

    out = []
    for m in mentions:
        if not m.evidence.extractor.endswith(":bare-body"):
            out.append(m)
            continue
        sent = doc.sentence_at(m.start)
        article = sent.article if sent else -1
        if article not in cities:
            cities[article] = context_city(by_article.get(article, []))
        local = cities[article] or city
        c = gaz.by_code.get(local) if local else None
        if m.key[0] == "省" and p is not None and p.kind == "省":
            out.append(replace(m, key=p.name + m.key[1:]))
        elif m.key[0] in "市盟" and c is not None and c.name.endswith(m.key[0]):
            out.append(replace(m, key=c.name + m.key[1:]))
        elif m.key[0] in "县旗":
            county = county_in(article, m.key[0]) or county_in(None, m.key[0])
            if county is not None:
                out.append(replace(m, key=county + m.key[1:]))
    return out


def _only_county(mentions: list[Mention], unit: str) -> str | None:
    """How *mentions* write the one county (县) or banner (旗) they name, when they name just one:
    旗委 in an article about 鄂温克旗 is 鄂温克旗委; with two banners named, it is neither's."""
    gaz = gazetteer()
    written: dict[str, Counter] = {}
    for m in mentions:
        r = gaz.by_code.get(m.region_code) if m.region_code and m.type is EntityType.REGION else None
        key = m.key
        if r is None and m.type is EntityType.GOVERNMENT_BODY:
            # 开化县委书记甲，县委副书记乙: a county's body named in full names the county
            found = gaz.longest_prefix(m.key, full_name=True)
            r = found[1] if found else None
            key = m.key[:found[0]] if found else key
        if r is not None and r.level == "县级" and r.kind.endswith(unit):
            written.setdefault(r.code, Counter())[key] += 1
    if len(written) != 1:
        return None
    [(code, forms)] = written.items()
    own = [f for f in forms if f.endswith(unit)]
    return max(own, key=lambda f: (forms[f], f)) if own else gaz.by_code[code].name


def bare_province_mentions(doc: Document, mentions: list[Mention], province: str | None) -> list[Mention]:
    """``自治区`` on its own, in a text about an autonomous region, names that region."""
    region = gazetteer().by_code.get(province) if province else None
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
        if nxt and nxt in _BODY_OPENERS:
            continue
        out.append(Mention(
            text=doc.text[s:e], key="自治区", type=EntityType.REGION, start=s, end=e,
            evidence=evidence(doc, s, e, "context", 0.7), region_code=province,
        ))
    return out
