"""benchmarks/wordlike_region_forms.py lists the counties' short forms that are common words."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kg.nlp.lexicon import lexicon

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "wordlike_region_forms.py"
_spec = importlib.util.spec_from_file_location("wordlike_region_forms", _PATH)
wordlike_region_forms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wordlike_region_forms)


def test_the_common_word_forms_are_found_and_all_in_the_data_file():
    rows = wordlike_region_forms.wordlike_forms(500)
    forms = {form for _, form, _ in rows}
    assert {"合作", "友好", "延长"} <= forms  # words news writes all the time
    assert not {"临高", "常熟", "即墨"} & forms  # places jieba tags oddly but has seen rarely as words
    lex = lexicon()
    assert forms <= lex.words("ambiguous_region_forms") | lex.stopwords
