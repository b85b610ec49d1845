"""Making the 8-bit layers of :mod:`kg.nlp.quantize`: the input scales measured on a corpus
(:func:`calibrate`), then one ONNX layer per window layer written into the model folder (:func:`export`).

    python -m kg.nlp.calibrate --model kg/models/ner_zh --data ../shared/benchmarks/cluener2020

(``make train`` runs it after distilling; it needs the ``onnx`` package: ``pip install zhkg[train]``.)
This is the training side: it loads the pipeline (:mod:`kg.nlp.pipeline`), which loads the layers through
:mod:`kg.nlp.quantize`; nothing imports this module back.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from kg.nlp.fold import WindowLayer, float_layer, fold_embedding, prune_encoder, window_layers
from kg.nlp.pipeline import load_model
from kg.nlp.quantize import FOLDER, INPUT_LEVELS, LAYOUT, WEIGHT_LEVELS, layer_model, weights_digest

__all__ = ["calibrate", "export", "layer_file", "main"]


def calibrate(model_dir: Path, texts: Iterable[str]) -> list[float]:
    """The largest input magnitude each encoder layer of the model at *model_dir* meets over *texts*,
    the pipeline run as a build runs it (folded embedding, pruned encoder) with float32 layers that
    record the rows they are given."""
    nlp = load_model(model_dir, decoder=False)
    layers = window_layers(nlp)
    if layers is None:
        raise ValueError(f"{model_dir}: the recogniser's encoder is not a MaxoutWindowEncoder; nothing to calibrate")
    peaks = [0.0] * len(layers)

    def recorder(k: int, layer: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
        def run(rows: np.ndarray) -> np.ndarray:
            if len(rows):
                peaks[k] = max(peaks[k], float(np.abs(rows).max()))
            return layer(rows)
        return run

    fold_embedding(nlp)
    prune_encoder(nlp, [recorder(k, float_layer(layer)) for k, layer in enumerate(layers)])
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return peaks


def export(model_dir: Path, texts: Iterable[str], source: str = "") -> Path:
    """Calibrate the model at *model_dir* on *texts* and write its 8-bit layers into
    ``model_dir/int8`` (replacing any there); returns that folder."""
    layers = window_layers(load_model(model_dir, decoder=False))
    if layers is None:
        raise ValueError(f"{model_dir}: the recogniser's encoder is not a MaxoutWindowEncoder; nothing to quantise")
    peaks = calibrate(model_dir, texts)
    folder = Path(model_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k, (layer, peak) in enumerate(zip(layers, peaks)):
        name = f"layer{k}.onnx"
        (folder / name).write_bytes(layer_file(layer, peak))
        files.append(name)
    meta = {"weights_sha256": weights_digest([(layer.weights, layer.bias) for layer in layers]), "layout": LAYOUT,
            "layers": files, "input_peaks": peaks, "weight_levels": WEIGHT_LEVELS, "input_levels": INPUT_LEVELS,
            "calibration": source}
    (folder / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def layer_file(layer: WindowLayer, peak: float) -> bytes:
    """The ONNX model of one window layer (:func:`kg.nlp.quantize.layer_model`)."""
    return layer_model(layer.weights, layer.bias, peak, layer.gain, layer.shift, layer.n_pieces, layer.window)


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
