"""Events of a document: agreements and carbon trades, sentence by sentence."""

from __future__ import annotations

from kg.ingest import Document
from kg.model import EventMention, Mention
from kg.nlp.relations.agreements import find_agreements, signed_trade
from kg.nlp.relations.common import SIGN, in_sentence
from kg.nlp.relations.trades import agreed_trades, find_trade, mentions_trade
from kg.quantities import find_date

__all__ = ["find_events"]


def find_events(doc: Document, mentions: list[Mention]) -> list[EventMention]:
    """Agreements and carbon trades; a trade said to be signed is an agreement too, and a deal agreed in
    words of trading, in an article about a carbon product, is a trade too."""
    events: list[EventMention] = []
    for sent in doc.sentences:
        text = doc.norm[sent.start:sent.end]
        signing, carbon = SIGN.search(text) is not None, mentions_trade(text)
        if not signing and not carbon:
            continue
        ms = in_sentence(sent, mentions)
        date = find_date(text, doc.date)
        agreements = find_agreements(doc, sent, ms, mentions, date) if signing else []
        events.extend(agreements)
        trade = find_trade(doc, sent, ms, date) if carbon else None
        if trade is not None:
            events.append(trade)
            deal = signed_trade(doc, sent, events, trade)
            if deal is not None:
                events.append(deal)
        else:
            events.extend(agreed_trades(doc, sent, ms, mentions, agreements, date))
    return events
