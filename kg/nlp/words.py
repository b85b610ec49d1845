"""jieba's words around each character: the features the character tokenizer gives the model, and the
part of speech the rules ask about. No spaCy here, so the rules can use them on plain strings.
"""

from __future__ import annotations

import functools
import logging
import marshal
import os
import tempfile
import threading

__all__ = ["word_features", "soft_word_features", "lexicon_features", "word_pos"]

log = logging.getLogger(__name__)

_JIEBA_LOCK = threading.Lock()
_JIEBA = None


def _jieba():
    """The shared jieba tokenizer, initialised once, quietly."""
    global _JIEBA
    with _JIEBA_LOCK:
        if _JIEBA is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            if not _from_jieba_cache(tk):
                tk.initialize()  # builds the prefix dictionary and writes jieba's cache
            _JIEBA = tk
    return _JIEBA


def _from_jieba_cache(tk) -> bool:
    """Load the prefix dictionary from the cache jieba keeps for its default dictionary, read in one go:
    ``marshal.load`` on the open file, as jieba does, takes three times as long (1.4 s against 0.45 s)."""
    path = os.path.join(tk.tmp_dir or tempfile.gettempdir(), "jieba.cache")
    try:
        with open(path, "rb") as fh:
            freq, total = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if not isinstance(freq, dict) or not freq:
        return False
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    return True


def word_features(text: str) -> tuple[list[str], list[str]]:
    """Per character: the jieba word it lies in and its BMES+length tag."""
    words = [""] * len(text)
    tags = [""] * len(text)
    for word, start, end in _jieba().tokenize(text, HMM=True):
        n = end - start
        size = str(min(n, 4))
        for i in range(start, end):
            words[i] = word
            if n == 1:
                tags[i] = "S1"
            elif i == start:
                tags[i] = "B" + size
            elif i == end - 1:
                tags[i] = "E" + size
            else:
                tags[i] = "M" + size
    return words, tags


def soft_word_features(text: str, longest: int = 6) -> list[str]:
    """Per character, which dictionary words of 2..*longest* characters begin, continue or end there.

    >>> soft_word_features("内蒙古")
    ['Wb=Yes', 'Wb=Yes|We=Yes|Wm=Yes', 'We=Yes']
    """
    tk = _jieba()
    marks = [0] * len(text)
    for i, ends in tk.get_DAG(text).items():  # the dictionary words starting at each character
        for j in ends:
            if 1 <= j - i < longest:
                marks[i] |= 1
                marks[j] |= 2
                for k in range(i + 1, j):
                    marks[k] |= 4
    return [_SOFT[m] for m in marks]


#: The FEATS string of each combination of Wb (1), We (2), Wm (4).
_SOFT = ["|".join(f"{k}=Yes" for bit, k in ((1, "Wb"), (2, "We"), (4, "Wm")) if m & bit) for m in range(8)]


def _bmes(i: int, start: int, end: int) -> str:
    if end - start == 1:
        return "S"
    return "B" if i == start else ("E" if i == end - 1 else "M")


@functools.lru_cache(maxsize=1)
def _lexicons() -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """Lexicon entries → feature name, and first character → the lengths (≥ 2, longest first) of the
    entries starting with it."""
    from kg.nlp.lexicon import lexicon
    from kg.regions import countries, gazetteer

    entries: dict[str, str] = {}
    for title in lexicon().titles:
        entries[title] = "Tit"
    for suffix in lexicon().suffixes:
        entries[suffix] = "Sfx"
    for name in list(gazetteer().by_name) + list(countries()):
        if len(name) >= 2:
            entries[name] = "Reg"
    by_first: dict[str, set[int]] = {}
    for name in entries:
        if len(name) >= 2:
            by_first.setdefault(name[0], set()).add(len(name))
    return entries, {c: tuple(sorted(ns, reverse=True)) for c, ns in by_first.items()}


def lexicon_features(text: str, starts: list[bool]) -> list[str]:
    """Per character, the FEATS string of the lexicon matches covering it.

    Matches are found longest first, left to right; an organisation ending
    counts only where it ends a jieba word (局 in 公安局, not in 局长).
    *starts* says which characters begin a jieba word.

    >>> starts = [True, False, False, False, False, True, False, False, True, False]
    >>> lexicon_features("呼伦贝尔市林业局局长", starts)[4:]
    ['Reg=E', 'Sur=Yes', '', 'Sfx=S', 'Tit=B', 'Tit=E']
    """
    entries, by_first = _lexicons()
    n_text = len(text)
    feats: list[dict[str, str]] = [{} for _ in text]
    ends = [i == n_text - 1 or starts[i + 1] for i in range(n_text)]
    for i in range(n_text):
        for n in by_first.get(text[i], ()):  # the lengths of the entries starting with this character
            if n > n_text - i:
                continue
            kind = entries.get(text[i:i + n])
            if kind is None or (kind == "Sfx" and not ends[i + n - 1]):
                continue
            for j in range(i, i + n):
                feats[j].setdefault(kind, _bmes(j, i, i + n))
            break
        else:
            if entries.get(text[i]) == "Sfx" and ends[i]:
                feats[i].setdefault("Sfx", "S")
    surnames = _surnames()
    for i, c in enumerate(text):
        if starts[i] and c in surnames:
            feats[i]["Sur"] = "Yes"
    return ["|".join(f"{k}={v}" for k, v in sorted(f.items())) if f else "" for f in feats]


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from kg.nlp.lexicon import lexicon

    return frozenset(s for s in lexicon().surnames if len(s) == 1)


_TAGS: dict[str, str] | None = None


def word_pos(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives *word* ('' if unknown)."""
    global _TAGS
    if _TAGS is None:
        _TAGS = _pos_table()
    return _TAGS.get(word, "")


def _pos_table() -> dict[str, str]:
    """word → tag from jieba's ``dict.txt``, kept beside jieba's own cache (keyed by the dictionary's size
    and time, written atomically) so that later runs read it in a quarter of a second, not half."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    st = os.stat(path)
    cache = os.path.join(tempfile.gettempdir(), f"zhkg-jieba-pos-{st.st_size}-{int(st.st_mtime)}.marshal")
    try:
        with open(cache, "rb") as fh:
            tags = marshal.loads(fh.read())
        if isinstance(tags, dict) and tags:
            return tags
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tags = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cache), prefix=".zhkg-pos-")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps(tags))
        os.replace(tmp, cache)
    except OSError:
        log.debug("could not cache jieba's parts of speech in %s", cache)
    return tags
