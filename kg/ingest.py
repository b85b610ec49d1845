"""Text files in, clean documents out — with every character traceable to the raw file.

Reading decodes UTF-8, UTF-16 with a BOM and GB18030 (a superset of GBK);
anything else raises :class:`~kg.errors.InputError` naming the file.

Cleaning repairs the OCR damage seen in scanned newspaper pages:

* spaces inside Chinese words (``习近 平``) and line breaks inside sentences;
* vertical text printed one character per line;
* passages printed two or three times (a page, an article) — kept once;
* page furniture: ``(下转第三版)``, ``■下转第3版``, masthead lines.

The clean text keeps a mapping ``offsets[i]`` from each clean character to its
character offset in the decoded raw file. ``Document.norm`` is the same text
with NFKC applied character by character and traditional characters in their
simplified form (same length, same offsets): it is for matching only, never
for display.

>>> doc = parse_text("## 标题\\n\\n青禾 集团与松岭集团签约。\\n(下转第三版)\\n", doc_id="d")
>>> doc.text
'标题\\n青禾集团与松岭集团签约。'
>>> doc.raw[doc.offsets[doc.text.index("集")]]
'集'
>>> [s.text for s in doc.sentences]
['标题', '青禾集团与松岭集团签约。']
"""

from __future__ import annotations

import bisect
import codecs
import errno
import functools
import hashlib
import logging
import os
import re
import threading
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.nlp.shapes import HAN_CLASS, is_cjk, matching_form, nfkc_char, nfkc_same_length

__all__ = [
    "Article",
    "Decoded",
    "Document",
    "Sentence",
    "decode",
    "discover",
    "parse_text",
    "read_document",
    "article_document",
    "segments",
]

log = logging.getLogger(__name__)

# Sentence-closing punctuation (after NFKC): a line ending in one of these ends a sentence.
TERMINALS = set("。！？；!?;")
CLOSERS = set("”’」』)）]】》\"'")
BULLETS = ("■", "□", "●", "◆", "▲", "★", "※", "·")

_FURNITURE = [
    re.compile(p)
    for p in (
        r"^[■□●]?\s*[(（]?\s*[上下]\s*转\s*第?\s*[0-9一二三四五六七八九十]+\s*版\s*[)）]?$",
        r"^[■□●]?\s*[(（]?\s*[上下]接\s*第?\s*[0-9一二三四五六七八九十]+\s*版\s*[)）]?$",
        r"^第\s*\d+\s*号(\s*今日\s*\d+\s*版)?$",
        r"统一连续出版物号",
        r"^\S{2,12}报社出版$",
        r"^\S{2,10}(热线|在线|新闻网|客户端)$",  # a website's name alone on a line: the page's masthead
        r"^\S{1,8}(?<!电)网$",
        r"^星期[一二三四五六日天]$",
        r"^[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年[正一二三四五六七八九十冬腊]+月[初十廿卅一二三四五六七八九十]+$",
        r"^(责任编辑|责编|编辑|校对|版式|美编|组版|审核)\s*[:：]",
        r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$",
        r"^第?\s*\d+\s*版$",
    )
]
#: Page furniture is short: a longer line holding a masthead phrase is text, never dropped whole.
_FURNITURE_MAX = 80
_INLINE_FURNITURE = re.compile(
    r"[■□]?\s*[(（]\s*[上下]\s*[转接]\s*第?\s*[0-9一二三四五六七八九十]+\s*版\s*[)）]|■\s*[上下]\s*[转接]\s*第?\s*[0-9一二三四五六七八九十]+\s*版"
)
_PAGE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text == document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    article: int


@dataclass(frozen=True)
class Article:
    """An article: a heading and the text up to the next one."""

    index: int
    title: str
    start: int
    end: int


@dataclass
class Document:
    """A clean document and its way back to the raw file."""

    doc_id: str
    path: str
    raw: str
    text: str
    norm: str
    offsets: Sequence[int]  # an array('q'): one machine integer per clean character
    encoding: str
    sentences: list[Sentence] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    date: str | None = None  # "YYYY-MM" or "YYYY-MM-DD" from the masthead
    duplicates_dropped: int = 0
    sha256: str = ""
    repairs: str = ""  # what decoding had to repair, e.g. "2 bad bytes replaced (byte offsets 10, 11)"
    url: str = ""  # an article's address, when it came from a collection (kg.articles)
    publisher: str = ""

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-file character offsets of the clean span ``[start, end)``."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentence_at(self, pos: int) -> Sentence | None:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return s
        return None


# --------------------------------------------------------------------------- reading


#: A UTF-8 file whose bad bytes (invalid sequences, NULs) stay under this share is repaired, not refused…
REPAIRABLE = 0.01
#: …unless it also reads cleanly as GB18030, where only this smaller share still counts as damaged UTF-8.
REPAIRABLE_IF_GB = 0.001


@dataclass(frozen=True)
class Decoded:
    """Text of a file, its encoding, and what had to be repaired (one line, or "")."""

    text: str
    encoding: str
    repairs: str = ""


def decode(data: bytes, path: str | Path = "<bytes>") -> Decoded:
    r"""Decode *data*, or raise :class:`InputError` naming *path*.

    UTF-8, UTF-16 (with a BOM, or recognised by its NUL bytes) and GB18030.
    A UTF-8 file with a few bad bytes — invalid sequences or NULs, at most
    :data:`REPAIRABLE` of it, or however many in a small file as long as each
    damaged spot stands in well-formed Chinese text (:func:`_damaged_utf8`) —
    keeps its text: each bad byte becomes U+FFFD and the repair names their
    byte offsets.

    >>> d = decode("青禾集团".encode() * 30 + b"\xff" + "签约".encode())
    >>> d.text[-3:], d.repairs
    ('�签约', '1 bad byte replaced (byte offsets 360)')
    """
    if data.startswith(codecs.BOM_UTF8):
        data, enc = data[3:], "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _finish(_strict(data, "utf-16", path), "utf-16", path)
    else:
        enc = "utf-8"
    text = _try(data, "utf-8")
    if text is not None and "\x00" not in text and _looks_like_text(text):
        gb = _try(data, "gb18030") if _cjk_share(text) < 0.5 else None
        if gb is not None and _cjk_share(gb) > 0.9:  # GBK bytes that happen to be valid UTF-8 (业 → ҵ)
            return _finish(gb, "gb18030", path)
        return _finish(text, enc, path)
    utf16 = _utf16_without_bom(data, by_cjk=False)
    if utf16 is not None:
        return _finish(_strict(data, utf16, path), utf16, path)
    gb = _try(data, "gb18030")
    if gb is not None and ("\x00" in gb or not _looks_like_text(gb)):
        gb = None
    bad = _bad_utf8_offsets(data)
    share = len(bad) / len(data)
    if bad:
        text = data.decode("utf-8", errors="replace").replace("\x00", "\ufffd")
        repairable = share <= REPAIRABLE_IF_GB or (gb is None and share <= REPAIRABLE) or _damaged_utf8(text, bad)
        if repairable and _looks_like_text(text, allow_replacement=True):
            shown = ", ".join(map(str, bad[:10])) + (", …" if len(bad) > 10 else "")
            word = "byte" if len(bad) == 1 else "bytes"
            return _finish(text, enc, path, f"{len(bad)} bad {word} replaced (byte offsets {shown})")
    if gb is not None:
        return _finish(gb, "gb18030", path)
    utf16 = _utf16_without_bom(data, by_cjk=True)
    if utf16 is not None:
        return _finish(_strict(data, utf16, path), utf16, path)
    raise InputError(
        f"{path}: not text in UTF-8, UTF-16 or GB18030/GBK (binary, or too damaged to repair); "
        "re-save it as UTF-8 text"
    )


#: A bad spot in UTF-8 text is damage, whatever the file's size, when the text around it holds at least this
#: many well-formed Chinese characters for each bad spot.
DAMAGE_CONTEXT = 10


def _damaged_utf8(text: str, bad: list[int]) -> bool:
    """Whether UTF-8 *text* with bad bytes at offsets *bad* is Chinese text with a few damaged spots, judged
    by count and context rather than by share: each run of adjacent bad bytes (one broken character, or a
    NUL) must stand among at least :data:`DAMAGE_CONTEXT` well-formed Chinese characters. GBK or binary
    bytes read as UTF-8 give a bad spot every character or two, and well-formed multi-byte characters
    only by chance.

    >>> _damaged_utf8("青禾集团签约仪式举行" * 4 + "\ufffd" * 4, [0, 1, 2, 3])
    True
    >>> _damaged_utf8("青禾\ufffd集团\ufffd", [2, 9])
    False
    """
    runs = 1 + sum(b - a > 1 for a, b in zip(bad, bad[1:]))
    return len(_CHINESE.findall(text.replace("\ufffd", ""))) >= DAMAGE_CONTEXT * runs


def _cjk_share(text: str) -> float:
    """The share of characters Chinese text is made of — CJK, their punctuation, general punctuation,
    full-width forms — among the non-ASCII ones (1.0 for pure ASCII)."""
    sample = text[:20_000]
    wide = len(_ASCII.sub("", sample))  # the characters beyond ASCII
    return len(_CHINESE.findall(sample)) / wide if wide else 1.0


_ASCII = re.compile("[^\x80-\U0010ffff]+")
#: What Chinese text is made of beyond ASCII: Han, general punctuation, CJK punctuation, full-width forms
#: and the middle dot.
_CHINESE = re.compile(f"[{HAN_CLASS}\u2000-\u206f\u3000-\u303f\uff00-\uffef\u00b7]")


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, enc: str, path) -> str:
    text = _try(data, enc)
    if text is None:
        raise InputError(f"{path}: declares {enc.upper()} but does not decode as it; re-save it as UTF-8 text")
    return text.lstrip("\ufeff")


def _finish(text: str, enc: str, path, repairs: str = "") -> Decoded:
    if not _looks_like_text(text, allow_replacement=bool(repairs)):
        raise InputError(f"{path}: decodes as {enc.upper()} but is not text (control bytes); re-save it as UTF-8 text")
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), enc, repairs)


def _utf16_without_bom(data: bytes, by_cjk: bool) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs fill one byte of most pairs (text mostly below U+0100 or CJK
    with a zero high byte would not be caught; those files carry a BOM in practice)."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    odd = sample[1::2].count(0) / (len(sample) // 2)
    even = sample[0::2].count(0) / (len(sample) // 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    if not by_cjk:
        return None
    # CJK text in UTF-16 has no NULs: recognise it by decoding to mostly CJK characters (a last resort:
    # GB18030 bytes decode as UTF-16 to CJK too, so this is tried only after GB18030 failed)
    for enc in ("utf-16-le", "utf-16-be"):
        text = _try(data, enc)
        if text and sum(is_cjk(c) for c in text[:2000]) > 0.5 * min(len(text), 2000):
            return enc
    return None


_RECORDED = threading.local()


def _record_bad_bytes(exc: UnicodeDecodeError):
    _RECORDED.offsets.extend(range(exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("zhkg-record", _record_bad_bytes)


def _bad_utf8_offsets(data: bytes) -> list[int]:
    """Byte offsets of invalid UTF-8 sequences and of NULs, in one pass of the decoder."""
    _RECORDED.offsets = []
    data.decode("utf-8", errors="zhkg-record")
    bad = _RECORDED.offsets
    if b"\x00" in data:
        bad += [m.start() for m in re.finditer(b"\x00", data)]
    return sorted(bad)


def _looks_like_text(text: str, allow_replacement: bool = False) -> bool:
    """Reject binary that happens to decode: NULs, control bytes, private-use soup."""
    if not text:
        return True
    if "\x00" in text:
        return False
    sample = text[:200_000]
    bad = 0
    for ch in _PLAIN.sub("", sample):  # only the characters that are not plainly text are looked up
        cat = unicodedata.category(ch)
        if (cat == "Cc" and ch not in "\n\r\t\f") or cat in ("Co", "Cn", "Cs") or (ch == "\ufffd" and not allow_replacement):
            bad += 1
    return bad / len(sample) < 0.01


#: Characters that are text whatever else a file holds: printable ASCII and its line breaks, CJK punctuation,
#: full-width forms and the CJK unified ideographs (every one assigned, so never category Cn).
_PLAIN = re.compile("[\t\n\f\r -~\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+")


#: What a folder is searched for: text files, and collections of articles (kg.articles).
SOURCE_SUFFIXES = (".txt", ".jsonl", ".json", ".csv")


def discover(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The ``.txt`` files and article collections (``.jsonl``, ``.json``, ``.csv``) named by *paths* (files,
    or folders searched recursively, symlinks followed once), sorted; and ``(path, reason)`` for each path
    that cannot be a document (a symlink loop, a dangling link)."""
    found: set[Path] = set()
    bad: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_symlink() and not p.exists():
            bad.append((str(p), _link_problem(p)))
        elif p.is_dir():
            _walk(p, found, bad)
        elif p.exists():
            found.add(p)
        else:
            raise InputError(f"{p}: no such file or folder; check the path")
    return sorted(found), sorted(set(bad))


def _link_problem(p: Path) -> str:
    try:
        p.resolve(strict=True)
    except RuntimeError:
        return "a symlink loop; point the link at a file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop; point the link at a file"
    return "a dangling symlink; point the link at a file"


def _walk(root: Path, found: set[Path], bad: list[tuple[str, str]]) -> None:
    seen: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:  # a folder reached again through a link: a loop
            bad.append((folder, "a symlink loop back to a folder already read; skipped"))
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs.sort()
        for name in files:
            if not name.lower().endswith(SOURCE_SUFFIXES):
                continue
            q = Path(folder) / name
            if q.is_file():
                found.add(q)
            elif q.is_symlink():
                bad.append((str(q), _link_problem(q)))


def article_document(article, doc_id: str) -> Document:
    """A :class:`kg.articles.ArticleRecord` as a document: its title a heading, its date the date that
    anchors relative ones (1月10日) in its text, its address and publisher kept for provenance."""
    raw = (f"## {article.title}\n\n" if article.title else "") + article.text
    doc = parse_text(raw.replace("\r\n", "\n").replace("\r", "\n"), doc_id=doc_id,
                     path=f"{article.path}:{article.line}")
    lone = getattr(article, "lone_surrogates", 0)
    if lone:
        doc.repairs = f"{lone} lone surrogate escape{'s' if lone > 1 else ''} (\\ud800–\\udfff) replaced by U+FFFD"
    doc.date = article.date or doc.date
    doc.url, doc.publisher = article.url, article.publisher
    doc.sha256 = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return doc


def read_document(path: str | Path, doc_id: str | None = None, data: bytes | None = None) -> Document:
    """Read, decode and clean one file (its bytes *data*, when they were read already)."""
    path = Path(path)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    dec = decode(data, path)
    if not dec.text.strip():
        raise InputError(f"{path}: empty (no text in it); remove it or fill it")
    doc = parse_text(dec.text, doc_id=doc_id or path.stem, path=str(path), encoding=dec.encoding)
    doc.repairs = dec.repairs
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


# --------------------------------------------------------------------------- cleaning

_Chars = list  # list[tuple[str, int]]: (character, raw offset)


@dataclass
class _Line:
    chars: _Chars
    kind: str  # "blank" | "heading" | "content"
    level: int = 0

    @functools.cached_property
    def text(self) -> str:  # a line's characters are never changed once it is made
        return "".join([c for c, _ in self.chars])


def _split_lines(raw: str, start: int = 0, end: int | None = None) -> list[_Line]:
    """The lines of ``raw[start:end]``, each character with its offset in *raw*."""
    lines = []
    pos = start
    for part in raw[start:end].split("\n"):
        chars = list(zip(part, range(pos, pos + len(part))))
        pos += len(part) + 1
        stripped = part.strip()
        if not stripped:
            lines.append(_Line([], "blank"))
            continue
        m = re.match(r"^\s*(#{1,6})\s*", part)
        if m:
            lines.append(_Line(chars[m.end():], "heading", len(m.group(1))))
            continue
        if len(stripped) <= _FURNITURE_MAX and any(p.search(stripped) for p in _FURNITURE):
            lines.append(_Line(chars, "furniture"))
            continue
        lines.append(_Line(chars, "content"))
    return lines


def _merge_vertical(lines: list[_Line]) -> list[_Line]:
    """Runs of one-character lines (blank lines allowed between) become one line each."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        j = i
        singles = 0
        while j < len(lines) and (
            (lines[j].kind == "content" and len(lines[j].text.strip()) == 1)
            or (lines[j].kind == "blank" and singles and j + 1 < len(lines)
                and lines[j + 1].kind == "content" and len(lines[j + 1].text.strip()) == 1)
        ):
            singles += lines[j].kind == "content"
            j += 1
        if singles >= 4:
            group: _Chars = []
            for ln in lines[i:j]:
                if ln.kind == "blank":
                    if group:
                        out.append(_Line(group, "content"))
                    group = []
                else:
                    group.extend((c, o) for c, o in ln.chars if not c.isspace())
            if group:
                out.append(_Line(group, "content"))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _last_char(chars: _Chars) -> str:
    for c, _ in reversed(chars):
        if not c.isspace():
            return nfkc_char(c)
    return ""


def _first_char(chars: _Chars) -> str:
    for c, _ in chars:
        if not c.isspace():
            return c
    return ""


#: Lines of a web page's metadata (source, date, author, original title…): never part of a sentence.
_METADATA = re.compile(r"^\s*(来源|来自|日期|时间|发布时间|发布日期|更新时间|编辑|责任编辑|责编|作者|记者|通讯员|原标题|"
                       r"原文标题|浏览|阅读|字号|分享到?|关键词|标签|摄影|图片来源|本文来源)\s*[:：]")


def _continues(prev: _Chars, nxt: _Line, across_blank: bool) -> bool:
    """Does *nxt* continue the sentence that *prev* leaves open?"""
    if nxt.kind != "content" or not prev:
        return False
    if _METADATA.match("".join(c for c, _ in prev[:12])) or _METADATA.match(nxt.text[:12]):
        return False  # 来源:某某日报 + 省政府与…: a source line is not the start of the next sentence
    last = _last_char(prev)
    first = _first_char(nxt.chars)
    if not last or last in TERMINALS or first in BULLETS:
        return False
    if last in CLOSERS:
        # a quote or bracket closing after a terminal closes the sentence too
        body = [c for c, _ in prev if not c.isspace()]
        if len(body) >= 2 and nfkc_char(body[-2]) in TERMINALS:
            return False
    if re.match(r"^[(（]?[一二三四五六七八九十]+[)）、]", nxt.text.strip()):
        return False
    if across_blank:
        # a page or column break inside a sentence: the paragraph before must be body text
        return len(prev) >= 12 and (is_cjk(last) or last in "、,，“\"")
    return True


def _paragraphs(lines: list[_Line]) -> list[tuple[str, _Chars, int]]:
    """Join lines into paragraphs: ``(kind, chars, heading level)``."""
    paras: list[tuple[str, _Chars, int]] = []
    cur: _Chars | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind == "heading":
            if cur:
                paras.append(("content", cur, 0))
            cur = None
            paras.append(("heading", ln.chars, ln.level))
        elif ln.kind == "content":
            if cur is None:
                cur = list(ln.chars)
            else:
                cur.extend(ln.chars)
        elif ln.kind == "furniture":
            pass  # dropped; a sentence interrupted by it may continue after
        else:  # blank
            if cur is not None:
                k = i
                while k < len(lines) and lines[k].kind in ("blank", "furniture"):
                    k += 1
                if k < len(lines) and _continues(cur, lines[k], across_blank=True):
                    i = k
                    continue
                paras.append(("content", cur, 0))
                cur = None
        # a single newline inside a paragraph: keep it unless the sentence continues
        if ln.kind == "content" and cur is not None and i + 1 < len(lines):
            nxt = lines[i + 1]
            if nxt.kind == "content" and not _continues(cur, nxt, across_blank=False):
                paras.append(("content", cur, 0))
                cur = None
        i += 1
    if cur:
        paras.append(("content", cur, 0))
    return paras


_SPACE = re.compile(r"\s")  # str.isspace's characters
_SPACES = re.compile(r"\s+")


def _squeeze_spaces(chars: _Chars) -> _Chars:
    """Drop whitespace except a single space between two ASCII letters/digits."""
    text = "".join([c for c, _ in chars])
    if not _SPACE.search(text):
        return chars
    out: _Chars = []
    at = 0
    for m in _SPACES.finditer(text):  # each run of whitespace, in one step
        i, j = m.span()
        out.extend(chars[at:i])
        before = text[i - 1] if i else ""
        after = text[j] if j < len(text) else ""
        if out and _ASCII_WORD(before) and _ASCII_WORD(after):
            out.append((" ", chars[i][1]))
        at = j
    out.extend(chars[at:])
    return out


def _ASCII_WORD(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _strip_inline_furniture(chars: _Chars) -> _Chars:
    text = "".join([c for c, _ in chars])
    if not _INLINE_FURNITURE.search(text):
        return chars
    keep = [True] * len(chars)
    for m in _INLINE_FURNITURE.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    return [ch for ch, k in zip(chars, keep) if k]


def _fingerprint(chars: _Chars) -> str:
    return "".join(filter(str.isalnum, nfkc_same_length("".join([c for c, _ in chars]))))


class _DuplicateFilter:
    """Remembers passages; a passage most of whose 6-grams were seen is a repeat."""

    K = 6

    def __init__(self):
        self.shingles: set[str] = set()
        self.short: set[str] = set()

    def seen(self, chars: _Chars) -> bool:
        fp = _fingerprint(chars)
        if len(fp) < 20:
            if fp and fp in self.short:
                return True
            if fp:
                self.short.add(fp)
            self._add(fp)
            return False
        grams = {fp[i:i + self.K] for i in range(len(fp) - self.K + 1)}
        hit = len(grams & self.shingles) / len(grams)
        self.shingles |= grams
        return hit >= 0.6

    def _add(self, fp: str) -> None:
        for i in range(len(fp) - self.K + 1):
            self.shingles.add(fp[i:i + self.K])


_SENT_END = re.compile(r"[。！？；!?;]+[”’」』）)\"']*")


#: Raw text is cleaned in blocks of about this many characters, cut at blank lines, so that a
#: 100 MB file never holds a per-character structure of the whole file at once.
BLOCK_CHARS = 1_000_000


def _blocks(raw: str, size: int | None = None):
    """``(start, end)`` ranges of *raw*, each ending at a paragraph break (else a line break, else
    anywhere) near *size* characters."""
    size = size or BLOCK_CHARS
    start, n = 0, len(raw)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = raw.rfind("\n\n", start + size // 2, end)
            if cut < 0:
                cut = raw.rfind("\n", start + size // 2, end)
            end = cut + 1 if cut >= 0 else end
        yield start, end
        start = end


def _page_date(lines: list[_Line]) -> str | None:
    for ln in lines[:40]:
        if ln.kind == "furniture":
            m = _PAGE_DATE.match(ln.text.strip())
            if m:
                y, mo, d = m.groups()
                return f"{int(y):04d}-{int(mo):02d}" + (f"-{int(d):02d}" if d else "")
    return None


def parse_text(raw: str, doc_id: str, path: str = "<text>", encoding: str = "utf-8") -> Document:
    """Clean decoded text *raw* into a :class:`Document`."""
    date = None
    dup = _DuplicateFilter()
    dropped = 0
    parts: list[str] = []
    length = 0
    out_offsets = array("q")
    headings: list[tuple[int, str, int]] = []  # (clean start, title, level)
    for b_start, b_end in _blocks(raw):
        lines = _merge_vertical(_split_lines(raw, b_start, b_end))
        if b_start == 0:
            date = _page_date(lines)
        for kind, chars, level in _paragraphs(lines):
            chars = _squeeze_spaces(_strip_inline_furniture(chars))
            if not chars:
                continue
            if dup.seen(chars):
                dropped += 1
                continue
            if parts:
                parts.append("\n")
                out_offsets.append(out_offsets[-1] + 1)
                length += 1
            para = "".join([c for c, _ in chars])
            if kind == "heading":
                headings.append((length, para, level))
            parts.append(para)
            out_offsets.extend([o for _, o in chars])
            length += len(para)

    text = "".join(parts)
    norm = matching_form(text)
    doc = Document(
        doc_id=doc_id, path=path, raw=raw, text=text, norm=norm,
        offsets=out_offsets, encoding=encoding, date=date,
        duplicates_dropped=dropped,
    )
    doc.articles = _articles(text, headings)
    doc.sentences = _sentences(doc)
    return doc


#: The longest piece of text the NLP stage reads at once (spaCy refuses 1,000,000 and more).
MAX_SEGMENT = 1500
_SAFE_CUTS = (re.compile(r"[。！？；!?;][”’」』）)\"']*"), re.compile(r"[，,、：:]"), re.compile(r"\s"))


def segments(text: str, max_len: int = MAX_SEGMENT) -> list[tuple[int, str]]:
    r"""``(offset, piece)`` for each non-blank line of *text*, a line longer than *max_len* cut at the
    last sentence end before the limit, else the last comma or colon, else whitespace, else at the limit.

    >>> segments("甲。乙丙。丁\n\n戊", max_len=4)
    [(0, '甲。'), (2, '乙丙。丁'), (8, '戊')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        while len(line) - start > max_len:
            window = line[start:start + max_len]
            cut = 0
            for pattern in _SAFE_CUTS:
                ends = [m.end() for m in pattern.finditer(window)]
                if ends and ends[-1] > max_len // 4:
                    cut = ends[-1]
                    break
            cut = cut or max_len
            if window[:cut].strip():
                out.append((pos + start, window[:cut]))
            start += cut
        if line[start:].strip():
            out.append((pos + start, line[start:]))
        pos += len(line) + 1
    return out


def _articles(text: str, headings: list[tuple[int, str, int]]) -> list[Article]:
    starts = [(0, "")] if not headings or headings[0][0] > 0 else []
    starts += [(s, t) for s, t, lvl in headings if lvl <= 2]
    if not starts:
        starts = [(0, "")]
    arts = []
    for k, (s, t) in enumerate(starts):
        e = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        arts.append(Article(k, t, s, e))
    return arts


def _sentences(doc: Document) -> list[Sentence]:
    out: list[Sentence] = []
    art_starts = [a.start for a in doc.articles]
    pos = 0
    for line in doc.text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        cut = 0
        bounds = [m.end() for m in _SENT_END.finditer(doc.norm[line_start:line_start + len(line)])]
        for end in bounds + [len(line)]:
            # a "sentence" longer than a segment (a page with no full stops) is read in safe pieces too,
            # so that the relation finders, which pair the mentions of a sentence, stay linear
            for off, piece in segments(line[cut:end]):
                s = line_start + cut + off
                art = bisect.bisect_right(art_starts, s) - 1 if art_starts else 0
                out.append(Sentence(len(out), s, s + len(piece), piece, max(art, 0)))
            cut = end
    return out
