"""Carbon trades: seller, buyer, kind, and the deal's quantity, price, amount and standard.

Roles come from the entity spans around the trade verb:

* ``A(…)从/自/向B认购|购买`` and ``A认购(了)B(的)…碳汇`` — A buys from B;
* ``B的…碳汇被A认购`` — A buys from B (passive);
* ``A(将|把)…出售/卖/捐赠给B`` — A sells or donates to B;
* a side written as a list (``A和B认购``, ``出让给B和C``, ``购买了B、C的碳汇``) — one trade per seller and
  buyer; the sentence's tonnes and money are the whole deal's, so only a one-pair deal carries them;
* ``A向B…捐赠/出售`` — A gives to B; ``A向B支付…`` — A pays B, so B sold;
* ``A与B…碳汇…交易`` and ``交易双方为A和B`` — a trade between A and B, roles unsaid unless bracketed after
  the names (``A(买方)与B(卖方)``);
* ``A竞得…碳汇。出让方为B`` and ``A购买的碳汇来自B`` — one side by the verb, the other named by its role
  (出让方, 买方 …) or as the source, in the same sentence or the next.

A sentence is read only when it names both a carbon product and a trade. The deal's attributes come from
this sentence first, then from the article's other sentences about the same kind of deal (yearly totals
excepted).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from kg.ingest import Document, Sentence
from kg.model import EntityType, EventKind, EventMention, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.relations.common import (
    BUY, CARBON, DONATE, FIRMS_COUNTED, SELL, TRADE, coordinated_after, coordinated_before, dedupe, evidence, head,
    in_sentence, is_party, memo, subject,
)
from kg.quantities import find_amount, find_price, find_quantity

__all__ = ["agreed_trades", "carbon_articles", "find_trades", "mentions_trade"]

_LEX = lexicon()
#: Right after a place, these name the product, not a seller: 认购某县林业碳汇.
_PRODUCT = re.compile(r"(?:首笔|首单|首批)?(林业|森林|草原|海洋|蓝碳|湿地|碳汇|碳票|CCER|VCS)")
_GIVE_TO = re.compile(f"(?:{_LEX.alternation('sell')}|{_LEX.alternation('donate')}|卖|售)给")
_TOWARDS = re.compile(r"向")
#: A paying verb (``pay`` of ``triggers.tsv``) right after the party of 向, maybe after an adverb (已, 一次性).
_PAYING = re.compile(f"(?:{_LEX.pattern('deal_adverbs')})*(?:{_LEX.alternation('pay')})")
_AGGREGATE = re.compile(r"全年|累计|总计|共计|合计|突破|超过|以上")
_STANDARD = re.compile(r"CCER|VCS")
_REGISTRY = re.compile(r"注册号[:：]?\s*(\d+)")
_SELLER_PLACE = ("", "处", "手中", "那里")  # 从A(处|手中)购买
#: 被 + the buyers + the price or how (以50万元, 以每吨30元的价格, 全部, 成功 …) right before a buying verb: a
#: passive purchase. (由 + the buyers was tried as well and taken back: it added a false trade on the check
#: split.)
_PASSIVE = re.compile(r"(被)[^，,。；;被]{2,30}?((?:以[^，,。；;以]{1,12}?(?:元|价格|单价))?(?:全部|全额|成功|一次性|))$")
#: Right before a party, these make it the venue of a deal, not a side: 通过/经由/借助/依托/在 某交易所.
_VENUE = re.compile(r"(?:通过|经由|借助|依托|在)$")
#: 甲、乙共同购买, 甲、乙分别认购: an adverb of doing together (or each) between the buyers and the verb.
_TOGETHER = re.compile(f"(?:{_LEX.pattern('joint_adverbs')}|分别|各自|均)$")
_MANNER = re.compile(f"(?:{_LEX.pattern('deal_adverbs')})$")
#: 甲、乙等3家企业认购: the count of firms right before the verb sums up the list of buyers before it.
_COLLECTIVE = re.compile(FIRMS_COUNTED + "$")


def mentions_trade(text: str) -> bool:
    """Whether a sentence names a carbon product and a trade."""
    return bool(CARBON.search(text)) and bool(TRADE.search(text))


class _Deal(NamedTuple):
    """A sentence's deal: its sides (each a list: ``出让给B和C``), its kind, and whether the text says which
    side sells (``A与B…交易`` does not)."""

    sellers: list[Mention]
    buyers: list[Mention]
    kind: str | None
    sided: bool = True


def find_trades(doc: Document, sent: Sentence, ms: list[Mention], date,
                mentions: list[Mention] = ()) -> list[EventMention]:
    """The carbon trades of *sent* (whose mentions are *ms*; *mentions* the document's): one per seller
    and buyer of its deal, none when it names no deal with two sides."""
    text = doc.norm[sent.start:sent.end]
    deal = _roles(doc, sent, ms, text) or _named_by_role(doc, sent, ms, text, mentions) \
        or _sides_named(doc, sent, ms, text)
    if deal is None:
        return []
    if not deal.sided:
        deal = _bracketed_roles(doc, deal)
    pairs = [(s, b) for s in dedupe(deal.sellers) for b in dedupe(deal.buyers) if s.key != b.key]
    return [_with_attributes(doc, sent, text, (s, b), deal, date, mentions, totals=len(pairs) == 1)
            for s, b in pairs]


def _roles(doc, sent, ms, text) -> _Deal | None:
    """The deal by the first pattern that fits."""
    return (_purchase(doc, sent, ms, text) or _given_to(doc, sent, ms, text)
            or _given_towards(doc, sent, ms, text) or _between_parties(doc, sent, ms, text))


def _purchase(doc, sent, ms, text) -> _Deal | None:
    """``A(…)从B认购``, ``A向B购买`` or ``A认购(了)B(的)…碳汇``; A and B may be lists. Passive:
    ``B的…碳汇被A认购`` — the buyers after 被, the seller the clause's subject."""
    for mt in BUY.finditer(text):
        verb = sent.start + mt.start()
        passive = _PASSIVE.search(text, 0, mt.start())
        if passive is not None:
            buyers = coordinated_after(doc, ms, sent.start + passive.end(1), verb)
            seller = _owner_before(doc, ms, sent.start + passive.start()) or subject(ms, sent.start + passive.start())
            if buyers and seller is not None and doc.norm[buyers[-1].end:verb] == passive.group(2) \
                    and seller.key != buyers[0].key:
                return _Deal([seller], buyers, "purchase")
        sellers, at = [], verb
        for mf in re.finditer(r"从|自|向", text[:mt.start()]):
            cand = coordinated_after(doc, ms, sent.start + mf.end(), verb)
            if cand and doc.norm[cand[-1].end:verb].strip(" 了") in _SELLER_PLACE:
                sellers, at = cand, sent.start + mf.start()
        sellers = sellers or _object_sellers(doc, sent, ms, text, mt)
        buyers = _heads(doc, sent, ms, at)
        if sellers and buyers and buyers[0].key != sellers[0].key:
            return _Deal(sellers, buyers, "purchase")
    return None


#: What a party holds, written right after its name with no 的: an amount (某县1万吨林业碳汇) or the product.
_HELD = re.compile(f"[0-9０-９]|{_PRODUCT.pattern}")


def _owner_before(doc, ms: list[Mention], before: int) -> Mention | None:
    """The party whose 的 opens what is sold, in the clause before *before* (某林场的1万吨碳汇被…), or whose
    amount or product follows its name (某县1万吨林业碳汇出售给…): a forest farm, a village or a county sells
    as well as a company."""
    for m in ms:
        if m.end >= before:
            return None
        if is_party(m) and (doc.norm[m.end:m.end + 1] == "的" or _HELD.match(doc.norm, m.end)) \
                and not re.search(r"[，,。；;]", doc.norm[m.end:before]):
            return m
    return None


def _heads(doc, sent, ms, pos: int) -> list[Mention]:
    """The parties listed right before *pos* (``甲和乙认购``), else the clause's subject — also when the
    list is only the venue the deal went through (甲通过某交易所购买: 甲 buys)."""
    manner = _MANNER.search(doc.norm, max(sent.start, pos - 3), pos)
    pos = manner.start() if manner else pos  # 甲成功向乙出售: 成功 stands between the party and 向
    collective = _COLLECTIVE.search(doc.norm, max(sent.start, pos - 12), pos)
    pos = collective.start() if collective else pos  # 甲、乙等3家企业认购: the list the count sums up
    together = _TOGETHER.search(doc.norm, max(sent.start, pos - 4), pos)
    listed = coordinated_before(doc, ms, together.start() if together else pos, sent.start)
    if listed and _VENUE.search(doc.norm[max(sent.start, listed[0].start - 2):listed[0].start]):
        if len(listed) > 1:
            return listed[1:]  # 通过某交易所，甲购买: the venue, then a comma, then the buyer
        s = subject(ms, listed[0].start)
        return [s] if s is not None else []
    return listed or head(ms, pos)


def _object_sellers(doc, sent, ms, text, mt) -> list[Mention]:
    """The sellers written as the verb's object: 认购(了)B(、C)(的)…碳汇."""
    after = sent.start + mt.end() + (1 if text[mt.end():mt.end() + 1] == "了" else 0)
    cand = _past_places(ms, coordinated_after(doc, ms, after, sent.end))  # 认购某市某农场的碳汇
    # 认购某县林业碳汇: a division naming the product is not the seller; an organisation or a forest farm
    # whose product it is sells it (认购某集团林业碳汇, 购买某林场林业碳汇)
    if cand and (cand[-1].region_code is None or not _PRODUCT.match(doc.norm[cand[-1].end:cand[-1].end + 8])):
        return cand
    return []


def _past_places(ms: list[Mention], cand: list[Mention]) -> list[Mention]:
    """*cand*, past a region written right before another party (某市某农场): the place only says where
    that party is."""
    while cand and cand[0].type is EntityType.REGION:
        nxt = [m for m in ms if m.start == cand[0].end and is_party(m)]
        if not nxt:
            break
        cand = nxt
    return cand


def _giver_and_receiver(doc, sent, ms, text, pattern: re.Pattern, marked: bool = False):
    """``(match, givers, receivers)`` around each *pattern* match: the receivers right after it, the givers
    before it (before 将/把 when *marked*: A将…出售给B)."""
    for mt in pattern.finditer(text):
        b = coordinated_after(doc, ms, sent.start + mt.end(), sent.end)
        if not b:
            continue
        marker = max(text.rfind("将", 0, mt.start()), text.rfind("把", 0, mt.start())) if marked else -1
        a = _heads(doc, sent, ms, sent.start + (marker if marker >= 0 else mt.start()))
        if not a and (owner := _owner_before(doc, ms, sent.start + mt.start())) is not None:
            a = [owner]  # 某县1万吨林业碳汇出售给B: no organisation before, the place whose sinks they are sells
        if a and a[0].key != b[0].key:
            yield mt, a, b


def _given_to(doc, sent, ms, text) -> _Deal | None:
    """``A(将|把)…出售/卖/捐赠给B``: A sells or donates to B."""
    for mt, a, b in _giver_and_receiver(doc, sent, ms, text, _GIVE_TO, marked=True):
        return _Deal(a, b, "donation" if DONATE.match(mt.group(0)) else "sale")
    return None


def _given_towards(doc, sent, ms, text) -> _Deal | None:
    """A向B…(捐赠|出售|提供): A gives, B receives."""
    for mt, a, b in _giver_and_receiver(doc, sent, ms, text, _TOWARDS):
        if _PAYING.match(doc.norm, b[-1].end):
            return _Deal(b, a, "purchase")  # A向B支付…款: A pays, so B sold to A
        kind = "donation" if DONATE.search(text) else "sale" if SELL.search(text[mt.end():]) else None
        return _Deal(a, b, kind)
    return None


def _between_parties(doc, sent, ms, text) -> _Deal | None:
    """A与B…碳汇…交易: the clause after B (or after the last of a list B、C) names the carbon deal; the roles
    are unsaid."""
    for mt in re.finditer(r"与|和|同|、", text):
        others = coordinated_after(doc, ms, sent.start + mt.end(), sent.end)
        if not others:
            continue
        pos = sent.start + mt.start()
        listed = []
        if mt.group(0) != "、":  # 甲、乙(分别)与丙…交易: each of the list with 丙
            adverb = _TOGETHER.search(doc.norm, sent.start, pos)
            pos = adverb.start() if adverb else pos
            listed = coordinated_before(doc, ms, pos, sent.start)
        first = listed or head(ms, pos)
        if mt.group(0) == "、" and (not _two_listed(doc, sent, first, others)
                                   or _EACH_WITH.match(doc.norm, others[0].end)):
            continue  # 甲、乙分别与丙签订…: the list is one side, 丙 the other
        clause = re.split(r"[,，;；。、]", doc.norm[others[-1].end:sent.end], maxsplit=1)[0]
        if not mentions_trade(clause):
            continue
        if first and first[0].key != others[0].key:
            return _Deal(first, others, None, sided=False)  # 甲与乙、丙签订碳汇交易协议: 甲 with each
    return None


#: ``(分别|共同…)与``: a list of parties before it is one side of the deal, the party after 与 the other.
_EACH_WITH = re.compile(f"(?:{_LEX.pattern('joint_adverbs')}|分别|各自|均)?(?:与|同|和|向)")
#: What joins one party of a list to the next.
_LIST_MARKS = ("、", "和", "与", "及")


def _two_listed(doc, sent, first: list[Mention], others: list[Mention]) -> bool:
    """``甲、乙签订碳汇交易协议``: a list of exactly two parties, 甲 written right before 、 and nothing
    joined before it or after 乙 (a longer list names more than one deal's sides)."""
    if len(first) != 1 or len(others) != 1 or doc.norm[first[0].end] != "、":
        return False
    before = doc.norm[max(sent.start, first[0].start - 1):first[0].start]
    after = doc.norm[others[0].end:others[0].end + 1]
    return before not in _LIST_MARKS and after not in _LIST_MARKS


#: 出让方为B / 买方是B: a party named by its side of the deal.
_SELLER_ROLE = re.compile(f"(?:{_LEX.alternation('seller_role')})(?:(?:分别|均)?(?:为|是)|[:：])?")
_BUYER_ROLE = re.compile(f"(?:{_LEX.alternation('buyer_role')})(?:(?:分别|均)?(?:为|是)|[:：])?")
#: A作为卖方, B作为买方: a side named before its role.
_AS_SELLER = re.compile(f"作为(?:{_LEX.alternation('seller_role')})")
_AS_BUYER = re.compile(f"作为(?:{_LEX.alternation('buyer_role')})")
#: 碳汇来自A: where the product traded comes from.
_SOURCE = re.compile(f"(?:{_LEX.alternation('carbon')})[^，,。；;]{{0,6}}?来自")


def _named_by_role(doc, sent, ms, text, mentions) -> _Deal | None:
    """``A竞得…碳汇3000吨。出让方为B``: the verb's subject is one side, the party after a role word in this
    sentence or the next of the same article the other."""
    for verbs, role, buying in ((BUY, _SELLER_ROLE, True), (SELL, _BUYER_ROLE, False)):
        mt = verbs.search(text)
        if mt is None:
            continue
        one = head(ms, sent.start + mt.start())
        other = _role_party(doc, sent, role, mentions) or _role_party_before(
            doc, sent, _AS_SELLER if buying else _AS_BUYER, mentions) or (
            _role_party(doc, sent, _SOURCE, mentions, False) if buying else [])  # A购买的碳汇来自B
        if one and other and one[0].key != other[0].key:
            sellers, buyers = (other, one[:1]) if buying else (one[:1], other)
            return _Deal(sellers, buyers, "purchase" if buying else "sale")
    # 碳汇来自A…，买方为B: both sides named by their roles (the product's source is its seller)
    seller = _role_party(doc, sent, _SELLER_ROLE, mentions) or _role_party(doc, sent, _SOURCE, mentions, False) \
        or _role_party_before(doc, sent, _AS_SELLER, mentions)
    buyer = _role_party(doc, sent, _BUYER_ROLE, mentions) or _role_party_before(doc, sent, _AS_BUYER, mentions)
    if seller and buyer and seller[0].key != buyer[0].key:
        return _Deal(seller, buyer, "sale")
    return None


#: 交易双方为A和B: the sides of a deal named together, roles unsaid.
_BOTH_SIDES = re.compile(r"(?:交易|买卖|购销)(?:的)?双方(?:分别)?(?:为|是|[:：])")
#: A party's role in brackets right after its name: 甲(买方)与乙(卖方)签订….
_BRACKETED_SELLER = re.compile(f"[(（](?:{_LEX.alternation('seller_role')})[)）]")
_BRACKETED_BUYER = re.compile(f"[(（](?:{_LEX.alternation('buyer_role')})[)）]")


def _sides_named(doc, sent, ms, text) -> _Deal | None:
    """``碳汇交易双方为A和B``: the two sides listed after 双方, roles unsaid."""
    mt = _BOTH_SIDES.search(text)
    if mt is None:
        return None
    sides = coordinated_after(doc, ms, sent.start + mt.end(), sent.end)
    return _Deal(sides[:1], sides[1:2], None, sided=False) if len(sides) == 2 else None


def _bracketed_roles(doc, deal: _Deal) -> _Deal:
    """*deal*, its sides ordered by the roles bracketed after their names (甲(买方)与乙(卖方)), when both are."""
    a, b = deal.sellers[0], deal.buyers[0]
    if _BRACKETED_BUYER.match(doc.norm, a.end) and _BRACKETED_SELLER.match(doc.norm, b.end):
        return _Deal(deal.buyers, deal.sellers, deal.kind)
    if _BRACKETED_SELLER.match(doc.norm, a.end) and _BRACKETED_BUYER.match(doc.norm, b.end):
        return _Deal(deal.sellers, deal.buyers, deal.kind)
    return deal


def _role_party(doc, sent, role: re.Pattern, mentions, next_too: bool = True) -> list[Mention]:
    """The parties listed right after *role* (买方分别为甲和乙) in *sent* or (with *next_too*) in the sentence
    after it, in the same article."""
    for s in _with_next(doc, sent) if next_too else [sent]:
        mt = role.search(doc.norm[s.start:s.end])
        if mt is not None:
            ms = in_sentence(s, mentions)
            found = _past_places(ms, coordinated_after(doc, ms, s.start + mt.end(), s.end))
            if found:
                return found
    return []


def _with_next(doc: Document, sent: Sentence) -> list[Sentence]:
    """*sent* and the sentence after it, when that one is of the same article."""
    return [sent] + [s for s in doc.sentences[sent.index + 1:sent.index + 2] if s.article == sent.article]


def _role_party_before(doc, sent, role: re.Pattern, mentions) -> list[Mention]:
    """The party written right before *role* (A作为卖方) in *sent* or the sentence after it, in the same
    article."""
    for s in _with_next(doc, sent):
        for mt in role.finditer(doc.norm[s.start:s.end]):
            at = s.start + mt.start()
            found = [m for m in in_sentence(s, mentions) if m.end == at and is_party(m)]
            if found:
                return found[:1]
    return []


def _with_attributes(doc, sent, text, pair: tuple[Mention, Mention], deal: _Deal, date, mentions=(),
                     totals: bool = True) -> EventMention:
    """The trade between *pair* (seller, buyer) of *deal*, with the figures the article gives; the tonnes
    and money only with *totals* (they are the whole deal's, not one pair's of a listed side)."""
    kind_re = DONATE if DONATE.search(text) else TRADE
    facts = memo(mentions, ("article", sent.article, kind_re.pattern), lambda: _ArticleFacts(doc, sent, kind_re))
    art = memo(mentions, ("article", sent.article, CARBON.pattern), lambda: _ArticleFacts(doc, sent, CARBON))
    std = _STANDARD.search(text) or art.standard or re.search(r"碳票|林业碳汇|草原碳汇", text)
    reg = _REGISTRY.search(text) or art.registry
    seller, buyer = pair if deal.sided else (None, None)
    return EventMention(
        EventKind.CARBON_TRADE, pair, evidence(doc, sent, "carbon-trade", 0.75),
        date=date,
        # money: only sentences about this kind of deal; tonnes, price, standard: any carbon sentence
        amount=(find_amount(text) or facts.amount) if totals else None,
        quantity=(find_quantity(text) or art.quantity) if totals else None,
        price=find_price(text) or art.price,
        standard=std.group(0) if std else None,
        registry_number=reg.group(1) if reg else None,
        trade_kind=deal.kind or _kind_of(text),
        seller=seller, buyer=buyer,
    )


class _ArticleFacts:
    """What the sentences of *sent*'s article about a kind of deal (*kind_re*) say, read once per article:
    the figures a trade's own sentence leaves out."""

    def __init__(self, doc: Document, sent: Sentence, kind_re: re.Pattern):
        text = _article_text(doc, sent, kind_re)
        self.amount = find_amount(text)
        self.quantity = find_quantity(text)
        self.price = find_price(text)
        self.standard = _STANDARD.search(text)
        self.registry = _REGISTRY.search(text)


def _kind_of(text: str) -> str | None:
    if DONATE.search(text):
        return "donation"
    if "预售" in text:
        return "presale"
    if BUY.search(text):
        return "purchase"
    return "sale" if SELL.search(text) else None


def _article_text(doc: Document, sent: Sentence, kind_re: re.Pattern) -> str:
    """Sentences of the same article about the same kind of deal, minus yearly totals."""
    parts = []
    for s in _article_sentences(doc, sent.article):
        t = doc.norm[s.start:s.end]
        if CARBON.search(t) and kind_re.search(t) and not _AGGREGATE.search(t):
            parts.append(t)
    return "".join(parts)


def _article_sentences(doc: Document, article: int) -> list[Sentence]:
    """The sentences of article *article* (sentences run article by article)."""
    first = bisect_left(doc.sentences, article, key=lambda s: s.article)
    last = bisect_right(doc.sentences, article, key=lambda s: s.article)
    return doc.sentences[first:last]


def carbon_articles(doc: Document, mentions: list[Mention]) -> set[int]:
    """The articles of *doc* that name a carbon product outside any name (a 某某碳汇公司 does not count)."""
    return {s.article for s in doc.sentences if CARBON.search(_outside_names(doc, s, in_sentence(s, mentions)))}


def agreed_trades(doc: Document, sent: Sentence, ms: list[Mention], agreements: list[EventMention],
                  date) -> list[EventMention]:
    """A deal agreed in words of trading (挂牌、撮合、协议成交…与某企业达成协议), in an article about a carbon
    product (:func:`carbon_articles`), is a carbon trade between the agreement's two parties, roles unsaid.
    Words inside names (某某交易所) do not count. *ms* are the sentence's mentions."""
    if not agreements:
        return []
    blanked = _outside_names(doc, sent, ms)
    # the words of trading come before the parties: after them they name another deal's document (…交易协议)
    return [EventMention(EventKind.CARBON_TRADE, e.parties, evidence(doc, sent, "agreed-trade", 0.6), date=date)
            for e in agreements if len(e.parties) == 2
            and TRADE.search(blanked[:min(p.start for p in e.parties) - sent.start])]


def _outside_names(doc: Document, sent: Sentence, ms: list[Mention]) -> str:
    """The sentence with every name blanked out."""
    chars = list(doc.norm[sent.start:sent.end])
    for m in ms:
        for i in range(max(m.start, sent.start), min(m.end, sent.end)):
            chars[i - sent.start] = "□"
    return "".join(chars)
