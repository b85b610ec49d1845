"""8-bit matrix products for the recogniser's encoder, run by ONNX Runtime.

The encoder's four window layers (``rows · Wᵀ + b``, 560 → 240 per character) are most of a build's
arithmetic: in float32 they run near this CPU's peak (about 90 GFLOP/s on one core), and spaCy and
thinc have no faster kernel. ONNX Runtime's ``MatMulIntegerToFloat`` multiplies 8-bit integers,
accumulates them exactly in 32 bits and scales the sums back to floats: 3.4–3.7 times as fast on the
encoder's shape (0.84–0.87 µs a row of 560 against 2.9–3.2 µs, one core here). CLUENER dev 69.6 where
float32 gives 69.5; the seed and realnews graphs are the same bytes. :func:`export` writes one such
layer per window layer into the model folder (``int8/``, 0.5 MB) and :func:`load_products` puts them
in the pruned encoder's place when the pipeline loads (:func:`kg.nlp.pipeline.load_model`).

How the numbers are made 8-bit:

* **weights** per output row: ``round(W / s)`` with ``s = max|W_row| / 63`` — 7 bits of magnitude, so
  that no pair of products overflows the 16-bit sums of CPUs without VNNI (``vpmaddubsw``): the
  integer sums are exact on every CPU;
* **inputs** with one fixed scale per layer, measured once on the CLUENER2020 train text
  (:func:`calibrate`: the largest magnitude any character's window reached), as unsigned bytes around
  128. A fixed scale makes each character's vector depend on its own window only, never on the other
  text in the batch, so a build gives the same bytes however documents are grouped.

Float32 stays where it is cheap: the embedding, the maxout, the layer norms and the recogniser's
transition model. ``meta.json`` beside the layers names the float weights they were made from (a
SHA-256); a model retrained or edited without re-exporting keeps its float32 products, with a warning.

    python -m kg.nlp.quantize --model kg/models/ner_zh --data ../shared/benchmarks/cluener2020

(``make train`` runs it after distilling). Exporting needs the ``onnx`` package (``pip install
zhkg[train]``); running needs only ``onnxruntime``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

__all__ = ["FOLDER", "calibrate", "export", "layer_model", "load_products", "weights_digest"]

log = logging.getLogger(__name__)

#: Where a model folder keeps its 8-bit layers.
FOLDER = "int8"
#: Magnitude levels of a weight: 7 bits (see the module doc).
WEIGHT_LEVELS = 63
#: Magnitude levels of an input, around the zero point 128.
INPUT_LEVELS = 127
_OPSET, _IR_VERSION = 13, 8  # what onnxruntime 1.20 and later all read


def weights_digest(weights: Sequence[tuple[np.ndarray, np.ndarray]]) -> str:
    """SHA-256 of the encoder's float weights and biases, in layer order."""
    h = hashlib.sha256()
    for w, b in weights:
        for a in (w, b):
            a = np.ascontiguousarray(a, dtype="<f4")
            h.update(repr(a.shape).encode())
            h.update(a.tobytes())
    return h.hexdigest()


def calibrate(model_dir: Path, texts: Iterable[str]) -> list[float]:
    """The largest input magnitude each encoder layer of the model at *model_dir* meets over *texts*,
    the pipeline run as a build runs it (folded embedding, pruned encoder) with float32 products that
    record the rows they are given."""
    from kg.nlp.fold import encoder_weights, fold_embedding, prune_encoder
    from kg.nlp.pipeline import load_model

    nlp = load_model(model_dir, decoder=False)
    weights = encoder_weights(nlp)
    if weights is None:
        raise ValueError(f"{model_dir}: the recogniser's encoder is not a MaxoutWindowEncoder; nothing to calibrate")
    peaks = [0.0] * len(weights)

    def recorder(k: int, w: np.ndarray, b: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        def product(rows: np.ndarray) -> np.ndarray:
            if len(rows):
                peaks[k] = max(peaks[k], float(np.abs(rows).max()))
            return rows @ w.T + b
        return product

    fold_embedding(nlp)
    prune_encoder(nlp, [recorder(k, w, b) for k, (w, b) in enumerate(weights)])
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return peaks


def layer_model(weights: np.ndarray, bias: np.ndarray, peak: float) -> bytes:
    """One layer as an ONNX model: float32 rows ``x`` (n × K) in, ``x · Wᵀ + b`` (n × M) out, the rows
    quantised with the fixed scale ``peak / 127`` and the weights per output row (module doc).
    The same arguments give the same bytes."""
    from onnx import TensorProto, helper, numpy_helper

    w = np.asarray(weights, dtype="float32")
    w_scale = (np.abs(w).max(axis=1) / WEIGHT_LEVELS).astype("float32")
    w_scale[w_scale == 0] = 1.0
    w_int = np.clip(np.round(w / w_scale[:, None]), -WEIGHT_LEVELS, WEIGHT_LEVELS).astype(np.int8)
    x_scale = np.float32(max(peak, 1e-6) / INPUT_LEVELS)
    n_out, n_in = w.shape
    init = [
        numpy_helper.from_array(np.array(x_scale, dtype="float32"), "x_scale"),
        numpy_helper.from_array(np.array(128, dtype=np.uint8), "x_zero"),
        numpy_helper.from_array(np.ascontiguousarray(w_int.T), "w"),
        numpy_helper.from_array(w_scale, "w_scale"),
        numpy_helper.from_array(np.asarray(bias, dtype="float32"), "b"),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zero"], ["x_int"]),
        helper.make_node("MatMulIntegerToFloat", ["x_int", "w", "x_scale", "w_scale", "x_zero", "", "b"], ["y"],
                         domain="com.microsoft"),
    ]
    graph = helper.make_graph(
        nodes, "window_layer",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", n_in])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", n_out])],
        initializer=init)
    model = helper.make_model(graph, producer_name="zhkg", ir_version=_IR_VERSION,
                              opset_imports=[helper.make_opsetid("", _OPSET), helper.make_opsetid("com.microsoft", 1)])
    return model.SerializeToString(deterministic=True)


def export(model_dir: Path, texts: Iterable[str], source: str = "") -> Path:
    """Calibrate the model at *model_dir* on *texts* and write its 8-bit layers into
    ``model_dir/int8`` (replacing any there); returns that folder."""
    from kg.nlp.fold import encoder_weights
    from kg.nlp.pipeline import load_model

    weights = encoder_weights(load_model(model_dir, decoder=False))
    if weights is None:
        raise ValueError(f"{model_dir}: the recogniser's encoder is not a MaxoutWindowEncoder; nothing to quantise")
    peaks = calibrate(model_dir, texts)
    folder = Path(model_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k, ((w, b), peak) in enumerate(zip(weights, peaks)):
        name = f"layer{k}.onnx"
        (folder / name).write_bytes(layer_model(w, b, peak))
        files.append(name)
    meta = {"weights_sha256": weights_digest(weights), "layers": files, "input_peaks": peaks,
            "weight_levels": WEIGHT_LEVELS, "input_levels": INPUT_LEVELS, "calibration": source}
    (folder / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def load_products(model_dir: Path, weights: Sequence[tuple[np.ndarray, np.ndarray]] | None
                  ) -> list[Callable[[np.ndarray], np.ndarray]] | None:
    """The 8-bit products of the model at *model_dir* for :func:`kg.nlp.fold.prune_encoder`, or None
    (float32 products) where it has none, they were made from other weights than *weights*, or
    onnxruntime cannot run them."""
    folder = Path(model_dir) / FOLDER
    meta_path = folder / "meta.json"
    if weights is None or not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable (%s); the encoder runs in float32. Re-export with "
                    "`python -m kg.nlp.quantize --model %s`", meta_path, exc, model_dir)
        return None
    if meta.get("weights_sha256") != weights_digest(weights) or len(meta.get("layers", ())) != len(weights):
        log.warning("%s: the 8-bit layers were made from other weights than the model's; the encoder runs in "
                    "float32. Re-export with `python -m kg.nlp.quantize --model %s`", folder, model_dir)
        return None
    try:
        import onnxruntime as ort
    except ImportError:
        log.warning("onnxruntime is not installed; the encoder runs in float32 (pip install onnxruntime)")
        return None
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # one core a process: --jobs N runs N processes
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    products = []
    for name in meta["layers"]:
        try:
            session = ort.InferenceSession(str(folder / name), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own kinds
            log.warning("%s: does not load (%s); the encoder runs in float32", folder / name, exc)
            return None
        products.append(_runner(session))
    return products


#: Rows multiplied at a time: their 8-bit copy stays in the core's cache (measured on one core here:
#: 0.84-0.87 µs a row from 400 to 1,500 rows, 1.03 µs at 3,000, 1.12 µs at 20,000).
CHUNK = 1024


def _runner(session) -> Callable[[np.ndarray], np.ndarray]:
    run = session.run

    def product(rows: np.ndarray) -> np.ndarray:
        rows = np.ascontiguousarray(rows, dtype="float32")
        if len(rows) <= 2 * CHUNK:
            return run(None, {"x": rows})[0]
        return np.concatenate([run(None, {"x": rows[i:i + CHUNK]})[0] for i in range(0, len(rows), CHUNK)])

    return product


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="the trained pipeline folder (kg/models/ner_zh)")
    ap.add_argument("--data", type=Path, default=Path("../shared/benchmarks/cluener2020"),
                    help="folder with CLUENER2020 train.json, whose text calibrates the input scales")
    a = ap.parse_args(argv)
    train = a.data / "train.json"
    if not train.exists():
        raise SystemExit(f"error: {train} not found; pass --data DIR holding CLUENER2020 train.json")
    if not (a.model / "meta.json").exists():
        raise SystemExit(f"error: {a.model} is not a trained pipeline (no meta.json); pass --model DIR")
    from kg.nlp.corpora import read_cluener

    texts = [s.text for s in read_cluener(train)]
    folder = export(a.model, texts, source=f"{len(texts):,} sentences of CLUENER2020 train.json")
    print(f"8-bit layers written to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
