"""Names cut to what they really are.

* a person's name that ran into the next word (``王某代表…`` → 王某, ``王某与…``);
* a clause verb before a name (``认购某某项目`` → 某某项目; ``kg/data/leading_verbs.txt``), a clause word
  inside one (``kg/data/clause_words.txt``), a category that names nothing (``kg/data/non_names.txt``);
* an organ of a company (``某某集团党委``; ``kg/data/party_organs.txt``) is that company.
"""

from __future__ import annotations

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.refine.base import recut
from kg.nlp.shapes import name_ending
from kg.regions import gazetteer

__all__ = ["fix_person_overreach", "trim_leading_verbs", "organs_of_organisations"]

#: Characters that start the word after a name (代表, 说, 表示, 在, 和…), not end a given name.
_TRAILING_NON_NAME = set("代说表在和与等率出参主同对为")


def fix_person_overreach(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Drop a trailing character that starts the next word, when the two-character name occurs alone too,
    or when the character is 与/同 after a surname (a given name ending in 与/同 is rare), or 和/及 right
    before an organisation's name (副市长王某和某某银行行长李某: the 和 joins two people)."""
    names = {m.key for m in mentions if m.type.is_person}
    org_starts = {m.start for m in mentions if m.type.is_org}
    surnames = lexicon().surnames
    out = []
    for m in mentions:
        joins = m.key[0] in surnames and (m.key[-1:] in "与同" or (m.key[-1:] in "和及" and m.end in org_starts))
        if m.type.is_person and len(m.key) == 3 and m.key[2] in _TRAILING_NON_NAME and (m.key[:2] in names or joins):
            m = Mention(
                text=doc.text[m.start:m.end - 1], key=m.key[:2], type=m.type, start=m.start,
                end=m.end - 1, evidence=m.evidence, region_code=m.region_code,
            )
        out.append(m)
    return out


def trim_leading_verbs(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A verb begins a clause, not a project's or organisation's name; a name never runs through a
    clause word, and a category (子公司) is none."""
    lex = lexicon()
    out = []
    for m in mentions:
        if m.type.is_org and m.key in lex.non_names:
            continue  # 子公司, 国有资本投资公司: a category, not a name
        if m.type.is_org:  # 某集团长期以来给予某银行: the name is what follows the clause's words
            cut = max((m.key.rfind(w) + len(w) for w in lex.clause_words if w in m.key), default=0)
            if cut and len(m.key) - cut >= 4 and doc.norm[m.start:m.end] == m.key:
                m = recut(doc, m, m.start + cut, m.end, m.key[cut:])
        if m.type.is_org or m.type is EntityType.PROJECT:
            v = next((v for v in lex.leading_verbs if m.key.startswith(v) and len(m.key) - len(v) >= 4), None)
            v = v or _verb_before_region(m.key, lex)
            if v is not None and doc.norm[m.start:m.start + len(v)] == v:
                m = recut(doc, m, m.start + len(v), m.end, m.key[len(v):])
        out.append(m)
    return out


def _verb_before_region(key: str, lex) -> str | None:
    """联合 + 某市某某大学: a verb that may open a name, followed by a name that starts with a region."""
    for v in sorted(lex.words("verbs_before_regions"), key=len, reverse=True):
        if key.startswith(v) and len(key) - len(v) >= 4 and gazetteer().longest_prefix(key[len(v):]) is not None:
            return v
    return None


def organs_of_organisations(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``某某集团党委`` is that organisation: its 党委书记 holds a post in the company, and no government
    body is made of it."""
    lex = lexicon()
    known = {m.key: m.type for m in mentions if m.type in (EntityType.ENTERPRISE, EntityType.ORGANIZATION)}
    out = []
    for m in mentions:
        if m.type is EntityType.GOVERNMENT_BODY:
            organ = next((o for o in lex.party_organs if m.key.endswith(o) and len(m.key) > len(o) + 1), None)
            base = m.key[:-len(organ)] if organ else ""
            ending = name_ending(base, lex)
            typ = known.get(base) or (ending[1] if ending and ending[1] in _COMPANIES else None)
            if typ is not None and doc.norm[m.start:m.end] == m.key:
                end = m.end - len(organ)
                m = Mention(doc.text[m.start:end], base, typ, m.start, end, m.evidence, None)
        out.append(m)
    return out


_COMPANIES = (EntityType.ENTERPRISE, EntityType.ORGANIZATION)
