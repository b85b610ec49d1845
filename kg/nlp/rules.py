"""Rule-based entity finders over one NFKC-normalised paragraph.

Each finder takes the text and its jieba word spans and returns
:class:`Candidate` spans; the spaCy components in :mod:`kg.nlp.components`
call them and write the results onto the ``Doc``. Kept free of spaCy so the
rules can be read and tested on plain strings.

>>> text = "兴安盟水务投资集团有限责任公司与中盛碳汇科技有限公司签订合同"
>>> [(text[c.start:c.end], c.type.value) for c in find_named_by_suffix(text, word_spans(text), [])]
[('兴安盟水务投资集团有限责任公司', 'Enterprise'), ('中盛碳汇科技有限公司', 'Enterprise')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import EntityType
from kg.nlp.lexicon import lexicon
from kg.nlp.tokenizer import word_pos
from kg.regions import countries, gazetteer

__all__ = [
    "Candidate",
    "word_spans",
    "find_regions",
    "find_named_by_suffix",
    "find_bodies",
    "find_titled_persons",
    "find_bylines",
    "is_cjk",
]

ENT, GOV, ORG, PER, OFF, PRJ, REG = (
    EntityType.ENTERPRISE, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION,
    EntityType.PERSON, EntityType.OFFICIAL, EntityType.PROJECT, EntityType.REGION,
)


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: EntityType
    source: str
    confidence: float
    code: str | None = None  # GB/T 2260 code of an administrative region


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF


def word_spans(text: str) -> list[tuple[int, int]]:
    """jieba word spans of *text* (used when no tokenizer features are at hand)."""
    from kg.nlp.tokenizer import word_features

    _, tags = word_features(text)
    spans, start = [], 0
    for i, t in enumerate(tags):
        if t.startswith(("B", "S")) or not t:
            start = i
        if t.startswith(("E", "S")) or not t:
            spans.append((start, i + 1))
    return spans


_NAME_CHARS = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9·＋+]")
_GENERIC_SHORT = frozenset(
    "青山 海南 东方 新城 城关 开发 中山 和平 长安 白云 安宁 永和 宁安 新华 向阳 先锋 胜利 红旗 前进 东风 "
    "共和 太平 东城 西城 南郊 城区 郊区 矿区 新区 高新 江南 江北 河东 河西 山东 山西 朝阳 东区 西区 南区 北区 "
    "中心 石景 兴安 同心 和林 宁城 方正 宝山 普陀 通州 丰台 海州 江都 上城 下城 鼓楼 城中 城东 城西 城南 城北".split()
)


_GENERIC_FULL = frozenset({"城区", "郊区", "矿区", "新区", "市中区", "开发区"})


def find_regions(text: str, words: list[tuple[int, int]], max_len: int = 12) -> list[Candidate]:
    """Administrative regions by longest match against the GB/T 2260 gazetteer, and countries."""
    countries_ = countries()
    gaz = gazetteer()
    starts_ = {s for s, _ in words}
    ends_ = {e for _, e in words}
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    out: list[Candidate] = []
    i, n = 0, len(text)
    while i < n:
        hit = None
        for L in range(min(max_len, n - i), 1, -1):
            form = text[i:i + L]
            if form in countries_ and (form != "中国" or text[i + L:i + L + 1] not in "共人"):
                # a country, standing as a word of its own (中国 also opens many names)
                if i in starts_ or i == 0:
                    hit = (L, None, 0.9)
                    break
            regions = gaz.by_name.get(form)
            if not regions or form in _GENERIC_FULL:
                continue
            full = any(r.name == form for r in regions)
            if not full:
                # short forms must stand as words of their own and not be common words
                if form in _GENERIC_SHORT:
                    continue
                if L < 3 and all(r.level == "县级" for r in regions if r.name != form):
                    continue  # two-character short forms of counties are mostly common words
                if L == 2 and not (i in starts and i + L in ends):
                    continue
                if i + L < n and text[i + L] in "市盟旗县区省州镇乡" and L == 2:
                    continue  # "包头市" is matched as a whole already
            hit = (L, regions[0], 0.95 if full else 0.8)
            break
        if hit:
            L, region, conf = hit
            out.append(Candidate(i, i + L, REG, "gazetteer", conf, region.code if region else None))
            i += L
        else:
            i += 1
    return out


def _unit_spans(words, regions):
    """Word spans with region matches fused into single units."""
    units = []
    covered = {}
    for c in regions:
        covered[c.start] = c.end
    i = 0
    ws = sorted(words)
    k = 0
    while k < len(ws):
        s, e = ws[k]
        if s in covered and covered[s] > s:
            re_ = covered[s]
            units.append((s, re_, True))
            while k < len(ws) and ws[k][1] <= re_:
                k += 1
            if k < len(ws) and ws[k][0] < re_:  # a word straddling the region end
                units.append((re_, ws[k][1], False))
                k += 1
            continue
        units.append((s, e, False))
        k += 1
    return units


def _ends_with_suffix(word: str) -> EntityType | None:
    lex = lexicon()
    for L in lex.suffix_lengths:
        if len(word) > L and word[-L:] in lex.suffixes and lex.suffixes[word[-L:]].is_org:
            return lex.suffixes[word[-L:]]
    return None


_GENERIC_TAILS = frozenset({"项目", "重点项目", "工程", "重点工程", "项目建设"})
_CITY_NAMED = frozenset({"机场", "国际机场", "口岸"})  # named after their city: 满洲里公路口岸
_TOWN_SUFFIXES = frozenset({"镇", "乡", "苏木", "嘎查"})
_INTERNAL_ORGANS = frozenset({"党委", "纪委", "党组", "工会", "团委", "董事会", "监事会", "关工委"})
_SUFFIX_BLOCKERS = {
    # suffix → characters that, following it, show it is not a name ending
    "局": "长地势",
    "乡": "村镇亲土里愁情音",
    "镇": "压守定静",
    "厅": "长",
    "部": "长署",
    "委": "员托",
    "办": "公事理法",
    "政府": "采",
    "项目": "部组办",
    "工程": "师院局",
    "公司": "债",
    "集团": "军化",
    "中心": "城区",
}


def find_named_by_suffix(
    text: str, words: list[tuple[int, int]], regions: list[Candidate], max_len: int = 28
) -> list[Candidate]:
    """Organisations, projects and places found by their name endings.

    The end is the suffix; the start is found by walking back word by word
    while the words may belong to a name (no stop word, punctuation, date,
    post title, or the end of another organisation's name).
    """
    lex = lexicon()
    units = _unit_spans(words, regions)
    unit_by_end = {e: (s, is_reg) for s, e, is_reg in units}
    region_ends = {c.end for c in regions}
    out: list[Candidate] = []
    n = len(text)
    i = 0
    while i < n:
        best = None
        for L in lex.suffix_lengths:
            j = i + L
            if j > n:
                continue
            suf = text[i:j]
            typ = lex.suffixes.get(suf)
            if typ is None:
                continue
            blockers = _SUFFIX_BLOCKERS.get(suf, "")
            if j < n and text[j] in blockers:
                continue
            if len(suf) == 1 and any(text[max(0, j - k):j] in lex.non_names for k in (2, 3)):
                continue
            best = (j, suf, typ)
            break
        if best is None:
            i += 1
            continue
        j, suf, typ = best
        if typ is PRJ and text[j:j + 2] == "项目":
            j += 2  # 五星抽水蓄能电站 + 项目: one name
            suf = suf + "项目"
        if out and out[-1].end == i and out[-1].type.is_org and suf in _INTERNAL_ORGANS:
            # "森工集团党委", "图里河森工公司工会": an enterprise's own committees are not bodies of their own
            i = j
            continue
        start = _walk_back(text, i, unit_by_end, region_ends, lex, max_len,
                           {c.end for c in out if c.type is not GOV or typ is not GOV})
        if start is not None and typ is GOV and out and out[-1].type is GOV and out[-1].end == start \
                and j - start <= len(suf) + 4 and text[start:start + 2] not in _REGION_LIKE:
            start = out[-1].start  # 中央纪律检查委员会 + 常务委员会
        if start is not None and typ is REG and suf not in _TOWN_SUFFIXES and suf not in _CITY_NAMED:
            lead = [c for c in regions if c.start == start and c.end < j - len(suf) and c.code
                    and gazetteer().by_code[c.code].level == "县级"]
            if lead:
                start = lead[0].end  # 额济纳东风着陆场 → 东风着陆场, in 额济纳旗
        if start is not None and suf in _TOWN_SUFFIXES:
            # 土左旗北什轴乡 → 北什轴乡 (the banner is its container, found as a region of its own)
            while True:
                lead = [c for c in regions if c.start == start and c.end < j - len(suf)]
                if not lead:
                    break
                start = lead[0].end
        if start is not None and text[start] in _OPEN_QUOTES:
            q = next((k for k in range(start + 1, j) if text[k] in _CLOSE_QUOTES), None)
            if q is not None and text[q + 1:j] in _GENERIC_TAILS:
                # “京数蒙算”重点项目: the name is what the quotes hold
                if q - start >= 3:
                    out.append(Candidate(start, q + 1, PRJ, "suffix", 0.8))
                i = j
                continue
        if start is not None and j - start > len(suf):
            name = text[start:j]
            if _plausible(name, suf, typ) and _anchored(text, start, j, suf, typ, regions + out):
                conf = 0.9 if len(suf) >= 2 else 0.6
                out.append(Candidate(start, j, typ, "suffix", conf))
        i = j if j > i else i + 1
    return _merge_chained(out, text)


def _merge_chained(cands: list[Candidate], text: str) -> list[Candidate]:
    """``X集团`` directly followed by ``有限公司`` → one name (the later suffix types it)."""
    out: list[Candidate] = []
    for c in cands:
        if out and out[-1].end == c.start and out[-1].type == c.type == ENT:
            prev = out.pop()
            c = Candidate(prev.start, c.end, c.type, c.source, max(prev.confidence, c.confidence))
        out.append(c)
    return out


def _walk_back(text, i, unit_by_end, region_ends, lex, max_len, ends_of_found=frozenset()):
    """Start of the name whose suffix begins at *i*, or None."""
    pos = i
    start = i
    while pos > 0 and i - pos < max_len:
        if text[pos - 1] in ")）":
            k = max(text.rfind("(", max(0, pos - 12), pos - 1), text.rfind("（", max(0, pos - 12), pos - 1))
            if k > 0 and pos - k <= 10:
                pos = k
                start = k
                continue
            break
        if text[pos - 1] in _CLOSE_QUOTES:
            # a quoted short name inside a name: “十四冬”组委会
            k = max(text.rfind(q, max(0, pos - 10), pos - 1) for q in _OPEN_QUOTES)
            if k >= 0 and k < pos - 2:
                pos = k
                start = k
                continue
            break
        unit = unit_by_end.get(pos)
        if unit is None:
            # the suffix began inside a jieba word: step back one character
            ch = text[pos - 1]
            if not _NAME_CHARS.match(ch):
                break
            pos -= 1
            start = pos
            continue
        s, is_region = unit
        word = text[s:pos]
        if is_region and text[pos:pos + 2] in _NATIONAL:
            break  # 北京 + 全国农业展览馆: a national name does not belong to a city
        if is_region or word in _REGION_LIKE:
            pos = s
            start = s
            # a name has regions only at its start: go on only through more regions,
            # or through 至/经 joining two places in a route name (临河至哈密铁路)
            prev = unit_by_end.get(pos)
            if prev is not None and text[prev[0]:pos] in ("至", "经"):
                before = unit_by_end.get(prev[0])
                if before is not None and before[1]:
                    pos = prev[0]
                    start = prev[0]
                    continue
            if prev is None or not (prev[1] or text[prev[0]:pos] in _REGION_LIKE):
                break
            continue
        numeric_stop = re.search(r"[0-9][.%]?$", word) and not re.match(r"[A-Za-z号]", text[pos:pos + 1])
        if word in _GENERIC_NOUNS or numeric_stop or re.search(r"^第.*[届次]$|[届年月日]$|[0-9](万|亿|元|吨|个|家|项|次|人)", word):
            break
        if word in ("至", "经") and unit_by_end.get(s) is not None and unit_by_end[s][1]:
            # 包头经鄂尔多斯至榆林铁路: places joined by 至/经 inside a route name
            pos = s
            start = s
            continue
        if not all(_NAME_CHARS.match(c) for c in word):
            break
        if word in lex.stopwords:
            if word == "和" and _and_inside_name(text, s, i, unit_by_end, lex):
                pos = s
                start = s
                continue
            break
        tag = word_pos(word)
        if tag in _STOP_POS and word not in _POS_EXCEPTIONS:
            break
        if tag in ("v", "vn"):
            # a verb inside a name is fine (经营改进VCS项目); a verb that opens the
            # clause is the predicate (宣读全国工商联)
            prev = unit_by_end.get(s)
            if prev is None or s == 0:
                break
            pw = text[prev[0]:s]
            if prev[1] is False and (pw in lex.stopwords or word_pos(pw) in _STOP_POS | {"v"}
                                     or not all(_NAME_CHARS.match(c) for c in pw)):
                break
        if word in lex.titles or re.fullmatch(r"[0-9一二三四五六七八九十百千万]+[年月日号]?", word):
            break
        if re.search(r"[0-9]+(年|月|日)$", word):
            break
        if (_ends_with_suffix(word) and pos != i) or pos in ends_of_found:
            break  # another name ends here
        if len(word) == 1 and word in lex.stopwords:
            break
        pos = s
        start = s
    return start if start < i else None


def _and_inside_name(text, s, i, unit_by_end, lex) -> bool:
    """``林业和草原局``: 和 joins two short nouns inside one name."""
    after = text[s + 1:i]
    before_unit = unit_by_end.get(s)
    if before_unit is None:
        return False
    bs, is_region = before_unit
    before = text[bs:s]
    if any(text[:s].endswith(suf) for suf, t in lex.suffixes.items() if t.is_org):
        return False
    return (
        not is_region and 1 <= len(after) <= 6 and 2 <= len(before) <= 4
        and before not in lex.stopwords and not _ends_with_suffix(before)
    )


_STOP_POS = frozenset({"d", "p", "c", "u", "r", "m", "q", "t", "y", "e", "o", "uj", "ul", "ud", "uz", "ug", "uv"})
_POS_EXCEPTIONS = frozenset({"全国", "中华"})
_REGION_LIKE = frozenset({"自治区", "全国", "国家", "中央", "中国", "中华", "中共"})
_NATIONAL = frozenset({"全国", "国家", "中央", "中国", "中华", "中共"})
_GENERIC_NOUNS = frozenset({"企业", "单位", "部门", "机构", "地方", "大额", "首笔", "相关", "有关", "重点", "全区", "全市", "全省"})
_OPEN_QUOTES = "“\"「『"
_CLOSE_QUOTES = "”\"」』"
_BAD_START = set("的了是在与及或等为被把将对向从由于之其该此各每个那这")


def _plausible(name: str, suf: str, typ: EntityType) -> bool:
    stem = name[: -len(suf)]
    if not stem or name[0] in _BAD_START or stem in ("省", "市", "县", "旗", "盟", "区"):
        return False  # 市总工会: a bare body, placed by the document's context
    if len(suf) == 1 and len(stem) < 2:
        return False
    if typ is PRJ and len(stem) < 2:
        return False
    if re.fullmatch(r"[0-9]+", stem):
        return False
    return True


def _anchored(text, start, end, suf, typ, regions) -> bool:
    """Weak endings (局, 厅; 项目, 工程; 学校, 林区 …) need a name that starts like a proper name."""
    weak_org = len(suf) == 1 or suf in lexicon().weak_suffixes
    if not (weak_org or typ is PRJ):
        return True
    if start > 0 and text[start - 1] == "*":
        return False
    if any(c.start == start for c in regions) or any(c.end == start for c in regions):
        return True
    head = text[start:start + 3]
    if head.startswith(tuple(_REGION_LIKE)) or text[start] in _OPEN_QUOTES or text[start] == "《":
        return True
    if typ is REG and (start == 0 or _PLACE_CUE.search(text[max(0, start - 4):start])
                       or (text[start - 1:start] == "的" and any(c.end == start - 1 for c in regions))):
        return True  # 来到西尼气林场, 在策克口岸, 北什轴乡的海流水库: a named place
    if typ is PRJ and suf not in lexicon().weak_suffixes and _BUILD_VERB.search(text[max(0, start - 6):start]):
        return True  # 开工建设五星抽水蓄能电站项目: a construction verb introduces a named project
    return False


_PLACE_CUE = re.compile(r"(来到|位于|在|前往|走进|抵达|赴|途经|经过|从|到|深入)$")
_BUILD_VERB = re.compile(r"(开工建设|新建|建设|实施|推进|开发|启动|投产|落地|签约|引进|打造|开行|建成)$")


def find_bodies(text: str) -> list[Candidate]:
    """National bodies from ``kg/data/central_bodies.tsv`` (国务院, 中央军委 …)."""
    lex = lexicon()
    out = []
    for surface, (typ, _name) in lex.bodies.items():
        for m in re.finditer(re.escape(surface), text):
            out.append(Candidate(m.start(), m.end(), typ, "bodies", 0.95))
    return out


_NAME_STOP = set(
    "说和与及等在出参表指强介代率主同一的对为到是也就带向陪会调看讲致通宣了已将并还又均分共携作"
    "、,，。；;：:！!？?（(）)“”\"'《》 \n"
)


_NAME_FOLLOWERS = frozenset({"代表", "表示", "主持", "出席", "参加", "指出", "强调", "介绍", "会见", "陪同", "带领",
                             "率领", "同志", "一行", "等人", "说明", "认为", "称赞", "会议", "先生", "女士", "调研",
                             "考察", "看望", "慰问", "致辞", "讲话", "宣布", "签约", "签署"})
_NOT_NAMES = frozenset({"关于", "同志", "一行", "全体", "干部", "职工", "代表", "同时", "安全", "方面", "成员", "委员"})


def _name_after(text: str, p: int, starts: set[int], ends: set[int]) -> int | None:
    """End of a personal name starting at *p*, or None."""
    lex = lexicon()
    n = len(text)
    if text[p:p + 2] in lex.stopwords or text[p:p + 2] in _NOT_NAMES:
        return None
    sur = 2 if text[p:p + 2] in lex.surnames else 1 if text[p:p + 1] in lex.surnames else 0
    if not sur:
        return None
    # candidates: total length 2 or 3 (4 for double surnames)
    for total in ((sur + 2, sur + 1) if sur == 1 else (sur + 2, sur + 1)):
        e = p + total
        if e > n or not all(is_cjk(c) for c in text[p:e]):
            continue
        if text[e - 1] in "说称讲道表":
            continue
        if total > sur + 1 and text[e - 1:e + 1] in _NAME_FOLLOWERS:
            continue  # 梁华代表公司: 代表 follows the name 梁华
        if e == n or text[e] in _NAME_STOP or text[e:e + 2] in lex.titles:
            return e
        if e in ends and e in starts and total >= 3 and text[e] not in _NAME_STOP:
            # jieba agrees the name ends here
            return e
    e = p + sur + 1
    if e <= n and all(is_cjk(c) for c in text[p:e]) and (e == n or text[e] in _NAME_STOP):
        return e
    return None


def _translit_name_after(text: str, p: int) -> int | None:
    """胡达古拉: a minority name written phonetically, 3–6 characters, up to a clear boundary."""
    lex = lexicon()
    e = p
    while e < len(text) and e - p < 6 and text[e] in lex.translit:
        e += 1
    if e - p >= 3 and (e == len(text) or text[e] in _NAME_STOP or text[e:e + 2] in ("参加", "出席", "主持", "表示")):
        return e
    return None


def find_titled_persons(text: str, words: list[tuple[int, int]]) -> list[tuple[Candidate, int]]:
    """``董事长张良``: a post title right before a name makes an official.

    Returns ``(candidate, title_start)`` pairs.
    """
    lex = lexicon()
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    out = []
    n = len(text)
    i = 0
    while i < n:
        hit = None
        for L in lex.title_lengths:
            if text[i:i + L] in lex.titles:
                hit = L
                break
        if not hit:
            i += 1
            continue
        p = i + hit
        # a title directly followed by another title ("书记、董事长") is handled on the next loop
        e = _name_after(text, p, starts, ends) if p < n else None
        if e is None and p < n:
            e = _translit_name_after(text, p)
        if e is not None and text[p:e] not in lex.titles:
            out.append((Candidate(p, e, OFF, "title", 0.85), i))
            i = e
        else:
            i += hit
    return out


def find_name_then_title(text: str) -> list[tuple[Candidate, str, str, int, int]]:
    """``习近平总书记``: a name followed by a title that implies its body.

    Returns ``(candidate, title, body, title_start, title_end)``.
    """
    lex = lexicon()
    out = []
    for title, body in lex.implied_posts.items():
        for m in re.finditer(re.escape(title), text):
            ts = m.start()
            p = _name_ending_at(text, ts)
            if p is not None:
                out.append((Candidate(p, ts, OFF, "name-title", 0.85), title, body, ts, m.end()))
    return out


def _name_ending_at(text: str, e: int) -> int | None:
    """Start of a Han name (surname first, 2–4 characters) that ends at *e* and stands alone."""
    lex = lexicon()
    for total in (3, 2, 4):
        p = e - total
        if p < 0:
            continue
        cand = text[p:e]
        if not all(is_cjk(c) for c in cand) or (cand[0] not in lex.surnames and cand[:2] not in lex.surnames):
            continue
        if p > 0 and is_cjk(text[p - 1]) and text[p - 1] not in "、和与在对向以按据把将由被是为同" \
                and word_pos(text[max(0, p - 2):p]) not in ("v", "vn", "p", "c"):
            continue  # inside a longer word; a verb or preposition before the name is fine
        if cand in lex.stopwords or cand[:2] in _NOT_NAMES:
            continue
        return p
    return None


_LEADERS = re.compile(r"等(?:党和国家|中央|省|自治区|市)?(?:领导人|领导同志|领导)")


def _names_before(text: str, e: int) -> list[tuple[int, int]]:
    """Names listed right before *e*, joined by 、 or 和 (``李强、赵乐际、王沪宁``), in order."""
    names = []
    while e > 0:
        p = _name_ending_at(text, e)
        if p is None:
            break
        names.append((p, e))
        e = p
        if e > 0 and text[e - 1] in "、和":
            e -= 1
        else:
            break
    return names[::-1]


def find_leader_lists(text: str) -> list[Candidate]:
    """``李强、赵乐际、王沪宁…等党和国家领导人``: every name in the list is an official."""
    out = []
    for m in _LEADERS.finditer(text):
        names = _names_before(text, m.start())
        if len(names) >= 2:
            out.extend(Candidate(p, e, OFF, "leader-list", 0.8) for p, e in names)
    return out


_BARE_BODY = re.compile(
    r"(省|市|县|旗|盟)"
    r"(委常委会|委宣传部|委组织部|委统战部|委|人民政府|政府|人大常委会|政协|纪委监委|纪委|总工会|妇联|发改委|发展改革委|"
    r"财政局|教育局|生态环境局|林草局|农牧局|财政厅|科技厅|工信厅|国资委|商务厅)"
)
_AFTER_STOP = set("在由和与及对向据从经被把将为,，。；;、“\"（(：: ")


def find_bare_bodies(text: str) -> list[Candidate]:
    """``市委``, ``省政府``, ``市总工会`` written without the place: the document's place (resolved later)."""
    out = []
    for i, ch in enumerate(text):
        if ch not in "省市县旗盟" or (i > 0 and is_cjk(text[i - 1]) and text[i - 1] not in _AFTER_STOP):
            continue
        m = _BARE_BODY.match(text, i)
        if m:
            out.append(Candidate(i, m.end(), GOV if "总工会" not in m.group(0) and "妇联" not in m.group(0) else ORG,
                                 "bare-body", 0.7))
    return out


_REPRESENT = re.compile(r"(?:分别)?代表")


def find_representatives(text: str) -> list[Candidate]:
    """``关立春、陈军分别代表森工集团、蒙盐集团…``: the names before 代表 are people."""
    return [Candidate(p, e, PER, "representative", 0.75)
            for m in _REPRESENT.finditer(text) for p, e in _names_before(text, m.start())]


_BYLINE = re.compile(r"(?:记者|通讯员|摄影|摄|文案|设计|监制|编辑|撰文|文/图|文|图)\s*[:：]?\s*")


def find_bylines(text: str) -> list[Candidate]:
    """Names after 记者/通讯员/文案 … in bylines: persons."""
    lex = lexicon()
    out = []
    for m in _BYLINE.finditer(text):
        p = m.end()
        for _ in range(4):  # up to four names in a row
            e = None
            for total in (3, 2):
                q = p + total
                if q <= len(text) and text[p] in lex.surnames and all(is_cjk(c) for c in text[p:q]):
                    if q == len(text) or not is_cjk(text[q]) or text[q] in lex.surnames or text[q] in "说摄报文":
                        e = q
                        break
            if e is None:
                break
            out.append(Candidate(p, e, PER, "byline", 0.6))
            p = e
            while p < len(text) and text[p] in " 、,，":
                p += 1
    return out
