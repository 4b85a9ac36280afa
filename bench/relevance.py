"""Known-item relevance of wenyuan's search against the whoosh + jieba recipe.

Run from the repository root::

    python -m bench.relevance [--data PATH] [--speed N]

Every CSL paper becomes an article page whose body is its abstract ONLY (title
and keywords withheld). Query (a) is the paper's first two keywords joined by a
space, (b) its title; the right answer is the paper itself. Printed: MRR@10,
Recall@10 and the number of queries with no result, for wenyuan and, in the
same run, for whoosh + jieba.analyse.ChineseAnalyzer with Whoosh's default
(AND) parser and with an OR parser (OrGroup.factory(0.9)). The table is also
written to bench/out/relevance.json.

``--speed N`` also indexes N abstracts (the corpus repeated, each copy rotated
so no two documents are identical) and reports documents per second.
"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import tempfile
import time
from pathlib import Path

from archive.record import Record
from indexer.whoosh.index import SearchIndex
from indexer.documents import article_document

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "csl-dev.tsv"
OUT = Path(__file__).resolve().parent / "out" / "relevance.json"
K = 10


def load(path: Path) -> list[dict]:
    """The CSL rows, with the file's JSON-style escaped quotes (\\") unescaped."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{k: v.replace('\\"', '"') for k, v in r.items()} for r in rows]


def queries(rows: list[dict]) -> dict[str, list[tuple[str, str]]]:
    kw2 = [(r["id"], " ".join([k for k in r["keywords"].split(";") if k.strip()][:2]))
           for r in rows]
    return {"kw2": [(i, q) for i, q in kw2 if q.strip()],
            "title": [(r["id"], r["title"]) for r in rows]}


def evaluate(run, qs: list[tuple[str, str]]) -> dict:
    """run(query) -> ranked ids; known-item MRR@K, Recall@K, zero-result count."""
    rr = found = zero = 0
    t0 = time.perf_counter()
    for want, q in qs:
        ids = run(q)
        if not ids:
            zero += 1
        top = ids[:K]
        if want in top:
            found += 1
            rr += 1.0 / (top.index(want) + 1)
    n = len(qs)
    return {"mrr@10": round(rr / n, 4), "recall@10": round(found / n, 4), "zero": zero,
            "queries": n, "ms_per_query": round((time.perf_counter() - t0) * 1000 / n, 2)}


def wenyuan_system(rows: list[dict], workdir: Path):
    ix = SearchIndex.create(workdir / "wenyuan")
    t0 = time.perf_counter()
    ix.add_documents((article_document(r["id"], Record(body=r["abstract"])) for r in rows),
                     batch_size=len(rows))
    rate = len(rows) / (time.perf_counter() - t0)

    def run(q: str) -> list[str]:
        return [h["id"] for h in ix.search(q, per_page=K)["hits"]]
    return run, rate


def recipe_system(rows: list[dict], workdir: Path, or_group: bool):
    from jieba.analyse import ChineseAnalyzer
    from whoosh import fields, index, qparser

    schema = fields.Schema(id=fields.ID(stored=True),
                           body=fields.TEXT(analyzer=ChineseAnalyzer()))
    path = workdir / ("recipe-or" if or_group else "recipe-and")
    path.mkdir()
    ix = index.create_in(str(path), schema)
    w = ix.writer()
    for r in rows:
        w.add_document(id=r["id"], body=r["abstract"])
    w.commit()
    group = qparser.OrGroup.factory(0.9) if or_group else qparser.AndGroup
    parser = qparser.QueryParser("body", schema, group=group)
    searcher = ix.searcher()

    def run(q: str) -> list[str]:
        return [h["id"] for h in searcher.search(parser.parse(q), limit=K)]
    return run


def speed(rows: list[dict], n: int, workdir: Path) -> dict:
    """Documents per second for n abstracts written through SearchIndex in batches."""
    def docs():
        for i in range(n):
            r = rows[i % len(rows)]
            shift = (i // len(rows)) * 37
            text = r["abstract"][shift:] + r["abstract"][:shift]
            yield article_document(f"{r['id']}-{i}", Record(body=text))
    chars = sum(len(rows[i % len(rows)]["abstract"]) for i in range(n))
    ix = SearchIndex.create(workdir / "speed")
    t0 = time.perf_counter()
    ix.add_documents(docs(), batch_size=1000)
    batched = time.perf_counter() - t0
    t0 = time.perf_counter()
    ix.rebuild(docs())
    rebuilt = time.perf_counter() - t0
    return {"docs": n, "avg_chars": round(chars / n),
            "docs_per_s_batches_of_1000": round(n / batched, 1),
            "docs_per_s_rebuild": round(n / rebuilt, 1)}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--speed", type=int, default=0, metavar="N",
                    help="also measure indexing speed on N abstracts")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    rows = load(args.data)
    qs = queries(rows)
    report: dict = {"corpus": str(args.data), "docs": len(rows), "systems": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wen, rate = wenyuan_system(rows, work)
        report["index_docs_per_s"] = round(rate, 1)
        systems = {"wenyuan": wen,
                   "whoosh+jieba AND": recipe_system(rows, work, or_group=False),
                   "whoosh+jieba OR(0.9)": recipe_system(rows, work, or_group=True)}
        for name, run in systems.items():
            report["systems"][name] = {kind: evaluate(run, q) for kind, q in qs.items()}
        if args.speed:
            report["speed"] = speed(rows, args.speed, work)

    print(f"known-item search, {len(rows)} CSL abstracts (title and keywords withheld)")
    print(f"{'system':<22} {'kw2 MRR@10':>10} {'R@10':>6} {'zero':>5}   "
          f"{'title MRR@10':>12} {'R@10':>6} {'zero':>5}   {'ms/q':>6}")
    for name, res in report["systems"].items():
        a, b = res["kw2"], res["title"]
        print(f"{name:<22} {a['mrr@10']:>10.3f} {a['recall@10']:>6.3f} {a['zero']:>5}   "
              f"{b['mrr@10']:>12.3f} {b['recall@10']:>6.3f} {b['zero']:>5}   "
              f"{(a['ms_per_query'] + b['ms_per_query']) / 2:>6.1f}")
    print(f"wenyuan indexing (1 batch of {len(rows)}): {report['index_docs_per_s']} docs/s")
    if "speed" in report:
        print("indexing speed:", json.dumps(report["speed"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
