"""The data files behind the rules (``kg/data/``), loaded once.

Patterns live in data, not code: suffix → type tables, post titles, surnames,
stop words and national bodies. Edit the files to extend the rules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kg.model import EntityType

__all__ = ["Lexicon", "lexicon"]

DATA = Path(__file__).resolve().parents[1] / "data"


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@dataclass(frozen=True)
class Lexicon:
    suffixes: dict[str, EntityType]  # name ending → type
    weak_suffixes: frozenset[str]  # endings that need an anchored start
    suffix_lengths: tuple[int, ...]  # distinct suffix lengths, longest first
    titles: frozenset[str]
    title_lengths: tuple[int, ...]
    surnames: frozenset[str]
    stopwords: frozenset[str]
    bodies: dict[str, tuple[EntityType, str]]  # surface → (type, canonical name)
    non_names: frozenset[str]  # words that end like a body's name but are not one
    implied_posts: dict[str, str]  # title after a name → the body it implies (总书记 → 中共中央)
    translit: frozenset[str]  # characters of phonetically written minority names
    party_organs: tuple[str, ...]  # 党委, 党组…: "<organisation><organ>" is the organisation for posts
    enterprise_context: tuple[str, ...]  # 集团, 董事长…: words confirming "中国XX" as a company's short name
    leading_verbs: tuple[str, ...]  # 认购, 签约…: a name never starts with one
    triggers: dict[str, tuple[str, ...]]  # trigger families of the relation finders (triggers.tsv)
    clause_words: tuple[str, ...]  # 以来, 给予…: never inside an organisation's name
    word_lists: dict[str, frozenset[str]]  # the documented sections of rule_words.txt
    suffix_blockers: dict[str, str]  # name ending → characters that, after it, show it is no ending

    def words(self, name: str) -> frozenset[str]:
        """The words of section *name* of ``rule_words.txt``."""
        return self.word_lists[name]

    def alternation(self, family: str) -> str:
        """The words of a trigger family as a regular-expression alternation, longest first."""
        return _alternation(self.triggers[family])

    def pattern(self, name: str) -> str:
        """The words of section *name* of ``rule_words.txt`` as an alternation, longest first."""
        return _alternation(self.word_lists[name])

    @property
    def party_roles(self) -> frozenset[str]:
        """A party's side written before its name (甲方, 买方, 出让方): ``party_roles`` of ``rule_words.txt``
        and the sides of a carbon deal (``seller_role``, ``buyer_role`` of ``triggers.tsv``)."""
        return self.word_lists["party_roles"] | frozenset(self.triggers["seller_role"]) \
            | frozenset(self.triggers["buyer_role"])

    @staticmethod
    def any_of(words) -> str:
        """*words* as a regular-expression alternation, longest first."""
        return _alternation(words)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _sections(name: str) -> dict[str, frozenset[str]]:
    """``[section]`` headed word lists; comment lines document each section."""
    out: dict[str, set[str]] = {}
    current = None
    for line in _lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], set())
        elif current is not None:
            current.update(line.split())
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    suffixes = {}
    weak = set()
    for line in _lines("org_suffixes.tsv"):
        parts = line.split("\t")
        suffixes[parts[0]] = EntityType(parts[1])
        if len(parts) > 2 and parts[2] == "weak":
            weak.add(parts[0])
    titles = frozenset(_lines("position_titles.txt"))
    surnames = frozenset(w for line in _lines("surnames.txt") for w in line.split())
    stopwords = frozenset(w for line in _lines("stopwords.txt") for w in line.split())
    bodies: dict[str, tuple[EntityType, str]] = {}
    for line in _lines("central_bodies.tsv"):
        parts = line.split("\t") + [""]
        name, typ, aliases = parts[0], EntityType(parts[1]), parts[2]
        bodies[name] = (typ, name)
        for a in filter(None, (x.strip() for x in aliases.split(","))):
            bodies[a] = (typ, name)
    word_lists = _sections("rule_words.txt")
    return Lexicon(
        suffixes=suffixes,
        weak_suffixes=frozenset(weak),
        suffix_lengths=tuple(sorted({len(s) for s in suffixes}, reverse=True)),
        titles=titles,
        title_lengths=tuple(sorted({len(t) for t in titles}, reverse=True)),
        surnames=surnames,
        stopwords=stopwords,
        bodies=bodies,
        non_names=frozenset(w for line in _lines("non_names.txt") for w in line.split()),
        implied_posts=dict(line.split("\t")[:2] for line in _lines("implied_posts.tsv")),
        translit=frozenset(c for line in _lines("transliteration_chars.txt") for c in line.split()),
        party_organs=tuple(_lines("party_organs.txt")),
        enterprise_context=tuple(_lines("enterprise_context.txt")),
        leading_verbs=tuple(sorted({*_lines("leading_verbs.txt"), *word_lists["subsidiary_markers"]}, key=len,
                                   reverse=True)),
        triggers={f: tuple(w.split()) for f, w in (line.split("\t", 1) for line in _lines("triggers.tsv"))},
        clause_words=tuple(sorted(_lines("clause_words.txt"), key=len, reverse=True)),
        word_lists=word_lists,
        suffix_blockers=dict(line.split("\t")[:2] for line in _lines("suffix_blockers.tsv")),
    )
