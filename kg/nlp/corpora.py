"""Readers for the public NER benchmarks the recogniser is trained and measured on.

* CLUENER2020 — JSON lines ``{"text", "label": {type: {string: [[start, end]]}}}``,
  end-inclusive offsets, ten types.
* MSRA (SIGHAN 2006) — one ``char TAG`` pair per line, BMES tags over
  PER/LOC/ORG, a blank line between sentences.

Both yield :class:`Sentence` objects: text plus ``(start, end, label)`` spans
with end-exclusive character offsets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

__all__ = ["Sentence", "read_cluener", "read_msra", "CLUENER_LABELS"]

CLUENER_LABELS = (
    "address", "book", "company", "game", "government",
    "movie", "name", "organization", "position", "scene",
)


@dataclass(frozen=True)
class Sentence:
    text: str
    spans: tuple[tuple[int, int, str], ...] = field(default_factory=tuple)


def read_cluener(path: str | Path) -> Iterator[Sentence]:
    """Sentences of a CLUENER2020 file (labels may be absent, as in test.json)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            spans = set()
            for label, strings in (rec.get("label") or {}).items():
                for _string, offsets in strings.items():
                    for start, end in offsets:
                        spans.add((start, end + 1, label))
            yield Sentence(rec["text"], tuple(sorted(spans)))


def read_msra(path: str | Path) -> Iterator[Sentence]:
    """Sentences of an MSRA BMES file."""
    chars: list[str] = []
    tags: list[str] = []

    def flush():
        spans = []
        start = None
        for i, tag in enumerate(tags):
            if tag.startswith("S-"):
                spans.append((i, i + 1, tag[2:]))
                start = None
            elif tag.startswith("B-"):
                start = i
            elif tag.startswith("E-") and start is not None:
                spans.append((start, i + 1, tag[2:]))
                start = None
            elif tag == "O":
                start = None
        return Sentence("".join(chars), tuple(spans))

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield flush()
                chars, tags = [], []
                continue
            parts = line.split()
            if len(parts) == 1:  # a space character carries no text of its own
                chars.append(" ")
                tags.append(parts[0])
            else:
                chars.append(parts[0])
                tags.append(parts[1])
    if chars:
        yield flush()
