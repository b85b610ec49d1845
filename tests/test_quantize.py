"""The shipped model's 8-bit window layers: made from its own weights by this code, close to the float32
products, independent of the batch, and left out (float32, with a warning) where they do not fit."""

from __future__ import annotations

import json
import logging
import shutil

import numpy as np
import pytest

from kg.nlp.fold import encoder_products, encoder_weights, float_layer, window_layers
from kg.nlp.pipeline import DEFAULT_MODEL, load_model
from kg.nlp.calibrate import calibrate
from kg.nlp.quantize import FOLDER, LAYOUT, load_products, weights_digest

pytestmark = pytest.mark.skipif(not (DEFAULT_MODEL / FOLDER / "meta.json").exists(), reason="no shipped 8-bit layers")

# written here: a company and its chairman, a province's department signing with a foreign firm, a
# project with brackets and a year, Latin letters and digits
SENTENCES = [
    "松岭碳汇科技有限公司董事长赵一鸣在临川县调研。",
    "湖西省生态环境厅与 Northwind Power 签署3.2亿元碳配额交易协议",
    "“青禾二期”风电项目（一期）于2025年投产",
    "甲",
]


@pytest.fixture(scope="module")
def meta():
    return json.loads((DEFAULT_MODEL / FOLDER / "meta.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pipelines():
    return load_model(DEFAULT_MODEL), load_model(DEFAULT_MODEL, int8=False)


def _encoder(nlp):
    return nlp.get_pipe("tok2vec").model.layers[-1]


def test_the_shipped_model_runs_its_window_layers_in_8_bits(pipelines):
    int8, float32 = pipelines
    assert _encoder(int8).name == _encoder(float32).name == "pruned_encoder"
    assert _encoder(int8).attrs["float32"] is False
    assert _encoder(float32).attrs["float32"] is True
    assert (encoder_products(int8), encoder_products(float32)) == ("8-bit", "float32")


def test_the_shipped_layers_are_this_codes_export_of_the_shipped_weights(meta):
    pytest.importorskip("onnx")
    from kg.nlp.calibrate import layer_file

    layers = window_layers(load_model(DEFAULT_MODEL, decoder=False))
    assert meta["weights_sha256"] == weights_digest([(layer.weights, layer.bias) for layer in layers])
    assert meta["layout"] == LAYOUT
    assert len(meta["layers"]) == len(layers) == len(meta["input_peaks"])
    for name, layer, peak in zip(meta["layers"], layers, meta["input_peaks"]):
        assert (DEFAULT_MODEL / FOLDER / name).read_bytes() == layer_file(layer, peak)


def test_each_8_bit_layer_is_its_float32_layer_but_for_the_products_rounding():
    # the whole layer runs in ONNX Runtime: product, maxout, layer norm and the residual row
    layers = window_layers(load_model(DEFAULT_MODEL, decoder=False))
    products = load_products(DEFAULT_MODEL, encoder_weights(load_model(DEFAULT_MODEL, decoder=False)))
    rng = np.random.default_rng(5)
    for layer, product in zip(layers, products):
        rows = rng.standard_normal((300, layer.weights.shape[1])).astype("float32")
        got, want = product(rows), float_layer(layer)(rows)
        assert got.shape == want.shape == (300, layer.n_out)
        middle = rows[:, layer.window * layer.n_out:(layer.window + 1) * layer.n_out]
        # the residual row is carried through exactly; the normalised part is close, and normalised
        assert np.linalg.norm((got - middle) - (want - middle)) <= 0.1 * np.linalg.norm(want - middle)
        np.testing.assert_allclose((got - middle - layer.shift) / layer.gain, (want - middle - layer.shift) / layer.gain,
                                   atol=0.5)
        assert not np.array_equal(got, want)


def test_layers_of_the_older_layout_are_left_out_with_a_warning(tmp_path, caplog):
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model)
    meta_path = model / FOLDER / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["layout"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    weights = encoder_weights(load_model(DEFAULT_MODEL, decoder=False))
    with caplog.at_level(logging.WARNING, logger="kg.nlp.quantize"):
        assert load_products(model, weights) is None
    assert "older layout" in caplog.text and "python -m kg.nlp.calibrate" in caplog.text


def test_8_bit_vectors_are_close_to_float32_and_give_the_same_entities(pipelines):
    int8, float32 = pipelines
    for text in SENTENCES:
        a, b = int8(text), float32(text)
        got, want = a.tensor, b.tensor
        assert got.shape == want.shape
        assert np.linalg.norm(got - want) <= 0.05 * np.linalg.norm(want)
        assert not np.array_equal(got, want)  # the products did change
        assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]


def test_a_characters_vector_does_not_depend_on_the_rest_of_the_batch(pipelines):
    int8, _ = pipelines
    # a batch with a long line of large activations beside a short one
    alone = [int8.get_pipe("tok2vec").predict([int8.make_doc(t)])[0] for t in SENTENCES]
    together = int8.get_pipe("tok2vec").predict([int8.make_doc(t) for t in SENTENCES])
    for a, t in zip(alone, together):
        assert np.array_equal(a, t)


def test_calibration_records_each_layers_largest_input(meta):
    peaks = calibrate(DEFAULT_MODEL, SENTENCES)
    assert len(peaks) == len(meta["input_peaks"])
    # a few sentences reach less than the whole train set did, and the inputs grow layer by layer
    # (each adds its output to a residual stream)
    assert all(0 < p <= q * 1.5 for p, q in zip(peaks, meta["input_peaks"]))
    assert peaks == sorted(peaks)
    # a maximum: one of the sentences alone reaches no more in any layer (up to float32 rounding: BLAS
    # rounds the products of a batch and of a sentence alone differently, by CPU)
    alone = calibrate(DEFAULT_MODEL, SENTENCES[:1])
    assert all(a <= b * (1 + 1e-5) for a, b in zip(alone, peaks))


def test_layers_made_from_other_weights_are_left_out_with_a_warning(tmp_path, caplog, pipelines):
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model)
    meta_path = model / FOLDER / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["weights_sha256"] = "0" * 64
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    weights = encoder_weights(load_model(DEFAULT_MODEL, decoder=False))
    with caplog.at_level(logging.WARNING, logger="kg.nlp.quantize"):
        assert load_products(model, weights) is None
    assert "made from other weights" in caplog.text and "python -m kg.nlp.calibrate" in caplog.text
    nlp = load_model(model)
    assert _encoder(nlp).attrs["float32"] is True
    _, float32 = pipelines
    text = SENTENCES[0]
    assert np.array_equal(nlp(text).tensor, float32(text).tensor)


def test_a_damaged_layer_is_left_out_with_a_warning(tmp_path, caplog):
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model)
    (model / FOLDER / "layer2.onnx").write_bytes(b"not a model")
    weights = encoder_weights(load_model(DEFAULT_MODEL, decoder=False))
    with caplog.at_level(logging.WARNING, logger="kg.nlp.quantize"):
        assert load_products(model, weights) is None
    assert "layer2.onnx: does not load" in caplog.text
    shutil.rmtree(model / FOLDER)
    assert load_products(model, weights) is None  # no 8-bit layers at all: float32, silently


def test_eval_ner_says_how_the_encoder_multiplied(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    dev = tmp_path / "dev.json"
    text = SENTENCES[0]
    dev.write_text(json.dumps({"text": text, "label": {"name": {"赵一鸣": [[13, 15]]}}}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    lines = {}
    for flags in ([], ["--float32"]):
        result = CliRunner().invoke(main, ["eval-ner", "--cluener", str(dev), *flags])
        assert result.exit_code == 0, result.output
        lines[bool(flags)] = next(l for l in result.output.splitlines() if l.startswith("encoder"))
        assert "name" in result.output
    assert "8-bit products" in lines[False]
    assert "float32 products" in lines[True]


def test_long_batches_are_multiplied_in_chunks_with_the_same_numbers(monkeypatch):
    import kg.nlp.quantize as quantize

    weights = encoder_weights(load_model(DEFAULT_MODEL, decoder=False))
    products = load_products(DEFAULT_MODEL, weights)
    rows = np.random.default_rng(3).standard_normal((2 * quantize.CHUNK + 5, weights[0][0].shape[1])).astype("float32")
    chunked = products[1](rows)
    monkeypatch.setattr(quantize, "CHUNK", 10 ** 9)
    whole = products[1](rows)
    assert chunked.shape == whole.shape == (len(rows), 80)
    assert np.array_equal(chunked, whole)


def test_the_export_command_writes_layers_the_pipeline_then_uses(tmp_path, capsys):
    pytest.importorskip("onnx")
    from kg.nlp.calibrate import main

    model = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model)
    shutil.rmtree(model / FOLDER)
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.json").write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in SENTENCES),
                                     encoding="utf-8")
    assert main(["--model", str(model), "--data", str(data)]) == 0
    assert "8-bit layers written" in capsys.readouterr().out
    meta = json.loads((model / FOLDER / "meta.json").read_text(encoding="utf-8"))
    assert meta["input_peaks"] == calibrate(DEFAULT_MODEL, SENTENCES)
    assert meta["calibration"] == "4 sentences of CLUENER2020 train.json"
    assert _encoder(load_model(model)).attrs["float32"] is False
    with pytest.raises(SystemExit, match="train.json not found"):
        main(["--model", str(model), "--data", str(tmp_path / "nowhere")])
