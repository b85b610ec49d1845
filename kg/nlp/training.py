"""Train the project's Chinese entity recogniser on CLUENER2020.

    python -m kg.nlp.training --data ../shared/benchmarks/cluener2020 --out build/ner_teacher

The result is the teacher the shipped model is distilled from (:mod:`kg.nlp.distil`; `make train` runs both).
The CLUENER train split is divided deterministically: every 20th sentence is
held out for checkpoint selection, the rest is trained on. The dev split is
never seen during training; it is only used by ``kg eval-ner``.
The data stays outside the repository; only the trained pipeline is kept.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans

from kg.nlp import tokenizer as _tokenizer  # noqa: F401  (registers kg.char_word_tokenizer.v1)
from kg.nlp.corpora import read_cluener
from kg.nlp.pipeline import cpu_backend

CONFIG = Path(__file__).with_name("ner.cfg")
DEFAULT_DATA = Path("../shared/benchmarks/cluener2020")


def split_train(data_dir: Path, holdout_every: int = 20) -> tuple[list, list]:
    """CLUENER ``train.json`` as (trained-on, held-out) sentences: every *holdout_every*-th is held out."""
    train, held = [], []
    for i, sent in enumerate(read_cluener(data_dir / "train.json")):
        (held if i % holdout_every == holdout_every - 1 else train).append(sent)
    return train, held


def build_docbins(data_dir: Path, work: Path, holdout_every: int = 20) -> tuple[Path, Path]:
    """Write train/held-out DocBins of CLUENER ``train.json`` under *work*."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.char_word_tokenizer.v1"}}})
    train, held = DocBin(store_user_data=False), DocBin(store_user_data=False)
    for sents, bin_ in zip(split_train(data_dir, holdout_every), (train, held)):
        for sent in sents:
            doc = nlp.make_doc(sent.text)
            # A handful of CLUENER records label overlapping spans; keep the longest.
            doc.ents = filter_spans([doc.char_span(s, e, label=l) for s, e, l in sent.spans])
            bin_.add(doc)
    paths = work / "train.spacy", work / "held.spacy"
    train.to_disk(paths[0])
    held.to_disk(paths[1])
    return paths


def _spacy_train(config: Path, out: Path, overrides: dict) -> None:
    """``spacy train`` on CPU, with the backend the model is later loaded with."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop

    out.mkdir(parents=True, exist_ok=True)
    with cpu_backend():
        nlp = init_nlp(spacy.util.load_config(config, overrides=overrides, interpolate=False), use_gpu=-1)
        train_loop(nlp, out, use_gpu=-1, stdout=sys.stdout, stderr=sys.stderr)


def train(data_dir: Path, out: Path, overrides: dict | None = None, config: Path = CONFIG) -> Path:

    if not (data_dir / "train.json").exists():
        raise SystemExit(f"error: {data_dir / 'train.json'} not found; pass --data DIR holding CLUENER2020 train.json")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        train_path, held_path = build_docbins(data_dir, tmp)
        opts = {"paths.train": str(train_path), "paths.dev": str(held_path)}
        opts.update(overrides or {})
        _spacy_train(config, tmp / "out", opts)
        best = tmp / "out" / "model-best"
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding CLUENER2020 train.json")
    ap.add_argument("--out", type=Path, default=Path("build/ner_teacher"),
                    help="where the trained pipeline goes (the shipped model is distilled from it: kg.nlp.distil)")
    ap.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="spaCy config override, e.g. --set training.max_steps=2000")
    a = ap.parse_args(argv)
    overrides = {}
    for kv in a.set:
        k, _, v = kv.partition("=")
        try:  # numbers, lists and booleans as JSON, like spaCy's own --key value overrides
            overrides[k] = json.loads(v)
        except json.JSONDecodeError:
            overrides[k] = v
    train(a.data, a.out, overrides, a.config)
    print(f"model written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
