"""The recogniser's embedding with its first layer folded in: the same vectors, a sixth of the work.

spaCy's ``MultiHashEmbed`` looks up each token's attributes (NORM, LEMMA, TAG, MORPH, SHAPE) in one
hash table apiece — four rows per attribute, summed — concatenates the five vectors and sends the result
through a maxout layer (``W·x + b``, then the largest of three pieces, then a layer norm). Up to the
maxout the whole path is linear, so ``W·x`` is the sum, over the twenty rows looked up, of that row
multiplied by its table's slice of ``W``. :func:`fold_embedding` makes those products once, when the
model loads (one table of pre-activations per attribute, 31,100 rows × 240 for the shipped model,
30 MB), and a token then costs twenty row additions instead of a 400 × 240 matrix product.

Only the order of the float additions changes (differences near 1e-6); ``tests/test_fold.py``
checks the vectors against the unfolded layer and the entities against spaCy's own pipeline. The
folded layer predicts only: a pipeline being trained keeps spaCy's.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language
from thinc.api import Model

__all__ = ["fold_embedding"]

#: The layer names of spaCy's MultiHashEmbed without static vectors, in order.
_EMBED_SHAPE = ("extract_features", "list2ragged", "with_array", "with_array", "ragged2list")


def fold_embedding(nlp: Language) -> bool:
    """Put a folded embedding in place of the ``tok2vec`` component's ``MultiHashEmbed``.

    Returns whether it did: a pipeline without that component, or whose embedding is built otherwise
    (static vectors, another architecture), is left as it is.
    """
    if "tok2vec" not in nlp.pipe_names:
        return False
    tok2vec = nlp.get_pipe("tok2vec").model
    embed = tok2vec.layers[0] if tok2vec.layers else None
    folded = _folded(embed) if embed is not None else None
    if folded is None:
        return False
    tok2vec.replace_node(embed, folded)
    return True


def _folded(embed: Model) -> Model | None:
    if tuple(layer.name.split("(")[0] for layer in embed.layers) != _EMBED_SHAPE:
        return None
    features, _, lookups, mix, _ = embed.layers
    tables = [branch.layers[-1] for branch in lookups.layers[0].layers]
    inner = mix.layers[0]
    steps = inner.layers[0].layers if inner.name == "maxout>>layernorm>>dropout" else ()
    if not tables or any(t.name != "hashembed" for t in tables) or [s.name for s in steps] != ["maxout", "layernorm"]:
        return None
    if [t.attrs["column"] for t in tables] != list(range(len(tables))):
        return None
    maxout, norm = steps
    n_out, n_pieces, n_in = (maxout.get_dim(d) for d in ("nO", "nP", "nI"))
    weights = maxout.get_param("W").reshape(n_out * n_pieces, n_in)
    products, offsets, col, row = [], [], 0, 0
    for table in tables:
        rows = table.get_param("E")
        products.append(rows @ weights[:, col:col + rows.shape[1]].T)
        offsets.append(row)
        col += rows.shape[1]
        row += rows.shape[0]
    if col != n_in:
        return None
    pre = np.ascontiguousarray(np.vstack(products), dtype="float32")
    bias = maxout.get_param("b").reshape(n_out * n_pieces).astype("float32")
    seeds = [t.attrs["seed"] for t in tables]
    sizes = [t.get_dim("nV") for t in tables]
    ops = embed.ops

    def forward(model: Model, docs, is_train: bool):
        if is_train:
            raise RuntimeError("the folded embedding only predicts; train the pipeline spaCy built")
        ids = features.predict(docs)
        lengths = ops.asarray1i([len(x) for x in ids])
        flat = np.concatenate(ids) if ids else np.zeros((0, len(tables)), dtype="uint64")
        if not len(flat):
            return ops.unflatten(ops.alloc2f(0, n_out), lengths), None
        keys = np.hstack([ops.hash(np.ascontiguousarray(flat[:, i]), seed) % np.uint32(size) + np.uint32(offset)
                          for i, (seed, size, offset) in enumerate(zip(seeds, sizes, offsets))])
        mixed = ops.gather_add(pre, keys)
        mixed += bias
        best, _ = ops.maxout(mixed.reshape(len(mixed), n_out, n_pieces))
        return ops.unflatten(norm.predict(best), lengths), None

    return Model("folded_embed", forward, dims={"nO": n_out}, ops=ops)
