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
from collections import Counter, defaultdict

from kg.model import (
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
from kg.nlp.shapes import LEGAL_FORMS, NATIONAL_PREFIXES, is_subsequence, name_key, national_prefix
from kg.regions import countries, gazetteer

__all__ = ["resolve", "entity_key", "abbreviates"]



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


def _abbreviation_index(orgs: list[tuple[str, str]]):
    """``candidates(short)``: the organisations *short* may abbreviate. A short form shares its first
    character with the long name or with the long name's core (:func:`abbreviates` holds no other way),
    so each name is compared with one bucket, not with every name: resolution stays near-linear."""
    buckets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for t in orgs:
        for c in {t[1][:1], _core(t[1])[:1]} - {""}:
            buckets[c].append(t)

    def candidates(short: str) -> set[tuple[str, str]]:  # the callers keep only their roots, as a set
        return {t for c in {short[:1], _core(short)[:1]} - {""} for t in buckets.get(c, ()) if len(t[1]) > len(short)}

    return candidates


def resolve(extractions: list[Extraction]) -> ResolvedGraph:
    gaz = gazetteer()
    lex = lexicon()
    # ---- 1. names in context; regions by code
    mention_name: dict[int, str] = {}  # id(mention) → context name
    all_mentions: list[Mention] = []
    declared: dict[str, str] = {}
    for ex in extractions:
        province = gaz.by_code.get(ex.context_province) if ex.context_province else None
        pname = province.name if province is not None and province.kind == "自治区" else None
        for m in _all_mentions(ex):
            name = _context_name(m, pname)
            if m.type is EntityType.REGION and m.region_code:
                name = gaz.by_code[m.region_code].name
            elif m.type is EntityType.REGION and m.key in countries():
                name = countries()[m.key]
            elif m.type.is_org and m.key in lex.bodies:
                name = lex.bodies[m.key][1]
            mention_name[id(m)] = name
            all_mentions.append(m)
        for short, full in ex.aliases.items():
            declared[short] = full

    # ---- 2. group by family and name
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in all_mentions:
        groups[(m.type.family, mention_name[id(m)])].append(m)

    # ---- 3. organisations: merge abbreviations into the one long name they fit
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    orgs = sorted((k for k in groups if k[0] == "org"), key=lambda k: (-len(k[1]), k[1]))
    candidates = _abbreviation_index(orgs)
    for k in orgs:
        short = k[1]
        if short in declared and ("org", declared[short]) in groups:
            parent[k] = ("org", declared[short])
            continue
        targets = [t for t in candidates(short) if t != k and abbreviates(short, t[1])]
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
        longer = {_find(parent, t) for t in candidates(short) if t[1] not in (short, full) and abbreviates(short, t[1])}
        if len(longer) == 1 and (root := longer.pop()) != home:
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
    entities: dict[str, Entity] = {}
    key_of: dict[tuple[str, str], str] = {}
    for root, members in sorted(clusters.items()):
        ms = [m for k in members for m in groups[k]]
        names = Counter(mention_name[id(m)] for m in ms)
        canonical = _canonical(names, root[0])
        typ = _entity_type(ms, canonical, lex)
        key = entity_key(root[0], canonical)
        # a reference (上海企业 for the one Shanghai company) and a title implying its body (总书记 for the
        # party's central committee) name the entity without being one of its names
        surfaces = {m.key for m in ms} | set(names) | {name_key(m.text, fold=True) for m in ms
                                                       if not m.evidence.extractor.endswith(_NOT_NAMES)}
        if typ is EntityType.GOVERNMENT_BODY:
            surfaces |= {short for name in surfaces | {canonical} for short in _body_short_forms(name)}
        code = next((m.region_code for m in ms if m.region_code), None)
        entities[key] = Entity(key, typ, canonical, surfaces - {canonical}, code, sorted(ms, key=_mention_order))
        for k in members:
            key_of[k] = key

    def ent(m: Mention) -> str:
        return key_of[(m.type.family, mention_name[id(m)])]

    # ---- 5. facts
    events = _merge_events([(ex, e) for ex in extractions for e in ex.events], ent)
    posts: dict[tuple[str, str], Post] = {}
    for ex in extractions:
        for p in ex.posts:
            h, o = ent(p.holder), ent(p.organization)
            entities[h].type = EntityType.OFFICIAL
            k = (h, o)
            if k in posts:
                if p.title not in posts[k].title.split("、"):
                    posts[k].title = "、".join(dict.fromkeys(posts[k].title.split("、") + p.title.split("、")))
                posts[k].evidence.append(p.evidence)
            else:
                posts[k] = Post(h, o, p.title, [p.evidence])
    locations: dict[tuple[str, str], Location] = {}
    for ex in extractions:
        for loc in ex.locations:
            i, o = ent(loc.inner), ent(loc.outer)
            if i == o:
                continue
            if (i, o) in locations:
                locations[(i, o)].evidence.append(loc.evidence)
            else:
                locations[(i, o)] = Location(i, o, loc.basis, [loc.evidence])
    _admin_hierarchy(entities, locations)
    _drop_shortcuts(locations)
    docs = [ex.document for ex in extractions]
    return ResolvedGraph(
        entities=entities,
        events=events,
        posts=sorted(posts.values(), key=lambda p: (p.holder, p.organization)),
        locations=sorted(locations.values(), key=lambda l: (l.inner, l.outer)),
        documents=sorted(docs, key=lambda d: d.doc_id),
    )


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


def _entity_type(ms: list[Mention], canonical: str, lex) -> EntityType:
    fam = ms[0].type.family
    if fam == "person":
        return EntityType.OFFICIAL if any(m.type is EntityType.OFFICIAL for m in ms) else EntityType.PERSON
    if fam == "org":
        if canonical in lex.bodies:
            return lex.bodies[canonical][0]
        for L in lex.suffix_lengths:
            if len(canonical) > L and canonical[-L:] in lex.suffixes and lex.suffixes[canonical[-L:]].is_org:
                return lex.suffixes[canonical[-L:]]
        votes = Counter()
        for m in ms:
            votes[m.type] += m.evidence.confidence
        return max(votes.items(), key=lambda kv: (kv[1], kv[0].value))[0]
    return ms[0].type


def _mention_order(m: Mention):
    return (m.evidence.doc_id, m.start, m.end)


def _merge_events(pairs: list[tuple[Extraction, EventMention]], ent) -> list[Event]:
    """One event per kind and set of parties (and title, when both have one)."""
    merged: dict[tuple, Event] = {}
    for _ex, e in pairs:
        parties = sorted({ent(p) for p in e.parties})
        if len(parties) < 2:
            continue
        key = (e.kind, tuple(parties))
        ev = merged.get(key)
        if ev is None:
            merged[key] = Event(
                e.kind, parties, [e.evidence], e.title, e.date, e.amount, e.quantity, e.price,
                e.standard, e.registry_number, e.trade_kind,
                ent(e.seller) if e.seller else None, ent(e.buyer) if e.buyer else None,
                sorted({ent(s) for s in e.signatories}),
            )
            continue
        ev.evidence.append(e.evidence)
        for attr in ("title", "date", "amount", "quantity", "price", "standard", "registry_number", "trade_kind"):
            if getattr(ev, attr) is None and getattr(e, attr) is not None:
                setattr(ev, attr, getattr(e, attr))
        if ev.seller is None and e.seller is not None:
            ev.seller, ev.buyer = ent(e.seller), ent(e.buyer) if e.buyer else None
        ev.signatories = sorted(set(ev.signatories) | {ent(s) for s in e.signatories})
    return sorted(merged.values(), key=lambda e: (e.kind.value, e.parties))


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
