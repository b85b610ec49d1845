"""Where a name starts, walking back word by word from its ending.

The walk goes through words that may belong to a name and stops at the first that cannot: punctuation, a
stop word or a stop part of speech, a date or a number, a post title, a clause-opening verb, the end of
another name, a generic noun (相关单位). Regions are taken only at the name's start (``某省某市某某局``),
except in route names where 至/经 join two places (``甲市至乙市铁路``) and in a mission's name where 驻 joins its
home and its seat (``甲国驻乙市总领事馆``). A bracket or a quoted short name
inside a name is taken whole (``某某(某市)科技有限公司``, ``“某某”组委会``).
"""

from __future__ import annotations

import re

from kg.model import EntityType
from kg.nlp.lexicon import lexicon
from kg.nlp.shapes import LEGAL_FORMS, NAME_CHARS, name_ending
from kg.nlp.words import word_pos

__all__ = ["DOMAIN_WORDS", "OPEN_QUOTES", "CLOSE_QUOTES", "fuse_domain_words", "name_start", "unit_spans"]

OPEN_QUOTES = "“\"「『"
CLOSE_QUOTES = "”\"」』"


def held_in_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` fills a pair of quotes (“某某修复项目”, “千万工程”)."""
    return 0 < start and end < len(text) and text[start - 1] in OPEN_QUOTES and text[end] in CLOSE_QUOTES
#: Marks that end a clause or a sentence: quotes holding one hold speech, not a short name.
_CLAUSE_MARKS = frozenset("。，,！!？?；;：:…")
_LEX = lexicon()
_ROUTE_JOINERS = ("至", "经")
#: 驻 (stationed in) joins a mission's home and its seat: 甲国驻乙市总领事馆, 甲省驻乙市办事处.
_MISSION_JOINER = "驻"
_DATE_OR_COUNT = re.compile(r"^第.*[届次]$|[届年月日]$|[0-9](万|亿|元|吨|个|家|项|次|人)")
_STOP_POS_OR_VERB = _LEX.words("stop_pos") | {"v"}
#: The verbs of signing and of carbon deals (triggers.tsv), which no company's name holds after its group's.
_DEAL_VERBS = frozenset(w for f in ("sign", "buy", "sell", "donate") for w in _LEX.triggers[f])
#: …less those that also name a company's line of business (某某汽车销售服务有限公司): the words a name may hold.
_DEALS_NO_NAME_HOLDS = _DEAL_VERBS - _LEX.words("business_lines")
#: A party's side written before its name (甲方某局, 买方某集团), which ends the walk.
_PARTY_ROLES = _LEX.party_roles
_PHASE = re.compile(r"[一二三四五六七八九十]期")
_NUMBER = re.compile(r"[0-9一二三四五六七八九十百千万]+[年月日号]?")


#: Domain words jieba cuts inside (碳中 | 和), longest first.
DOMAIN_WORDS = re.compile(_LEX.pattern("domain_words"))


def fuse_domain_words(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*words* with each domain word (``domain_words``: 碳中和) that starts and ends on word boundaries made
    one word, so that the walk does not stop at the 和 inside it."""
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    fused = [(m.start(), m.end()) for m in DOMAIN_WORDS.finditer(text) if m.start() in starts and m.end() in ends]
    if not fused:
        return words
    inside = [(s, e) for s, e in words if not any(a <= s and e <= b for a, b in fused)]
    return sorted(inside + fused)


def unit_spans(words: list[tuple[int, int]], regions) -> list[tuple[int, int, bool]]:
    """Word spans with region matches fused into single units: ``(start, end, is_region)``."""
    covered = {c.start: c.end for c in regions}
    units = []
    ws = sorted(words)
    k = 0
    while k < len(ws):
        s, e = ws[k]
        if covered.get(s, s) > s:
            r_end = covered[s]
            units.append((s, r_end, True))
            while k < len(ws) and ws[k][1] <= r_end:
                k += 1
            if k < len(ws) and ws[k][0] < r_end:  # a word straddling the region end: a region itself when one
                units.append((r_end, ws[k][1], covered.get(r_end) == ws[k][1]))  # ends with it (某省 | 某自治州)
                k += 1
            continue
        units.append((s, e, False))
        k += 1
    return units


#: Nothing, or only words of a project's kind (试点, 示范), between a noun of doing and a project's ending.
_KINDS_ONLY = re.compile(f"(?:{_LEX.pattern('project_kinds')})*")


def name_start(text: str, i: int, unit_by_end: dict, max_len: int, ends_of_found=frozenset(),
               stops: frozenset[str] = frozenset(), region_starts: frozenset[int] = frozenset()) -> int | None:
    """Start of the name whose ending begins at *i*, or None; *unit_by_end* maps a unit's end to
    ``(start, is_region)``, *ends_of_found* are the ends of names found already, and a word in *stops*
    ends the walk (the name starts after it) unless it is a noun of doing right before the ending
    (某某开发项目). Given *region_starts* (for a company's legal form), a group's short name may stand
    before the region a name opens with (某能 + 某市某某有限责任公司)."""
    pos = start = i
    while pos > 0 and i - pos < max_len:
        unit = unit_by_end.get(pos)
        if unit is not None and text[unit[0]:pos] in stops and not (
                _KINDS_ONLY.fullmatch(text, pos, i) and text[unit[0]:pos] in _LEX.words("nominal_build")):
            break
        new, go_on = _step(text, i, pos, unit_by_end, ends_of_found)
        if new is not None:
            pos = start = new
        if not go_on:
            if start in region_starts and start < i:
                start = _group_head(text, start, unit_by_end, ends_of_found)
            break
    return start if start < i else None


#: Parts of speech a group's short name has in jieba's dictionary ('' for a word it does not know).
_GROUP_HEAD_POS = {"n", "nz", "nt", "j", ""}


def _group_head(text, start, unit_by_end, ends_of_found) -> int:
    """*start*, or the start of a group's short name written right before the region at *start*: two or
    three characters (one word or two, 国 + 能) that make no common word of a clause, after punctuation, a
    function word (与, 由) or a verb (签约)."""
    if start in ends_of_found:
        return start
    h = start
    while True:
        unit = unit_by_end.get(h)
        if unit is None or unit[1] or start - unit[0] > 3:
            break
        w = text[unit[0]:h]
        if not _HAN_WORD.fullmatch(w) or w in _LEX.stopwords:
            break
        h = unit[0]
    word = text[h:start]
    if not 2 <= len(word) <= 3 or h in ends_of_found:
        return start
    if (word in _LEX.titles or word in _LEX.words("generic_nouns") or word in _LEX.words("region_like")
            or word_pos(word) not in _GROUP_HEAD_POS
            or any(v - u > 1 and word_pos(text[u:v]) in _STOP_POS_OR_VERB  # a lone character says little
                   for u, v in _units_between(unit_by_end, h, start))):
        return start
    before = unit_by_end.get(h)
    if h == 0 or not NAME_CHARS.match(text[h - 1]):
        return h
    bw = text[before[0]:h] if before is not None else ""
    return h if bw in _LEX.stopwords or word_pos(bw) == "v" else start


_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _units_between(unit_by_end, a, b) -> list[tuple[int, int]]:
    """The units covering ``[a, b)``, walking back from *b*."""
    out = []
    while b > a:
        unit = unit_by_end.get(b)
        if unit is None:
            break
        out.append((unit[0], b))
        b = unit[0]
    return out


def _step(text, i, pos, unit_by_end, ends_of_found) -> tuple[int | None, bool]:
    """``(new start or None, whether to go on)`` for the unit ending at *pos*."""
    ch = text[pos - 1]
    if ch in ")）":
        k = max(text.rfind("(", max(0, pos - 12), pos - 1), text.rfind("（", max(0, pos - 12), pos - 1))
        return (k, True) if k > 0 and pos - k <= 10 else (None, False)
    if ch in CLOSE_QUOTES:
        # a quoted short name inside a name: “某某”组委会
        k = max(text.rfind(q, max(0, pos - 10), pos - 1) for q in OPEN_QUOTES)
        if 0 <= k < pos - 2 and not _CLAUSE_MARKS.intersection(text[k + 1:pos - 1]):
            return k, True
        return None, False  # “……。”某某说: quoted speech before its speaker is no part of a name
    unit = unit_by_end.get(pos)
    if unit is None:
        # the ending began inside a jieba word: step back one character
        return (pos - 1, True) if NAME_CHARS.match(ch) else (None, False)
    s, is_region = unit
    found_end = next((e for e in range(s + 1, pos) if e in ends_of_found), None)
    if found_end is not None and text[found_end] in _LEX.words("bad_name_starts"):
        return found_end, False  # 某局向 + 某银行: jieba fused a name found already with a preposition after it
    word = text[s:pos]
    if is_region and text[pos:pos + 2] in _LEX.words("national"):
        return None, False  # 某市 + 全国某某展览馆: a national name does not belong to a city
    if is_region or word in _LEX.words("region_like"):
        return _through_regions(text, s, unit_by_end, word)
    return _word_step(text, i, s, pos, word, unit_by_end, ends_of_found)


def _through_regions(text, s, unit_by_end, word: str = "") -> tuple[int, bool]:
    """A name has regions only at its start: go on only through more regions, or through 至/经 joining
    two places in a route name. A national designation after a place's own name takes that name in and
    ends the walk (某河 + 国家文化公园, 某山 + 国家公园)."""
    prev = unit_by_end.get(s)
    if word == "国家" and prev is not None and not prev[1] and word_pos(text[prev[0]:s]) == "ns":
        return prev[0], False
    if prev is not None and (text[prev[0]:s] in _ROUTE_JOINERS or text[prev[0]:s] == _MISSION_JOINER):
        before = unit_by_end.get(prev[0])
        if before is not None and before[1]:
            return prev[0], True
    return s, prev is not None and (prev[1] or text[prev[0]:s] in _LEX.words("region_like"))


#: A plant's capacity, written in its name after its place (某市200万千瓦风电项目, 某县100MW光伏项目): its power,
#: a store's power and energy (100MW/200MWh), a works' yearly output (年产10万吨), a forest's area (10万亩).
_AMOUNT = r"[0-9]+(?:\.[0-9]+)?"
_CAPACITY = re.compile(r"(?:年产|年处理)?" + _AMOUNT + r"(?:万千瓦时|兆瓦时|万千瓦|千瓦|兆瓦|吉瓦|万kW|kW|MWh|GWh|MW|GW|万吨|吨|万亩)"
                       r"(?:/" + _AMOUNT + r"(?:MWh|GWh|兆瓦时))?")


def _capacity_after_place(text, s, pos, unit_by_end) -> bool | None:
    """None when ``text[s:pos]`` is no part of a capacity; else whether the capacity follows a region or a
    place's name (the name goes on through it) or a verb or mark (建设200万千瓦风电项目 names a kind)."""
    for mt in _CAPACITY.finditer(text, max(0, s - 12), min(len(text), pos + 8)):
        if mt.start() <= s and pos <= mt.end():
            before = unit_by_end.get(mt.start())
            if before is None:
                return False
            bw = text[before[0]:mt.start()]
            return before[1] or not (bw in _LEX.stopwords or word_pos(bw) in _STOP_POS_OR_VERB | {"vn"}
                                     or not all(NAME_CHARS.match(c) for c in bw))
    return None


def _word_step(text, i, s, pos, word, unit_by_end, ends_of_found) -> tuple[int | None, bool]:
    """Whether the plain word ``text[s:pos]`` belongs to the name."""
    capacity = _capacity_after_place(text, s, pos, unit_by_end)
    if capacity is not None:  # 某市200万千瓦风电项目: a plant's capacity after its place is in its name
        return (s, True) if capacity else (None, False)
    if word in _DEALS_NO_NAME_HOLDS and pos != i and len(word) >= 2:
        return None, False  # 以某方式购得 + 某某科技有限公司: a deal's verb before the name's first word is none of it
    if len(word) > 2 and word[0] in _FUSED_FUNCTION_WORDS and word_pos(word) in ("nr", "ng", ""):
        return s + 1, False  # 由 + 青禾 guessed one name by jieba (某项目由某集团投资): the name starts after 由
    if len(word) >= 2 and word[-1] in _JOINING_WORDS and word_pos(word) == "" and not DOMAIN_WORDS.fullmatch(word):
        return None, False  # 某城投 + 与 cut 城 | 投与 by jieba: the 与 joins two names, the name starts after it
    verb = _fused_appointment(text, s, word)
    if verb is not None:
        return (s + len(verb) if len(word) > len(verb) else None), False  # 某某任某集团董事长: the name follows 任
    numeric_stop = re.search(r"[0-9][.%]?$", word) and not re.match(r"[A-Za-z号]", text[pos:pos + 1])
    if word in _LEX.words("generic_nouns") or word in _PARTY_ROLES or numeric_stop or (
            _DATE_OR_COUNT.search(word) and word not in _LEX.words("pos_exceptions")):  # 青年 ends in 年, no date
        return None, False
    if word in _ROUTE_JOINERS and unit_by_end.get(s) is not None and unit_by_end[s][1]:
        return s, True  # 甲市经乙市至丙市铁路: places joined by 至/经 inside a route name
    if _PHASE.fullmatch(word):
        return s, True  # 某某产业园一期项目: a phase inside a project's name
    if word in ("·", "・") and unit_by_end.get(s) is not None and unit_by_end[s][1]:
        return None, False  # 某县·某集团签约仪式: a middle dot after a place joins two names, as a dash does
    if not all(NAME_CHARS.match(c) for c in word):
        return None, False
    if _hands_over(word):
        return None, False  # 某县将碳汇出让给 + 某公司: jieba cut 出 | 让给, and what is handed over is no name
    if word in _LEX.stopwords and not (pos == i and word in _LEX.words("nominal_build")
                                       and _project_ending_closes(text, i, unit_by_end)):
        inside = word == "和" and _and_inside_name(text, s, i, unit_by_end)
        return (s, True) if inside else (None, False)
    tag = word_pos(word)
    if len(word) == 1 and _split_brand(s, pos, i, unit_by_end):
        return s, True  # 某省 + 钧 + 泰 + 科贸…: a brand jieba does not know, cut into its characters
    if tag in _LEX.words("stop_pos") and word not in _LEX.words("pos_exceptions") \
            and not _ends_a_place_name(text, s, word, unit_by_end) and not _named_with_a_numeral(word, tag) \
            and not _numbered_institution(text, word, pos) \
            and not _first_of_a_split_place(text, s, pos, i, unit_by_end):
        return None, False
    if tag in ("v", "vn") and _opens_clause(text, s, pos, unit_by_end, i):
        return None, False
    if s in ends_of_found and _ending_at(text, i, EntityType.REGION):
        return None, False  # 某某项目落户某镇: the word right after another name is its predicate, in no place's name
    if _done_together(word):
        return None, False  # 合作开发 as one word: the predicate before the name
    if word in _LEX.titles or _NUMBER.fullmatch(word) or re.search(r"[0-9]+(年|月|日)$", word):
        return None, False
    joined = _joined_to_a_name(text, s, pos)
    if joined is not None:
        return joined, False  # 某局和市某局: jieba fused the first name's ending, 和 and the second's first word
    if (pos != i and name_ending(word, _LEX, lambda t: t.is_org)) or pos in ends_of_found:
        return None, False  # another name ends here
    return s, True


#: Function words jieba's guesser fuses with the first characters of the name after them (由青禾, 即青禾: one
#: word its dictionary lacks, or a guessed person's name): a preposition or a conjunction, no name's first character.
_FUSED_FUNCTION_WORDS = frozenset("由即与及在被把据")
#: Words joining two names, which jieba's guesser may fuse with the end of the name before (投 | 与 → 投与).
_JOINING_WORDS = frozenset("与及和同")
#: The verbs of taking up a post (任, 现任, 曾任 …), longest first.
_APPOINTING = tuple(sorted(_LEX.words("appointment_verbs"), key=lambda v: (-len(v), v)))


def _fused_appointment(text, s, word) -> str | None:
    """The verb of taking up a post that *word* is or opens, when it does: 现任, or 任 fused by jieba with the
    name's first word as a person's name (任青禾, 曾任青), right after another word (某某任某集团董事长)."""
    if word in _APPOINTING:
        return word
    if s == 0 or not NAME_CHARS.match(text[s - 1]) or word_pos(word) not in ("nr", ""):
        return None
    return next((v for v in _APPOINTING if word.startswith(v) and len(word) > len(v)), None)


_NUMERALS = "0123456789一二三四五六七八九十百千万亿两零〇几多余第"
#: What follows a numeral in a count or a quantity word (三个, 一些, 多数, 三季, 一层), never a name's.
_MEASURES = "个家项次年月日号位名批届期座条种类份件台套只支处所些数起切般致同样共道直定度半成倍等级线点下季周天轮层楼"


def _named_with_a_numeral(word: str, tag: str) -> bool:
    """三峰, 四方: a word jieba tags as a numeral that goes on with more than numerals and measure words is a
    name's first word (某峰环境集团), not a count (三个, 第五届)."""
    rest = word.lstrip(_NUMERALS)
    return tag == "m" and len(word) >= 2 and bool(rest) and rest != word and not all(c in _MEASURES for c in rest)


#: An ordinal (第一, 第十二) numbering a school, a hospital or an institute in its place (某县第一中学,
#: 某市第二人民医院, 某所第三研究室): the usual way Chinese public institutions are named.
_ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇0-9]+")


def _numbered_institution(text: str, word: str, pos: int) -> bool:
    """Whether *word* is an ordinal whose name goes on (某县第一中学), not a count (第一批, 第二个, 第三届)."""
    return bool(_ORDINAL.fullmatch(word)) and pos < len(text) and text[pos] not in _MEASURES


def _ends_a_place_name(text, s, word, unit_by_end) -> bool:
    """A lone 口, 湾, 岛 or 洲 after a place's name ends that name (某江 + 口, 某海 + 湾), whatever jieba's
    tag for the character alone says."""
    prev = unit_by_end.get(s)
    return len(word) == 1 and word in "口湾岛洲" and prev is not None and word_pos(text[prev[0]:s]) == "ns"


def _first_of_a_split_place(text, s, pos, i, unit_by_end) -> bool:
    """某县 + 曲 + 山镇: jieba read a township's first character alone (as a measure word) and fused the
    second with the ending; right after a region, that lone character opens the name."""
    prev = unit_by_end.get(s)
    return pos - s == 1 and i - pos <= 2 and prev is not None and prev[1] \
        and _LEX.suffixes.get(text[i:i + 1]) is EntityType.REGION


def _joined_to_a_name(text: str, s: int, pos: int) -> int | None:
    """The position after a joiner (和, 与, 及) inside the word ``text[s:pos]`` that follows an
    organisation's ending, or None."""
    for k in range(pos - 1, s, -1):
        if text[k] in "和与及" and name_ending(text[max(0, k - 8):k], _LEX, lambda t: t.is_org):
            return k + 1
    return None


def _hands_over(word: str) -> bool:
    """Whether *word* ends in 给 (to) after a verb (让给, 卖给, 捐给, 出售给): what follows receives, no name holds
    it. 供给 (supply, 供给侧) is a noun."""
    return len(word) >= 2 and word.endswith("给") and word != "供给"


def _done_together(word: str) -> bool:
    """合作开发, 共同建设: a word of doing together and a verb, which jieba may keep as one word."""
    adverb = next((a for a in _LEX.words("joint_adverbs") if word.startswith(a) and len(word) > len(a)), None)
    return adverb is not None and word_pos(word[len(adverb):]) in ("v", "vn")


def _opens_clause(text, s, pos, unit_by_end, i: int) -> bool:
    """A verb inside a name is fine (经营改进某某项目); a verb that opens the clause is the predicate
    (宣读某某联合会, 合作开发某某项目)."""
    prev = unit_by_end.get(s)
    if prev is None or s == 0:
        return True
    if prev[1] and _after_a_locative(text, prev[0], unit_by_end):
        return True  # 在某市某区共建某某产业园: the verb after a place the clause is in is its predicate
    if _bracketed_region_before(text, s, unit_by_end):
        return False  # 某某(某市)认证中心: the bracket is inside the name, the word goes on with it
    pw = text[prev[0]:s]
    if text[s:pos] in _DEAL_VERBS and _ends_an_organisation(pw):
        return True  # 某集团购买某某集团…: a deal's verb right after another name's ending is its predicate
    before = text[max(0, s - 5):s]  # the ending may be cut into several words (融媒体 | 中心)
    if pos - s >= 2 and word_pos(text[s:pos]) == "v" \
            and (_ends_an_organisation(pw) or _ends_an_organisation(before)) \
            and not (_subsidiary_trade(before, text, i) and _trade_before_legal_form(text, pos, i, unit_by_end)):
        return True  # 某办公室设在某局, 某融媒体中心联合某集团: any verb right after an organisation's ending
        # (one word or several: 融媒体 | 中心) is its predicate, save a subsidiary's trade (某集团投资有限公司)
    if word_pos(pw) == "v" and pw not in _DEAL_VERBS and _bracketed_region_after(text, pos, i, unit_by_end):
        return False  # 某某登记结算(某市)有限责任公司: before the bracketed region is the registered name's trade
    if pw == "和" and _field_before(text, prev[0], unit_by_end) and _organ_ending_at(text, i):
        return False  # 发展和改革委员会, 文化和旅游厅: an organ's name joins two fields with 和
    if word_pos(pw) in ("v", "vn") and pw not in _LEX.stopwords and pw not in _DEAL_VERBS \
            and pw not in _LEX.words("joint_adverbs") and all(NAME_CHARS.match(c) for c in pw) \
            and (_ending_at(text, i, EntityType.PROJECT) or text.startswith(LEGAL_FORMS, i)):
        return False  # 综合应用示范项目, 煤制烯烃升级示范项目, 某某园区开发管理有限公司: verbs in a row name what a
        # project or a registered company does; the first of them decides, on the next step back
    return prev[1] is False and (pw in _LEX.stopwords or word_pos(pw) in _STOP_POS_OR_VERB
                                 or pw in _LEX.words("joint_adverbs")  # 合作开发: done together, a predicate
                                 or not all(NAME_CHARS.match(c) for c in pw))


def _trade_before_legal_form(text, pos, i, unit_by_end) -> bool:
    """Whether only words of a trade (nouns, verbs, words jieba does not know; no place) stand between *pos*
    and a legal form at *i*: 某集团 + 节能降碳 + 有限公司 is the group's subsidiary, its verb no predicate."""
    if not text.startswith(LEGAL_FORMS, i):
        return False
    k = i
    while k > pos:
        unit = unit_by_end.get(k)
        if unit is None or unit[1] or word_pos(text[unit[0]:k]) not in ("n", "v", "vn", ""):
            return False
        k = unit[0]
    return k == pos


def _subsidiary_trade(before: str, text: str, i: int) -> bool:
    """Whether a company's name may go on with a trade after *before* (某集团 + 投资有限公司): *before* ends a
    company's name and the ending at *i* is a plain legal form, not another group's (某某集团有限公司)."""
    return name_ending(before, _LEX, lambda t: t is EntityType.ENTERPRISE) is not None \
        and not text.startswith("集团", i)


def _ends_an_organisation(word: str) -> bool:
    """Whether *word* is an organisation's ending (集团) or ends with one (某某集团)."""
    typ = _LEX.suffixes.get(word)
    return (typ is not None and typ.is_org) or name_ending(word, _LEX, lambda t: t.is_org) is not None


def _field_before(text: str, s: int, unit_by_end: dict) -> bool:
    """Whether the word ending at *s* (before 和) names a field of work (发展, 文化, 住房): a noun of two
    characters, not a verb, a place or a person."""
    unit = unit_by_end.get(s)
    if unit is None or unit[1] or s - unit[0] != 2:
        return False
    return word_pos(text[unit[0]:s]) in ("n", "vn")


def _ending_at(text: str, i: int, typ: EntityType) -> bool:
    """Whether an ending of *typ* (a project's 项目, 电站; a place's 镇, 村) starts at *i*."""
    return any(_LEX.suffixes.get(text[i:i + n]) is typ for n in _LEX.suffix_lengths)


def _split_brand(s: int, pos: int, i: int, unit_by_end: dict) -> bool:
    """Whether the one character ``[s, pos)`` opens a brand jieba cut into single characters: a place right
    before it, another lone character right after it, and the name's ending further on (河北 + 钧 + 泰 +
    科贸发展有限公司: jieba tags 钧 a measure word, yet between a place and a character it is the brand's)."""
    before, after = unit_by_end.get(s), unit_by_end.get(pos + 1)
    return pos < i and before is not None and before[1] and after is not None and after[0] == pos \
        and not after[1]


def _project_ending_closes(text: str, i: int, unit_by_end: dict) -> bool:
    """Whether a project's ending starts at *i* and a word ends with it: 某某改造工程。, not 提升工程质量
    (jieba's one word, the quality of works, no ending)."""
    return any(_LEX.suffixes.get(text[i:i + n]) is EntityType.PROJECT and i + n in unit_by_end
               for n in _LEX.suffix_lengths)


def _organ_ending_at(text: str, i: int) -> bool:
    """Whether a government body's ending (局, 厅, 委员会) starts at *i*."""
    return any(_LEX.suffixes.get(text[i:i + n]) is EntityType.GOVERNMENT_BODY for n in _LEX.suffix_lengths)


def _after_a_locative(text: str, s: int, unit_by_end: dict) -> bool:
    """Whether the regions ending at the region unit starting at *s* follow 在/于 (在某市某区 …)."""
    while (prev := unit_by_end.get(s)) is not None and prev[1]:
        s = prev[0]
    return s > 0 and text[s - 1] in "在于"


def _bracketed_region_before(text: str, s: int, unit_by_end: dict) -> bool:
    """Whether a bracket holding only a region closes just before *s* (``某某(北京)`` + 认证中心)."""
    if s < 4 or text[s - 1] not in ")）":
        return False
    inner = unit_by_end.get(s - 1)
    return inner is not None and inner[1] and inner[0] > 0 and text[inner[0] - 1] in "(（"


def _bracketed_region_after(text: str, pos: int, i: int, unit_by_end: dict) -> bool:
    """Whether a bracket holding only a region stands in ``text[pos:i]`` (某某(武汉)有限责任公司)."""
    for k in range(pos, i):
        if text[k] in "(（":
            close = next((j for j in range(k + 1, min(i, k + 12)) if text[j] in ")）"), None)
            inner = unit_by_end.get(close) if close is not None else None
            return inner is not None and inner[1] and inner[0] == k + 1
    return False


def _and_inside_name(text, s, i, unit_by_end) -> bool:
    """``林业和草原局``: 和 joins two short nouns inside one name; not a person's name to the next name."""
    after = text[s + 1:i]
    before_unit = unit_by_end.get(s)
    if before_unit is None:
        return False
    bs, is_region = before_unit
    before = text[bs:s]
    if any(text.endswith(suf, 0, s) for suf, t in _LEX.suffixes.items() if t.is_org or len(suf) > 1):
        return False  # 某局和…, 国有林场和集体林场: 和 after a name's ending joins two names
    if word_pos(before) == "nr" or any(_titled_name(text, k) for k in range(max(0, s - 4), s - 1)):
        return False  # 市长王某和某某集团: 和 joins a person, named after a title, to the next name
    return (
        not is_region and 1 <= len(after) <= 6 and 2 <= len(before) <= 4
        and before not in _LEX.stopwords and not name_ending(before, _LEX, lambda t: t.is_org)
        and not before.endswith(tuple(_LEX.words("generic_nouns")))  # 职能部门和属地党委: two kinds, no name
    )


def _titled_name(text, k) -> bool:
    """Whether a title ends at *k* and a surname follows it (jieba may split the name: 王 + 立新)."""
    return (text[k] in _LEX.surnames or text[k:k + 2] in _LEX.surnames) \
        and any(text[max(0, k - n):k] in _LEX.titles for n in _LEX.title_lengths)
