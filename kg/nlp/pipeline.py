"""Build the spaCy pipeline: character tokenizer, optional statistical NER, rules, merger.

>>> nlp = load_pipeline(model=None)
>>> nlp.pipe_names
['kg_rules', 'kg_entities']
>>> doc = nlp("自治区党委书记李明远到北京市考察")
>>> [(s.text, s.label_) for s in doc.spans["kg_entities"]]
[('自治区党委', 'GovernmentBody'), ('李明远', 'Official'), ('北京市', 'Region')]
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import ContextManager

import spacy
from spacy.language import Language
from thinc.api import get_current_ops, use_ops

from kg.errors import ModelError
from kg.nlp import DEFAULT_MODEL
from kg.nlp import components as _components  # noqa: F401  (registers the factories)
from kg.nlp.decode import use_decoder
from kg.nlp.fold import encoder_weights, fold_embedding, prune_encoder
from kg.nlp.quantize import load_products
from kg.nlp import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)

__all__ = ["DEFAULT_MODEL", "cpu_backend", "load_model", "load_pipeline"]

log = logging.getLogger(__name__)

_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "kg.char_word_tokenizer.v1"}}}


def cpu_backend() -> ContextManager[None]:
    """Build models on thinc's NumPy backend with matrix products in OpenBLAS rather than blis.

    blis, thinc's default, runs on one thread; OpenBLAS is about twice as fast on
    one core and uses the second one too. Models take the backend current when
    they are built, so training and loading both run inside this block.
    """
    return use_ops("numpy", use_blis=False)


def load_model(path: str | Path, decoder: bool = True, int8: bool = True) -> Language:
    """A trained spaCy pipeline from *path*, on :func:`cpu_backend`.

    With *decoder* (the default) it predicts the way zhkg runs it: the
    ``ner`` through :class:`kg.nlp.decode.GreedyEntityDecoder` (the same
    entities as spaCy's own transition loop, several times faster) and the
    ``tok2vec`` with its embedding's first layer folded into the hash tables
    and its encoder computing only the rows its output depends on
    (:mod:`kg.nlp.fold`), its window layers' products in 8 bits where the
    model ships them and *int8* is set (:mod:`kg.nlp.quantize`). Without
    *decoder*, the pipeline is spaCy's, as trained.
    """
    with cpu_backend():
        nlp = spacy.load(path)
        ops = get_current_ops()
    for _, component in nlp.pipeline:  # layers built lazily (the parser's output layer) too
        for node in component.model.walk() if hasattr(component, "model") else ():
            node.ops = ops
    if decoder:
        fold_embedding(nlp)
        products = load_products(Path(path), encoder_weights(nlp)) if int8 else None
        prune_encoder(nlp, products)
        if "ner" in nlp.pipe_names:
            use_decoder(nlp)
    return nlp


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str | Path | None = "default", int8: bool = True) -> Language:
    """The zhkg pipeline.

    *model* is ``"default"`` (the shipped recogniser if present, else rules
    only), ``None`` (rules only) or a path to a spaCy pipeline directory
    holding an ``ner`` component trained with CLUENER labels. *int8* as for
    :func:`load_model`.
    """
    if model == "default":
        model = DEFAULT_MODEL if (DEFAULT_MODEL / "meta.json").exists() else None
        if model is None:
            log.warning("no trained model at %s; using rules only (run `make train`)", DEFAULT_MODEL)
    if model is None:
        nlp = spacy.blank("zh", config=_TOKENIZER)
    else:
        path = Path(model)
        if not (path / "meta.json").exists():
            raise ModelError(f"{path}: not a spaCy pipeline folder (no meta.json); run `make train` or pass --model DIR")
        try:
            nlp = load_model(path, int8=int8)
        except Exception as exc:  # spaCy raises many kinds here
            raise ModelError(f"{path}: the model does not load ({exc}); retrain it with `make train`") from exc
        if "ner" not in nlp.pipe_names:
            raise ModelError(f"{path}: the pipeline has no 'ner' component; retrain it with `make train`")
    nlp.add_pipe("kg_rules")
    nlp.add_pipe("kg_entities")
    return nlp
