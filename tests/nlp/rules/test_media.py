"""News outlets that report in the running text (kg/nlp/rules/media.py)."""

from __future__ import annotations

import pytest

from kg.nlp.rules import find_media


@pytest.mark.parametrize(
    "text, expected",
    [
        ("青禾新闻从松岭能源集团获悉，项目已开工。", ["青禾新闻"]),  # the outlet learns: it is an organisation
        ("据松岭网报道，签约仪式在宁波举行。", ["松岭网"]),
        ("。青禾日报记者从宁波市发改委获悉", ["青禾日报"]),
        ("本报记者从宁波市发改委获悉", []),  # the paper itself
        ("记者从宁波市发改委获悉", []),
        ("(文章来源:青禾新闻)", []),  # a source line: left out
    ],
)
def test_outlets_that_learn_or_report(text, expected):
    assert [text[c.start:c.end] for c in find_media(text)] == expected
