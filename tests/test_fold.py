"""The folded embedding gives the vectors spaCy's MultiHashEmbed gives, from the same weights; the pruned
encoder gives the numbers spaCy's MaxoutWindowEncoder gives."""

from __future__ import annotations

import numpy as np
import pytest

from kg.nlp.fold import ROWS, encoder_products, fold_embedding, prune_encoder
from kg.nlp.pipeline import DEFAULT_MODEL, load_model, load_pipeline

pytestmark = pytest.mark.skipif(not (DEFAULT_MODEL / "meta.json").exists(), reason="no shipped model")

# written here: names, posts, numbers, Latin letters, spaces, a one-character line and an empty one
SENTENCES = [
    "松岭碳汇科技有限公司董事长赵一鸣在临川县调研。",
    "湖西省生态环境厅与 Northwind Power 签署3.2亿元碳配额交易协议",
    "甲",
    "",
    "　 ",
    "“青禾二期”风电项目（一期）于2025年投产",
]


@pytest.fixture(scope="module")
def spacys():
    return load_model(DEFAULT_MODEL, decoder=False)


def _embed(nlp):
    return nlp.get_pipe("tok2vec").model.layers[0]


def _encoder(nlp):
    return nlp.get_pipe("tok2vec").model.layers[-1]


def test_the_shipped_model_is_folded_on_load(spacys):
    ours = load_model(DEFAULT_MODEL)
    assert _embed(ours).name == "folded_embed"
    assert _embed(spacys).name.startswith("extract_features>>")
    assert _encoder(ours).name == "pruned_encoder"
    assert _encoder(spacys).name.startswith("with_array(residual(")
    assert encoder_products(spacys) is None  # spaCy's own encoder


def test_same_vectors_as_the_unfolded_embedding(spacys):
    folded = load_model(DEFAULT_MODEL, decoder=False)
    assert fold_embedding(folded)
    docs = [spacys.make_doc(s) for s in SENTENCES]
    want = _embed(spacys).predict(docs)
    got = _embed(folded).predict(docs)
    assert [g.shape for g in got] == [w.shape for w in want]
    assert sum(len(w) for w in want) > 50  # the check below compares something
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=0, atol=1e-4)
    # and the encoder over them: the component's output, document by document
    whole = [folded.get_pipe("tok2vec").model.predict([d]) for d in docs]
    for g, w in zip(whole, [spacys.get_pipe("tok2vec").model.predict([d]) for d in docs]):
        np.testing.assert_allclose(g[0], w[0], rtol=0, atol=1e-4)


def test_the_folded_layer_refuses_to_train(spacys):
    folded = load_model(DEFAULT_MODEL, decoder=False)
    fold_embedding(folded)
    with pytest.raises(RuntimeError, match="only predicts"):
        _embed(folded).begin_update([folded.make_doc(SENTENCES[0])])


def test_pipelines_without_that_embedding_are_left_alone():
    rules = load_pipeline(None)
    assert not fold_embedding(rules)
    twice = load_model(DEFAULT_MODEL)  # already folded: the second fold finds no MultiHashEmbed
    assert not fold_embedding(twice)
    assert _embed(twice).name == "folded_embed"


# a document longer than two blocks of rows (the pruned encoder computes a layer ROWS rows at a time, reading
# each block's windows from the layer's input in place) beside short and empty ones
LONG = [SENTENCES[0], "".join(SENTENCES) * (2 * ROWS // len("".join(SENTENCES)) + 1), "", SENTENCES[1]]


@pytest.mark.parametrize("batch", [SENTENCES, SENTENCES[:1], ["", "甲"], ["乙", ""], ["", ""], LONG])
def test_the_pruned_encoder_gives_spacys_numbers(spacys, batch):
    pruned = load_model(DEFAULT_MODEL, decoder=False)
    assert prune_encoder(pruned)
    vectors = _embed(spacys).predict([spacys.make_doc(s) for s in batch])
    want = _encoder(spacys).predict(vectors)
    got = _encoder(pruned).predict(vectors)
    assert [g.shape for g in got] == [w.shape for w in want]
    for g, w in zip(got, want):
        # the same products of the same rows, compared with a tolerance: BLAS picks its kernel by the CPU
        # (AVX2, AVX-512) and by the batch's shape, and kernels round a float32 product differently
        np.testing.assert_allclose(g, w, rtol=0, atol=1e-5)


def test_the_pruned_encoder_refuses_to_train_and_leaves_other_encoders():
    pruned = load_model(DEFAULT_MODEL, decoder=False)
    prune_encoder(pruned)
    with pytest.raises(RuntimeError, match="only predicts"):
        _encoder(pruned).begin_update([np.zeros((3, 80), dtype="float32")])
    assert not prune_encoder(pruned)  # already pruned
    assert not prune_encoder(load_pipeline(None))  # no tok2vec at all


def test_the_layer_norm_is_thincs_to_the_bit():
    from thinc.api import LayerNorm

    from kg.nlp.fold import _layernorm

    rng = np.random.default_rng(7)
    x = (rng.standard_normal((257, 80)) * 3 + 1).astype("float32")
    norm = LayerNorm(nI=80)
    norm.initialize(X=x)
    norm.set_param("G", rng.standard_normal(80).astype("float32"))
    norm.set_param("b", rng.standard_normal(80).astype("float32"))
    assert np.array_equal(_layernorm(x, norm.get_param("G"), norm.get_param("b")), norm.predict(x))

