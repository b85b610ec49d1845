"""Measure the entity recogniser on public benchmarks.

* CLUENER2020 dev: exact-span micro P/R/F1 over the ten CLUENER types, per
  type, and over the six types zhkg uses (name, company, government,
  organization, position, address) — the statistical ``ner`` component alone.
* MSRA test: PER/LOC/ORG F1 without training on MSRA, for the statistical
  component (name→PER; address, scene→LOC; company, government,
  organization→ORG) and for the whole zhkg pipeline (rules and gazetteers on
  top: Person/Official→PER, Region→LOC, organisations→ORG).
* Speed: characters per second of the NER step on one thread, and the time
  to load the model.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.nlp.corpora import CLUENER_LABELS, Sentence, read_cluener, read_msra

__all__ = ["Scores", "score_spans", "eval_cluener", "eval_msra", "score_msra", "format_scores"]

SIX = ("name", "company", "government", "organization", "position", "address")
MSRA_FROM_CLUENER = {"name": "PER", "address": "LOC", "scene": "LOC",
                     "company": "ORG", "government": "ORG", "organization": "ORG"}
MSRA_FROM_ONTOLOGY = {"Person": "PER", "Official": "PER", "Region": "LOC",
                      "Enterprise": "ORG", "GovernmentBody": "ORG", "Organization": "ORG"}


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    chars: int = 0
    seconds: float = 0.0
    encoder: str = ""  # how the recogniser multiplied its encoder's window layers

    def prf(self, labels=None) -> tuple[float, float, float]:
        labels = labels or set(self.tp) | set(self.fp) | set(self.fn)
        tp = sum(self.tp[l] for l in labels)
        fp = sum(self.fp[l] for l in labels)
        fn = sum(self.fn[l] for l in labels)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_spans(gold: set, pred: set, scores: Scores) -> None:
    for s in pred & gold:
        scores.tp[s[2]] += 1
    for s in pred - gold:
        scores.fp[s[2]] += 1
    for s in gold - pred:
        scores.fn[s[2]] += 1


def _stat_nlp(model: str | Path | None, int8: bool = True):
    from kg.nlp import tokenizer as _t  # noqa: F401
    from kg.nlp.pipeline import DEFAULT_MODEL, load_model

    t0 = time.perf_counter()
    nlp = load_model(model or DEFAULT_MODEL, int8=int8)
    nlp("预热")  # jieba's dictionary and the lexicons load on first use: part of loading, not of the speed
    return nlp, time.perf_counter() - t0


def eval_cluener(path: str | Path, model: str | Path | None = None, int8: bool = True) -> tuple[Scores, float]:
    """Scores of the statistical recogniser on a CLUENER file, and its load time; with *int8* off, its
    encoder's products in float32 even where the model ships 8-bit ones (:mod:`kg.nlp.quantize`)."""
    nlp, load_s = _stat_nlp(model, int8)
    sents = list(read_cluener(path))
    scores = Scores(encoder=_products(nlp))
    t0 = time.perf_counter()
    docs = list(nlp.pipe(s.text for s in sents))
    scores.seconds = time.perf_counter() - t0
    for s, doc in zip(sents, docs):
        scores.chars += len(s.text)
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        score_spans(set(s.spans), pred, scores)
    return scores, load_s


def eval_msra(path: str | Path, model: str | Path | None = None, pipeline: bool = False,
              limit: int | None = None, int8: bool = True) -> Scores:
    """PER/LOC/ORG scores on MSRA test: the statistical component, or the whole pipeline."""
    sents: list[Sentence] = list(read_msra(path))[:limit]
    if pipeline:
        from kg.nlp.pipeline import load_pipeline

        nlp = load_pipeline(model or "default", int8=int8)
    else:
        nlp, _ = _stat_nlp(model, int8)
    return score_msra(sents, nlp, pipeline)


def score_msra(sents: list[Sentence], nlp, pipeline: bool) -> Scores:
    """PER/LOC/ORG scores of *nlp* on MSRA *sents*: the whole pipeline's ``kg_entities`` with *pipeline*,
    else the statistical component's ``doc.ents``."""
    from kg.nlp.components import span_meta  # spaCy's side of the stage, loaded with the pipeline
    from kg.nlp.rules import COUNTY_SHORT_FORM

    scores = Scores()
    t0 = time.perf_counter()
    for s, doc in zip(sents, nlp.pipe(s.text for s in sents)):
        scores.chars += len(s.text)
        if pipeline:
            # a county's two-character short form is a candidate the document's province confirms later
            # (kg.nlp.refine): a lone sentence has no province, so it stays a candidate and is not scored
            spans = [e for e in doc.spans["kg_entities"] if span_meta(e).source != COUNTY_SHORT_FORM]
            pred = {(e.start_char, e.end_char, MSRA_FROM_ONTOLOGY[e.label_]) for e in spans
                    if e.label_ in MSRA_FROM_ONTOLOGY}
        else:
            pred = {(e.start_char, e.end_char, MSRA_FROM_CLUENER[e.label_]) for e in doc.ents
                    if e.label_ in MSRA_FROM_CLUENER}
        score_spans(set(s.spans), pred, scores)
    scores.seconds = time.perf_counter() - t0
    return scores


def _products(nlp) -> str:
    """How *nlp* multiplies its encoder's window layers."""
    from kg.nlp.fold import encoder_products

    return {None: "spaCy's own layers", "float32": "float32 products",
            "8-bit": "8-bit products (onnxruntime, kg.nlp.quantize)"}[encoder_products(nlp)]


def format_scores(title: str, scores: Scores, labels: tuple[str, ...], groups: dict[str, tuple] | None = None) -> str:
    lines = [title, f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}"]
    for l in labels:
        p, r, f = scores.prf({l})
        lines.append(f"{l:14}{100 * p:7.1f}{100 * r:7.1f}{100 * f:7.1f}{scores.tp[l] + scores.fn[l]:7d}")
    for name, ls in (groups or {}).items():
        p, r, f = scores.prf(set(ls))
        lines.append(f"{name:14}{100 * p:7.1f}{100 * r:7.1f}{100 * f:7.1f}")
    if scores.seconds:
        lines.append(f"speed         {scores.chars / scores.seconds:,.0f} chars/s over {scores.chars:,} chars")
    return "\n".join(lines)


def report(cluener: str | Path | None, msra: str | Path | None, model=None, msra_limit=None, int8: bool = True) -> str:
    out = []
    if cluener:
        sc, load_s = eval_cluener(cluener, model, int8)
        out.append(format_scores(f"CLUENER2020 {Path(cluener).name} — statistical NER", sc, CLUENER_LABELS,
                                 {"micro (10)": CLUENER_LABELS, "micro (six)": SIX}))
        out.append(f"model load    {load_s:.2f} s\nencoder       {sc.encoder}")
    if msra:
        for pipe in (False, True):
            sc = eval_msra(msra, model, pipeline=pipe, limit=msra_limit, int8=int8)
            what = "zhkg pipeline (NER + rules + gazetteers)" if pipe else "statistical NER"
            out.append(format_scores(f"MSRA {Path(msra).name} — {what}", sc, ("PER", "LOC", "ORG"),
                                     {"micro": ("PER", "LOC", "ORG")}))
    return "\n\n".join(out)
