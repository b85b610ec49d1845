"""Distil the entity recogniser into a narrower encoder that keeps the trained recogniser's decisions.

    python -m kg.nlp.training --out build/ner_teacher          # the 128-wide teacher
    python -m kg.nlp.distil --teacher build/ner_teacher --out kg/models/ner_zh

The shipped model is such a student (``make train`` runs both steps): 80 wide, 30 passes, 800 label steps,
CLUENER dev 69.5 micro F1 at 14,072 chars/s, against its teacher's 69.2 at 9,852 chars/s; 13 MB against
23 MB. On the seeds it scores as the teacher does (entities .887, relations .917), on realnews entities
.913 (teacher .910) and relations .900 (the same).

Narrower students, 64 wide (800 label steps each), stayed under the teacher on dev by a chance amount:

* ``--target head`` (the default), 30 passes: held-out 68.1, CLUENER dev 68.3 at 13,241 chars/s;
* ``--target tok2vec``, 20 passes: held-out 67.0, dev 68.5 (an earlier run of the same command: 69.3).

Cheaper encoders 80 wide (``--window-size``, ``--depth``, ``--maxout-pieces``; the shipped ones are 3, 4,
3), each 30 passes and 800 label steps from the same teacher, all lost on dev. Times are on
``benchmarks/speed_bench.py``'s 200-file corpus, one BLAS thread: the encoder alone (best of two, all
models in one run), and ``kg build --jobs 1 --no-cache --no-html --model DIR`` (best of two, in one
run with jieba posseg's best of two, which took 5.88 s):

=====================  ========  ===========  =======  ================
window, depth, pieces  held-out  CLUENER dev  encoder  build, × posseg
=====================  ========  ===========  =======  ================
3, 4, 3 (shipped)      67.9      69.5         6.58 s   14.97 s, 0.39
3, 4, 2                67.7      68.7         5.01 s   14.40 s, 0.41
2, 4, 3                67.4      68.2         5.02 s
2, 3, 2                67.5      68.2         3.20 s   11.39 s, 0.52
1, 4, 2                67.3      68.0
=====================  ========  ===========  =======  ================

Only the cheapest brings the whole build to half of jieba's tagger's speed, and it loses 1.3 points.

The teacher reads 128-wide character vectors from a four-layer CNN
(``tok2vec``); that CNN is most of a build's time. Trained from scratch, a
64-wide CNN loses about two points on CLUENER dev. Here it is trained instead to
*reproduce the teacher's vectors* on the CLUENER train sentences (mean squared
error through a learned projection), so it inherits what the teacher
learnt rather than relearning it from the labels alone:

1. the teacher's ``tok2vec`` vectors of every train sentence are computed once;
2. the student (spaCy's own ``Tok2Vec.v2`` architecture, same features, narrower)
   plus a linear projection is fitted to them — or, with ``--target head``, to what
   the first layer of the teacher's ``ner`` makes of them (96 wide), so that error in
   directions the recogniser ignores costs nothing;
3. the projection is folded into that first layer (a linear map of a linear map is
   one linear map), or with ``head`` replaces it, so the result is a plain spaCy
   pipeline whose config differs from the teacher's only in the width;
4. optionally (``--finetune-steps``) the whole pipeline is then trained on the
   CLUENER labels for a few epochs at a lower rate.

As in :mod:`kg.nlp.training`, every 20th train sentence is held out to report
progress; CLUENER dev is never seen.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import spacy
from spacy.training import Example
from spacy.util import filter_spans, minibatch
from thinc.api import Adam, Linear, chain, with_array

from kg.nlp.pipeline import cpu_backend, load_model
from kg.nlp.training import split_train

ENCODE = "components.tok2vec.model.encode."
WIDTH_KEY = ENCODE + "width"
#: The student's encoder width, the shipped model's (the teacher's, in ``ner.cfg``, is 128).
WIDTH = 80
#: The student's encoder shape besides its width, the shipped model's (the teacher's is window 3, depth 4,
#: maxout pieces 3): characters seen on each side per layer, layers, and pieces of each maxout unit.
SHAPE = {"window_size": 3, "depth": 4, "maxout_pieces": 3}


def student_overrides(width: int = WIDTH, **shape: int) -> dict[str, int]:
    """Config overrides turning the teacher's config into the student's: *width* and the :data:`SHAPE` keys."""
    unknown = set(shape) - set(SHAPE)
    if unknown:
        raise ValueError(f"unknown encoder settings {sorted(unknown)}; expected {sorted(SHAPE)}")
    return {WIDTH_KEY: width, **{ENCODE + k: shape.get(k, v) for k, v in SHAPE.items()}}


def _examples(nlp, sentences) -> list[Example]:
    out = []
    for sent in sentences:
        doc = nlp.make_doc(sent.text)
        ref = nlp.make_doc(sent.text)
        ref.ents = filter_spans([sp for s, e, lab in sent.spans if (sp := ref.char_span(s, e, label=lab))])
        out.append(Example(doc, ref))
    return out


def _student_nlp(teacher_dir: Path, overrides: dict[str, int]):
    """A pipeline built from the teacher's config with the student's encoder (*overrides*), not yet trained."""
    config = spacy.util.load_config(teacher_dir / "config.cfg", overrides=overrides, interpolate=False)
    return spacy.util.load_model_from_config(config, auto_fill=False, validate=True)


def fold(first: Linear, project: Linear) -> Linear:
    """One linear layer computing ``first(project(x))``: ``W(Px + c) + b = (WP)x + (Wc + b)``."""
    W, b = first.get_param("W"), first.get_param("b")
    P, c = project.get_param("W"), project.get_param("b")
    folded = Linear(W.shape[0], P.shape[1])
    folded.initialize()
    folded.set_param("W", (W @ P).astype("float32"))
    folded.set_param("b", (W @ c + b).astype("float32"))
    folded.name = first.name
    return folded


def distil(data_dir: Path, teacher_dir: Path, out: Path, width: int = WIDTH, epochs: int = 30,
           finetune_steps: int = 0, seed: int = 0, limit: int = 0, target: str = "head", log=print,
           **shape: int) -> Path:
    """Fit a *width*-wide encoder (of *shape*, see :data:`SHAPE`) to the teacher and write the assembled
    pipeline to *out*.

    *target* ``"tok2vec"`` fits the teacher's encoder vectors and folds the projection into the
    recogniser's first layer; ``"head"`` fits that first layer's output (what the recogniser reads),
    and the projection replaces the layer, so error in directions the recogniser ignores costs nothing.
    """
    random.seed(seed)
    np.random.seed(seed)
    with cpu_backend():
        teacher = load_model(teacher_dir, decoder=False)
        train, held = split_train(data_dir)
        if limit:
            train, held = train[:limit], held[:max(1, limit // 20)]
        docs = [teacher.make_doc(s.text) for s in train]
        t_tok2vec = teacher.get_pipe("tok2vec").model
        ner = teacher.get_pipe("ner")
        head = ner.model.get_ref("tok2vec")  # listener >> list2array >> linear
        first = head.layers[-1]

        def teach(batch):
            vecs = [np.asarray(v) for v in t_tok2vec.predict(batch)]
            return vecs if target == "tok2vec" else [np.asarray(first.predict(v)) for v in vecs]

        targets = []
        for batch in minibatch(docs, 256):
            targets += teach(batch)
        t_width = targets[0].shape[1]
        log(f"teacher {target} vectors: {sum(len(d) for d in docs):,} characters, width {t_width}")

        student_nlp = _student_nlp(teacher_dir, student_overrides(width, **shape))
        encoder = student_nlp.get_pipe("tok2vec").model
        project = Linear(t_width, width)
        student = chain(encoder, with_array(project))
        student.initialize(X=docs[:64], Y=targets[:64])
        opt = Adam(0.001)
        order = list(range(len(docs)))
        held_docs = [teacher.make_doc(s.text) for s in held]
        held_targets = teach(held_docs)
        for epoch in range(epochs):
            random.shuffle(order)
            t0, total, n = time.perf_counter(), 0.0, 0
            for idx in minibatch(order, 32):
                ys, backprop = student.begin_update([docs[i] for i in idx])
                grads = [y - targets[i] for y, i in zip(ys, idx)]
                total += sum(float((g ** 2).sum()) for g in grads)
                n += sum(g.size for g in grads)
                backprop(grads)
                student.finish_update(opt)
            with student.use_params(opt.averages):
                pred = student.predict(held_docs)
            held_mse = sum(float(((p - t) ** 2).sum()) for p, t in zip(pred, held_targets)) / sum(t.size for t in held_targets)
            log(f"epoch {epoch + 1:2d}  train mse {total / n:.4f}  held mse {held_mse:.4f}  {time.perf_counter() - t0:.0f} s")

        # the projection folded into (or standing for) the first linear layer of the teacher's recogniser
        if target == "tok2vec":
            head.layers[-1] = fold(first, project)
        else:
            project.name = first.name
            head.layers[-1] = project
        head.layers[0].set_dim("nO", width, force=True)
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            student_nlp.get_pipe("tok2vec").model = encoder
            student_nlp.to_disk(tmp / "student")
            shutil.rmtree(tmp / "student" / "ner")
            ner.to_disk(tmp / "student" / "ner")
            result = load_model(tmp / "student", decoder=False)
        if finetune_steps:
            result = _finetune(result, _examples(result, train), _examples(result, held), finetune_steps, log)
        if out.exists():
            shutil.rmtree(out)
        result.to_disk(out)
    return out


def _finetune(nlp, train: list[Example], held: list[Example], steps: int, log):
    """Train the assembled pipeline on the labels, keeping the best held-out checkpoint."""
    opt = Adam(0.0003)
    best, best_bytes, step = nlp.evaluate(held)["ents_f"], nlp.to_bytes(), 0
    log(f"assembled: held-out ents_f {best:.4f}")
    while step < steps:
        random.shuffle(train)
        for batch in minibatch(train, 64):
            nlp.update(batch, sgd=opt, drop=0.1)
            step += 1
            if step % 100 == 0 or step == steps:
                with nlp.use_params(opt.averages):
                    f = nlp.evaluate(held)["ents_f"]
                    if f > best:
                        best, best_bytes = f, nlp.to_bytes()
                log(f"step {step}: held-out ents_f {f:.4f} (best {best:.4f})")
            if step >= steps:
                break
    return nlp.from_bytes(best_bytes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/benchmarks/cluener2020"))
    ap.add_argument("--teacher", type=Path, default=Path("build/ner_teacher"),
                    help="the trained recogniser to distil (kg.nlp.training's output)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--width", type=int, default=WIDTH, help="the student's encoder width")
    for key, default in SHAPE.items():
        ap.add_argument(f"--{key.replace('_', '-')}", type=int, default=default, help=f"the student's encoder {key}")
    ap.add_argument("--epochs", type=int, default=30, help="passes over the teacher's vectors")
    ap.add_argument("--finetune-steps", type=int, default=800, help="label-training steps afterwards (0: none)")
    ap.add_argument("--target", choices=("head", "tok2vec"), default="head",
                    help="fit the recogniser's first layer (head) or the encoder's vectors (tok2vec)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the student's initial weights and of the order")
    ap.add_argument("--limit", type=int, default=0, help="only the first N train sentences (a quick check)")
    a = ap.parse_args(argv)
    if not (a.data / "train.json").exists():
        raise SystemExit(f"error: {a.data / 'train.json'} not found; pass --data DIR holding CLUENER2020 train.json")
    if not (a.teacher / "meta.json").exists():
        raise SystemExit(f"error: {a.teacher} is not a trained pipeline; train one with "
                         f"`python -m kg.nlp.training --out {a.teacher}` or pass --teacher DIR")
    distil(a.data, a.teacher, a.out, a.width, a.epochs, a.finetune_steps, seed=a.seed, limit=a.limit, target=a.target,
           log=lambda m: print(m, flush=True), **{k: getattr(a, k) for k in SHAPE})
    print(f"model written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
