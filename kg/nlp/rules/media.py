"""News outlets that report in the text: ``某某新闻从某某集团获悉``, ``据某某网报道``.

An outlet is an Organization when the running text makes it the one who learns or reports; one named
only in a source line or byline (``文章来源:某某新闻``) is left out, as the annotation conventions say.
"""

from __future__ import annotations

import functools
import re

from kg.nlp.lexicon import lexicon
from kg.nlp.rules.base import ORG, Candidate
from kg.nlp.shapes import HAN_CLASS

__all__ = ["find_media"]


@functools.lru_cache(maxsize=1)
def _outlet() -> re.Pattern:
    endings = lexicon().pattern("media_endings")
    name = f"[{HAN_CLASS}A-Za-z]{{1,8}}?(?:{endings})"
    # 某某新闻(记者)从某某获悉 at a clause's start; 据某某网(消息|报道)
    return re.compile(f"(?:(?<=^)|(?<=[。！？!?；;，,\\n]))({name})(?:记者)?(?:从|自)[^。！？\\n]{{2,40}}?获悉"
                      f"|据({name})(?:消息|报道|披露)")


def find_media(text: str) -> list[Candidate]:
    """Outlets that learn or report something in the running text."""
    out = []
    for m in _outlet().finditer(text):
        g = 1 if m.group(1) else 2
        if m.group(g) not in lexicon().words("media_endings") and m.group(g)[0] not in "本我该此":  # 本报记者
            out.append(Candidate(m.start(g), m.end(g), ORG, "media", 0.8))
    return out
