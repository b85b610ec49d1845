"""Mentions → entities: one node per real thing, across documents.

How surface forms merge (all deterministic):

1. **Context.** In a document about an autonomous region, ``自治区X`` is
   ``<region full name>X`` (自治区国资委 → 广西壮族自治区国资委) and a bare
   ``自治区`` is the region itself.
2. **Regions** with a GB/T 2260 code are one entity per code (包头 = 包头市,
   土右旗 = 土默特右旗); the canonical name is the official one.
3. **Organisations** merge when one name is an abbreviation of the other
   after dropping leading regions and legal forms: 松工集团 ⊑ 甘肃松工集团 ⊑
   中国甘肃松岭林业工业集团有限责任公司; 江城环交所 ⊑ 江城环境能源交易所;
   青禾 ⊑ 青禾科技 ⊑ 青禾科技集团. A short name matching several long names
   is left alone. ``（以下简称X）`` declarations merge directly.
4. **People** merge by exact name; they never merge with organisations, so
   a person and a company written alike stay apart.

The canonical name is the fullest form: a name with a legal form
(有限责任公司) first, then the longest, then the most frequent, then the
first in Unicode order.
"""

from __future__ import annotations

import functools
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from kg.model import (
    DocumentFacts,
    Entity,
    EntityType,
    Event,
    EventMention,
    Extraction,
    Location,
    Mention,
    Post,
    ResolvedGraph,
)
from kg.nlp.lexicon import lexicon
from kg.nlp.shapes import BRANCH, LEGAL_FORMS, NATIONAL_PREFIXES, is_subsequence, name_key, national_prefix
from kg.regions import countries, gazetteer

__all__ = ["resolve", "Resolver", "document_facts", "entity_key", "abbreviates", "abbreviation_edges"]



#: The rules whose mentions' surfaces are not names of what they point at.
_NOT_NAMES = (":reference", ":implied-post")


def entity_key(family: str, name: str) -> str:
    return f"{family}:{name}"


@functools.lru_cache(maxsize=200_000)
def _split_regions(name: str) -> tuple[str, str]:
    """``(codes of the leading regions, the rest)``, after dropping 中国/中华.

    甘肃松工集团 → ("620000", "松工集团"); 自治区 counts as a region here.
    """
    gaz = gazetteer()
    s = name[national_prefix(name):]
    codes = ""
    changed = True
    while changed:
        changed = False
        for L in range(min(10, len(s) - 2), 1, -1):
            if s[:L] in gaz.by_name or s[:L] == "自治区":
                codes += gaz.by_name[s[:L]][0].code if s[:L] in gaz.by_name else "auto"
                s = s[L:]
                changed = True
                break
    return codes, s


@functools.lru_cache(maxsize=200_000)
def _core(name: str) -> str:
    """Drop leading 中国/regions and trailing legal forms: 中国甘肃松岭林业工业集团有限责任公司 → 松岭林业工业集团."""
    _, s = _split_regions(name)
    for form in LEGAL_FORMS:
        if s.endswith(form) and len(s) > len(form):
            s = s[: -len(form)] + ("集团" if form.startswith("集团") else "")
            break
    return s


def _leading_regions(name: str) -> str:
    """The regions a name starts with (their codes): 甘肃松工集团 → 620000."""
    return _split_regions(name)[0]


def abbreviates(short: str, long: str) -> bool:
    """Is organisation name *short* a short form of *long*?

    >>> abbreviates("松工集团", "中国甘肃松岭林业工业集团有限责任公司")
    True
    >>> abbreviates("江城环交所", "江城环境能源交易所")
    True
    >>> abbreviates("青禾", "青禾科技集团")
    True
    >>> abbreviates("甘肃大学", "甘肃农业大学")
    False
    >>> abbreviates("天津排放权交易所", "重庆排放权交易所")
    False
    >>> abbreviates("江城市委员会", "江城市委员会办公室")
    False
    >>> abbreviates("浙能集团", "浙江省能源集团有限公司")
    True
    """
    if short == long or len(short) >= len(long):
        return False
    for p in NATIONAL_PREFIXES:  # 中国某建 ⊑ 中国某建股份有限公司: compare what follows the shared prefix
        if short.startswith(p) and long.startswith(p) and len(short) - len(p) >= 2 \
                and abbreviates(short[len(p):], long[len(p):]):
            return True
    rs, rl = _leading_regions(short), _leading_regions(long)
    if rs and rl and not rl.endswith(rs):  # 某区… may drop its city (上级) but never name another place
        return False  # 天津排放权交易所 is not 重庆排放权交易所
    cs, cl = _expanded(_core(short)), _expanded(_core(long))
    lex = lexicon()
    if not cs or not cl or cs in lex.suffixes or cl in lex.suffixes:
        return False  # 甘肃大学: a region and a generic ending name nothing shorter
    if cs == cl:
        return True
    if cl.startswith(cs) and _suffix_of(cs) is not None:
        return False  # 某委员会 / 某委员会常务委员会: a whole name followed by more names a body within it
    # 青禾 / 青禾科技 ⊑ 青禾科技集团: a leading part of the core
    lex = lexicon()
    stem_l = cl
    for L in lex.suffix_lengths:
        if len(cl) > L and cl[-L:] in lex.suffixes:
            stem_l = cl[:-L]
            break
    if len(cs) >= 2 and stem_l.startswith(cs) and not any(cs.endswith(s) for s in lex.suffixes):
        return True
    # 浙能集团 ⊑ 浙江省能源集团: the first character of the province or city, then the core shortened
    rest = short[1:]
    if rl and not rs and short[0] == long[0] and len(rest) >= 2 and len(rest) < len(cl) and rest[0] == cl[0] \
            and rest[-1] == cl[-1] and is_subsequence(rest, cl) and _suffix_of(rest) in (None, _suffix_of(cl)):
        return True
    # 松工集团 ⊑ 松岭林业工业集团, 江城环交所 ⊑ 江城环境能源交易所: same first and last characters
    for a, b in ((cs, cl), (short, long)):
        if len(a) >= 3 and a[0] == b[0] and a[-1] == b[-1] and is_subsequence(a, b):
            # the suffix must survive whole or be a contraction, never a different body
            if _suffix_of(a) in (None, _suffix_of(b)) or a[-1] == b[-1]:
                if _stem_len(a) >= 1 and _stem_len(a) < _stem_len(b):
                    return True
    return False


@functools.lru_cache(maxsize=1)
def _body_abbreviations() -> tuple[tuple[str, str], ...]:
    """(short ending, full ending) of government organs, longest first (kg/data/body_abbreviations.tsv)."""
    from kg.nlp.lexicon import DATA

    pairs = []
    for line in (DATA / "body_abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, full = line.split("\t")[:2]
            pairs.append((short, full))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _expanded(core: str) -> str:
    """某区发改委 → 某区发展和改革委员会: an organ's short ending in its full form, for comparing names."""
    for short, full in _body_abbreviations():
        if core.endswith(short) and not core.endswith(full):
            return core[: -len(short)] + full
    return core


def _suffix_of(name: str) -> str | None:
    lex = lexicon()
    for L in lex.suffix_lengths:
        if len(name) > L and name[-L:] in lex.suffixes:
            return name[-L:]
    return None


def _stem_len(name: str) -> int:
    suf = _suffix_of(name)
    return len(name) - (len(suf) if suf else 1)


def _context_name(m: Mention, province_name: str | None) -> str:
    """自治区国资委 → 广西壮族自治区国资委; 广西人民检察院 → 广西壮族自治区人民检察院 (bodies only)."""
    key = m.key
    if province_name and key.startswith("自治区") and key != "自治区":
        return province_name + key[len("自治区"):]
    if m.type is EntityType.GOVERNMENT_BODY:
        gaz = gazetteer()
        named = gaz.longest_prefix(key)
        if named is not None and named[1].level != "省级":
            return _formal_government(key)  # 吉林市某局: a city that shares its name with its province
        for L in (2, 3):
            short = key[:L]
            regs = [r for r in gaz.by_name.get(short, []) if r.level == "省级" and r.name != short]
            if regs and not key.startswith(regs[0].name) and len(key) > L + 1:
                return _formal_government(regs[0].name + key[L:])
        return _formal_government(key)
    return key


def _body_short_forms(name: str) -> set[str]:
    """The names a local body also goes by: without the province before its city or county
    (某省某市人民政府 → 某市人民政府), and its party committee without the repeated level
    (某市市委 → 某市委).

    >>> sorted(_body_short_forms("浙江省杭州市市委"))
    ['杭州市委', '杭州市市委', '浙江省杭州市委']
    """
    out = set()
    gaz = gazetteer()
    codes = gaz.longest_prefix(name)
    if codes is not None and codes[1].level == "省级":
        rest = name[codes[0]:]
        inner = gaz.longest_prefix(rest)
        if inner is not None and inner[1].level != "省级" and inner[1].province == codes[1].code:
            out.add(rest)
    for form in {name} | out:
        for level in "市县区旗":
            if f"{level}{level}委" in form:
                out.add(form.replace(f"{level}{level}委", f"{level}委", 1))
    return out - {name}


def _formal_government(name: str) -> str:
    """某省政府 → 某省人民政府: a division's government by its formal name (the short one stays an alias)."""
    stem = name[:-2] if name.endswith("政府") and not name.endswith("人民政府") else ""
    if stem and any(r.name == stem for r in gazetteer().by_name.get(stem, [])):
        return stem + "人民政府"
    return name


def abbreviation_edges(names: list[str], map_blocks=map, batches: int = 1) -> dict[str, list[str]]:
    """For each organisation name, the longer names of *names* it abbreviates (:func:`abbreviates`), in
    the order of *names*.

    A short form shares its first character with the long name or with the long name's core (abbreviates
    holds no other way), so names are compared only within their blocks — the names with one such key — and
    the blocks are independent: they go through *map_blocks* (``map`` here; a Dask client's map on a
    cluster) in *batches* batches, and the pairs come back to be put together in one order.
    """
    blocks: dict[str, list[str]] = defaultdict(list)
    for name in names:
        for c in _blocking_keys(name):
            blocks[c].append(name)
    work = [(c, blocks[c]) for c in sorted(blocks)]
    size = max(1, -(-len(work) // max(1, batches)))
    found: set[tuple[str, str]] = set()
    for pairs in map_blocks(_abbreviations_in, [work[i:i + size] for i in range(0, len(work), size)]):
        found.update(pairs)
    rank = {name: i for i, name in enumerate(names)}
    out: dict[str, list[str]] = defaultdict(list)
    for short, long in sorted(found, key=lambda p: (rank[p[0]], rank[p[1]])):
        out[short].append(long)
    return out


def _blocking_keys(name: str) -> set[str]:
    return {name[:1], _core(name)[:1]} - {""}


def _abbreviations_in(blocks: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    """``(short, long)`` for every pair of one block in which the shorter name abbreviates the longer (a pair
    that shares two blocks is compared in the first)."""
    out = []
    for key, block in blocks:
        for short in block:
            mine = _blocking_keys(short)
            out += [(short, long) for long in block if len(long) > len(short)
                    and min(mine & _blocking_keys(long)) == key and abbreviates(short, long)]
    return out


def resolve(extractions: list[Extraction]) -> ResolvedGraph:
    """Resolve a corpus held in memory: every entity with its mentions, every fact with its evidence.

    A build streams instead (:class:`Resolver`): the same entities and facts, without mentions and evidence,
    from two passes over extractions kept on disk.
    """
    return Resolver(keep_evidence=True).resolve(extractions)


@dataclass(slots=True)
class _Names:
    """What resolution keeps of the mentions that share a family and a name in context — their number and
    what they vote, never the mentions themselves (unless the resolver keeps evidence)."""

    count: int = 0
    first_type: EntityType | None = None
    official: bool = False
    votes: dict = field(default_factory=dict)  # EntityType → {confidence: how many mentions gave it}
    surfaces: set = field(default_factory=set)
    code: str | None = None
    mentions: list = field(default_factory=list)

    def merge(self, later: "_Names") -> None:
        """Add what a later part of the corpus holds for the same name (counts and votes add up; the first
        type and code stay the earlier part's): parts merged in corpus order give what one pass gives."""
        self.count += later.count
        self.official = self.official or later.official
        for t, confs in later.votes.items():
            mine = self.votes.setdefault(t, Counter())
            mine.update(confs)
        self.surfaces |= later.surfaces
        self.code = self.code or later.code
        self.mentions += later.mentions


class Resolver:
    """Entity resolution in passes over a corpus, holding what grows with distinct names and facts only.

    ::

        r = Resolver()
        for ex in corpus: r.add_names(ex)       # pass 1: names in context, their counts and votes
        r.settle_names()                        # entities: abbreviations merged, canonical names, types
        for ex in corpus: r.add_facts(ex)       # pass 2: events, posts and locations merged
        rg = r.settle()                         # the resolved graph, without evidence (r.resolve(corpus): all four)
        for ex in corpus: r.document(ex)        # pass 3: each document's part (what it mentions, its evidence)

    Passes run over the corpus in the same order every time. With *keep_evidence*, entities keep their
    mentions and facts their evidence (what :func:`resolve` returns). Parts of a corpus may also be resolved
    apart and merged in order (:meth:`names_of` / :meth:`merge_names`, :meth:`facts_of` / :meth:`merge_facts`).
    """

    def __init__(self, keep_evidence: bool = False) -> None:
        self._gaz, self._lex = gazetteer(), lexicon()
        self._officials: set[str] = set()  # entities that hold a post
        self._keep = keep_evidence
        self._groups: dict[tuple[str, str], _Names] = {}
        self._declared: dict[str, str] = {}
        self._key_of: dict[tuple[str, str], str] = {}
        self._documents: list = []
        self.entities: dict[str, Entity] = {}
        self._events: dict[tuple, Event] = {}
        self._posts: dict[tuple[str, str], Post] = {}
        self._locations: dict[tuple[str, str], Location] = {}
        self._places: set[tuple[str, str]] = set()  # the links between places that stay, once settled

    # ---- 1. names in context; regions by code
    def _name(self, ex: Extraction):
        """The function giving each mention of *ex* its name in the document's context."""
        gaz, lex = self._gaz, self._lex
        province = gaz.by_code.get(ex.context_province) if ex.context_province else None
        pname = province.name if province is not None and province.kind == "自治区" else None

        def name(m: Mention) -> str:
            if m.type is EntityType.REGION and m.region_code:
                return gaz.by_code[m.region_code].name
            if m.type is EntityType.REGION and m.key in countries():
                return countries()[m.key]
            if m.type.is_org and m.key in lex.bodies:
                return lex.bodies[m.key][1]
            return _context_name(m, pname)

        return name

    def add_names(self, ex: Extraction) -> None:
        name = self._name(ex)
        for m in _all_mentions(ex):
            g = self._groups.get(k := (m.type.family, name(m)))
            if g is None:
                g = self._groups[k] = _Names(first_type=m.type)
            g.count += 1
            g.official = g.official or m.type is EntityType.OFFICIAL
            votes = g.votes.get(m.type)
            if votes is None:
                votes = g.votes[m.type] = Counter()
            votes[m.evidence.confidence] += 1
            g.surfaces.add(m.key)
            if not m.evidence.extractor.endswith(_NOT_NAMES):
                g.surfaces.add(name_key(m.text, fold=True))
            if g.code is None and m.region_code:
                g.code = m.region_code
            if self._keep:
                g.mentions.append(m)
        self._declared.update(ex.aliases)
        if self._keep:
            self._documents.append(ex.document)

    def settle_names(self, map_blocks=map, blocks: int = 1) -> dict[str, Entity]:
        """Merge the names into entities (steps 2–4 of the module's list); returns them by key. The names'
        comparisons run block by block (:func:`abbreviation_edges`), in *blocks* batches through
        *map_blocks* — a cluster's map, where it runs on Dask."""
        groups, declared, lex = self._groups, self._declared, self._lex
        # ---- 3. organisations: merge abbreviations into the one long name they fit
        parent: dict[tuple[str, str], tuple[str, str]] = {}
        orgs = sorted((k for k in groups if k[0] == "org"), key=lambda k: (-len(k[1]), k[1]))
        longer = abbreviation_edges([k[1] for k in orgs], map_blocks, blocks)
        for k in orgs:
            short = k[1]
            if short in declared and ("org", declared[short]) in groups:
                parent[k] = ("org", declared[short])
                continue
            targets = [("org", name) for name in longer.get(short, ())]
            # keep only the maximal targets that are not themselves merged into each other
            roots = {_find(parent, t) for t in targets}
            if len(roots) == 1:
                parent[k] = roots.pop()
        # A declared other name also stands for its own long form, if the corpus has exactly one:
        # 某某贸易有限公司(青石商城) … 青石国际商城 — all three are one organisation.
        for short, full in sorted(declared.items()):
            if ("org", short) not in groups or ("org", full) not in groups:
                continue
            home = _find(parent, ("org", full))
            roots = {_find(parent, ("org", name)) for name in longer.get(short, ()) if name != full}
            if len(roots) == 1 and (root := roots.pop()) != home:
                parent[root] = home
        for fam in ("project",):
            keys = sorted((k for k in groups if k[0] == fam), key=lambda k: (-len(k[1]), k[1]))
            by_place: dict[tuple[str, str], tuple[str, str]] = {}
            for k in keys:
                # 某县某某项目 = 某某项目 (written without its place); 某市… = 某… (the place's short form)
                targets = {_find(parent, t) for t in keys if t != k and t[1].endswith(k[1]) and len(t[1]) > len(k[1])}
                codes, rest = _split_regions(k[1])
                same_place = by_place.setdefault((codes, rest), k) if codes else k
                if same_place != k:
                    targets.add(_find(parent, same_place))
                if len(targets) == 1:
                    parent[k] = targets.pop()

        clusters: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for k in groups:
            clusters[_find(parent, k)].append(k)

        # ---- 4. entities
        for root, members in sorted(clusters.items()):
            stats = [groups[k] for k in members]
            names = Counter({k[1]: groups[k].count for k in members})
            canonical = _canonical(names, root[0])
            typ = _entity_type(stats, root[0], canonical, lex)
            key = entity_key(root[0], canonical)
            # a reference (上海企业 for the one Shanghai company) and a title implying its body (总书记 for the
            # party's central committee) name the entity without being one of its names
            surfaces = set(names).union(*(g.surfaces for g in stats))
            if typ is EntityType.GOVERNMENT_BODY:
                surfaces |= {short for name in surfaces | {canonical} for short in _body_short_forms(name)}
            code = next((g.code for g in stats if g.code), None)
            mentions = sorted((m for g in stats for m in g.mentions), key=_mention_order) if self._keep else []
            self.entities[key] = Entity(key, typ, canonical, surfaces - {canonical}, code, mentions)
            for k in members:
                self._key_of[k] = key
        self._groups = {}  # what pass 2 and 3 need is in the entities and the keys
        return self.entities

    def _entity_of(self, ex: Extraction):
        """The function giving each mention of *ex* the key of its entity (after :meth:`settle_names`)."""
        name, key_of = self._name(ex), self._key_of
        return lambda m: key_of[(m.type.family, name(m))]

    # ---- 5. facts
    def add_facts(self, ex: Extraction) -> None:
        ent = self._entity_of(ex)
        for e in ex.events:
            self._merge_event(e, ent)
        for p in ex.posts:
            h, o = ent(p.holder), ent(p.organization)
            self._officials.add(h)
            post = self._posts.get(k := (h, o))
            if post is None:
                post = self._posts[k] = Post(h, o, _titles(p.title), [])
            else:
                post.title = _titles(post.title, p.title)
            if self._keep:
                post.evidence.append(p.evidence)
        for loc in ex.locations:
            i, o = ent(loc.inner), ent(loc.outer)
            if i == o:
                continue
            place = self._locations.get((i, o))
            if place is None:
                place = self._locations[(i, o)] = Location(i, o, loc.basis, [])
            if self._keep:
                place.evidence.append(loc.evidence)

    def _merge_event(self, e: EventMention, ent) -> None:
        """One event per kind and set of parties (and title, when both have one)."""
        parties = tuple(sorted({ent(p) for p in e.parties}))
        if len(parties) < 2:
            return
        ev = self._events.get(key := (e.kind, parties))
        if ev is None:  # held until the graph is written, one per distinct event: its strings shared
            self._events[key] = Event(
                e.kind, parties, [e.evidence] if self._keep else (), _shared(e.title), _shared(e.date), e.amount,
                e.quantity, e.price, _shared(e.standard), e.registry_number, _shared(e.trade_kind),
                ent(e.seller) if e.seller else None, ent(e.buyer) if e.buyer else None,
                tuple(sorted({ent(s) for s in e.signatories})),
            )
            return
        if self._keep:
            ev.evidence.append(e.evidence)
        for attr in ("title", "date", "amount", "quantity", "price", "standard", "registry_number", "trade_kind"):
            if getattr(ev, attr) is None and getattr(e, attr) is not None:
                setattr(ev, attr, getattr(e, attr))
        if ev.seller is None and e.seller is not None:
            ev.seller, ev.buyer = ent(e.seller), ent(e.buyer) if e.buyer else None
        if e.signatories:
            ev.signatories = tuple(sorted(set(ev.signatories) | {ent(s) for s in e.signatories}))

    def resolve(self, corpus: Iterable[Extraction]) -> ResolvedGraph:
        """Passes 1 and 2 over *corpus* — a list, a :class:`kg.spool.Spool`: anything that gives the same
        extractions in the same order each time it is read — and the settled graph."""
        for ex in corpus:
            self.add_names(ex)
        self.settle_names()
        for ex in corpus:
            self.add_facts(ex)
        return self.settle()

    # ---- parts of the corpus resolved apart (on a cluster) and merged here in corpus order
    def names_of(self, extractions) -> tuple[dict, dict]:
        """Pass 1 over one part of the corpus, for :meth:`merge_names`: its names' statistics and its
        declared short names."""
        for ex in extractions:
            self.add_names(ex)
        return self._groups, self._declared

    def merge_names(self, groups: dict, declared: dict) -> None:
        """Take in :meth:`names_of` of the next part of the corpus."""
        for k, g in groups.items():
            mine = self._groups.get(k)
            if mine is None:
                self._groups[k] = g
            else:
                mine.merge(g)
        self._declared.update(declared)

    def facts_of(self, extractions) -> tuple[dict, dict, dict, set]:
        """Pass 2 over one part of the corpus (on a copy of this resolver after :meth:`settle_names`), for
        :meth:`merge_facts`."""
        for ex in extractions:
            self.add_facts(ex)
        return self._events, self._posts, self._locations, self._officials

    def merge_facts(self, events: dict, posts: dict, locations: dict, officials: set) -> None:
        """Take in :meth:`facts_of` of the next part of the corpus: what the earlier parts read of a fact
        first stays, as one pass in corpus order keeps it."""
        for key, later in events.items():
            ev = self._events.get(key)
            if ev is None:
                self._events[key] = later
                continue
            ev.evidence += later.evidence
            for attr in ("title", "date", "amount", "quantity", "price", "standard", "registry_number", "trade_kind"):
                if getattr(ev, attr) is None and getattr(later, attr) is not None:
                    setattr(ev, attr, getattr(later, attr))
            if ev.seller is None and later.seller is not None:
                ev.seller, ev.buyer = later.seller, later.buyer
            if later.signatories:
                ev.signatories = tuple(sorted(set(ev.signatories) | set(later.signatories)))
        for k, later in posts.items():
            post = self._posts.get(k)
            if post is None:
                self._posts[k] = later
                continue
            post.title = _titles(post.title, later.title)
            post.evidence += later.evidence
        for k, later in locations.items():
            place = self._locations.setdefault(k, later)
            if place is not later:
                place.evidence += later.evidence
        self._officials |= officials

    def __getstate__(self) -> dict:  # sent to a cluster's workers without the lexicons, which they load
        return {k: v for k, v in vars(self).items() if k not in ("_gaz", "_lex")}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self._gaz, self._lex = gazetteer(), lexicon()

    def settle(self) -> ResolvedGraph:
        """The resolved graph (after pass 2): regions placed in their nearest mentioned ancestor, shortcuts
        dropped; entities and facts sorted."""
        for h in self._officials:
            self.entities[h].type = EntityType.OFFICIAL
        _admin_hierarchy(self.entities, self._locations)
        _drop_shortcuts(self._locations)
        self._places = set(self._locations)
        return ResolvedGraph(
            entities=self.entities,
            events=sorted(self._events.values(), key=lambda e: (e.kind.value, e.parties)),
            posts=sorted(self._posts.values(), key=lambda p: (p.holder, p.organization)),
            locations=sorted(self._locations.values(), key=lambda l: (l.inner, l.outer)),
            documents=sorted(self._documents, key=lambda d: d.doc_id),
        )

    # ---- 6. each document's part, for a streamed RDF stage
    def document(self, ex: Extraction) -> DocumentFacts:
        """What *ex* contributes to the settled graph: the entities it mentions and its evidence for each fact
        (in the graph's order of facts, as :func:`document_facts` gives them from a resolved graph). A fact
        comes as its identity only — an event's kind and parties, a post's holder and body, a place and
        its outer place — so that :meth:`forget_facts` may drop the merged facts before this pass."""
        ent = self._entity_of(ex)
        events = []
        for e in ex.events:
            parties = tuple(sorted({ent(p) for p in e.parties}))
            if len(parties) >= 2:
                events.append((Event(e.kind, parties, ()), e.evidence))
        posts = [(Post(ent(p.holder), ent(p.organization), "", []), p.evidence) for p in ex.posts]
        locations = []
        for loc in ex.locations:
            inner, outer = ent(loc.inner), ent(loc.outer)
            if (inner, outer) in self._places:  # not the same place twice, not a shortcut dropped
                locations.append((Location(inner, outer, loc.basis, []), loc.evidence))
        events.sort(key=lambda x: (x[0].kind.value, x[0].parties))  # stable: a fact's evidence in text order
        posts.sort(key=lambda x: (x[0].holder, x[0].organization))
        locations.sort(key=lambda x: (x[0].inner, x[0].outer))
        return DocumentFacts(ex.document, sorted({ent(m) for m in _all_mentions(ex)}), events, posts, locations)

    def forget_facts(self) -> None:
        """Drop the merged facts (after :meth:`settle`, once the graph's own quads are written): what
        :meth:`document` needs of them is which places stay linked."""
        self._events, self._posts, self._locations = {}, {}, {}


def document_facts(rg: ResolvedGraph) -> list[DocumentFacts]:
    """Each document's part of a resolved graph that keeps its evidence (:func:`resolve`), in document order —
    the same parts :meth:`Resolver.document` gives while streaming."""
    parts = {d.doc_id: DocumentFacts(d, [], [], [], []) for d in rg.documents}
    for k, e in rg.entities.items():
        for doc_id in e.documents:
            parts[doc_id].entities.append(k)
    for facts, attr in ((rg.events, "events"), (rg.posts, "posts"), (rg.locations, "locations")):
        for fact in facts:
            for ev in fact.evidence:
                getattr(parts[ev.doc_id], attr).append((fact, ev))
    for part in parts.values():
        part.entities.sort()
    return list(parts.values())


def _shared(text: str | None) -> str | None:
    """One copy of a string many facts hold (a date, a deal's kind): each document's come unpickled apart."""
    return sys.intern(text) if text else text


def _titles(*titles: str) -> str:
    """Post titles joined with 、, each once, in the order they came: 董事长、总经理 and 总经理 → 董事长、总经理."""
    return "、".join(dict.fromkeys(t for title in titles for t in title.split("、")))


def _find(parent, k):
    while k in parent:
        k = parent[k]
    return k


def _all_mentions(ex: Extraction) -> list[Mention]:
    out = list(ex.mentions)
    for e in ex.events:
        out += list(e.parties) + list(e.signatories)
        out += [x for x in (e.seller, e.buyer) if x is not None]
    for p in ex.posts:
        out += [p.holder, p.organization]
    for loc in ex.locations:
        out += [loc.inner, loc.outer]
    seen, uniq = set(), []
    for m in out:
        if id(m) not in seen:
            seen.add(id(m))
            uniq.append(m)
    return uniq


def _canonical(names: Counter, family: str) -> str:
    def rank(item):
        name, count = item
        legal = any(name.endswith(f) for f in LEGAL_FORMS)
        return (not legal, -len(name), -count, name)

    return sorted(names.items(), key=rank)[0][0]


def _entity_type(stats: list[_Names], fam: str, canonical: str, lex) -> EntityType:
    if fam == "person":
        return EntityType.OFFICIAL if any(g.official for g in stats) else EntityType.PERSON
    if fam == "org":
        if canonical in lex.bodies:
            return lex.bodies[canonical][0]
        if BRANCH.search(canonical):  # a national body's or bank's branch is of its kind
            parent = next((canonical[:n] for n in range(len(canonical) - 2, 1, -1) if canonical[:n] in lex.bodies), None)
            if parent is not None:
                return lex.bodies[parent][0]
        for L in lex.suffix_lengths:
            if len(canonical) > L and canonical[-L:] in lex.suffixes and lex.suffixes[canonical[-L:]].is_org:
                return lex.suffixes[canonical[-L:]]
        # each type's summed confidence, exactly (in fractions): the same whatever order the mentions came in
        votes: dict[EntityType, Fraction] = {}
        for g in stats:
            for t, confs in g.votes.items():
                votes[t] = votes.get(t, Fraction(0)) + sum(Fraction(c) * n for c, n in confs.items())
        return max(votes.items(), key=lambda kv: (kv[1], kv[0].value))[0]
    return stats[0].first_type


def _mention_order(m: Mention):
    return (m.evidence.doc_id, m.start, m.end)


def _admin_hierarchy(entities: dict[str, Entity], locations: dict[tuple[str, str], Location]) -> None:
    """Each coded region lies in its nearest ancestor that the corpus mentions (basis: world)."""
    gaz = gazetteer()
    by_code = {e.region_code: k for k, e in entities.items() if e.type is EntityType.REGION and e.region_code}
    has_outer = defaultdict(set)
    for (i, o) in locations:
        has_outer[i].add(o)
    for code, key in sorted(by_code.items()):
        for anc in gaz.ancestors(code):
            if anc.code in by_code:
                outer = by_code[anc.code]
                if (key, outer) not in locations and not has_outer[key]:
                    locations[(key, outer)] = Location(key, outer, "world", [])
                break


def _drop_shortcuts(locations: dict[tuple[str, str], Location]) -> None:
    """Keep direct containment: drop X→Z when X→Y and Y→…→Z are asserted too."""
    outs = defaultdict(set)
    for (i, o) in locations:
        outs[i].add(o)

    def reach(start, banned):
        seen, stack = set(), [start]
        while stack:
            x = stack.pop()
            for y in outs.get(x, ()):
                if (x, y) == banned or y in seen:
                    continue
                seen.add(y)
                stack.append(y)
        return seen

    for (i, o) in sorted(locations):
        if o in reach(i, (i, o)):
            del locations[(i, o)]
            outs[i].discard(o)
