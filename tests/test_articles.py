"""Article collections (.jsonl, .json, .csv) through the real kg build: each good row is a document with
its title, date, address and publisher in the provenance; each bad row is reported with file and line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.articles import BadRow, parse_fields, read_articles
from kg.errors import InputError
from kg.query import load, query

SIGNED = "3月18日,浙江青禾能源有限公司与开化县人民政府签署战略合作协议。"
BOUGHT = "湖州绿源环保科技有限公司从安吉县人民政府认购竹林碳汇500吨。"
DOC_Q = """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?id ?date ?url ?publisher WHERE { ?d a <https://w3id.org/zhkg/ontology#Document> ; dcterms:identifier ?id .
OPTIONAL { ?d dcterms:date ?date } OPTIONAL { ?d prov:wasDerivedFrom ?url } OPTIONAL { ?d dcterms:publisher ?publisher } }
ORDER BY ?id"""


def _build(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "kg.cli", "build", *map(str, args), "--out", str(tmp_path / "out"),
                           "--no-html"], capture_output=True, text=True, timeout=600)


def test_a_jsonl_feed_builds_with_provenance_and_bad_rows_reported(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        json.dumps({"id": "a1", "title": "签约", "date": "2025-03-20", "url": "https://news.example.org/1",
                    "publisher": "某某日报", "text": SIGNED}, ensure_ascii=False),
        '{"id": "a2", "text": ',  # broken JSON
        json.dumps({"id": "a3", "title": "无正文"}, ensure_ascii=False),
        json.dumps({"id": "a4", "date": "2025/04/02", "url": "https://news.example.org/4", "text": BOUGHT},
                   ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    res = _build(tmp_path, feed)
    assert res.returncode == 1  # bad rows were skipped
    assert f"skipped     {feed}:2: not JSON" in res.stdout and f"skipped     {feed}:3: no text" in res.stdout
    assert res.stdout.startswith("documents   2 read, 0 reused, 2 skipped")
    g = load(tmp_path / "out")
    rows = query(g, DOC_Q)
    assert [(r["id"], r["date"], r["url"], r["publisher"]) for r in rows] == [
        ("a1", "2025-03-20", "https://news.example.org/1", "某某日报"),
        ("a4", "2025-04-02", "https://news.example.org/4", None)]
    [agreement] = query(g, "agreements")
    assert agreement["date"] == "2025-03-18"  # 3月18日, anchored by the article's date
    assert query(g, "carbon-trades")


def test_a_csv_with_its_own_column_names_and_a_ragged_row(tmp_path):
    table = tmp_path / "export.csv"
    table.write_text("编号,headline,pubdate,body\nc1,签约,2025-05-01,\"" + SIGNED + "\"\n"
                     "c2,坏行,2025-05-02,正文,多出来的一格\n", encoding="utf-8")
    res = _build(tmp_path, table, "--field", "id=编号", "--field", "text=body")
    assert res.returncode == 1 and f"{table}:3: 1 cell(s) more than the header has" in res.stdout
    rows = query(load(tmp_path / "out"), DOC_Q)
    assert [(r["id"], r["date"]) for r in rows] == [("c1", "2025-05-01")]


def test_a_json_list_and_a_folder_of_collections(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "list.json").write_text(json.dumps([{"text": SIGNED}, {"text": BOUGHT}], ensure_ascii=False),
                                      encoding="utf-8")
    (folder / "page.txt").write_text(SIGNED, encoding="utf-8")
    res = _build(tmp_path, folder)
    assert res.returncode == 0, res.stdout + res.stderr
    ids = [r["id"] for r in query(load(tmp_path / "out"), DOC_Q)]
    assert ids == ["list-1", "list-2", "page"]


def test_reader_errors_and_field_names():
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_fields(["body"])
    assert parse_fields(["text=body"]) == {"text": "body"}


def test_rows_that_are_not_objects_are_bad_rows(tmp_path):
    f = tmp_path / "x.json"
    f.write_text('[1, {"text": "正文"}]', encoding="utf-8")
    first, second = list(read_articles(f))
    assert isinstance(first, BadRow) and first.line == 1 and second.text == "正文"


def test_a_jsonl_feed_waits_on_disk_and_a_row_of_bad_bytes_is_a_bad_row(tmp_path):
    """Read lazily, each good row is where it is (ArticleAt), read again when extracted; a row that is not
    UTF-8 after good ones is one bad row, while a file that is not UTF-8 from its first row is refused."""
    from kg.articles import ArticleAt, ArticleRecord

    f = tmp_path / "feed.jsonl"
    rows = [json.dumps({"id": f"a{i}", "title": "签约", "text": SIGNED, "source": "某某日报"}, ensure_ascii=False)
            for i in range(3)]
    f.write_bytes(b"\xef\xbb\xbf" + rows[0].encode() + b"\r\n" + '{"text": "坏'.encode("gbk") + b'"}\n'
                  + rows[1].encode() + b"\n\n" + rows[2].encode() + b"\n")
    eager = list(read_articles(f))
    lazy = list(read_articles(f, lazy=True))
    assert [type(r) for r in eager] == [ArticleRecord, BadRow, ArticleRecord, ArticleRecord]
    assert eager[1].line == 2 and "not UTF-8" in eager[1].reason
    assert [type(r) for r in lazy] == [ArticleAt, BadRow, ArticleAt, ArticleAt]
    assert [r.record() for r in lazy if isinstance(r, ArticleAt)] == [r for r in eager if isinstance(r, ArticleRecord)]
    assert [r.line for r in lazy] == [1, 2, 3, 5]
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes('{"text": "青禾集团签约"}\n'.encode("gbk"))
    with pytest.raises(InputError, match="cannot be read as UTF-8"):
        list(read_articles(gbk))


def test_a_lone_surrogate_escape_in_a_row_is_replaced_and_reported(tmp_path):
    # "\ud800" without its pair is valid JSON but no character: no UTF-8 can hold it, and the segmenter
    # refused the whole row; it becomes U+FFFD, the rest of the row is read, and the repair is reported
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "s1", "text": "' + SIGNED[:7] + '\\ud800' + SIGNED[7:] + '"}\n', encoding="utf-8")
    res = _build(tmp_path, feed)
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"repaired    {feed}:1: 1 lone surrogate escape" in res.stdout
    [agreement] = query(load(tmp_path / "out"), "agreements")
    assert "开化县人民政府" in agreement["parties"]
