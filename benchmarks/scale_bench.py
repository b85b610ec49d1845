"""How the build scales: 1k and 10k synthetic news articles (JSON Lines), local ``--jobs 2`` and Dask.

The articles are written here from templates — signings, carbon trades, posts and locations among a pool
of invented companies and officials that grows with the corpus, in real provinces and counties — so
resolution has real merging to do across documents. Each configuration runs in a fresh process; printed:
wall time, characters per second, the peak memory of the largest process, each stage's seconds
(``BuildReport.seconds``), and how much each stage grew from 1k to 10k articles (10× the input).

Run with ``make bench`` (``--sizes 1000`` for a quick look); not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_FIRMS = "青禾 松岭 江澜 北辰 远帆 瑞丰 金穗 华岳 云汐 泰和 恒川 明远 广益 长岚 丰源 卓越 安澜 博远 嘉禾 启明".split()
_TRADES = "能源 环保 碳汇 林业 电力 新材料 水务 交通 建设 数字科技".split()
_ENDINGS = ["有限公司", "集团有限公司", "股份有限公司", "集团"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "立新明强伟芳军平华建国磊洋静敏丽勇涛斌超杰"
_TITLES = ["董事长", "总经理", "党委书记", "副总经理"]
_PLACES = ["浙江省开化县", "江西省安福县", "福建省三明市", "四川省九寨沟县", "甘肃省天水市", "广西壮族自治区百色市",
           "湖南省浏阳市", "云南省普洱市", "贵州省毕节市", "内蒙古自治区阿尔山市"]


def _firm(rng: random.Random, pool: int) -> str:
    k = rng.randrange(pool)
    place = _PLACES[k % len(_PLACES)]
    city = place[place.index("省") + 1:] if "省" in place else place[place.index("区") + 1:]
    return city[:2] + _FIRMS[k % len(_FIRMS)] + _TRADES[(k // len(_FIRMS)) % len(_TRADES)] + _ENDINGS[k % len(_ENDINGS)]


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)


def article(rng: random.Random, i: int, pool: int) -> dict:
    a, b = _firm(rng, pool), _firm(rng, pool)
    place = rng.choice(_PLACES)
    return _signing(rng, f"n{i:05d}", i, a, b, place, lambda: f"{rng.choice(_TITLES)}{_person(rng)}、"
                                                              f"{rng.choice(_TITLES)}{_person(rng)}")


def _signing(rng: random.Random, doc_id: str, i: int, a: str, b: str, place: str, staff) -> dict:
    """One article: *a* and *b* sign, *a*'s people (``staff()``, a title chain and names) attend, *b* sells
    *a* forestry carbon sinks, the project lies in *place*."""
    tonnes, price = rng.randrange(1, 50) * 1000, rng.randrange(20, 90)
    text = (f"{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日,{a}与{b}签订碳汇合作框架协议。"
            f"{a}{staff()}出席签约仪式。"
            f"根据协议,{b}将{tonnes}吨林业碳汇以每吨{price}元的价格出售给{a}。"
            f"项目位于{place},由{place}人民政府统筹推进。")
    return {"id": doc_id, "title": f"{a}与{b}签约", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "url": f"https://news.example/{doc_id}", "source": "某某日报", "text": text}


class FixedPool:
    """A fixed world for any number of articles: 2,000 companies in all of China's counties, 3,000 officials
    each with a post in one of them — so memory should grow with these, not with the articles."""

    def __init__(self, seed: int = 11, companies: int = 2000, officials: int = 3000):
        from kg.regions import gazetteer

        rng = random.Random(seed)
        gaz = gazetteer()
        self.counties = sorted((r for r in gaz.by_code.values() if r.level == "县级" and r.parent in gaz.by_code),
                               key=lambda r: r.code)
        self.full = {r.code: gaz.by_code[r.parent].name + r.name for r in self.counties}
        names = set()
        self.companies = []
        while len(self.companies) < companies:
            county = rng.choice(self.counties)
            name = (county.name[:2] + rng.choice(_FIRMS) + rng.choice(_TRADES)
                    + _ENDINGS[len(self.companies) % len(_ENDINGS)])
            if name not in names:
                names.add(name)
                self.companies.append((name, county.code))
        self.staff: list[list[str]] = [[] for _ in range(companies)]  # company → its officials' title + name
        for _ in range(officials):
            self.staff[rng.randrange(companies)].append(rng.choice(_TITLES) + _person(rng))

    def article(self, rng: random.Random, i: int) -> dict:
        k, j = rng.sample(range(len(self.companies)), 2)
        place = self.full[rng.choice(self.counties).code]
        staff = self.staff[k]
        return _signing(rng, f"f{i:06d}", i, self.companies[k][0], self.companies[j][0], place,
                        lambda: rng.choice(staff) if staff else rng.choice(_TITLES) + _person(rng))


def real_length_articles(n: int, seed: int = 13) -> list[dict]:
    """*n* articles of real length: the seed pages and the realnews fit texts, each article one of them with
    its sentences in another order and its figures changed (the texts are read from ``../shared`` when it is
    beside the repository; the check split is never used)."""
    import re

    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    shared = ROOT.parent / "shared" / "realnews"
    if (shared / "splits.json").exists():
        fit = json.loads((shared / "splits.json").read_text(encoding="utf-8"))["fit"]
        texts += [(shared / "texts" / f"{d}.txt").read_text(encoding="utf-8") for d in sorted(fit)]
    rows = []
    for i in range(n):
        sentences = re.split(r"(?<=[。！？])", rng.choice(texts))
        head, body = sentences[:2], sentences[2:]
        rng.shuffle(body)
        text = re.sub(r"[0-9]+", lambda m: str(rng.randrange(1, 10 ** len(m.group(0)))), "".join(head + body))
        rows.append({"id": f"r{i:06d}", "title": "", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     "url": f"https://news.example/r/{i}", "source": "某某日报", "text": text})
    return rows


def write_corpus(path: Path, n: int, seed: int = 7, kind: str = "grow") -> int:
    """*n* articles as JSON Lines: ``grow`` (a pool of organisations that grows with the corpus), ``fixed``
    (:class:`FixedPool`) or ``real`` (:func:`real_length_articles`); returns their characters."""
    rng = random.Random(seed)
    if kind == "real":
        rows = real_length_articles(n)
    elif kind == "fixed":
        pool = FixedPool()
        rows = [pool.article(rng, i) for i in range(n)]
    else:
        pool = max(20, n // 4)  # the pool of organisations grows with the corpus
        rows = [article(rng, i, pool) for i in range(n)]
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return sum(len(r["text"]) + len(r["title"]) for r in rows)


def run_one(corpus: Path, mode: str, out: Path) -> dict:
    """One build in this process; prints its stage seconds as JSON."""
    from kg.builder import build

    t = time.perf_counter()
    report = build([corpus], out, html=False, cache=False, jobs=2,
                   dask="local" if mode == "dask" else None)
    wall = time.perf_counter() - t
    # the largest of this process and the workers it started (all ended by now); measured here, per run,
    # because the parent's figure for its children only ever grows
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"wall": wall, "documents": report.documents, "peak_kb": peak, **report.seconds,
            **{f"peak MB after {k}": v for k, v in report.peak_mb.items()}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--modes", nargs="+", default=["jobs2", "dask"])
    ap.add_argument("--corpus", choices=["grow", "fixed", "real"], default="grow",
                    help="grow: organisations grow with the corpus; fixed: 2,000 companies and 3,000 officials in "
                         "all counties; real: the seeds and realnews fit texts, varied")
    ap.add_argument("--run", nargs=3, metavar=("CORPUS", "MODE", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.run:
        print(json.dumps(run_one(Path(a.run[0]), a.run[1], Path(a.run[2]))))
        return 0
    results: dict[tuple[int, str], dict] = {}
    print(f"{'articles':>8} {'mode':6} {'wall s':>8} {'chars/s':>9} {'peak MB':>8}   stages (s)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.sizes:
            corpus = Path(tmp) / f"articles-{n}.jsonl"
            chars = write_corpus(corpus, n, kind=a.corpus)
            for mode in a.modes:
                run = subprocess.run([sys.executable, __file__, "--run", str(corpus), mode, f"{tmp}/out-{n}-{mode}"],
                                     capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
                r = json.loads(run.stdout.strip().splitlines()[-1])
                peak = r.pop("peak_kb") / 1024
                results[(n, mode)] = r
                stages = ", ".join(f"{k} {v:.1f}" for k, v in r.items() if k not in ("wall", "documents")
                                   and not k.startswith("peak"))
                stages += "; main process peak MB after " + ", ".join(
                    f"{k[len('peak MB after '):]} {v:,.0f}" for k, v in r.items() if k.startswith("peak MB"))
                print(f"{n:8,} {mode:6} {r['wall']:8.1f} {chars / r['wall']:9,.0f} {peak:8.0f}   {stages}", flush=True)
    if len(a.sizes) >= 2:
        lo, hi = a.sizes[0], a.sizes[-1]
        print(f"growth from {lo:,} to {hi:,} articles ({hi / lo:.0f}× the input):")
        for mode in a.modes:
            r0, r1 = results[(lo, mode)], results[(hi, mode)]
            parts = ", ".join(f"{k} {r1[k] / r0[k]:.1f}×" for k in r0 if k != "documents" and r0[k] > 0
                              and not k.startswith("peak"))
            print(f"  {mode:6} {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
