"""Events of a document: agreements and carbon trades, sentence by sentence."""

from __future__ import annotations

from dataclasses import replace

from kg.ingest import Document
from kg.model import EntityType, EventKind, EventMention, Mention
from kg.nlp.relations.agreements import find_agreements, signed_trade
from kg.nlp.relations.calibration import calibrated
from kg.nlp.relations.common import SIGN, DocMentions, in_sentence
from kg.nlp.relations.trades import agreed_trades, carbon_articles, find_trades, mentions_trade
from kg.quantities import find_date

__all__ = ["acting_areas", "find_events"]


def find_events(doc: Document, mentions: list[Mention]) -> list[EventMention]:
    """Agreements and carbon trades; a trade said to be signed is an agreement too, and a deal agreed in
    words of trading, in an article about a carbon product, is a trade too."""
    events: list[EventMention] = []
    mentions = DocMentions(mentions)
    carbon: set[int] | None = None  # the articles about a carbon product, found once when first needed
    for sent in doc.sentences:
        text = doc.norm[sent.start:sent.end]
        signing, trading = SIGN.search(text) is not None, mentions_trade(text)
        if not signing and not trading:
            continue
        ms = in_sentence(sent, mentions)
        date = find_date(text, doc.date)
        agreements = find_agreements(doc, sent, ms, mentions, date) if signing else []
        events.extend(agreements)
        trades = find_trades(doc, sent, ms, date, mentions) if trading else []
        for trade in trades:
            events.append(trade)
            deal = signed_trade(doc, sent, events, trade)
            if deal is not None:
                events.append(deal)
        if not trades and agreements:
            carbon = carbon_articles(doc, mentions) if carbon is None else carbon
            if sent.article in carbon:
                events.extend(agreed_trades(doc, sent, ms, agreements, date))
    return [replace(e, evidence=calibrated(RELATION[e.kind], e.evidence)) for e in events]


#: The direct relation each kind of event gives its parties.
RELATION = {EventKind.AGREEMENT: "signedAgreementWith", EventKind.CARBON_TRADE: "tradedCarbonWith"}


#: Natural areas an institution runs — the state forest farm (国有林场), the nature reserve and the park of
#: the protected-area system (自然保护地体系: 国家公园, 自然保护区, 森林/湿地/地质公园; the 2019 guideline
#: 《关于建立以国家公园为主体的自然保护地体系的指导意见》). As a place such a name is a region; as a party to
#: a deal — selling its forest's carbon sink, signing a cooperation — it is the institution running it.
AREA_ENDINGS = ("林场", "公园", "保护区")


def acting_areas(mentions: list[Mention], events: list[EventMention]) -> tuple[list[Mention], list[EventMention]]:
    """*mentions* and *events* with each natural area that is a party to a deal made an organisation,
    in every mention of it in the document. Divisions with a code (a county that signs) stay regions."""
    acting = {p.key for e in events for p in e.parties
              if p.type is EntityType.REGION and p.region_code is None and p.key.endswith(AREA_ENDINGS)}
    if not acting:
        return mentions, events

    def retyped(m: Mention | None) -> Mention | None:
        if m is not None and m.type is EntityType.REGION and m.key in acting:
            return replace(m, type=EntityType.ORGANIZATION)
        return m

    events = [replace(e, parties=tuple(map(retyped, e.parties)), seller=retyped(e.seller), buyer=retyped(e.buyer),
                      signatories=tuple(map(retyped, e.signatories))) for e in events]
    return [retyped(m) for m in mentions], events
