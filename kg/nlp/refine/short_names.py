"""Short names: declared ones (``(以下简称“某某所”)``) and ``中国XX`` confirmed by the document.

A declaration fixes the meaning of the short name for the rest of the document, so each later occurrence
is found by string match, whatever the recogniser made of it.
"""

from __future__ import annotations

import re

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.refine.base import evidence
from kg.nlp.spans import Spans
from kg.nlp.shapes import LEGAL_FORMS, is_cjk, is_subsequence, national_prefix, starts_finder
from kg.regions import gazetteer

__all__ = ["NOT_IN_SHORT_NAME", "short_names_after_country", "undeclared_short_names", "regional_references",
           "declared_short_names", "abbreviations_before_titles"]

#: Function characters that never stand inside a two-character short name.
NOT_IN_SHORT_NAME = set("的和与在是将为对等及或把被从向了也都已")


def short_names_after_country(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``中国XX`` is a company's short name when the document itself writes it before a word of
    enterprise context (集团, 股份, 党委, 董事长… — ``kg/data/enterprise_context.txt``) somewhere; every
    occurrence then is that Enterprise, not the country followed by a word."""
    confirmed = _confirmed(doc.norm)
    if not confirmed:
        return mentions
    longer = Spans((m.start, m.end) for m in mentions if m.type.is_org and len(m.key) > 4)
    added = []
    for name in sorted(confirmed):
        for mt in re.finditer(name, doc.norm):
            s, e = mt.start(), mt.end()
            if longer.holds(s, e):
                continue  # inside 中国某某集团有限公司: the long name stands
            added.append(Mention(doc.text[s:e], name, EntityType.ENTERPRISE, s, e,
                                 evidence(doc, s, e, "short-name", 0.7)))
    clashes = Spans((a.start, a.end) for a in added)  # the country 中国 inside the name, or a span cut across it
    return [m for m in mentions if not clashes.overlaps(m.start, m.end)] + added


def _confirmed(text: str) -> set[str]:
    lex = lexicon()
    confirmed = set()
    for mt in re.finditer(r"中国([\u4e00-\u9fff]{2})", text):
        name, rest = mt.group(0), text[mt.end():mt.end() + 5]
        if set(mt.group(1)) & NOT_IN_SHORT_NAME or gazetteer().by_name.get(mt.group(1)):
            continue
        if any(rest[k:].startswith(w) for w in lex.enterprise_context for k in range(3)):
            confirmed.add(name)
    return confirmed




def undeclared_short_names(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A company named in full once (某某电网有限公司) goes by its name without the legal form elsewhere
    in the same document (某某电网): each such occurrence is that Enterprise. The short form must hold
    four characters or more, and not lie inside another organisation's name."""
    stems = {}
    for m in mentions:
        if m.type is EntityType.ENTERPRISE:
            form = next((f for f in LEGAL_FORMS if m.key.endswith(f)), None)
            stem = m.key[:-len(form)] if form else ""
            if len(stem) >= 4 and not set(stem) & NOT_IN_SHORT_NAME and not gazetteer().by_name.get(stem):
                stems[stem] = m.key
    orgs = Spans((m.start, m.end) for m in mentions if m.type.is_org)
    added = []
    for stem in sorted(stems):
        for mt in re.finditer(re.escape(stem), doc.norm):
            s, e = mt.span()
            if orgs.holds(s, e):
                continue  # the full name itself, or inside another name
            added.append(Mention(doc.text[s:e], stem, EntityType.ENTERPRISE, s, e, evidence(doc, s, e, "short-name", 0.7)))
    if not added:
        return mentions
    spans = Spans((a.start, a.end) for a in added)
    return [m for m in mentions if not spans.overlaps(m.start, m.end)] + added


_CATEGORY_AFTER_REGION = ("企业", "公司")


def regional_references(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``某地企业`` names the one company of that place the article has named (上海企业 after
    上海某某科技有限公司): the reference is that Enterprise. With none or several, it stays the place."""
    article = {}
    for m in mentions:
        sent = doc.sentence_at(m.start)
        article[id(m)] = sent.article if sent else -1
    out = []
    for m in mentions:
        tail = doc.norm[m.end:m.end + 2]
        if m.type is EntityType.REGION and tail in _CATEGORY_AFTER_REGION:
            names = {o.key for o in mentions if o.type is EntityType.ENTERPRISE and article[id(o)] == article[id(m)]
                     and o.key.startswith(m.key) and len(o.key) > len(m.key) + 2}
            if len(names) == 1:
                e = m.end + 2
                m = Mention(doc.text[m.start:e], names.pop(), EntityType.ENTERPRISE, m.start, e,
                            evidence(doc, m.start, e, "reference", 0.6))
        out.append(m)
    return out


def declared_short_names(doc: Document, mentions: list[Mention], aliases: dict[str, str]) -> list[Mention]:
    """Every later occurrence of a declared short name names the same organisation; mentions it overlaps
    that are not that organisation give way."""
    if not aliases:
        return mentions
    typ = {m.key: m.type for m in mentions if m.type.is_org}
    first_end: dict[str, int] = {}
    for m in mentions:
        first_end[m.key] = min(m.end, first_end.get(m.key, m.end))
    orgs = Spans((m.start, m.end) for m in mentions if m.type.is_org)
    organ_ends = {(m.start, m.end) for m in mentions if m.type.is_org}
    organs = lexicon().words("internal_organs")
    found: list[Mention] = []
    for short, full in sorted(aliases.items()):
        if full not in typ or short == full:
            continue
        decl = first_end.get(full, 0)
        for hit in re.finditer(re.escape(short), doc.norm[decl:]):
            s, e = decl + hit.start(), decl + hit.end()
            own_organ = typ[full] is not EntityType.GOVERNMENT_BODY and any(
                (s, e + len(o)) in organ_ends for o in organs if doc.norm.startswith(o, e))
            if orgs.holds(s, e) and not own_organ:
                continue  # already inside an organisation's name (某某所碳交易中心); but 某某党委, the short
                # name of a company or an institute with one of its own committees, is that organisation
            found.append(Mention(doc.text[s:e], short, typ[full], s, e, evidence(doc, s, e, "alias", 0.9), None))
    if not found:
        return mentions
    spans = Spans((f.start, f.end) for f in found)
    return [m for m in mentions if not spans.overlaps(m.start, m.end)] + found


def abbreviations_before_titles(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """An organisation named in full once (某网某省电力有限公司) goes by an abbreviation of it before a post
    title (某网某省电力董事长王某): the characters before the title, read in order inside the full name and
    opening as it does (after 中国/中华), are that organisation. Three characters or more, shorter than the name, and not
    inside a name found already."""
    orgs = [m for m in mentions if m.type.is_org and len(m.key) >= 6]
    if not orgs:
        return mentions
    text, added, taken = doc.norm, [], set()
    covered = Spans((m.start, m.end) for m in mentions if m.type.is_org)
    # a short name ends right before a title: only the few places 3 to 8 characters before one can start
    # it, looked up by their first two characters (one pass over the text, not one per organisation)
    titles = _title_positions(text)
    by_head: dict[str, list[int]] = {}
    for s in sorted({t - n for t in titles for n in range(3, 9) if t >= n}):
        by_head.setdefault(text[s:s + 2], []).append(s)
    for full in sorted({m.key: m for m in orgs}.values(), key=lambda m: m.key):
        head = full.key[national_prefix(full.key):][:2]  # 中国某电集团…分公司 goes by 某电…分公司
        for s in by_head.get(head, ()):
            if not _match_of_a_scan(text, s, head) or s in taken or covered.covers(s):
                continue
            for n in range(min(8, len(full.key) - 1), 2, -1):
                short = text[s:s + n]
                if not all(is_cjk(c) for c in short) or not is_subsequence(short, full.key):
                    continue
                titled = s + n in titles
                if titled and short not in gazetteer().by_name:
                    added.append(Mention(doc.text[s:s + n], short, full.type, s, s + n,
                                         evidence(doc, s, s + n, "short-name", 0.7)))
                    taken.update(range(s, s + n))
                    break
    if not added:
        return mentions
    spans = Spans((a.start, a.end) for a in added)
    return [m for m in mentions if not spans.overlaps(m.start, m.end)] + added


def _title_positions(text: str) -> set[int]:
    """Where a post title starts in *text*."""
    lex = lexicon()
    out, i, n = set(), 0, len(text)
    while (i := _TITLE_STARTS(text, i)) < n:
        if any(text[i:i + k] in lex.titles for k in lex.title_lengths):
            out.add(i)
        i += 1
    return out


_TITLE_STARTS = starts_finder(lexicon().titles)


def _match_of_a_scan(text: str, s: int, head: str) -> bool:
    """Whether a left-to-right scan for *head* without overlaps (``re.finditer``) matches at *s*: always
    where *head* occurs, but in a run of one repeated character (某某某) only every other place."""
    if text[s:s + len(head)] != head:
        return False
    if len(set(head)) > 1 or len(head) != 2:
        return True
    run = s
    while run > 0 and text[run - 1] == head[0]:
        run -= 1
    return (s - run) % 2 == 0
