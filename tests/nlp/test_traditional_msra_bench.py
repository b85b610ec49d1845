"""benchmarks/traditional_msra.py writes MSRA sentences in traditional characters, gold spans unmoved."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import opencc

from kg.nlp.corpora import Sentence
from kg.nlp.evaluate import score_msra

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "traditional_msra.py"
_spec = importlib.util.spec_from_file_location("traditional_msra", _PATH)
traditional_msra = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(traditional_msra)


def test_sentences_are_converted_and_keep_their_spans():
    sent = Sentence("青禾银行在绵阳市签约", ((0, 4, "ORG"), (5, 8, "LOC")))
    [out] = traditional_msra.to_traditional([sent], opencc.OpenCC("s2t").convert)
    assert out.text == "青禾銀行在綿陽市簽約" and out.spans == sent.spans


def test_a_conversion_that_changes_the_length_falls_back_to_characters():
    stretch = {"银行": "銀行家"}  # a phrase table that lengthens: each character is converted alone
    convert = lambda t: stretch.get(t, t.replace("银", "銀"))  # noqa: E731
    [out] = traditional_msra.to_traditional([Sentence("银行", ((0, 2, "ORG"),))], convert)
    assert out.text == "銀行"


def test_the_pipeline_scores_alike_in_either_script(rules):
    sents = [Sentence("青禾集团与绵阳市人民政府签约", ((0, 4, "ORG"), (5, 12, "ORG")))]
    trad = traditional_msra.to_traditional(sents, opencc.OpenCC("s2t").convert)
    assert trad[0].text != sents[0].text
    a, b = score_msra(sents, rules, True), score_msra(trad, rules, True)
    assert a.prf({"ORG"}) == b.prf({"ORG"}) and a.prf({"ORG"})[2] > 0
