"""Events of a document: agreements and carbon trades, sentence by sentence."""

from __future__ import annotations

from dataclasses import replace

from kg.ingest import Document
from kg.model import EventKind, EventMention, Mention
from kg.nlp.relations.agreements import find_agreements, signed_trade
from kg.nlp.relations.calibration import calibrated
from kg.nlp.relations.common import SIGN, DocMentions, in_sentence
from kg.nlp.relations.trades import agreed_trades, carbon_articles, find_trades, mentions_trade
from kg.quantities import find_date

__all__ = ["find_events"]


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
