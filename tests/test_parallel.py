"""How ``--jobs N`` shares the work: workers forked from a build that loaded the pipeline, and the
reader that prepares documents meanwhile (:mod:`kg.parallel`)."""

import os
import subprocess
import sys
import time

import pytest

from kg.extraction import read_task as _document
from kg.ingest import segments
from kg.nlp.words import forget_features, remember_features, token_features
from kg.parallel import _Reader

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the reader is forked")

NEWS = [
    "## 合作\n\n3月5日，江西省赣州市人民政府与青禾能源集团有限公司签署战略合作协议。\n",
    "市长李明出席签约仪式。南昌碧水环保科技有限公司与赣州市生态环境局达成碳排放权交易。\n",
    "",  # empty: the reader leaves it, the worker reports it
    "湖南省长沙市岳麓区新能源产业园项目开工，项目总投资12亿元。\n",
]


def _tasks(tmp_path):
    tasks = []
    for i, text in enumerate(NEWS):
        path = tmp_path / f"n{i}.txt"
        path.write_text(text, encoding="utf-8")
        tasks.append((path, path.stem, None))
    return tasks


def _finished(reader: _Reader) -> None:
    deadline = time.monotonic() + 60
    while os.waitpid(reader._pid, os.WNOHANG) == (0, 0):  # it ends by itself after the last task
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_the_reader_prepares_every_task_but_the_first_as_the_workers_would(tmp_path):
    tasks = _tasks(tmp_path)
    reader = _Reader(tasks)
    _finished(reader)
    documents, features = reader.stop()
    assert sorted(documents) == [1, 3]  # the first is the build's own; the empty file is left to its worker
    for i in documents:
        assert documents[i] == _document(*tasks[i])
        for _, line in segments(documents[i].text):
            assert features[line] == token_features(line)
    assert not any(line in features for _, line in segments(_document(*tasks[0]).text))


def test_a_reader_stopped_at_once_gives_back_only_whole_documents(tmp_path):
    tasks = _tasks(tmp_path) * 50
    reader = _Reader(tasks)
    documents, features = reader.stop()
    assert len(documents) < len(tasks) - 1  # it had no time for all of them
    for i, doc in documents.items():
        assert doc == _document(*tasks[i])
        assert all(line in features for _, line in segments(doc.text))


def test_remembered_token_features_are_given_once_then_worked_out_again():
    line = "青禾集团与赣州市签约"
    real = token_features(line)
    fake = (["S1"] * len(line), list(line), [""] * len(line), [(i, i + 1) for i in range(len(line))])
    remember_features({line: fake})
    try:
        assert token_features(line, soft_words=False) != fake  # remembered for the soft-word tokenizer only
        assert token_features(line) == fake
        assert token_features(line) == real
        remember_features({line: fake})
    finally:
        forget_features()
    assert token_features(line) == real


def test_a_forked_build_reports_a_bad_file_and_writes_what_one_process_writes(tmp_path):
    tasks = _tasks(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path, _, _ in tasks:
        path.rename(corpus / path.name)
    (corpus / "x.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)  # no text in it
    out = {}
    for jobs in ("1", "2"):
        res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / jobs),
                              "--jobs", jobs, "--no-cache", "--no-html"], capture_output=True, text=True)
        assert res.returncode == 1, res.stderr  # files were skipped
        out[jobs] = res.stdout
        assert res.stdout.count("n2.txt") == 1 and res.stdout.count("x.txt") == 1, res.stdout
        assert "documents   3 read" in res.stdout
    assert out["1"].replace(str(tmp_path / "1"), "OUT") == out["2"].replace(str(tmp_path / "2"), "OUT")
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_the_reader_prepares_articles_of_a_collection_with_their_provenance(tmp_path):
    import json

    from kg.builder import BuildReport, _tasks

    rows = [{"id": f"a{i}", "title": "签约", "date": "2025-03-0%d" % (i + 1), "url": f"https://news.example/{i}",
             "source": "示例日报", "text": text} for i, text in enumerate(t for t in NEWS if t)]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    tasks = _tasks([path], None, BuildReport())
    reader = _Reader(tasks)
    _finished(reader)
    documents, _ = reader.stop()
    assert sorted(documents) == [1, 2]
    for i in documents:
        assert documents[i] == _document(*tasks[i])
        assert documents[i].url == f"https://news.example/{i}" and documents[i].date == f"2025-03-0{i + 1}"
