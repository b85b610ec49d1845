"""The shapes of Chinese text that every stage asks about — one copy of each.

* :func:`is_cjk` and :data:`NAME_CHARS`: what a Han character is, what a name may hold;
* :func:`nfkc_char`, :func:`nfkc_same_length`: full-width forms folded, offsets kept;
* :func:`simplified_same_length`: traditional characters in their simplified form, offsets kept;
* :func:`matching_form`: both, the text every finder matches;
* :func:`name_key`: the matching form of a printed name (no spaces, no quotes);
* :func:`spans_from_tags`: B/M/E/S word tags → word spans;
* :func:`name_ending`: the longest organisation or place ending a name has (from ``org_suffixes.tsv``);
* :func:`is_subsequence`: the characters of a short form, in order, inside a long name;
* :func:`starts_finder`: where the next character that can open a listed word is (the scanners' jump).

Region prefixes are looked up by :meth:`kg.regions.Gazetteer.longest_prefix`. Pure Python: no spaCy.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from kg.model import EntityType

__all__ = [
    "HAN_CLASS", "NAME_CHARS", "QUOTES", "is_cjk", "nfkc_char", "nfkc_same_length", "simplified_same_length", "matching_form", "name_key", "spans_from_tags",
    "name_ending", "is_subsequence", "NATIONAL_PREFIXES", "LEGAL_FORMS", "national_prefix", "starts_finder",
    "NAMED_NATIONAL", "TITLE_LIST_JOINERS", "BRANCH", "COUNTED_KIND", "POST_REMARK", "ALIAS_DECLARATION",
]

#: The Han characters of :func:`is_cjk`, as the inside of a regular-expression character class.
HAN_CLASS = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
#: A character a name may hold: Han, Latin letters, digits, the middle dot of transliterated names, plus.
NAME_CHARS = re.compile(f"[{HAN_CLASS}A-Za-z0-9·＋+]")
#: A count of a kind, no name (两大集团, 三家公司, 多个项目): a numeral and a measure word open it. 百, 千 and
#: 万 are left out, as they open brands (万家某某).
COUNTED_KIND = re.compile("[一二两三四五六七八九十几多数]+[大家个所座批类项]")
#: A short remark on a post in brackets right after its title, before the name (副总经理（主持工作）王某;
#: 挂职, 正厅级, 兼): up to six Han characters, no name inside.
POST_REMARK = re.compile("[(（][\u4e00-\u9fff、]{1,6}[)）]")
#: A short name declared in brackets right after a name (某某有限公司（以下简称“某某”）): group 1 is the short name.
#: Match it at the bracket (``ALIAS_DECLARATION.match(text, pos)``).
ALIAS_DECLARATION = re.compile(r"[(（]\s*(?:以下简称|以下称|下称|简称)[:：]?\s*[“\"「]?([^”\"」)）]{2,12})[”\"」]?\s*[)）]")
#: Quotation marks, dropped from matching forms.
QUOTES = "“”\"「」『』‘’'"


def is_cjk(ch: str) -> bool:
    """A Han character (CJK unified ideographs, extension A, compatibility ideographs, and the
    supplementary ideographic planes where rare name characters live)."""
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


@functools.lru_cache(maxsize=8192)
def nfkc_char(ch: str) -> str:
    """NFKC of one character when it stays one character (Ｘ → X, ２ → 2), else the character."""
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


def nfkc_same_length(text: str) -> str:
    """NFKC character by character, keeping the length (offsets stay valid)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text  # every character its own NFKC
    # one pass in C over a table of the characters that change, which grows with the characters met
    new = set(text).difference(_NFKC_SEEN)
    if new:
        _NFKC_TABLE.update({ord(c): n for c in new if (n := nfkc_char(c)) != c})
        _NFKC_SEEN.update(new)
    return text.translate(_NFKC_TABLE)


def matching_form(text: str) -> str:
    """What the finders match: :func:`simplified_same_length`, then :func:`nfkc_same_length` (same length)."""
    return nfkc_same_length(simplified_same_length(text))


def simplified_same_length(text: str) -> str:
    """*text* with its traditional characters in their simplified form, one for one (銀行 → 银行), so that
    news from Hong Kong, Macao and Taiwan meets the same titles, endings and gazetteer; offsets stay valid.

    OpenCC's character table gives the simplified form. A character of the simplified standard set
    (GB 2312) is never changed (乾 stays: 乾隆), nor one whose simplified form lies outside that set; a
    character with no one-character form stays as printed. Like :func:`nfkc_same_length`, one pass in C
    over a table that grows with the characters met."""
    new = set(text).difference(_T2S_SEEN)
    if new:
        convert = _opencc_t2s().convert
        for c in new:
            if is_cjk(c) and not _in_gb2312(c):
                simple = convert(c)
                if len(simple) == 1 and simple != c and _in_gb2312(simple):
                    _T2S_TABLE[ord(c)] = simple
        _T2S_SEEN.update(new)
    return text.translate(_T2S_TABLE) if _T2S_TABLE else text


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _opencc_t2s():
    import opencc  # the C++ converter and its dictionaries ship in the wheel

    return opencc.OpenCC("t2s")


#: :func:`simplified_same_length`'s table (code point → its simplified character, where that differs) and the
#: characters looked at so far.
_T2S_TABLE: dict[int, str] = {}
_T2S_SEEN: set[str] = set()

#: :func:`nfkc_same_length`'s table (code point → its one-character NFKC, where that differs) and the
#: characters looked at so far (a few thousand in a year of news).
_NFKC_TABLE: dict[int, str] = {}
_NFKC_SEEN: set[str] = set()


def name_key(text: str, fold: bool = False) -> str:
    """The matching form of a surface: without whitespace and quotes; with *fold*, NFKC first."""
    if fold:
        text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and c not in QUOTES)


def spans_from_tags(tags: Iterable[str]) -> list[tuple[int, int]]:
    """Word spans from per-character B/M/E/S tags (an empty tag is a word of its own)."""
    spans, start = [], 0
    for i, t in enumerate(tags):
        if not t or t[0] in "BS":
            start = i
        if not t or t[0] in "ES":
            spans.append((start, i + 1))
    return spans


def name_ending(name: str, lex, where: Callable[[EntityType], bool] | None = None) -> tuple[str, EntityType] | None:
    """``(ending, type)`` of the longest name ending *name* has beyond the ending itself; with *where*,
    the longest whose type passes it."""
    for n in lex.suffix_lengths:
        if len(name) > n:
            typ = lex.suffixes.get(name[-n:])
            if typ is not None and (where is None or where(typ)):
                return name[-n:], typ
    return None


#: Words that open national names (中国某某集团): a region chain inside the name starts after them.
NATIONAL_PREFIXES = ("中国", "中华")
#: Legal forms of company names, longest first: what is left without one is the name a company goes by.
#: What joins the names a post title lists (县委常委甲、乙, 副总经理甲和乙): the rules read the names, the post
#: finder gives each the title's posts.
TITLE_LIST_JOINERS = ("、", "和", "及")
LEGAL_FORMS = ("集团有限责任公司", "集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司")

#: A branch's ending: its name holds its parent's (某某银行某省分行, 某某集团某市分公司).
BRANCH = re.compile(r"(分行|支行|分公司|子公司|分院|分局|分中心)$")


#: A place's own name (group 1) before a national designation: 某河 + 国家文化公园, 某山 + 国家公园.
NAMED_NATIONAL = re.compile(f"([{HAN_CLASS}]{{2,4}}?)国家[{HAN_CLASS}]{{2}}")


def national_prefix(name: str) -> int:
    """The length of a leading 中国/中华 that opens a longer name (中国某某集团 → 2), else 0."""
    return next((len(p) for p in NATIONAL_PREFIXES if name.startswith(p) and len(name) > len(p) + 2), 0)


def is_subsequence(short: str, long: str) -> bool:
    """Whether the characters of *short* occur in *long* in order."""
    it = iter(long)
    return all(c in it for c in short)


def starts_finder(words: Iterable[str]) -> Callable[[str, int], int]:
    """``find(text, i)``: the first position ≥ *i* whose character opens one of *words*, else ``len(text)``.

    The rule scanners try their word lists only there: a position whose character opens no word
    yields nothing, and the search over the rest runs in the regular-expression engine.

    >>> find = starts_finder(["董事长", "局长"])
    >>> find("新任董事长王某", 0), find("无", 0)
    (2, 1)
    """
    chars = sorted({w[0] for w in words if w})
    if not chars:
        return lambda text, i: len(text)
    search = re.compile("[" + "".join(re.escape(c) for c in chars) + "]").search

    def find(text: str, i: int) -> int:
        m = search(text, i)
        return m.start() if m else len(text)

    return find
