"""How import and search grow with the archive: 100k, 300k, 1M pages on one machine.

    python -m bench.scale_bench --pages 100000,300000,1000000 [--queries 150] [--work DIR]
                                [--serve] [--recipe]

For each size N, the generated corpus (bench.corpus) is written once to WORK/corpus-N and
imported once with the real command (``wenyuan import``, as bench.import_bench runs it:
pages/s and the peak summed PSS of all its processes); both are kept in WORK (default
bench/out/scale) and reused by later runs, so a re-run only searches.

Searches run in a fresh process per size and reading path, bench.query_bench's query
classes (keyword, phrase, field, filtered; Q each): every query once (first run: the
process's caches cold, the OS cache as the previous process left it), then all again
(warm). Two reading paths over the same index, in the same run:

- ``arrays``: what wenyuan does, the segments' postings arrays (indexer.whoosh.arrays);
- ``blocks``: Whoosh's posting blocks, decoded and cached (USE_ARRAYS off), the
  baseline this benchmark measures the arrays against.

The process's resident set (VmHWM, its peak) is reported beside each path's latencies.
With ``--serve``, ``wenyuan serve`` on each archive answers 8 clients for 20 s
(bench.serve_bench). With ``--recipe``, the jieba + Whoosh recipe indexes the smallest
size (bench.import_bench's baseline) and answers the same queries with its OR parser.

Printed: a table per size, and the growth of each class's p95 from the smallest to the
largest size beside the growth in pages (≤ 1 means no worse than linear). Written to
bench/out/scale.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PATHS = ("arrays", "blocks")


def _rss_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def query_child(home: Path, path: str, queries: int, recipe: Path | None) -> dict:
    """Run in a fresh process: every query class's first-run and warm latencies."""
    from bench.query_bench import make_queries, percentile
    import indexer.whoosh.evaluate as ev
    from indexer.whoosh.index import SearchIndex

    ev.USE_ARRAYS = path == "arrays"
    qs = make_queries(queries, 11)
    out: dict = {"classes": {}}
    if path == "recipe":
        from whoosh import index, qparser

        rix = index.open_dir(str(recipe))
        searcher = rix.searcher()
        parser = qparser.QueryParser("content", rix.schema, group=qparser.OrGroup.factory(0.9))

        def run(item):
            return [h["path"] for h in searcher.search(parser.parse(item[2]), limit=10)]
    else:
        ix = SearchIndex.open(home / "index")
        out["documents"] = ix.count()

        def run(item):
            return ix.search(item[0], per_page=10, **item[1])["total"]
    for name, items in qs.items():
        first, warm = [], []
        for item in items:
            t0 = time.perf_counter()
            run(item)
            first.append((time.perf_counter() - t0) * 1000)
        for item in items:
            t0 = time.perf_counter()
            run(item)
            warm.append((time.perf_counter() - t0) * 1000)
        out["classes"][name] = {"p50": statistics.median(warm), "p95": percentile(warm, 95),
                                "first_p50": statistics.median(first), "first_p95": percentile(first, 95)}
    out["peak_rss_mb"] = _rss_mb("VmHWM")
    out["rss_mb"] = _rss_mb("VmRSS")
    # Of the resident set, what the process owns, and the index's mapped pages (the OS
    # page cache's, shared, dropped first under pressure).
    out["anon_mb"], out["file_mb"] = _rss_mb("RssAnon"), _rss_mb("RssFile")
    return out


def _index_mb(home: Path) -> tuple[float, float, int]:
    """(index MB, of which postings arrays MB, segments) of the live generation."""
    root = home / "index"
    gen = root / (root / "CURRENT").read_text().strip()
    files = [f for f in gen.iterdir() if f.is_file()]
    total = sum(f.stat().st_size for f in files)
    arrays = sum(f.stat().st_size for f in files if f.suffix == ".wya")
    segments = len({f.name.split(".", 1)[0] for f in files if f.suffix == ".trm"})
    return total / 2**20, arrays / 2**20, segments


def prepare_size(n: int, work: Path) -> dict:
    """The corpus and the imported archive of size n (made once, then reused)."""
    from bench.corpus import write_corpus
    from bench.import_bench import run_wenyuan

    corpus, home = work / f"corpus-{n}", work / f"home-{n}"
    done = home / "scale-import.json"
    if done.exists():
        return json.loads(done.read_text())
    written = work / f"corpus-{n}.done"
    if not written.exists():
        print(f"writing {n} pages to {corpus} …", file=sys.stderr, flush=True)
        write_corpus(corpus, n)
        written.write_text("ok")
    print(f"importing {n} pages into {home} …", file=sys.stderr, flush=True)
    run = run_wenyuan(corpus, home, None)
    info = {"pages": n, "import_s": round(run["seconds"], 1), "pages_per_s": round(n / run["seconds"], 1),
            "import_pss_mb": round(run["peak_total_pss_mb"]), "import_peak_rss_mb": round(run["peak_rss_mb"]),
            "stages": run["summary"].get("stages")}
    done.write_text(json.dumps(info))
    return info


def _child(home: Path, path: str, queries: int, recipe: Path | None = None) -> dict:
    cmd = [sys.executable, "-m", "bench.scale_bench", "--child", str(home), "--path", path,
           "--queries", str(queries)] + (["--recipe-index", str(recipe)] if recipe else [])
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"bench: the {path} search process failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _serve(home: Path) -> dict:
    from bench.serve_bench import percentile, run_clients, start_server, typical_queries
    import httpx

    queries = typical_queries()
    proc, base = start_server(home, 1)
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            for params in queries:
                c.get("/api/search", params=params)
        latencies, errors, elapsed = run_clients(base, queries, 8, 20.0)
        with open(f"/proc/{proc.pid}/status") as f:
            hwm = next((int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:")), 0.0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    return {"requests_per_s": round(len(ms) / elapsed, 1), "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "errors": len(errors), "server_peak_rss_mb": round(hwm)}


def main(argv: list[str] | None = None) -> dict | None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", default="100000,300000", help="sizes, comma-separated")
    ap.add_argument("--queries", type=int, default=150, help="queries per class")
    ap.add_argument("--work", type=Path, default=OUT / "scale", help="where corpora and archives are kept")
    ap.add_argument("--serve", action="store_true", help="also load `wenyuan serve` with 8 clients")
    ap.add_argument("--recipe", action="store_true", help="also the jieba recipe at the smallest size")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--path", default="arrays", help=argparse.SUPPRESS)
    ap.add_argument("--recipe-index", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(query_child(args.child, args.path, args.queries, args.recipe_index)))
        return None

    sizes = sorted(int(s.replace("_", "")) for s in args.pages.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    report: dict = {"queries_per_class": args.queries, "cores": os.cpu_count(), "sizes": {}}
    for n in sizes:
        row = prepare_size(n, args.work)
        home = args.work / f"home-{n}"
        row["index_mb"], row["arrays_mb"], row["segments"] = (round(x, 1) for x in _index_mb(home))
        for path in PATHS:
            row[path] = _child(home, path, args.queries)
        if args.recipe and n == sizes[0]:
            from bench.import_bench import run_baseline

            where = args.work / f"recipe-{n}"
            if not (where / "DONE").exists():
                print(f"indexing {n} pages with the recipe …", file=sys.stderr, flush=True)
                row["recipe_build"] = run_baseline(args.work / f"corpus-{n}", where)
                (where / "DONE").write_text("ok")
            row["recipe"] = _child(home, "recipe", args.queries, where)
        if args.serve:
            row["serve"] = _serve(home)
        report["sizes"][n] = row
        _print_size(row)
    if len(sizes) > 1:
        small, large = report["sizes"][sizes[0]], report["sizes"][sizes[-1]]
        pages_growth = sizes[-1] / sizes[0]
        print(f"growth {sizes[0]} → {sizes[-1]} pages ({pages_growth:.1f}x): p95 growth / pages growth "
              f"(≤ 1: no worse than linear)")
        report["growth"] = {}
        for name in small["arrays"]["classes"]:
            g = {p: round(large[p]["classes"][name]["p95"] / small[p]["classes"][name]["p95"] / pages_growth, 2)
                 for p in PATHS}
            report["growth"][name] = g
            print(f"  {name:<9} arrays {g['arrays']:.2f}   blocks {g['blocks']:.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "scale.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


def _print_size(row: dict) -> None:
    print(f"\n{row['pages']} pages: import {row['pages_per_s']} pages/s ({row['import_s']} s), summed PSS "
          f"{row['import_pss_mb']} MB; index {row['index_mb']} MB in {row['segments']} segments "
          f"({row['arrays_mb']} MB of it postings arrays); {row['arrays'].get('documents')} documents")
    print(f"  {'class':<9} {'path':<7} {'p50':>7} {'p95':>7} {'first p50':>10} {'first p95':>10}   "
          f"peak RSS MB (at the end: own / mapped index)")
    for name in row["arrays"]["classes"]:
        for path in PATHS + ("recipe",):
            if path not in row:
                continue
            c = row[path]["classes"][name]
            print(f"  {name:<9} {path:<7} {c['p50']:7.1f} {c['p95']:7.1f} {c['first_p50']:10.1f} "
                  f"{c['first_p95']:10.1f}   {row[path]['peak_rss_mb']:.0f} "
                  f"({row[path].get('anon_mb', 0):.0f} / {row[path].get('file_mb', 0):.0f})")
    if "arrays" in row and "blocks" in row:
        ratios = "  ".join(
            f"{name} {row['blocks']['classes'][name]['p95'] / row['arrays']['classes'][name]['p95']:.1f}x"
            for name in row["arrays"]["classes"])
        print(f"  blocks p95 / arrays p95: {ratios}")
    if "serve" in row:
        s = row["serve"]
        print(f"  serve, 8 clients: {s['requests_per_s']} requests/s, p95 {s['p95_ms']} ms, {s['errors']} errors, "
              f"server peak RSS {s['server_peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
