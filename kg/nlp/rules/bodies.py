"""Government bodies (and national banks) written by name alone.

* national bodies and banks from ``kg/data/central_bodies.tsv`` (国务院, 中央军委, 渤海银行 …);
* bodies written without their place (``市委``, ``省政府``, ``县总工会``): the document's place is theirs,
  resolved later from the article's context;
* international organisations (``国际某某组织``, ``联合国某某署``): an international opener and ending;
* a foreign government's departments, written after the country (``美国能源部``, ``日本经济产业省``);
* a department's own division written after it (``某部某某司``, ``某厅某某处``).
"""

from __future__ import annotations

import bisect
import functools
import re

from kg.nlp.lexicon import lexicon
from kg.nlp.rules.base import GOV, ORG, REG, Candidate
from kg.nlp.shapes import is_cjk
from kg.regions import countries

__all__ = ["find_bodies", "find_bare_bodies", "find_international", "foreign_bodies", "with_divisions"]

_BARE_BODY = re.compile(
    r"(省|市|县|旗|盟)"
    r"(委常委会|委宣传部|委组织部|委统战部|委|人民政府|政府|人大常委会|政协|纪委监委|纪委|总工会|妇联|发改委|发展改革委|"
    r"财政局|教育局|生态环境局|林草局|农牧局|财政厅|科技厅|工信厅|国资委|商务厅)"
)
#: Characters that may stand right before a bare body (a preposition, a mark): 在市委, 由县政府.
#: 委 too: 市委市政府, 县委县政府 write the committee and the government as one phrase.
_AFTER_STOP = set("在由和与及对向据从经被把将为,，。；;、“\"（(：: 委")
_MASS_ORGANISATIONS = ("总工会", "妇联")
#: The end of a dateline (本报讯, 本报某市5月20日讯, 新华社某市5月20日电), which the story follows with no mark once
#: the space after it is gone: 本报讯市政府与某公司签署….
_DATELINE_ENDS = ("报讯", "日讯", "日电")


#: A division of a department, right after its name: its field (two to eight Han characters) and 司 or 处
#: (the divisions of China's ministries and provincial departments), then its head's title, a 负责人, or the
#: clause's end — 生态环境部 + 应对气候变化司 + 有关负责人. A county bureau's 科 (section) stays in its
#: head's title (某局林业科科长 holds a post in the bureau).
_DIVISION = re.compile(r"([\u4e00-\u9fff]{2,8}?)(司|处)"
                       r"(?=副?(?:司长|处长)|(?:有关|相关)?负责人|[，,。；;、：:）)]|$)")
#: Characters of a clause, never of a division's field (某局在此处, 某局把该科).
_CLAUSE = frozenset("的在和及是向从由将把被了着等此该这那各每")


def with_divisions(text: str, cands: list[Candidate]) -> list[Candidate]:
    """*cands* with each government body that a division of its own follows taking the division into its
    name (某部某某司 is one body, its division)."""
    titles = lexicon().titles
    starts = sorted(c.start for c in cands if c.type is not REG)  # a place may stand in a division's field
    out = []
    for c in cands:
        m = _DIVISION.match(text, c.end) if c.type is GOV else None
        if m is not None and not _CLAUSE.intersection(m.group(1)) and m.group(1) not in titles \
                and not _holds_a_name(starts, c.end, m.end()):
            c = Candidate(c.start, m.end(), GOV, c.source, c.confidence)
        out.append(c)
    return out


def _holds_a_name(starts: list[int], start: int, end: int) -> bool:
    """Whether an organisation found by another rule begins in ``[start, end)`` of the sorted *starts*:
    某局与某某有限公司 ends in 司 but is two names, no division."""
    k = bisect.bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


@functools.lru_cache(maxsize=1)
def _national() -> re.Pattern:
    """Every name and short form of a national body or bank, longest first, none before what shows it
    is no name (:data:`_NOT_AFTER`)."""
    surfaces = sorted(lexicon().bodies, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) + _NOT_AFTER.get(w[-1], "") for w in surfaces))


#: What written right after a national name's last character shows it is no name: 财政部门 (a sector's
#: departments), 中国银行业 (the banking sector), 建设银行卡 (a card).
_NOT_AFTER = {"部": "(?!门)", "行": "(?![业卡间])"}


def find_bodies(text: str, words: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """National bodies and banks from ``kg/data/central_bodies.tsv`` (国务院, 中央军委, 渤海银行 …), in one
    pass over *text*. A two-character short form (工行, 建行) counts only where it is one of *words*
    (jieba's): 施工行为 holds no bank."""
    bodies = lexicon().bodies
    whole = set(words or ())
    return [Candidate(m.start(), m.end(), bodies[m.group()][0], "bodies", 0.95) for m in _national().finditer(text)
            if m.end() - m.start() > 2 or m.span() in whole]


def find_bare_bodies(text: str) -> list[Candidate]:
    """``市委``, ``省政府``, ``市总工会`` written without the place: the document's place (resolved later)."""
    out = []
    for i, ch in enumerate(text):
        if ch not in "省市县旗盟" or (i > 0 and is_cjk(text[i - 1]) and text[i - 1] not in _AFTER_STOP
                                     and not text.endswith(_DATELINE_ENDS, 0, i)):
            continue
        m = _BARE_BODY.match(text, i)
        if m:
            typ = ORG if any(w in m.group(0) for w in _MASS_ORGANISATIONS) else GOV
            out.append(Candidate(i, m.end(), typ, "bare-body", 0.7))
    return out


#: A foreign government's department, written after its country (美国能源部, 德国联邦环境部, 日本经济产业省):
#: a few characters of its field and a ministry's or agency's ending.
_FOREIGN = re.compile(r"(?:联邦)?[\u4e00-\u9fff]{1,8}?(?:部|署|局|省|委员会)")
#: Parts of a country and its authorities, no department (美国东部, 日本全国各地, 美国当局).
_NOT_DEPARTMENTS = frozenset("东部 西部 南部 北部 中部 东北部 西北部 东南部 西南部 中西部 中东部 全部 内部 外部 总部 本部 "
                             "当局 各省 全省 全局".split())
#: Characters that never stand inside a department's field (the clause's words).
_NOT_FIELD = frozenset("的和与及在是对为向从由将把被了等")


def foreign_bodies(text: str, regions: list[Candidate], bodies: list[Candidate]) -> list[Candidate]:
    """*bodies* with a department written right after a foreign country taking the country into its name
    (美国国防部 is no 国防部 of China's), and the foreign departments found by their endings after a country
    (美国能源部, 日本经济产业省)."""
    after = {c.end: c for c in regions if countries().get(text[c.start:c.end]) not in (None, "中国")}
    out = []
    for b in bodies:
        country = after.get(b.start)
        foreign = country is not None and b.type is GOV
        out.append(Candidate(country.start, b.end, GOV, "bodies", b.confidence) if foreign else b)
    for end, country in after.items():
        m = _FOREIGN.match(text, end)
        if m and not _NOT_FIELD.intersection(m.group()) and m.group() not in _NOT_DEPARTMENTS \
                and not any(b.start == end for b in bodies):
            out.append(Candidate(country.start, m.end(), GOV, "suffix", 0.85))
    return out


@functools.lru_cache(maxsize=1)
def _international() -> re.Pattern:
    """An international opener, two to ten characters of name and an international ending, shortest
    first (``kg/data/rule_words.txt``)."""
    lex = lexicon()
    return re.compile(f"(?:{lex.pattern('international_openers')})[\u4e00-\u9fff]{{2,10}}?"
                      f"(?:{lex.pattern('international_endings')})")


def find_international(text: str, words: list[tuple[int, int]]) -> list[Candidate]:
    """国际竹藤组织, 世界气象组织, 联合国开发计划署: international organisations, each starting a word (not
    青禾国际 + 某某组织 inside a company's name)."""
    starts = {s for s, _ in words}
    out = []
    for m in _international().finditer(text):
        if m.start() in starts and not (m.start() > 0 and is_cjk(text[m.start() - 1])
                                        and text[m.start() - 1] not in _AFTER_STOP):
            out.append(Candidate(m.start(), m.end(), ORG, "suffix", 0.85))
    return out
