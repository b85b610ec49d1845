"""jieba's words around each character: the features the character tokenizer gives the model, and the
part of speech the rules ask about. No spaCy here, so the rules can use them on plain strings.

The segmentation is jieba's, run by jieba-rs (``rjieba``, the same dictionary and HMM compiled), with
one difference of jieba-rs put back: jieba cuts a run of letters, digits and signs that is no dictionary
word at each sign (``2003-04`` → ``2003``, ``-``, ``04``; ``6.71B`` → ``6.71``, ``B``; ``C++`` stays) and
makes each character outside its Chinese range a word, where jieba-rs keeps such runs whole. With that,
the words are jieba's own, character for character (``tests/nlp/test_words.py`` holds the two side by side),
four times as fast, and no process loads jieba's prefix dictionary (half a second) to get them.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import logging
import marshal
import os
import re
import tempfile

import marisa_trie
import numpy as np
import rjieba

__all__ = ["word_features", "soft_word_features", "lexicon_features", "word_pos", "first_word", "segments",
           "token_features", "remember_features", "forget_features"]

log = logging.getLogger(__name__)

#: jieba's blocks: the characters it segments with its dictionary and HMM (re_han_default); any other
#: character is a word of its own, but for whitespace runs and CR LF.
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_HAN = re.compile("[\u4E00-\u9FD5]")
_OTHER = re.compile("\r\n|.", re.S)
#: How jieba's HMM stage cuts what is not Chinese: runs of letters and digits (a decimal and a per cent
#: sign kept on), every other character alone.
_NON_HAN_PIECE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def segments(text: str) -> list[tuple[str, int, int]]:
    """jieba's words of *text* (its default mode, HMM on) as ``(word, start, end)``, left to right."""
    out = []
    for word, start, end in rjieba.tokenize(text, hmm=True):
        if end - start == 1 or _HAN.search(word) or word == "\r\n" or word_pos(word):
            out.append((word, start, end))
            continue
        for piece in _jieba_pieces(word):  # a run jieba-rs keeps whole and jieba does not
            out.append((piece, start, start + len(piece)))
            start += len(piece)
    return out


def _jieba_pieces(run: str) -> list[str]:
    pieces = []
    for block in _BLOCK.split(run):
        if not block:
            continue
        if _BLOCK.fullmatch(block):
            pieces.extend(p for p in _NON_HAN_PIECE.split(block) if p)
        else:
            pieces.extend(_OTHER.findall(block))
    return pieces


def word_features(text: str) -> tuple[list[str], list[str]]:
    """Per character: the jieba word it lies in and its BMES+length tag."""
    words = [""] * len(text)
    tags = [""] * len(text)
    for word, start, end in segments(text):
        n = end - start
        if n == 1:
            words[start], tags[start] = word, "S1"
            continue
        size = str(min(n, 4))
        words[start:end] = [word] * n
        tags[start:end] = ["B" + size] + ["M" + size] * (n - 2) + ["E" + size]
    return words, tags


def token_features(text: str, soft_words: bool = True) -> tuple[list[str], list[str], list[str], list[tuple[int, int]]]:
    """Per character of *text*, what :class:`kg.nlp.tokenizer.LexiconTokenizer` gives the token: its tag
    (position and length in its jieba word, and the word's part of speech: ``B3ns``), its lemma (the
    word) and its FEATS string (lexicon matches, with *soft_words* the dictionary words around it); and
    the words' ``(start, end)`` spans, which the rules read.

    >>> token_features("青禾集团")[0], token_features("青禾集团")[3]
    (['B2x', 'E2x', 'B2n', 'E2n'], [(0, 2), (2, 4)])
    """
    if _AHEAD:
        known = _AHEAD.pop((text, soft_words), None)
        if known is not None:
            return known
    n_text = len(text)
    tags: list[str | None] = [None] * n_text
    lemmas = list(text)
    starts = [False] * n_text
    words = []
    for word, start, end in segments(text):
        tags[start:end] = _word_tags(end - start, word_pos(word) or "x")
        if end - start > 1:
            lemmas[start:end] = [word] * (end - start)
        starts[start] = True
        words.append((start, end))
    if None in tags:  # whitespace inside a word never comes from jieba: a neutral tag, a word of its own
        for i, t in enumerate(tags):
            if t is None:
                tags[i] = "S1" + (word_pos(text[i]) or "x")
                starts[i] = True
        firsts = list(itertools.compress(range(n_text), starts))
        words = list(zip(firsts, firsts[1:] + [n_text]))
    marks = _lexicon_marks(text, starts)
    feats = soft_word_features(text) if soft_words else [""] * n_text
    for i, f in marks.items():
        w = feats[i]
        feats[i] = f + "|" + w if w else f
    return tags, lemmas, feats, words


@functools.lru_cache(maxsize=1024)
def _word_tags(n: int, pos: str) -> list[str]:
    """The tags of a word's *n* characters: position and length in the word (``B3``), and its *pos*."""
    if n == 1:
        return ["S1" + pos]
    size = str(min(n, 4))
    return ["B" + size + pos] + ["M" + size + pos] * (n - 2) + ["E" + size + pos]


#: Token features worked out ahead of the tokenizer, by ``(text, soft_words)``: :func:`remember_features`.
_AHEAD: dict[tuple[str, bool], tuple] = {}


def remember_features(features: dict[str, tuple], soft_words: bool = True) -> None:
    """Have :func:`token_features` give *features* (``text → token_features(text, soft_words)``, worked out
    elsewhere) for their texts, once each, instead of working them out again: how the reader of
    :mod:`kg.parallel`, which prepares documents while the pipeline loads, hands its work on."""
    _AHEAD.update({(text, soft_words): value for text, value in features.items()})


def forget_features() -> None:
    """Drop what :func:`remember_features` was given and :func:`token_features` has not used."""
    _AHEAD.clear()


def soft_word_features(text: str, longest: int = 6) -> list[str]:
    """Per character, which dictionary words of 2..*longest* characters begin, continue or end there.

    >>> soft_word_features("内蒙古")
    ['Wb=Yes', 'Wb=Yes|We=Yes|Wm=Yes', 'We=Yes']
    """
    dictionary = _dictionary()
    prefixes = dictionary.trie.prefixes  # the dictionary's words at a position, one trie walk
    n_text = len(text)
    marks = [0] * n_text
    for i in dictionary.word_starts(text):
        for word in prefixes(text[i:i + longest]):
            n = len(word)
            if n < 2:
                continue
            marks[i] |= 1
            marks[i + n - 1] |= 2
            for k in range(i + 1, i + n - 1):
                marks[k] |= 4
    soft = _SOFT
    return [soft[m] for m in marks]


#: The FEATS string of each combination of Wb (1), We (2), Wm (4).
_SOFT = ["|".join(f"{k}=Yes" for bit, k in ((1, "Wb"), (2, "We"), (4, "Wm")) if m & bit) for m in range(8)]


def _bmes(i: int, start: int, end: int) -> str:
    if end - start == 1:
        return "S"
    return "B" if i == start else ("E" if i == end - 1 else "M")


@functools.lru_cache(maxsize=1)
def _lexicons() -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """Lexicon entries → feature name, and first character → the lengths (≥ 2, longest first) of the
    entries starting with it."""
    from kg.nlp.lexicon import lexicon
    from kg.regions import countries, gazetteer

    entries: dict[str, str] = {}
    for title in lexicon().titles:
        entries[title] = "Tit"
    for suffix in lexicon().suffixes:
        entries[suffix] = "Sfx"
    for name in list(gazetteer().by_name) + list(countries()):
        if len(name) >= 2:
            entries[name] = "Reg"
    by_first: dict[str, set[int]] = {}
    for name in entries:
        if len(name) >= 2:
            by_first.setdefault(name[0], set()).add(len(name))
    return entries, {c: tuple(sorted(ns, reverse=True)) for c, ns in by_first.items()}


def lexicon_features(text: str, starts: list[bool]) -> list[str]:
    """Per character, the FEATS string of the lexicon matches covering it.

    Matches are found longest first, left to right; an organisation ending
    counts only where it ends a jieba word (局 in 公安局, not in 局长).
    *starts* says which characters begin a jieba word.

    >>> starts = [True, False, False, False, False, True, False, False, True, False]
    >>> lexicon_features("呼伦贝尔市林业局局长", starts)[4:]
    ['Reg=E', 'Sur=Yes', '', 'Sfx=S', 'Tit=B', 'Tit=E']
    """
    marks = _lexicon_marks(text, starts)
    return [marks.get(i, "") for i in range(len(text))]


def _lexicon_marks(text: str, starts: list[bool]) -> dict[int, str]:
    """:func:`lexicon_features` of the characters that have any, by position."""
    entries, by_first = _lexicons()
    firsts, surnames, pairs = _lexicon_starts()
    n_text = len(text)
    feats: dict[int, dict[str, str]] = {}  # by position: most characters match nothing
    lengths, kind_of = by_first.get, entries.get
    for m in firsts.finditer(text):  # only the characters some entry begins with
        i = m.start()
        # the lengths of the entries starting with this character, longest first (none where no entry
        # begins with these two characters)
        for n in lengths(text[i], ()) if text[i:i + 2] in pairs else ():
            if n > n_text - i:
                continue
            kind = kind_of(text[i:i + n])
            if kind is None or (kind == "Sfx" and not (i + n == n_text or starts[i + n])):
                continue
            for j in range(i, i + n):
                feats.setdefault(j, {}).setdefault(kind, _bmes(j, i, i + n))
            break
        else:
            if kind_of(text[i]) == "Sfx" and (i + 1 == n_text or starts[i + 1]):
                feats.setdefault(i, {}).setdefault("Sfx", "S")
    for m in surnames.finditer(text):
        i = m.start()
        if starts[i]:
            feats.setdefault(i, {})["Sur"] = "Yes"
    return {i: "|".join(f"{k}={v}" for k, v in sorted(f.items())) for i, f in sorted(feats.items())}


@functools.lru_cache(maxsize=1)
def _lexicon_starts() -> tuple[re.Pattern, re.Pattern, frozenset[str]]:
    """Patterns of one character: those a lexicon entry begins with (or is, for a one-character
    ending), and the one-character surnames; and the first two characters of the entries."""
    entries, by_first = _lexicons()
    firsts = set(by_first) | {e for e, kind in entries.items() if len(e) == 1 and kind == "Sfx"}
    return _char_class(firsts), _char_class(_surnames()), frozenset(e[:2] for e in entries if len(e) >= 2)


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else "(?!)")


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from kg.nlp.lexicon import lexicon

    return frozenset(s for s in lexicon().surnames if len(s) == 1)


class _Dictionary:
    """jieba's dictionary as a compact trie of its words (``marisa_trie``) with one tag code per word: its
    cache (1.6 MB) reads in 4 ms, where a dict of the 494,000 words and word beginnings took 0.25–0.31 s
    of every process's start and 67 MB of a 200-file build's peak memory."""

    def __init__(self, trie: marisa_trie.Trie, codes: bytes, tags: list[str], pairs: bytes):
        self.trie, self.codes, self.tags = trie, codes, tags
        self.pairs = np.frombuffer(pairs, dtype="<u8")  # sorted

    def word_starts(self, text: str) -> list[int]:
        """The positions of *text* whose two characters open a dictionary word of two or more: the only
        places such a word can begin (found in one array step; about a third of a news text's characters
        open none)."""
        if len(text) < 2:
            return []
        chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype("<u8")
        pairs = _pair_codes(chars[:-1], chars[1:])
        at = np.searchsorted(self.pairs, pairs)
        at[at == len(self.pairs)] = 0
        return np.flatnonzero(self.pairs[at] == pairs).tolist()

    def tag(self, word: str) -> str:
        key = self.trie.get(word)
        return "" if key is None else self.tags[self.codes[key]]

    def words_at(self, text: str, start: int, longest: int) -> list[str]:
        """The words of the dictionary that *text* holds at *start*, of at most *longest* characters."""
        return self.trie.prefixes(text[start:start + longest])


@functools.lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    return _load_dictionary()


@functools.lru_cache(maxsize=1 << 16)
def word_pos(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives *word* ('' if unknown)."""
    return _dictionary().tag(word)


def first_word(text: str) -> tuple[str, str]:
    """The first word of *text* as jieba's tagger cuts it, with its part-of-speech tag: the dictionary's, or
    for a word the dictionary does not know, what its HMM guesses (南滩, 板岔河 → ``ns``, a place).
    ``('', '')`` for no text."""
    first = next(iter(rjieba.tag(text)), None) if text else None
    return (first[0], first[1]) if first else ("", "")


def _load_dictionary() -> _Dictionary:
    """:class:`_Dictionary` from jieba's ``dict.txt``, kept beside jieba's own cache (keyed by the
    dictionary's size and time, written atomically), so that only a machine's first run reads the text."""
    path = os.path.join(os.path.dirname(importlib.util.find_spec("jieba").origin), "dict.txt")
    st = os.stat(path)
    cache = os.path.join(tempfile.gettempdir(), f"zhkg-jieba-words-v2-{st.st_size}-{int(st.st_mtime)}.trie")
    try:
        with open(cache, "rb") as fh:
            blob, codes, tags, pairs = marshal.loads(fh.read())
        return _Dictionary(marisa_trie.Trie().frombytes(blob), codes, tags, pairs)
    except (OSError, EOFError, ValueError, TypeError, RuntimeError):
        pass
    tag_of: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tag_of[parts[0]] = parts[2]
    trie = marisa_trie.Trie(tag_of)
    tags = sorted(set(tag_of.values()))
    code = {t: i for i, t in enumerate(tags)}
    by_key = bytearray(len(trie))
    for word, key in trie.items():
        by_key[key] = code[tag_of[word]]
    codes = bytes(by_key)
    firsts = [(ord(w[0]), ord(w[1])) for w in tag_of if len(w) >= 2]
    pairs = np.unique(_pair_codes(*np.array(firsts, dtype="<u8").reshape(-1, 2).T)).astype("<u8").tobytes()
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cache), prefix=".zhkg-words-")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps((trie.tobytes(), codes, tags, pairs)))
        os.replace(tmp, cache)
    except OSError:
        log.debug("could not cache jieba's dictionary in %s", cache)
    return _Dictionary(trie, codes, tags, pairs)


def _pair_codes(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two characters' code points (uint64 arrays) as one number each."""
    return (first << np.uint64(21)) | second
