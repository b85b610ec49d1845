"""Mentions + clean document → agreements, carbon trades, posts and locations.

Pure Python over typed mentions: no spaCy here. Each finder reads one
sentence at a time, with the article around it for context (the parties
``双方`` refers to, the organisation a list of officials belongs to, the
attributes of a trade spread over several sentences).

Patterns:

* agreements — ``A与B(、C)(三方)签订/签署《T》``, ``A…,与B签订T``,
  ``甲、乙分别代表A、B…签约``, ``双方签订《T》``;
* carbon trades — ``A与B…碳汇…交易/购销``, ``A向B…捐赠/出售…碳汇``;
* posts — ``ORG 职务、职务 NAME``, with the organisation carried across a
  list of officials and to the region's government for 市长/主席 titles;
* locations — names that start with a region (兴安盟林业和草原局 → 兴安盟),
  regions written in a chain (包头市土右旗), ``位于…X`` and ``X的Y`` for places.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import Document, Sentence
from kg.model import (
    EntityType,
    EventKind,
    EventMention,
    Evidence,
    LocationMention,
    Mention,
    PostMention,
)
from kg.nlp.lexicon import lexicon
from kg.quantities import find_amount, find_date, find_price, find_quantity
from kg.regions import gazetteer

__all__ = ["EXTRACTOR", "find_events", "find_posts", "find_locations"]

EXTRACTOR = "zhkg.rel/0.1"

_LEX = lexicon()
_SIGN = re.compile(_LEX.alternation("sign") + r"|达成[^。，,；;]{0,8}协议"
                   r"|签(?=[^。，,；;签]{0,12}(协议|合同|意向书|备忘录))")  # 甲与乙签战略合作协议 (headlines)
#: Words that make a signing or a trade planned, not done (拟签约, 计划于明年签署, 有望达成协议).
_PLANNED = re.compile(f"({_LEX.alternation('planned')})[^。，,；;]{{0,10}}$")
_AGREEMENT_NOUN = re.compile(r"[^。，,；;、与和及]{0,16}?(?:协议|合同|意向书|备忘录|框架)")
_CARBON = re.compile(_LEX.alternation("carbon"))
_TRADE = re.compile(_LEX.alternation("trade"))
_DONATE = re.compile(_LEX.alternation("donate"))
_SELL = re.compile(_LEX.alternation("sell"))
_BUY = re.compile(_LEX.alternation("buy"))
_BOOK = re.compile(r"《[^》]{2,60}》")


def _is_party(m: Mention) -> bool:
    return m.type.is_org or m.type is EntityType.REGION


def _in(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if sent.start <= m.start and m.end <= sent.end]


def _evidence(doc: Document, sent: Sentence, name: str, conf: float) -> Evidence:
    raw_start, raw_end = doc.raw_span(sent.start, sent.end)
    return Evidence(doc.doc_id, sent.text, sent.start, sent.end, raw_start, raw_end,
                    f"{EXTRACTOR}:{name}", conf)


def _between(doc: Document, a: int, b: int) -> str:
    return doc.norm[a:b]


def _coordinated_after(doc: Document, mentions: list[Mention], pos: int, limit: int,
                       joined: bool = False) -> list[Mention]:
    """Parties right after *pos* joined by 、/和/及/与 (``与A、B三方``).

    With *joined*, *pos* ends a party already and the first one must follow a connector.
    """
    out = []
    cur = pos
    for m in mentions:
        if m.start < cur or m.start >= limit or not _is_party(m):
            continue
        gap = _between(doc, cur, m.start)
        if (out or joined) and not re.fullmatch(r"[、和及与,]|以及", gap):
            break
        if not out and not joined and gap.strip():
            break
        out.append(m)
        cur = m.end
    return out


def _subject(doc: Document, sent: Sentence, mentions: list[Mention], before: int) -> Mention | None:
    """The organisation a clause is about: the first party of the sentence before *before*."""
    for m in mentions:
        if m.start >= before:
            break
        if m.type.is_org:
            return m
    return None


def _title_after(doc: Document, pos: int, end: int) -> str | None:
    text = doc.norm[pos:end]
    books = []
    for m in _BOOK.finditer(text):
        if books and not re.fullmatch(r"\s*(及|和|与|、)\s*", text[books[-1][1]:m.start()]):
            break
        if not books and m.start() > 12:
            break
        books.append((m.start(), m.end()))
    if books:
        return doc.text[pos + books[0][0]:pos + books[-1][1]]
    m = _AGREEMENT_NOUN.match(text.lstrip("了过"))
    if m:
        lead = len(text) - len(text.lstrip("了过"))
        title = doc.text[pos + lead:pos + lead + m.end()]
        return title if len(title) >= 3 else None
    return None


def _article_pair(doc: Document, sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """Whom ``双方`` means: the ``A与B`` pair of the article's title or latest sentence."""
    art = doc.articles[sent.article] if doc.articles else None
    cands = []
    for s in doc.sentences:
        if art is not None and s.article != sent.article:
            continue
        if s.start > sent.start:
            break
        ms = [m for m in _in(s, mentions) if m.type.is_org]
        for a, b in zip(ms, ms[1:]):
            if re.fullmatch(r"与|和|同", _between(doc, a.end, b.start)):
                cands = [a, b]
    return cands


def find_events(doc: Document, mentions: list[Mention]) -> list[EventMention]:
    events: list[EventMention] = []
    for sent in doc.sentences:
        ms = _in(sent, mentions)
        text = doc.norm[sent.start:sent.end]
        signed = list(_SIGN.finditer(text))
        carbon = bool(_CARBON.search(text)) and bool(_TRADE.search(text))
        if not signed and not carbon:
            continue
        date = find_date(text, doc.date)
        window = sent.start
        for sig in signed:
            trigger = sent.start + sig.start()
            if _PLANNED.search(doc.norm[window:trigger]):
                window = sent.start + sig.end()
                continue  # 拟于明年签约: not signed (yet)
            parties, signatories = _agreement_parties(doc, sent, ms, mentions, trigger, window)
            clause = doc.norm[window:trigger]
            window = sent.start + sig.end()
            if len(parties) >= 2:
                sig_end = sent.start + sig.end()
                title = _title_after(doc, sig_end, sent.end)
                last = max(p.end for p in parties)
                if title is None and last > sig_end:
                    # 签订了鄂尔多斯市与上海环境能源交易所战略合作协议: the title follows the parties
                    title = _title_after(doc, last, sent.end)
                if title is None:
                    pre = doc.norm[sent.start:trigger]
                    mt = _BOOK.search(pre)
                    title = mt.group(0) if mt else None
                # X分别与A、B签订: X signed with A and with B, not A with B
                groups = ([(parties[0], p) for p in parties[1:]]
                          if len(parties) > 2 and re.search(r"分别(与|同|和)", clause) else [parties])
                for group in groups:
                    events.append(EventMention(
                        EventKind.AGREEMENT, tuple(group), _evidence(doc, sent, "agreement", 0.8),
                        title=title, date=date, amount=find_amount(text), signatories=tuple(signatories),
                    ))
        if carbon:
            trade = _trade(doc, sent, ms, text, date)
            if trade is not None:
                events.append(trade)
                if _signed_deal(doc, sent, events, trade):
                    # 交易在海口完成签约，A认购了B的碳汇 / 随着《…交易协议》的签订。A从B认购…: the deal was signed
                    events.append(EventMention(
                        EventKind.AGREEMENT, trade.parties, _evidence(doc, sent, "signed-trade", 0.7),
                        title=_deal_title(doc, sent), date=date, amount=trade.amount,
                    ))
    return events


def _signed_deal(doc: Document, sent: Sentence, events: list[EventMention], trade: EventMention) -> bool:
    """A trade whose sentence, or the sentence before it (in the same article, naming no parties of its
    own), says it was signed."""
    if any(e.kind is EventKind.AGREEMENT and {p.key for p in e.parties} == {p.key for p in trade.parties}
           for e in events):
        return False
    if _SIGN.search(doc.norm[sent.start:sent.end]):
        return True
    prev = doc.sentences[sent.index - 1] if sent.index > 0 else None
    if prev is None or prev.article != sent.article:
        return False
    text = doc.norm[prev.start:prev.end]
    own = [e for e in events if e.evidence.start == prev.start and e.kind is EventKind.AGREEMENT]
    return bool(re.search(r"的?(签订|签署|签约)", text)) and bool(re.search(r"协议|合同", text)) and not own


def _deal_title(doc: Document, sent: Sentence) -> str | None:
    for s in (sent, doc.sentences[sent.index - 1] if sent.index > 0 else None):
        if s is not None and s.article == sent.article:
            m = _BOOK.search(doc.text[s.start:s.end])
            if m and re.search(r"协议|合同", m.group(0)):
                return m.group(0)
    return None


def _agreement_parties(doc, sent, ms, mentions, trigger: int, window: int) -> tuple[list[Mention], list[Mention]]:
    """Parties of the signing whose verb is at *trigger*; *window* is where its clause starts."""
    text = doc.norm
    # 甲、乙分别代表A、B…签约
    rep = re.search(r"(分别)?代表", text[window:trigger])
    if rep:
        p = window + rep.end()
        orgs = _coordinated_after(doc, ms, p, trigger)
        if len(orgs) >= 2:
            people = [m for m in ms if m.type.is_person and m.end <= window + rep.start()]
            return orgs, people
    # …与B(、C)…签订: find the 与 nearest before the trigger that is followed by parties
    for mt in reversed(list(re.finditer(r"与|和|同", text[window:trigger]))):
        p = window + mt.end()
        others = _coordinated_after(doc, ms, p, trigger)
        if not others:
            continue
        if any(m.type.is_person and m.end == window + mt.start() for m in ms):
            continue  # 副省长甲与某公司副总裁乙…代表双方签署: 与 joins the signatories, not the parties
        head = [m for m in ms if m.end == window + mt.start() and _is_party(m)]
        if not head:
            head_m = _subject(doc, sent, ms, window + mt.start())
            head = [head_m] if head_m is not None else []
            if not head:
                pair = _article_pair(doc, sent, mentions)
                head = [pair[0]] if pair else []
        parties = _dedupe(head + others)
        if len(parties) >= 2:
            return parties, []
    # 签订了A与B…协议: the parties follow the verb
    after = text[trigger:sent.end]
    m2 = re.match(r"(签订|签署)了?", after)
    if m2:
        p = trigger + m2.end()
        first = [m for m in ms if m.start == p and _is_party(m)]
        if first:
            rest = _coordinated_after(doc, ms, first[0].end, sent.end, joined=True)
            parties = _dedupe(first + rest)
            if len(parties) >= 2:
                return parties, []
    # 双方签订
    if "双方" in text[window:trigger + 2]:
        pair = _article_pair(doc, sent, mentions)
        if len(pair) == 2:
            return pair, []
    return [], []


def _dedupe(ms: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


def _head(doc: Document, sent: Sentence, ms: list[Mention], pos: int) -> list[Mention]:
    """The party that ends right before *pos* (``A与…``, ``A向…``), else the clause's subject."""
    head = [m for m in ms if m.end == pos and _is_party(m)]
    if not head:
        s = _subject(doc, sent, ms, pos)
        head = [s] if s else []
    return head


_PRODUCT = re.compile(r"(林业|森林|草原|海洋|蓝碳|湿地|碳汇|碳票|CCER|VCS)")  # right after: 三明林业碳汇


def _purchase(doc, sent, ms, text) -> tuple[Mention, Mention] | None:
    """``(buyer, seller)`` of ``A(…)从B认购``, ``A向B购买`` or ``A认购(了)B(的)…碳汇``."""
    for mt in _BUY.finditer(text):
        verb = sent.start + mt.start()
        seller, at = None, verb
        for mf in re.finditer(r"从|自|向", text[:mt.start()]):
            cand = _coordinated_after(doc, ms, sent.start + mf.end(), verb)
            if cand and doc.norm[cand[-1].end:verb].strip(" 了") in ("", "处", "手中", "那里"):
                seller, at = cand[0], sent.start + mf.start()
        if seller is None:
            after = sent.start + mt.end() + (1 if text[mt.end():mt.end() + 1] == "了" else 0)
            cand = _coordinated_after(doc, ms, after, sent.end)
            # 认购某市某农场的碳汇: a region written right before another party only says where it is
            while cand and cand[0].type is EntityType.REGION:
                nxt = [m for m in ms if m.start == cand[0].end and _is_party(m)]
                if not nxt:
                    break
                cand = nxt
            # 认购三明林业碳汇: a place naming the product is not the seller
            if cand and not _PRODUCT.match(doc.norm[cand[0].end:cand[0].end + 8]):
                seller = cand[0]
        buyer = _head(doc, sent, ms, at)
        if seller is not None and buyer and buyer[0].key != seller.key:
            return buyer[0], seller
    return None


_GIVE_TO = re.compile(f"(?:{_LEX.alternation('sell')}|{_LEX.alternation('donate')}|卖|售)给")


def _given_to(doc, sent, ms, text) -> tuple[Mention, Mention, str] | None:
    """``(seller or donor, buyer or recipient, kind)`` of ``A(将|把)…出售/卖/捐赠给B``."""
    for mt in _GIVE_TO.finditer(text):
        b = _coordinated_after(doc, ms, sent.start + mt.end(), sent.end)
        if not b:
            continue
        marker = max(text.rfind("将", 0, mt.start()), text.rfind("把", 0, mt.start()))
        a = _head(doc, sent, ms, sent.start + (marker if marker >= 0 else mt.start()))
        if a and a[0].key != b[0].key:
            return a[0], b[0], "donation" if _DONATE.match(mt.group(0)) else "sale"
    return None


def _trade(doc, sent, ms, text, date) -> EventMention | None:
    seller = buyer = None
    kind = None
    parties: list[Mention] = []
    bought = _purchase(doc, sent, ms, text)
    given = _given_to(doc, sent, ms, text) if bought is None else None
    if bought is not None:
        buyer, seller = bought
        parties, kind = [seller, buyer], "purchase"
    elif given is not None:
        seller, buyer, kind = given
        parties = [seller, buyer]
    # A向B…(捐赠|出售|提供)
    for mt in re.finditer(r"向", text) if not parties else ():
        p = sent.start + mt.end()
        b = _coordinated_after(doc, ms, p, sent.end)
        if not b:
            continue
        a = _head(doc, sent, ms, sent.start + mt.start())
        if a:
            seller, buyer = a[0], b[0]
            parties = [seller, buyer]
            rest = text[mt.end():]
            kind = "donation" if _DONATE.search(text) else "sale" if _SELL.search(rest) else None
            break
    if not parties:
        for mt in re.finditer(r"与|和|同", text):
            p = sent.start + mt.end()
            others = _coordinated_after(doc, ms, p, sent.end)
            if not others:
                continue
            head = _head(doc, sent, ms, sent.start + mt.start())
            clause = re.split(r"[,，;；。、]", doc.norm[others[0].end:sent.end], maxsplit=1)[0]
            if not (_CARBON.search(clause) and _TRADE.search(clause)):
                continue
            parties = _dedupe(head + others[:1])
            if len(parties) == 2:
                break
            parties = []
    if len(parties) != 2 or parties[0].key == parties[1].key:
        return None
    # attributes: this sentence first, then the article's other sentences about the same deal
    kind_re = _DONATE if _DONATE.search(text) else _TRADE
    deal_text = _article_carbon_text(doc, sent, kind_re)  # money: only sentences about this kind of deal
    art_text = _article_carbon_text(doc, sent, _CARBON)  # tonnes, price, standard: any carbon sentence
    std = (re.search(r"CCER|VCS", text) or re.search(r"CCER|VCS", art_text)
           or re.search(r"碳票|林业碳汇|草原碳汇", text))
    reg = re.search(r"注册号[:：]?\s*(\d+)", text) or re.search(r"注册号[:：]?\s*(\d+)", art_text)
    return EventMention(
        EventKind.CARBON_TRADE, tuple(parties), _evidence(doc, sent, "carbon-trade", 0.75),
        date=date,
        amount=find_amount(text) or find_amount(deal_text),
        quantity=find_quantity(text) or find_quantity(art_text),
        price=find_price(text) or find_price(art_text),
        standard=std.group(0) if std else None,
        registry_number=reg.group(1) if reg else None,
        trade_kind=kind or ("donation" if _DONATE.search(text) else "presale" if "预售" in text
                            else "purchase" if _BUY.search(text) else "sale" if _SELL.search(text) else None),
        seller=seller, buyer=buyer,
    )


_AGGREGATE = re.compile(r"全年|累计|总计|共计|合计|突破|超过|以上")


def _article_carbon_text(doc: Document, sent: Sentence, kind_re: re.Pattern) -> str:
    """Sentences of the same article about the same kind of deal, minus yearly totals."""
    parts = []
    for s in doc.sentences:
        t = doc.norm[s.start:s.end]
        if (s.article == sent.article and _CARBON.search(t) and kind_re.search(t)
                and not _AGGREGATE.search(t)):
            parts.append(t)
    return "".join(parts)


# --------------------------------------------------------------------------- posts

_HEAD_OF_GOVERNMENT = re.compile(r"^(副|常务副)?(市长|省长|盟长|旗长|县长|区长|州长|镇长|乡长)$")
_ORGAN = re.compile(r"^(政法委|统战部|宣传部|组织部|纪委|监委|办公厅|秘书处|工委|常委会)")


def find_posts(doc: Document, mentions: list[Mention], title_starts: dict[tuple[int, int], int],
               implied: dict[tuple[int, int], tuple[str, str, int, int]] | None = None) -> list[PostMention]:
    lex = lexicon()
    gaz = gazetteer()
    posts: list[PostMention] = []
    for m in mentions:
        imp = (implied or {}).get((m.start, m.end))
        sent = doc.sentence_at(m.start)
        if imp is None or sent is None:
            continue
        title, body, ts, te = imp
        typ = lex.bodies[body][0] if body in lex.bodies else EntityType.GOVERNMENT_BODY
        org = Mention(doc.text[ts:te], body, typ, ts, te, replace(m.evidence, extractor=f"{EXTRACTOR}:implied-post"))
        posts.append(PostMention(m, org, title, _post_evidence(doc, sent, m)))
    by_start = {m.start: m for m in mentions}
    last_org: dict[int, Mention] = {}  # sentence index → org carried across a list
    for m in mentions:
        if m.type is not EntityType.OFFICIAL or (m.start, m.end) not in title_starts:
            continue
        sent = doc.sentence_at(m.start)
        if sent is None:
            continue
        # the title chain: back from the title to the previous clause break or name
        lo = sent.start
        for other in mentions:
            if other.type.is_person and other.end <= m.start and other.end > lo and other is not m:
                lo = other.end
        seg_start = lo
        seg = doc.norm[seg_start:m.start]
        cut = max(seg.rfind(c) for c in ",，;。:(与同")  # 甲与副省长乙: 与 ends the chain before it
        if cut >= 0:
            seg_start += cut + 1
        parts = []
        pos = seg_start
        for piece in re.split(r"、", doc.norm[seg_start:m.start]):
            parts.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        carried = last_org.get(sent.index)
        found_any = False
        groups: list[tuple[Mention, list[str]]] = []
        for ps, pe in parts:
            orgs = [o for o in mentions if ps <= o.start and o.end <= pe and _is_party(o)]
            org = orgs[-1] if orgs else None
            title = doc.text[(org.end if org else ps):pe].strip()
            if not title:
                continue
            organ = _ORGAN.match(doc.norm[(org.end if org else ps):pe])
            if org is None and organ and carried is not None and carried.type is EntityType.GOVERNMENT_BODY:
                # 自治区党委副书记、政法委书记: the organ belongs to the body before it
                o_s = ps + organ.start()
                o_e = ps + organ.end()
                key = carried.key + organ.group(0)
                org = Mention(doc.text[o_s:o_e], key, EntityType.GOVERNMENT_BODY, o_s, o_e,
                              replace(m.evidence, extractor=f"{EXTRACTOR}:organ"))
                title = doc.text[o_e:pe]
            elif org is None:
                if carried is None and _HEAD_OF_GOVERNMENT.match(title):
                    carried = _government_named(None, title, mentions)  # 省长王某: the province's government
                if carried is None or title.startswith("国家"):
                    continue
                org = carried
                if _HEAD_OF_GOVERNMENT.match(title):
                    region = _region_prefix(org, mentions, gaz)
                    if region is not None:
                        org = region
            if _HEAD_OF_GOVERNMENT.match(title) and org.type is not EntityType.GOVERNMENT_BODY:
                # 省长/市长…: the post is in the region's government, when the text names it
                gov = _government_named(org, title, mentions)
                if gov is None and org.type is not EntityType.REGION:
                    continue  # never in the company a list of officials carried over
                org = gov or org
            if org.type is EntityType.REGION and not _HEAD_OF_GOVERNMENT.match(title) and orgs:
                continue
            if groups and groups[-1][0].key == org.key:
                groups[-1][1].append(title)
            else:
                groups.append((org, [title]))
            if org.type is not EntityType.REGION:
                carried = org
            found_any = True
        for org, titles in groups:
            posts.append(PostMention(m, org, "、".join(titles), _post_evidence(doc, sent, m)))
        if found_any and carried is not None:
            last_org[sent.index] = carried
    return posts


def _post_evidence(doc: Document, sent: Sentence, m: Mention) -> Evidence:
    ev = _evidence(doc, sent, "post", 0.85)
    return ev


def _government_named(org: Mention | None, title: str, mentions: list[Mention]) -> Mention | None:
    """The government mention a head-of-government *title* belongs to: ``<region>(人民)政府`` for a
    region *org*; else the one government of that level (省长 → 某省人民政府) the document names."""
    unit = _HEAD_OF_GOVERNMENT.match(title).group(2)[0]  # 省, 市, 县…
    govs = [m for m in mentions if m.type is EntityType.GOVERNMENT_BODY and re.search(r"(人民)?政府$", m.key)]
    if org is not None and org.type is EntityType.REGION:
        mine = [g for g in govs if re.fullmatch(re.escape(org.key) + r"(人民)?政府", g.key)]
        return mine[0] if mine else None
    level = {re.sub(r"(人民)?政府$", "", g.key) for g in govs if re.sub(r"(人民)?政府$", "", g.key).endswith(unit)}
    if len(level) == 1:
        return next(g for g in govs if re.sub(r"(人民)?政府$", "", g.key) in level)
    return None


def _region_prefix(org: Mention, mentions: list[Mention], gaz) -> Mention | None:
    """北京市委 → a mention of 北京市 (the region its name starts with)."""
    for L in range(min(len(org.key) - 1, 12), 1, -1):
        cands = gaz.by_name.get(org.key[:L])
        if cands:
            r = cands[0]
            ev = replace(org.evidence, extractor=f"{EXTRACTOR}:name-region")
            return Mention(org.text[:L], org.key[:L], EntityType.REGION, org.start, org.start + L, ev, r.code)
    return None


# --------------------------------------------------------------------------- locations

_LOCATED = re.compile(r"位于|地处|坐落于|坐落在")


def find_locations(doc: Document, mentions: list[Mention], province: str | None,
                   extra: list[Mention] = ()) -> list[LocationMention]:
    """Locations stated or implied; *extra* are names known only from other facts (composed bodies)."""
    gaz = gazetteer()
    out: list[LocationMention] = []
    regions = [m for m in mentions if m.type is EntityType.REGION]
    # chains of regions: 包头市土右旗, 内蒙古阿拉善盟额济纳旗
    for a, b in zip(regions, regions[1:]):
        if b.start != a.end or not a.region_code:
            continue
        if b.region_code is None or (
                a.region_code != b.region_code and a.region_code in {r.code for r in gaz.ancestors(b.region_code)}):
            # 包头市土右旗; 土左旗北什轴乡 (a town the gazetteer does not list)
            out.append(LocationMention(b, a, "name", replace(b.evidence, extractor=f"{EXTRACTOR}:region-chain")))
    # a place written right before a name: 在北京全国农业展览馆
    for a, b in zip(mentions, mentions[1:]):
        if (a.type is EntityType.REGION and a.end == b.start and (b.type.is_org or b.type is EntityType.PROJECT)
                and _leading_region(b, gaz, province, doc) is None and not _towns_and_villages(b, None)):
            out.append(LocationMention(b, a, "text", replace(b.evidence, extractor=f"{EXTRACTOR}:place-before")))
    # names that start with a region
    composed = {id(m) for m in extra}  # 自治区党委 + 统战部: the organ is written after the body that names the region
    for m in list(mentions) + list(extra):
        if not (m.type.is_org or m.type is EntityType.PROJECT or m.type is EntityType.REGION):
            continue
        region = _leading_region(m, gaz, province, doc)
        places = _towns_and_villages(m, region) if m.type.is_org and _names_region(doc, m, m) else []
        if places:
            before = [r for r in regions if r.end == m.start]  # 某镇 + 某村村委会 written as two names
            chain = ([region] if region is not None and region.start == m.start else before[-1:]) + places
            for inner, outer in zip(chain[1:], chain):
                out.append(LocationMention(inner, outer, "name", replace(inner.evidence, extractor=f"{EXTRACTOR}:name")))
            region = places[-1]  # 某镇某村村委会 lies in the village
        if region is not None and region.key != m.key and (id(m) in composed or _names_region(doc, m, region)):
            out.append(LocationMention(m, region, "name", replace(m.evidence, extractor=f"{EXTRACTOR}:name")))
    # 位于…X境内的Y / X的Y (places)
    for sent in doc.sentences:
        ms = _in(sent, mentions)
        text = doc.norm[sent.start:sent.end]
        for mt in _LOCATED.finditer(text):
            p = sent.start + mt.end()
            chain = [r for r in ms if r.start >= p and r.type is EntityType.REGION]
            inner_chain = []
            cur = p
            for r in chain:
                if r.start != cur:
                    break
                inner_chain.append(r)
                cur = r.end
            if not inner_chain:
                continue
            outer = inner_chain[-1]
            tail = doc.norm[cur:cur + 6]
            target = None
            mm = re.match(r"境内的|境内|的|内", tail)
            if mm:
                nxt = [r for r in ms if r.start == cur + mm.end()]
                target = nxt[0] if nxt else None
            if target is None:
                prev = [r for r in ms if r.end == sent.start + mt.start()]
                target = prev[0] if prev else None
            if target is not None and target.key != outer.key:
                out.append(LocationMention(target, outer, "text", _evidence(doc, sent, "located", 0.8)))
        for a, b in zip(ms, ms[1:]):
            if (a.type is EntityType.REGION and b.type in (EntityType.REGION, EntityType.PROJECT)
                    and doc.norm[a.end:b.start] == "的" and b.region_code is None):
                out.append(LocationMention(b, a, "text", _evidence(doc, sent, "of", 0.7)))
    return out


# (农村, 乡村, 城乡 are words, not places: 某县农村产权交易中心)
_PLACES = re.compile(r"([\u4e00-\u9fff]{2,4}?(?<![城农])(?:镇|乡|街道|苏木))?"
                     r"([\u4e00-\u9fff]{2,4}?(?<![农乡])(?:村|嘎查|社区))?(?=[\u4e00-\u9fff]{2})")


def _towns_and_villages(m: Mention, region: Mention | None) -> list[Mention]:
    """The town and village a body's name starts with (after its county): 某镇某村村委会 → [某镇, 某村]."""
    pos = region.end - m.start if region is not None and region.start == m.start else 0
    mt = _PLACES.match(m.key, pos)
    if mt is None or mt.end() == pos or len(m.text) != len(m.key):
        return []
    out = []
    for g in (1, 2):
        if mt.group(g):
            s, e = mt.start(g), mt.end(g)
            ev = replace(m.evidence, extractor=f"{EXTRACTOR}:name-place")
            out.append(Mention(m.text[s:e], m.key[s:e], EntityType.REGION, m.start + s, m.start + e, ev, None))
    return out


def _names_region(doc: Document, m: Mention, region: Mention) -> bool:
    """Whether the text as written names *region* in *m*: a body written bare (省委, 市政府) and placed
    by the article's context says nothing about where it is — it gets no locatedIn link. A short form
    (包头 in 包头铝业, 蒙 in 蒙盐集团) names it, and so does 自治区 (how a region's own press names it)."""
    surface = "".join(doc.norm[m.start:m.end].split())
    if surface == m.key or region.key in surface or (region.text and region.text in surface):
        return True
    return bool(re.match(r"自治(区|州|县|旗)", surface))


_BRANCH = re.compile(r"(分行|支行|分公司|分院|分局|分中心)$")


def _region_chain(key: str, pos: int, gaz, province: str | None) -> tuple | None:
    """``(start, length, region)`` of the last region of the chain of regions starting at *pos* in *key*."""
    found = None
    while pos < len(key):
        hit = None
        for L in range(min(12, len(key) - pos - 1), 1, -1):
            form = key[pos:pos + L]
            if form == "自治区" and province:
                hit = (L, gaz.by_code.get(province))
                break
            cands = gaz.resolve(form, province)
            full = any(c.name == form for c in cands)
            if cands and not full and L < 3 and all(c.level == "县级" for c in cands):
                continue  # 白塔, 东风: county short forms are common words
            if cands and found is not None:
                # further regions in the chain must lie inside the one before
                cands = [c for c in cands if found[2].code in {a.code for a in gaz.ancestors(c.code)}]
            if cands:
                hit = (L, cands[0])
                break
        if hit is None or hit[1] is None:
            break
        L, region = hit
        found = (pos, L, region)
        pos += L
    return found


def _leading_region(m: Mention, gaz, province: str | None, doc: Document) -> Mention | None:
    key = m.key
    if "至" in key and m.type is EntityType.PROJECT:
        return None  # a route between places (临河至哈密铁路) lies in none of them
    br = _BRANCH.search(key)
    if br:
        # 中国银行内蒙古自治区分行: a branch lies where the name before its ending says
        for L in range(min(10, br.start()), 1, -1):
            form = key[br.start() - L:br.start()]
            cands = gaz.resolve(form, province)
            if cands and any(c.name == form for c in cands):
                s = br.start() - L
                ev = replace(m.evidence, extractor=f"{EXTRACTOR}:branch-region")
                return Mention(form, form, EntityType.REGION, m.start + s, m.start + s + L, ev, cands[0].code)
    lead = 0
    for prefix in ("中国", "中华"):
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            lead = len(prefix)
    # the longest chain of regions at the start; the last of them is the direct container
    found = _region_chain(key, lead, gaz, province)
    if found is None and m.type in (EntityType.ENTERPRISE, EntityType.PROJECT, EntityType.ORGANIZATION):
        # after a company's short name or a group's name: 某能建巴彦淖尔某旗…项目, 某某集团广西电力有限公司
        for start in range(1, min(7, len(key) - 3)):
            f = _region_chain(key, start, gaz, province)
            if f is not None and (f[1] + f[0] - start >= 3 or re.search(r"(集团|公司)$", key[:start])):
                found = f
                break
        # a region in brackets: 中盛碳汇(兴安盟)科技有限公司
    if found is None:
        pm = re.search(r"[(（]([^)）]{2,8})[)）]", key)
        if pm:
            cands = gaz.resolve(pm.group(1), province)
            if cands:
                found = (pm.start(1), len(pm.group(1)), cands[0])
    if found is None:
        return None
    pos, L, region = found
    if m.type is EntityType.REGION and (m.region_code == region.code or pos + L >= len(key)):
        return None
    if m.type is EntityType.REGION and m.region_code:
        return None  # administrative regions get their parents from the gazetteer
    ev = replace(m.evidence, extractor=f"{EXTRACTOR}:name-region")
    surface = m.text[pos:pos + L] if len(m.text) == len(key) else key[pos:pos + L]
    return Mention(surface, key[pos:pos + L], EntityType.REGION, m.start + pos, m.start + pos + L, ev, region.code)
