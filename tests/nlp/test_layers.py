"""The NLP wing's layers: only the spaCy-facing modules import spaCy."""

from __future__ import annotations

import subprocess
import sys


def test_rules_passes_and_relations_run_without_spacy():
    code = ("import sys\n"
            "import kg.nlp.rules, kg.nlp.refine, kg.nlp.relations, kg.nlp.shapes, kg.nlp.words, kg.resolve\n"
            "from kg.nlp.rules import find_named_by_suffix, word_spans\n"
            "text = '青禾能源科技有限公司签约'\n"
            "assert find_named_by_suffix(text, word_spans(text), [])\n"
            "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
