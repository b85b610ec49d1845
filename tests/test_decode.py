"""The greedy decoder gives the entities spaCy's own transition loop gives, with the same weights."""

from __future__ import annotations

import pytest

from kg.nlp.decode import GreedyEntityDecoder
from kg.nlp.pipeline import DEFAULT_MODEL, load_model

pytestmark = pytest.mark.skipif(not (DEFAULT_MODEL / "meta.json").exists(), reason="no shipped model")

# written here: firms, people, bodies and places in running text, with spaces, digits and
# punctuation, a one-character line and an empty one
SENTENCES = [
    "青禾能源集团有限公司与松岭市人民政府签署战略合作协议。",
    "江城港务局局长周文涛出席仪式，并与 北辰化工 代表交换文本。",
    "据新华社报道，2026年3月，湖西省发展改革委在省会召开碳市场工作会议。",
    "“绿港二期”光伏项目位于临川县，总投资12.5亿元。",
    "王",
    "",
    "   ",
    "河东钢铁股份有限公司董事长李海峰、总经理陈曦分别致辞",
    "ABC Energy Ltd. 与东岳电力签约 ",
]


@pytest.fixture(scope="module")
def pipelines():
    return load_model(DEFAULT_MODEL, decoder=False), load_model(DEFAULT_MODEL)


def _ents(docs):
    return [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]


def test_the_shipped_pipeline_decodes_with_the_greedy_decoder(pipelines):
    spacy_loop, ours = pipelines
    assert ours.pipe_names == spacy_loop.pipe_names == ["tok2vec", "ner"]
    assert isinstance(ours.get_pipe("ner"), GreedyEntityDecoder)
    assert ours.get_pipe("ner").labels == spacy_loop.get_pipe("ner").labels


def test_same_entities_and_iob_as_spacys_loop_batched_and_one_by_one(pipelines):
    spacy_loop, ours = pipelines
    expected = list(spacy_loop.pipe(SENTENCES))
    assert any(d.ents for d in expected)  # the check below compares something
    batched = list(ours.pipe(SENTENCES, batch_size=4))
    single = [ours(s) for s in SENTENCES]
    assert _ents(batched) == _ents(single) == _ents(expected)
    for got, want in zip(batched, expected):
        assert [t.ent_iob_ for t in got] == [t.ent_iob_ for t in want]


def test_a_long_document_decodes_like_spacys_loop(pipelines):
    spacy_loop, ours = pipelines
    text = "".join(SENTENCES) * 12
    assert _ents([ours(text)]) == _ents([spacy_loop(text)])


def test_preset_entities_are_kept_as_spacy_keeps_them(pipelines):
    spacy_loop, ours = pipelines
    text = SENTENCES[0]
    docs = []
    for nlp in pipelines:
        doc = nlp.make_doc(text)
        doc.set_ents([doc.char_span(0, 2, label="company")], default="missing")
        docs.append(nlp.get_pipe("ner")(nlp.get_pipe("tok2vec")(doc)))
    assert ("青禾", "company") in [(e.text, e.label_) for e in docs[1].ents]
    assert _ents(docs[:1]) == _ents(docs[1:])
