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

Text in traditional characters is read as simplified (:func:`kg.nlp.shapes.simplified_same_length`):
the words, tags and lexicon matches are those of its simplified form, and a traditional character's
``token.norm_`` is its simplified one, which the recogniser embeds. The tokens keep the characters as
printed.

>>> import spacy
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.char_word_tokenizer.v1"}}})
>>> doc = nlp("青禾集团签约")
>>> [t.text for t in doc][:3], doc[0].tag_
(['青', '禾', '集'], 'B2')
"""

from __future__ import annotations

from pathlib import Path

import numpy
from spacy.attrs import LEMMA, MORPH, TAG
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kg.nlp.shapes import simplified_same_length
from kg.nlp.words import token_features, word_features

__all__ = ["CharWordTokenizer", "LexiconTokenizer", "doc_text", "doc_words"]

#: Where a tokenizer here keeps the text it was given, in ``doc.user_data``: ``Doc.text`` rebuilds the
#: string from its tokens each time it is read, one Python object per character.
_TEXT = "kg.text"


#: Where :class:`LexiconTokenizer` keeps the jieba words' ``(start, end)`` spans, in ``doc.user_data``.
_WORDS = "kg.words"


def doc_words(doc: Doc) -> list[tuple[int, int]] | None:
    """The jieba words of *doc* as ``(start, end)`` token spans, as its tokenizer found them, or None
    where the tokenizer kept none (then the tags say where words begin and end)."""
    return doc.user_data.get(_WORDS)


def doc_text(doc: Doc) -> str:
    """*doc*'s text: the string the tokenizer was given (the same as ``doc.text``, one token per
    character), or ``doc.text`` for a doc made elsewhere."""
    text = doc.user_data.get(_TEXT)
    return text if text is not None else doc.text


def _simplified_norms(doc: Doc, text: str, simple: str) -> None:
    """A traditional character's norm is its simplified form (銀 → 银): what the recogniser embeds."""
    if simple != text:
        for i, (c, s) in enumerate(zip(text, simple)):
            if c != s:
                doc[i].norm_ = s


class CharWordTokenizer:
    """One token per character; jieba word and position as lemma and tag."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        chars = list(text)
        if not chars:
            return Doc(self.vocab, words=[])
        simple = simplified_same_length(text)
        words, tags = word_features(simple)
        # Whitespace inside a word never comes from jieba; give it a neutral tag.
        tags = [t if t else "S1" for t in tags]
        lemmas = [w if w else c for w, c in zip(words, chars)]
        doc = Doc(self.vocab, words=chars, spaces=[False] * len(chars), tags=tags, lemmas=lemmas)
        _simplified_norms(doc, text, simple)
        doc.user_data[_TEXT] = text
        return doc

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
        self._morph_ids: dict[str, int] = {}  # FEATS string → its hash in the vocab's morphology
        self._string_ids: dict[str, int] = {}  # tag or lemma → its hash, added to the vocab's strings once

    def __call__(self, text: str) -> Doc:
        if not text:
            return Doc(self.vocab, words=[])
        simple = simplified_same_length(text)
        tags, lemmas, feats, words = token_features(simple, self.soft_words)
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        # tags, lemmas and features set in one array, not token by token (most of the Doc's build time);
        # a character with no features keeps morph 0, as the model was trained with (not the empty analysis)
        morph, strings = self._morph_ids, self._string_ids
        for f in set(feats).difference(morph):
            morph[f] = self.vocab.morphology.add(f) if f else 0
        for t in set(tags).union(lemmas).difference(strings):
            strings[t] = self.vocab.strings.add(t)
        cols = numpy.empty((len(text), 3), dtype="uint64")
        cols[:, 0] = [strings[t] for t in tags]
        cols[:, 1] = [strings[w] for w in lemmas]
        cols[:, 2] = [morph[f] for f in feats]
        doc.from_array([TAG, LEMMA, MORPH], cols)
        _simplified_norms(doc, text, simple)
        doc.user_data[_TEXT] = text
        doc.user_data[_WORDS] = words
        return doc


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
