"""8-bit window layers for the recogniser's encoder, run by ONNX Runtime.

The encoder's four window layers (``rows · Wᵀ + b``, 560 → 240 per character, then the maxout of three
pieces, a layer norm and the residual row) are most of a build's arithmetic: in float32 the products run
near this CPU's peak (about 90 GFLOP/s on one core), and spaCy and thinc have no faster kernel. ONNX
Runtime's ``MatMulIntegerToFloat`` multiplies 8-bit integers, accumulates them exactly in 32 bits and
scales the sums back to floats: 3.4–3.7 times as fast on the encoder's shape (0.84–0.87 µs a row of 560
against 2.9–3.2 µs, one core here). CLUENER dev 69.6 where float32 gives 69.5; the seed and realnews
graphs are the same bytes. Each layer file holds the whole layer — product, maxout, layer norm and
residual in ONNX Runtime's kernels, one call a block of rows — where NumPy's passes over the maxout and
the norm took a sixth of the encoder's time. :func:`kg.nlp.calibrate.export` writes one such layer
(:func:`layer_model`) per window layer into the model folder (``int8/``, 0.5 MB) and
:func:`load_products` puts them in the pruned encoder's place when the pipeline loads
(:func:`kg.nlp.pipeline.load_model`). This module is what loading needs; it imports no pipeline.

How the numbers are made 8-bit:

* **weights** per output row: ``round(W / s)`` with ``s = max|W_row| / 63`` — 7 bits of magnitude, so
  that no pair of products overflows the 16-bit sums of CPUs without VNNI (``vpmaddubsw``): the
  integer sums are exact on every CPU;
* **inputs** with one fixed scale per layer, measured once on the CLUENER2020 train text
  (:func:`kg.nlp.calibrate.calibrate`: the largest magnitude any character's window reached), as unsigned bytes around
  128. A fixed scale makes each character's vector depend on its own window only, never on the other
  text in the batch, so a build gives the same bytes however documents are grouped.

Float32 stays where it is cheap: the embedding and the recogniser's transition model. ``meta.json`` beside the layers names the float weights they were made from (a
SHA-256); a model retrained or edited without re-exporting keeps its float32 products, with a warning.

    python -m kg.nlp.calibrate --model kg/models/ner_zh --data ../shared/benchmarks/cluener2020

(``make train`` runs it after distilling). Exporting needs the ``onnx`` package (``pip install
zhkg[train]``); running needs only ``onnxruntime``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

__all__ = ["FOLDER", "INPUT_LEVELS", "LAYOUT", "WEIGHT_LEVELS", "layer_model", "load_products", "weights_digest"]

log = logging.getLogger(__name__)

#: Where a model folder keeps its 8-bit layers.
FOLDER = "int8"
#: Magnitude levels of a weight: 7 bits (see the module doc).
WEIGHT_LEVELS = 63
#: Magnitude levels of an input, around the zero point 128.
INPUT_LEVELS = 127
_OPSET, _IR_VERSION = 17, 8  # what onnxruntime 1.20 and later all read (17: LayerNormalization)
#: What a layer file computes, as ``meta.json`` records it: the whole window layer. Layers without it
#: (exported when they computed the product only) are left out, with a warning to export them again.
LAYOUT = "window-layer"


def weights_digest(weights: Sequence[tuple[np.ndarray, np.ndarray]]) -> str:
    """SHA-256 of the encoder's float weights and biases, in layer order."""
    h = hashlib.sha256()
    for w, b in weights:
        for a in (w, b):
            a = np.ascontiguousarray(a, dtype="<f4")
            h.update(repr(a.shape).encode())
            h.update(a.tobytes())
    return h.hexdigest()


def layer_model(weights: np.ndarray, bias: np.ndarray, peak: float, gain: np.ndarray, shift: np.ndarray,
                n_pieces: int, window: int) -> bytes:
    """One window layer as an ONNX model: float32 rows ``x`` (n × K, each the windows of 2·*window* + 1
    characters end to end) in, each character's next row out (n × nO): ``x[middle] + layernorm(maxout(x
    · Wᵀ + b))`` (:class:`kg.nlp.fold.WindowLayer`), the product in 8 bits — the rows quantised with the
    fixed scale ``peak / 127``, the weights per output row (module doc) — and the rest in float32, in
    ONNX Runtime's kernels. The same arguments give the same bytes."""
    from onnx import TensorProto, helper, numpy_helper

    w = np.asarray(weights, dtype="float32")
    w_scale = (np.abs(w).max(axis=1) / WEIGHT_LEVELS).astype("float32")
    w_scale[w_scale == 0] = 1.0
    w_int = np.clip(np.round(w / w_scale[:, None]), -WEIGHT_LEVELS, WEIGHT_LEVELS).astype(np.int8)
    x_scale = np.float32(max(peak, 1e-6) / INPUT_LEVELS)
    n_rows, n_in = w.shape
    n_out = n_rows // n_pieces
    init = [
        numpy_helper.from_array(np.array(x_scale, dtype="float32"), "x_scale"),
        numpy_helper.from_array(np.array(128, dtype=np.uint8), "x_zero"),
        numpy_helper.from_array(np.ascontiguousarray(w_int.T), "w"),
        numpy_helper.from_array(w_scale, "w_scale"),
        numpy_helper.from_array(np.asarray(bias, dtype="float32"), "b"),
        numpy_helper.from_array(np.array([-1, n_pieces, n_out], dtype=np.int64), "pieces"),
        numpy_helper.from_array(np.asarray(gain, dtype="float32"), "gain"),
        numpy_helper.from_array(np.asarray(shift, dtype="float32"), "shift"),
        numpy_helper.from_array(np.array([window * n_out], dtype=np.int64), "middle_start"),
        numpy_helper.from_array(np.array([(window + 1) * n_out], dtype=np.int64), "middle_end"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "columns"),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zero"], ["x_int"]),
        helper.make_node("MatMulIntegerToFloat", ["x_int", "w", "x_scale", "w_scale", "x_zero", "", "b"], ["y"],
                         domain="com.microsoft"),
        helper.make_node("Reshape", ["y", "pieces"], ["by_piece"]),  # pieces first: (n, pieces, nO)
        helper.make_node("ReduceMax", ["by_piece"], ["best"], axes=[1], keepdims=0),
        helper.make_node("LayerNormalization", ["best", "gain", "shift"], ["normed"], axis=-1, epsilon=1e-8),
        helper.make_node("Slice", ["x", "middle_start", "middle_end", "columns"], ["middle"]),
        helper.make_node("Add", ["middle", "normed"], ["out"]),
    ]
    graph = helper.make_graph(
        nodes, "window_layer",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", n_in])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["n", n_out])],
        initializer=init)
    model = helper.make_model(graph, producer_name="zhkg", ir_version=_IR_VERSION,
                              opset_imports=[helper.make_opsetid("", _OPSET), helper.make_opsetid("com.microsoft", 1)])
    return model.SerializeToString(deterministic=True)


def load_products(model_dir: Path, weights: Sequence[tuple[np.ndarray, np.ndarray]] | None
                  ) -> list[Callable[[np.ndarray], np.ndarray]] | None:
    """The 8-bit window layers of the model at *model_dir* for :func:`kg.nlp.fold.prune_encoder` (window
    rows in, the characters' next rows out), or None (float32 layers) where it has none, they are of
    another layout or were made from other weights than *weights*, or onnxruntime cannot run them."""
    folder = Path(model_dir) / FOLDER
    meta_path = folder / "meta.json"
    if weights is None or not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable (%s); the encoder runs in float32. Re-export with "
                    "`python -m kg.nlp.calibrate --model %s`", meta_path, exc, model_dir)
        return None
    if meta.get("layout") != LAYOUT:
        log.warning("%s: the 8-bit layers are of an older layout; the encoder runs in float32. Re-export with "
                    "`python -m kg.nlp.calibrate --model %s`", folder, model_dir)
        return None
    if meta.get("weights_sha256") != weights_digest(weights) or len(meta.get("layers", ())) != len(weights):
        log.warning("%s: the 8-bit layers were made from other weights than the model's; the encoder runs in "
                    "float32. Re-export with `python -m kg.nlp.calibrate --model %s`", folder, model_dir)
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
