"""Agreements: who signed with whom, and what.

Patterns, with the parties chosen from the entity spans around the signing verb:

* ``A与B(、C)(三方)签订/签署《T》``, ``A、B和C(三方)签署`` and ``A…,与B签订T`` (the clause's subject is the first party);
* ``甲、乙分别代表A、B…签约`` (the people are signatories, the organisations parties);
* ``签订了A与B…协议`` (the parties follow the verb);
* ``双方签订《T》`` (the pair the article named last);
* ``X分别与A、B签订`` and ``X与A、B分别签订`` (X with A, and X with B — not A with B);
* ``A与B、C与D分别签订`` (A with B, and C with D: each pair its own agreement);
* a trade whose sentence says it was signed (:func:`signed_trade`).

Planned signings (``拟/计划…签约``) are not agreements.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from kg.ingest import Document, Sentence
from kg.model import EntityType, EventKind, EventMention, Mention
from kg.nlp.relations.common import (
    BOOK, FIRMS_COUNTED, GOVERNMENT, HEAD_OF_GOVERNMENT, SIGN, coordinated_after, coordinated_before, dedupe,
    evidence, in_sentence, is_party, memo, planned, region_prefix, subject,
)
from kg.nlp.lexicon import lexicon
from kg.nlp.shapes import ALIAS_DECLARATION
from kg.quantities import find_amount

__all__ = ["find_agreements", "signed_trade"]

#: The noun a signed document's name ends in; 框架协议 before 框架, so that the whole name is read.
_AGREEMENT_NOUN = re.compile(r"[^。，,；;、与和及]{0,16}?(?:框架协议|协议书|协议|协定|合同书|合同|意向书|备忘录|框架)")
#: 分别 (each), 先后 / 相继 (one after another): the first party signed with each of the others.
_EACH = ("分别", "先后", "相继")
_SEPARATELY = re.compile(f"(?:{'|'.join(_EACH)})(与|同|和)")
#: ``X与A、B(在某地)分别签订``: 分别 after the parties, before the verb, says the same.
_SEPARATELY_AFTER = re.compile(r"分别(?!代表)")
#: ``X与A、B等5家企业签约``: a count of firms (or 等 + firms) closing the list after the parties says the same —
#: X signed with each firm, not all of them with one another.
_FIRMS_COUNTED = re.compile(FIRMS_COUNTED)


def find_agreements(doc: Document, sent: Sentence, ms: list[Mention], mentions: list[Mention],
                    date) -> list[EventMention]:
    """The agreements signed in *sent*; *ms* are its mentions, *mentions* the whole document's."""
    events: list[EventMention] = []
    text = doc.norm[sent.start:sent.end]
    window = sent.start
    for sig in SIGN.finditer(text):
        trigger = sent.start + sig.start()
        clause = doc.norm[window:trigger]
        if planned(doc, window, trigger, ms):
            window = sent.start + sig.end()
            continue  # 拟于明年签约: not signed (yet)
        parties, signatories, respectively = _parties(doc, sent, ms, mentions, trigger, window)
        window = sent.start + sig.end()
        if len(parties) < 2:
            continue
        title = _title(doc, sent, parties, trigger, window)
        last = max(p.end for p in parties)
        # 甲与乙、丙等5家企业签约: 甲 with each; 甲、乙、丙等单位签署 (no 与): all of them together
        joined = re.search(r"[与同和]", doc.norm[parties[0].end:parties[1].start])
        separately = respectively or _SEPARATELY.search(clause) or (
            last < trigger and (_SEPARATELY_AFTER.search(doc.norm[last:trigger])
                                or (joined and _FIRMS_COUNTED.match(doc.norm, last))))
        groups = [(parties[0], p) for p in parties[1:]] if len(parties) > 2 and separately else [parties]
        if len(parties) == 2 and not signatories:
            groups = _pairs_before(doc, ms, parties, trigger - len(clause)) + groups
        for group in groups:
            events.append(EventMention(
                EventKind.AGREEMENT, tuple(group), evidence(doc, sent, "agreement", 0.8),
                title=title, date=date, amount=find_amount(text), signatories=tuple(signatories),
            ))
    return _one_per_signing(events)


#: What sets one signing pair off from the pair before it (甲与乙、丙与丁分别签订, 甲与乙，丙与丁签署).
_PAIR_APART = "、，,"


def _pairs_before(doc: Document, ms: list[Mention], pair: list[Mention], window: int) -> list[tuple]:
    """The pairs written before *pair*, each of two sides joined by 与 (同, 和) and set off from the next by 、
    or a comma, in text order: 甲与乙、丙与丁分别签订 is 甲 with 乙 and 丙 with 丁, and never 乙 with 丙."""
    first, second = pair
    if doc.norm[first.end:second.start] not in ("与", "同", "和"):
        return []
    pairs: list[tuple] = []
    pos = first.start
    while pos > window and doc.norm[pos - 1] in _PAIR_APART:
        b = next((m for m in ms if m.end == pos - 1 and is_party(m)), None)
        if b is None or b.start <= window or doc.norm[b.start - 1] not in "与同和":
            break
        a = next((m for m in ms if m.end == b.start - 1 and is_party(m) and m.start >= window), None)
        if a is None:
            break
        pairs.insert(0, (a, b))
        pos = a.start
    return pairs


def _one_per_signing(events: list[EventMention]) -> list[EventMention]:
    """A sentence that names a signing twice (签署…协议, …代表签署协议) holds one agreement: an event whose
    parties are all among another's of the same sentence is that one, and lends it its title."""
    out: list[EventMention] = []
    for e in events:
        keys = {p.key for p in e.parties}
        wider = next((o for o in events if o is not e and keys < {p.key for p in o.parties}), None)
        if wider is None:
            out.append(e)
    for i, e in enumerate(out):
        narrower = [o for o in events if o not in out and {p.key for p in o.parties} < {p.key for p in e.parties}]
        title = e.title or next((o.title for o in narrower if o.title), None)
        signatories = e.signatories or next((o.signatories for o in narrower if o.signatories), ())
        if (title, signatories) != (e.title, e.signatories):
            out[i] = replace(e, title=title, signatories=signatories)
    return out


def _title(doc: Document, sent: Sentence, parties: list[Mention], trigger: int, sig_end: int) -> str | None:
    """The document signed: right after the verb, after the parties that follow the verb
    (签订了A与B战略合作协议), or a 《title》 earlier in the sentence."""
    title = _title_after(doc, sig_end, sent.end)
    last = max(p.end for p in parties)
    if title is None and last > sig_end:
        title = _title_after(doc, last, sent.end)
    if title is None:
        mt = BOOK.search(doc.norm[sent.start:trigger])
        title = mt.group(0) if mt else None
    return title


#: Particles between the verb and the document signed (签署了, 签订过, 签署的): no part of its name.
_AFTER_VERB = "了过的"


def _title_after(doc: Document, pos: int, end: int) -> str | None:
    """《A》及《B》 or an agreement noun phrase (战略合作框架协议) starting at *pos*."""
    text = doc.norm[pos:end]
    books: list[tuple[int, int]] = []
    for m in BOOK.finditer(text):
        if books and not re.fullmatch(r"\s*(及|和|与|、)\s*", text[books[-1][1]:m.start()]):
            break
        if not books and m.start() > 12:
            break
        books.append((m.start(), m.end()))
    if books:
        return doc.text[pos + books[0][0]:pos + books[-1][1]]
    m = _AGREEMENT_NOUN.match(text.lstrip(_AFTER_VERB))
    if m:
        lead = len(text) - len(text.lstrip(_AFTER_VERB))
        title = doc.text[pos + lead:pos + lead + m.end()]
        return title if len(title) >= 3 else None
    return None


def article_pair(doc: Document, sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """Whom ``双方`` means: the ``A与B`` pair of the article's title or latest sentence.

    The pairs are found once per document, sentence by sentence (:class:`_LatestPairs`), so a document that
    says 双方 in every sentence still costs one pass.
    """
    return memo(mentions, "latest pairs", lambda: _LatestPairs(doc, mentions)).at(sent.index)


def article_host(doc: Document, sent: Sentence, mentions: list[Mention]) -> Mention | None:
    """The party an article is about, when a signing clause leaves its own side unsaid (…签约仪式举行。…
    第一轮与A、B签署协议): the organisation or domestic region (one with an administrative code; a country
    hosts nothing) that the article names most often up to *sent*, at least twice — its first mention —
    else None. Worked out for every sentence in one pass per document
    (:func:`~kg.nlp.relations.common.memo`)."""
    return memo(mentions, "article hosts", lambda: _hosts(doc, mentions))[sent.index]


def _hosts(doc: Document, mentions: list[Mention]) -> list[Mention | None]:
    """For each sentence, the host of its article so far (:func:`article_host`)."""
    out: list[Mention | None] = []
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    best: str | None = None
    for k, s in enumerate(doc.sentences):
        if k == 0 or doc.sentences[k - 1].article != s.article:
            counts, first, best = {}, {}, None
        for m in in_sentence(s, mentions):
            if not (m.type.is_org or (m.type is EntityType.REGION and m.region_code)):
                continue
            counts[m.key] = counts.get(m.key, 0) + 1
            first.setdefault(m.key, m)
            if best is None or (counts[m.key], -first[m.key].start) > (counts[best], -first[best].start):
                best = m.key
        out.append(first[best] if best is not None and counts[best] >= 2 else None)
    return out


class _LatestPairs:
    """For each sentence, the last ``A与B`` pair of organisations in its article up to and including it."""

    def __init__(self, doc: Document, mentions: list[Mention]):
        self.doc, self.mentions = doc, mentions
        self.found: list[list[Mention]] = []

    def at(self, index: int) -> list[Mention]:
        doc, found = self.doc, self.found
        while len(found) <= index:
            s = doc.sentences[len(found)]
            prev = found[-1] if found and doc.sentences[s.index - 1].article == s.article else []
            ms = [m for m in in_sentence(s, self.mentions) if m.type.is_org]
            pair = [[a, b] for a, b in zip(ms, ms[1:]) if _WITH.fullmatch(doc.norm[a.end:b.start])]
            found.append(pair[-1] if pair else _visit(doc, s, self.mentions) or prev)
        return found[index]


def _visit(doc: Document, sent, mentions: list[Mention]) -> list[Mention]:
    """``A(董事长某某)一行到B考察``: the visiting organisation and the place or organisation it visits, the pair
    a later 双方 means; [] when the sentence tells of no visit."""
    ms = [m for m in in_sentence(sent, mentions) if not m.type.is_person]
    for a, b in pairwise(ms):
        gap = doc.norm[a.end:b.start]
        visitor = a.type.is_org or (a.type is EntityType.REGION and a.region_code and _DELEGATION.match(gap))
        if visitor and (b.type.is_org or (b.type is EntityType.REGION and b.region_code)) and _VISITING.search(gap):
            return [a, b]
    return []


#: 一行 and a verb of going, between a visiting party (with its people) and where it goes.
_VISITING = re.compile(r"^[^，,。；;]{0,12}(?:一行|代表团|考察团)(?:到|赴|来到|莅临|走进|前往|来)$")
#: A place's delegation (某县党政代表团赴某集团考察): the place visits, as an organisation's party (一行) does.
_DELEGATION = re.compile(r"(?:党政|经贸|招商|政府)?(?:代表团|考察团)")
#: What joins one party to the other, in a headline's pair (A携手B…) or before a signing verb: 与, 和, 同,
#: and 携手, 牵手, 联合 (A携手B签署); a headline's dash between two names (A—B战略合作协议签约仪式).
_WITH = re.compile(r"与|和|同|携手|牵手|联手|联合|[—-]|[·・]")
#: 在…(的)见证下: the clause names the witnesses of a signing, not its parties.
_WITNESSED = re.compile(r"见证下[，,]?")


def _parties(doc, sent, ms, mentions, trigger: int, window: int) -> tuple[list[Mention], list[Mention], bool]:
    """``(parties, signatories, respectively)`` of the signing whose verb is at *trigger*; *window* starts its
    clause. With *respectively*, the first party signed with each of the others, not all together."""
    witnessed = [m.end() for m in _WITNESSED.finditer(doc.norm, window, trigger)]
    if witnessed:
        window = witnessed[-1]  # 在某市委书记甲的见证下，A与B签约: the witnesses' bodies are no parties
    for finder in (_represented, _signatories_with_their_organisations, _counted_with, _joined_before,
                   _listed_subjects):
        found = finder(doc, sent, ms, mentions, trigger, window)
        if found is not None:
            return found if len(found) == 3 else (*found, False)
    parties = _after_verb(doc, sent, ms, trigger) or _sides_named(doc, sent, ms, trigger)
    if parties:
        return parties, [], False
    if "双方" in doc.norm[window:trigger + 2]:
        pair = article_pair(doc, sent, mentions)
        if len(pair) == 2:
            return pair, [], False
    return [], [], False


#: 甲、乙及丙3家项目业主方与…: a count and a noun closing the list of parties before 与; after 等 or 在内的
#: (甲、乙等5家企业, 包括甲、乙在内的12家企业) the list names only some of them, and 等 may close it uncounted
#: (甲、乙等企业与…).
_COUNTED_LIST = re.compile(r"(等|在内的)?\s*([0-9]+|[一二三四五六七八九十两]+)\s*(?:家|个|所)[\u4e00-\u9fff]{0,6}$"
                           r"|(等)(?:企业|公司|单位|机构)$")


def _counted_with(doc, sent, ms, mentions, trigger, window):
    """甲、乙及丙3家业主方与B达成协议: each listed party signed with B (the count must match the list)."""
    for mt in reversed(list(re.finditer(r"与|同", doc.norm[window:trigger]))):
        joint = window + mt.start()
        counted = _COUNTED_LIST.search(doc.norm[window:joint])
        others = coordinated_after(doc, ms, window + mt.end(), trigger)
        if not counted or not others:
            continue
        heads = coordinated_before(doc, ms, window + counted.start(), window)
        some = counted.group(1) or counted.group(3)  # 等, 在内的: the list names some of the counted
        n = counted.group(2) or ""
        if len(heads) >= 2 and (some or not n.isdigit() or int(n) == len(heads)):
            return dedupe([others[0]] + heads), [], True
    return None


def _represented(doc, sent, ms, mentions, trigger, window):
    """甲、乙分别代表A、B…签约: A and B are the parties, 甲 and 乙 sign for them."""
    rep = re.search(r"(分别)?代表", doc.norm[window:trigger])
    if not rep:
        return None
    orgs = coordinated_after(doc, ms, window + rep.end(), trigger)
    if len(orgs) < 2:
        return None
    people = [m for m in ms if m.type.is_person and m.end <= window + rep.start()]
    return orgs, people


#: … or 分别代表 + the sides by their kinds (分别代表县政府和企业): the signatories' own organisations are the sides.
_ON_BEHALF = re.compile(r"(?:分别)?代表(?:双方|各方|三方|多方)?$"
                        r"|分别代表[^，,。；;与和及、]{1,6}(?:和|与|及|、)[^，,。；;与和及、]{1,6}$")


def _signatories_with_their_organisations(doc, sent, ms, mentions, trigger, window):
    """甲公司副总经理王某、乙集团董事长李某代表签署协议: each signatory is written after the organisation
    and post they sign for; those organisations are the parties."""
    if not _ON_BEHALF.search(doc.norm[window:trigger]):
        return None
    parties, people = [], []
    # the pieces: between commas, and after a person listed or joined to the next by 与 or 和 (甲局局长王某与
    # 乙集团…); a 、 between two posts of one person (甲集团党委书记、董事长王某) cuts nothing
    person_ends = {m.end for m in ms if m.type.is_person}
    cuts = [k for k in range(window, trigger) if doc.norm[k] in ",，" or (doc.norm[k] in "、与和" and k in person_ends)]
    for lo, hi in zip([window] + [k + 1 for k in cuts], cuts + [trigger]):
        person = next((m for m in ms if m.type.is_person and lo <= m.start and m.end <= hi), None)
        orgs = [m for m in ms if is_party(m) and lo <= m.start and m.end <= (person.start if person else lo)]
        if person is not None and orgs:
            org = orgs[-1] if orgs[-1].type.is_org else orgs[0]
            org = _signs_for(doc.norm[org.end:person.start], org, mentions)
            if org is not None:
                parties.append(org)
                people.append(person)
    parties = dedupe(parties)
    return (parties, people) if len(parties) >= 2 else None


def _signs_for(post: str, org: Mention, mentions: list[Mention]) -> Mention | None:
    """The side a signatory with *post* in *org* signs for: *org* itself, but a head of government
    (某省委常委、副省长甲) signs for the government of the place, the one the text names, else for the place
    the body's name opens with; None when the text names neither (省委 written alone, no government)."""
    if not HEAD_OF_GOVERNMENT.match(re.split(r"[、兼]", post)[-1]) or GOVERNMENT.search(org.key):
        return org
    place = org if org.type is EntityType.REGION else region_prefix(org)  # 某县县长: the county itself
    if place is None:
        return None
    governments = memo(mentions, "governments", lambda: {
        m.key: m for m in reversed(mentions) if m.type is EntityType.GOVERNMENT_BODY and GOVERNMENT.search(m.key)})
    government = governments.get(place.key + "人民政府") or governments.get(place.key + "政府")
    return government if government is not None or not org.text.startswith(place.key) else place


#: 三方, 四方, 多方, 各方 before the verb: every party named signed together.
_ALL_SIDES = re.compile(r"[三四五六多各]方")
#: … or right after it (签订三方协议, 签署了四方合作协议).
_ALL_SIDES_SIGNED = re.compile(r"(?:签订|签署|签约|签下|缔结)了?[三四五六多]方")


def _inside_counterparties(doc, ms, joint: int, window: int) -> bool:
    """Whether the parties right before the 和 at *joint* follow a 与 or 同 themselves (甲与乙和丙)."""
    listed = coordinated_before(doc, ms, joint, window)
    return bool(listed) and listed[0].start > window and doc.norm[listed[0].start - 1] in "与同"


#: A signing written as a relative clause (与乙签约的甲, 与乙签署合作协议的甲): the side follows its 的.
_RELATIVE = re.compile(r"签(?:约|署|订)了?[^，,。；;的与和]{0,10}的")
#: Adverbs between a signing's first party and its 与: a deal's adverbs (``deal_adverbs``: 也, 近日, 先后 …),
#: 分别, and 都 (甲、乙都与丙签约).
_ADVERBS = re.compile(f"(?:{lexicon().pattern('deal_adverbs')}|分别|都)+$")
#: 双方 right before the 与 of a signing (双方还与丙签订): the pair named before, both of them.
_BOTH = re.compile(r"双方(?:还|也|又|均|共同|随后|并|将)*$")


def _joined_before(doc, sent, ms, mentions, trigger, window):
    """…与B(、C)…签订: the 与 (和, 同, 携手 …) nearest before the verb that is followed by parties, and the
    party before it."""
    for mt in reversed(list(_WITH.finditer(doc.norm[window:trigger]))):
        joint = window + mt.start()
        others = coordinated_after(doc, ms, window + mt.end(), trigger)
        if not others:
            continue
        signatory = next((m for m in ms if m.type.is_person and m.end == joint), None)
        if signatory is not None:
            # 某集团董事长甲与某市人民政府签署: the signatory before 与 signs for the organisation before
            # the post; 副省长甲与某公司副总裁乙…代表双方签署: 与 joins the signatories, not the parties
            own = _signing_for(doc, ms, signatory, window, trigger)
            if own is not None and others[0].start == joint + 1:
                parties = dedupe([own] + others)
                if len(parties) >= 2:
                    return parties, [signatory]
            continue
        if mt.group(0) == "和" and _inside_counterparties(doc, ms, joint, window):
            continue  # 甲同乙和丙签约: 和 joins the counterparties after 同, the 与 before it is the one
        # 甲分别与乙、丙签约, 甲也与乙签约: adverbs (分别, 也, 近日 …) stand between the first party and 与
        adverbs = _ADVERBS.search(doc.norm, window, joint)
        if adverbs is not None and any(m.start < joint and adverbs.start() < m.end for m in ms):
            adverbs = None  # 成都与…: the 都 ends a name, no adverb
        before = adverbs.start() if adverbs is not None else joint
        if adverbs is not None and any(w in adverbs.group() for w in _EACH) and len(others) == 1:
            listed = coordinated_before(doc, ms, before, window)
            if len(listed) >= 2:  # 甲、乙(也)分别与丙签约: each of the list signed with 丙
                return dedupe(others + listed), [], True
        first = [m for m in ms if m.end == _before_declaration(doc, before) and is_party(m)]
        if mt.group(0) in "—-·・" and not (first and others[0].start == joint + 1):
            continue  # a dash or a middle dot (某县·某集团签约仪式) joins two parties only written right at its sides
        if first and (mt.group(0) == "和" or _ALL_SIDES.search(doc.norm[joint:trigger])
                      or _ALL_SIDES_SIGNED.match(doc.norm, trigger)):
            first = coordinated_before(doc, ms, joint, window) or first  # 甲、乙和丙(三方)签署: one list, all sides
        if not first and (rel := _RELATIVE.match(doc.norm, trigger)) is not None:
            first = [m for m in ms if m.start == rel.end() and is_party(m)]  # 与乙签约的甲: 的 points to the side
        if not first and _BOTH.search(doc.norm, window, joint):
            pair = article_pair(doc, sent, mentions)  # 甲与乙签约后，双方还与丙签订: both sides sign with 丙
            first = pair if len(pair) == 2 and not {p.key for p in pair} & {o.key for o in others} else []
        if not first:
            s = subject(ms, joint, doc.norm)
            first = [s] if s is not None else article_pair(doc, sent, mentions)[:1]
        hosted = False
        if not first:
            host = article_host(doc, sent, mentions)  # 第一轮与A、B签署…: the article's host signed
            first = [host] if host is not None and all(host.key != o.key for o in others) else []
            hosted = True
        if not first:
            return [], []  # 与A、B签署 with its own side unsaid: A and B are counterparties, not each other's
        parties = dedupe(first + others)
        if len(parties) >= 2:
            return parties, [], hosted  # the host with each of A and B, never A with B
    return None


def _before_declaration(doc: Document, pos: int) -> int:
    """Where the name before *pos* ends: before the short name it declares in brackets, when one closes at *pos*
    (某某有限公司（以下简称“某某”）与…), else *pos*."""
    if pos == 0 or doc.norm[pos - 1] not in ")）":
        return pos
    k = max(doc.norm.rfind("(", max(0, pos - 24), pos), doc.norm.rfind("（", max(0, pos - 24), pos))
    found = ALIAS_DECLARATION.match(doc.norm, k) if k >= 0 else None
    return k if found is not None and found.end() == pos else pos


#: Between an organisation and the person who signs for it: the post (董事长, 党委书记、总经理), nothing else.
_POST_BETWEEN = re.compile(r"[^，,。；;：:与和及同(（)）]{1,12}")


def _signing_for(doc, ms, person: Mention, window: int, trigger: int) -> Mention | None:
    """The organisation written right before *person*'s post (某集团 + 董事长 + 甲), else None — and None
    when the people sign on behalf of sides (代表双方: :func:`_signatories_with_their_organisations`) or only
    witness the signing (见证签约)."""
    if re.search(r"代表|见证", doc.norm[person.end:trigger]):
        return None
    org = next((m for m in reversed(ms) if is_party(m) and window <= m.start and m.end < person.start), None)
    if org is None or not _POST_BETWEEN.fullmatch(doc.norm[org.end:person.start]):
        return None
    return org


#: Between a list of parties and its signing verb: nothing, how many sides (三方, 两家企业), the kind of all of
#: them (等单位, 等5家企业), or how and where they signed (共同, 在某地).
_BEFORE_VERB = re.compile(r"(?:[双三四五六多各]方|[0-9两二三四五六七八九十]+[家个](?:企业|公司|单位|机构|集团)?"
                          r"|等(?:[0-9两二三四五六七八九十多]+[家个])?(?:企业|公司|单位|机构|集团|部门)"
                          r"|共同|正式|现场|成功|顺利|当场|代表|在[^，,。；;、与和同]{1,10})*")
#: 甲、乙战略合作(协议)签约仪式: a ceremony named for its parties and their deal — the deal's name between them.
_CEREMONY = re.compile(r"签(?:约|字)仪式")
_DEAL_NAME = re.compile(r"[^，,。；;、与和同及]{1,12}")


def _listed_subjects(doc, sent, ms, mentions, trigger, window):
    """甲、乙(在某地)(共同)签订…: parties listed by 、 as the subjects of the signing verb, or named before
    their ceremony (甲、乙战略合作签约仪式)."""
    for last in reversed([m for m in ms if is_party(m) and window <= m.start and m.end <= trigger]):
        between = doc.norm[last.end:trigger]
        if not (_BEFORE_VERB.fullmatch(between) or (_CEREMONY.match(doc.norm, trigger) and _DEAL_NAME.fullmatch(between))):
            return None
        parties = dedupe(coordinated_before(doc, ms, last.end, window))
        if len(parties) >= 2:
            return parties, []
    return None


def _after_verb(doc, sent, ms, trigger) -> list[Mention]:
    """签订了A与B…协议: the parties follow the verb."""
    m2 = re.match(r"(签订|签署)了?", doc.norm[trigger:sent.end])
    if not m2:
        return []
    p = trigger + m2.end()
    first = [m for m in ms if m.start == p and is_party(m)]
    if not first:
        return []
    parties = dedupe(first + coordinated_after(doc, ms, first[0].end, sent.end, joined=True))
    return parties if len(parties) >= 2 else []


#: 签约(的)双方为/是 …: the sides of the signing are named after it.
_SIDES_ARE = re.compile(r"(?:签约|签署|签订)的?(?:双方|各方|[三四五六]方)(?:分别)?(?:为|是)")


def _sides_named(doc, sent, ms, trigger) -> list[Mention]:
    """此次签约的双方为A和B: the parties listed after the signing's sides."""
    m2 = _SIDES_ARE.match(doc.norm, trigger)
    if not m2:
        return []
    parties = dedupe(coordinated_after(doc, ms, m2.end(), sent.end))
    return parties if len(parties) >= 2 else []


def signed_trade(doc: Document, sent: Sentence, events: list[EventMention],
                 trade: EventMention) -> EventMention | None:
    """The agreement a trade was concluded by, when its sentence — or the sentence before it, in the same
    article and naming no parties of its own — says it was signed (交易在海口完成签约，A认购了B的碳汇)."""
    if any(e.kind is EventKind.AGREEMENT and {p.key for p in e.parties} == {p.key for p in trade.parties}
           for e in events):
        return None
    if not (SIGN.search(doc.norm[sent.start:sent.end]) or _signed_before(doc, sent, events)):
        return None
    return EventMention(EventKind.AGREEMENT, trade.parties, evidence(doc, sent, "signed-trade", 0.7),
                        title=_deal_title(doc, sent), date=trade.date, amount=trade.amount)


def _signed_before(doc: Document, sent: Sentence, events: list[EventMention]) -> bool:
    prev = doc.sentences[sent.index - 1] if sent.index > 0 else None
    if prev is None or prev.article != sent.article:
        return False
    text = doc.norm[prev.start:prev.end]
    own = [e for e in events if e.evidence.start == prev.start and e.kind is EventKind.AGREEMENT]
    return bool(re.search(r"的?(签订|签署|签约)", text)) and bool(re.search(r"协议|合同", text)) and not own


def _deal_title(doc: Document, sent: Sentence) -> str | None:
    for s in (sent, doc.sentences[sent.index - 1] if sent.index > 0 else None):
        if s is not None and s.article == sent.article:
            m = BOOK.search(doc.text[s.start:s.end])
            if m and re.search(r"协议|合同", m.group(0)):
                return m.group(0)
    return None
