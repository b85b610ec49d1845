"""What every relation finder shares: the trigger families, the span helpers and the evidence.

Trigger families are data (``kg/data/triggers.tsv``); the regular expressions here only compile them.
Mentions are the typed spans of :mod:`kg.model`; nothing here imports spaCy.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import Document, Sentence
from kg.model import EntityType, Evidence, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.spans import within
from kg.regions import gazetteer

__all__ = [
    "EXTRACTOR", "SIGN", "PLANNED", "planned", "CARBON", "TRADE", "DONATE", "SELL", "BUY", "BOOK",
    "is_party", "within", "in_sentence", "DocMentions", "memo", "evidence", "coordinated_after", "coordinated_before",
    "subject", "head", "dedupe", "HEAD_OF_GOVERNMENT", "GOVERNMENT", "region_prefix", "FIRMS_COUNTED",
]

#: A count of firms closing a list of parties that names only some of them (甲、乙等3家企业, 包括甲、乙在内的
#: 5家企业, 甲、乙等企业): each firm of the list is a side of its own, not one side with the others.
FIRMS_COUNTED = r"(?:等|在内的)\s*(?:[0-9一二两三四五六七八九十几多数]+\s*[家个])?(?:企业|公司|单位|机构|主体|项目方)"

#: A head of government's post (省长, 副市长, 常务副县长, 县长助理): his body is the place's government.
HEAD_OF_GOVERNMENT = re.compile(r"^(副|常务副|代)?(市长|省长|盟长|旗长|县长|区长|州长|镇长|乡长)(助理)?$")
#: A place's government written in full or short (某县人民政府, 某县政府).
GOVERNMENT = re.compile(r"(人民)?政府$")

#: Versioned name of the relation rule set; every relation's evidence names it.
EXTRACTOR = "zhkg.rel/0.2"

_LEX = lexicon()
#: A signing: the verbs of the ``sign`` family, 达成…协议, a headline's bare 签 before its document, and 签字
#: where it is a document's (在协议上签字, 签字仪式; alone it may be any signature).
SIGN = re.compile(_LEX.alternation("sign") + r"|达成[^。，,；;]{0,8}协议"
                  r"|签(?=[^。，,；;签]{0,12}(协议|合同|意向书|备忘录))"
                  r"|(?<=协议上|合同上|议书上|忘录上)签字|签字仪式")
#: Words that make a signing or a trade planned, not done (拟签约, 计划于明年签署, 有望达成协议).
PLANNED = re.compile(f"({_LEX.alternation('planned')})[^。，,；;]{{0,10}}$")
CARBON = re.compile(_LEX.alternation("carbon"))
TRADE = re.compile(_LEX.alternation("trade"))
DONATE = re.compile(_LEX.alternation("donate"))
SELL = re.compile(_LEX.alternation("sell"))
BUY = re.compile(_LEX.alternation("buy"))
BOOK = re.compile(r"《[^》]{2,60}》")
#: A party's side written before its name (甲方某局, 买方某集团): a party list reads through it.
_ROLE = f"(?:{_LEX.any_of(_LEX.party_roles)})"
_JOINER = re.compile(rf"(?:[、和及与,]|以及){_ROLE}?")
_NO_GAP = re.compile(rf"\s*{_ROLE}?")
#: Before a place, the prepositions that make it where something happened (在某县, 于某市).
_VENUE = ("在", "于")


def planned(doc: Document, start: int, end: int, ms: list[Mention]) -> bool:
    """Whether the clause ``doc.norm[start:end]`` before a verb makes it planned; a planned word inside a
    name (联合国开发计划署 与某局签署) is the name's, so names are blanked first."""
    chars = list(doc.norm[start:end])
    for m in ms:
        for i in range(max(m.start, start), min(m.end, end)):
            chars[i - start] = "名"
    return PLANNED.search("".join(chars)) is not None


def is_party(m: Mention) -> bool:
    """Organisations and regions can sign, trade and hold posts; people and projects cannot."""
    return m.type.is_org or m.type is EntityType.REGION


class DocMentions(list):
    """A document's mentions, sorted by start, with a memo of the lookups over the whole document that the
    finders repeat from sentence to sentence (the latest pair before 双方, an article's deal sentences):
    each is made once, so a document costs one pass however often it asks."""

    def __init__(self, mentions: list[Mention] = ()):
        super().__init__(mentions)
        self.memo: dict = {}


def memo(mentions: list[Mention], key, make):
    """``make()``, made once per document when *mentions* are :class:`DocMentions`."""
    if not isinstance(mentions, DocMentions):
        return make()
    if key not in mentions.memo:
        mentions.memo[key] = make()
    return mentions.memo[key]


def in_sentence(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """The mentions inside *sent* (*mentions* sorted by start: :func:`within`)."""
    return within(mentions, sent.start, sent.end)


def evidence(doc: Document, sent: Sentence, name: str, conf: float) -> Evidence:
    """The sentence as evidence, with its offsets in the raw file, attributed to rule *name*."""
    raw_start, raw_end = doc.raw_span(sent.start, sent.end)
    return Evidence(doc.doc_id, sent.text, sent.start, sent.end, raw_start, raw_end,
                    f"{EXTRACTOR}:{name}", conf)


def coordinated_after(doc: Document, mentions: list[Mention], pos: int, limit: int,
                      joined: bool = False) -> list[Mention]:
    """Parties right after *pos* joined by 、/和/及/与 (``与A、B三方``), up to *limit*.

    With *joined*, *pos* ends a party already and the first one must follow a connector.
    """
    out: list[Mention] = []
    cur = pos
    for m in mentions:
        if m.start < cur or m.start >= limit or not is_party(m):
            continue
        if out and out[-1].end == m.start and out[-1].type is EntityType.REGION:
            out[-1], cur = m, m.end  # 与某县某某林场签订: the county names where its farm is; the farm signs
            continue
        gap = doc.norm[cur:m.start]
        if (out or joined) and not _JOINER.fullmatch(gap):
            break
        if not out and not joined and not _NO_GAP.fullmatch(gap):
            break
        out.append(m)
        cur = m.end
    return out


def coordinated_before(doc: Document, mentions: list[Mention], end: int, start: int) -> list[Mention]:
    """Parties joined by 、/和/及/与 whose last one ends at *end*, none before *start*, in text order
    (``甲、乙和丙签署``)."""
    out: list[Mention] = []
    cur = end
    for m in reversed(mentions):
        if m.end > cur or m.start < start or not is_party(m):
            continue
        gap = doc.norm[m.end:cur]
        if (out and not _JOINER.fullmatch(gap)) or (not out and not _NO_GAP.fullmatch(gap)):
            break
        if out and gap == "," and doc.norm.endswith(_VENUE, start, m.start):
            break  # 在某县,甲与乙签署: the place opening the sentence is where they signed, not a side
        out.append(m)
        cur = m.start
    return out[::-1]


def subject(mentions: list[Mention], before: int, text: str | None = None) -> Mention | None:
    """The organisation a clause is about: the first organisation of the sentence before *before*. Given
    the document's *text*, a place written right before 与 or 同 is a subject too (某县与甲签约，并与乙…:
    the county signs both times), as a party of its own sentence's first signing."""
    for m in mentions:
        if m.start >= before:
            break
        if m.type.is_org or (text is not None and is_party(m) and text[m.end:m.end + 1] in "与同"):
            return m
    return None


def head(mentions: list[Mention], pos: int) -> list[Mention]:
    """The party that ends right before *pos* (``A与…``, ``A向…``), else the clause's subject."""
    found = [m for m in mentions if m.end == pos and is_party(m)]
    if not found:
        s = subject(mentions, pos)
        found = [s] if s else []
    return found


def dedupe(ms: list[Mention]) -> list[Mention]:
    """*ms* in order, each key once."""
    seen, out = set(), []
    for m in ms:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


def region_prefix(org: Mention) -> Mention | None:
    """天津市委 → a mention of 天津市 (the region its name starts with)."""
    found = gazetteer().longest_prefix(org.key)
    if found is None:
        return None
    length, region = found
    ev = replace(org.evidence, extractor=f"{EXTRACTOR}:name-region")
    return Mention(org.text[:length], org.key[:length], EntityType.REGION, org.start, org.start + length, ev,
                   region.code)
