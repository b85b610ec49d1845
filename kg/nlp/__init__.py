"""The NLP stage: clean document → mentions and relations (see the README's map of its modules)."""

from pathlib import Path

#: The shipped recogniser, trained by ``make train`` (importing this costs nothing: no spaCy).
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "ner_zh"
