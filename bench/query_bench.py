"""Warm query latency of wenyuan's search against the whoosh + jieba recipe, same pages.

Run from the repository root::

    python -m bench.query_bench [--pages N] [--queries Q] [--seed S]

N generated pages (``bench.corpus``) are parsed with ``archive.page.parse_page`` and
indexed with indexer.documents documents (articles and their snippets) through
``SearchIndex.rebuild``; the recipe indexes BeautifulSoup ``get_text()`` of the same
pages with ``jieba.analyse.ChineseAnalyzer``. Both indexes are cached in
bench/out/query-N/ (wenyuan's is rebuilt when its version stamp no longer matches), so
re-runs only search. Query classes, Q queries each, drawn from the CSL papers:

- ``keyword``: 1–3 keywords of a paper, space-separated;
- ``phrase``: a quoted 1–4 character substring of an abstract;
- ``field``: ``title:``/``来源:``/``关键词:`` + a word (the recipe gets the bare word);
- ``filtered``: a keyword query with ``--kind article``, ``--source NAME`` or
  ``sort=citations`` (the recipe gets the bare query).

Every query is run once to warm caches (those first runs are reported too), then
timed: wenyuan's ``SearchIndex.search`` (the whole result, with highlights and facets)
and the recipe's parse + search + top-10 ids, with its default (AND) parser and with
``OrGroup.factory(0.9)``. Printed: p50/p95 in ms and each wenyuan figure's ratio to
the recipe's. Written to bench/out/query.json.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import statistics
import time
from pathlib import Path

from archive.errors import IndexStateError
from bench.corpus_text import load_papers
from bench.index_bench import final_documents, page_text, parsed_pages, recipe_schema
from indexer.text import fold, words
from indexer.whoosh.index import SearchIndex

OUT = Path(__file__).resolve().parent / "out"
K = 10


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


def build(n: int, cache: Path) -> dict:
    """Open or build both indexes for n pages; returns build timings (0 when cached)."""
    timings = {"parse_s": 0.0, "wenyuan_build_s": 0.0, "recipe_build_s": 0.0}
    wen_root, rec_root = cache / "wenyuan", cache / "recipe"
    need_wen = True
    if wen_root.exists():
        try:
            SearchIndex.open(wen_root).close()
            need_wen = False
        except IndexStateError:
            shutil.rmtree(wen_root)
    need_rec = not (rec_root / "DONE").exists()
    if not (need_wen or need_rec):
        return timings
    t0 = time.perf_counter()
    pages = parsed_pages(n)
    timings["parse_s"] = round(time.perf_counter() - t0, 1)
    if need_wen:
        docs = final_documents(pages)
        t0 = time.perf_counter()
        ix = SearchIndex.create(wen_root)
        ix.rebuild(iter(docs))
        ix.close()
        timings["wenyuan_build_s"] = round(time.perf_counter() - t0, 1)
        timings["wenyuan_docs"] = len(docs)
        print(f"built wenyuan's index of {len(docs)} documents in {timings['wenyuan_build_s']}s", flush=True)
    if need_rec:
        from whoosh import index

        shutil.rmtree(rec_root, ignore_errors=True)
        rec_root.mkdir(parents=True)
        t0 = time.perf_counter()
        ix = index.create_in(str(rec_root), recipe_schema())
        w = ix.writer(limitmb=256)
        for k, (_, _, data) in enumerate(pages):
            w.add_document(id=f"p{k}", content=page_text(data))
        w.commit()
        ix.close()
        (rec_root / "DONE").write_text("ok")
        timings["recipe_build_s"] = round(time.perf_counter() - t0, 1)
        print(f"built the recipe's index of {len(pages)} pages in {timings['recipe_build_s']}s", flush=True)
    return timings


def make_queries(q: int, seed: int) -> dict[str, list[tuple[str, dict, str]]]:
    """(wenyuan query, search options, recipe query) per class."""
    papers = load_papers()
    rng = random.Random(seed)
    out: dict[str, list[tuple[str, dict, str]]] = {"keyword": [], "phrase": [], "field": [], "filtered": []}
    for i in range(q):
        p = rng.choice([p for p in papers[:200] if p.keywords])
        kws = " ".join(p.keywords[:1 + i % 3])
        out["keyword"].append((kws, {}, kws))

        text = rng.choice(papers).abstract
        length = 1 + i % 4
        start = rng.randrange(max(1, len(text) - length))
        sub = text[start:start + length].strip() or text[:length]
        out["phrase"].append((f'"{sub}"', {}, f'"{sub}"'))

        kind = i % 3
        if kind == 0:
            title_words = [w for w, _, _ in words(fold(p.title))] or [p.title[:2]]
            word = rng.choice(title_words)
            out["field"].append((f"title:{word}", {}, word))
        elif kind == 1:
            source = f"{p.discipline}研究" if i % 2 else f"{p.discipline}学报"
            out["field"].append((f"来源:{source}", {}, source))
        else:
            kw = rng.choice(p.keywords)
            out["field"].append((f"关键词:{kw}", {}, kw))

        kw = p.keywords[0]
        opts = [{"kind": "article"}, {"source": f"{p.discipline}研究"}, {"sort": "citations"}][i % 3]
        out["filtered"].append((kw, opts, kw))
    return out


def time_all(run, items) -> tuple[list[float], list[float]]:
    """(first-run times, warm times) in ms: each query's first run (the OS cache is
    warm, the searcher's own caches hold only what earlier queries left), then all
    again."""
    first, times = [], []
    for item in items:
        t0 = time.perf_counter()
        run(item)  # warm: postings, stored fields, caches
        first.append((time.perf_counter() - t0) * 1000)
    for item in items:
        t0 = time.perf_counter()
        run(item)
        times.append((time.perf_counter() - t0) * 1000)
    return first, times


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=150, help="queries per class")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from whoosh import index, qparser

    logging.getLogger("jieba").setLevel(logging.WARNING)  # the recipe's dictionary-loading chatter
    cache = OUT / f"query-{args.pages}"
    cache.mkdir(parents=True, exist_ok=True)
    timings = build(args.pages, cache)
    queries = make_queries(args.queries, args.seed)

    wen = SearchIndex.open(cache / "wenyuan")
    rix = index.open_dir(str(cache / "recipe"))
    rsearcher = rix.searcher()
    parsers = {"AND": qparser.QueryParser("content", rix.schema),
               "OR": qparser.QueryParser("content", rix.schema, group=qparser.OrGroup.factory(0.9))}

    def run_wen(item):
        q, opts, _ = item
        return wen.search(q, per_page=K, **opts)["total"]

    def recipe_runner(parser):
        def run(item):
            hits = rsearcher.search(parser.parse(item[2]), limit=K)
            return [h["id"] for h in hits]
        return run

    report: dict = {"pages": args.pages, "queries_per_class": args.queries, "build": timings,
                    "wenyuan_docs": wen.count(), "classes": {}}
    for name, items in queries.items():
        row = {}
        for system, run in (("wenyuan", run_wen), ("recipe_and", recipe_runner(parsers["AND"])),
                            ("recipe_or", recipe_runner(parsers["OR"]))):
            first, ts = time_all(run, items)
            row[system] = {"p50_ms": round(statistics.median(ts), 2), "p95_ms": round(percentile(ts, 95), 2),
                           "max_ms": round(max(ts), 1), "first_run_p50_ms": round(statistics.median(first), 2),
                           "first_run_p95_ms": round(percentile(first, 95), 2)}
        row["examples"] = [it[0] + (" " + json.dumps(it[1], ensure_ascii=False) if it[1] else "")
                           for it in items[:3]]
        report["classes"][name] = row
    wen.close()
    rsearcher.close()

    print(f"warm query latency, {args.pages} pages ({report['wenyuan_docs']} wenyuan documents), "
          f"{args.queries} queries per class; ratio = recipe OR p95 / wenyuan p95")
    print(f"{'class':<10} {'wenyuan p50':>11} {'p95':>7}   {'recipe AND p50':>14} {'p95':>7}   "
          f"{'recipe OR p50':>13} {'p95':>7}   {'p50 ratio':>9} {'p95 ratio':>9}")
    for name, row in report["classes"].items():
        w, a, o = row["wenyuan"], row["recipe_and"], row["recipe_or"]
        row["or_over_wenyuan_p50"] = round(o["p50_ms"] / w["p50_ms"], 2)
        row["or_over_wenyuan_p95"] = round(o["p95_ms"] / w["p95_ms"], 2)
        print(f"{name:<10} {w['p50_ms']:>11.1f} {w['p95_ms']:>7.1f}   {a['p50_ms']:>14.1f} {a['p95_ms']:>7.1f}   "
              f"{o['p50_ms']:>13.1f} {o['p95_ms']:>7.1f}   {row['or_over_wenyuan_p50']:>8.2f}x "
              f"{row['or_over_wenyuan_p95']:>8.2f}x")
    print("first run of each query (searcher caches cold but for earlier queries; OS cache warm), p50 / p95 ms:")
    for name, row in report["classes"].items():
        w, o = row["wenyuan"], row["recipe_or"]
        print(f"  {name:<10} wenyuan {w['first_run_p50_ms']:.1f} / {w['first_run_p95_ms']:.1f}   "
              f"recipe OR {o['first_run_p50_ms']:.1f} / {o['first_run_p95_ms']:.1f}")
    if any(timings.values()):
        print("build:", json.dumps(timings))
    (OUT / "query.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
