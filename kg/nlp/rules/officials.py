"""Officials: people named with their post.

* ``董事长王某`` — a post title (``position_titles.txt``) right before a name;
* ``王某（某某集团董事长）`` — a name with its title in the bracket after it;
* ``王某总书记`` — a name before a title that implies its body (``implied_posts.tsv``);
* ``甲某、乙某…等党和国家领导人`` — every name of a leaders' list.
"""

from __future__ import annotations

import functools
import re

from kg.nlp.lexicon import lexicon
from kg.nlp.rules.base import OFF, Candidate
from kg.nlp.rules.persons import dotted_name_after, name_after, name_ending_at, names_before, translit_name_after
from kg.nlp.shapes import POST_REMARK, TITLE_LIST_JOINERS, is_cjk, starts_finder
from kg.regions import gazetteer

__all__ = ["find_titled_persons", "find_name_then_title", "find_leader_lists"]

_LEADERS = re.compile(r"等(?:党和国家|中央|省|自治区|[市州盟县旗区镇乡]|集团|公司|双方)?(?:领导人|领导同志|领导)")
#: 担任/时任/现任/作为/身为 opening the clause of a title chain: the name may follow the chain after 的 or a
#: comma (担任某集团董事长的王某, 作为某集团董事长，王某).
_APPOSITION = re.compile(r"(?:^|[，,。；;：:！？\n])(?:[^，,。；;：:！？\n]{0,6}?)(?:担任|时任|现任|作为|身为)[^，,。；;：:！？\n]*$")


def find_titled_persons(text: str, words: list[tuple[int, int]]) -> list[tuple[Candidate, int]]:
    """``董事长王某``: a post title right before a name makes an official.

    Returns ``(candidate, title_start)`` pairs.
    """
    lex = lexicon()
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    out = []
    n = len(text)
    i = 0
    next_title = _title_starts()
    while (i := next_title(text, i)) < n:
        hit = next((L for L in lex.title_lengths if text[i:i + L] in lex.titles), None)
        if not hit or _inside_places(text, i, i + hit):
            i += 1
            continue
        p = i + hit
        if p < n and text[p] in "的，," and _APPOSITION.search(text, max(0, i - 30), i):
            p += 1  # 担任某集团董事长的王某, 作为某集团董事长，王某: the title is the name's apposition
        remark = POST_REMARK.match(text, p)
        if remark is not None:
            p = remark.end()  # 副总经理（主持工作）王某: a short remark on the post stands between it and the name
        # a title directly followed by another title ("书记、董事长") is handled on the next loop
        e = _name_end(text, p, starts, ends) if p < n else None
        if e is not None and text[p:e] not in lex.titles:
            out.append((Candidate(p, e, OFF, "title", 0.85), i))
            for p, e in _names_sharing_the_title(text, e, starts, ends):
                out.append((Candidate(p, e, OFF, "title-list", 0.8), i))
            i = e
        else:
            i += hit
    return out + _bracketed_titles(text) + _appointed(text)


#: 王某(同志)(，)现任/担任/出任/兼任/任/当选(为)/被任命为 …: the verb after a name that opens the posts it
#: holds — or the copula saying what the person is (王某系/是某集团董事长); 任命王某为 …. A personnel notice (任前公示) may put the person's particulars between them
#: (王某，男，汉族，1975年5月生，中共党员，现任 …).
_PARTICULARS = r"(?:[，,](?:男|女|[\u4e00-\u9fff]{1,3}族|[0-9]{4}年(?:[0-9]{1,2}月)?(?:出?生)?|中共党员|[\u4e00-\u9fff]{2,5}人"\
    r"|(?:[\u4e00-\u9fff]{2,4})?(?:学历|学位)|博士|硕士|研究生))*"
_APPOINTED = re.compile(r"(?:同志)?" + _PARTICULARS + r"[，,]?(?:现任|时任|担任|出任|兼任|当选为|当选|被选举为|被任命为"
                        r"|被聘为|受聘为|被聘任为|任|系|是)(?!务|何|期|职期|意)")
_FORMERLY = frozenset("曾原前历")
_APPOINTING = re.compile(r"任命(?=\S{2,4}为)")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\n]")


def _appointed(text: str) -> list[tuple[Candidate, int]]:
    """``王某现任某集团董事长``, ``任命王某为某局局长``: an official, the posts read after the verb
    (``title_start`` after the name). The clause after the verb must end with a post title."""
    lex = lexicon()
    out = []
    for m in _APPOINTED.finditer(text):
        if text[m.start() - 1:m.start()] in _FORMERLY:
            continue  # 曾任, 原任: a former post (and 曾 is no part of the name)
        p = name_ending_at(text, m.start())
        if p is not None and _ends_with_title(text, m.end(), lex):
            out.append((Candidate(p, m.start(), OFF, "title", 0.85), m.end()))
    for m in _APPOINTING.finditer(text):
        e = text.find("为", m.end() + 2, m.end() + 5)  # jieba may read 某某为 as one word: 为 closes the name
        name = text[m.end():e] if e > 0 else ""
        if name and (name[0] in lex.surnames or name[:2] in lex.surnames) and all(is_cjk(c) for c in name) \
                and _ends_with_title(text, e + 1, lex):
            out.append((Candidate(m.end(), e, OFF, "title", 0.85), e + 1))
    return out


def _ends_with_title(text: str, pos: int, lex) -> bool:
    """Whether the clause from *pos* ends with a post title (某集团董事长, 某县县长)."""
    end = _CLAUSE_END.search(text, pos)
    clause = text[pos:end.start() if end else len(text)].rstrip("等职务")
    return 2 <= len(clause) <= 40 and any(clause[-n:] in lex.titles for n in lex.title_lengths if 2 <= n <= len(clause))


#: ``王某（某某集团董事长）``: a bracket of up to 30 characters right after a name.
_BRACKET = re.compile(r"[(（]([^()（）\n]{2,30})[)）]")


def _bracketed_titles(text: str) -> list[tuple[Candidate, int]]:
    """``王某（某某集团董事长）``: a name whose bracket ends with a post title is an official; the bracket
    holds its title chain (``title_start``, after the name, opens the bracket)."""
    lex = lexicon()
    out = []
    for m in _BRACKET.finditer(text):
        inner, end = m.group(1), m.end(1)
        hit = next((L for L in lex.title_lengths if L <= len(inner) and text[end - L:end] in lex.titles), None)
        p = name_ending_at(text, m.start()) if hit else None
        if p is not None and not text[end - hit:end].endswith("领导"):
            out.append((Candidate(p, m.start(), OFF, "title", 0.85), m.start(1)))
    return out


def _name_end(text: str, p: int, starts: set[int], ends: set[int]) -> int | None:
    """End of the name after a title at *p*: dotted, Han (surname first) or phonetic — the phonetic reading
    when it runs longer than a Han one (阿 + 不都 is a surname's reading of 阿不都热合曼)."""
    dotted = dotted_name_after(text, p)
    if dotted is not None:
        return dotted
    han, phonetic = name_after(text, p, starts, ends), translit_name_after(text, p)
    return phonetic if phonetic is not None and (han is None or phonetic > han) else han


#: What may follow the last name of a list that shares one title (副县长甲、乙,…): a clause's end or its verb.
_LIST_END = re.compile(r"[,，;；。:：)）]|$|[也等及和与在出参陪见分主共均一作]")


def _names_sharing_the_title(text: str, e: int, starts: set[int], ends: set[int]) -> list[tuple[int, int]]:
    """``县委常委甲、乙``, ``副总经理甲和乙``: names joined by 、 (the last by 和 or 及) to a titled name share
    its title — each a bare name, the last one followed by the clause's end or its verb, never by a title
    or a name's ending of its own (``董事长甲、乙集团总经理丙`` lists no second person after 甲)."""
    lex = lexicon()
    found = []
    while (joiner := text[e:e + 1]) in TITLE_LIST_JOINERS:
        p = e + 1
        q = dotted_name_after(text, p) or name_after(text, p, starts, ends)
        if q is None or text[p:q] in lex.titles or not (text[q:q + 1] == "、" or _LIST_END.match(text, q)):
            break
        found.append((p, q))
        e = q
        if joiner != "、":
            break  # 和 and 及 join the list's last name
    return found


def _inside_places(text: str, i: int, p: int) -> bool:
    """Whether the title ``text[i:p]`` is only letters of two places written together: 某南省 + 长沙市 holds
    省长, whose 长 opens a city's full name running on past it."""
    gaz = gazetteer()
    for k in range(i + 1, p):
        hit = gaz.longest_prefix(text[k:k + 9], full_name=True)
        if hit is not None and k + hit[0] > p:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _title_starts():
    return starts_finder(lexicon().titles)


def find_name_then_title(text: str) -> list[tuple[Candidate, str, str, int, int]]:
    """``王某总书记``: a name followed by a title that implies its body.

    Returns ``(candidate, title, body, title_start, title_end)``.
    """
    out = []
    for title, body in lexicon().implied_posts.items():
        for m in re.finditer(re.escape(title), text):
            ts = m.start()
            p = name_ending_at(text, ts)
            if p is not None:
                out.append((Candidate(p, ts, OFF, "name-title", 0.85), title, body, ts, m.end()))
    return out


def find_leader_lists(text: str) -> list[Candidate]:
    """``甲某、乙某、丙某…等党和国家领导人``: every name in the list is an official."""
    out = []
    for m in _LEADERS.finditer(text):
        names = names_before(text, m.start())
        if len(names) >= 2:
            out.extend(Candidate(p, e, OFF, "leader-list", 0.8) for p, e in names)
    return out
