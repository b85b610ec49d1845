"""Greedy decoding of the trained entity recogniser, outside spaCy's transition loop.

spaCy's ``ner`` predicts one BILUO action per token with a small network over
three context tokens: the token at the front of the buffer, the first token of
the entity being built, and the token before the front (the last two only
while an entity is open). spaCy 3.8's compiled loop takes the interpreter
lock once per token and state (about 60 µs a character here), which made it
the slowest stage of a build.

This module runs the same network and the same decisions in NumPy:

* While no entity is open the features depend on the token alone, so the
  scores of every token in the batch come from one matrix product, and the
  best valid action is chosen for all of them at once.
* Inside an entity only two actions are valid (``I`` or ``L`` of its label),
  so the loop computes just those two scores.

The actions chosen are the ones spaCy chooses — the same validity rules, the
same first-best tie-breaking — for documents without preset entities, which is
every document zhkg makes. A batch that has preset entities goes through the
trained component itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch

FACTORY = "kg_ner_decoder"


@dataclass(frozen=True)
class _Moves:
    """The recogniser's action table: column of each action, per label."""

    begins: tuple[bool, ...]  # per column: a B- action with a label
    units: tuple[bool, ...]  # per column: a U- action with a label
    out: int  # column of O
    labels: tuple[str, ...]  # label of each column ('' for O and the blocked U-)
    inside: dict[str, int]  # label → column of I-label
    last: dict[str, int]  # label → column of L-label

    @property
    def begin(self) -> np.ndarray:
        return np.array(self.begins)

    @property
    def unit(self) -> np.ndarray:
        return np.array(self.units)

    @classmethod
    def of(cls, recogniser: EntityRecognizer) -> _Moves:
        names = [recogniser.moves.get_class_name(i) for i in range(recogniser.moves.n_moves)]
        acts = [n.split("-", 1)[0] for n in names]
        labels = tuple(n.split("-", 1)[1] if "-" in n else "" for n in names)
        return cls(
            begins=tuple(a == "B" and bool(lab) for a, lab in zip(acts, labels)),
            units=tuple(a == "U" and bool(lab) for a, lab in zip(acts, labels)),
            out=acts.index("O"),
            labels=labels,
            inside={lab: i for i, (a, lab) in enumerate(zip(acts, labels)) if a == "I"},
            last={lab: i for i, (a, lab) in enumerate(zip(acts, labels)) if a == "L"},
        )


class GreedyEntityDecoder:
    """A pipeline component that predicts ``doc.ents`` with a trained ``ner``'s weights."""

    def __init__(self, name: str = "ner") -> None:
        self.name = name
        self.recogniser: EntityRecognizer | None = None

    def use(self, recogniser: EntityRecognizer) -> GreedyEntityDecoder:
        """Decode with *recogniser*'s network and actions."""
        model = recogniser.model
        self.recogniser = recogniser
        self._moves = _Moves.of(recogniser)
        self._tok2vec = model.get_ref("tok2vec")
        self._lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self._W = upper.get_param("W")  # (actions, hidden)
        self._b = upper.get_param("b")
        self._bias = self._lower.get_param("b")  # (hidden, pieces)
        self._unseen = np.zeros(len(self._b), dtype=bool)
        self._unseen[list(model.attrs.get("unseen_classes", ()))] = True
        # per label, the rows of the output layer for I-label and L-label: all an open entity needs
        self._pairs = {lab: (self._W[[i, self._moves.last[lab]]], self._b[[i, self._moves.last[lab]]],
                             self._unseen[[i, self._moves.last[lab]]])
                       for lab, i in self._moves.inside.items()}
        return self

    @property
    def model(self):
        """The trained network the decoder runs (the recogniser's)."""
        return self.recogniser.model

    @property
    def labels(self) -> tuple[str, ...]:
        return self.recogniser.labels if self.recogniser else ()

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            if any(d.to_array("ENT_IOB").any() for d in batch if len(d)):  # preset entities: spaCy's own rules
                yield from self.recogniser.pipe(batch, batch_size=len(batch))
                continue
            for doc, ents in zip(batch, self.predict(batch)):
                doc.set_ents([Span(doc, s, e, label=lab) for s, e, lab in ents], default="outside")
                yield doc

    def predict(self, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
        """``(start, end, label)`` token spans of each doc."""
        sized = [d for d in docs if len(d)]
        if not sized:
            return [[] for _ in docs]
        feats = self._lower.predict(self._tok2vec.predict(sized))  # (tokens + 1, 3, hidden, pieces)
        cont = [_can_continue(d) for d in sized]
        closed = self._closed_actions(sized, feats, cont)
        ends = self._first_ends(np.concatenate(cont), feats, closed)
        found, offset = {}, 0
        for doc, doc_cont in zip(sized, cont):
            found[id(doc)] = self._decode(doc_cont, feats, closed, offset, ends)
            offset += len(doc_cont)
        return [found.get(id(d), []) for d in docs]

    def _first_ends(self, cont: np.ndarray, feats: np.ndarray, closed: np.ndarray) -> np.ndarray:
        """For every token of the batch whose best action with no entity open begins one: the token it
        closes on, where that is within :data:`_AHEAD` tokens of its start, else -1 (decided token by
        token); the entities of a batch scored in one product per label instead of one a entity."""
        labels, begins = self._moves.labels, np.array(self._moves.begins)
        ends = np.full(len(cont), -1, dtype=np.int64)
        starts = np.flatnonzero(begins[closed])
        if not len(starts):
            return ends
        inside = starts[:, None] + 1 + np.arange(_AHEAD)  # the tokens after each start (flat)
        at = np.minimum(inside, len(cont) - 1)
        # scored while it and each token before it in the window have a next one in the sentence: the
        # sentence's (or document's) last token can only close the entity
        reach = np.logical_and.accumulate(cont[at], axis=1).sum(axis=1)
        hidden = ((feats[at + 1, 0] + feats[starts + 1, 1][:, None]) + feats[at, 2]) + self._bias
        maxed = _maxout(hidden)  # (starts, window, hidden)
        closing = np.zeros(inside.shape, dtype=bool)
        start_labels = np.array([labels[a] for a in closed[starts].tolist()])
        for label, (W, b, unseen) in self._pairs.items():
            rows = np.flatnonzero(start_labels == label)
            if len(rows):
                closing[rows] = _closing(maxed[rows].reshape(-1, maxed.shape[-1]), W, b, unseen).reshape(len(rows), -1)
        closing &= np.arange(_AHEAD) < reach[:, None]
        first = np.where(closing.any(axis=1), closing.argmax(axis=1), reach)
        # closed at its first L; or on the last token it could reach; or, open past the window, undecided
        ends[starts] = np.where(first < _AHEAD, starts + 1 + first, -1)
        return ends

    def _scores(self, unmaxed: np.ndarray) -> np.ndarray:
        scores = _maxout(unmaxed) @ self._W.T + self._b
        if self._unseen.any():  # spaCy gives unseen actions the lowest score
            scores[..., self._unseen] = scores.min()
        return scores

    def _closed_actions(self, docs: list[Doc], feats: np.ndarray, cont: list[np.ndarray]) -> np.ndarray:
        """The best valid action of every token when no entity is open."""
        pad = feats[0]
        scores = self._scores(((feats[1:, 0] + pad[1]) + pad[2]) + self._bias)
        space = np.concatenate([d.to_array("IS_SPACE").astype(bool) for d in docs])
        # B needs a next token in the same sentence; neither B nor U starts on whitespace
        can_begin = np.concatenate(cont) & ~space
        valid = np.where(self._moves.begin, can_begin[:, None], False)
        valid |= np.where(self._moves.unit, ~space[:, None], False)
        valid[:, self._moves.out] = True
        return np.where(valid, scores, -np.inf).argmax(axis=1)

    def _decode(self, cont: np.ndarray, feats: np.ndarray, closed: np.ndarray, offset: int,
                ends: np.ndarray) -> list[tuple[int, int, str]]:
        """The entities of one doc; *cont* says where a next token can carry an entity on, *ends* where
        an entity begun at a token closes if that is decided already (:meth:`_first_ends`)."""
        labels, begins, units = self._moves.labels, self._moves.begins, self._moves.units
        actions = closed[offset:offset + len(cont)].tolist()
        known = ends[offset:offset + len(cont)].tolist()
        ents: list[tuple[int, int, str]] = []
        n = len(cont)
        i = 0
        while i < n:
            action = actions[i]
            label = labels[action]
            if not begins[action]:  # O, or U of a one-token entity
                if units[action]:
                    ents.append((i, i + 1, label))
                i += 1
                continue
            if known[i] >= 0:
                ents.append((i, known[i] - offset + 1, label))
                i = known[i] - offset + 1
                continue
            start, i = i, i + 1 + _AHEAD  # open past its first window: on, a few tokens at a time
            first = feats[offset + start + 1, 1]
            pair = self._pairs[label]
            while True:  # inside the entity: carry on (I) or close it here (L), a few tokens at a time
                ahead = cont[i:i + _AHEAD]
                m = len(ahead) if ahead.all() else int(ahead.argmin())  # up to the sentence's last token
                if not m:  # the last token of the doc or of a sentence: only L is valid
                    break
                t = offset + i
                hidden = ((feats[t + 1:t + 1 + m, 0] + first) + feats[t:t + m, 2]) + self._bias
                closes = _closes(hidden, *pair)
                if closes < m:
                    i += closes
                    break
                i += m
            ents.append((start, i + 1, label))
            i += 1
        return ents


def _maxout(x: np.ndarray) -> np.ndarray:
    """The largest of the pieces (last axis); ``np.maximum`` over a few slices beats ``max(axis=-1)``."""
    out = x[..., 0]
    for p in range(1, x.shape[-1]):
        out = np.maximum(out, x[..., p])
    return out


#: Tokens of an open entity scored at once: most entities close within a few.
_AHEAD = 6


def _closes(unmaxed: np.ndarray, W: np.ndarray, b: np.ndarray, unseen: np.ndarray) -> int:
    """The first of these tokens where L-label scores above I-label (``len(unmaxed)`` if none)."""
    closing = _closing(_maxout(unmaxed), W, b, unseen)
    return int(closing.argmax()) if closing.any() else len(closing)


def _closing(maxed: np.ndarray, W: np.ndarray, b: np.ndarray, unseen: np.ndarray) -> np.ndarray:
    """Per token (row of hidden values), does L-label score above I-label? An action never seen in
    training scores lowest, as in spaCy."""
    scores = maxed @ W.T + b  # (tokens, 2): I-label, L-label
    if unseen.any():
        scores[:, unseen] = scores.min(axis=1, keepdims=True)
    return scores[:, 0] < scores[:, 1]


def _can_continue(doc: Doc) -> np.ndarray:
    """Per token: a next token exists and does not start a sentence."""
    nxt = np.zeros(len(doc), dtype=bool)
    if len(doc) > 1:
        nxt[:-1] = doc.to_array("SENT_START")[1:] != 1
    return nxt


@Language.factory(FACTORY)
def make_decoder(nlp: Language, name: str) -> GreedyEntityDecoder:
    return GreedyEntityDecoder(name)


def use_decoder(nlp: Language) -> Language:
    """Put a :class:`GreedyEntityDecoder` in place of *nlp*'s ``ner``, decoding with its weights."""
    trained = nlp.get_pipe("ner")
    nlp.replace_pipe("ner", FACTORY)
    nlp.get_pipe("ner").use(trained)
    return nlp
