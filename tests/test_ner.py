"""The statistical entity recogniser: benchmark readers, scoring, the shipped model, training code."""

from __future__ import annotations

import json

import pytest

from kg.nlp.corpora import read_cluener, read_msra
from kg.nlp.evaluate import SIX, Scores, eval_cluener, format_scores, score_spans


def _cluener_file(path, records):
    with open(path, "w", encoding="utf-8") as fh:
        for text, spans in records:
            label: dict = {}
            for start, end, kind in spans:
                label.setdefault(kind, {}).setdefault(text[start:end], []).append([start, end - 1])
            fh.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    return path


def test_cluener_offsets_become_end_exclusive(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"text": "浙商银行叶老桂博士", "label": {"name": {"叶老桂": [[4, 6]]}, '
                    '"company": {"浙商银行": [[0, 3]]}}}\n\n{"text": "无标注"}\n', encoding="utf-8")
    first, second = read_cluener(path)
    assert [first.text[s:e] + "/" + l for s, e, l in first.spans] == ["浙商银行/company", "叶老桂/name"]
    assert second.spans == ()


def test_msra_bmes_tags_become_spans(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text("中 B-ORG\n共 E-ORG\n的 O\n京 S-LOC\n\n张 B-PER\n三 E-PER\n", encoding="utf-8")
    a, b = read_msra(path)
    assert (a.text, a.spans) == ("中共的京", ((0, 2, "ORG"), (3, 4, "LOC")))
    assert (b.text, b.spans) == ("张三", ((0, 2, "PER"),))


def test_scores_count_exact_spans_only():
    sc = Scores()
    gold = {(0, 2, "name"), (3, 7, "company")}
    score_spans(gold, {(0, 2, "name"), (3, 6, "company"), (8, 9, "address")}, sc)
    assert (sc.tp["name"], sc.fp["company"], sc.fn["company"], sc.fp["address"]) == (1, 1, 1, 1)
    p, r, f = sc.prf()
    assert (round(p, 3), round(r, 3)) == (0.333, 0.5)
    table = format_scores("t", sc, ("name", "company"), {"micro (six)": SIX})
    assert "micro (six)" in table.splitlines()[-1]


def test_shipped_model_loads_offline_and_finds_the_usual_types(tmp_path):
    text = "国务院总理李克强在北京会见了阿里巴巴集团董事局主席马云。"
    spans = [(0, 3, "government"), (3, 5, "position"), (5, 8, "name"), (9, 11, "address"),
             (14, 20, "company"), (20, 25, "position"), (25, 27, "name")]
    path = _cluener_file(tmp_path / "dev.json", [(text, spans)])
    scores, load_seconds = eval_cluener(path)
    assert load_seconds < 30
    assert scores.chars == len(text)
    found = {l for l in SIX if scores.tp[l]}
    # A sentence of news-wire Chinese: most of its entities come out exactly.
    assert {"name", "government", "address"} <= found
    assert scores.prf()[2] >= 0.6


def test_training_command_builds_a_loadable_pipeline(tmp_path):
    """`make train`'s code path end to end on a toy corpus (the shipped model is never retrained here)."""
    import spacy

    from kg.nlp.training import main

    people, firms = ["张伟", "王芳", "李明轩", "刘洋"], ["华为公司", "青禾集团", "松岭集团", "浙商银行"]
    records = []
    for i in range(24):
        p, c = people[i % 4], firms[(i // 4) % 4]
        text = f"{p}在{c}工作。"
        records.append((text, [(0, len(p), "name"), (len(p) + 1, len(p) + 1 + len(c), "company")]))
    data = tmp_path / "cluener"
    data.mkdir()
    _cluener_file(data / "train.json", records)
    out = tmp_path / "model"
    rc = main(["--data", str(data), "--out", str(out), "--set", "training.max_steps=12",
               "--set", "training.eval_frequency=6", "--set", "components.tok2vec.model.encode.width=32",
               "--set", "components.tok2vec.model.embed.rows=[500,500,100,100,50]"])
    assert rc == 0
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"name", "company"}
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "kg.char_word_tokenizer.v4"
    assert [t.text for t in nlp("张伟在")] == ["张", "伟", "在"]


def test_training_names_the_missing_data(tmp_path, capsys):
    from kg.nlp.training import main

    with pytest.raises(SystemExit, match="train.json not found; pass --data"):
        main(["--data", str(tmp_path), "--out", str(tmp_path / "m")])


def test_the_shipped_model_was_trained_with_the_committed_config():
    from thinc.api import Config

    from kg.nlp.distil import student_overrides
    from kg.nlp.pipeline import DEFAULT_MODEL
    from kg.nlp.training import CONFIG

    shipped = Config().from_disk(DEFAULT_MODEL / "config.cfg", interpolate=False)
    # the shipped model is the teacher's config distilled to the student's encoder (make train: kg.nlp.training,
    # then kg.nlp.distil with its defaults WIDTH and SHAPE)
    committed = Config().from_disk(CONFIG, interpolate=False, overrides=student_overrides())
    assert shipped["components"] == committed["components"]
    assert shipped["nlp"]["tokenizer"] == committed["nlp"]["tokenizer"]
    for key in ("max_steps", "dropout", "optimizer", "batcher", "seed"):
        assert shipped["training"][key] == committed["training"][key], key


def test_the_model_runs_on_openblas_not_blis():
    from kg.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    for name in ("tok2vec", "ner"):
        assert all(node.ops.use_blis is False for node in nlp.get_pipe(name).model.walk()), name


def test_the_shipped_model_loads_in_spacy_without_importing_kg(tmp_path):
    """A user's own pipeline: spacy.load() of the installed model folder finds our tokenizer and
    components through the package's entry points, in an interpreter that never imports kg itself."""
    import subprocess
    import sys

    code = """
import importlib.util, os, sys
import spacy
folder = os.path.join(importlib.util.find_spec("kg").submodule_search_locations[0], "models", "ner_zh")
assert "kg" not in sys.modules
nlp = spacy.load(folder)
nlp.add_pipe("kg_rules")
nlp.add_pipe("kg_entities")
doc = nlp("国家电网有限公司与深圳市人民政府签署战略合作框架协议。")
print(sorted({s.label_ for s in doc.spans["kg_entities"]}))
"""
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Enterprise" in res.stdout or "GovernmentBody" in res.stdout, res.stdout


def test_student_overrides_name_only_known_encoder_settings():
    from kg.nlp.distil import ENCODE, SHAPE, WIDTH, student_overrides

    assert student_overrides(depth=2) == {ENCODE + "width": WIDTH, ENCODE + "depth": 2,
                                          **{ENCODE + k: v for k, v in SHAPE.items() if k != "depth"}}
    with pytest.raises(ValueError, match="unknown encoder settings"):
        student_overrides(hidden=3)


def test_folding_a_projection_into_the_next_layer_computes_the_same_map():
    import numpy as np
    from thinc.api import Linear

    from kg.nlp.distil import fold

    rng = np.random.default_rng(0)
    project, first = Linear(12, 5), Linear(7, 12)
    for layer in (project, first):
        layer.initialize()
        layer.set_param("W", rng.normal(size=layer.get_param("W").shape).astype("float32"))
        layer.set_param("b", rng.normal(size=layer.get_param("b").shape).astype("float32"))
    x = rng.normal(size=(9, 5)).astype("float32")
    folded = fold(first, project)
    assert folded.get_param("W").shape == (7, 5)
    np.testing.assert_allclose(folded.predict(x), first.predict(project.predict(x)), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("target", ["head", "tok2vec"])
def test_distilling_gives_a_narrower_pipeline_with_the_teachers_labels(tmp_path, target):
    """`make train`'s second step on a few sentences: the student loads as a plain spaCy pipeline."""
    import spacy

    from kg.nlp.distil import main
    from kg.nlp.pipeline import DEFAULT_MODEL

    records = [(f"{p}在{c}工作。", [(0, 2, "name"), (3, 7, "company")])
               for p in ("张伟", "王芳", "李明轩") for c in ("华为公司", "青禾集团", "浙商银行")]
    data = tmp_path / "cluener"
    data.mkdir()
    _cluener_file(data / "train.json", records * 3)
    out = tmp_path / "student"
    assert main(["--data", str(data), "--teacher", str(DEFAULT_MODEL), "--out", str(out),
                 "--width", "16", "--window-size", "1", "--depth", "2", "--maxout-pieces", "2",
                 "--epochs", "1", "--finetune-steps", "2", "--target", target]) == 0
    nlp = spacy.load(out)
    encode = nlp.config["components"]["tok2vec"]["model"]["encode"]
    assert (encode["width"], encode["window_size"], encode["depth"], encode["maxout_pieces"]) == (16, 1, 2, 2)
    assert nlp.get_pipe("ner").labels == spacy.load(DEFAULT_MODEL).get_pipe("ner").labels
    assert len(nlp("张伟在华为公司工作。")) == 10
