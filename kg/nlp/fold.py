"""Predict-only fast paths of the recogniser's ``tok2vec``: the embedding with its first layer folded in,
and the encoder computing only the rows its output depends on (:func:`prune_encoder`).

spaCy's ``MultiHashEmbed`` looks up each token's attributes (NORM, LEMMA, TAG, MORPH, SHAPE) in one
hash table apiece — four rows per attribute, summed — concatenates the five vectors and sends the result
through a maxout layer (``W·x + b``, then the largest of three pieces, then a layer norm). Up to the
maxout the whole path is linear, so ``W·x`` is the sum, over the twenty rows looked up, of that row
multiplied by its table's slice of ``W``. :func:`fold_embedding` makes those products once, when the
model loads (one table of pre-activations per attribute, 31,100 rows × 240 for the shipped model,
30 MB), and a token then costs twenty row additions instead of a 400 × 240 matrix product — five, in
fact: the four rows of each attribute value are summed once per batch, since characters, words and
tags recur.

Only the order of the float additions changes (differences near 1e-6); ``tests/test_fold.py``
checks the vectors against the unfolded layer and the entities against spaCy's own pipeline. The
folded layer predicts only: a pipeline being trained keeps spaCy's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from spacy.language import Language
from thinc.api import Model

__all__ = ["WindowLayer", "encoder_products", "encoder_weights", "float_layer", "fold_embedding", "prune_encoder",
           "window_layers"]

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
    weights = _pieces_first(maxout)
    if sum(t.get_param("E").shape[1] for t in tables) != n_in:
        return None
    # each table's products written straight into its block of one array (no stacking copy)
    pre = np.empty((sum(t.get_param("E").shape[0] for t in tables), n_out * n_pieces), dtype="float32")
    offsets, col, row = [], 0, 0
    for table in tables:
        rows = table.get_param("E")
        np.matmul(rows, weights[:, col:col + rows.shape[1]].T, out=pre[row:row + rows.shape[0]])
        offsets.append(row)
        col += rows.shape[1]
        row += rows.shape[0]
    bias = np.ascontiguousarray(maxout.get_param("b").T.reshape(n_out * n_pieces), dtype="float32")
    gain, shift = norm.get_param("G"), norm.get_param("b")
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
        # each attribute value's rows summed once per batch (a character, a word, a tag recur), then
        # five sums a token instead of twenty rows
        sums, index, base = [], [], 0
        for i, (seed, size, offset) in enumerate(zip(seeds, sizes, offsets)):
            values, where = np.unique(flat[:, i], return_inverse=True)
            keys = ops.hash(values, seed) % np.uint32(size) + np.uint32(offset)
            sums.append(_gather_sum(pre, keys))
            index.append(where.reshape(-1) + base)
            base += len(values)
        mixed = _gather_sum(np.concatenate(sums), np.stack(index, axis=1))
        mixed += bias
        return ops.unflatten(_layernorm(_block_max(mixed, n_out, n_pieces), gain, shift), lengths), None

    return Model("folded_embed", forward, dims={"nO": n_out}, ops=ops)


def prune_encoder(nlp: Language, products: Sequence[Callable[[np.ndarray], np.ndarray]] | None = None) -> bool:
    """Put a predict-only copy of the ``tok2vec`` component's ``MaxoutWindowEncoder`` in its place that
    computes only the rows the output depends on, and the same numbers for them (bit for bit on a batch
    of some hundred characters; BLAS may round a product of a handful of rows in another order).

    spaCy's encoder flattens a batch with ``window × depth`` zero rows around every document, so that
    no document sees its neighbour, and runs every layer over all of those rows: about a tenth of its
    work on this project's line-long documents. A row there matters to the output only within
    ``window × (depth - layer)`` rows of a character, and on the first layer a row whose whole window is
    padding holds the same vector as every other such row. The copy computes each layer on the rows it
    needs, copies that constant, and takes each maxout as the largest of three contiguous blocks (the
    weights' pieces regrouped at load). ``tests/test_fold.py`` checks its output against spaCy's.

    *products*, one a layer, compute that whole layer (:class:`WindowLayer`: window rows in, the
    characters' next rows out) in place of :func:`float_layer` (:mod:`kg.nlp.quantize` gives 8-bit ones).

    Returns whether it did: an encoder built otherwise is left as it is.
    """
    encoder = _encoder(nlp)
    pruned = _pruned(encoder, products) if encoder is not None else None
    if pruned is None:
        return False
    nlp.get_pipe("tok2vec").model.replace_node(encoder, pruned)
    return True


#: One layer of spaCy's MaxoutWindowEncoder.
_BLOCK = "residual(expand_window>>maxout>>layernorm>>dropout)"


class WindowLayer(NamedTuple):
    """One layer of a MaxoutWindowEncoder as the pruned encoder runs it: each row, the *window* rows on
    either side of a character and its own, end to end, becomes ``row[middle] + layernorm(maxout(row ·
    Wᵀ + b))`` (the residual stream's next value for the character)."""

    window: int
    weights: np.ndarray  # (pieces · nO, nI), pieces first
    bias: np.ndarray
    gain: np.ndarray
    shift: np.ndarray
    n_out: int
    n_pieces: int


def window_layers(nlp: Language) -> list[WindowLayer] | None:
    """The layers of the ``tok2vec`` component's ``MaxoutWindowEncoder``, or None for an encoder built
    otherwise (or already pruned)."""
    encoder = _encoder(nlp)
    return _layers(encoder) if encoder is not None else None


def encoder_weights(nlp: Language) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Each layer's ``(W, b)`` of the ``tok2vec`` component's ``MaxoutWindowEncoder`` as the pruned
    encoder multiplies them (``rows · Wᵀ + b``, pieces first), or None for an encoder built otherwise
    (or already pruned)."""
    layers = window_layers(nlp)
    return None if layers is None else [(layer.weights, layer.bias) for layer in layers]


def float_layer(layer: WindowLayer, gemm: Callable | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """*layer* in float32: window rows in, the characters' next rows out (:class:`WindowLayer`); the
    product by *gemm* (``gemm(rows, W, trans2=True)``, thinc's) or NumPy's."""
    middle = slice(layer.window * layer.n_out, (layer.window + 1) * layer.n_out)

    def run(rows: np.ndarray) -> np.ndarray:
        y = gemm(rows, layer.weights, trans2=True) if gemm is not None else rows @ layer.weights.T
        y += layer.bias
        return rows[:, middle] + _layernorm(_block_max(y, layer.n_out, layer.n_pieces), layer.gain, layer.shift)

    return run


def encoder_products(nlp: Language) -> str | None:
    """How the ``tok2vec`` component's window layers multiply: ``"float32"`` or ``"8-bit"`` once
    :func:`prune_encoder` put its copy in place, None for spaCy's own encoder (or none)."""
    encoder = _encoder(nlp)
    if encoder is None or "float32" not in encoder.attrs:
        return None
    return "float32" if encoder.attrs["float32"] else "8-bit"


def _encoder(nlp: Language) -> Model | None:
    if "tok2vec" not in nlp.pipe_names:
        return None
    tok2vec = nlp.get_pipe("tok2vec").model
    return tok2vec.layers[-1] if len(tok2vec.layers) == 2 else None


def _layers(encoder: Model) -> list[WindowLayer] | None:
    """The layers of a MaxoutWindowEncoder, or None."""
    if not encoder.name.startswith("with_array(residual(") or "pad" not in encoder.attrs:
        return None
    chain = encoder.layers[0]
    blocks = [chain] if chain.name == _BLOCK else chain.layers
    layers = []
    for block in blocks:
        if block.name != _BLOCK:
            return None
        window, rest = block.layers[0].layers
        maxout, norm = rest.layers[0].layers
        n_out, n_pieces, n_in = (maxout.get_dim(d) for d in ("nO", "nP", "nI"))
        w = window.attrs["window_size"]
        if n_in != n_out * (2 * w + 1):
            return None
        weights = _pieces_first(maxout)
        bias = np.ascontiguousarray(maxout.get_param("b").T.reshape(n_pieces * n_out))
        layers.append(WindowLayer(w, weights, bias, norm.get_param("G"), norm.get_param("b"), n_out, n_pieces))
    if not layers or len({layer.window for layer in layers}) != 1 or encoder.attrs["pad"] != layers[0].window * len(layers):
        return None
    return layers


def _pruned(encoder: Model, products: Sequence[Callable] | None = None) -> Model | None:
    layers = _layers(encoder)
    if layers is None or (products is not None and len(products) != len(layers)):
        return None
    ops = encoder.ops
    window, depth, pad, width = layers[0].window, len(layers), encoder.attrs["pad"], layers[0].n_out
    layer = list(products) if products is not None else [float_layer(each, ops.gemm) for each in layers]
    # the first layer's output where its whole window is padding (computed as one of a batch of such rows)
    blank = layer[0](np.zeros((8, width * (2 * window + 1)), dtype="float32"))[0]

    def forward(model: Model, xs, is_train: bool):
        if is_train:
            raise RuntimeError("the pruned encoder only predicts; train the pipeline spaCy built")
        lengths = [len(x) for x in xs]
        if not any(lengths):
            return [ops.alloc2f(0, width) for _ in xs], None
        h = np.ascontiguousarray(ops.flatten(xs, pad=pad))  # as spaCy lays a batch out: padding before, between, after
        starts, at = [], pad  # (an empty document takes no rows)
        for n in lengths:
            starts.append(at)
            at += n + pad if n else 0
        real = np.zeros(len(h), dtype=bool)
        for start, n in zip(starts, lengths):
            real[start:start + n] = True
        dist = _distance(real)
        for k in range(depth):
            need = dist <= window * (depth - 1 - k)
            blanks = need & (dist > window) if k == 0 else None
            if blanks is not None:
                need &= ~blanks
            out = h.copy()  # this layer reads its input (h) while it writes its output
            # runs of rows a document's padding apart are computed as one, the padding between them too (its
            # rows are read by no row the output depends on): ONNX Runtime's calls, not its rows, cost there
            for a, b in _runs(need, join=pad):
                for c in range(a, b, ROWS):
                    # rows c … of the window matrix, each the 2·window + 1 rows of h around it, read in place
                    out[c:min(b, c + ROWS)] = layer[k](_windows(h, c, min(b, c + ROWS), window))
            if blanks is not None:
                out[blanks] = blank  # the layer's output on a window of zeros
            h = out
        return [h[start:start + n] for start, n in zip(starts, lengths)], None

    return Model("pruned_encoder", forward, dims={"nO": width}, attrs={"float32": products is None}, ops=ops)


#: Rows a layer computes at a time: their window matrix (560 floats a row) stays in the core's cache.
ROWS = 1024


def _runs(mask: np.ndarray, join: int = 0) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each run of True in *mask*, runs at most *join* apart taken as one."""
    edges = np.flatnonzero(np.diff(np.concatenate(([False], mask, [False])).astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    if not len(starts):
        return []
    first = np.flatnonzero(np.concatenate(([True], starts[1:] - ends[:-1] > join)))  # runs that open a merged one
    last = np.append(first[1:] - 1, len(ends) - 1)
    return list(zip(starts[first].tolist(), ends[last].tolist()))


def _windows(h: np.ndarray, start: int, end: int, window: int) -> np.ndarray:
    """Rows *start* … *end* − 1 of ``seq2col(h, window)``: row *r* is rows ``r − window … r + window`` of
    *h* end to end, which in a C-ordered *h* is one stretch of memory, so the matrix is a view of *h*
    (every row asked for has *window* rows of *h* on either side: the padding)."""
    width = h.shape[1]
    flat = h.reshape(-1)
    view = np.lib.stride_tricks.as_strided(flat[(start - window) * width:], shape=(end - start, (2 * window + 1) * width),
                                           strides=(width * flat.itemsize, flat.itemsize), writeable=False)
    return np.ascontiguousarray(view)


def _gather_sum(table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``table[rows[:, 0]] + table[rows[:, 1]] + …``, added left to right as thinc's ``gather_add``
    adds them, in whole-array steps rather than a BLAS call per row."""
    out = table[rows[:, 0]]
    for k in range(1, rows.shape[1]):
        out += table[rows[:, k]]
    return out


def _pieces_first(maxout: Model) -> np.ndarray:
    """A maxout layer's weights as ``(pieces · nO, nI)`` rows, piece by piece: rows ``p·nO … (p+1)·nO - 1``
    are piece *p* of every output (thinc keeps each output's pieces together)."""
    n_out, n_pieces, n_in = (maxout.get_dim(d) for d in ("nO", "nP", "nI"))
    return np.ascontiguousarray(maxout.get_param("W").transpose(1, 0, 2).reshape(n_pieces * n_out, n_in))


def _block_max(y: np.ndarray, n_out: int, n_pieces: int) -> np.ndarray:
    """The maxout of pre-activations laid out pieces first: the largest of *n_pieces* blocks."""
    best = np.maximum(y[:, :n_out], y[:, n_out:2 * n_out]) if n_pieces > 1 else y[:, :n_out].copy()
    for p in range(2, n_pieces):
        np.maximum(best, y[:, p * n_out:(p + 1) * n_out], out=best)
    return best


def _layernorm(x: np.ndarray, gain: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """thinc's LayerNorm, the same float operations in the same order, without computing the mean
    twice and the difference from it twice (``tests/test_fold.py`` compares the bits)."""
    n = x.shape[1]
    mean = np.add.reduce(x, axis=1, keepdims=True)
    mean /= n
    out = x - mean
    var = np.add.reduce(out * out, axis=1, keepdims=True)
    var /= n
    var += 1e-08
    out *= var ** (-1.0 / 2.0)
    out *= gain
    out += shift
    return out


def _distance(real: np.ndarray) -> np.ndarray:
    """Each row's distance to the nearest *real* row (a large number where there is none)."""
    n = len(real)
    pos = np.arange(n)
    far = n + 1
    before = np.where(real, pos, -far)
    before = np.maximum.accumulate(before)
    after = np.where(real, pos, 2 * far + n)
    after = np.minimum.accumulate(after[::-1])[::-1]
    return np.minimum(pos - before, after - pos)
