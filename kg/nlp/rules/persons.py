"""Personal names: the shapes of a Han name (surname + one or two characters), phonetically written
minority names, names listed before 代表 and in bylines.

Surnames, stop words and the words that follow a name are data (``surnames.txt``, ``rule_words.txt``).
"""

from __future__ import annotations

import re

from kg.nlp.lexicon import lexicon
from kg.nlp.rules.base import PER, Candidate
from kg.nlp.shapes import is_cjk
from kg.nlp.words import word_pos

__all__ = ["reads_as_official", "name_after", "translit_name_after", "dotted_name_after", "name_ending_at",
           "names_before", "find_representatives", "find_bylines"]

_LEX = lexicon()
_NAME_STOP = _LEX.words("name_stops") | {" ", "\n"}
_FOLLOWERS = _LEX.words("name_followers")
#: Function words that, as a word of their own right after a name, end it (王某和…, 王某在…, 王某对…).
_FUNCTION_CHARS = frozenset("和与及等在对为的是也就了已将并还又均向到由把被给曾")
_CONJUNCTIONS = frozenset("和与及")
_ATTENDANCE = ("参加", "出席", "主持", "表示")
_SPEECH_END = "说称讲道表"
_JOIN_BEFORE_NAME = "、和与在对向以按据把将由被是为同"
#: 代表 as a verb: not 代表团 (a delegation: 某县代表团赴…) nor 代表处 (an office).
_REPRESENT = re.compile(r"(?:分别)?代表(?![团处])")
_BYLINE = re.compile(r"(?:记者|通讯员|摄影|摄|文案|设计|监制|编辑|撰文|文/图|文|图)\s*[:：]?\s*")


def _stops_name(text: str, e: int) -> bool:
    return e == len(text) or text[e] in _NAME_STOP


def name_after(text: str, p: int, starts: set[int], ends: set[int]) -> int | None:
    """End of a personal name starting at *p*, or None; *starts*/*ends* are jieba's word bounds."""
    if text[p:p + 2] in _LEX.stopwords or text[p:p + 2] in _LEX.words("not_names"):
        return None
    sur = 2 if text[p:p + 2] in _LEX.surnames else 1 if text[p:p + 1] in _LEX.surnames else 0
    if not sur:
        return None
    if text[p] in _CONJUNCTIONS and p + 1 in starts:
        return None  # 董事长和总经理: a rare surname that jieba reads as a conjunction of its own
    for total in (sur + 2, sur + 1):  # a given name of two characters, then of one
        e = p + total
        if e > len(text) or not all(is_cjk(c) for c in text[p:e]) or text[e - 1] in _SPEECH_END:
            continue
        if total > sur + 1 and text[e - 1:e + 1] in _FOLLOWERS:
            continue  # 王某代表公司: 代表 follows the two-character name
        if total > sur + 1 and text[e - 1] == "等":
            continue  # 局长甲乙等。, 甲乙等领导: 等 closes a list of names (no name in CLUENER or MSRA ends with it)
        if total > sur + 1 and text[e - 1] in _FUNCTION_CHARS and e - 1 in starts:
            continue  # 王某和…, 王某在…: jieba reads the third character as a word of its own, a function word
        if total > sur + 1 and text[e - 1] in _CONJUNCTIONS and text[e:e + 1] in _LEX.surnames \
                and text[e:e + 2] not in _LEX.stopwords:
            continue  # 甲乙及丙丁: a conjunction before another surname joins two names (jieba may fuse 乙及)
        if _stops_name(text, e) or text[e:e + 2] in _LEX.titles or text[e:e + 1] in _SPEECH_END \
                or text[e:e + 2] in _FOLLOWERS:
            return e  # …, a title, a verb of saying (某某某称: jieba writes 某某某称 as one word) or a follower
        if e in ends and e in starts and total >= 3:
            return e  # jieba agrees the name ends here
        if total == 2 and e in starts and p + 1 not in ends and word_pos(_word_at(text, e, starts)) in _AFTER_NAME_POS:
            return e  # 副行长甲乙否认…: a verb, adverb, time or preposition jieba reads right after two characters
    e = p + sur + 1
    if e <= len(text) and all(is_cjk(c) for c in text[p:e]) and _stops_name(text, e):
        return e
    return None


#: jieba's tags of a word that, read right after two characters, shows them to be a whole name: a verb, an
#: adverb, a time word or a preposition (副行长甲乙否认…, 副部长甲乙昨天…).
_AFTER_NAME_POS = frozenset({"v", "d", "t", "p"})


def _word_at(text: str, e: int, starts: set[int]) -> str:
    """The jieba word that starts at *e* (up to the next word start, four characters at most)."""
    q = next((k for k in range(e + 1, min(len(text), e + 4) + 1) if k in starts), min(len(text), e + 4))
    return text[e:q]


def translit_name_after(text: str, p: int) -> int | None:
    """A minority name written phonetically, 3–6 characters, up to a clear boundary."""
    e = p
    while e < len(text) and e - p < 6 and text[e] in _LEX.translit:
        e += 1
    if e - p >= 3 and (_stops_name(text, e) or text[e:e + 2] in _ATTENDANCE):
        return e
    return None


_DOT = "·•・‧"


def dotted_name_after(text: str, p: int) -> int | None:
    """End of ``甲乙·丙丁`` at *p*, the way Chinese writes transliterated names: Han parts of 1–6 characters
    joined by middle dots, the last part ending where a name ends (a stop, a title, a word that follows names)."""
    q = p
    for _ in range(4):  # at most four parts
        e = q
        while e < len(text) and e - q < 6 and is_cjk(text[e]):
            e += 1
        if e == q:
            return None
        if text[e:e + 1] in _DOT and e + 1 < len(text) and is_cjk(text[e + 1]):
            q = e + 1
            continue
        if q == p:
            return None  # no dot: not this shape
        for end in range(q + 1, e + 1):  # the last part: the shortest reading a boundary closes
            if _stops_name(text, end) or text[end:end + 2] in _LEX.titles or text[end:end + 2] in _FOLLOWERS:
                return end
        return None
    return None


def name_ending_at(text: str, e: int) -> int | None:
    """Start of a Han name (surname first, 2–4 characters) that ends at *e* and stands alone."""
    for total in (3, 2, 4):
        p = e - total
        if p < 0:
            continue
        cand = text[p:e]
        if not all(is_cjk(c) for c in cand) or (cand[0] not in _LEX.surnames and cand[:2] not in _LEX.surnames):
            continue
        if p > 0 and is_cjk(text[p - 1]) and text[p - 1] not in _JOIN_BEFORE_NAME \
                and word_pos(text[max(0, p - 2):p]) not in ("v", "vn", "p", "c"):
            continue  # inside a longer word; a verb or preposition before the name is fine
        if cand in _LEX.stopwords or cand[:2] in _LEX.words("not_names"):
            continue
        return p
    return None


def names_before(text: str, e: int) -> list[tuple[int, int]]:
    """Names listed right before *e*, joined by 、 or 和 (``甲某、乙某、丙某``), in order."""
    names = []
    while e > 0:
        p = name_ending_at(text, e)
        if p is None:
            break
        names.append((p, e))
        e = p
        if e > 0 and text[e - 1] in "、和":
            e -= 1
        else:
            break
    return names[::-1]


_CREDITS = re.compile("|".join(sorted(_LEX.words("credit_words"), key=len, reverse=True)))
_NON_OFFICIAL = tuple(_LEX.words("non_official_roles"))


def reads_as_official(text: str, start: int, end: int) -> bool:
    """Whether a name the statistical model read at ``text[start:end]``, with no post title beside it, is an
    official. In the seeds' and the fit split's gold 164 of the 248 named people are officials; most of the
    others are credited for the report (记者某某, 编辑：某某, （某某）, 某某摄) or named by a role that is no post
    (工作人员某某, 研究员某某, 道德模范某某). A name of a person's shape outside those, that does what people
    do in a report (speaks, attends, meets: 某某表示, 某某一行, 甲、乙出席), is read as an official.
    The text looked at is bounded (the 40 characters before the name, a short list after it)."""
    name = text[start:end]
    if not (2 <= len(name) <= 3 or (len(name) == 4 and name[:2] in _LEX.surnames)) or "某" in name:
        return False
    line_start = max([max(0, start - 40)] + [text.rfind(c, max(0, start - 40), start) + 1 for c in "\n。！？!?"])
    if _CREDITS.search(text, line_start, start) or text.startswith(("摄", "报道"), end):
        return False
    if start > 0 and text[start - 1] in "(（" and text[end:end + 1] in ")）":
        return False  # （某某）: a report's credit in brackets
    if text[max(0, start - 5):start].endswith(_NON_OFFICIAL) or name[-1] in _NOT_A_NAMES_END:
        return False
    if start > 0 and text[start - 1] == "的":
        return False  # 现年35岁的某某: a person described, not introduced by a post
    # what the name does next: a verb of the report or a preposition (某某表示, 某某一行, 某某对…), as after a
    # person; a noun's reading (林木加工, 钱库、碳库) and the lists of honoured people (某某等10人) are not
    return _list_of_people(text, end)


def _list_of_people(text: str, end: int) -> bool:
    """Whether the 、 list that a name ending at *end* opens or continues ends as names do: its last item, of
    two to four characters, followed by what a person does (甲、乙、丙出席) — not by a noun (林果、林菌、林畜种养)
    or a count (甲、乙等15人)."""
    p = end
    while text[p:p + 1] == "、":
        q = p + 1
        while q < len(text) and q - p <= 5 and is_cjk(text[q]) and text[q] != "、":
            q += 1
        if text[q:q + 1] == "、":
            p = q
            continue
        return any(_acts_after(text, p + 1 + k) for k in (2, 3, 4) if p + 1 + k <= q)
    return _acts_after(text, end)


def _acts_after(text: str, e: int) -> bool:
    """Whether a name ending at *e* is followed by what a person does (a verb, a preposition, a mark)."""
    if e >= len(text):
        return False
    if text[e] == "等":
        return not (e + 1 < len(text) and (text[e + 1].isdigit() or text[e + 1] in "一二三四五六七八九十数多几"))
    return text[e] in _ACTS_AFTER_NAME or text[e:e + 2] in _FOLLOWERS


#: Name stops that say a person acts: a verb's or a preposition's first character, a clause's or a bracket's
#: mark (某某表示, 某某对…, 某某，); not 的, 等 (a count may follow), 、 (a list), quotes or titles of works.
_ACTS_AFTER_NAME = frozenset(_NAME_STOP) - set("的等、；;“”\"'《》！!？?")
#: Last characters of what the model read as a name that end a body's, a place's or a credit's word instead
#: (某某局, 某某港, 某某摄).
_NOT_A_NAMES_END = frozenset("局委办厅院所站网港旗县市镇乡区省库摄")


def find_representatives(text: str) -> list[Candidate]:
    """``甲某、乙某分别代表A、B…``: the names before 代表 are people — not a body whose deputies they are
    (全国人大代表, 区人大代表, 党代表: a national word or a body's name read as a surname and a name)."""
    return [Candidate(p, e, PER, "representative", 0.75)
            for m in _REPRESENT.finditer(text) for p, e in names_before(text, m.start())
            if not text.startswith(_NATIONAL, p) and not text[p:e].endswith(_DEPUTIES_OF)]


_NATIONAL = tuple(_LEX.words("region_like"))
#: Bodies whose members are called their 代表 (人大代表, 党代表, 政协委员代表).
_DEPUTIES_OF = ("人大", "党", "政协", "职代会", "团")


def find_bylines(text: str) -> list[Candidate]:
    """Names after 记者/通讯员/文案 … in bylines: persons (up to four in a row)."""
    out = []
    for m in _BYLINE.finditer(text):
        p = m.end()
        for _ in range(4):
            e = _byline_name(text, p)
            if e is None:
                break
            out.append(Candidate(p, e, PER, "byline", 0.6))
            p = e
            while p < len(text) and text[p] in " 、,，":
                p += 1
    return out


def _byline_name(text: str, p: int) -> int | None:
    for total in (3, 2):
        q = p + total
        if q <= len(text) and text[p] in _LEX.surnames and all(is_cjk(c) for c in text[p:q]):
            if q == len(text) or not is_cjk(text[q]) or text[q] in _LEX.surnames or text[q] in "说摄报文":
                return q
    return None
