"""Article collections: ``.jsonl``, ``.json`` and ``.csv`` files holding many articles each.

An analyst's corpus usually comes exported from a news database, one article a row::

    {"id": "a1", "title": "…", "date": "2024-01-10", "url": "https://…", "publisher": "某某日报", "text": "…"}

:func:`read_articles` yields one :class:`ArticleRecord` per good row and one :class:`BadRow`
(file, line, reason) per bad one, so a bad row is reported and skipped while the rest builds.
Field names are configurable (``kg build --field text=body --field title=headline``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kg.errors import InputError

__all__ = ["COLLECTION_SUFFIXES", "FIELDS", "ArticleRecord", "ArticleAt", "BadRow", "read_articles", "parse_fields"]

#: Suffixes read as collections of articles (``.txt`` files are one document each).
COLLECTION_SUFFIXES = (".jsonl", ".json", ".csv")

#: The fields of an article and the column names looked for by default (first found wins).
FIELDS = {
    "id": ("id", "doc_id", "article_id"),
    "title": ("title", "headline"),
    "date": ("date", "published", "publish_date", "pubdate"),
    "url": ("url", "link", "source_url"),
    "publisher": ("publisher", "source", "media"),
    "text": ("text", "content", "body"),
}


@dataclass(frozen=True)
class ArticleRecord:
    """One article of a collection; ``line`` is where it starts in the file (1-based)."""

    path: str
    line: int
    id: str
    text: str
    title: str = ""
    date: str | None = None  # YYYY-MM-DD or YYYY-MM when the row's date parses
    url: str = ""
    publisher: str = ""
    lone_surrogates: int = 0  # "\ud800" escapes without their pair in the row, each now U+FFFD

    def record(self) -> "ArticleRecord":
        return self


@dataclass(frozen=True)
class BadRow:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def parse_fields(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["text=body"]`` → ``{"text": "body"}``; an unknown field is an :class:`InputError`."""
    out = {}
    for pair in pairs:
        key, sep, column = pair.partition("=")
        if not sep or key not in FIELDS or not column:
            raise InputError(f"--field {pair!r}: write FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}")
        out[key] = column
    return out


_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?")


def _date(value) -> str | None:
    m = _DATE.search(str(value or ""))
    if not m:
        return None
    y, mo, d = m.groups()
    return f"{int(y):04d}-{int(mo):02d}" + (f"-{int(d):02d}" if d else "")


def _record(path: str, line: int, row, fields: dict[str, str], n: int) -> ArticleRecord | BadRow:
    if not isinstance(row, dict):
        return BadRow(path, line, "not an object with named fields; each row must be one article")

    lone = 0

    def get(name: str) -> str:
        nonlocal lone
        names = (fields[name],) if name in fields else FIELDS[name]
        for key in names:
            if row.get(key) not in (None, ""):
                value = str(row[key])
                # a JSON "\ud800" escape without its pair is no character, and no UTF-8 can hold it
                found = len(_SURROGATE.findall(value))
                lone += found
                return _SURROGATE.sub("\ufffd", value) if found else value
        return ""

    text = get("text")
    if not text.strip():
        wanted = fields.get("text") or "/".join(FIELDS["text"])
        return BadRow(path, line, f"no text (field {wanted}); name the text column with --field text=COLUMN")
    ident = re.sub(r"[^\w.-]+", "_", get("id")).strip("_") or f"{Path(path).stem}-{n}"
    return ArticleRecord(path, line, ident, text, get("title"), _date(get("date")), get("url"), get("publisher"),
                         lone)


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_articles(path: str | Path, fields: dict[str, str] | None = None,
                  lazy: bool = False) -> Iterator[ArticleRecord | ArticleAt | BadRow]:
    """The articles of a collection file, in file order; a bad row becomes a :class:`BadRow`.

    A JSON Lines file is read a row at a time; with *lazy*, each good row of one is an :class:`ArticleAt`
    (where it is) instead of its text, so that a corpus of many articles waits for its build on disk.
    """
    p = Path(path)
    fields = fields or {}
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl(p, fields, lazy)
        return
    try:
        data = p.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot be read as UTF-8 ({exc}); collections must be UTF-8") from exc
    if suffix == ".json":
        try:
            doc = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}: not JSON ({exc.msg} at line {exc.lineno}); give a list of articles") from exc
        rows = doc.get("articles", doc.get("data")) if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise InputError(f"{p}: holds no list of articles; give [{{…}}, …] or {{\"articles\": [...]}}")
        for i, row in enumerate(rows, 1):
            yield _record(str(p), i, row, fields, i)
    elif suffix == ".csv":
        reader = csv.DictReader(io.StringIO(data, newline=""))
        n = 0
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield BadRow(str(p), line, f"not CSV ({exc})")
                return
            n += 1
            if None in row:  # more cells than the header names
                yield BadRow(str(p), line, f"{len(row[None])} cell(s) more than the header has")
                continue
            yield _record(str(p), line, row, fields, n)
    else:
        raise InputError(f"{p}: not a collection ({', '.join(COLLECTION_SUFFIXES)})")


def _jsonl(p: Path, fields: dict[str, str], lazy: bool) -> Iterator[ArticleRecord | ArticleAt | BadRow]:
    """A JSON Lines file's rows, read one at a time (a file that is not UTF-8 from its first row on is an
    :class:`InputError`; a later row that is not is a bad row)."""
    name = str(p)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror}); check the path and its permissions") from exc
    with fh:
        n, offset = 0, 0
        for i, raw in enumerate(fh, 1):
            at, offset = offset, offset + len(raw)
            try:
                line = raw.decode("utf-8-sig" if i == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                if n == 0:
                    raise InputError(f"{p}: cannot be read as UTF-8 ({exc}); collections must be UTF-8") from exc
                yield BadRow(name, i, f"not UTF-8 (byte {exc.start + 1} of the row); collections must be UTF-8")
                continue
            if not line.strip():
                continue
            n += 1
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadRow(name, i, f"not JSON ({exc.msg}, column {exc.colno})")
                continue
            rec = _record(name, i, row, fields, n)
            if lazy and isinstance(rec, ArticleRecord):
                yield ArticleAt(name, i, at, rec.id, tuple(sorted(fields.items())))
            else:
                yield rec


@dataclass(frozen=True)
class ArticleAt:
    """Where a good row of a JSON Lines collection is (its byte *offset*): :meth:`record` reads it again
    when the article is extracted, so a build holds no article's text while it waits."""

    path: str
    line: int
    offset: int
    id: str
    fields: tuple[tuple[str, str], ...] = ()

    def record(self) -> ArticleRecord:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                raw = fh.readline()
            rec = _record(self.path, self.line, json.loads(raw.decode("utf-8-sig" if self.offset == 0 else "utf-8")),
                          dict(self.fields), 0)
        except (OSError, ValueError) as exc:
            raise InputError(f"{self.path}:{self.line}: cannot be read again ({exc}); "
                             "was the file changed during the build?") from exc
        if not isinstance(rec, ArticleRecord):
            raise InputError(f"{self.path}:{self.line}: changed during the build ({rec.reason})")
        return dataclasses.replace(rec, id=self.id)
