"""Organisations, projects and named places, found by their name endings.

A Chinese organisation's name is written ``region prefix + body + ending`` (``某省某某投资集团有限公司``,
``某市林业和草原局``, ``某某抽水蓄能电站项目``). The endings and their types are data
(``kg/data/org_suffixes.tsv``); the start is found by walking back from the ending
(:mod:`kg.nlp.rules.name_start`). Weak endings (局, 厅; 项目, 工程; 林区 …) need a name that starts like a
proper name: a region, a national word, a quote, or a cue before it.

>>> text = "青禾能源集团有限公司与松岭碳汇科技有限公司签订合同"
>>> from kg.nlp.rules.base import word_spans
>>> [(text[c.start:c.end], c.type.value) for c in find_named_by_suffix(text, word_spans(text), [])]
[('青禾能源集团有限公司', 'Enterprise'), ('松岭碳汇科技有限公司', 'Enterprise')]
"""

from __future__ import annotations

import re

from kg.model import EntityType
from kg.nlp.lexicon import lexicon
from kg.nlp.rules.base import ENT, GOV, ORG, PRJ, REG, Candidate
from kg.nlp.rules.name_start import (
    CLOSE_QUOTES, DOMAIN_WORDS, OPEN_QUOTES, fuse_domain_words, held_in_quotes, name_start, unit_spans,
)
from kg.nlp.shapes import BRANCH, COUNTED_KIND, LEGAL_FORMS, NAME_CHARS, NAMED_NATIONAL, starts_finder
from kg.nlp.spans import Spans
from kg.nlp.words import first_word, word_pos
from kg.regions import gazetteer

__all__ = ["find_named_by_suffix", "join_branches"]

_LEX = lexicon()
_PLACE_CUE = re.compile(f"({_LEX.pattern('place_cues')})$")
#: A signing verb right after a name: 签订, 签署, 签约, 签下 (甲与某某林场签订…).
_SIGNING_AFTER = re.compile(r"(?:正式|共同)?签(?:订|署|约|下)")
#: A buying verb (``buy`` of ``triggers.tsv``: 购买, 认购 …) right before a name: a deal's seller follows; or
#: right after a name after 向 (向某某林场购买).
_BOUGHT_FROM = re.compile(f"(?:{_LEX.alternation('buy')})了?$")
_BUYING = re.compile(f"(?:{_LEX.alternation('buy')})")
_BUILD_VERB = re.compile(f"({_LEX.pattern('build_verbs')})的?$")
#: 某旗投资建设某某电站: a construction verb inside what looks like a project's name is the clause's verb.
_BUILDING = _LEX.words("build_verbs") | _LEX.words("investing_verbs")
#: A party committee's school, named after the committee (某县委党校).
_PARTY_SCHOOL = "党校"
#: 旗下, 所属 …: a company under the group written before it, a name of its own.
_SUBSIDIARY = tuple(_LEX.words("subsidiary_markers"))
#: A university's or academy's schools and institutes are written after it as one name (某某大学某某学院,
#: 某某大学甲与乙研究所; CLUENER2020 train marks 26 such names whole, one apart); 与 may join two fields in
#: the unit's name.
_PARENTS = ("大学", "科学院", "科院", "研究院")
_SUBUNITS = frozenset({"学院", "研究院", "研究所", "研究中心"})
#: Characters that never stand between a university and its school's ending (the clause's words).
_CLAUSE_CHARS = frozenset("的在和及是为对向从由将把被了着等")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_BARE_STEMS = ("省", "市", "县", "旗", "盟", "区")
#: Company endings a group's short name may open, before the region the name goes on with (某网 + 某省电力公司).
_GROUP_HEADED = (*LEGAL_FORMS, "公司", "分公司")
#: "Every" before a kind of organisation (各试点交易所, 各盟市林草局): what follows names none.
_EACH = "各"
#: Conjunctions that may also open a name (同济, 和林格尔), but not right after another name.
_JOINERS = "同和跟"
#: 某县境内的某某水库, 某乡的某某林场, 某县东部的某某镇: a place introduced as lying in the region before it.
_OF_REGION = re.compile(r"(?:境内|辖区内|辖区|(?:东|西|南|北|中|东北|东南|西北|西南)部)?的$")


def _subunit_words(words: str) -> bool:
    """Whether *words*, between a university's name and a school's ending, are the school's own: Chinese
    characters, none of a clause's function words, one field (林, 经济管理) or two joined by 与 (信托与理财)."""
    fields = words.split("与")
    return (len(words) <= 14 and len(fields) <= 2
            and all(len(f) >= (2 if len(fields) > 1 else 1) and _HAN_RUN.fullmatch(f) for f in fields)
            and not _CLAUSE_CHARS.intersection(DOMAIN_WORDS.sub("", words))  # 碳中和研究院: its 和 joins nothing
            and word_pos(first_word(words)[0]) != "v")  # 某大学共建某某研究院: built with the university, not its own


def find_named_by_suffix(
    text: str, words: list[tuple[int, int]], regions: list[Candidate], max_len: int = 28
) -> list[Candidate]:
    """Organisations, projects and places found by their name endings.

    The end is the suffix; the start is found by walking back word by word
    while the words may belong to a name (no stop word, punctuation, date,
    post title, or the end of another organisation's name).
    """
    units = unit_spans(words, regions)
    unit_by_end = {e: (s, is_reg) for s, e, is_reg in units}
    # an organisation's name reads a domain word whole (某某碳中和研究院); a project's walk stops at its 和, as
    # 碳中和 alone opens no project of its own (某地前期碳中和项目 is a kind of project)
    fused = fuse_domain_words(text, words)
    org_unit_by_end = unit_by_end if fused is words else {e: (s, r) for s, e, r in unit_spans(fused, regions)}
    region_starts = frozenset(s for s, _, is_reg in units if is_reg)
    places = Spans((c.start, c.end) for c in regions)
    out: list[Candidate] = []
    i = 0
    while (i := _next_ending(text, i)) < len(text):
        best = _ending_at(text, i)
        if best is None:
            i += 1
            continue
        j, suf, typ = best
        if i > 0 and places.holds(i - 1, j):
            i += 1
            continue  # 山海关区: 海关 inside a place's own name is no customs house
        if out and out[-1].type.is_org and text[out[-1].end:j] in _LEX.words("internal_organs"):
            i = j  # 某某集团党委, 某某公司工会: an enterprise's own committees are not bodies of their own
            continue
        if out and out[-1].end == i and out[-1].type in (ENT, PRJ, ORG) and suf in LEGAL_FORMS:
            out[-1] = Candidate(out[-1].start, j, ENT, out[-1].source, max(out[-1].confidence, 0.9))
            i = j  # 某某交易中心 + 有限公司, 某某岩土工程 + 有限公司, 某某研究院 + 有限公司: the legal form ends the name
            continue
        if typ is PRJ and out and out[-1].type is PRJ and _PHASE_BETWEEN.fullmatch(text, out[-1].end, i):
            out[-1] = Candidate(out[-1].start, j, PRJ, out[-1].source, out[-1].confidence)
            i = j  # 某某风电场 + 二期 + 项目: a phase of the project named already
            continue
        if out and out[-1].end == i and out[-1].type is GOV and suf == _PARTY_SCHOOL and text[i - 1] == "委":
            out[-1] = Candidate(out[-1].start, j, typ, out[-1].source, out[-1].confidence)
            i = j  # 某县委 + 党校: a party committee's school is named after the committee
            continue
        if out and out[-1].end == i and out[-1].type is PRJ and typ.is_org:
            out[-1] = Candidate(out[-1].start, j, typ, out[-1].source, out[-1].confidence)
            i = j  # 某某工程 + 协会: an organisation's ending right after a project's names the organisation
            continue
        ends_found = {c.end for c in out if c.type is not GOV or typ is not GOV}
        start = name_start(text, i, org_unit_by_end if typ.is_org else unit_by_end, max_len, ends_found,
                           _BUILDING if typ is PRJ else frozenset(),
                           region_starts if typ is ENT and suf in _GROUP_HEADED else frozenset())
        if typ is ORG and suf in _SUBUNITS and out and out[-1].type is ORG and out[-1].end <= i \
                and text[out[-1].start:out[-1].end].endswith(_PARENTS) \
                and _subunit_words(text[out[-1].end:i]):
            start = out.pop().start  # 某某大学 + 某某学院, 某某大学 + 甲与乙研究所: a university's own school;
            # 某某研究院 + 某某研究所: an academy's own institute
            joined = True
        else:
            joined = False
        if typ is not REG:  # “某某之乡”: a quoted title, no place
            start = _quoted_start(text, start, i, j, max_len)
        if start is not None:
            start = _adjusted_start(text, start, j, suf, typ, regions, out)
        if start is not None and text[start] in "(（" and out and out[-1].end == start and out[-1].type is typ:
            start = out.pop().start  # 某某产业园(某某一体化)项目: the bracket goes on the name before it
        if (typ.is_org or typ is PRJ) and out and out[-1].end == (i if start is None else start) \
                and out[-1].type is REG and out[-1].source == "suffix" \
                and (suf not in _LEX.words("internal_organs") or text[:i].endswith(_SETTLEMENTS)):
            start = out[-1].start  # 某某自然保护区 + 管理局, 某某工业园区 + 供电项目, 某某镇 + 党委: named after its place
            while typ is PRJ and (before := next((c.start for c in regions if c.end == start), None)) is not None:
                start = before  # 某县 + 某某镇 + 碳汇项目: the county before the town opens a project's name too
                # (a town's own bodies are named from the town: 某某镇党委)
        if start is not None and suf.endswith("政府") and out and out[-1].type is GOV and start < out[-1].end <= i:
            start = out[-1].end  # 某市委市政府: the party committee and the government, two bodies
        if start is not None and typ is GOV and out and out[-1].type is GOV and out[-1].end == start < i \
                and text[out[-1].start:start].endswith("政府") and start not in region_starts:
            start, joined = out.pop().start, True  # 某省人民政府 + 国有资产监督管理委员会: the government's own
        while start is not None and start < i and text[start] in _LEX.words("bad_name_starts") \
                and start not in region_starts:  # 从化区, 将乐县, 于都县: a place's name opens with it
            start += 1  # jieba fused a function word with the name's first word (及某镇…): the name starts after it
        if start is not None and start > 0 and text[start - 1] in _EACH:
            start = None  # 各试点碳交易所, 各盟市林草局: every one of a kind, no name
        if start is not None and start < i and text[start] in _JOINERS and out and out[-1].end == start:
            start += 1  # 某县人民政府同某集团: right after another name, 同 (和, 跟) joins the two names
        if typ is PRJ and (start is None or text[start] not in OPEN_QUOTES):
            start = _quote_before_tail(text, i, max_len) or start  # “某某”示范项目: the quotes hold the name
        quoted = _quoted_programme(text, start, j) if start is not None else None
        if quoted is not None:
            out.extend(quoted)
        elif start is not None and j - start > len(suf):
            listed = typ is REG and any(c.start == start and c.end == j for c in regions)  # 浦东新区: the gazetteer's
            kind = (typ in (PRJ, GOV) or (typ is not REG and _COUNT_BEFORE.search(text, max(0, start - 6), start))) \
                and _names_a_kind(text, start, j - len(suf), unit_by_end)  # 三家 + 高速公路公司: a count of a kind
            if not listed and not kind and _plausible(text[start:j], suf, typ, start in region_starts) \
                    and (joined or _anchored(text, start, j, suf, typ, regions + out)):
                out.append(Candidate(start, j, typ, "suffix", 0.9 if len(suf) >= 2 else 0.6))
        i = j if j > i else i + 1
    return _merge_chained(out, text)


#: A count right before a name (三家, 13家, 多个): with only common words before its ending, the name is a kind.
_COUNT_BEFORE = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十几多数]+)[家个所座批类]$")


#: The endings of a town, a township, a street and a village, whose party committee (某某镇党委, 某某村党支部) is
#: the place's own governing body, not an organisation's internal organ.
_SETTLEMENTS = ("镇", "乡", "街道", "村", "社区", "苏木", "嘎查")


#: Between an organisation's name and its own committee: nothing, or its head office (某银行总行党委).
_HEAD_OFFICE = frozenset({"", "总行", "总部", "本部", "机关"})


#: A phase between a project's name and 项目/工程 (某某风电场二期项目, 某某产业园首期工程).
_PHASE_BETWEEN = re.compile(r"(?:[一二三四五六七八九十]|首)期")


#: First character → the lengths of the name endings starting with it, longest first.
_ENDING_LENGTHS: dict[str, tuple[int, ...]] = {
    c: tuple(sorted({len(s) for s in _LEX.suffixes if s[0] == c}, reverse=True)) for c in {s[0] for s in _LEX.suffixes}
}


_next_ending = starts_finder(_ENDING_LENGTHS)


def _ending_at(text: str, i: int) -> tuple[int, str, EntityType] | None:
    """``(end, ending, type)`` of the longest name ending that starts at *i*."""
    n = len(text)
    for length in _ENDING_LENGTHS.get(text[i], ()):
        j = i + length
        suf = text[i:j]
        typ = _LEX.suffixes.get(suf) if j <= n else None
        if typ is None:
            continue
        if j < n and text[j] in _blockers(suf):
            continue  # 局长, 乡村, 委员, 政法委员(会): not an ending
        if length == 1 and any(text[max(0, j - k):j] in _LEX.non_names for k in (2, 3)):
            continue
        if typ is PRJ and text[j:j + 2] == "项目":
            return j + 2, suf + "项目", typ  # 某某抽水蓄能电站 + 项目: one name
        return j, suf, typ
    return None


def _blockers(suf: str) -> str:
    """The characters that, right after *suf*, show it is no ending: its own (``suffix_blockers.tsv``) and
    its last character's (政法委 + 员会 is 委员会, 宣传部 + 长 a title)."""
    own = _LEX.suffix_blockers.get(suf, "")
    return own + _LEX.suffix_blockers.get(suf[-1], "") if len(suf) > 1 else own


def _quoted_start(text: str, start: int | None, i: int, j: int, max_len: int) -> int | None:
    """*start*, or the first character inside the quotes when the name fills them (“某某修复项目”): the
    quotes mark the whole name, whatever its words would say of a clause."""
    if j >= len(text) or text[j] not in CLOSE_QUOTES:
        return start
    k = _opening_quote(text, i, max_len)
    if k is None or (start is not None and start <= k + 1):
        return start
    return k + 1


def _opening_quote(text: str, end: int, max_len: int) -> int | None:
    """The last opening quote within *max_len* before *end* with only a name's characters between, else None."""
    k = max(text.rfind(q, max(0, end - max_len), end) for q in OPEN_QUOTES)
    return k if k >= 0 and all(NAME_CHARS.match(c) for c in text[k + 1:end]) else None


def _adjusted_start(text, start, j, suf, typ, regions, out) -> int:
    """Where the name really starts, once the regions and bodies before it are accounted for."""
    if typ is GOV and out and out[-1].type is GOV and out[-1].end == start \
            and j - start <= len(suf) + 4 and text[start:start + 2] not in _LEX.words("region_like"):
        return out[-1].start  # 中央纪律检查委员会 + 常务委员会
    if typ is REG and suf not in _LEX.words("town_endings") and suf not in _LEX.words("city_named_places"):
        lead = [c for c in regions if c.start == start and c.end < j - len(suf) and c.code
                and gazetteer().by_code[c.code].level == "县级"]
        if lead and text[lead[0].end:j - len(suf)] not in _LEX.words("generic_place_stems"):
            return lead[0].end  # 某县某某着陆场 → 某某着陆场, in that county (某县国有林场 keeps its county)
    if suf in _LEX.words("town_endings"):
        # 某旗某某乡 → 某某乡 (the banner is its container, found as a region of its own)
        while True:
            lead = [c for c in regions if c.start == start and c.end < j - len(suf)]
            if not lead:
                break
            start = lead[0].end
    return start


def _quote_before_tail(text: str, i: int, max_len: int) -> int | None:
    """The opening quote of a quoted name closed a few characters before a project's ending at *i*
    (“某某”示范项目), else None; :func:`_quoted_programme` decides whether what follows the quotes is a
    generic tail."""
    q = next((k for k in range(i - 1, max(-1, i - 5), -1) if text[k] in CLOSE_QUOTES), None)
    if q is None or i - q == 2 or not all("\u4e00" <= c <= "\u9fff" for c in text[q + 1:i]):
        return None  # one character after the quotes is a clause's word (“某某”有计划), no part of a name
    return _opening_quote(text, q, max_len)


def _quoted_programme(text: str, start: int, j: int) -> list[Candidate] | None:
    """“某某工程”重点项目, “某某”大型化工示范项目: the name is what the quotes hold, the rest a generic tail or
    a category of projects (None when the name is not quoted so)."""
    if text[start] not in OPEN_QUOTES:
        return None
    q = next((k for k in range(start + 1, j) if text[k] in CLOSE_QUOTES), None)
    if q is None:
        return None
    tail = text[q + 1:j]
    kind = text[start + 1:q].rstrip("+＋") in _LEX.words("generic_project_stems")  # “光伏+”: a kind, quoted
    category = not kind and tail.endswith(("项目", "工程")) and tail.startswith(tuple(_LEX.words("category_openers")))
    if tail not in _LEX.words("generic_project_tails") and not category:
        return None
    return [Candidate(start, q + 1, PRJ, "suffix", 0.8)] if q - start >= 3 else []


def _merge_chained(cands: list[Candidate], text: str) -> list[Candidate]:
    """``X集团`` directly followed by ``有限公司`` → one name (the later suffix types it); so is a branch
    written after its parent organisation (``某某银行`` + ``某省分行``)."""
    out: list[Candidate] = []
    for c in cands:
        branch = out and out[-1].type.is_org and c.type.is_org and BRANCH.search(text[c.start:c.end])
        opened = text.startswith(_SUBSIDIARY, c.start)  # 某集团 + 旗下某某公司: two companies
        if out and out[-1].end == c.start and (out[-1].type == c.type == ENT or branch) and not opened:
            prev = out.pop()
            c = Candidate(prev.start, c.end, c.type, c.source, max(prev.confidence, c.confidence))
        out.append(c)
    return out


def _own_organ(rest: str) -> bool:
    """Whether *rest*, written right after a company's name, is one of its own committees (总行党委, 纪委)."""
    organs = _LEX.words("internal_organs")
    return any(rest.startswith(h) and rest[len(h):] in organs for h in _HEAD_OFFICE)


def join_branches(parents: list[Candidate], named: list[Candidate], text: str) -> list[Candidate]:
    """*named* with each branch written right after one of *parents* (names found by another rule: a
    national bank, 某某银行 + 某市分行) taking that parent into its name and its type (the central bank's
    branch is a government body, a commercial bank's a company); a parent company's own committee
    (某银行总行党委) is dropped: the company holds the post."""
    ends = {p.end: p for p in parents if p.type.is_org}
    starts = {p.start: p for p in parents if p.type.is_org}  # 中国人民银行 + 某市分行 read whole by its ending
    out = []
    for c in named:
        own = starts.get(c.start)
        if own is not None and own.type is ENT and _own_organ(text[own.end:c.end]):
            continue  # 某银行 + 总行党委, 国家电网 + 党委: the company's own committee, no body of its own
        parent = ends.get(c.start) or (p if (p := starts.get(c.start)) is not None and p.end < c.end else None)
        if parent is not None and c.type.is_org and BRANCH.search(text[c.start:c.end]):
            c = Candidate(parent.start, c.end, parent.type, c.source, max(parent.confidence, c.confidence))
        out.append(c)
    return out


#: jieba tags of common words: a stem made of these alone (with carbon terms and standards' acronyms)
#: says what kind of project it is and names none (水土流失治理项目, 林业碳汇CCER项目); before a body's ending
#: it is a clause's words (认真贯彻 + 省委), not a body's name.
_COMMON_TAGS = frozenset({"n", "vn", "v", "i", "a", "ad", "an", "b", "l", "ng", "vg", "d", "f", "s", "j"})
_CARBON_TERMS = frozenset(_LEX.triggers["carbon"])


def _names_a_kind(text: str, start: int, end: int, unit_by_end: dict) -> bool:
    """Whether the stem ``text[start:end]`` of a project's or a body's name is only common words: no place,
    no word jieba's dictionary does not know, no number, no quote, no national or region's word first."""
    quoted = start > 0 and text[start - 1] in OPEN_QUOTES
    if start >= end or quoted or text[start:start + 2] in _LEX.words("national") \
            or text[start:start + 3].startswith(tuple(_LEX.words("region_like"))):
        return False  # quoted, a national designation (国家某某技术创新中心) or a region's word (自治区某某局)
    pos = end
    while pos > start:
        unit = unit_by_end.get(pos)
        if unit is None or unit[0] < start or unit[1]:
            return False  # a region, or a word running past the stem
        word = text[unit[0]:pos]
        if not (word in _CARBON_TERMS or (word.isascii() and word.isupper())
                or (word_pos(word) in _COMMON_TAGS and not any(c.isdigit() for c in word))):
            return False
        pos = unit[0]
    return True


#: Before a one-character place ending, the words that rank a place among its kind (某县的农业大镇).
_RANKS = frozenset("大强名重")


#: A company's place under a group (子公司, 孙公司): a name ending so says whose company it is, not its name.
_UNDER_A_GROUP = ("子公司", "孙公司")
#: jieba's tags of words that describe (adjectives, distinguishing words, adverbs): no township is named by one.
_DESCRIBING_POS = frozenset({"a", "ad", "an", "b", "d", "z"})


def _plausible(name: str, suf: str, typ: EntityType, opens_with_place: bool = False) -> bool:
    stem = name[: -len(suf)]
    if not stem or (name[0] in _LEX.words("bad_name_starts") and not opens_with_place) or stem in _BARE_STEMS:
        return False  # 市总工会: a bare body, placed by the document's context
    if DOMAIN_WORDS.fullmatch(stem):
        return False  # 首家碳中和研究院: the field alone names a kind of organisation, not one
    if typ is not REG and COUNTED_KIND.match(name) and not opens_with_place:
        return False  # 两大集团, 三家公司: a count of a kind (五大连池市某局 opens with a place)
    if typ is ENT and name.endswith(_UNDER_A_GROUP):
        return False  # 某集团全资子公司: a company's place under its group, no name of its own
    if (len(suf) == 1 or typ is PRJ) and len(stem) < 2:
        return False
    if typ is REG and stem in _LEX.words("generic_place_stems"):
        return False  # 离境口岸, 国有林场: a kind of place
    if typ is REG and suf in _LEX.words("town_endings") \
            and any(r.name == stem for r in gazetteer().by_name.get(stem, ())):
        return False  # 某县 + 街道 (the county's streets): a county's full name is no township's
    if typ is REG and suf == "街道" and word_pos(stem) in _DESCRIBING_POS:
        return False  # 主要街道, 繁华街道: streets described, no subdistrict (街道 is 'street' too)
    if typ is REG and len(suf) == 1 and stem[-1] in _RANKS:
        return False  # 农业大镇, 工业强镇, 历史文化名镇, 经济重镇: a place's rank among its kind, no name
    return not re.fullmatch(r"[0-9]+", stem)


def _of_region(text: str, start: int, regions) -> bool:
    of = _OF_REGION.search(text[max(0, start - 5):start])
    return of is not None and any(c.end == start - len(of.group(0)) for c in regions)


def _holds_bracketed_region(text, start, end, regions) -> bool:
    """Whether a region stands alone in brackets inside ``text[start:end]``, after the name's first words."""
    return any(start + 1 < c.start and c.end < end and text[c.start - 1] in "(（" and text[c.end] in ")）"
               for c in regions if c.type is REG)


#: Right after a project's name, the verbs that site it (位于, 落户, 选址 …): the name is of one project.
_SITED = re.compile(r"(?:位于|落户|落地|选址|坐落于|坐落在|地处|建在)")


def _opens_with_place(name: str) -> bool:
    """Whether the first word of *name* is a place's name of two or more characters, as jieba's tagger knows
    or guesses it (榆林河, 板岔河; not 北 alone, nor a kind of land jieba also tags so: 海洋, 山区)."""
    word, tag = first_word(name)
    return tag == "ns" and len(word) >= 2 and word not in _LEX.words("landforms")  # 海洋碳汇项目: a kind


def _anchored(text, start, j, suf, typ, regions) -> bool:
    """Weak endings (局, 厅; 项目, 工程; 学校, 林区 …) need a name that starts like a proper name."""
    weak_org = len(suf) == 1 or suf in _LEX.weak_suffixes
    if not (weak_org or typ is PRJ):
        return True
    if start > 0 and text[start - 1] == "*":
        return False
    if held_in_quotes(text, start, j):
        return True  # “某某修复项目”: the quotes hold the whole name
    if any(c.start == start or c.end == start for c in regions):
        return True
    if text[start:start + 3].startswith(tuple(_LEX.words("region_like"))) or text[start] in OPEN_QUOTES + "《":
        return True
    if text[start:start + 3].startswith(tuple(_LEX.words("continents"))):
        return True  # 亚洲某某银行: a continent opens a name as a country does
    if NAMED_NATIONAL.match(text, start, j):
        return True  # 某河国家文化公园: a place's own name before a national designation
    if typ is not PRJ and _holds_bracketed_region(text, start, j - len(suf), regions):
        return True  # 某某(北京)认证中心: a region in brackets inside the name, as companies register them
    if typ is REG and (start == 0 or _PLACE_CUE.search(text[max(0, start - 4):start]) or _of_region(text, start, regions)):
        return True  # 来到某某林场, 在某某口岸, 某县境内的某某水库: a named place
    if typ is REG and start > 0 and text[start - 1] in "与同" and _SIGNING_AFTER.match(text, j):
        return True  # 某公司与某某林场签订: a place that signs is a named side of the deal
    if typ is REG and (_BOUGHT_FROM.search(text, max(0, start - 5), start)
                       or (start > 0 and text[start - 1] == "向" and _BUYING.match(text, j))):
        return True  # 购买某某林场…, 向某某林场购买: a place a deal buys from is a named side of it
    if typ is REG and len(suf) == 1 and start > 1 and text[start - 1] in "、和及" and any(
            c.type is REG and c.end == start - 1 and text[c.end - 1] == suf for c in regions):
        return True  # 某县甲镇、乙镇: a place listed right after one of its kind
    if typ is REG and len(suf) == 1 and text.startswith((suf + "长", suf + "委", suf + "政府", suf + "人民政府", "党委"), j):
        return True  # 某某镇镇长, 某某乡党委书记: a town's own head or committee follows its name
    if typ is PRJ and suf not in _LEX.weak_suffixes and _BUILD_VERB.search(text[max(0, start - 6):start]):
        return True  # 开工建设某某抽水蓄能电站项目: a construction verb introduces a named project
    if typ is PRJ and _SITED.match(text, j):
        return True  # 某某光伏发电项目位于某县: a project said to be sited somewhere is one project, named
    if typ is PRJ and _opens_with_place(text[start:j]):
        return True  # 某某河电站, 某滩光伏发电项目: a place's own name opens it, one the gazetteer does not list
    return False
