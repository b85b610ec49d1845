"""Counties' two-character short forms that jieba's dictionary knows as common words: the source of the
data-derived part of ``ambiguous_region_forms`` in ``kg/data/rule_words.txt``.

    python benchmarks/wordlike_region_forms.py [--min 500]

A county's short form standing alone (临高, 通渭) names the county when the document is of its province. Some
forms are also words news writes all the time: 合作 (合作市) in every 合作协议, 友好 (友好区) in every 友好交往,
延长 (延长县), 南部 (南部县). This lists the short forms that jieba's dictionary tags as a word of a kind no
place is (a verb, an adjective, a locative, a numeral, an adverb …) and has seen at least ``--min`` times —
jieba tags many place names oddly (临高 as a verb, 常熟 as an adjective) but counts them rarely, so the count
separates the two. A person then reads the list before adding it to the data file.
"""

from __future__ import annotations

import argparse
import logging

#: jieba's tags of words no place is.
COMMON_WORD_TAGS = frozenset({"v", "vn", "vd", "a", "ad", "an", "f", "b", "m", "d", "t", "c", "r", "q", "i", "z",
                              "s", "p", "u", "l"})


def wordlike_forms(least: int) -> list[tuple[int, str, str]]:
    """``(count, form, tag)`` of the counties' two-character short forms jieba knows as a common word at least
    *least* times, most frequent first."""
    import jieba

    from kg.nlp.words import word_pos
    from kg.regions import gazetteer

    jieba.setLogLevel(logging.ERROR)
    jieba.dt.check_initialized()
    counts, gaz = jieba.dt.FREQ, gazetteer()
    forms = [f for f, regions in gaz.by_name.items() if len(f) == 2 and gaz.wordlike_short_form(f, regions)]
    return sorted(((counts.get(f, 0), f, word_pos(f)) for f in forms
                   if word_pos(f) in COMMON_WORD_TAGS and counts.get(f, 0) >= least), reverse=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min", type=int, default=500, help="least times jieba's dictionary has seen the word")
    args = ap.parse_args(argv)
    from kg.nlp.lexicon import lexicon

    listed = lexicon().words("ambiguous_region_forms") | lexicon().stopwords  # a stop word is never a place
    rows = wordlike_forms(args.min)
    for count, form, tag in rows:
        print(f"{form}\t{tag}\t{count}\t{'listed' if form in listed else 'not listed'}")
    print(" ".join(form for _, form, _ in rows if form not in listed) or "(all listed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
