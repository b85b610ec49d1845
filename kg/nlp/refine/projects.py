"""Project names as news writes them.

``碳票项目`` (a category word and an ending) names no project. A project's name may begin with its
developer's short name, written between a signing or trading verb and the region the name would otherwise
start with (``签署某建某市某某项目``); after any other word (加快推进, 新建) the words before a name are not
part of it.
"""

from __future__ import annotations

import re

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.refine.base import recut
from kg.nlp.refine.short_names import NOT_IN_SHORT_NAME
from kg.nlp.rules.name_start import held_in_quotes
from kg.nlp.shapes import name_ending
from kg.nlp.words import word_pos

__all__ = ["DEVELOPER", "project_names"]

_PROJECT_ENDING = re.compile(r"(项目|工程)$")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def project_names(doc: Document, mentions: list[Mention]) -> list[Mention]:
    lex = lexicon()
    ends = {m.end for m in mentions}
    verbs = [v for f in ("sign", "trade", "buy", "sell") for v in lex.triggers[f]]
    out: list[Mention] = []
    for m in mentions:
        if m.type is EntityType.PROJECT:
            ending = _PROJECT_ENDING.search(m.key)
            if ending and ending.start() <= 2 and not held_in_quotes(doc.norm, m.start, m.end):
                continue  # 碳票项目, 光伏工程: no name of its own (“千万工程”: the quotes make it one)
            if _kind_only(m.key, lex):
                continue  # 光伏电站, 造林碳汇项目: a kind of plant or programme, not a name
            listed = next((p for p in reversed(out) if p.type is EntityType.PROJECT), None)
            m = _with_developer(doc, m, ends, verbs, listed)
        out.append(m)
    return _developers_repeated(doc, _developers_known(doc, out, ends))


#: The rule name of a project named with its developer (read by the locations: 某电力包头…项目).
DEVELOPER = "project-developer"


def _developers_repeated(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A project written once with its developer (某建某市某某项目) and again without (某市某某项目) is one
    project: the later mentions take the full name as their key."""
    full = {m.key[k:]: m.key for m in mentions  # the name after a developer of 2–4 characters → the name
            if m.type is EntityType.PROJECT and m.evidence.extractor.endswith(DEVELOPER) for k in range(2, 5)}
    out = []
    for m in mentions:
        whole = full.get(m.key) if m.type is EntityType.PROJECT else None
        if whole is not None:
            m = recut(doc, m, m.start, m.end, whole, DEVELOPER)
        out.append(m)
    return out


def _developers_known(doc: Document, mentions: list[Mention], ends: set[int]) -> list[Mention]:
    """A developer's short name seen before one project (签订某建某市甲项目) opens another that starts a
    sentence or a clause with the same region after it (。某建某市乙项目是…): the name includes it."""
    named = [m.key for m in mentions if m.type is EntityType.PROJECT and m.evidence.extractor.endswith(DEVELOPER)]
    if not named:
        return mentions
    text, out = doc.norm, []
    for m in mentions:
        if m.type is EntityType.PROJECT and not m.evidence.extractor.endswith(DEVELOPER):
            for k in range(4, 1, -1):
                s = m.start - k
                head = text[max(s, 0):m.start]
                opens = s == 0 or (s > 0 and not _HAN.match(text[s - 1]))
                if (s >= 0 and opens and _HAN.fullmatch(head) and s not in ends
                        and any(n.startswith(head + m.key[:2]) for n in named)):
                    m = recut(doc, m, s, m.end, head + m.key, DEVELOPER)
                    break
        out.append(m)
    return out


def _kind_only(key: str, lex) -> bool:
    """A kind of plant or programme (``generic_project_stems``), perhaps after a word of scale or quality
    (大型, 高质量), followed only by a project ending."""
    ending = name_ending(key, lex, lambda t: t is EntityType.PROJECT)
    stem = key[: -len(ending[0])] if ending else key
    stem = stem[:-2] if stem.endswith(("项目", "工程")) else stem
    opener = next((w for w in lex.words("category_openers") if stem.startswith(w)), "")
    return stem in lex.words("generic_project_stems") or stem[len(opener):] in lex.words("generic_project_stems")


#: jieba's tags of a word that is no developer's short name: a verb (签约建设 + 某某项目), an adverb, a
#: preposition, a conjunction, a pronoun, a numeral.
_NO_SHORT_NAME_POS = frozenset({"v", "vn", "vd", "d", "p", "c", "r", "m"})


def _with_developer(doc: Document, m: Mention, ends: set[int], verbs: list[str],
                    listed: Mention | None = None) -> Mention:
    """*m* with its developer's short name before it: after a signing or trading verb, or after the
    、 that joins it to a project listed with its developer (签署某建某市甲项目、某电某市乙项目)."""
    text = doc.norm
    for k in range(4, 1, -1):
        s = m.start - k
        head = text[s:m.start] if s >= 0 else ""
        after_verb = s >= 0 and any(text.endswith(v, 0, s) for v in verbs)
        in_list = (listed is not None and listed.end == s - 1 and text[s - 1:s] == "、"
                   and listed.evidence.extractor.endswith(DEVELOPER))
        if (len(head) == k and _HAN.fullmatch(head) and (after_verb or in_list)
                and s not in ends and not set(head) & NOT_IN_SHORT_NAME
                and not any(head.startswith(v) for v in verbs) and word_pos(head) not in _NO_SHORT_NAME_POS):
            return recut(doc, m, s, m.end, head + m.key, DEVELOPER)
    return m
