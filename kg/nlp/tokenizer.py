"""Character tokenizer for Chinese with word-boundary features.

Every character of the text is one token, so token ``i`` is character ``i``
and character offsets survive the whole pipeline unchanged. On top of that
each token carries two features taken from jieba's word segmentation, which
the statistical recogniser embeds beside the character itself:

* ``token.lemma_`` — the jieba word the character belongs to;
* ``token.tag_`` — the character's position in that word (``B``, ``M``,
  ``E`` or ``S``) and the word's length capped at 4, e.g. ``B3``.

Version 3 (``kg.char_word_tokenizer.v3``) adds lexicon
knowledge, the way lattice and soft-lexicon models do for Chinese NER:

* ``token.tag_`` also carries the part of speech jieba's dictionary gives the
  word (``B3ns``: first character of a three-character place name);
* ``token.morph`` marks matches of the project's lexicons around the
  character — GB/T 2260 division names and their short forms and country
  names (``Reg``), organisation endings (``Sfx``), position titles
  (``Tit``) — each with the character's position in the match, and a
  character that may be a surname at the start of a word (``Sur``).

Version 4 (``kg.char_word_tokenizer.v4``, the shipped model's) adds to
``token.morph`` whether any word of jieba's dictionary begins (``Wb``),
continues (``Wm``) or ends (``We``) at the character — all of them, not only
the word jieba's segmentation chose.

>>> import spacy
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.char_word_tokenizer.v1"}}})
>>> doc = nlp("青禾集团签约")
>>> [t.text for t in doc][:3], doc[0].tag_
(['青', '禾', '集'], 'B2')
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

__all__ = ["CharWordTokenizer", "word_features"]

log = logging.getLogger(__name__)

_JIEBA_LOCK = threading.Lock()
_JIEBA = None


def _jieba():
    """The shared jieba tokenizer, initialised once, quietly."""
    global _JIEBA
    with _JIEBA_LOCK:
        if _JIEBA is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.initialize()
            _JIEBA = tk
    return _JIEBA


def word_features(text: str) -> tuple[list[str], list[str]]:
    """Per character: the jieba word it lies in and its BMES+length tag."""
    words = [""] * len(text)
    tags = [""] * len(text)
    for word, start, end in _jieba().tokenize(text, HMM=True):
        n = end - start
        size = str(min(n, 4))
        for i in range(start, end):
            words[i] = word
            if n == 1:
                tags[i] = "S1"
            elif i == start:
                tags[i] = "B" + size
            elif i == end - 1:
                tags[i] = "E" + size
            else:
                tags[i] = "M" + size
    return words, tags


class CharWordTokenizer:
    """One token per character; jieba word and position as lemma and tag."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        chars = list(text)
        if not chars:
            return Doc(self.vocab, words=[])
        words, tags = word_features(text)
        # Whitespace inside a word never comes from jieba; give it a neutral tag.
        tags = [t if t else "S1" for t in tags]
        lemmas = [w if w else c for w, c in zip(words, chars)]
        return Doc(self.vocab, words=chars, spaces=[False] * len(chars), tags=tags, lemmas=lemmas)

    # The tokenizer has no state of its own: serialisation is a no-op.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "CharWordTokenizer":
        return self

    def to_disk(self, path: str | Path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, **kwargs) -> "CharWordTokenizer":
        return self


class LexiconTokenizer(CharWordTokenizer):
    """Characters with jieba word, part of speech and lexicon-match features.

    With *soft_words*, ``token.morph`` also says whether any dictionary word
    begins (``Wb``), continues (``Wm``) or ends (``We``) at the character —
    every word of jieba's dictionary that matches, not only the one jieba's
    segmentation chose (the SoftLexicon idea).
    """

    def __init__(self, vocab: Vocab, soft_words: bool = False):
        super().__init__(vocab)
        self.soft_words = soft_words

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        if not len(doc):
            return doc
        feats = lexicon_features(text, [t.tag_[0] in "BS" for t in doc])
        if self.soft_words:
            feats = ["|".join(x for x in (f, w) if x) for f, w in zip(feats, soft_word_features(text))]
        for tok, f in zip(doc, feats):
            pos = word_pos(tok.lemma_) or "x"
            tok.tag_ = tok.tag_ + pos
            if f:
                tok.set_morph(f)
        return doc


def soft_word_features(text: str, longest: int = 6) -> list[str]:
    """Per character, which dictionary words of 2..*longest* characters begin, continue or end there.

    >>> soft_word_features("内蒙古")
    ['Wb=Yes', 'Wb=Yes|We=Yes|Wm=Yes', 'We=Yes']
    """
    freq = _jieba().FREQ
    marks: list[set[str]] = [set() for _ in text]
    for i in range(len(text)):
        for n in range(2, min(longest, len(text) - i) + 1):
            if freq.get(text[i:i + n]):
                marks[i].add("Wb")
                marks[i + n - 1].add("We")
                for j in range(i + 1, i + n - 1):
                    marks[j].add("Wm")
    return ["|".join(f"{k}=Yes" for k in sorted(m)) for m in marks]


@registry.tokenizers("kg.char_word_tokenizer.v1")
def create_char_word_tokenizer():
    def make(nlp):
        return CharWordTokenizer(nlp.vocab)

    return make


@registry.tokenizers("kg.char_word_tokenizer.v3")
def create_lexicon_tokenizer():
    """v1 plus jieba parts of speech and lexicon matches (see the module doc)."""

    def make(nlp):
        return LexiconTokenizer(nlp.vocab)

    return make


@registry.tokenizers("kg.char_word_tokenizer.v4")
def create_soft_lexicon_tokenizer():
    """v3 plus every dictionary word around each character (see :class:`LexiconTokenizer`)."""

    def make(nlp):
        return LexiconTokenizer(nlp.vocab, soft_words=True)

    return make


def _bmes(i: int, start: int, end: int) -> str:
    if end - start == 1:
        return "S"
    return "B" if i == start else ("E" if i == end - 1 else "M")


@functools.lru_cache(maxsize=1)
def _lexicons() -> tuple[dict[str, str], int]:
    """Lexicon entries → feature name, and the longest entry's length."""
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
    return entries, max(map(len, entries))


def lexicon_features(text: str, starts: list[bool]) -> list[str]:
    """Per character, the FEATS string of the lexicon matches covering it.

    Matches are found longest first, left to right; an organisation ending
    counts only where it ends a jieba word (局 in 公安局, not in 局长).
    *starts* says which characters begin a jieba word.

    >>> starts = [True, False, False, False, False, True, False, False, True, False]
    >>> lexicon_features("呼伦贝尔市林业局局长", starts)[4:]
    ['Reg=E', 'Sur=Yes', '', 'Sfx=S', 'Tit=B', 'Tit=E']
    """
    entries, longest = _lexicons()
    n_text = len(text)
    feats: list[dict[str, str]] = [{} for _ in text]
    ends = [i == n_text - 1 or starts[i + 1] for i in range(n_text)]
    for i in range(n_text):
        for n in range(min(longest, n_text - i), 1, -1):
            kind = entries.get(text[i:i + n])
            if kind is None or (kind == "Sfx" and not ends[i + n - 1]):
                continue
            for j in range(i, i + n):
                feats[j].setdefault(kind, _bmes(j, i, i + n))
            break
        else:
            if entries.get(text[i]) == "Sfx" and ends[i]:
                feats[i].setdefault("Sfx", "S")
    surnames = _surnames()
    for i, c in enumerate(text):
        if starts[i] and c in surnames:
            feats[i]["Sur"] = "Yes"
    return ["|".join(f"{k}={v}" for k, v in sorted(f.items())) for f in feats]


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from kg.nlp.lexicon import lexicon

    return frozenset(s for s in lexicon().surnames if len(s) == 1)


_TAGS: dict[str, str] | None = None


def word_pos(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives *word* ('' if unknown)."""
    global _TAGS
    if _TAGS is None:
        import os

        import jieba

        tags: dict[str, str] = {}
        path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 3:
                    tags[parts[0]] = parts[2]
        _TAGS = tags
    return _TAGS.get(word, "")
